"""The Telegram Application, built in one place from the command table; `nashra bot` runs it.

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
from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.commands import COMMANDS
from bot.ingest.passes import fetch_settings
from bot.ingest.schedule import IngestScheduler
from bot.services import Services
from bot.settings import Settings
from bot.telegram import handlers
from bot.telegram.context import CONTEXT_TYPES, NashraApplication
from bot.telegram.delivery import schedule_all

log = logging.getLogger(__name__)

LANGUAGES = ("ar", "en")


def menu(language: str) -> list[BotCommand]:
    """Telegram's command menu in one language: the table's commands for everyone."""
    return [BotCommand(c.name, c.description[language]) for c in COMMANDS if not c.admin and c.name != "start"]


def build_application(services: Services, **builder_options: object) -> NashraApplication:
    """The bot: every command of the table, plain names, buttons, unknown commands, one error handler.

    `builder_options` go to PTB's ApplicationBuilder (tests pass an offline `request`).
    """
    settings = services.settings
    if settings.telegram_token is None:
        raise ValueError("NASHRA_TELEGRAM_TOKEN is not set")
    base = settings.telegram_api_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token.get_secret_value())
        .base_url(base)
        .base_file_url(base.removesuffix("/bot") + "/file/bot")
        .context_types(CONTEXT_TYPES)
        .rate_limiter(AIORateLimiter(max_retries=5))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    for option, value in builder_options.items():
        builder = getattr(builder, option)(value)
    application: NashraApplication = builder.build()  # type: ignore[assignment]
    application.bot_data.services = services
    for command in COMMANDS:
        application.add_handler(CommandHandler(command.name, handlers.handler_for(command)))
    application.add_handler(MessageHandler(filters.COMMAND, handlers.unknown_command))
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.plain_text))
    application.add_error_handler(handlers.on_error)  # type: ignore[arg-type]
    return application


async def _post_init(application: NashraApplication) -> None:
    services = application.bot_data.services
    assert services is not None
    settings = services.settings
    for language in LANGUAGES:
        await application.bot.set_my_commands(menu(language), language_code=language)
    await application.bot.set_my_commands(menu("ar"))
    count = await asyncio.to_thread(schedule_all, application, services.engine, services.now())
    log.info("daily digests scheduled for %d chats", count)

    if not settings.bot_ingests:
        log.info("ingestion left to the `nashra ingest` workers (NASHRA_BOT_INGESTS=false)")
        return
    loop = asyncio.get_running_loop()

    def notify(text: str) -> None:  # called from ingestion threads
        asyncio.run_coroutine_threadsafe(handlers.notify_admins(application.bot, settings, html.escape(text)), loop)

    ingestion = BackgroundScheduler(timezone=UTC, executors={"default": ThreadPoolExecutor(4)})
    IngestScheduler(services.engine, fetch_settings(settings), settings.inbox, notify, settings.processes).install(
        ingestion
    )
    ingestion.start()
    application.bot_data.ingestion = ingestion


async def _post_shutdown(application: NashraApplication) -> None:
    if application.bot_data.ingestion is not None:
        application.bot_data.ingestion.shutdown(wait=False)


class BotApiUnavailable(Exception):
    """The Bot API refused the token or could not be reached at start; the message is one line."""


def check_bot_api(settings: Settings) -> str:
    """Ask the Bot API who the bot is (getMe) before anything starts; its username, or BotApiUnavailable.

    Without it, a bad token or an unreachable API would end `nashra bot` in PTB's bootstrap with a
    page of tracebacks; with it, the operator reads one line saying which setting to look at.
    """
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError, TelegramError

    assert settings.telegram_token is not None
    base = settings.telegram_api_url.rstrip("/")

    async def who_am_i() -> str:
        async with Bot(settings.telegram_token.get_secret_value(), base_url=base) as bot:  # type: ignore[union-attr]
            return bot.username

    try:
        return asyncio.run(who_am_i())
    except InvalidToken:
        hint = "check NASHRA_TELEGRAM_TOKEN, and that NASHRA_TELEGRAM_API_URL ends in /bot"
        raise BotApiUnavailable(f"the Bot API at {base} refused the token or is not there ({hint})") from None
    except NetworkError as exc:
        raise BotApiUnavailable(f"cannot reach the Bot API at {base} (NASHRA_TELEGRAM_API_URL): {exc}") from None
    except TelegramError as exc:
        raise BotApiUnavailable(f"the Bot API at {base} answered: {exc}") from None


def run_bot(services: Services) -> None:
    """Long polling by default; a webhook server when NASHRA_WEBHOOK_URL is set."""
    settings = services.settings
    application = build_application(services)
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
