"""The real `nashra bot` process driven through the Bot API double, as readers and admins use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from storage.engine import open_database
from storage.models import AdminAction, Article, Delivery, DeliveryState, Source, Subscription
from tests.telegram_double import TelegramDouble

ROOT = Path(__file__).resolve().parent.parent
ADMIN = 7
READER = 100


@pytest.fixture(scope="module")
def running_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TelegramDouble, str, Path]]:
    """One bot process for the module, on a store holding the bundled sample articles."""
    folder = tmp_path_factory.mktemp("bot")
    url = f"sqlite:///{folder / 'nashra.db'}"
    with TelegramDouble() as telegram:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("NASHRA_")},
            "NASHRA_DATABASE_URL": url,
            "NASHRA_TELEGRAM_TOKEN": "123456:TEST-TOKEN",
            "NASHRA_TELEGRAM_API_URL": telegram.api_url,
            "NASHRA_ADMIN_IDS": str(ADMIN),
            "NASHRA_INBOX": str(folder / "inbox"),
        }
        samples = ROOT / "digest" / "samples"
        subprocess.run(
            [sys.executable, "-m", "bot", "ingest", "--once", str(samples)],
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
        log = (folder / "bot.log").open("w")
        process = subprocess.Popen([sys.executable, "-m", "bot", "bot"], env=env, cwd=folder, stderr=log, stdout=log)
        try:
            telegram.wait_for(lambda: telegram.sent(method="deleteWebhook"), 120)
            yield telegram, url, folder
        finally:
            process.terminate()
            process.wait(timeout=30)
            log.close()


def _texts(telegram: TelegramDouble, chat_id: int) -> list[str]:
    return [c.params["text"] for c in telegram.sent(chat_id)]


def _await_reply(telegram: TelegramDouble, chat_id: int, count_before: int, timeout: float = 60) -> str:
    texts = telegram.wait_for(lambda: (t := _texts(telegram, chat_id)) and len(t) > count_before and t, timeout)
    return texts[-1]


def test_command_menu_is_registered_in_arabic_and_english(running_bot):
    telegram, _, _ = running_bot
    languages = {c.params.get("language_code") for c in telegram.sent(method="setMyCommands")}
    assert {"ar", "en", None} <= languages


def test_start_in_arabic_and_english_with_buttons(running_bot):
    telegram, _, _ = running_bot
    telegram.send_text(201, "/start")
    arabic = _await_reply(telegram, 201, 0)
    assert "نشرة" in arabic and "/subscribe" in arabic
    assert "callback_data" in telegram.sent(201)[-1].params["reply_markup"]
    telegram.send_text(202, "/start", language="en-GB")
    assert "daily digest" in _await_reply(telegram, 202, 0)


def test_digest_button_and_command(running_bot):
    telegram, _, _ = running_bot
    telegram.press_button(203, "digest")
    text = _await_reply(telegram, 203, 0)
    assert "معرض الرياض" in text and "<b>" in text
    assert telegram.wait_for(lambda: telegram.sent(method="answerCallbackQuery"))


def test_plain_message_naming_an_entity_gets_its_card(running_bot):
    telegram, _, _ = running_bot
    telegram.send_text(204, "الهلال")
    card = _await_reply(telegram, 204, 0)
    assert "الهلال" in card and "النصر" in card


def test_about_with_a_spelling_merged_by_an_admin(running_bot):
    telegram, _, _ = running_bot
    telegram.send_text(ADMIN, "/alias الهلال = الزعيم الأزرق")
    assert "الزعيم الأزرق" in _await_reply(telegram, ADMIN, len(_texts(telegram, ADMIN)))
    telegram.send_text(205, "/about الزعيم الأزرق")
    card = _await_reply(telegram, 205, 0)
    assert "الهلال" in card and "الزعيم الأزرق" in card  # the card lists the other spelling


def test_non_admin_is_refused_politely_and_nothing_changes(running_bot):
    telegram, url, _ = running_bot
    telegram.send_text(READER, "/addsource /tmp")
    assert (
        "للمشرفين" in _await_reply(telegram, READER, len(_texts(telegram, READER)))
        or "مشرفي" in _texts(telegram, READER)[-1]
    )
    engine = open_database(url)
    with Session(engine) as session:
        assert session.exec(select(Source)).all() == []
        refused = session.exec(select(AdminAction).where(AdminAction.user_id == READER)).all()
    assert [(a.command, a.allowed) for a in refused] == [("addsource", False)]


def test_admin_adds_lists_and_runs_sources(running_bot, tmp_path: Path):
    telegram, url, _ = running_bot
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "a.json").write_text(
        '{"title": "افتتاح مهرجان التمور في بريدة", "source": "واس", "text": "افتتح أمير المنطقة مهرجان التمور '
        'في بريدة بمشاركة مئات المزارعين من مختلف مناطق المملكة وسط إقبال كبير من الزوار والتجار."}',
        encoding="utf-8",
    )
    before = len(_texts(telegram, ADMIN))
    telegram.send_text(ADMIN, f"/addsource {folder} تمور")
    assert "#" in _await_reply(telegram, ADMIN, before)
    telegram.send_text(ADMIN, "/sources")
    assert "تمور" in _await_reply(telegram, ADMIN, before + 1)
    telegram.send_text(ADMIN, "/ingest")
    telegram.wait_for(lambda: len(_texts(telegram, ADMIN)) >= before + 4, 120)
    started, done = _texts(telegram, ADMIN)[before + 2 : before + 4]
    assert "بدأ" in started and "1 خبراً جديداً" in done
    with Session(open_database(url)) as session:
        actions = [a.command for a in session.exec(select(AdminAction).where(AdminAction.user_id == ADMIN))]
    assert {"addsource", "sources", "ingest"} <= set(actions)


def test_subscribe_a_minute_ahead_and_the_digest_arrives_then(running_bot):
    """Three readers subscribe for the next minute; one's first send gets a 429, one has blocked the bot."""
    telegram, url, _ = running_bot
    now = datetime.now(UTC)
    at = (now + timedelta(minutes=2 if now.second > 45 else 1)).strftime("%H:%M")
    for chat in (206, 210, 211):
        telegram.send_text(chat, f"/subscribe {at}")
        assert at in _await_reply(telegram, chat, 0)
    telegram.too_many[210] = 1
    telegram.blocked.add(211)
    telegram.wait_for(lambda: len(_texts(telegram, 206)) >= 2 and len(_texts(telegram, 210)) >= 2, 200)
    digest = _texts(telegram, 206)[1]
    assert "نشرة" in digest and "معرض الرياض" in digest
    assert len(telegram.sent(210, "sendMessage:429")) == 1 and _texts(telegram, 210)[1] == digest  # waited, sent once
    engine = open_database(url)

    def blocked_recorded() -> bool:
        with Session(engine) as session:
            row = session.exec(select(Delivery).where(Delivery.chat_id == 211)).first()
            return row is not None and row.state is DeliveryState.FAILED

    telegram.wait_for(blocked_recorded, 60)
    with Session(engine) as session:
        states = {d.chat_id: d.state for d in session.exec(select(Delivery))}
        assert states[206] is DeliveryState.SENT and states[210] is DeliveryState.SENT
        subs = {s.chat_id: s for s in session.exec(select(Subscription))}
        assert subs[206].digest_time == at and subs[206].active
        assert subs[211].active is False  # 403: the reader blocked the bot
    assert len(_texts(telegram, 206)) == 2 and len(_texts(telegram, 210)) == 2  # nothing sent twice


def test_bad_input_is_answered_not_crashed(running_bot):
    telegram, _, _ = running_bot
    telegram.send_text(207, "/settime 25:99")
    assert "HH:MM" in _await_reply(telegram, 207, 0)
    telegram.send_text(207, "/timezone Mars/Olympus")
    assert "Asia/Riyadh" in _await_reply(telegram, 207, 1)
    telegram.send_text(207, "/search")
    assert "/search" in _await_reply(telegram, 207, 2)
    telegram.send_text(207, "/search الهلال")
    assert "الهلال" in _await_reply(telegram, 207, 3)


def test_trend_sends_a_png_chart(running_bot):
    telegram, _, _ = running_bot
    telegram.send_text(208, "/trend الهلال")
    (photo,) = telegram.wait_for(lambda: telegram.sent(208, "sendPhoto"), 60)
    assert photo.params["photo"].startswith("<") and "bytes" in photo.params["photo"]
    assert int(photo.params["photo"].strip("<> bytes")) > 5000
    assert "الهلال" in photo.params["caption"]


def test_about_finds_a_name_written_with_another_g_letter(running_bot):
    telegram, url, folder = running_bot
    (folder / "inbox").mkdir(exist_ok=True)
    text = (
        "زار وزير الدفاع الروسي سيرغي شويغو الجبهة الجنوبية اليوم، والتقى قادة الوحدات العسكرية هناك، "
        "وبحث معهم سير العمليات وخطط الإمداد للأسابيع المقبلة."
    )
    article = {"title": "وزير الدفاع الروسي يزور الجبهة", "source": "تاس", "text": text}
    (folder / "inbox" / "shoigu.json").write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
    engine = open_database(url)

    def stored() -> bool:
        with Session(engine) as session:
            return session.exec(select(Article).where(Article.source_name == "تاس")).first() is not None

    telegram.wait_for(stored, 90)  # taken from the inbox by the bot's watcher
    telegram.send_text(209, "/about شويجو")
    card = _await_reply(telegram, 209, 0)
    assert "شويغو" in card and "الجبهة" in card
    assert "شويجو" in card  # the spelling asked for is listed among the aliases


def test_webhook_mode(tmp_path: Path):
    """With NASHRA_WEBHOOK_URL the bot registers its webhook and answers updates posted to it."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with TelegramDouble() as telegram:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("NASHRA_")},
            "NASHRA_DATABASE_URL": f"sqlite:///{tmp_path / 'n.db'}",
            "NASHRA_TELEGRAM_TOKEN": "123456:TEST-TOKEN",
            "NASHRA_TELEGRAM_API_URL": telegram.api_url,
            "NASHRA_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/hook",
            "NASHRA_WEBHOOK_LISTEN": "127.0.0.1",
            "NASHRA_WEBHOOK_PORT": str(port),
            "NASHRA_WEBHOOK_SECRET": "s3cret",
            "NASHRA_INBOX": str(tmp_path / "inbox"),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "bot"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            (hook,) = telegram.wait_for(lambda: telegram.sent(method="setWebhook"), 120)
            assert hook.params["url"] == env["NASHRA_WEBHOOK_URL"] and hook.params["secret_token"] == "s3cret"
            update = {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": 301, "type": "private"},
                    "text": "/help",
                    "from": {"id": 301, "is_bot": False, "first_name": "x", "language_code": "en"},
                    "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
                },
            }
            request = urllib.request.Request(
                env["NASHRA_WEBHOOK_URL"],
                data=json.dumps(update).encode(),
                method="POST",
                headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "s3cret"},
            )
            assert urllib.request.urlopen(request, timeout=10).status == 200
            assert "daily digest" in telegram.wait_for(lambda: _texts(telegram, 301), 30)[0]
            assert not telegram.sent(method="getUpdates")  # no polling in webhook mode
        finally:
            process.terminate()
            process.wait(timeout=30)
