"""LexRank (Erkan & Radev 2004) computed with numpy, behind sumy's summarizer interface.

Same idea as sumy's `LexRankSummarizer` (idf-modified cosine graph of the
sentences, thresholded, centrality by power iteration) but the similarity
matrix is one matrix product instead of a double Python loop, and two news
options are added: a lead prior (teleport towards the first sentences, where
news puts the key facts) and MMR selection (no two chosen sentences alike).
Plain numpy: the sumy summarizer class around it is `digest.sumy_adapter.NumpyLexRankSummarizer`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LexRankSettings:
    threshold: float = 0.1  # edges only between sentences at least this similar
    damping: float = 0.85  # share of centrality that flows along edges; the rest goes to the prior
    lead_weight: float = 1.0  # 0: uniform prior; larger: prior ∝ 1 / (position + 1) ** lead_weight
    redundancy: float = 0.5  # MMR: a candidate this similar to a chosen sentence is skipped


def sentence_matrix(
    sentences_words: Sequence[Sequence[str]],
) -> np.ndarray:
    """Row-normalised tf·idf vectors of the sentences (tf scaled by the sentence's max tf, as sumy does)."""
    vocabulary: dict[str, int] = {}
    rows: list[dict[int, float]] = []
    for words in sentences_words:
        counts: dict[int, float] = {}
        for word in words:
            index = vocabulary.setdefault(word, len(vocabulary))
            counts[index] = counts.get(index, 0.0) + 1.0
        rows.append(counts)
    matrix = np.zeros((len(rows), max(len(vocabulary), 1)))
    for i, counts in enumerate(rows):
        if counts:
            top = max(counts.values())
            for j, count in counts.items():
                matrix[i, j] = count / top
    document_frequency = (matrix > 0).sum(axis=0)
    idf = np.log(1.0 + len(rows) / np.maximum(document_frequency, 1))
    matrix *= idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def lexrank_scores(similarity: np.ndarray, settings: LexRankSettings, prior: np.ndarray | None = None) -> np.ndarray:
    """Stationary centrality of the thresholded similarity graph (PageRank with a personalisation prior)."""
    n = similarity.shape[0]
    if n == 0:
        return np.zeros(0)
    adjacency = (similarity > settings.threshold).astype(float)
    degrees = adjacency.sum(axis=1, keepdims=True)
    transition = np.divide(adjacency, degrees, out=np.full_like(adjacency, 1.0 / n), where=degrees > 0)
    if prior is None:
        prior = lead_prior(n, settings.lead_weight)
    scores = np.full(n, 1.0 / n)
    for _ in range(100):
        updated = settings.damping * (scores @ transition) + (1.0 - settings.damping) * prior
        if np.abs(updated - scores).sum() < 1e-6:
            return updated
        scores = updated
    return scores


def lead_prior(n: int, lead_weight: float) -> np.ndarray:
    weights = 1.0 / np.power(np.arange(1, n + 1, dtype=float), lead_weight)
    return weights / weights.sum()


def select(scores: np.ndarray, similarity: np.ndarray, count: int, redundancy: float) -> list[int]:
    """Indices of the best-scored sentences, skipping any too similar to one already chosen; in text order."""
    chosen: list[int] = []
    for index in np.argsort(-scores, kind="stable"):
        if len(chosen) == count:
            break
        if all(similarity[index, c] < redundancy for c in chosen):
            chosen.append(int(index))
    return sorted(chosen)
