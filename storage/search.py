"""Full-text search over articles: SQLite FTS5 or PostgreSQL full-text, behind one function.

The index holds `article.search_text` (every word with all its clitic readings,
made by the caller's normaliser); a query is a list of words, each given as
its alternative index forms, and all words must match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

_SAFE_TERM = re.compile(r"^[^\W_]+$", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    rank: float


def search_articles(session: Session, query: Sequence[Sequence[str]], limit: int = 20) -> list[SearchHit]:
    """Articles matching every query word (each a tuple of alternative forms), best first."""
    words = [[t for t in alternatives if _SAFE_TERM.match(t)] for alternatives in query]
    words = [w for w in words if w]
    if not words:
        return []
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        match = " AND ".join("(" + " OR ".join(f'"{t}"' for t in w) + ")" for w in words)
        sql = text(
            "SELECT a.id, bm25(article_fts) AS rank FROM article_fts "
            "JOIN article a ON a.id = article_fts.rowid "
            "WHERE article_fts MATCH :match ORDER BY rank, a.dated_at DESC LIMIT :limit"
        )
        rows = session.execute(sql, {"match": match, "limit": limit}).all()
        return [SearchHit(int(r[0]), float(r[1])) for r in rows]
    tsquery = " & ".join("(" + " | ".join(w) + ")" for w in words)
    sql = text(
        "SELECT id, ts_rank(to_tsvector('simple', search_text), q) AS rank "
        "FROM article, to_tsquery('simple', :q) AS q "
        "WHERE to_tsvector('simple', search_text) @@ q ORDER BY rank DESC, dated_at DESC LIMIT :limit"
    )
    rows = session.execute(sql, {"q": tsquery, "limit": limit}).all()
    return [SearchHit(int(r[0]), -float(r[1])) for r in rows]
