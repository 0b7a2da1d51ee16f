"""Source admin: folders, feeds and web pages with their health; OPML in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import Engine
from sqlmodel import Session

from digest.sources.http import check_address
from digest.sources.opml import FeedOutline, OpmlError, read_opml, write_opml
from digest.sources.urls import looks_like_feed, normalize_url
from storage import sources
from storage.engine import session_scope
from storage.models import Source, SourceKind


class SourceError(ValueError):
    """A source command that cannot be done: `key` names the message a person reads (`bot.messages`, with
    `values`); `str()` is the reason in English, for logs and JSON."""

    def __init__(self, key: str, detail: str, **values: object) -> None:
        super().__init__(detail)
        self.key = key
        self.values = values


def source_json(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "name": source.name,
        "kind": str(source.kind),
        "location": source.location,
        "state": str(source.state),
        "error_count": source.error_count,
        "last_error": source.last_error,
        "last_error_reason": source.last_error_reason,
        "last_success_at": source.last_success_at.isoformat() if source.last_success_at else None,
        "next_check_at": source.next_check_at.isoformat() if source.next_check_at else None,
    }


def list_sources(engine: Engine) -> list[dict[str, Any]]:
    with Session(engine) as session:
        return [source_json(s) for s in sources.list_sources(session)]


def add_source(
    engine: Engine,
    location: str,
    *,
    name: str | None = None,
    kind: SourceKind | None = None,
    poll_interval: int = 300,
    allow_private: bool = False,
) -> dict[str, Any]:
    """Register a folder, feed or web page as a source polled on the schedule."""
    if location.startswith(("http://", "https://")):
        refused = check_address(location, allow_private)
        if refused:
            raise SourceError("source_bad_address", refused, location=location)
        resolved = normalize_url(location)
        kind = kind or (SourceKind.FEED if looks_like_feed(resolved) else SourceKind.PAGE)
        name = name or urlparse(resolved).hostname or resolved
    else:
        path = Path(location).expanduser()
        if not path.is_dir():
            raise SourceError("source_not_folder", f"not a folder: {location}", location=location)
        resolved, kind, name = str(path.resolve()), SourceKind.FOLDER, name or path.resolve().name
    with session_scope(engine) as session:
        if sources.find_source(session, resolved) is not None:
            raise SourceError("source_exists", f"already a source: {resolved}", location=resolved)
        source = sources.add_source(session, name=name, kind=kind, location=resolved, poll_interval=poll_interval)
        return source_json(source)


def import_opml(engine: Engine, text: str, *, poll_interval: int = 300, allow_private: bool = False) -> dict[str, Any]:
    """Add every feed of an OPML document; feeds already present or refused are reported, not fatal."""
    try:
        outlines = read_opml(text)
    except OpmlError as exc:
        raise SourceError("opml_unreadable", str(exc)) from None
    added, skipped = [], []
    for outline in outlines:
        try:
            added.append(
                add_source(
                    engine,
                    outline.url,
                    name=outline.name,
                    kind=SourceKind.FEED,
                    poll_interval=poll_interval,
                    allow_private=allow_private,
                )
            )
        except SourceError as exc:
            skipped.append({"item": outline.url, "error": str(exc), "key": exc.key})
    return {"added": added, "skipped": skipped}


def export_opml(engine: Engine) -> str:
    with Session(engine) as session:
        feeds = [FeedOutline(s.location, s.name) for s in sources.list_sources(session) if s.kind is SourceKind.FEED]
    return write_opml(feeds)


def remove_source(engine: Engine, source_id: int) -> dict[str, Any]:
    with session_scope(engine) as session:
        source = sources.remove_source(session, source_id)
        if source is None:
            raise SourceError("source_missing", f"no source with id {source_id}", id=source_id)
        return source_json(source)
