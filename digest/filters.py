"""Does a story match a reader's word? The same matching as search: normalised (hamza, taa marbuta,
alef maqsura, diacritics), attached prefixes (و ف ب ل ك ال) ignored, whole words only."""

from __future__ import annotations

from collections.abc import Iterable

from digest.arabic import query_alternatives, search_terms


def index_of(texts: Iterable[str]) -> frozenset[str]:
    """The index forms of every word of these texts (a story's titles, summary and names)."""
    return frozenset(term for text in texts for term in search_terms(text).split())


def matches(word: str, index: frozenset[str]) -> bool:
    """Is `word` in the texts `index` was made from, in any of its written forms?"""
    return any(form in index for form in query_alternatives(word))


def keep(index: frozenset[str], muted: Iterable[str], only: Iterable[str]) -> bool:
    """A story stays unless it matches a muted word; with `only` words, it must also match one of them."""
    only = list(only)
    if any(matches(word, index) for word in muted):
        return False
    return not only or any(matches(word, index) for word in only)
