"""A first online grouping of articles into stories: cosine similarity of light-stemmed term vectors.

Each new article is compared with the centroids of recent stories and joins the
best one above a threshold, or starts its own. Pure functions; the caller
chooses which stories are recent and stores the result.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from digest.arabic import light_stem, words
from digest.summarize import arabic_stop_words

TermVector = dict[str, float]

JOIN_THRESHOLD = 0.32
_TITLE_WEIGHT = 3.0
_MAX_TERMS = 80
_MIN_TERM_LENGTH = 2


def term_vector(title: str, paragraphs: Sequence[str]) -> TermVector:
    """Unit-length log-tf vector of content-word stems; title words count more."""
    counts: Counter[str] = Counter()
    for weight, text in ((_TITLE_WEIGHT, title), *((1.0, p) for p in paragraphs)):
        for stem in _content_stems(text):
            counts[stem] += weight
    weighted = {t: 1.0 + math.log(c) for t, c in counts.most_common(_MAX_TERMS)}
    return _unit(weighted)


def _content_stems(text: str) -> list[str]:
    stops = arabic_stop_words()
    return [light_stem(w) for w in words(text) if w not in stops and len(w) > _MIN_TERM_LENGTH and not w.isdigit()]


def _unit(vector: Mapping[str, float]) -> TermVector:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / norm for t, v in vector.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def centroid(vectors: Iterable[Mapping[str, float]]) -> TermVector:
    total: Counter[str] = Counter()
    for vector in vectors:
        total.update(vector)
    return _unit(total)


def best_story(
    vector: Mapping[str, float],
    candidates: Iterable[tuple[int, Mapping[str, float]]],
    threshold: float = JOIN_THRESHOLD,
) -> tuple[int, float] | None:
    """The candidate story (id, similarity) the article should join, or None to start a new story."""
    scored = ((story_id, cosine(vector, story_vector)) for story_id, story_vector in candidates)
    best = max(scored, key=lambda pair: pair[1], default=None)
    return best if best is not None and best[1] >= threshold else None
