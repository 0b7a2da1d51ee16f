"""Scoring extractive summaries against the hand-picked sentences of `summaries_dev.json`.

- ROUGE-1/2 F against the three gold sentences joined, with rouge-score given an Arabic
  tokenizer: `digest.arabic.normalize` (Unicode clean-up, harakat and tatweel out, أ/إ/آ→ا,
  ى→ي, ة→ه, ؤ/ئ folded) then words split at whitespace and punctuation. **No stemmer and no
  clitic splitting** (وقال and قال are different tokens), the stricter reading.
- Sentence precision/recall: a system sentence is placed in the article's `content` (by
  its characters, through the same clean-up, so a dateline cut off its front still lands
  inside its sentence); it recovers a gold sentence when the two spans overlap by at least
  half of the shorter one (the labels' README), so splitters that cut differently compare.
"""

from __future__ import annotations

import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from digest.arabic import normalize, tokenize

Span = tuple[int, int]
_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e")
_INVISIBLE |= frozenset("\u2066\u2067\u2068\u2069\u061c\ufeff\u00ad\u0640")


class ArabicRougeTokenizer:
    """rouge-score tokenizer: normalised Arabic words (its default keeps only [a-z0-9])."""

    def tokenize(self, text: str) -> list[str]:
        return tokenize(normalize(text))


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` with odd spaces collapsed, invisible marks out and NFKC applied, and each kept
    character's index in `text` (so a match in the folded text maps back to a span)."""
    chars: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        for piece in unicodedata.normalize("NFKC", char):
            chars.append(piece)
            index.append(i)
    return "".join(chars), index


def locate(sentence: str, content: str) -> Span | None:
    """The span of `content` a system sentence was taken from, or None."""
    start = content.find(sentence)
    if start >= 0:
        return start, start + len(sentence)
    folded, index = _folded(content)
    key = _folded(sentence)[0].strip()
    at = folded.find(key) if key else -1
    if at < 0:
        return None
    return index[at], index[at + len(key) - 1] + 1


def overlaps(a: Span, b: Span) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])


@dataclass
class Scores:
    """Per-article scores of one system, averaged over articles by `row`."""

    rouge1: list[float] = field(default_factory=list)
    rouge2: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    words: list[int] = field(default_factory=list)
    unplaced: int = 0

    def add(self, summary: Sequence[str], content: str, gold_spans: Sequence[Span], gold_text: str, scorer) -> None:
        scores = scorer.score(gold_text, " ".join(summary))
        self.rouge1.append(scores["rouge1"].fmeasure)
        self.rouge2.append(scores["rouge2"].fmeasure)
        spans = [locate(s, content) for s in summary]
        self.unplaced += sum(1 for s in spans if s is None)
        placed = [s for s in spans if s is not None]
        hits = [any(overlaps(p, g) for g in gold_spans) for p in placed]
        self.precision.append(sum(hits) / len(summary) if summary else 0.0)
        self.recall.append(sum(any(overlaps(p, g) for p in placed) for g in gold_spans) / len(gold_spans))
        self.sentences.append(len(summary))
        self.words.append(sum(len(s.split()) for s in summary))

    def extend(self, other: Scores) -> None:
        for name in ("rouge1", "rouge2", "precision", "recall", "sentences", "words"):
            getattr(self, name).extend(getattr(other, name))
        self.unplaced += other.unplaced

    def row(self) -> list[str]:
        p, r = statistics.mean(self.precision), statistics.mean(self.recall)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return [
            f"{statistics.mean(self.rouge1):.3f}",
            f"{statistics.mean(self.rouge2):.3f}",
            f"{p:.2f}",
            f"{r:.2f}",
            f"{f:.2f}",
            f"{statistics.mean(self.sentences):.1f}",
            f"{statistics.mean(self.words):.0f}",
        ]


HEADER = ["ROUGE-1 F", "ROUGE-2 F", "sent. P", "sent. R", "sent. F", "sentences", "words"]
