"""What the commands answer, as plain data in the CONTRACT's JSON shapes.

The CLI, `nashra chat` and the Telegram handlers all call these and only
differ in how they render the result.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.ingest import guess_kind
from digest.arabic import clitic_variants, normalize, normalize_token, query_alternatives
from digest.ranking import StoryStats, rank_stories
from digest.sources.http import check_address
from digest.sources.opml import FeedOutline, OpmlError, read_opml, write_opml
from digest.sources.urls import normalize_url
from storage import queries
from storage.engine import session_scope
from storage.models import Article, Source, SourceKind, SummaryKind
from storage.search import search_articles

SNIPPET_WORDS = 24


def digest_report(engine: Engine, *, hours: int = 24, limit: int = 10, now: datetime | None = None) -> dict[str, Any]:
    """The stories of the last `hours`, best first, each with its summary and every member article."""
    now = now or datetime.now(UTC)
    since = now - timedelta(hours=hours)
    with Session(engine) as session:
        members = queries.story_articles(session, queries.stories_with_articles_since(session, since))
        stats = []
        for story_id, articles in members.items():
            in_window = [a for a in articles if queries.aware(a.dated_at) >= since]
            stats.append(
                StoryStats(
                    story_id=story_id,
                    sources=len({a.source_name for a in articles}),
                    latest=max(queries.aware(a.dated_at) for a in in_window),
                )
            )
        ranked = rank_stories(stats, now)[:limit]
        shown = [s.story_id for s in ranked]
        stories = queries.stories_by_id(session, shown)  # only the shown stories' rows and summaries are read
        summaries = queries.summaries_for(session, SummaryKind.STORY, shown)
        return {
            "generated_at": now.isoformat(),
            "hours": hours,
            "stories": [
                {
                    "id": s.story_id,
                    "title": stories[s.story_id].title,
                    "summary": summaries.get(s.story_id, []),
                    "sources": s.sources,
                    "articles": [_article_ref(a) for a in members[s.story_id]],
                    "entities": _top_entities(stories[s.story_id].entities, len(members[s.story_id])),
                }
                for s in ranked
            ],
        }


def _top_entities(counts: dict[str, int], articles: int, limit: int = 6) -> list[str]:
    """The names most of the story's articles mention (in a story of several, names two of them share)."""
    shared = {n: c for n, c in counts.items() if c >= 2} if articles >= 2 else counts
    return [name for name, _ in sorted((shared or counts).items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def _article_ref(article: queries.Member) -> dict[str, Any]:
    ref: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "source": article.source_name,
        "url": article.url,
    }
    if article.duplicate_of_id is not None:
        ref["duplicate_of"] = article.duplicate_of_id
    return ref


def search_report(engine: Engine, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Articles holding every word of `query` (after normalisation; attached prefixes ignored)."""
    terms = [query_alternatives(w) for w in query.split()]
    terms = [t for t in terms if t]
    with Session(engine) as session:
        hits = search_articles(session, terms, limit=limit)
        ids = [h.article_id for h in hits]
        found = session.exec(
            select(
                Article.id, Article.title, Article.clean_text, Article.source_name, Article.url, Article.normalized_text
            ).where(col(Article.id).in_(ids))
        ).all()
    rows = {row[0]: row for row in found}
    return [
        {
            "article_id": i,
            "title": rows[i][1],
            "snippet": snippet(rows[i][2], terms, normalized=rows[i][5]),
            "source": rows[i][3],
            "url": rows[i][4],
        }
        for i in ids
        if i in rows
    ]


_WORD_CHARS = re.compile(r"[^\W_]+")


def snippet(text: str, terms: list[tuple[str, ...]], width: int = SNIPPET_WORDS, normalized: str | None = None) -> str:
    """A window of the original text around the first word that matches a query term.

    `normalized` is `normalize(text)` where the caller has it stored: when no query term occurs in it
    (the hit was in the title), the head of the text is the snippet, without looking at every word.
    """
    wanted = {t for alternatives in terms for t in alternatives}
    tokens = re.findall(r"\S+", text)
    body = normalized if normalized is not None else normalize(text)
    in_body = any(t in body for t in wanted)
    for i, token in enumerate(tokens if in_body else []):
        if any(v in wanted for w in _WORD_CHARS.findall(normalize_token(token)) for v in clitic_variants(w)):
            start = max(0, i - width // 3)
            piece = " ".join(tokens[start : start + width])
            return ("… " if start else "") + piece + (" …" if start + width < len(tokens) else "")
    return " ".join(tokens[:width]) + (" …" if len(tokens) > width else "")


# --- sources ------------------------------------------------------------------


class SourceError(ValueError):
    """A source command that cannot be done; the message says why."""


def source_json(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "name": source.name,
        "kind": str(source.kind),
        "location": source.location,
        "state": str(source.state),
        "error_count": source.error_count,
        "last_error": source.last_error,
        "last_success_at": source.last_success_at.isoformat() if source.last_success_at else None,
        "next_check_at": source.next_check_at.isoformat() if source.next_check_at else None,
    }


def list_sources(engine: Engine) -> list[dict[str, Any]]:
    with Session(engine) as session:
        return [source_json(s) for s in queries.list_sources(session)]


def add_source(
    engine: Engine,
    location: str,
    *,
    name: str | None = None,
    kind: SourceKind | None = None,
    poll_interval: int = 300,
    allow_private: bool = False,
) -> dict[str, Any]:
    """Register a folder, feed or web page as a source polled on the schedule."""
    if location.startswith(("http://", "https://")):
        refused = check_address(location, allow_private)
        if refused:
            raise SourceError(refused)
        resolved = normalize_url(location)
        kind = kind or guess_kind(resolved)
        name = name or urlparse(resolved).hostname or resolved
    else:
        path = Path(location).expanduser()
        if not path.is_dir():
            raise SourceError(f"not a folder: {location}")
        resolved, kind, name = str(path.resolve()), SourceKind.FOLDER, name or path.resolve().name
    with session_scope(engine) as session:
        if queries.find_source(session, resolved) is not None:
            raise SourceError(f"already a source: {resolved}")
        source = queries.add_source(session, name=name, kind=kind, location=resolved, poll_interval=poll_interval)
        return source_json(source)


def import_opml(engine: Engine, text: str, *, poll_interval: int = 300, allow_private: bool = False) -> dict[str, Any]:
    """Add every feed of an OPML document; feeds already present or refused are reported, not fatal."""
    try:
        outlines = read_opml(text)
    except OpmlError as exc:
        raise SourceError(str(exc)) from None
    added, skipped = [], []
    for outline in outlines:
        try:
            added.append(
                add_source(
                    engine,
                    outline.url,
                    name=outline.name,
                    kind=SourceKind.FEED,
                    poll_interval=poll_interval,
                    allow_private=allow_private,
                )
            )
        except SourceError as exc:
            skipped.append({"item": outline.url, "error": str(exc)})
    return {"added": added, "skipped": skipped}


def export_opml(engine: Engine) -> str:
    with Session(engine) as session:
        feeds = [FeedOutline(s.location, s.name) for s in queries.list_sources(session) if s.kind is SourceKind.FEED]
    return write_opml(feeds)


def remove_source(engine: Engine, source_id: int) -> dict[str, Any]:
    with session_scope(engine) as session:
        source = queries.remove_source(session, source_id)
        if source is None:
            raise SourceError(f"no source with id {source_id}")
        return source_json(source)
