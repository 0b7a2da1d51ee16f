"""Extractive summaries with sumy, fed with Arabic-aware language pieces.

sumy's own tokenizer drops every word carrying harakat and its pyarabic sentence
splitter cuts at commas, so we hand it our sentences (already split and
filtered) and an `ArabicTokenizer`/`light_stem` pair built on `digest.arabic`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Protocol

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer

from digest.arabic import light_stem, normalize, tokenize
from digest.lexrank import LexRankSettings, NumpyLexRankSummarizer, lexrank_scores, select, sentence_matrix
from digest.sentences import split_sentences

MIN_SUMMARY_WORDS = 6


class ArabicTokenizer:
    """sumy tokenizer: our sentence splitter, and normalised words (no harakat, folded letters)."""

    language = "arabic"

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return tokenize(normalize(sentence))


@cache
def arabic_stop_words() -> frozenset[str]:
    """sumy's Arabic stop words, normalised the way our tokens are."""
    text = resources.files("sumy").joinpath("data/stopwords/arabic.txt").read_text(encoding="utf-8")
    return frozenset(normalize(w) for w in text.split())


class Summarizer(Protocol):
    """Picks `count` sentences out of `sentences`, returned in their original order."""

    def __call__(self, sentences: Sequence[str], count: int) -> list[str]: ...


def sumy_document(sentences: Sequence[str]) -> ObjectDocumentModel:
    """A sumy document of ready-split sentences, tokenised by `ArabicTokenizer`."""
    tokenizer = ArabicTokenizer()
    return ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])


@dataclass(frozen=True)
class SumySummarizer:
    """A stock sumy algorithm given the Arabic tokenizer, stemmer and stop words (for comparisons)."""

    algorithm: type[AbstractSummarizer] = LexRankSummarizer

    def __call__(self, sentences: Sequence[str], count: int) -> list[str]:
        summarizer = self.algorithm(light_stem)
        summarizer.stop_words = arabic_stop_words()
        return [str(s) for s in summarizer(sumy_document(sentences), count)]


@dataclass(frozen=True)
class NashraSummarizer:
    """LexRank with a lead prior and MMR (settings chosen by `bench/summaries.py`)."""

    settings: LexRankSettings = field(default_factory=LexRankSettings)

    def __call__(self, sentences: Sequence[str], count: int) -> list[str]:
        summarizer = NumpyLexRankSummarizer(light_stem, arabic_stop_words(), self.settings)
        return [str(s) for s in summarizer(sumy_document(sentences), count)]


def summary_candidates(sentences: Sequence[str]) -> list[str]:
    """Sentences fit to stand alone in a summary: long enough, not a quote's lead-in, not a list item."""
    return [
        s
        for s in sentences
        if len(s.split()) >= MIN_SUMMARY_WORDS
        and not s.rstrip().endswith((":", "،", ","))
        and not s.lstrip().startswith(("•", "-", "*", "▪"))
    ]


def summarize_article(sentences: Sequence[str], count: int = 3, summarizer: Summarizer | None = None) -> list[str]:
    """A short summary of one article, from its body sentences (headings excluded by the caller)."""
    return (summarizer or NashraSummarizer())(summary_candidates(sentences), count)


STORY_AGREEMENT = 0.3  # sentences of two articles this similar report the same fact


def summarize_story(
    articles: Sequence[Sequence[str]], count: int = 5, settings: LexRankSettings | None = None
) -> list[str]:
    """A summary across a story's articles (each a list of body sentences, best source first).

    Centrality is computed over the pooled sentences; the prior favours a sentence's
    early position in its article and facts that other outlets report too; MMR
    keeps two sentences that say the same thing from both being chosen.
    """
    pooled: list[str] = []
    origin: list[int] = []
    position: list[int] = []
    for article_index, sentences in enumerate(articles):
        for rank, sentence in enumerate(summary_candidates(sentences)):
            pooled.append(sentence)
            origin.append(article_index)
            position.append(rank)
    if not pooled:
        return []
    settings = settings or LexRankSettings()
    vectors = sentence_matrix([content_stems(s) for s in pooled])
    similarity = vectors @ vectors.T
    origins = np.array(origin)
    agreeing = (similarity >= STORY_AGREEMENT) & (origins[None, :] != origins[:, None])
    support = np.array([len(set(origins[row])) for row in agreeing])
    prior = (1.0 + support) / np.power(np.array(position, dtype=float) + 1.0, settings.lead_weight)
    scores = lexrank_scores(similarity, settings, prior / prior.sum())
    chosen = select(scores, similarity, count, settings.redundancy)
    return [pooled[i] for i in chosen]


def content_stems(sentence: str) -> list[str]:
    """Light stems of a sentence's words, stop words left out."""
    stops = arabic_stop_words()
    return [light_stem(w) for w in tokenize(normalize(sentence)) if w not in stops]
