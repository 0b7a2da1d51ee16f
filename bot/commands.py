"""What the bot's commands do, as plain functions over the database (no Telegram in here).

The Telegram handlers, `nashra chat` and the CLI call these and differ only in how
they read arguments and render results. Admin commands go through `admin_action`,
which checks the caller and records every attempt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.reports import digest_report, search_report
from bot.settings import Settings
from digest.arabic import normalize
from storage.engine import session_scope
from storage.models import AdminAction, Chat, EntityAlias, Follow, Subscription

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Caller:
    """Who is asking, from where, in which language."""

    chat_id: int
    user_id: int | None = None
    language: str = "ar"
    title: str | None = None


class CommandRefused(Exception):
    """The command cannot be done; `key` names the message shown to the user (see `bot.messages`)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def language_of(language_code: str | None) -> str:
    """English for users whose Telegram language starts with `en`, Arabic otherwise."""
    return "en" if (language_code or "").lower().startswith("en") else "ar"


def parse_time(text: str) -> str:
    match = _HHMM.match(text.strip())
    if not match:
        raise CommandRefused("bad_time", value=text)
    return f"{int(match[1]):02d}:{match[2]}"


def _chat(session: Session, caller: Caller) -> Chat:
    chat = session.get(Chat, caller.chat_id)
    if chat is None:
        chat = Chat(id=caller.chat_id, title=caller.title, language=caller.language)
    chat.language = caller.language
    session.add(chat)
    session.flush()
    return chat


def subscription_json(sub: Subscription) -> dict[str, Any]:
    return {
        "chat_id": sub.chat_id,
        "digest_time": sub.digest_time,
        "timezone": sub.timezone,
        "language": sub.language,
        "active": sub.active,
    }


def subscribe(engine: Engine, settings: Settings, caller: Caller, time_text: str | None = None) -> dict[str, Any]:
    """Daily digest for this chat at `time_text` (HH:MM) or NASHRA_DIGEST_TIME, in the chat's zone."""
    digest_time = parse_time(time_text) if time_text else None
    with session_scope(engine) as session:
        _chat(session, caller)
        sub = session.exec(select(Subscription).where(Subscription.chat_id == caller.chat_id)).first()
        if sub is None:
            sub = Subscription(chat_id=caller.chat_id, timezone=settings.timezone, digest_time=settings.digest_time)
        sub.digest_time = digest_time or sub.digest_time
        sub.language = caller.language
        sub.active = True
        session.add(sub)
        session.flush()
        return subscription_json(sub)


def unsubscribe(engine: Engine, caller: Caller) -> dict[str, Any] | None:
    with session_scope(engine) as session:
        sub = session.exec(select(Subscription).where(Subscription.chat_id == caller.chat_id)).first()
        if sub is None or not sub.active:
            return None
        sub.active = False
        session.add(sub)
        return subscription_json(sub)


def set_time(engine: Engine, settings: Settings, caller: Caller, time_text: str) -> dict[str, Any]:
    return subscribe(engine, settings, caller, time_text)


def set_timezone(engine: Engine, settings: Settings, caller: Caller, zone: str) -> dict[str, Any]:
    try:
        ZoneInfo(zone.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise CommandRefused("bad_zone", value=zone) from None
    subscribe(engine, settings, caller)
    with session_scope(engine) as session:
        sub = session.exec(select(Subscription).where(Subscription.chat_id == caller.chat_id)).one()
        sub.timezone = zone.strip()
        session.add(sub)
        session.flush()
        return subscription_json(sub)


def active_subscriptions(engine: Engine) -> list[dict[str, Any]]:
    with Session(engine) as session:
        return [subscription_json(s) for s in session.exec(select(Subscription).where(Subscription.active))]


def deactivate(engine: Engine, chat_id: int) -> None:
    """The chat blocked the bot (403): stop sending to it."""
    with session_scope(engine) as session:
        sub = session.exec(select(Subscription).where(Subscription.chat_id == chat_id)).first()
        if sub is not None:
            sub.active = False
            session.add(sub)


def follow(engine: Engine, caller: Caller, name: str) -> list[str]:
    name = " ".join(name.split())
    if not name:
        raise CommandRefused("need_name")
    with session_scope(engine) as session:
        _chat(session, caller)
        key = normalize(resolve_alias(session, name))
        exists = session.exec(select(Follow).where(Follow.chat_id == caller.chat_id, Follow.key == key)).first()
        if exists is None:
            session.add(Follow(chat_id=caller.chat_id, name=name, key=key))
    return followed(engine, caller.chat_id)


def unfollow(engine: Engine, caller: Caller, name: str) -> list[str]:
    with session_scope(engine) as session:
        key = normalize(resolve_alias(session, " ".join(name.split())))
        for row in session.exec(select(Follow).where(Follow.chat_id == caller.chat_id, Follow.key == key)):
            session.delete(row)
    return followed(engine, caller.chat_id)


def followed(engine: Engine, chat_id: int) -> list[str]:
    with Session(engine) as session:
        return [f.name for f in session.exec(select(Follow).where(Follow.chat_id == chat_id).order_by(Follow.id))]


def chat_digest(engine: Engine, chat_id: int, *, hours: int = 24, now: datetime | None = None) -> dict[str, Any]:
    """The digest, plus a section per followed entity with the stories that mention it."""
    now = now or datetime.now(UTC)
    report = digest_report(engine, hours=hours, limit=10, now=now)
    sections = []
    for name in followed(engine, chat_id):
        hits = {h["article_id"] for h in search_report(engine, name, limit=200)}
        stories = [
            s
            for s in digest_report(engine, hours=hours, limit=200, now=now)["stories"]
            if hits & {a["id"] for a in s["articles"]}
        ]
        sections.append({"name": name, "stories": stories[:5]})
    report["followed"] = sections
    return report


def resolve_alias(session: Session, name: str) -> str:
    """The canonical spelling an admin merged `name` into, or `name` itself."""
    alias = session.exec(select(EntityAlias).where(EntityAlias.variant_key == normalize(name))).first()
    return alias.canonical if alias else name


def add_alias(engine: Engine, user_id: int, text: str) -> dict[str, str]:
    """`NAME = VARIANT`: read VARIANT as NAME from now on."""
    canonical, sep, variant = text.partition("=")
    canonical, variant = " ".join(canonical.split()), " ".join(variant.split())
    if not sep or not canonical or not variant:
        raise CommandRefused("alias_usage")
    with session_scope(engine) as session:
        row = session.exec(select(EntityAlias).where(EntityAlias.variant_key == normalize(variant))).first()
        row = row or EntityAlias(variant_key=normalize(variant), variant=variant, canonical=canonical)
        row.canonical, row.created_by = canonical, user_id
        session.add(row)
    return {"canonical": canonical, "variant": variant}


def list_aliases(engine: Engine) -> list[dict[str, str]]:
    with Session(engine) as session:
        rows = session.exec(select(EntityAlias).order_by(col(EntityAlias.canonical), col(EntityAlias.variant)))
        return [{"canonical": a.canonical, "variant": a.variant} for a in rows]


def is_admin(settings: Settings, user_id: int | None) -> bool:
    return user_id is not None and user_id in settings.admin_ids


def record_admin_action(engine: Engine, user_id: int, command: str, detail: str, allowed: bool) -> None:
    with session_scope(engine) as session:
        session.add(AdminAction(user_id=user_id, command=command, detail=detail[:500], allowed=allowed))


def check_admin(engine: Engine, settings: Settings, caller: Caller, command: str, detail: str = "") -> None:
    """Record the attempt; refuse politely (CommandRefused) anyone not in NASHRA_ADMIN_IDS."""
    allowed = is_admin(settings, caller.user_id)
    record_admin_action(engine, caller.user_id or 0, command, detail, allowed)
    if not allowed:
        raise CommandRefused("not_admin")
