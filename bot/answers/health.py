"""`nashra health`: is the database reachable and current, and how are the sources doing.

The container's HEALTHCHECK runs it: it fails (exit 1, one line on stderr) when the
database cannot be opened or migrated; failing sources are reported, not fatal, since
one broken feed must not restart the bot.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from storage.health import store_counts


def health_report(engine: Engine) -> dict[str, Any]:
    with Session(engine) as session:
        counts = store_counts(session)
    return {
        "database": engine.url.get_backend_name(),
        "schema": counts.revision,
        "articles": counts.articles,
        "stories": counts.stories,
        "last_fetched_at": counts.last_fetched_at.isoformat() if counts.last_fetched_at else None,
        "sources": {
            "active": counts.sources_active,
            "disabled": counts.sources_disabled,
            "failing": counts.sources_failing,
            "leased": counts.sources_leased,
        },
    }
