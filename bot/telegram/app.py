"""The Telegram Application, built in one place; `nashra bot` runs it.

At start (`post_init`) the command menu is registered in Arabic and English, every
subscribed chat's daily job is rebuilt from the database, and the ingestion
scheduler starts in background threads (its NLP never blocks the event loop).
"""

from __future__ import annotations

import asyncio
import html
import logging
from datetime import UTC
from urllib.parse import urlsplit

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine
from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.passes import fetch_settings
from bot.schedule import IngestScheduler
from bot.settings import Settings
from bot.telegram import handlers
from bot.telegram.delivery import schedule_all

log = logging.getLogger(__name__)

COMMANDS = {
    "ar": [
        ("digest", "النشرة الآن"),
        ("subscribe", "اشترك في النشرة اليومية"),
        ("unsubscribe", "أوقف النشرة"),
        ("settime", "وقت النشرة HH:MM"),
        ("timezone", "المنطقة الزمنية"),
        ("about", "ما نعرفه عن اسم"),
        ("follow", "تابع اسماً"),
        ("unfollow", "ألغِ المتابعة"),
        ("search", "بحث في الأخبار"),
        ("trend", "رسم لعدد الأخبار"),
        ("help", "المساعدة"),
    ],
    "en": [
        ("digest", "The digest now"),
        ("subscribe", "Daily digest"),
        ("unsubscribe", "Stop the daily digest"),
        ("settime", "Digest time HH:MM"),
        ("timezone", "Your time zone"),
        ("about", "What we know about a name"),
        ("follow", "Follow a name"),
        ("unfollow", "Stop following"),
        ("search", "Search the news"),
        ("trend", "Mentions per day"),
        ("help", "Help"),
    ],
}

_USER_COMMANDS = {
    "start": handlers.start,
    "help": handlers.help_command,
    "digest": handlers.digest,
    "subscribe": handlers.subscribe,
    "unsubscribe": handlers.unsubscribe,
    "settime": handlers.settime,
    "timezone": handlers.timezone,
    "about": handlers.about,
    "follow": handlers.follow,
    "unfollow": handlers.unfollow,
    "search": handlers.search,
    "trend": handlers.trend,
}
_ADMIN_COMMANDS = {
    "addsource": handlers.addsource,
    "sources": handlers.sources,
    "removesource": handlers.removesource,
    "ingest": handlers.ingest,
    "alias": handlers.alias,
}


def build_application(settings: Settings, engine: Engine) -> Application:
    if settings.telegram_token is None:
        raise ValueError("NASHRA_TELEGRAM_TOKEN is not set")
    base = settings.telegram_api_url.rstrip("/")
    application = (
        ApplicationBuilder()
        .token(settings.telegram_token.get_secret_value())
        .base_url(base)
        .base_file_url(base.removesuffix("/bot") + "/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=5))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data.update(engine=engine, settings=settings)
    for name, handler in {**_USER_COMMANDS, **_ADMIN_COMMANDS}.items():
        application.add_handler(CommandHandler(name, handler))
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.plain_text))
    application.add_error_handler(handlers.on_error)
    return application


async def _post_init(application: Application) -> None:
    engine: Engine = application.bot_data["engine"]
    settings: Settings = application.bot_data["settings"]
    for language, entries in COMMANDS.items():
        await application.bot.set_my_commands([BotCommand(c, d) for c, d in entries], language_code=language)
    await application.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS["ar"]])
    count = await asyncio.to_thread(schedule_all, application, engine)
    log.info("daily digests scheduled for %d chats", count)

    if not settings.bot_ingests:
        log.info("ingestion left to the `nashra ingest` workers (NASHRA_BOT_INGESTS=false)")
        return
    loop = asyncio.get_running_loop()

    def notify(text: str) -> None:  # called from ingestion threads
        asyncio.run_coroutine_threadsafe(handlers.notify_admins(application.bot, settings, html.escape(text)), loop)

    ingestion = BackgroundScheduler(timezone=UTC, executors={"default": ThreadPoolExecutor(4)})
    IngestScheduler(engine, fetch_settings(settings), settings.inbox, notify, settings.processes).install(ingestion)
    ingestion.start()
    application.bot_data["ingestion"] = ingestion


async def _post_shutdown(application: Application) -> None:
    ingestion = application.bot_data.get("ingestion")
    if ingestion is not None:
        ingestion.shutdown(wait=False)


def run_bot(settings: Settings, engine: Engine) -> None:
    """Long polling by default; a webhook server when NASHRA_WEBHOOK_URL is set."""
    application = build_application(settings, engine)
    if settings.webhook_url is None:
        application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
        return
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    application.run_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
        webhook_url=settings.webhook_url,
        secret_token=secret,
        allowed_updates=Update.ALL_TYPES,
    )
