"""Daily delivery over real HTTP to the Bot API double: once per chat and day, 429 waited out, 403 ends it."""

from __future__ import annotations

import asyncio
import html
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select
from telegram.ext import AIORateLimiter, ExtBot

from bot import views
from bot.answers.chats import Caller, active_subscriptions, subscribe
from bot.ingest.passes import ingest_paths
from bot.services import Services
from bot.settings import load_settings
from bot.telegram.delivery import deliver
from bot.telegram.split import TELEGRAM_LIMIT, split_message, visible_length
from storage.engine import open_database
from storage.models import Delivery, DeliveryState, Subscription
from tests.doubles import TelegramDouble

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path: Path):
    engine = open_database(f"sqlite:///{tmp_path / 'n.db'}")
    ingest_paths(engine, [str(ROOT / "digest" / "samples")])
    settings = load_settings(database_url=f"sqlite:///{tmp_path / 'n.db'}")
    for chat in (1, 2, 3):
        subscribe(engine, settings, Caller(chat_id=chat), "08:00")
    return engine


async def _deliver_all(telegram: TelegramDouble, engine, now: datetime) -> list[str]:
    bot = ExtBot("123:T", base_url=telegram.api_url, rate_limiter=AIORateLimiter(max_retries=3))
    async with bot:
        return [await deliver(bot, engine, sub, now) for sub in active_subscriptions(engine)]


def test_each_chat_gets_its_digest_once_even_when_run_twice(store):
    now = datetime(2026, 11, 23, 8, tzinfo=UTC)
    with TelegramDouble() as telegram:
        first = asyncio.run(_deliver_all(telegram, store, now))
        again = asyncio.run(_deliver_all(telegram, store, now))
        assert first == ["sent"] * 3 and again == ["already sent"] * 3
        assert sorted(int(c.params["chat_id"]) for c in telegram.sent()) == [1, 2, 3]
    with Session(store) as session:
        assert {d.state for d in session.exec(select(Delivery))} == {DeliveryState.SENT}


def test_429_is_waited_out_and_nothing_is_lost_or_doubled(store):
    now = datetime(2026, 11, 23, 8, tzinfo=UTC)
    with TelegramDouble(retry_after=1) as telegram:
        telegram.too_many[2] = 2
        assert asyncio.run(_deliver_all(telegram, store, now)) == ["sent"] * 3
        assert len(telegram.sent(2, "sendMessage:429")) == 2
        assert len(telegram.sent(2)) == 1  # delivered once after the waits
        waits = [c.at for c in telegram.calls if c.params.get("chat_id") == "2"]
        assert waits[-1] - waits[0] >= 2 * telegram.retry_after  # retry_after honoured


def test_403_ends_the_subscription_and_the_others_still_get_theirs(store):
    now = datetime(2026, 11, 23, 8, tzinfo=UTC)
    with TelegramDouble() as telegram:
        telegram.blocked.add(3)
        assert asyncio.run(_deliver_all(telegram, store, now)) == ["sent", "sent", "blocked"]
    with Session(store) as session:
        assert session.exec(select(Subscription).where(Subscription.chat_id == 3)).one().active is False
        failed = session.exec(select(Delivery).where(Delivery.chat_id == 3)).one()
        assert failed.state is DeliveryState.FAILED and "blocked" in failed.error
    assert [s["chat_id"] for s in active_subscriptions(store)] == [1, 2]


def render_digest(report: dict, language: str) -> list[str]:
    return split_message(views.digest_blocks({"generated_at": "2026-11-23T08:00:00+00:00", **report}, language))


def test_a_day_with_nothing_new_gets_a_short_note(tmp_path: Path):
    report = {"stories": [], "followed": []}
    (message,) = render_digest(report, "ar")
    assert "لا جديد" in message and "الاثنين 23 نوفمبر 2026" in message
    (english,) = render_digest(report, "en")
    assert "Nothing new" in english and "Monday 23 November 2026" in english


def test_rendering_escapes_article_text_and_splits_under_the_limit():
    story = {
        "title": "عنوان <script>alert(1)</script> & «اقتباس»",
        "summary": ["جملة فيها <b>وسم</b> و & رمز. " * 30] * 3,
        "articles": [{"source": "واس", "url": "https://example.org/a?x=1&y=2"}, {"source": "ملف", "url": "file:///a"}],
    }
    messages = render_digest({"stories": [story] * 12, "followed": []}, "ar")
    assert len(messages) > 1
    for message in messages:
        assert visible_length(message) <= TELEGRAM_LIMIT
        assert "<script>" not in message and "&lt;script&gt;" in message
    assert 'href="https://example.org/a?x=1&amp;y=2"' in messages[0]
    assert "file:///a" not in "".join(messages)  # no links to local files
    joined = html.unescape("".join(messages))
    assert joined.count("عنوان <script>") == 12  # no story lost in the split


def test_limit_counts_utf16_units_of_the_parsed_text():
    assert visible_length("<b>أ</b>&amp;") == 2
    assert visible_length("😀") == 2  # outside the BMP: two UTF-16 units
    parts = split_message(["😀" * 3000])
    assert all(visible_length(p) <= TELEGRAM_LIMIT for p in parts) and "".join(parts).count("😀") == 3000


@pytest.mark.parametrize(
    ("hour", "already_sent", "catch_up"),
    [(9, False, True), (15, False, False), (9, True, False), (7, False, False)],
    ids=["missed-an-hour-ago", "missed-too-long-ago", "sent-before-the-restart", "not-yet-due"],
)
def test_schedule_is_rebuilt_at_start_with_missed_digests_caught_up(store, hour, already_sent, catch_up):
    from bot.telegram.app import build_application
    from bot.telegram.delivery import _claim, _progress, schedule_all

    settings = load_settings(telegram_token="1:T", telegram_api_url="http://127.0.0.1:9/bot")
    application = build_application(Services(store, settings))
    now = datetime(2026, 11, 23, hour, tzinfo=UTC)
    if already_sent:
        for chat in (1, 2, 3):
            delivery_id, _ = _claim(store, chat, now.date())
            _progress(store, delivery_id, parts=1, state=DeliveryState.SENT)
    assert schedule_all(application, store, now) == 3
    names = sorted(job.name for job in application.job_queue.jobs())
    daily = ["digest:1", "digest:2", "digest:3"]
    assert names == sorted(daily + (["catch-up:1", "catch-up:2", "catch-up:3"] if catch_up else []))
    schedule_all(application, store, now)  # a second rebuild never doubles a chat's daily job
    assert (
        sorted(j.name for j in application.job_queue.jobs() if j.name.startswith("digest:") and not j.removed) == daily
    )


def test_followed_names_point_to_the_stories_above(store):
    from bot.answers.chat_digest import chat_digest
    from bot.answers.chats import follow

    follow(store, Caller(chat_id=1), "جدة")
    report = chat_digest(store, 1)
    (section,) = report["followed"]
    numbers = [n for n, s in enumerate(report["stories"], start=1) if "جدة" in s["title"]]
    assert section["name"] == "جدة" and section["above"] == numbers and section["stories"] == []
    messages = split_message(views.digest_blocks(report, "ar"))
    assert "ما تتابعه: جدة" in "".join(messages) and f"انظر الخبر {numbers[0]} أعلاه" in "".join(messages)
    assert chat_digest(store, 2)["followed"] == []  # another chat follows nothing
