"""`nashra analyze`: what Nashra sees in one document, without storing it."""

from __future__ import annotations

from typing import Any

from digest.arabic import normalize
from digest.entities import Entity, extract_entities
from digest.pipeline import ProcessedArticle, process
from digest.sources.model import Failure, RawArticle


def analyze_text(text: str, *, is_html: bool = False) -> dict[str, Any]:
    """Cleaned text, body sentences, summary and entities of one document (CONTRACT shape of `analyze`).

    Entity offsets point into `text` as given, so `text[start:end]` is the entity's text.
    """
    result = process(RawArticle(item="-", text=text, url="stdin:", is_html=is_html))
    if isinstance(result, Failure):
        return {"title": "", "text": "", "sentences": [], "summary": [], "entities": [], "error": result.message}
    entities = _entities_in_html(text, result) if is_html else _entities_in_kept_lines(text, result)
    return {
        "title": result.title,
        "text": result.clean_text,
        "sentences": list(result.sentences),
        "summary": list(result.summary),
        "entities": [
            {"text": e.text, "kind": e.kind, "start": e.start, "end": e.end, "canonical": e.canonical} for e in entities
        ],
    }


def _entities_in_kept_lines(text: str, article: ProcessedArticle) -> list[Entity]:
    """Entities of the input lines that made it into the article (title and body), not of page furniture."""
    kept = {_key(block.text) for block in article.clean.blocks} | {_key(article.title)}
    entities: list[Entity] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if _key(line) in kept:
            for e in extract_entities(line):
                entities.append(Entity(e.text, e.kind, e.start + offset, e.end + offset, e.canonical))
        offset += len(line)
    return entities


def _entities_in_html(html: str, article: ProcessedArticle) -> list[Entity]:
    """Entities of the extracted text, located in the page's source in order (those not found are left out)."""
    entities: list[Entity] = []
    cursor = 0
    for e in extract_entities(article.clean_text):
        found = html.find(e.text, cursor)
        if found >= 0:
            entities.append(Entity(e.text, e.kind, found, found + len(e.text), e.canonical))
            cursor = found + len(e.text)
    return entities


def _key(line: str) -> str:
    return " ".join(normalize(line).split())
