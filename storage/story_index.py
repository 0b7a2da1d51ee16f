"""Indexes behind online clustering: term statistics, story candidates by term, near-duplicate bands."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Text, any_, bindparam, delete, func, insert, literal_column, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from storage.models import Article, ArticleBand, Story, StoryArticle, StoryState, StoryTerm, TermStat, aware

DOCUMENTS = "__documents__"  # the term_stat row that counts the articles themselves


_PLACEMENT_LOCK_KEY = 0x6E617369  # "nasi": one article at a time is placed in the stories


def lock_for_placement(session: Session) -> None:
    """Hold the store's write lock until commit: two workers never both store one report as an original,
    nor both open a story for one event.

    Called before the checks that decide what an article is and where it goes (stored already? a
    near-copy? which story?): they then see every article another worker committed first.
    PostgreSQL takes a transaction-level advisory lock; SQLite's database lock is taken by a
    write that changes nothing.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.exec(text("SELECT pg_advisory_xact_lock(:key)").bindparams(key=_PLACEMENT_LOCK_KEY))  # type: ignore[call-overload]
    else:
        session.exec(text("UPDATE term_stat SET documents = documents WHERE 0"))  # type: ignore[call-overload]


def term_frequencies(session: Session, terms: Collection[str]) -> tuple[int, dict[str, int]]:
    """(number of articles, {term: articles containing it}) for the given terms."""
    wanted = _among(session, [*terms, DOCUMENTS])
    rows = dict(session.exec(select(TermStat.term, TermStat.documents).where(wanted)).all())
    return rows.pop(DOCUMENTS, 0), rows


def _among(session: Session, terms: list[str]) -> ColumnElement[bool]:
    """`term_stat.term` is one of `terms`, passed as one parameter rather than one per term.

    A story's IDF needs the frequencies of its candidates' whole centroids (up to 4,000 terms):
    an expanded IN list took longer to bind and compile than the lookup itself.
    """
    if session.get_bind().dialect.name == "postgresql":
        return col(TermStat.term) == any_(bindparam("terms", terms, type_=ARRAY(Text)))
    listed = select(literal_column("value")).select_from(func.json_each(bindparam("terms", json.dumps(terms))))
    return col(TermStat.term).in_(listed)


def count_terms(session: Session, terms: Collection[str]) -> None:
    """One more article containing each of `terms` (an upsert on both backends)."""
    values = [{"term": t, "documents": 1} for t in sorted({*terms, DOCUMENTS})]
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(TermStat).on_conflict_do_update(
        index_elements=["term"], set_={"documents": TermStat.documents + 1}
    )
    session.execute(statement, values)  # one cached statement, executed for many rows


def candidate_stories(session: Session, terms: Sequence[str], since: datetime, limit: int = 20) -> list[Story]:
    """Open stories seen since `since` that share the most of `terms`, best first."""
    ids = _candidate_ids(session, terms, since, limit)
    stories = {s.id: s for s in session.exec(select(Story).where(col(Story.id).in_(ids)))} if ids else {}
    return [stories[i] for i in ids if i in stories and stories[i].state is StoryState.OPEN]


def candidate_versions(session: Session, terms: Sequence[str], since: datetime, limit: int = 20) -> dict[int, int]:
    """{story id: member count} of the same candidates, without loading them: has anything changed?"""
    ids = _candidate_ids(session, terms, since, limit)
    if not ids:
        return {}
    query = select(Story.id, Story.member_count).where(col(Story.id).in_(ids), Story.state == StoryState.OPEN)
    return {story_id: count for story_id, count in session.exec(query) if story_id is not None}


def _candidate_ids(session: Session, terms: Sequence[str], since: datetime, limit: int) -> list[int]:
    if not terms:
        return []
    matches = func.count().label("matches")
    rows = session.exec(
        select(StoryTerm.story_id, matches)
        .where(col(StoryTerm.term).in_(list(terms)), StoryTerm.last_seen_at >= since)
        .group_by(StoryTerm.story_id)
        .order_by(matches.desc(), StoryTerm.story_id.desc())
        .limit(limit)
    ).all()
    return [story_id for story_id, _ in rows]


def index_story(session: Session, story: Story, terms: Sequence[str]) -> None:
    """Replace the story's index entries by `terms`, stamped with its latest article time."""
    session.execute(delete(StoryTerm).where(StoryTerm.story_id == story.id))
    rows = [{"story_id": story.id, "term": t, "last_seen_at": story.last_seen_at} for t in dict.fromkeys(terms)]
    if rows:  # one executemany: index rows need no ORM objects
        session.execute(insert(StoryTerm), rows)


def merge_stories(session: Session, absorbed: Story, into: Story) -> None:
    """Fold `absorbed` into `into`: its articles move; it stays, marked merged, pointing at `into`."""
    session.execute(update(StoryArticle).where(StoryArticle.story_id == absorbed.id).values(story_id=into.id))
    session.execute(delete(StoryTerm).where(StoryTerm.story_id == absorbed.id))
    absorbed.state = StoryState.MERGED
    absorbed.merged_into_id = into.id
    into.first_seen_at = min(aware(into.first_seen_at), aware(absorbed.first_seen_at))
    into.last_seen_at = max(aware(into.last_seen_at), aware(absorbed.last_seen_at))
    into.member_count += absorbed.member_count
    session.add_all([absorbed, into])


def near_duplicate_candidates(session: Session, bands: Sequence[str]) -> list[tuple[int, bytes]]:
    """(article id, MinHash signature) of stored originals sharing a band with `bands`.

    Two lookups, each by its index: the articles holding the bands, then those articles. In one joined
    query SQLite's planner walked the `duplicate_of_id IS NULL` index, every original in the store, so the
    lookup grew with the store (5 ms at 1,000 articles, 15 ms at 2,200; now flat).
    """
    holders = session.exec(select(ArticleBand.article_id).where(col(ArticleBand.band).in_(list(bands)))).all()
    if not holders:
        return []
    rows = session.exec(
        select(Article.id, Article.minhash, Article.duplicate_of_id).where(col(Article.id).in_(set(holders)))
    ).all()
    return [(i, signature) for i, signature, copy_of in rows if copy_of is None and signature is not None]


def add_bands(session: Session, article_id: int, bands: Sequence[str]) -> None:
    rows = [{"band": b, "article_id": article_id} for b in dict.fromkeys(bands)]
    if rows:
        session.execute(insert(ArticleBand), rows)
