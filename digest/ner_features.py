"""Token features for the CRF entity tagger (pure): used to train it and to run it.

Fast by construction: a word's own features are worked out once per distinct word (cached) as
strings, and a token's window is its neighbours' cached strings with a position prefix, so
tagging costs a few list concatenations per token.
"""

from __future__ import annotations

import gzip
import re
from functools import cache, lru_cache
from importlib import resources

from digest.arabic import clitic_variants, is_arabic, light_stem, normalize_token
from digest.entity_lexicon import (
    ORG_HEADS,
    TITLE_HEADS,
    first_names,
    gazetteer,
    nationality_adjectives,
    word_zipf,
)

_PUNCT = re.compile(r"^[\W_]+$")
_DIGITS = re.compile(r"\d")
_LATIN = re.compile("[A-Za-z]")
_PROCLITICS = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "و", "ف", "ب", "ل", "ك")
_WINDOW = (-2, -1, 1, 2)
_NEAR = (-1, 1)
# Optional feature groups, compared by bench/train_ner.py --cv: "wiki" (how Wikipedia uses the word in names),
# "zipf" (how common the word is). The shipped model was trained with OPTIONS as set here.
OPTIONS: set[str] = {"wiki"}


@cache
def _wiki_names() -> dict[str, tuple[str, ...]]:
    """Normalised word -> its WikiFANE name features (digest/data/wiki_names.tsv.gz, CC BY-SA 3.0)."""
    data = gzip.decompress(resources.files("digest").joinpath("data/wiki_names.tsv.gz").read_bytes())
    table = {}
    for line in data.decode("utf-8").splitlines():
        if line.startswith("#"):
            continue
        word, share, tags = line.split("\t")
        table[word] = (f"wk={share}", *(f"wk={t}" for t in tags.split(",") if t))
    return table


@cache
def _gazetteer_tags() -> dict[str, frozenset[str]]:
    """Normalised word -> {B-KIND, I-KIND} for every word of every gazetteer name."""
    tags: dict[str, set[str]] = {}
    for alias, (kind, _) in gazetteer().items():
        for position, word in enumerate(alias):
            tags.setdefault(word, set()).add(("B" if position == 0 else "I") + kind)
    return {w: frozenset(t) for w, t in tags.items()}


@lru_cache(maxsize=1 << 17)
def split_proclitic(word: str) -> tuple[str, str]:
    """(attached prefix, rest) of a normalised word, the article kept with the rest:
    والصين → (و, الصين), للأمم → (ل, الامم), بالرياض → (ب, الرياض), محمد → ("", محمد)."""
    if not is_arabic(word):
        return "", word
    for prefix in _PROCLITICS:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            rest = word[len(prefix) :]
            if prefix.endswith("ال"):
                return prefix[:-2], "ال" + rest
            if prefix.endswith("لل"):
                return prefix[:-1], "ال" + rest
            return prefix, rest
    return "", word


@lru_cache(maxsize=1 << 17)
def word_features(token: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(own features, features seen from one word away, from two words away) of one word."""
    word = normalize_token(token)
    readings = clitic_variants(word)
    clitic, rest = split_proclitic(word)
    core = rest[2:] if rest.startswith("ال") and len(rest) > 4 else rest
    lexicon = [
        name
        for name, hit in (
            ("title", any(r in TITLE_HEADS for r in readings)),
            ("orghead", any(r in ORG_HEADS for r in readings)),
            ("fname", any(r in first_names() for r in readings)),
            ("nat", any(r in nationality_adjectives() for r in readings)),
        )
        if hit
    ]
    gazetteer_tags = sorted({t for r in readings for t in _gazetteer_tags().get(r, ())})
    shape = []
    if _PUNCT.match(token):
        shape.append("punct")
    if _DIGITS.search(token):
        shape.append("digit")
    if _LATIN.search(token):
        shape.append("latin")
    if rest.startswith("ال"):
        shape.append("al")
    if "wiki" in OPTIONS:
        lexicon += _wiki_names().get(rest, ())
    if "zipf" in OPTIONS and is_arabic(rest):
        shape.append(f"z={int(word_zipf(rest))}")
    near = (f"w={word}", f"r={rest}", *lexicon, *(f"g={t}" for t in gazetteer_tags), *shape)
    far = (f"w={word}", *lexicon, *(f"g={t}" for t in gazetteer_tags), *shape)
    own = (
        *near,
        f"c={core}",
        f"stem={light_stem(word)}",
        f"cl={clitic}",
        f"p2={core[:2]}",
        f"p3={core[:3]}",
        f"s1={core[-1:]}",
        f"s2={core[-2:]}",
        f"s3={core[-3:]}",
        f"len={min(len(core), 8)}",
    )
    return own, near, far


def sentence_features(tokens: list[str]) -> list[list[str]]:
    """One list of feature strings per token: the word, its affixes, lexicon hits, and two words each side."""
    per_token = [word_features(t) for t in tokens]
    words = [f[0][0] for f in per_token]
    n = len(tokens)
    result = []
    for i in range(n):
        features = ["bias", *per_token[i][0]]
        if i == 0:
            features.append("first")
        for offset in _WINDOW:
            j = i + offset
            if 0 <= j < n:
                features.extend(_shifted(per_token[j][1 if offset in _NEAR else 2], offset))
            else:
                features.append(f"{offset}:edge")
        if i > 0:
            features.append(f"bi-={words[i - 1]}|{words[i]}")
        if i + 1 < n:
            features.append(f"bi+={words[i]}|{words[i + 1]}")
        result.append(features)
    return result


@lru_cache(maxsize=1 << 18)
def _shifted(features: tuple[str, ...], offset: int) -> tuple[str, ...]:
    return tuple(f"{offset}:{f}" for f in features)
