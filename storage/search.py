"""Full-text search over articles: SQLite FTS5 or PostgreSQL full-text, behind one function.

The index holds `article.search_text` (every word with all its clitic readings,
made by the caller's normaliser); a query is a list of words, each given as
its alternative index forms, and all words must match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlmodel import Session

WINDOWS = (timedelta(days=7), timedelta(days=30), timedelta(days=180))
_SAFE_TERM = re.compile(r"^[^\W_]+$", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    rank: float


def search_articles(session: Session, query: Sequence[Sequence[str]], limit: int = 20) -> list[SearchHit]:
    """Articles matching every query word (each a tuple of alternative forms), best first.

    News search wants the best of the recent: matches are ranked within the newest week, then
    month, half year, or all time, whichever first holds `limit` of them. So a common word costs
    the ranking of one window's matches, not of every article that ever used it.
    """
    words = [[t for t in alternatives if _SAFE_TERM.match(t)] for alternatives in query]
    words = [w for w in words if w]
    if not words:
        return []
    newest = session.execute(text("SELECT max(dated_at) FROM article")).scalar()
    if newest is None:
        return []
    newest = newest if isinstance(newest, datetime) else datetime.fromisoformat(str(newest))
    hits: list[SearchHit] = []
    for window in (*WINDOWS, None):
        since = newest - window if window is not None else None
        hits = _ranked(session, words, since, limit)
        if len(hits) >= limit:
            break
    return hits


def _ranked(session: Session, words: list[list[str]], since: datetime | None, limit: int) -> list[SearchHit]:
    if session.get_bind().dialect.name == "sqlite":
        match = " AND ".join("(" + " OR ".join(f'"{t}"' for t in w) + ")" for w in words)
        first_id = 0
        if since is not None:  # ids grow with time, and FTS5 narrows by rowid without ranking the rest
            stored_form = since.strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLAlchemy writes datetimes to SQLite
            # INDEXED BY: left alone, SQLite answers min(id) by walking the whole table in id order.
            first = text("SELECT min(id) FROM article INDEXED BY ix_article_dated_at WHERE dated_at >= :since")
            first_id = session.execute(first, {"since": stored_form}).scalar() or 0
        sql = text(
            "SELECT rowid, rank FROM article_fts WHERE article_fts MATCH :match AND rowid >= :first "
            "ORDER BY rank, rowid DESC LIMIT :limit"
        )
        rows = session.execute(sql, {"match": match, "first": first_id, "limit": limit}).all()
        return [SearchHit(int(r[0]), float(r[1])) for r in rows]
    tsquery = " & ".join("(" + " | ".join(w) + ")" for w in words)
    recent = " AND dated_at >= :since" if since is not None else ""
    sql = text(
        "SELECT id, ts_rank(search_vector, q) AS rank FROM article, to_tsquery('simple', :q) AS q "
        f"WHERE search_vector @@ q{recent} ORDER BY rank DESC, dated_at DESC LIMIT :limit"
    )
    rows = session.execute(sql, {"q": tsquery, "since": since, "limit": limit}).all()
    return [SearchHit(int(r[0]), -float(r[1])) for r in rows]
