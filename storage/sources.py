"""Source rows: folders, feeds and pages read on the schedule (their leases are in `storage.leases`)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.models import Article, Source, SourceKind


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
