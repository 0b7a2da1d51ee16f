"""What is learnt per outlet: how many of its articles each short line occurred in (template lines)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from storage.models import SourceLine


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
