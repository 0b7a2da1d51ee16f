"""Extractive summaries a subscriber reads to the end: few sentences, each a new fact, no furniture.

- Candidates: body sentences with datelines cut (`furniture.strip_dateline`), and never page
  furniture, fragments, a quote's lead-in or a list item.
- Value: `sentence_scorer` (logistic regression over position, length, centrality, novelty,
  numbers, quotes and how the sentence opens), fitted on the dev references.
- Choice: best value first within a budget (an article 1–2 sentences, a story 2–3 and about
  70 words); between sentences of nearly equal value the shorter wins; a sentence telling
  what a chosen one tells (`redundancy.fact_similarity`) is skipped; one that leans on the
  sentence before it (`discourse.leans_back`) is taken only after that sentence.

sumy is not imported here (it pulls nltk, seconds at start): `SumySummarizer` and the
sumy document model are in `digest.sumy_adapter`, loaded when first used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Protocol

import numpy as np

from digest.arabic import light_stem, normalize
from digest.discourse import Opening, leans_back, opening
from digest.furniture import is_furniture, strip_dateline
from digest.lexrank import LexRankSettings, lexrank_scores, select, sentence_matrix
from digest.redundancy import content_stems, fact_similarity
from digest.sentence_scorer import features, probabilities, shipped_length_penalty

MIN_SUMMARY_WORDS = 6
ARTICLE_SENTENCES = 2  # an article summary: 1–2 sentences
ARTICLE_WORDS = 60
STORY_SENTENCES = 3  # a story summary: 2–3 sentences, about 70 words
STORY_WORDS = 70
REDUNDANT = 0.5  # fact similarity at which a sentence repeats a chosen one (bench/redundancy.py)
STORY_AGREEMENT = 0.3  # sentences of two articles this similar report the same fact
SUPPORT_WEIGHT = 0.15  # value a story sentence gains when every other outlet reports it too


@cache
def arabic_stop_words() -> frozenset[str]:
    """sumy's Arabic stop words, normalised the way our tokens are (read as data; sumy is not imported)."""
    text = resources.files("sumy").joinpath("data/stopwords/arabic.txt").read_text(encoding="utf-8")
    return frozenset(normalize(w) for w in text.split())


class Summarizer(Protocol):
    """Picks `count` sentences out of `sentences`, returned in their original order."""

    def __call__(self, sentences: Sequence[str], count: int) -> list[str]: ...


@dataclass(frozen=True)
class Candidate:
    """A sentence fit for a summary: its text (dateline cut), where it stood and what precedes it."""

    text: str
    position: int  # index among the article's sentences as given
    rank: int  # index among the article's candidates
    previous: int | None  # rank of the sentence just before it, if that one is a candidate too


def candidates(sentences: Sequence[str]) -> list[Candidate]:
    """The sentences fit to stand in a summary, datelines cut: long enough, not furniture, not a
    quote's lead-in or a list item."""
    found: list[Candidate] = []
    last_position = -2
    for position, sentence in enumerate(sentences):
        text = strip_dateline(sentence, first=position == 0) if position < 3 else sentence
        text = text.strip()
        if (
            len(text.split()) < MIN_SUMMARY_WORDS
            or text.endswith((":", "،", ","))
            or text.startswith(("•", "-", "*", "▪"))
            or is_furniture(text)
        ):
            continue
        previous = len(found) - 1 if found and last_position == position - 1 else None
        found.append(Candidate(text, position, len(found), previous))
        last_position = position
    return found


def summary_candidates(sentences: Sequence[str]) -> list[str]:
    """The texts of `candidates(sentences)`."""
    return [c.text for c in candidates(sentences)]


@dataclass(frozen=True)
class Budget:
    sentences: int
    words: int | None  # None: no word limit (the dev references are scored at 3 sentences so)
    redundant: float = REDUNDANT
    length_penalty: float | None = None  # value lost per 100 words; None: the one fitted with the weights
    same_topic: bool = False  # skip a sentence that announces another topic (في سياق آخر، من جهة أخرى)


def choose(
    texts: Sequence[str],
    value: np.ndarray,
    similarity: np.ndarray,
    previous: Sequence[int | None],
    budget: Budget,
) -> list[int]:
    """Indices chosen, in the order chosen: best value (less a length penalty) first, within the
    budget, none repeating a chosen one, a sentence leaning back only after its predecessor."""
    words = [len(t.split()) for t in texts]
    penalty = shipped_length_penalty() if budget.length_penalty is None else budget.length_penalty
    adjusted = value - penalty * np.array(words, dtype=float) / 100.0
    order = sorted(range(len(texts)), key=lambda i: (-adjusted[i], words[i]))
    chosen: list[int] = []
    used = 0
    while len(chosen) < budget.sentences:
        for i in order:
            if i in chosen or (budget.words is not None and used + words[i] > budget.words):
                continue
            if any(similarity[i, c] >= budget.redundant for c in chosen):
                continue
            if leans_back(texts[i]) and previous[i] not in chosen:
                continue
            if budget.same_topic and opening(texts[i]) is Opening.NEW_TOPIC:
                continue
            chosen.append(i)
            used += words[i]
            break
        else:
            break
    if not chosen and texts:  # nothing fits the word budget: the best sentence alone
        chosen = [order[0]]
    return chosen


def _article_value(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(value of each candidate, fact similarity between them) for one article's candidates."""
    stems = [content_stems(t) for t in texts]
    similarity = fact_similarity(texts, stems)
    return probabilities(features(texts, similarity)), similarity


def summarize_article(
    sentences: Sequence[str],
    count: int = ARTICLE_SENTENCES,
    summarizer: Summarizer | None = None,
    max_words: int | None = ARTICLE_WORDS,
) -> list[str]:
    """A short summary of one article, from its body sentences (headings excluded by the caller),
    in text order: at most `count` sentences and `max_words` words (None: no word limit)."""
    found = candidates(sentences)
    texts = [c.text for c in found]
    if summarizer is not None:
        return summarizer(texts, count)
    if not texts:
        return []
    value, similarity = _article_value(texts)
    chosen = choose(texts, value, similarity, [c.previous for c in found], Budget(count, max_words))
    return [texts[i] for i in sorted(chosen)]


@dataclass
class _Pool:
    texts: list[str] = field(default_factory=list)
    article: list[int] = field(default_factory=list)
    previous: list[int | None] = field(default_factory=list)
    value: list[float] = field(default_factory=list)


def summarize_story(
    articles: Sequence[Sequence[str]],
    count: int = STORY_SENTENCES,
    max_words: int | None = STORY_WORDS,
    settings: Any = None,
) -> list[str]:
    """A summary across a story's articles (each a list of body sentences, best source first):
    at most `count` sentences and `max_words` words, most important first, no fact twice.

    Each sentence is valued within its own article (`sentence_scorer`), plus a share for the
    other outlets that report the same fact; two sentences whose fact similarity reaches
    REDUNDANT are never both chosen, whichever outlets wrote them; a sentence announcing
    another topic (في سياق آخر) is left out: in a story it belongs to another story. (`settings` is accepted
    for callers of the LexRank version and ignored.)
    """
    pool = _Pool()
    for article_index, sentences in enumerate(articles):
        found = candidates(sentences)
        if not found:
            continue
        texts = [c.text for c in found]
        value, _ = _article_value(texts)
        offset = len(pool.texts)
        pool.texts += texts
        pool.article += [article_index] * len(texts)
        pool.previous += [None if c.previous is None else offset + c.previous for c in found]
        pool.value += list(value)
    if not pool.texts:
        return []
    similarity = fact_similarity(pool.texts)
    origins = np.array(pool.article)
    others = max(len(set(pool.article)) - 1, 1)
    agreeing = (similarity >= STORY_AGREEMENT) & (origins[None, :] != origins[:, None])
    support = np.array([len(set(origins[row])) for row in agreeing]) / others
    value = np.array(pool.value) + SUPPORT_WEIGHT * support
    chosen = choose(pool.texts, value, similarity, pool.previous, Budget(count, max_words, same_topic=True))
    return [pool.texts[i] for i in _reading_order(chosen, pool.previous)]


def _reading_order(chosen: list[int], previous: Sequence[int | None]) -> list[int]:
    """Chosen order, except that a sentence leaning on another follows it directly."""
    ordered: list[int] = []
    for i in chosen:
        if previous[i] in ordered:
            ordered.insert(ordered.index(previous[i]) + 1, i)  # type: ignore[arg-type]
        else:
            ordered.append(i)
    return ordered


# --- the LexRank summariser of earlier sessions, kept for comparisons (bench) -------------


@dataclass(frozen=True)
class NashraSummarizer:
    """LexRank with a lead prior and MMR over the given sentences (numpy, no sumy)."""

    settings: LexRankSettings = field(default_factory=LexRankSettings)

    def __call__(self, sentences: Sequence[str], count: int) -> list[str]:
        if not sentences:
            return []
        stops = arabic_stop_words()
        words = [[light_stem(w) for w in _words(s) if w not in stops] for s in sentences]
        vectors = sentence_matrix(words)
        similarity = vectors @ vectors.T
        scores = lexrank_scores(similarity, self.settings)
        return [sentences[i] for i in select(scores, similarity, count, self.settings.redundancy)]


def _words(sentence: str) -> list[str]:
    from digest.arabic import tokenize

    return tokenize(normalize(sentence))


@dataclass(frozen=True)
class SumySummarizer:
    """A stock sumy algorithm (by class name in sumy.summarizers) given our Arabic pieces."""

    algorithm: str = "LexRankSummarizer"

    def __call__(self, sentences: Sequence[str], count: int) -> list[str]:
        import sumy.summarizers.lex_rank
        import sumy.summarizers.lsa
        import sumy.summarizers.luhn
        import sumy.summarizers.text_rank

        from digest.sumy_adapter import sumy_document

        modules = (sumy.summarizers.lex_rank, sumy.summarizers.lsa, sumy.summarizers.luhn, sumy.summarizers.text_rank)
        algorithm = next(getattr(m, self.algorithm) for m in modules if hasattr(m, self.algorithm))
        summarizer = algorithm(light_stem)
        summarizer.stop_words = arabic_stop_words()
        return [str(s) for s in summarizer(sumy_document(sentences), count)]


def words_of(summary: Sequence[str]) -> int:
    """Words a reader reads in a summary."""
    return sum(len(s.split()) for s in summary)


__all__ = [
    "ARTICLE_SENTENCES",
    "ARTICLE_WORDS",
    "STORY_SENTENCES",
    "STORY_WORDS",
    "Budget",
    "Candidate",
    "NashraSummarizer",
    "Summarizer",
    "SumySummarizer",
    "arabic_stop_words",
    "candidates",
    "choose",
    "content_stems",
    "summarize_article",
    "summarize_story",
    "summary_candidates",
    "words_of",
]
