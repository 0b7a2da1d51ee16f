"""`nashra analyze`: what Nashra sees in one document, without storing it."""

from __future__ import annotations

from typing import Any

from digest.pipeline import process
from digest.sources.model import Failure, RawArticle


def analyze_text(text: str, *, is_html: bool = False) -> dict[str, Any]:
    """Cleaned text, body sentences and summary of one document (CONTRACT shape of `analyze`)."""
    result = process(RawArticle(item="-", text=text, url="stdin:", is_html=is_html))
    if isinstance(result, Failure):
        return {
            "title": "",
            "text": "",
            "sentences": [],
            "summary": [],
            "entities": [],
            "error": result.message,
        }
    return {
        "title": result.title,
        "text": result.clean_text,
        "sentences": list(result.sentences),
        "summary": list(result.summary),
        "entities": [],
    }
