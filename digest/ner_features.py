"""Token features for the CRF entity tagger (pure): used to train it and to run it."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from digest.arabic import clitic_variants, is_arabic, light_stem, normalize
from digest.entity_lexicon import ORG_HEADS, TITLE_HEADS, first_names, gazetteer, nationality_adjectives

_PUNCT = re.compile(r"^[\W_]+$")
_DIGITS = re.compile(r"\d")


@cache
def _gazetteer_tags() -> dict[str, set[str]]:
    """Normalised word -> {B-KIND, I-KIND} for every word of every gazetteer name."""
    tags: dict[str, set[str]] = {}
    for alias, (kind, _) in gazetteer().items():
        for position, word in enumerate(alias):
            tags.setdefault(word, set()).add(("B-" if position == 0 else "I-") + kind)
    return tags


@lru_cache(maxsize=1 << 17)
def _word_features(token: str) -> dict[str, object]:
    """The features of one word, wherever it stands (cached: news repeats its words; never mutated)."""
    prefix = ""
    word = normalize(token)
    bare = min(clitic_variants(word), key=len) if is_arabic(word) else word
    readings = clitic_variants(word)
    features: dict[str, object] = {
        f"{prefix}w": word,
        f"{prefix}stem": light_stem(word),
        f"{prefix}bare": bare,
        f"{prefix}title": any(r in TITLE_HEADS for r in readings),
        f"{prefix}org_head": any(r in ORG_HEADS for r in readings),
        f"{prefix}first_name": any(r in first_names() for r in readings),
        f"{prefix}nationality": any(r in nationality_adjectives() for r in readings),
        f"{prefix}al": word.startswith("ال"),
    }
    for tag in {t for r in readings for t in _gazetteer_tags().get(r, ())}:
        features[f"{prefix}gaz_{tag}"] = True
    return features


def sentence_features(tokens: list[str]) -> list[dict[str, object]]:
    """One feature dict per token: the word, its shape, affixes, lexicon hits, and two words each side."""
    per_token = [_word_features(t) for t in tokens]
    result = []
    for i, token in enumerate(tokens):
        features: dict[str, object] = {"bias": 1.0, **per_token[i], **_shape(token), "first": i == 0}
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < len(tokens):
                features.update(_as_neighbour(tokens[j], offset))
            else:
                features[f"{offset}:edge"] = True
        result.append(features)
    return result


@lru_cache(maxsize=1 << 17)
def _shape(token: str) -> dict[str, object]:
    word = normalize(token)
    return {
        "suffix2": word[-2:],
        "suffix3": word[-3:],
        "prefix2": word[:2],
        "prefix3": word[:3],
        "punct": bool(_PUNCT.match(token)),
        "digit": bool(_DIGITS.search(token)),
        "latin": bool(re.search("[A-Za-z]", token)),
        "length": min(len(word), 8),
    }


@lru_cache(maxsize=1 << 18)
def _as_neighbour(token: str, offset: int) -> dict[str, object]:
    """A word's features as seen from `offset` words away (its stem and bare form left out)."""
    return {f"{offset}:{k}": v for k, v in _word_features(token).items() if not k.endswith(("stem", "bare"))}
