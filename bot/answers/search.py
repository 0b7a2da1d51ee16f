"""Full-text search: articles holding every word asked (after normalisation, attached prefixes ignored)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from digest.arabic import clitic_variants, normalize, normalize_token
from digest.entity_linking import query_words, search_alternatives
from storage import articles
from storage.search import search_articles

SNIPPET_WORDS = 24


def search_report(engine: Engine, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Articles holding every word of `query` (after normalisation; attached prefixes ignored)."""
    terms = [search_alternatives(w) for w in query_words(query)]
    terms = [t for t in terms if t]
    with Session(engine) as session:
        ids = [h.article_id for h in search_articles(session, terms, limit=limit)]
        rows = articles.snippet_sources(session, ids)
    return [
        {
            "article_id": i,
            "title": rows[i].title,
            "snippet": snippet(rows[i].clean_text, terms, normalized=rows[i].normalized_text),
            "source": rows[i].source_name,
            "url": rows[i].url,
        }
        for i in ids
        if i in rows
    ]


_WORD_CHARS = re.compile(r"[^\W_]+")


def snippet(text: str, terms: list[tuple[str, ...]], width: int = SNIPPET_WORDS, normalized: str | None = None) -> str:
    """A window of the original text around the first word that matches a query term.

    `normalized` is `normalize(text)` where the caller has it stored: when no query term occurs in it
    (the hit was in the title), the head of the text is the snippet, without looking at every word.
    """
    wanted = {t for alternatives in terms for t in alternatives}
    tokens = re.findall(r"\S+", text)
    body = normalized if normalized is not None else normalize(text)
    in_body = any(t in body for t in wanted)
    for i, token in enumerate(tokens if in_body else []):
        if any(v in wanted for w in _WORD_CHARS.findall(normalize_token(token)) for v in clitic_variants(w)):
            start = max(0, i - width // 3)
            piece = " ".join(tokens[start : start + width])
            return ("… " if start else "") + piece + (" …" if start + width < len(tokens) else "")
    return " ".join(tokens[:width]) + (" …" if len(tokens) > width else "")
