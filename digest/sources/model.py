"""What every source kind hands to the pipeline: raw articles, or failures with a reason."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Protocol


class FailureReason(StrEnum):
    EMPTY = "empty"
    BINARY = "binary"
    TOO_LARGE = "too_large"
    UNDECODABLE = "undecodable"
    BAD_JSON = "bad_json"
    NO_ARTICLE = "no_article"
    UNSUPPORTED = "unsupported"  # a document format that is not an article file (.pdf, .docx ...)
    UNREADABLE = "unreadable"
    OUTSIDE_FOLDER = "outside_folder"
    NOT_FOUND = "not_found"
    REFUSED = "refused"  # a URL (or a redirect) towards loopback or a private network
    UNREACHABLE = "unreachable"
    HTTP_ERROR = "http_error"
    NOT_A_FEED = "not_a_feed"


@dataclass(frozen=True)
class Failure:
    """An item that gave no article, and why, in words a person understands."""

    item: str
    reason: FailureReason
    detail: str

    @property
    def message(self) -> str:
        return self.detail


@dataclass(frozen=True)
class RawArticle:
    """An article as a source gave it, before cleaning."""

    item: str
    text: str
    url: str
    title: str | None = None
    published: datetime | None = None
    source: str | None = None
    is_html: bool = False
    guid: str | None = None  # a feed entry's id: the same entry is never stored twice


class WebSource(Protocol):
    """A feed or page to read, with what its last answer said (for conditional requests)."""

    name: str
    location: str
    etag: str | None
    last_modified: str | None


_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


def looks_like_html(text: str) -> bool:
    """Is this text HTML (a saved page, a feed entry's HTML body) rather than plain text?"""
    return _TAG.search(text) is not None


def parse_time(value: object) -> datetime | None:
    """An aware UTC datetime from ISO 8601 or RFC 2822 text; None when absent or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
