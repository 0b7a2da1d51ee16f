"""Reads and writes the rest of the code needs, as plain functions over a Session."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import func, or_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from storage.models import (
    Article,
    Source,
    SourceKind,
    SourceLine,
    Story,
    StoryArticle,
    StoryState,
    Summary,
    SummaryKind,
)

# --- articles ---------------------------------------------------------------


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


def count_articles(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Article)).one())


# --- stories ----------------------------------------------------------------


def recent_stories(session: Session, since: datetime) -> list[Story]:
    """Open stories with an article seen at or after `since`: the candidates a new article may join."""
    return list(session.exec(select(Story).where(Story.state == StoryState.OPEN, Story.last_seen_at >= since)))


def add_to_story(session: Session, story: Story, article: Article, similarity: float) -> StoryArticle:
    link = StoryArticle(story_id=story.id, article_id=article.id, similarity=similarity)  # type: ignore[arg-type]
    session.add(link)
    story.first_seen_at = min(aware(story.first_seen_at), aware(article.dated_at))
    story.last_seen_at = max(aware(story.last_seen_at), aware(article.dated_at))
    session.add(story)
    return link


class Member(NamedTuple):
    """What a digest or a card shows of a story's article: no texts, so big stories load light."""

    id: int
    title: str
    source_name: str
    url: str
    dated_at: datetime
    duplicate_of_id: int | None


def story_articles(session: Session, story_ids: Sequence[int]) -> dict[int, list[Member]]:
    """Member articles of each story, oldest first."""
    result: dict[int, list[Member]] = {sid: [] for sid in story_ids}
    if not story_ids:
        return result
    rows = session.exec(
        select(
            StoryArticle.story_id,
            Article.id,
            Article.title,
            Article.source_name,
            Article.url,
            Article.dated_at,
            Article.duplicate_of_id,
        )
        .join(Article, col(Article.id) == StoryArticle.article_id)
        .where(col(StoryArticle.story_id).in_(story_ids))
        .order_by(col(Article.dated_at), col(Article.id))
    )
    for story_id, *member in rows:
        result[story_id].append(Member(*member))
    return result


def story_of(session: Session, article_id: int) -> Story | None:
    link = session.exec(select(StoryArticle).where(StoryArticle.article_id == article_id)).first()
    return session.get(Story, link.story_id) if link else None


def story_size(session: Session, story_id: int) -> int:
    return int(session.exec(select(func.count()).where(StoryArticle.story_id == story_id)).one())


def recent_story_members(session: Session, story_id: int, limit: int) -> list[Article]:
    """The story's `limit` most recent articles, oldest first."""
    rows = session.exec(
        select(Article)
        .join(StoryArticle, col(StoryArticle.article_id) == Article.id)
        .where(StoryArticle.story_id == story_id)
        .order_by(col(Article.dated_at).desc(), col(Article.id).desc())
        .limit(limit)
    )
    return list(reversed(list(rows)))


def stories_with_articles_since(session: Session, since: datetime) -> list[int]:
    """Ids of the open stories that have at least one article dated at or after `since`.

    Driven from the window's articles (the date index), then their links (the unique index on
    article_id), in steps the planner cannot turn around: as one join PostgreSQL, misjudging a
    date range, hashed the whole story_article table.
    """
    article_ids = list(session.exec(select(Article.id).where(Article.dated_at >= since)))
    story_ids: set[int] = set()
    for chunk in _chunks(article_ids):
        story_ids.update(session.exec(select(StoryArticle.story_id).where(col(StoryArticle.article_id).in_(chunk))))
    found: list[int] = []
    for chunk in _chunks(sorted(story_ids)):
        query = select(Story.id).where(col(Story.id).in_(chunk), Story.state == StoryState.OPEN)
        found.extend(i for i in session.exec(query) if i is not None)
    return found


def _chunks(ids: Sequence[int | None], size: int = 5000) -> Iterator[list[int]]:
    """Id lists short enough for one IN (SQLite allows 32,766 parameters)."""
    kept = [i for i in ids if i is not None]
    for start in range(0, len(kept), size):
        yield kept[start : start + size]


def stories_by_id(session: Session, ids: Sequence[int]) -> dict[int, Story]:
    if not ids:
        return {}
    return {s.id: s for s in session.exec(select(Story).where(col(Story.id).in_(ids))) if s.id is not None}


# --- summaries --------------------------------------------------------------


def save_summary(
    session: Session,
    kind: SummaryKind,
    sentences: Sequence[str],
    *,
    article_id: int | None = None,
    story_id: int | None = None,
    method: str = "lexrank",
) -> Summary:
    """Insert or replace the summary of one article or one story."""
    existing = session.exec(
        select(Summary).where(Summary.kind == kind, Summary.article_id == article_id, Summary.story_id == story_id)
    ).first()
    summary = existing or Summary(kind=kind, article_id=article_id, story_id=story_id)
    summary.sentences = list(sentences)
    summary.method = method
    session.add(summary)
    return summary


def summaries_for(session: Session, kind: SummaryKind, ids: Sequence[int]) -> dict[int, list[str]]:
    if not ids:
        return {}
    key = Summary.story_id if kind is SummaryKind.STORY else Summary.article_id
    # By the target's own index only: with `kind` in the WHERE clause SQLite (without ANALYZE
    # statistics) walks the (kind, article, story) index over every summary of that kind.
    rows = session.exec(select(key, Summary.kind, Summary.sentences).where(col(key).in_(ids)))
    return {target: list(sentences) for target, of_kind, sentences in rows if target is not None and of_kind == kind}


# --- sources ----------------------------------------------------------------


def list_sources(session: Session) -> list[Source]:
    return list(session.exec(select(Source).order_by(col(Source.id))))


def find_source(session: Session, location: str) -> Source | None:
    return session.exec(select(Source).where(Source.location == location)).first()


def add_source(session: Session, *, name: str, kind: SourceKind, location: str, poll_interval: int) -> Source:
    source = Source(name=name, kind=kind, location=location, poll_interval=poll_interval)
    session.add(source)
    session.flush()
    return source


def remove_source(session: Session, source_id: int) -> Source | None:
    """Delete a source; its articles stay, detached from it."""
    source = session.get(Source, source_id)
    if source is None:
        return None
    for article in session.exec(select(Article).where(Article.source_id == source_id)):
        article.source_id = None
        session.add(article)
    session.delete(source)
    return source


def aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# --- template lines -----------------------------------------------------------


def line_counts(session: Session, source_name: str, keys: Collection[str]) -> list[tuple[str, int]]:
    """(key, articles) for those of `keys` already counted for this source."""
    if not keys:
        return []
    rows = session.exec(
        select(SourceLine.line_key, SourceLine.documents).where(
            SourceLine.source_name == source_name, col(SourceLine.line_key).in_(list(keys))
        )
    )
    return [(key, documents) for key, documents in rows]


def count_lines(session: Session, source_name: str, keys: Collection[str]) -> None:
    """Add one article's occurrence to each line key of this source (an upsert on both backends)."""
    if not keys:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    now = datetime.now(UTC)
    statement = insert(SourceLine).values(
        [
            {"source_name": source_name, "line_key": k, "documents": 1, "created_at": now, "updated_at": now}
            for k in sorted(keys)
        ]
    )
    statement = statement.on_conflict_do_update(
        index_elements=["source_name", "line_key"],
        set_={"documents": SourceLine.documents + 1, "updated_at": now},
    )
    session.execute(statement)
