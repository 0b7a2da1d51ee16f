"""The Telegram bot in-process: PTB's real Application, its handlers built from the command table, and
updates built by hand, with the Bot API double answering through an offline request layer (no HTTP).

The real `nashra bot` process (polling, the inbox watcher, webhook mode) is driven in test_bot_process.py.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine, Iterator
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from telegram import Update

from bot.ingest.passes import ingest_paths
from bot.services import Services
from bot.settings import load_settings
from bot.telegram.app import build_application
from storage.engine import open_database
from storage.models import AdminAction, Delivery, DeliveryState, Source, Subscription
from tests.doubles import OfflineRequest, TelegramDouble

ROOT = Path(__file__).resolve().parent.parent
ADMIN = 7
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


class BotHarness:
    """One Application on its own event loop; `say` delivers an update and returns what the bot sent back."""

    def __init__(self, engine: Engine, folder: Path) -> None:
        self.telegram = TelegramDouble(retry_after=1)
        settings = load_settings(
            database_url="sqlite://",
            telegram_token="123456:TEST-TOKEN",
            admin_ids=(ADMIN,),
            inbox=folder / "inbox",
            bot_ingests=False,
            processes=1,
        )
        self.services = Services(engine, settings, now=lambda: NOW)
        self.loop = asyncio.new_event_loop()
        self.app = build_application(
            self.services, request=OfflineRequest(self.telegram), get_updates_request=OfflineRequest(self.telegram)
        )
        self.run(self.app.initialize())
        self.run(self.app.start())

    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        return self.loop.run_until_complete(coroutine)

    def deliver(self, update: dict[str, Any]) -> None:
        self.run(self.app.process_update(Update.de_json(update, self.app.bot)))

    def say(self, chat_id: int, text: str, *, language: str = "ar", user_id: int | None = None) -> list[str]:
        before = len(self.texts(chat_id))
        self.deliver(self.telegram.text_update(chat_id, text, language=language, user_id=user_id))
        return self.texts(chat_id)[before:]

    def texts(self, chat_id: int) -> list[str]:
        return [c.params["text"] for c in self.telegram.sent(chat_id)]

    def close(self) -> None:
        self.run(self.app.stop())
        self.run(self.app.shutdown())
        self.loop.close()


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("store")
    engine = open_database(f"sqlite:///{folder / 'nashra.db'}")
    ingest_paths(engine, [str(ROOT / "digest" / "samples")], now=NOW)
    return engine


@pytest.fixture
def bot(sample_store: Engine, tmp_path: Path) -> Iterator[BotHarness]:
    harness = BotHarness(sample_store, tmp_path)
    yield harness
    harness.close()


def test_command_menu_in_arabic_and_english_from_the_table(bot: BotHarness):
    from bot.commands import COMMANDS

    bot.run(bot.app.post_init(bot.app))  # type: ignore[misc]
    calls = bot.telegram.sent(method="setMyCommands")
    menus = {c.params.get("language_code"): json.loads(c.params["commands"]) for c in calls}
    assert set(menus) == {"ar", "en", None}
    public = [c.name for c in COMMANDS if not c.admin and c.name != "start"]
    assert [c["command"] for c in menus["ar"]] == public == [c["command"] for c in menus["en"]]
    assert menus["ar"][0]["description"] == "النشرة الآن" and menus["en"][0]["description"] == "The digest now"


def test_start_in_arabic_and_english_with_buttons(bot: BotHarness):
    (arabic,) = bot.say(201, "/start")
    assert "نشرة" in arabic and "/subscribe" in arabic and "/addsource" not in arabic
    assert "callback_data" in bot.telegram.sent(201)[-1].params["reply_markup"]
    (english,) = bot.say(202, "/start", language="en-GB")
    assert "daily digest" in english.lower() and "النشرة" not in english
    (admin_help,) = bot.say(ADMIN, "/help")
    assert "/addsource" in admin_help  # admins see their commands too


def test_digest_button_and_command(bot: BotHarness):
    bot.deliver(bot.telegram.button_update(203, "digest"))
    (text,) = bot.texts(203)
    assert "معرض الرياض" in text and "<b>" in text and "3 مصادر" in text
    assert bot.telegram.sent(method="answerCallbackQuery")
    assert text.count("جديد") >= 3  # every story is new to this chat
    (again,) = bot.say(203, "/digest")
    assert "معرض الرياض" in again and "جديد" not in again  # nothing new since: no story marked


def test_a_plain_message_naming_an_entity_gets_its_card(bot: BotHarness):
    (card,) = bot.say(204, "الهلال")
    assert "الهلال" in card and "النصر" in card


def test_an_admin_merges_two_spellings_and_about_finds_both(bot: BotHarness):
    assert "الزعيم الأزرق" in bot.say(ADMIN, "/alias الهلال = الزعيم الأزرق")[0]
    (card,) = bot.say(205, "/about الزعيم الأزرق")
    assert "الهلال" in card and "الزعيم الأزرق" in card  # the card lists the other spelling


def test_a_non_admin_is_refused_politely_and_nothing_changes(bot: BotHarness, sample_store: Engine):
    (refusal,) = bot.say(100, "/addsource /tmp")
    assert "مشرفي" in refusal
    with Session(sample_store) as session:
        assert session.exec(select(Source)).all() == []
        refused = session.exec(select(AdminAction).where(AdminAction.user_id == 100)).all()
    assert [(a.command, a.allowed) for a in refused] == [("addsource", False)]


def test_an_admin_adds_lists_runs_and_removes_a_source(bot: BotHarness, tmp_path: Path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "a.json").write_text(
        '{"title": "افتتاح مهرجان التمور في بريدة", "source": "واس", "text": "افتتح أمير المنطقة مهرجان التمور '
        'في بريدة بمشاركة مئات المزارعين من مختلف مناطق المملكة وسط إقبال كبير من الزوار والتجار."}',
        encoding="utf-8",
    )
    (added,) = bot.say(ADMIN, f"/addsource {folder} تمور")
    source_id = added.split("#")[1].split(":")[0]
    assert "تمور" in bot.say(ADMIN, "/sources")[0]
    started, done = bot.say(ADMIN, "/ingest")  # answered at once, then with the result
    assert "بدأ" in started and "خبر جديد واحد" in done
    assert "حُذف" in bot.say(ADMIN, f"/removesource {source_id}")[0]


def test_subscribing_schedules_the_chat_and_its_job_delivers_once(bot: BotHarness, sample_store: Engine):
    """No wall clock: the chat's job is found at its time in its zone, then run; a 429 is waited out once."""
    bot.say(206, "/timezone Asia/Riyadh")  # not subscribed yet: told so, nothing created
    with Session(sample_store) as session:
        assert session.exec(select(Subscription).where(Subscription.chat_id == 206)).first() is None
    assert "08:30" in bot.say(206, "/subscribe 08:30")[0]
    assert "Asia/Riyadh" in bot.say(206, "/timezone Asia/Riyadh")[0]
    (job,) = bot.app.job_queue.get_jobs_by_name("digest:206")  # type: ignore[union-attr]
    assert job.next_t is not None and job.next_t.astimezone(job.next_t.tzinfo).time() == time(8, 30)
    bot.telegram.too_many[206] = 1
    before = len(bot.texts(206))
    bot.run(job.run(bot.app))
    bot.run(job.run(bot.app))  # run again the same day: already sent, nothing doubled
    digest = bot.texts(206)[before:]
    assert len(digest) == 1 and "معرض الرياض" in digest[0]
    assert len(bot.telegram.sent(206, "sendMessage:429")) == 1
    with Session(sample_store) as session:
        assert session.exec(select(Delivery).where(Delivery.chat_id == 206)).one().state is DeliveryState.SENT


def test_a_chat_that_blocked_the_bot_is_unsubscribed(bot: BotHarness, sample_store: Engine):
    bot.say(211, "/subscribe 09:00")
    bot.telegram.blocked.add(211)
    (job,) = bot.app.job_queue.get_jobs_by_name("digest:211")  # type: ignore[union-attr]
    bot.run(job.run(bot.app))
    with Session(sample_store) as session:
        assert session.exec(select(Subscription).where(Subscription.chat_id == 211)).one().active is False
        assert session.exec(select(Delivery).where(Delivery.chat_id == 211)).one().state is DeliveryState.FAILED


def test_bad_input_is_answered_in_the_users_language(bot: BotHarness):
    assert "الوقت غير صحيح: 25:99" in bot.say(207, "/subscribe 25:99")[0]
    assert "Asia/Riyadh" in bot.say(207, "/timezone Mars/Olympus")[0]
    assert "/search" in bot.say(207, "/search")[0]
    assert "الهلال" in bot.say(207, "/search الهلال")[0]
    assert "لا نعرف الأمر /nonsense" in bot.say(207, "/nonsense")[0]
    assert "Unknown command /nonsense" in bot.say(212, "/nonsense", language="en")[0]
    assert "no subscription" in bot.say(212, "/settime 07:00", language="en")[0]


def test_trend_sends_a_png_chart(bot: BotHarness):
    bot.say(208, "/trend الهلال")
    (photo,) = bot.telegram.sent(208, "sendPhoto")
    assert photo.params["photo"].startswith("<") and int(photo.params["photo"].strip("<> bytes")) > 5000
    assert "الهلال" in photo.params["caption"]
