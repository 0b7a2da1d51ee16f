"""The digest: the stories of the last hours, best first, each with its summary and every member article."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from digest.ranking import StoryStats, quick_sources, rank_stories
from storage import stories
from storage.models import Story, SummaryKind, aware
from storage.stories import Member


def digest_report(engine: Engine, *, hours: int = 24, limit: int = 10, now: datetime | None = None) -> dict[str, Any]:
    """The stories of the last `hours`, most important first, each with its summary and every member article."""
    now = now or datetime.now(UTC)
    since = now - timedelta(hours=hours)
    with Session(engine) as session:
        members = stories.story_articles(session, stories.stories_with_articles_since(session, since))
        ranked = rank_stories([_stats(story_id, articles, since) for story_id, articles in members.items()], now)
        shown = [s.story_id for s in ranked[:limit]]
        rows = stories.stories_by_id(session, shown)  # only the shown stories' rows and summaries are read
        summaries = stories.summaries_for(session, SummaryKind.STORY, shown)
    return {
        "generated_at": now.isoformat(),
        "hours": hours,
        "stories": [
            {
                "id": s.story_id,
                "title": rows[s.story_id].title,
                "summary": summaries.get(s.story_id, []),
                "sources": s.sources,
                "latest_at": s.latest.isoformat(),
                "articles": [_article_ref(a) for a in members[s.story_id]],
                "entities": _names(rows[s.story_id], len(members[s.story_id])),
            }
            for s in ranked[:limit]
        ],
    }


def _stats(story_id: int, articles: list[Member], since: datetime) -> StoryStats:
    in_window = [a for a in articles if aware(a.dated_at) >= since]
    return StoryStats(
        story_id=story_id,
        sources=len({a.source_name for a in articles}),
        latest=max(aware(a.dated_at) for a in in_window),
        quick_sources=quick_sources([(a.source_name, aware(a.dated_at)) for a in articles]),
        news=any(a.kind == "news" for a in articles),
    )


def _names(story: Story, articles: int) -> list[str]:
    """What the story is about (`Story.names`, chosen when it was placed or grew)."""
    return story.names if story.names is not None else _top_entities(story.entities, articles)


def _top_entities(counts: dict[str, int], articles: int, limit: int = 5) -> list[str]:
    """For stories placed before they were named: the names most of their articles mention."""
    shared = {n: c for n, c in counts.items() if c >= 2} if articles >= 2 else counts
    return [name for name, _ in sorted((shared or counts).items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def _article_ref(article: Member) -> dict[str, Any]:
    ref: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "source": article.source_name,
        "url": article.url,
    }
    if article.duplicate_of_id is not None:
        ref["duplicate_of"] = article.duplicate_of_id
    return ref
