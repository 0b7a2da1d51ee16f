"""Daily digests: one job per subscribed chat, each digest sent once per chat and day.

The delivery log row for (chat, day) is claimed before anything is sent and records how
many parts went out, so a restart or a retry resumes after them and nothing is sent
twice. 429s are waited out by PTB's rate limiter; 403 (the user blocked the bot) ends
the subscription; other errors are retried with backoff, then logged as failed.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, JobQueue

from bot import views
from bot.answers.chat_digest import for_chat, preferences, record_shown, shared_digest
from bot.answers.chats import active_subscriptions, deactivate
from bot.telegram.context import NashraContext
from bot.telegram.split import split_message
from storage import chats
from storage.engine import session_scope
from storage.models import DeliveryState

log = logging.getLogger(__name__)

SEND_ATTEMPTS = 4
CATCH_UP = timedelta(hours=6)  # a digest missed while the bot was down is still sent within this


def job_name(chat_id: int) -> str:
    return f"digest:{chat_id}"


def schedule_chat(job_queue: JobQueue, subscription: dict[str, Any]) -> None:
    """(Re)schedule one chat's daily digest; a stable job name means never two jobs for one chat."""
    for job in job_queue.get_jobs_by_name(job_name(subscription["chat_id"])):
        job.schedule_removal()
    if not subscription["active"]:
        return
    hour, minute = (int(x) for x in subscription["digest_time"].split(":"))
    job_queue.run_daily(
        daily_digest_job,
        time=time(hour, minute, tzinfo=ZoneInfo(subscription["timezone"])),
        name=job_name(subscription["chat_id"]),
        chat_id=subscription["chat_id"],
        data=subscription,
    )


def schedule_all(application: Application, engine: Engine, now: datetime | None = None) -> int:
    """Rebuild every chat's job from the database (at start); send digests missed while down."""
    now = now or datetime.now(UTC)
    subscriptions = active_subscriptions(engine)
    for sub in subscriptions:
        schedule_chat(application.job_queue, sub)
        zone = ZoneInfo(sub["timezone"])
        local = now.astimezone(zone)
        hour, minute = (int(x) for x in sub["digest_time"].split(":"))
        due = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if due <= local < due + CATCH_UP and not delivered(engine, sub["chat_id"], local.date()):
            application.job_queue.run_once(
                daily_digest_job, when=1, chat_id=sub["chat_id"], data=sub, name=f"catch-up:{sub['chat_id']}"
            )
    return len(subscriptions)


async def daily_digest_job(context: NashraContext) -> None:
    job = context.job
    assert job is not None and job.chat_id is not None
    services = context.services
    await deliver(context.bot, services.engine, job.data, now=services.now(), cache=context.bot_data.digests)


# Digests built once for the chats with the same day, hour, follows and filters.
DigestCache = dict[tuple[object, ...], dict[str, Any]]


def delivered(engine: Engine, chat_id: int, day: date) -> bool:
    with Session(engine) as session:
        row = chats.delivery_of(session, chat_id, day)
        return row is not None and row.state is DeliveryState.SENT


def _claim(engine: Engine, chat_id: int, day: date) -> tuple[int, int] | None:
    """(delivery id, parts already sent) for today's digest, or None if it was sent already."""
    for _ in range(2):
        try:
            with session_scope(engine) as session:
                row = chats.open_delivery(session, chat_id, day)
                if row.state is DeliveryState.SENT:
                    return None
                return row.id, row.parts_sent  # type: ignore[return-value]
        except IntegrityError:
            continue  # claimed by a concurrent job a moment ago: read it again
    return None


def _progress(engine: Engine, delivery_id: int, *, parts: int, state: DeliveryState, error: str | None = None) -> None:
    with session_scope(engine) as session:
        chats.record_progress(session, delivery_id, parts=parts, state=state, error=error)


async def deliver(
    bot: Bot,
    engine: Engine,
    subscription: dict[str, Any],
    now: datetime | None = None,
    cache: DigestCache | None = None,
) -> str:
    """Send today's digest to one chat unless it has been sent; returns what happened.

    With a `cache`, chats with the same follows and filters at the same hour share one built digest;
    what is new for each chat, and the rendering in its language and zone, are its own.
    """
    now = now or datetime.now(UTC)
    chat_id = subscription["chat_id"]
    day = now.astimezone(ZoneInfo(subscription["timezone"])).date()
    claimed = await asyncio.to_thread(_claim, engine, chat_id, day)
    if claimed is None:
        return "already sent"
    delivery_id, parts_sent = claimed
    wants = await asyncio.to_thread(preferences, engine, chat_id)
    key = (day, now.replace(minute=0, second=0, microsecond=0), wants)
    shared = cache.get(key) if cache is not None else None
    if shared is None:
        shared = await asyncio.to_thread(shared_digest, engine, wants, now=now)
        if cache is not None:
            for old in [k for k in cache if k[0] != day]:
                del cache[old]
            cache[key] = shared
    report = await asyncio.to_thread(for_chat, engine, chat_id, shared, daily=True)
    messages = split_message(views.digest_blocks(report, subscription["language"], subscription["timezone"]))
    for index in range(parts_sent, len(messages)):
        try:
            await send_html(bot, chat_id, messages[index])
        except Forbidden as exc:
            await asyncio.to_thread(deactivate, engine, chat_id)
            await asyncio.to_thread(
                _progress, engine, delivery_id, parts=index, state=DeliveryState.FAILED, error=f"blocked: {exc.message}"
            )
            log.info("chat %s blocked the bot; subscription ended", chat_id)
            return "blocked"
        except TelegramError as exc:
            await asyncio.to_thread(
                _progress, engine, delivery_id, parts=index, state=DeliveryState.FAILED, error=str(exc)
            )
            log.warning("digest to chat %s failed after retries: %s", chat_id, exc)
            return "failed"
        await asyncio.to_thread(_progress, engine, delivery_id, parts=index + 1, state=DeliveryState.PENDING)
    await asyncio.to_thread(_progress, engine, delivery_id, parts=len(messages), state=DeliveryState.SENT)
    await asyncio.to_thread(record_shown, engine, chat_id, report)
    return "sent"


async def send_html(bot: Bot, chat_id: int, text: str, **kwargs: Any) -> None:
    """sendMessage with retries for transient errors (the rate limiter already handles 429)."""
    delay = 1.0
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, disable_web_page_preview=True, **kwargs)
            return
        except RetryAfter as exc:  # the limiter gave up retrying: wait as told, then try again
            if attempt == SEND_ATTEMPTS:
                raise
            await asyncio.sleep(_seconds(exc.retry_after))
        except NetworkError:
            if attempt == SEND_ATTEMPTS:
                raise
            await asyncio.sleep(delay)
            delay *= 2


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
