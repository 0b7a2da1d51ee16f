"""Article rows: finding stored articles, and what the read side needs of them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import ColumnElement, func, or_, update
from sqlmodel import Session, col, select

from storage.models import Article, aware


def shown_url() -> ColumnElement[str]:
    """An article's link as its source gave it (older rows have only the normalised one)."""
    return func.coalesce(Article.given_url, Article.url)


def find_article(session: Session, *, content_hash: str | None = None, url: str | None = None) -> Article | None:
    """The stored article with this body fingerprint or this URL, if any."""
    if content_hash is not None:
        found = session.exec(select(Article).where(Article.content_hash == content_hash)).first()
        if found is not None:
            return found
    if url is not None:
        return session.exec(select(Article).where(Article.url == url)).first()
    return None


def article_exists(session: Session, *, guid: str | None, url: str) -> bool:
    """Is an article with this feed GUID or this (normalised) URL stored?"""
    condition = Article.url == url if guid is None else or_(Article.url == url, Article.guid == guid)
    return session.exec(select(Article.id).where(condition).limit(1)).first() is not None


def articles_by_id(session: Session, ids: Sequence[int]) -> dict[int, Article]:
    if not ids:
        return {}
    return {a.id: a for a in session.exec(select(Article).where(col(Article.id).in_(ids))) if a.id is not None}


class SnippetSource(NamedTuple):
    """What a search result shows of an article."""

    id: int
    title: str
    clean_text: str
    source_name: str
    url: str
    normalized_text: str


def snippet_sources(session: Session, ids: Sequence[int]) -> dict[int, SnippetSource]:
    if not ids:
        return {}
    rows = session.exec(
        select(
            Article.id, Article.title, Article.clean_text, Article.source_name, shown_url(), Article.normalized_text
        ).where(col(Article.id).in_(list(ids)))
    ).all()
    return {row[0]: SnippetSource(*row) for row in rows if row[0] is not None}


def dates_of(session: Session, ids: Sequence[int], chunk: int = 5000) -> list[datetime]:
    """The dates of these articles (in no order), read in chunks short enough for one IN."""
    dates: list[datetime] = []
    for start in range(0, len(ids), chunk):
        query = select(Article.dated_at).where(col(Article.id).in_(list(ids[start : start + chunk])))
        dates.extend(aware(d) for d in session.exec(query))
    return dates


def titles_and_texts(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """{article id: (title, normalised body)}, for checking how a word occurs in them."""
    if not ids:
        return {}
    query = select(Article.id, Article.title, Article.normalized_text).where(col(Article.id).in_(list(ids)))
    return {i: (title, text) for i, title, text in session.exec(query) if i is not None}


def claim_unindexed(session: Session, article_id: int) -> bool:
    """Mark the article indexed; True if this transaction did (a concurrent one that did waits, then sees
    it done), False if it was indexed already."""
    statement = update(Article).where(col(Article.id) == article_id, ~col(Article.indexed)).values(indexed=True)
    return session.execute(statement).rowcount == 1  # type: ignore[attr-defined]


def unindexed(session: Session, stored_before: datetime, limit: int = 500) -> list[int]:
    """Articles stored (and placed) before this time whose counts and indexes were never written."""
    query = (
        select(Article.id)
        .where(~col(Article.indexed), col(Article.created_at) < stored_before)
        .order_by(col(Article.id))
        .limit(limit)
    )
    return [i for i in session.exec(query) if i is not None]
