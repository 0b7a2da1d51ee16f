"""`/trend`: how many articles mention a name on each of the last days (the chart is drawn at the edge)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from bot.answers.chats import resolve_alias
from digest.entity_linking import query_words, search_alternatives
from storage import articles
from storage.search import search_articles

DAYS = 30
MAX_ARTICLES = 100_000


def mentions_per_day(engine: Engine, name: str, *, days: int = DAYS, today: date | None = None) -> dict[date, int]:
    """Articles mentioning `name` on each of the last `days` days (zeros included)."""
    today = today or datetime.now(UTC).date()
    with Session(engine) as session:
        canonical = resolve_alias(session, name)
        terms = [t for t in (search_alternatives(w) for w in query_words(canonical)) if t]
        ids = [h.article_id for h in search_articles(session, terms, limit=MAX_ARTICLES, newest_first=True)]
        counts = Counter(d.date() for d in articles.dates_of(session, ids))
    first = today - timedelta(days=days - 1)
    return {first + timedelta(days=n): counts.get(first + timedelta(days=n), 0) for n in range(days)}
