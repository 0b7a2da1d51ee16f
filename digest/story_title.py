"""A representative headline for a story, chosen from its members' titles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from digest.arabic import normalize
from digest.clustering import cosine, term_vector

_MIN_WORDS = 4
_MAX_WORDS = 18


def story_title(members: Sequence[tuple[str, str]], story_centroid: Mapping[str, float]) -> str:
    """The member title (title, source name) closest to the story's centroid.

    Titles that are only a site name, cut off with "…", or very long are passed
    over while a proper headline exists.
    """
    if not members:
        return ""

    def score(member: tuple[str, str]) -> tuple[bool, float]:
        title, source = member
        n_words = len(title.split())
        proper = (
            _MIN_WORDS <= n_words <= _MAX_WORDS
            and not title.endswith("…")
            and normalize(title).strip() != normalize(source).strip()
        )
        return proper, cosine(term_vector(title, ()), story_centroid)

    return max(members, key=score)[0]
