"""When two sentences tell the same fact, across outlets too.

Outlets paraphrase one another: «زار أمير عسير المصابين في مستشفى عسير المركزي» and «تفقد سمو
أمير منطقة عسير المصابين الذين يتلقون العلاج» share few exact words. The similarity here is
the cosine of IDF-weighted light stems (stop words out), raised by the share of the facts
that pin a report down: its numbers and its rarer words (names), which paraphrases keep.
`bench/redundancy.py` measured it against a sentence embedding (multilingual USE) on
paraphrase pairs from SaudiNewsNet before it was chosen.

A symmetric similarity misses a sentence that repeats part of another and adds something:
«ويشارك في المعرض أكثر من ألف دار نشر، فيما تحل كوريا ضيف شرف» after «افتتح الوزير المعرض بمشاركة
أكثر من ألف دار نشر». `told_share` asks instead how much of a candidate is already told: its
amounts (`quantities`: digits and number words alike, each with what it counts) and its content
words, against everything chosen so far.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from digest.arabic import clitic_variants, light_stem, normalize, tokenize
from digest.lexrank import sentence_matrix
from digest.quantities import Quantity, amount_keys, quantities
from digest.sentences import normalized

KEY_WEIGHT = 0.5  # how much shared numbers and names add to the stem cosine (bench/redundancy.py)
MIN_KEYS = 3
AMOUNT_WEIGHT = 4.0  # an amount with what it counts weighs as much as four content words (bench: events_dev pairs)
HEAD_WORDS = 4  # a main clause holds at least this many content words
_CLAUSE_BREAK = re.compile(r"[،,؛;:]|\s(?=(?:فيما|بينما|في حين|حيث|كما|مما|بعدما|بعد أن|إلا أن|غير أن)\s)")
# When a thing happened is not what happened: these words never make two sentences one fact.
_TIME_WORDS = (
    "اليوم", "أمس", "غدا", "غداً", "صباح", "مساء", "ظهر", "عصر", "فجر", "الليلة", "أول", "الماضي", "المقبل", "الجاري",
    "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "يوم", "أيام",
)  # fmt: skip


@lru_cache(maxsize=1 << 14)
def content_stems(sentence: str) -> tuple[str, ...]:
    """Light stems of a sentence's words, stop words left out."""
    from digest.summarize import arabic_stop_words

    stops = arabic_stop_words()
    return tuple(light_stem(w) for w in tokenize(normalized(sentence)) if w not in stops)


def numbers(sentence: str) -> frozenset[str]:
    """The amounts a sentence states as keys (ثلاث and 3 alike, 44,53 as 44; `quantities`)."""
    return amount_keys(sentence)


@dataclass(frozen=True)
class Facts:
    """What a sentence tells, as far as words show it: its content words (each as the set of its
    readings: بمحافظة and المحافظة meet in محافظ, سيطروا and السيطرة in سيطر) and its amounts;
    `head`: the same for its main clause alone, its main fact."""

    words: tuple[frozenset[str], ...]
    amounts: tuple[Quantity, ...]
    head: Facts | None = None

    @property
    def weight(self) -> float:
        return len(self.words) + AMOUNT_WEIGHT * len(self.amounts)


@dataclass(frozen=True)
class Told:
    """The facts of the sentences chosen so far: every reading of their words, and their amounts."""

    readings: frozenset[str] = frozenset()
    amounts: tuple[Quantity, ...] = ()

    def adding(self, facts: Facts) -> Told:
        return Told(self.readings.union(*facts.words), self.amounts + facts.amounts)


@cache
def _time_stems() -> frozenset[str]:
    return frozenset(light_stem(normalize(w)) for w in _TIME_WORDS)


@lru_cache(maxsize=1 << 16)
def _readings(word: str) -> frozenset[str]:
    """Light stems of a word with any attached و ف ب ل ك ال taken off, a plural verb's وا too."""
    stems = {light_stem(v) for v in clitic_variants(word)}
    return frozenset(s[:-2] if s.endswith("وا") and len(s) > 4 else s for s in stems)


def _content(text: str) -> Facts:
    from digest.summarize import arabic_stop_words

    stops, times = arabic_stop_words(), _time_stems()
    amounts = quantities(text)
    words = [
        w
        for w in dict.fromkeys(tokenize(normalized(text)))
        if w not in stops and len(w) > 1 and not w[0].isdigit() and light_stem(w) not in times
    ]
    if amounts:  # number words are amounts, not content words
        words = [w for w in words if not amount_keys(w)]
    return Facts(tuple(_readings(w) for w in words), amounts)


def main_clause(sentence: str) -> str:
    """The sentence up to its first clause break (، ؛ : or فيما، بينما، حيث ...), longer when that
    holds fewer than HEAD_WORDS content words: what the sentence chiefly tells."""
    clause = ""
    for piece in _CLAUSE_BREAK.split(sentence):
        clause = f"{clause} {piece}".strip()
        if len(_content(clause).words) >= HEAD_WORDS:
            break
    return clause


@lru_cache(maxsize=1 << 14)
def facts(sentence: str) -> Facts:
    """Content words (stop words, time words and numbers out: amounts stand for numbers) and
    amounts, of the sentence and of its main clause."""
    whole = _content(sentence)
    head = main_clause(sentence)
    return Facts(whole.words, whole.amounts, _content(head) if head != sentence else whole)


def _share(candidate: Facts, told: Told) -> float:
    if not candidate.weight:
        return 0.0
    words = sum(1 for readings in candidate.words if not readings.isdisjoint(told.readings))
    amounts = sum(1 for q in candidate.amounts if any(q.same(o) for o in told.amounts))
    return (words + AMOUNT_WEIGHT * amounts) / candidate.weight


def amounts_told(candidate: Facts, told: Told) -> bool:
    """The sentence states amounts and every one of them is told already, of the same thing."""
    return bool(candidate.amounts) and all(any(q.same(o) for o in told.amounts) for q in candidate.amounts)


def told_share(candidate: Facts, told: Told) -> float:
    """How much of `candidate` is told already, in [0, 1]: of its content words, those one of whose
    readings the chosen sentences hold, and of its amounts, those they state of the same thing
    (each weighing AMOUNT_WEIGHT words) — over the whole sentence, or over its main clause when
    that is more told (a sentence whose main fact is told repeats it, whatever it adds after)."""
    whole = _share(candidate, told)
    return whole if candidate.head is None else max(whole, _share(candidate.head, told))


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
