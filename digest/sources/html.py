"""Main text of a saved or fetched web page, with trafilatura."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import trafilatura

from digest.sources.model import parse_time


@dataclass(frozen=True)
class PageText:
    text: str
    title: str | None
    published: datetime | None
    url: str | None


def extract_page(html: str, url: str | None = None) -> PageText | None:
    """The article's text, title and published time (page metadata only); None if no article."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return None
    doc = doc.as_dict()
    if not (doc.get("text") or "").strip():
        return None
    return PageText(
        text=doc["text"],
        title=doc.get("title") or None,
        published=parse_time(doc.get("date")),
        url=doc.get("url") or None,
    )
