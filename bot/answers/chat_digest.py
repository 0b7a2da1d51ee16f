"""A chat's own digest: through its filters, with its new and updated stories marked and its followed names.

Each story is marked new or updated for this chat (with what is new); a section per followed name does
not repeat the stories above.

Built in two steps so that chats alike can share the work: `shared_digest` (the same for every chat
with the same follows and filters at the same hour) and `for_chat` (this chat's marks and choice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from bot.answers.digest import digest_report
from digest.entity_linking import query_words, search_alternatives
from digest.filters import index_of, keep
from storage import chats
from storage.engine import session_scope
from storage.models import FilterKind
from storage.search import search_articles

SHOWN = 10  # stories in a digest
CANDIDATES = 200  # stories of the window the filters and follows choose from
PER_FOLLOWED = 3  # stories a followed name's section adds below the digest
FOLLOWED_HITS = 200  # articles naming a followed name, the newest


@dataclass(frozen=True)
class Preferences:
    """What a chat asked for: the names it follows and its filters (muted words, `only` words)."""

    follows: tuple[str, ...] = ()
    muted: tuple[str, ...] = ()
    only: tuple[str, ...] = ()


def preferences(engine: Engine, chat_id: int) -> Preferences:
    with Session(engine) as session:
        follows = tuple(f.name for f in chats.follows_of(session, chat_id))
        filters = chats.filters_of(session, chat_id)
    return Preferences(
        follows=follows,
        muted=tuple(f.word for f in filters if f.kind is FilterKind.MUTE),
        only=tuple(f.word for f in filters if f.kind is FilterKind.ONLY),
    )


def shared_digest(
    engine: Engine, wants: Preferences, *, hours: int = 24, now: datetime | None = None
) -> dict[str, Any]:
    """The window's stories through the filters, best first, and which of them each followed name is in."""
    now = now or datetime.now(UTC)
    report = digest_report(engine, hours=hours, limit=CANDIDATES, now=now)
    report["stories"] = [s for s in report["stories"] if keep(_index(s), wants.muted, wants.only)]
    naming = {}
    with Session(engine) as session:
        for name in wants.follows:
            terms = [t for t in (search_alternatives(w) for w in query_words(name)) if t]
            hits = {h.article_id for h in search_articles(session, terms, limit=FOLLOWED_HITS, newest_first=True)}
            naming[name] = [s["id"] for s in report["stories"] if hits & {a["id"] for a in s["articles"]}]
    report["naming"] = naming
    return report


def _index(story: dict[str, Any]) -> frozenset[str]:
    """What a filter word is matched against: the story's titles, summary and names."""
    return index_of([story["title"], *story["summary"], *(a["title"] for a in story["articles"]), *story["entities"]])


def for_chat(engine: Engine, chat_id: int, shared: dict[str, Any], *, daily: bool = False) -> dict[str, Any]:
    """This chat's digest from the shared one: stories marked new or updated for it; in the daily digest,
    a story it was shown already, with nothing new since, is left out."""
    candidates = shared["stories"]
    with Session(engine) as session:
        shown = chats.shown_stories(session, chat_id, [s["id"] for s in candidates])
    marked = [_marked(story, shown.get(story["id"])) for story in candidates]
    if daily:
        marked = [s for s in marked if s["status"] != "shown"]
    main = marked[:SHOWN]
    number = {s["id"]: n for n, s in enumerate(main, start=1)}
    by_id = {s["id"]: s for s in marked}
    sections = []
    for name, story_ids in shared.get("naming", {}).items():
        above = [number[i] for i in story_ids if i in number]
        below = [by_id[i] for i in story_ids if i not in number and i in by_id][:PER_FOLLOWED]
        sections.append({"name": name, "above": above, "stories": below})
    others = {k: v for k, v in shared.items() if k not in ("stories", "naming")}
    return {**others, "stories": main, "followed": sections}


def _marked(story: dict[str, Any], shown_up_to: int | None) -> dict[str, Any]:
    """`new` if the chat never saw the story, `update` (with the articles since) if it grew, else `shown`."""
    if shown_up_to is None:
        return {**story, "status": "new"}
    since = [a for a in story["articles"] if a["id"] > shown_up_to and not a.get("duplicate_of")]
    if not since:
        return {**story, "status": "shown"}
    return {**story, "status": "update", "new_articles": since}


def chat_digest(
    engine: Engine, chat_id: int, *, hours: int = 24, now: datetime | None = None, daily: bool = False
) -> dict[str, Any]:
    return for_chat(
        engine, chat_id, shared_digest(engine, preferences(engine, chat_id), hours=hours, now=now), daily=daily
    )


def record_shown(engine: Engine, chat_id: int, report: dict[str, Any]) -> None:
    """The chat has now seen these stories, up to their newest articles: next time, only what is newer is new."""
    stories = [*report["stories"], *(s for section in report.get("followed", []) for s in section["stories"])]
    with session_scope(engine) as session:
        chats.upsert_chat(session, chat_id)
        chats.record_shown(session, chat_id, {s["id"]: max(a["id"] for a in s["articles"]) for s in stories})
