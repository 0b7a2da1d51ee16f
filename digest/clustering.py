"""Online story clustering: does a new article belong to a recent story? (pure functions)

Following Miranda et al. 2018 ("Multilingual Clustering of Streaming News"), an article
and a story are compared through sub-scores — an IDF-weighted cosine of their
light-stemmed term vectors (title words count triple) and an IDF-weighted overlap of
their named entities — combined and then damped by the time between them. The caller
finds the candidate stories through an inverted index (`index_terms`, `query_terms`),
so the work per article stays flat as the store grows.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache, lru_cache

from digest.arabic import light_stem, normalize, words
from digest.summarize import arabic_stop_words

TermVector = dict[str, float]
Idf = Callable[[str], float]

_TITLE_WEIGHT = 3.0
_MAX_TERMS = 80
_MAX_CENTROID_TERMS = 200
_MIN_TERM_LENGTH = 2
ENTITY_PREFIX = "e:"


@dataclass(frozen=True)
class ClusterSettings:
    terms_weight: float = 0.7
    entities_weight: float = 0.3
    join_threshold: float = 0.3  # the store's decision before #15 (README, Stories); digest/story_core.py replaces it
    merge_threshold: float = 0.6  # two stories this similar are one
    same_event_days: float = 10.0  # no penalty within 10 days of the story: previews, the day, analyses
    decay_days: float = 7.0  # beyond it, the score falls by a factor e every this many days


DEFAULT_SETTINGS = ClusterSettings()


@dataclass(frozen=True)
class Signals:
    """What clustering knows about an article or a story."""

    terms: Mapping[str, float]
    entities: Mapping[str, float]  # entity key -> weight (1 for an article, member count for a story)
    first_seen: datetime
    last_seen: datetime
    story_id: int | None = None


def term_vector(title: str, paragraphs: Sequence[str]) -> TermVector:
    """Log-tf weights of content-word stems (title words count triple), the strongest terms kept."""
    counts: Counter[str] = Counter()
    for weight, text in ((_TITLE_WEIGHT, title), *((1.0, p) for p in paragraphs)):
        for stem in _content_stems(text):
            counts[stem] += weight
    return {t: round(1.0 + math.log(c), 4) for t, c in counts.most_common(_MAX_TERMS)}


def entity_keys(names: Iterable[str]) -> list[str]:
    return sorted({_entity_term(n) for n in names})


@lru_cache(maxsize=1 << 16)
def _entity_term(name: str) -> str:
    """The index term of one entity name (cached: every candidate story's names are keyed per article)."""
    return ENTITY_PREFIX + " ".join(normalize(name).split())


def _content_stems(text: str) -> list[str]:
    stops = arabic_stop_words()
    return [light_stem(w) for w in words(text) if w not in stops and len(w) > _MIN_TERM_LENGTH and not w.isdigit()]


TRUSTED_DOCUMENTS = 500  # below this many stored articles, IDF is shrunk towards uniform weights


def idf_from(documents: int, frequencies: Mapping[str, int]) -> Idf:
    """Smoothed IDF from document frequencies, trusted in proportion to the documents behind it.

    In a near-empty store every term looks rare or everywhere; shrinking towards 1 then
    lets plain term overlap decide until the statistics mean something.
    """
    total = max(documents, 1)
    trust = min(1.0, documents / TRUSTED_DOCUMENTS)

    @cache  # one article compares its terms with twenty stories': each term's weight is worked out once
    def idf(term: str) -> float:
        return 1.0 + trust * math.log((total + 1) / (frequencies.get(term, 0) + 1))

    return idf


def weighted_cosine(a: Mapping[str, float], b: Mapping[str, float], idf: Idf) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b[t] * idf(t) ** 2 for t, v in a.items() if t in b)
    if not dot:
        return 0.0
    return dot / (_norm(a, idf) * _norm(b, idf))


def _norm(vector: Mapping[str, float], idf: Idf) -> float:
    return math.sqrt(sum((v * idf(t)) ** 2 for t, v in vector.items()))


def entity_overlap(article: Mapping[str, float], story: Mapping[str, float], idf: Idf) -> float:
    """Share of the article's entities (weighted by how rare they are) that the story has too."""
    total = sum(idf(e) for e in article)
    return sum(idf(e) for e in article if e in story) / total if total else 0.0


def time_factor(article: Signals, story: Signals, settings: ClusterSettings) -> float:
    """1 within `same_event_days` of the story's span; then falling off exponentially."""
    if article.last_seen < story.first_seen:
        gap = story.first_seen - article.last_seen
    elif article.first_seen > story.last_seen:
        gap = article.first_seen - story.last_seen
    else:
        gap = timedelta(0)
    excess = max(0.0, gap.total_seconds() / 86400 - settings.same_event_days)
    return math.exp(-excess / settings.decay_days)


def similarity(article: Signals, story: Signals, idf: Idf, settings: ClusterSettings = DEFAULT_SETTINGS) -> float:
    score = settings.terms_weight * weighted_cosine(article.terms, story.terms, idf)
    if article.entities:
        score += settings.entities_weight * entity_overlap(article.entities, story.entities, idf)
    else:
        score /= settings.terms_weight  # no entities to compare: the terms decide alone
    return score * time_factor(article, story, settings)


def best_story(
    article: Signals, candidates: Iterable[Signals], idf: Idf, settings: ClusterSettings = DEFAULT_SETTINGS
) -> tuple[int, float] | None:
    """The story (id, score) the article should join, or None to start a new one."""
    scored = [(c.story_id, similarity(article, c, idf, settings)) for c in candidates if c.story_id is not None]
    best = max(scored, key=lambda pair: pair[1], default=None)
    return best if best is not None and best[1] >= settings.join_threshold else None  # type: ignore[return-value]


def add_vectors(base: Mapping[str, float], extra: Mapping[str, float], limit: int = _MAX_CENTROID_TERMS) -> TermVector:
    """Sum of two term vectors, the strongest `limit` terms kept (a story's centroid grows this way)."""
    total: Counter[str] = Counter(base)
    total.update(extra)
    return {t: round(v, 4) for t, v in total.most_common(limit)}


def top_terms(vector: Mapping[str, float], idf: Idf, k: int) -> list[str]:
    """The `k` terms that say most about a vector: weight × IDF."""
    return [t for t, _ in sorted(vector.items(), key=lambda tv: (-tv[1] * idf(tv[0]), tv[0]))[:k]]


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Plain cosine, for titles and sentences (no IDF)."""
    return weighted_cosine(a, b, lambda _: 1.0)


def centroid(vectors: Iterable[Mapping[str, float]]) -> TermVector:
    total: TermVector = {}
    for vector in vectors:
        total = add_vectors(total, vector)
    return total
