"""One small handler per command: read the update, call `bot.commands`, render, reply.

Database and NLP work runs in a thread (`asyncio.to_thread`) so the bot keeps answering
while it ingests or builds a digest.
"""

from __future__ import annotations

import asyncio
import html
import logging
import traceback
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot import commands
from bot.about import about_report
from bot.commands import Caller, CommandRefused
from bot.messages import say
from bot.passes import one_pass
from bot.reports import SourceError, add_source, list_sources, remove_source, search_report
from bot.settings import Settings
from bot.telegram.delivery import schedule_chat, send_html
from bot.telegram.render import render_about, render_digest, render_search, split_message
from bot.trend import mentions_per_day, trend_png

log = logging.getLogger(__name__)

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


def _services(context: ContextTypes.DEFAULT_TYPE) -> tuple[Engine, Settings]:
    return context.application.bot_data["engine"], context.application.bot_data["settings"]


def caller_of(update: Update) -> Caller:
    user, chat = update.effective_user, update.effective_chat
    assert chat is not None
    return Caller(
        chat_id=chat.id,
        user_id=user.id if user else None,
        language=commands.language_of(user.language_code if user else None),
        title=chat.title or (user.full_name if user else None),
    )


async def _reply(update: Update, context: ContextTypes.DEFAULT_TYPE, messages: list[str], **kwargs: Any) -> None:
    chat = update.effective_chat
    assert chat is not None
    for message in messages:
        await send_html(context.bot, chat.id, message, **kwargs)


async def _say(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, **values: object) -> None:
    await _reply(update, context, [html.escape(say(key, caller_of(update).language, **values))])


def guarded(handler: Handler) -> Handler:
    """Turn a refusal into its message; anything else goes to the error handler."""

    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            await handler(update, context)
        except CommandRefused as refused:
            await _say(update, context, refused.key, **refused.values)

    wrapper.__name__ = handler.__name__
    return wrapper


def admin_only(command: str) -> Callable[[Handler], Handler]:
    """Check and record the caller before an admin command; refuse politely, change nothing."""

    def decorate(handler: Handler) -> Handler:
        async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            engine, settings = _services(context)
            detail = " ".join(context.args or [])
            await asyncio.to_thread(commands.check_admin, engine, settings, caller_of(update), command, detail)
            await handler(update, context)

        wrapper.__name__ = handler.__name__
        return guarded(wrapper)

    return decorate


# --- anyone -----------------------------------------------------------------------


@guarded
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    language = caller_of(update).language
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(say("button_subscribe", language), callback_data="subscribe"),
                InlineKeyboardButton(say("button_digest", language), callback_data="digest"),
            ]
        ]
    )
    await _reply(update, context, [say("help", language)], reply_markup=keyboard)


@guarded
async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _reply(update, context, [say("help", caller_of(update).language)])


@guarded
async def digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    engine, _ = _services(context)
    caller = caller_of(update)
    report = await asyncio.to_thread(commands.chat_digest, engine, caller.chat_id)
    date_label = datetime.now(UTC).date().isoformat()
    await _reply(update, context, render_digest(report, caller.language, date_label))


@guarded
async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    engine, settings = _services(context)
    time_text = context.args[0] if context.args else None
    sub = await asyncio.to_thread(commands.subscribe, engine, settings, caller_of(update), time_text)
    _schedule(context, sub)
    await _say(update, context, "subscribed", **sub)


@guarded
async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    engine, _ = _services(context)
    sub = await asyncio.to_thread(commands.unsubscribe, engine, caller_of(update))
    if sub is None:
        await _say(update, context, "not_subscribed")
        return
    _schedule(context, sub)
    await _say(update, context, "unsubscribed")


@guarded
async def settime(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    engine, settings = _services(context)
    if not context.args:
        raise CommandRefused("bad_time", value="")
    sub = await asyncio.to_thread(commands.set_time, engine, settings, caller_of(update), context.args[0])
    _schedule(context, sub)
    await _say(update, context, "subscribed", **sub)


@guarded
async def timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    engine, settings = _services(context)
    if not context.args:
        raise CommandRefused("bad_zone", value="")
    sub = await asyncio.to_thread(commands.set_timezone, engine, settings, caller_of(update), context.args[0])
    _schedule(context, sub)
    await _say(update, context, "subscribed", **sub)


def _schedule(context: ContextTypes.DEFAULT_TYPE, subscription: dict[str, Any]) -> None:
    if context.job_queue is not None:
        schedule_chat(context.job_queue, subscription)


@guarded
async def about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    name = " ".join(context.args or [])
    if not name:
        raise CommandRefused("need_name")
    await _about(update, context, name)


@guarded
async def plain_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A message that is not a command is read as a name to look up."""
    if update.effective_message and update.effective_message.text:
        await _about(update, context, update.effective_message.text.strip()[:100])


async def _about(update: Update, context: ContextTypes.DEFAULT_TYPE, name: str) -> None:
    engine, _ = _services(context)
    card = await asyncio.to_thread(about_report, engine, name)
    await _reply(update, context, render_about(card, caller_of(update).language))


@guarded
async def follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    engine, _ = _services(context)
    names = await asyncio.to_thread(commands.follow, engine, caller_of(update), " ".join(context.args or []))
    await _say(update, context, "following", names="، ".join(names))


@guarded
async def unfollow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    engine, _ = _services(context)
    names = await asyncio.to_thread(commands.unfollow, engine, caller_of(update), " ".join(context.args or []))
    await _say(update, context, "following", names="، ".join(names)) if names else await _say(
        update, context, "following_none"
    )


@guarded
async def search(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    engine, _ = _services(context)
    words = " ".join(context.args or [])
    if not words:
        raise CommandRefused("need_words")
    hits = await asyncio.to_thread(search_report, engine, words, limit=10)
    await _reply(update, context, render_search(hits, caller_of(update).language))


@guarded
async def trend(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    engine, _ = _services(context)
    name = " ".join(context.args or [])
    if not name:
        raise CommandRefused("need_name")
    counts = await asyncio.to_thread(mentions_per_day, engine, name)
    png = await asyncio.to_thread(trend_png, name, counts)
    chat = update.effective_chat
    assert chat is not None
    caption = say("about_mentions", caller_of(update).language, mentions=sum(counts.values()))
    await context.bot.send_photo(chat.id, png, caption=f"{name} — {caption}")


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    context.args = []
    if query.data == "subscribe":
        await subscribe(update, context)
    elif query.data == "digest":
        await digest(update, context)


# --- admins -------------------------------------------------------------------------


@admin_only("addsource")
async def addsource(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    engine, settings = _services(context)
    if not context.args:
        raise CommandRefused("source_error", error="/addsource PATH_OR_URL [name]")
    name = " ".join(context.args[1:]) or None
    try:
        source = await asyncio.to_thread(
            add_source,
            engine,
            context.args[0],
            name=name,
            poll_interval=settings.ingest_interval,
            allow_private=settings.allow_private_urls,
        )
    except SourceError as exc:
        raise CommandRefused("source_error", error=str(exc)) from None
    await _say(update, context, "source_added", **source)


@admin_only("sources")
async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    engine, _ = _services(context)
    rows = await asyncio.to_thread(list_sources, engine)
    if not rows:
        await _say(update, context, "no_sources")
        return
    blocks = []
    for s in rows:
        mark = "🟢" if s["error_count"] == 0 and s["state"] == "active" else "🔴"
        line = f"{mark} #{s['id']} <b>{html.escape(s['name'])}</b> ({s['kind']}, {s['state']})"
        line += f"\n{html.escape(s['location'])}"
        if s["error_count"]:
            line += f"\n{s['error_count']} × {html.escape(s['last_error'] or '')}"
        blocks.append(line)
    await _reply(update, context, split_message(blocks))


@admin_only("removesource")
async def removesource(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    engine, _ = _services(context)
    if not context.args or not context.args[0].isdigit():
        raise CommandRefused("source_error", error="/removesource ID")
    try:
        source = await asyncio.to_thread(remove_source, engine, int(context.args[0]))
    except SourceError as exc:
        raise CommandRefused("source_error", error=str(exc)) from None
    await _say(update, context, "source_removed", **source)


@admin_only("ingest")
async def ingest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers at once, runs the pass in a thread, then answers again with the result."""
    engine, settings = _services(context)
    await _say(update, context, "ingest_started")
    report = await asyncio.to_thread(one_pass, engine, settings)
    await _say(
        update,
        context,
        "ingest_done",
        ingested=report.ingested,
        duplicates=report.duplicates,
        failed=len(report.failed),
    )


@admin_only("alias")
async def alias(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    engine, _ = _services(context)
    caller = caller_of(update)
    merged = await asyncio.to_thread(commands.add_alias, engine, caller.user_id or 0, " ".join(context.args or []))
    await _say(update, context, "alias_done", **merged)


# --- errors -------------------------------------------------------------------------


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log with the traceback, tell the user and the admins; never crash the polling loop."""
    error = context.error
    log.error("handler failed", exc_info=error)
    _, settings = _services(context)
    if isinstance(update, Update) and update.effective_chat:
        try:
            await _say(update, context, "error")
        except Exception:
            log.exception("could not tell the user about the error")
    detail = "".join(traceback.format_exception_only(type(error), error)) if error else "unknown"
    await notify_admins(context.bot, settings, f"⚠️ {html.escape(detail[:1000])}")


async def notify_admins(bot: Any, settings: Settings, text: str) -> None:
    for admin_id in settings.admin_ids:
        try:
            await bot.send_message(admin_id, text, parse_mode=ParseMode.HTML)
        except Exception:
            log.exception("could not notify admin %s", admin_id)
