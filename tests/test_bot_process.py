"""The real `nashra bot` process over real HTTP, to keep the wiring honest: long polling with its
command menu and inbox watcher, and webhook mode. What the commands answer is tested in-process
(test_bot.py)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.ingest.passes import ingest_paths
from storage.engine import open_database
from storage.models import Article
from tests.conftest import ROOT, real_process_env
from tests.doubles import TelegramDouble


def _texts(telegram: TelegramDouble, chat_id: int) -> list[str]:
    return [c.params["text"] for c in telegram.sent(chat_id)]


@pytest.fixture(scope="module")
def polling_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TelegramDouble, str, Path]]:
    folder = tmp_path_factory.mktemp("bot")
    url = f"sqlite:///{folder / 'nashra.db'}"
    ingest_paths(open_database(url), [str(ROOT / "digest" / "samples")])
    with TelegramDouble() as telegram:
        env = {
            **real_process_env(),
            "NASHRA_DATABASE_URL": url,
            "NASHRA_TELEGRAM_TOKEN": "123456:TEST-TOKEN",
            "NASHRA_TELEGRAM_API_URL": telegram.api_url,
            "NASHRA_INBOX": str(folder / "inbox"),
            "NASHRA_PROCESSES": "1",
        }
        log = (folder / "bot.log").open("w")
        process = subprocess.Popen([sys.executable, "-m", "bot", "bot"], env=env, cwd=folder, stderr=log, stdout=log)
        try:
            telegram.wait_for(lambda: telegram.sent(method="deleteWebhook"), 120)
            yield telegram, url, folder
        finally:
            process.terminate()
            process.wait(timeout=30)
            log.close()


def test_the_process_registers_its_menu_and_answers_by_polling(polling_bot):
    telegram, _, _ = polling_bot
    languages = {c.params.get("language_code") for c in telegram.sent(method="setMyCommands")}
    assert {"ar", "en", None} <= languages
    telegram.send_text(201, "/start")
    assert "/subscribe" in telegram.wait_for(lambda: _texts(telegram, 201), 60)[0]


def test_the_inbox_watcher_stores_a_file_that_about_then_finds_by_another_spelling(polling_bot):
    telegram, url, folder = polling_bot
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
            article = session.exec(select(Article).where(Article.source_name == "تاس")).first()
            return article is not None and article.indexed  # stored, then its names and words indexed

    telegram.wait_for(stored, 90)  # taken from the inbox by the bot's watcher once it stopped changing
    telegram.send_text(209, "/about شويجو")
    card = telegram.wait_for(lambda: _texts(telegram, 209), 60)[0]
    assert "شويغو" in card and "الجبهة" in card
    assert "شويجو" in card  # the spelling asked for is listed among the aliases


def test_webhook_mode(tmp_path: Path):
    """With NASHRA_WEBHOOK_URL the bot registers its webhook and answers updates posted to it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with TelegramDouble() as telegram:
        env = {
            **real_process_env(),
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
            update = telegram.text_update(301, "/help", language="en")
            request = urllib.request.Request(
                env["NASHRA_WEBHOOK_URL"],
                data=json.dumps(update).encode(),
                method="POST",
                headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "s3cret"},
            )
            assert telegram.wait_for(lambda: _post(request), 30) == 200  # once the server listens
            assert "daily digest" in telegram.wait_for(lambda: _texts(telegram, 301), 30)[0].lower()
            assert not telegram.sent(method="getUpdates")  # no polling in webhook mode
        finally:
            process.terminate()
            process.wait(timeout=30)


def _post(request: urllib.request.Request) -> int | None:
    try:
        return urllib.request.urlopen(request, timeout=10).status
    except urllib.error.URLError:
        return None  # not listening yet
