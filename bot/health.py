"""`nashra health`: is the database reachable and current, and how are the sources doing.

The container's HEALTHCHECK runs it: it fails (exit 1, one line on stderr) when the
database cannot be opened or migrated; failing sources are reported, not fatal, since
one broken feed must not restart the bot.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, text
from sqlmodel import Session, col, select

from storage.models import Article, Source, SourceState, Story


def health_report(engine: Engine) -> dict[str, Any]:
    with Session(engine) as session:
        revision = session.exec(text("SELECT version_num FROM alembic_version")).scalar()  # type: ignore[call-overload]
        articles = session.exec(select(func.count()).select_from(Article)).one()
        stories = session.exec(select(func.count()).select_from(Story)).one()
        newest = session.exec(select(func.max(Article.fetched_at))).one()
        sources = session.exec(select(Source.state, Source.error_count, Source.lease_owner)).all()
        leased = session.exec(select(func.count()).select_from(Source).where(col(Source.lease_owner).is_not(None)))
    return {
        "database": engine.url.get_backend_name(),
        "schema": revision,
        "articles": articles,
        "stories": stories,
        "last_fetched_at": newest.isoformat() if newest else None,
        "sources": {
            "active": sum(1 for state, _, _ in sources if state is SourceState.ACTIVE),
            "disabled": sum(1 for state, _, _ in sources if state is SourceState.DISABLED),
            "failing": sum(1 for state, errors, _ in sources if state is SourceState.ACTIVE and errors),
            "leased": leased.one(),
        },
    }
