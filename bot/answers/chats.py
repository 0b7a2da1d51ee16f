"""A chat's own settings: its daily digest (time, zone), the names it follows, admins' aliases and checks.

Plain functions over the database, called by the command table (`bot.commands`) for Telegram and
`nashra chat`, and by the CLI. A request that cannot be done raises `CommandRefused`, whose key
names the message the user sees (`bot.messages`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Engine
from sqlmodel import Session

from bot.settings import Settings
from digest.arabic import normalize
from storage import chats, entity_index
from storage.engine import session_scope
from storage.models import FilterKind, Subscription

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Caller:
    """Who is asking, from where, in which language."""

    chat_id: int
    user_id: int | None = None
    language: str = "ar"
    title: str | None = None
    is_admin: bool = False
    pushes: bool = True  # can this front end send a daily digest to it (Telegram: yes; a terminal: no)


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
        chats.upsert_chat(session, caller.chat_id, title=caller.title, language=caller.language)
        sub = chats.subscription_of(session, caller.chat_id)
        if sub is None:
            sub = Subscription(chat_id=caller.chat_id, timezone=settings.timezone, digest_time=settings.digest_time)
        sub.digest_time = digest_time or sub.digest_time
        sub.language = caller.language
        sub.active = True
        chats.save(session, sub)
        return subscription_json(sub)


def unsubscribe(engine: Engine, caller: Caller) -> dict[str, Any] | None:
    """Stop the chat's daily digest; None if it had none."""
    with session_scope(engine) as session:
        sub = chats.subscription_of(session, caller.chat_id)
        if sub is None or not sub.active:
            return None
        sub.active = False
        chats.save(session, sub)
        return subscription_json(sub)


def set_time(engine: Engine, caller: Caller, time_text: str) -> dict[str, Any]:
    """Move the chat's daily digest; a chat with no subscription is told so and nothing is created."""
    digest_time = parse_time(time_text)
    return _change_subscription(engine, caller, digest_time=digest_time)


def set_timezone(engine: Engine, caller: Caller, zone: str) -> dict[str, Any]:
    zone = zone.strip()
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise CommandRefused("bad_zone", value=zone) from None
    return _change_subscription(engine, caller, timezone=zone)


def _change_subscription(engine: Engine, caller: Caller, **changes: str) -> dict[str, Any]:
    with session_scope(engine) as session:
        sub = chats.subscription_of(session, caller.chat_id)
        if sub is None or not sub.active:
            raise CommandRefused("not_subscribed")
        for name, value in changes.items():
            setattr(sub, name, value)
        chats.save(session, sub)
        return subscription_json(sub)


def zone_of(engine: Engine, settings: Settings, chat_id: int) -> str:
    """The chat's time zone: its subscription's, else NASHRA_TIMEZONE."""
    with Session(engine) as session:
        sub = chats.subscription_of(session, chat_id)
    return sub.timezone if sub is not None else settings.timezone


def active_subscriptions(engine: Engine) -> list[dict[str, Any]]:
    with Session(engine) as session:
        return [subscription_json(s) for s in chats.active_subscriptions(session)]


def deactivate(engine: Engine, chat_id: int) -> None:
    """The chat blocked the bot (403): stop sending to it."""
    with session_scope(engine) as session:
        sub = chats.subscription_of(session, chat_id)
        if sub is not None:
            sub.active = False
            chats.save(session, sub)


def follow(engine: Engine, caller: Caller, name: str) -> list[str]:
    """Follow a name the store has seen (a name it never saw is refused: nothing would ever match it)."""
    from bot.answers.about import is_known

    name = " ".join(name.split())
    if not name:
        raise CommandRefused("need_name")
    if not is_known(engine, name):
        raise CommandRefused("follow_unknown", name=name)
    with session_scope(engine) as session:
        chats.upsert_chat(session, caller.chat_id, title=caller.title, language=caller.language)
        chats.add_follow(session, caller.chat_id, name, normalize(resolve_alias(session, name)))
    return followed(engine, caller.chat_id)


def unfollow(engine: Engine, caller: Caller, name: str) -> list[str]:
    with session_scope(engine) as session:
        chats.remove_follow(session, caller.chat_id, normalize(resolve_alias(session, " ".join(name.split()))))
    return followed(engine, caller.chat_id)


def mute(engine: Engine, caller: Caller, words: str) -> dict[str, list[str]]:
    """Leave out of this chat's digests the stories matching any of these words."""
    return _add_filters(engine, caller, FilterKind.MUTE, words)


def only(engine: Engine, caller: Caller, words: str) -> dict[str, list[str]]:
    """Keep in this chat's digests only the stories matching one of these words."""
    return _add_filters(engine, caller, FilterKind.ONLY, words)


def _add_filters(engine: Engine, caller: Caller, kind: FilterKind, words: str) -> dict[str, list[str]]:
    if not words.split():
        raise CommandRefused("need_words_filter", command=str(kind))
    with session_scope(engine) as session:
        chats.upsert_chat(session, caller.chat_id, title=caller.title, language=caller.language)
        for word in words.split():
            chats.add_filter(session, caller.chat_id, kind, word, normalize(word))
    return filters(engine, caller.chat_id)


def unmute(engine: Engine, caller: Caller, words: str) -> dict[str, list[str]]:
    """Unmute these words, or, with none, every muted word and every `only` word: the whole digest again."""
    with session_scope(engine) as session:
        if words.split():
            chats.remove_filters(session, caller.chat_id, FilterKind.MUTE, {normalize(w) for w in words.split()})
        else:
            chats.remove_filters(session, caller.chat_id, FilterKind.MUTE)
            chats.remove_filters(session, caller.chat_id, FilterKind.ONLY)
    return filters(engine, caller.chat_id)


def filters(engine: Engine, chat_id: int) -> dict[str, list[str]]:
    """The chat's filters: {"mute": [...], "only": [...]}, as the reader wrote the words."""
    with Session(engine) as session:
        rows = chats.filters_of(session, chat_id)
    return {kind: [r.word for r in rows if r.kind is FilterKind(kind)] for kind in ("mute", "only")}


def followed(engine: Engine, chat_id: int) -> list[str]:
    with Session(engine) as session:
        return [f.name for f in chats.follows_of(session, chat_id)]


def resolve_alias(session: Session, name: str) -> str:
    """The canonical spelling an admin merged `name` into, or `name` itself."""
    alias = entity_index.alias_for(session, normalize(name))
    return alias.canonical if alias else name


def add_alias(engine: Engine, user_id: int, text: str) -> dict[str, str]:
    """`NAME = VARIANT`: read VARIANT as NAME from now on."""
    canonical, sep, variant = text.partition("=")
    canonical, variant = " ".join(canonical.split()), " ".join(variant.split())
    if not sep or not canonical or not variant:
        raise CommandRefused("alias_usage")
    with session_scope(engine) as session:
        entity_index.save_alias(session, normalize(variant), variant, canonical, user_id)
    return {"canonical": canonical, "variant": variant}


def list_aliases(engine: Engine) -> list[dict[str, str]]:
    with Session(engine) as session:
        return [{"canonical": a.canonical, "variant": a.variant} for a in entity_index.all_aliases(session)]


def is_admin(settings: Settings, user_id: int | None) -> bool:
    return user_id is not None and user_id in settings.admin_ids


def check_admin(engine: Engine, settings: Settings, caller: Caller, command: str, detail: str = "") -> None:
    """Record the attempt; refuse politely (CommandRefused) anyone not in NASHRA_ADMIN_IDS."""
    allowed = is_admin(settings, caller.user_id)
    with session_scope(engine) as session:
        chats.record_admin_action(session, caller.user_id or 0, command, detail, allowed)
    if not allowed:
        raise CommandRefused("not_admin")
