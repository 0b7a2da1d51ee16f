"""Full-text search over articles: SQLite FTS5 or PostgreSQL full-text, behind one function.

The index holds `article.search_text` (every word with all its clitic readings,
made by the caller's normaliser); a query is a list of words, each given as
its alternative index forms, and all words must match.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlmodel import Session

WINDOWS = (timedelta(days=1), timedelta(days=7), timedelta(days=30), timedelta(days=180))
# PostgreSQL indexes each article's day and week as lexemes (migration 0010), as
# `nashra_time_lexemes` writes them: prefix, bucket length in seconds.
_BUCKETS = (("~d", 86400), ("~w", 604800))
_MAX_BUCKETS = 8
_INDEXED = "(search_vector || nashra_time_lexemes(dated_at))"  # the GIN index's expression
RANKED_POOL = 100  # PostgreSQL ranks at most this many of a window's newest matches
_SAFE_TERM = re.compile(r"^[^\W_]+$", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    rank: float


def search_articles(
    session: Session, query: Sequence[Sequence[str]], limit: int = 20, *, newest_first: bool = False
) -> list[SearchHit]:
    """Articles matching every query word (each a tuple of alternative forms), best first.

    News search wants the best of the recent: matches are taken from the newest day, then week,
    month, half year, or all time, whichever first holds `limit` of them, and ranked there. So a
    common word costs one window's matches, not every article that ever used it. With
    `newest_first` the window's newest matches come unranked (for counting, where order is moot).
    """
    words = [[t for t in alternatives if _SAFE_TERM.match(t)] for alternatives in query]
    words = [w for w in words if w]
    if not words:
        return []
    newest = session.execute(text("SELECT max(dated_at) FROM article")).scalar()
    if newest is None:
        return []
    newest = newest if isinstance(newest, datetime) else datetime.fromisoformat(str(newest))
    in_window = _sqlite_hits if session.get_bind().dialect.name == "sqlite" else _postgresql_hits
    hits: list[SearchHit] = []
    probed = False
    for window in (*WINDOWS, None):
        since = newest - window if window is not None else None
        hits = in_window(session, words, since, newest, limit, newest_first)
        if len(hits) >= limit:
            break
        if not hits and not probed and since is not None:  # nothing of late: is there anything at all?
            probed = True
            if not _matches_anywhere(session, words):
                break
    return hits


def _matches_anywhere(session: Session, words: list[list[str]]) -> bool:
    """Whether any article matches (an index lookup, no ranking): a name nobody wrote about, say,
    is then answered at once instead of by searching every wider window in turn."""
    if session.get_bind().dialect.name == "sqlite":
        sql = text("SELECT EXISTS (SELECT 1 FROM article_fts WHERE article_fts MATCH :match)")
        return bool(session.execute(sql, {"match": _fts_match(words)}).scalar())
    # MATERIALIZED, for the reason in `_postgresql_hits`: a bare EXISTS is planned as a table scan
    # that expects a match within the first rows.
    matches = f"SELECT id FROM article WHERE {_INDEXED} @@ to_tsquery('simple', :q)"
    sql = text(f"WITH matches AS MATERIALIZED ({matches}) SELECT EXISTS (SELECT 1 FROM matches)")
    return bool(session.execute(sql, {"q": _tsquery(words)}).scalar())


def _fts_match(words: list[list[str]]) -> str:
    return " AND ".join("(" + " OR ".join(f'"{t}"' for t in w) + ")" for w in words)


def _tsquery(words: list[list[str]]) -> str:
    return " & ".join("(" + " | ".join(w) + ")" for w in words)


def _sqlite_hits(
    session: Session, words: list[list[str]], since: datetime | None, _: datetime, limit: int, newest_first: bool
) -> list[SearchHit]:
    """FTS5's own BM25 rank (cheap: it reads the index, not the rows)."""
    match = _fts_match(words)
    first_id = 0
    if since is not None:  # ids grow with time, and FTS5 narrows by rowid without ranking the rest
        stored_form = since.strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLAlchemy writes datetimes to SQLite
        # INDEXED BY: left alone, SQLite answers min(id) by walking the whole table in id order.
        first = text("SELECT min(id) FROM article INDEXED BY ix_article_dated_at WHERE dated_at >= :since")
        first_id = session.execute(first, {"since": stored_form}).scalar() or 0
    order = "rowid DESC" if newest_first else "rank, rowid DESC"
    sql = text(
        "SELECT rowid, rank FROM article_fts WHERE article_fts MATCH :match AND rowid >= :first "
        f"ORDER BY {order} LIMIT :limit"
    )
    rows = session.execute(sql, {"match": match, "first": first_id, "limit": limit}).all()
    return [SearchHit(int(r[0]), float(r[1])) for r in rows]


def _postgresql_hits(
    session: Session, words: list[list[str]], since: datetime | None, newest: datetime, limit: int, newest_first: bool
) -> list[SearchHit]:
    """ts_rank over the window's newest `RANKED_POOL` matches: ranking reads each row's whole vector
    (about 0.1 ms a row at a million articles), so a common word's thousand matches a day are not all ranked."""
    tsquery = _tsquery(words)
    # The index is on words and time lexemes together; a short window's query names its days or
    # weeks, so GIN reads the window's short list instead of every use of the word. A long window
    # holds too much of the store for that to pay: the words alone, then the date.
    span = time_span(since, newest) if since is not None else None
    query = "to_tsquery('simple', :q)" if span is None else "(to_tsquery('simple', :q) && CAST(:span AS tsquery))"
    where = f"{_INDEXED} @@ {query}" + (" AND dated_at >= :since" if since is not None else "")
    # MATERIALIZED: the matches are found through the index first. Left to itself, the planner
    # may walk the date index newest first, testing every row's words, to fill the LIMIT early:
    # for a rare pair of words that read most of the table (40 s at a million articles).
    pool = (
        f"WITH matches AS MATERIALIZED (SELECT id, dated_at FROM article WHERE {where}), "
        "newest AS (SELECT id FROM matches ORDER BY dated_at DESC, id DESC LIMIT :pool) "
    )
    if newest_first:
        sql = text(f"{pool}SELECT id, 0.0 AS rank FROM newest")
    else:
        sql = text(
            f"{pool}SELECT a.id, ts_rank(a.search_vector, to_tsquery('simple', :q)) AS rank "
            "FROM article AS a JOIN newest ON newest.id = a.id ORDER BY rank DESC, a.dated_at DESC LIMIT :limit"
        )
    pool_size = limit if newest_first else max(limit, RANKED_POOL)
    rows = session.execute(sql, {"q": tsquery, "span": span, "since": since, "pool": pool_size, "limit": limit}).all()
    return [SearchHit(int(r[0]), -float(r[1])) for r in rows]


def time_span(since: datetime, until: datetime) -> str | None:
    """A tsquery for "dated between `since` and `until`" in the finest buckets that take at most
    eight terms, or None for a window too long for any (then the date alone bounds it).

    The buckets cover the window and a little more on its older side; the exact bound is
    checked on the row. Lexemes are as migration 0010's `nashra_time_lexemes` writes them.
    """
    start, end = (t.timestamp() if t.tzinfo else t.replace(tzinfo=UTC).timestamp() for t in (since, until))
    for prefix, seconds in _BUCKETS:
        first, last = math.floor(start / seconds), math.floor(end / seconds)
        if last - first < _MAX_BUCKETS:
            return " | ".join(f"'{prefix}{n}'" for n in range(first, last + 1))
    return None
