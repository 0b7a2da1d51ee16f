"""Stories, their member articles and the summaries of articles and stories."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from storage.articles import shown_url
from storage.models import Article, Story, StoryArticle, StoryState, Summary, SummaryKind, aware


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
    kind: str  # news, opinion, poll, caption, list


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
            shown_url(),
            Article.dated_at,
            Article.duplicate_of_id,
            Article.kind,
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


def set_title_if_unchanged(
    session: Session, story_id: int, title: str, member_count: int, names: list[str] | None = None
) -> bool:
    """Retitle a story (and name what it is about) unless it has gained members since `member_count` was
    read (then: False)."""
    statement = (
        update(Story)
        .where(col(Story.id) == story_id, col(Story.member_count) == member_count)
        .values(title=title, names=names, updated_at=datetime.now(UTC))
    )
    return session.execute(statement).rowcount == 1  # type: ignore[attr-defined]


def titles_of(session: Session, story_ids: Sequence[int]) -> dict[int, str]:
    if not story_ids:
        return {}
    rows = session.exec(select(Story.id, Story.title).where(col(Story.id).in_(list(story_ids)))).all()
    return {story_id: title for story_id, title in rows if story_id is not None}


def stories_of_articles(session: Session, article_ids: Sequence[int]) -> dict[int, int]:
    """{article id: story id} for these articles."""
    if not article_ids:
        return {}
    rows = session.exec(
        select(StoryArticle.article_id, StoryArticle.story_id).where(col(StoryArticle.article_id).in_(article_ids))
    ).all()
    return dict(rows)


def story_members(session: Session, story_id: int) -> list[Article]:
    """Every member article of a story (full rows), oldest first."""
    query = (
        select(Article)
        .join(StoryArticle, col(StoryArticle.article_id) == Article.id)
        .where(StoryArticle.story_id == story_id)
        .order_by(col(Article.dated_at), col(Article.id))
    )
    return list(session.exec(query))


def move_members(session: Session, article_ids: Sequence[int], story_id: int) -> None:
    """Move these articles, and the republished copies of them, into another story."""
    copies = select(Article.id).where(col(Article.duplicate_of_id).in_(list(article_ids)))
    session.execute(
        update(StoryArticle)
        .where(or_(col(StoryArticle.article_id).in_(list(article_ids)), col(StoryArticle.article_id).in_(copies)))
        .values(story_id=story_id)
    )


def save_story_summary_if_none(session: Session, story_id: int, sentences: Sequence[str], names: list[str]) -> None:
    """A story's first summary and names (a story of one article); a story summarised already keeps its own."""
    if summaries_for(session, SummaryKind.STORY, [story_id]):
        return
    save_summary(session, SummaryKind.STORY, sentences, story_id=story_id)
    session.execute(update(Story).where(col(Story.id) == story_id).values(names=names))
