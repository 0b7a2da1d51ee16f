"""RSS and Atom feeds: bytes in, entries out (feedparser); fetching lives in `http`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from time import struct_time

import feedparser

from digest.sources.model import Failure, FailureReason

TEASER_WORDS = 60  # an entry with less text than this only points at its article
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class FeedEntry:
    guid: str
    url: str
    title: str | None
    text: str  # the entry's content or summary, as HTML or text
    published: datetime | None

    @property
    def is_teaser(self) -> bool:
        return len(_plain(self.text).split()) < TEASER_WORDS or _plain(self.text).rstrip().endswith(("...", "…"))


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: tuple[FeedEntry, ...]


def parse_feed(data: bytes, url: str) -> Feed | Failure:
    """Entries of an RSS/Atom document; a Failure for an HTML page, an error page or garbage."""
    parsed = feedparser.parse(data, response_headers={"content-location": url})
    version = parsed.get("version") or ""
    if not version:
        head = data[:512].lstrip().lower()
        looks_html = head.startswith((b"<!doctype html", b"<html")) or b"<html" in head
        what = "an HTML page" if looks_html else "not an RSS or Atom feed"
        return Failure(url, FailureReason.NOT_A_FEED, f"{what} (no feed entries found)")
    entries = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        guid = entry.get("id") or link
        if not guid:
            continue
        content = entry.get("content") or []
        text = max((c.get("value", "") for c in content), key=len, default="") or entry.get("summary", "")
        entries.append(
            FeedEntry(
                guid=guid,
                url=link,
                title=entry.get("title"),
                text=text,
                published=_time(entry.get("published_parsed") or entry.get("updated_parsed")),
            )
        )
    return Feed(title=parsed.feed.get("title"), entries=tuple(entries))


def _time(value: struct_time | None) -> datetime | None:
    if value is None:
        return None
    return datetime(*value[:6], tzinfo=UTC)


def _plain(html: str) -> str:
    return _TAG.sub(" ", html)
