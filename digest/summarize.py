"""Extractive summaries a subscriber reads to the end: few sentences, each a new fact, no furniture.

- Candidates: body sentences with datelines cut (`furniture.strip_dateline`), and never page
  furniture, a quote's lead-in, a fragment of a quotation, a list item or the rest of a cut
  sentence (`sentences`).
- Value: `sentence_scorer` (logistic regression over position, length, centrality, novelty,
  numbers, quotes and how the sentence opens), fitted on the dev references.
- Choice: best value first within a budget (an article 1–2 sentences and 60 words, a story 1–3
  and 70 words, a sentence cut at a clause when none fits); between sentences of nearly equal
  value the shorter wins; a sentence telling what a chosen one tells
  (`redundancy.fact_similarity`) is skipped; one that leans on the sentence before it
  (`discourse.leans_back`) is taken only after that sentence.
- In a story, a fact is told once: a sentence half told already (`redundancy.told_share`: its
  amounts and content words, or its main clause) is skipped and a partial repeat gives way to
  new facts; another outlet's opening (the same happening) only when almost nothing of it is
  told; articles far from the others and lines of protocol stay out.

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
from digest.discourse import Opening, courtesy, leans_back, opening
from digest.furniture import is_furniture, strip_dateline
from digest.lexrank import LexRankSettings, lexrank_scores, select, sentence_matrix
from digest.redundancy import Told, amounts_told, content_stems, fact_similarity, facts, told_share
from digest.sentence_scorer import features, probabilities, shipped_length_penalty
from digest.sentences import continues_previous, list_items, unbalanced_quotes

MIN_SUMMARY_WORDS = 6
ARTICLE_SENTENCES = 2  # an article summary: 1–2 sentences
ARTICLE_WORDS = 60
STORY_SENTENCES = 3  # a story summary: 1–3 sentences, at most 70 words
STORY_WORDS = 70
REDUNDANT = 0.5  # fact similarity at which a sentence repeats a chosen one (bench/redundancy.py)
STORY_AGREEMENT = 0.3  # sentences of two articles this similar report the same fact
SUPPORT_WEIGHT = 0.15  # value a story sentence gains when every other outlet reports it too
RELEVANCE_WEIGHT = 0.5  # value a story sentence gains per unit of cosine with the story's openings
TOLD = 0.5  # a candidate half told already (its amounts and content words, or its main clause) is a repeat
TOLD_AMOUNTS = 1 / 3  # one whose every amount is told: only when what it adds is twice what it repeats
TOLD_PENALTY = 0.3  # value a candidate loses per share told: a partial repeat gives way to new facts
OPENING_TOLD = 0.15  # another article's opening (the same happening) only when less than this is told
STORY_MIN_ADDED = 0.6  # a story sentence after the first must be worth this much (no filler to fill the budget)


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
    quote's lead-in, a fragment of a quotation or an item of a list."""
    found: list[Candidate] = []
    last_position = -2
    items = list_items(sentences)
    for position, sentence in enumerate(sentences):
        text = strip_dateline(sentence, first=position == 0) if position < 3 else sentence
        text = text.strip()
        if (
            len(text.split()) < MIN_SUMMARY_WORDS
            or position in items
            or continues_previous(sentences, position)
            or text.rstrip("-–— ").endswith((":", "،", ","))  # a lead-in to a list («النتائج التالية:-»)
            or text.startswith(("•", "-", "*", "▪"))
            or unbalanced_quotes(text)
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
    same_topic: bool = False  # skip a sentence announcing another topic (في سياق آخر) and lines of protocol
    told: float | None = None  # skip a sentence this much told already (`told_share`); None: no such rule
    told_penalty: float = 0.0  # value lost per share told
    min_added: float | None = None  # value (adjusted) a sentence after the first must reach; None: any


def choose(
    texts: Sequence[str],
    value: np.ndarray,
    similarity: np.ndarray,
    previous: Sequence[int | None],
    budget: Budget,
    openings: Sequence[bool] | None = None,
    support: Sequence[float] | None = None,
) -> list[int]:
    """Indices chosen, in the order chosen: best value first (less a length penalty and a share
    for what is told already), within the budget, none repeating what is chosen, a sentence
    leaning back only after its predecessor. `openings` marks the first candidate of each article
    of a story: every outlet opens with the same happening, so once one opening is chosen another
    is taken only when almost nothing of it (less than OPENING_TOLD) is told and, by `support`,
    another outlet tells it too (a second happening of the story, not an article that joined it
    by mistake)."""
    words = [len(t.split()) for t in texts]
    penalty = shipped_length_penalty() if budget.length_penalty is None else budget.length_penalty
    adjusted = value - penalty * np.array(words, dtype=float) / 100.0
    known = [facts(t) for t in texts] if budget.told is not None else []
    chosen: list[int] = []
    told = Told()
    used = 0
    order = sorted(range(len(texts)), key=lambda i: (-adjusted[i], words[i]))
    while len(chosen) < budget.sentences:
        best, best_key = -1, (-np.inf, 0)
        opened = openings is not None and any(openings[c] for c in chosen)
        for i in order:
            if (adjusted[i], -words[i]) < best_key:
                break  # a key is never above its adjusted value: no later sentence can win
            if i in chosen or (budget.words is not None and used + words[i] > budget.words):
                continue
            if any(similarity[i, c] >= budget.redundant for c in chosen):
                continue
            if leans_back(texts[i]) and previous[i] not in chosen:
                continue
            if budget.same_topic and (opening(texts[i]) is Opening.NEW_TOPIC or courtesy(texts[i])):
                continue
            share = told_share(known[i], told) if chosen and budget.told is not None else 0.0
            if budget.told is not None and (
                share >= budget.told or (share >= TOLD_AMOUNTS and amounts_told(known[i], told))
            ):
                continue
            if opened and openings[i] and (share >= OPENING_TOLD or (support is not None and not support[i])):  # type: ignore[index]
                continue
            key = (adjusted[i] - budget.told_penalty * share, -words[i])
            if chosen and budget.min_added is not None and key[0] < budget.min_added:
                continue
            if key > best_key:
                best, best_key = i, key
        if best < 0:
            break
        chosen.append(best)
        if known:
            told = told.adding(known[best])
        used += words[best]
    if not chosen and texts:  # nothing fits the word budget: the best sentence alone (cut to fit by the caller)
        chosen = [order[0]]
    return chosen


def fit_words(sentence: str, limit: int | None) -> str:
    """`sentence` within `limit` words: whole when it fits, else cut after the last clause (، ؛ ,)
    that fits, or at the limit, and marked with …"""
    words = sentence.split()
    if limit is None or len(words) <= limit:
        return sentence
    kept = words[:limit]
    clause = max((i for i, w in enumerate(kept) if w.endswith(("،", "؛", ","))), default=-1)
    if clause >= limit // 2:
        kept = kept[: clause + 1]
    return " ".join(kept).rstrip("،؛,:") + " …"


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
    return [fit_words(texts[i], max_words) for i in sorted(chosen)]


@dataclass
class _Pool:
    texts: list[str] = field(default_factory=list)
    article: list[int] = field(default_factory=list)
    previous: list[int | None] = field(default_factory=list)
    value: list[float] = field(default_factory=list)
    opening: list[bool] = field(default_factory=list)


def summarize_story(
    articles: Sequence[Sequence[str]],
    count: int = STORY_SENTENCES,
    max_words: int | None = STORY_WORDS,
    settings: Any = None,
) -> list[str]:
    """A summary across a story's articles (each a list of body sentences, best source first):
    at most `count` sentences and `max_words` words, most important first (a sentence leaning
    on another right after it), no fact twice.

    Each sentence is valued within its own article (`sentence_scorer`), plus a share for the
    other outlets that report the same fact; whichever outlets wrote them, two sentences whose
    fact similarity reaches REDUNDANT are never both chosen, nor one half told by those chosen
    before it, nor a second article's opening that repeats the first (`choose`); a sentence
    announcing another topic (في سياق آخر) is left out: in a story it belongs to another story.
    When no sentence fits `max_words`, the best one is cut at a clause (`fit_words`).
    (`settings` is accepted for callers of the LexRank version and ignored.)
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
        pool.opening += [c.rank == 0 for c in found]
    if not pool.texts:
        return []
    stems = [content_stems(t) for t in pool.texts]
    similarity = fact_similarity(pool.texts, stems)
    origins = np.array(pool.article)
    others = max(len(set(pool.article)) - 1, 1)
    agreeing = (similarity >= STORY_AGREEMENT) & (origins[None, :] != origins[:, None])
    support = np.array([len(set(origins[row])) for row in agreeing]) / others
    value = (
        np.array(pool.value)
        + SUPPORT_WEIGHT * support
        + RELEVANCE_WEIGHT * _relevance(stems, pool.opening, pool.article)
    )
    budget = Budget(count, max_words, same_topic=True, told=TOLD, told_penalty=TOLD_PENALTY, min_added=STORY_MIN_ADDED)
    chosen = choose(pool.texts, value, similarity, pool.previous, budget, pool.opening, support)
    return [fit_words(pool.texts[i], max_words) for i in _reading_order(chosen, pool.previous)]


def _relevance(stems: Sequence[Sequence[str]], openings: Sequence[bool], articles: Sequence[int]) -> np.ndarray:
    """For each sentence, how close its article's opening is to the other articles' openings (cosine
    of IDF-weighted stems with their mean): a story's outlets open with its happening, so an
    article far from all of them joined the story by mistake. 1 for a story of one article."""
    vectors = sentence_matrix(stems)
    opening_rows = [i for i, is_opening in enumerate(openings) if is_opening]
    if len(opening_rows) < 2:
        return np.ones(len(stems))
    by_article: dict[int, float] = {}
    for row in opening_rows:
        others = vectors[[r for r in opening_rows if r != row]].mean(axis=0)
        norm = np.linalg.norm(others)
        by_article[articles[row]] = float(vectors[row] @ others / norm) if norm else 0.0
    return np.array([by_article.get(a, 0.0) for a in articles])


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
    "fit_words",
    "summarize_article",
    "summarize_story",
    "summary_candidates",
    "words_of",
]
