"""Extractive summaries with sumy, fed with Arabic-aware language pieces.

sumy's own tokenizer drops every word carrying harakat and its pyarabic sentence
splitter cuts at commas, so we hand it our sentences (already split and
filtered) and an `ArabicTokenizer`/`light_stem` pair built on `digest.arabic`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Protocol

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer

from digest.arabic import light_stem, normalize, tokenize
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


@dataclass(frozen=True)
class SumySummarizer:
    """Any sumy algorithm, configured in one step with the Arabic tokenizer, stemmer and stop words."""

    algorithm: type[AbstractSummarizer] = LexRankSummarizer

    def __call__(self, sentences: Sequence[str], count: int) -> list[str]:
        if len(sentences) <= count:
            return list(sentences)
        tokenizer = ArabicTokenizer()
        document = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])
        summarizer = self.algorithm(light_stem)
        summarizer.stop_words = arabic_stop_words()
        return [str(s) for s in summarizer(document, count)]


def summary_candidates(sentences: Sequence[str]) -> list[str]:
    """Sentences fit to stand alone in a summary: long enough, not a quote's lead-in."""
    return [
        s
        for s in sentences
        if len(s.split()) >= MIN_SUMMARY_WORDS and not s.rstrip().endswith((":", "،", ","))
    ]


def summarize_article(
    sentences: Sequence[str], count: int = 3, summarizer: Summarizer | None = None
) -> list[str]:
    """A short summary of one article, from its body sentences (headings excluded by the caller)."""
    return (summarizer or SumySummarizer())(summary_candidates(sentences), count)


def summarize_story(
    articles: Sequence[Sequence[str]], count: int = 5, summarizer: Summarizer | None = None
) -> list[str]:
    """A summary across several articles' body sentences, with no two sentences saying the same thing."""
    pooled = _without_near_repeats([s for sentences in articles for s in summary_candidates(sentences)])
    return (summarizer or SumySummarizer())(pooled, count)


def _stem_set(sentence: str) -> frozenset[str]:
    stops = arabic_stop_words()
    return frozenset(light_stem(w) for w in tokenize(normalize(sentence)) if w not in stops)


def _without_near_repeats(sentences: Sequence[str], threshold: float = 0.6) -> list[str]:
    """Keep the first of any group of sentences whose content-word overlap (Jaccard) reaches threshold."""
    kept: list[str] = []
    kept_sets: list[frozenset[str]] = []
    for sentence in sentences:
        stems = _stem_set(sentence)
        if any(stems and len(stems & other) / len(stems | other) >= threshold for other in kept_sets):
            continue
        kept.append(sentence)
        kept_sets.append(stems)
    return kept
