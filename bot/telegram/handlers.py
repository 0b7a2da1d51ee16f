"""Telegram's side of the command table: one handler per command of `bot.commands`, made here.

A handler reads the update (who, which chat, which language, the arguments), checks and records
admins for admin commands, runs the command in a thread (database and NLP work never block the
event loop), then sends its replies: HTML blocks packed into messages under Telegram's limit, a
chart as a photo, a changed subscription rescheduled. A refusal is answered in the user's language.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot import views
from bot.answers import chats
from bot.answers.chats import Caller, CommandRefused
from bot.commands import BY_NAME, Blocks, Chart, Command, Reply, Request, Schedule
from bot.messages import say
from bot.settings import Settings
from bot.telegram.context import NashraContext
from bot.telegram.delivery import schedule_chat, send_html
from bot.telegram.split import split_message

log = logging.getLogger(__name__)

Handler = Callable[[Update, NashraContext], Awaitable[None]]
PLAIN_NAME_LIMIT = 100  # a plain message is read as a name: only its first characters


def caller_of(update: Update, settings: Settings) -> Caller:
    user, chat = update.effective_user, update.effective_chat
    assert chat is not None
    user_id = user.id if user else None
    return Caller(
        chat_id=chat.id,
        user_id=user_id,
        language=chats.language_of(user.language_code if user else None),
        title=chat.title or (user.full_name if user else None),
        is_admin=chats.is_admin(settings, user_id),
    )


def handler_for(command: Command) -> Handler:
    """The Telegram handler of one command of the table."""

    async def handle(update: Update, context: NashraContext) -> None:
        await run_command(command, update, context, " ".join(context.args or []))

    handle.__name__ = f"on_{command.name}"
    return handle


async def run_command(command: Command, update: Update, context: NashraContext, args: str) -> None:
    services = context.services
    caller = caller_of(update, services.settings)
    try:
        if command.admin:
            await asyncio.to_thread(chats.check_admin, services.engine, services.settings, caller, command.name, args)
        if command.acknowledge:
            await _send(update, context, [Blocks([views.message(command.acknowledge, caller.language)])], caller)
        replies = await asyncio.to_thread(command.run, Request(services, caller, args.strip()))
    except CommandRefused as refused:
        replies = [Blocks([views.message(refused.key, caller.language, **refused.values)])]
    await _send(update, context, replies, caller)


async def _send(update: Update, context: NashraContext, replies: list[Reply], caller: Caller) -> None:
    chat_id = caller.chat_id
    for reply in replies:
        if isinstance(reply, Schedule):
            if context.job_queue is not None:
                schedule_chat(context.job_queue, reply.subscription)
        elif isinstance(reply, Chart):
            await context.bot.send_photo(chat_id, reply.png, caption=reply.caption)
        else:
            messages = split_message(reply.blocks)
            keyboard = _keyboard(reply.buttons, caller.language) if reply.buttons else None
            for number, text in enumerate(messages, start=1):
                markup = keyboard if number == len(messages) else None
                await send_html(context.bot, chat_id, text, **({"reply_markup": markup} if markup else {}))


def _keyboard(buttons: tuple[tuple[str, str], ...], language: str) -> InlineKeyboardMarkup:
    row = [InlineKeyboardButton(say(label, language), callback_data=command) for label, command in buttons]
    return InlineKeyboardMarkup([row])


async def plain_text(update: Update, context: NashraContext) -> None:
    """A message that is not a command is read as a name to look up."""
    message = update.effective_message
    if message and message.text and message.text.strip():
        await run_command(BY_NAME["about"], update, context, message.text.strip()[:PLAIN_NAME_LIMIT])


async def button(update: Update, context: NashraContext) -> None:
    """A tap on a button under a message runs the command it names."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    command = BY_NAME.get(query.data or "")
    if command is not None and not command.admin:
        await run_command(command, update, context, "")


async def unknown_command(update: Update, context: NashraContext) -> None:
    message = update.effective_message
    name = (message.text or "").split()[0].lstrip("/").split("@")[0] if message and message.text else ""
    caller = caller_of(update, context.services.settings)
    await _send(update, context, [Blocks([views.message("unknown_command", caller.language, name=name)])], caller)


async def on_error(update: object, context: NashraContext) -> None:
    """Log with the traceback, tell the user and the admins; never crash the polling loop."""
    error = context.error
    log.error("handler failed", exc_info=error)
    settings = context.services.settings
    if isinstance(update, Update) and update.effective_chat:
        try:
            caller = caller_of(update, settings)
            await send_html(context.bot, caller.chat_id, views.message("error", caller.language))
        except Exception:
            log.exception("could not tell the user about the error")
    detail = "".join(traceback.format_exception_only(type(error), error)) if error else "unknown"
    await notify_admins(context.bot, settings, f"⚠️ {views.escape(detail[:1000])}")


async def notify_admins(bot: Any, settings: Settings, text: str) -> None:
    for admin_id in settings.admin_ids:
        try:
            await bot.send_message(admin_id, text, parse_mode=ParseMode.HTML)
        except Exception:
            log.exception("could not notify admin %s", admin_id)
