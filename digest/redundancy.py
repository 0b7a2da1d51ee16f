"""When two sentences tell the same fact, across outlets too.

Outlets paraphrase one another: «زار أمير عسير المصابين في مستشفى عسير المركزي» and «تفقد سمو
أمير منطقة عسير المصابين الذين يتلقون العلاج» share few exact words. The similarity here is
the cosine of IDF-weighted light stems (stop words out), raised by the share of the facts
that pin a report down: its numbers and its rarer words (names), which paraphrases keep.
`bench/redundancy.py` measured it against a sentence embedding (multilingual USE) on
paraphrase pairs from SaudiNewsNet before it was chosen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from digest.arabic import light_stem, normalize, tokenize
from digest.lexrank import sentence_matrix

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
KEY_WEIGHT = 0.5  # how much shared numbers and names add to the stem cosine (bench/redundancy.py)
MIN_KEYS = 3


@lru_cache(maxsize=1 << 14)
def content_stems(sentence: str) -> tuple[str, ...]:
    """Light stems of a sentence's words, stop words left out."""
    from digest.summarize import arabic_stop_words

    stops = arabic_stop_words()
    return tuple(light_stem(w) for w in tokenize(normalize(sentence)) if w not in stops)


def numbers(sentence: str) -> frozenset[str]:
    """The numbers a sentence states (digits only: 13, 2.5), thousands separators ignored."""
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(normalize(sentence)))


def stem_similarity(stems: Sequence[Sequence[str]]) -> np.ndarray:
    """Cosine of IDF-weighted stem vectors, IDF taken over the sentences given."""
    vectors = sentence_matrix(stems)
    return vectors @ vectors.T


def fact_similarity(sentences: Sequence[str], stems: Sequence[Sequence[str]] | None = None) -> np.ndarray:
    """Stem cosine raised by shared numbers and rare stems: 1 on the diagonal, symmetric, in [0, 1].

    A stem counts as rare when it occurs in at most a fifth of the sentences (at least in one
    other); two sentences sharing most of their numbers and rare stems say the same thing
    even in other words.
    """
    stems = stems if stems is not None else [content_stems(s) for s in sentences]
    cosine = stem_similarity(stems)
    n = len(sentences)
    if n < 2:
        return cosine
    sets = [set(s) for s in stems]
    frequency: dict[str, int] = {}
    for words in sets:
        for w in words:
            frequency[w] = frequency.get(w, 0) + 1
    limit = max(2, n // 5)
    keys = [
        {w for w in words if 2 <= frequency[w] <= limit and len(w) >= 3} | numbers(s)
        for words, s in zip(sets, sentences, strict=True)
    ]
    keyed = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            shared = len(keys[i] & keys[j])
            if shared:  # over the smaller set, but never fewer than MIN_KEYS: one shared word is not a fact
                keyed[i, j] = keyed[j, i] = shared / max(min(len(keys[i]), len(keys[j])), MIN_KEYS)
    combined = np.clip(cosine + KEY_WEIGHT * keyed * (1.0 - cosine), 0.0, 1.0)
    np.fill_diagonal(combined, 1.0)
    return combined
