"""How the store is doing, in counts: schema revision, articles, stories, sources by state."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, text
from sqlmodel import Session, select

from storage.models import Article, Source, SourceState, Story


class StoreCounts(NamedTuple):
    revision: str | None
    articles: int
    stories: int
    last_fetched_at: datetime | None
    sources_active: int
    sources_disabled: int
    sources_failing: int
    sources_leased: int


def store_counts(session: Session) -> StoreCounts:
    revision = session.exec(text("SELECT version_num FROM alembic_version")).scalar()  # type: ignore[call-overload]
    articles = session.exec(select(func.count()).select_from(Article)).one()
    stories = session.exec(select(func.count()).select_from(Story)).one()
    newest = session.exec(select(func.max(Article.fetched_at))).one()
    sources = session.exec(select(Source.state, Source.error_count, Source.lease_owner)).all()
    return StoreCounts(
        revision=revision,
        articles=articles,
        stories=stories,
        last_fetched_at=newest,
        sources_active=sum(1 for state, _, _ in sources if state is SourceState.ACTIVE),
        sources_disabled=sum(1 for state, _, _ in sources if state is SourceState.DISABLED),
        sources_failing=sum(1 for state, errors, _ in sources if state is SourceState.ACTIVE and errors),
        sources_leased=sum(1 for _, _, owner in sources if owner is not None),
    )
