"""Fit the sentence scorer on the dev references and validate it by cross-validation.

    .venv/bin/python -m bench.train_sentence_scorer [--write]

Each candidate sentence of the 40 dev reports (Nashra's own cleaning and splitting, the
outlet's template lines learnt from the rest of the corpus) is labelled 1 when it overlaps a
reader's chosen sentence by half of the shorter span. A logistic regression on
`digest.sentence_scorer.FEATURES` is fitted on some reports and scored on the others by the
summary it yields (3 sentences, no word limit, the dev references' size): 5-fold by report
and leave-one-outlet-out. `--write` fits on all 40 and writes digest/data/sentence_weights.json.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np
from rouge_score import rouge_scorer

from bench.summaries_dev import COUNT, Case, load_cases
from bench.summary_scoring import ArabicRougeTokenizer, Scores, locate, overlaps
from digest.pipeline import process
from digest.redundancy import content_stems, fact_similarity
from digest.sentence_scorer import FEATURES, WEIGHTS_FILE, Weights, features, probabilities
from digest.sources.model import Failure, RawArticle
from digest.summarize import Budget, candidates, choose

C_VALUES = (0.03, 0.1, 0.3, 1.0)
LENGTH_PENALTIES = (0.0, 0.1, 0.2)


@dataclass
class Prepared:
    """A dev report as the summariser sees it: candidates, their features and gold labels."""

    case: Case
    texts: list[str]
    previous: list[int | None]
    rows: np.ndarray
    similarity: np.ndarray
    labels: np.ndarray


def prepare(case: Case) -> Prepared:
    raw = RawArticle(item=case.id, text=case.content, url="bench:", title=case.title)
    result = process(raw, template=case.template)
    sentences = [] if isinstance(result, Failure) else list(result.sentences)
    found = candidates(sentences)
    texts = [c.text for c in found]
    similarity = fact_similarity(texts, [content_stems(t) for t in texts])
    spans = [locate(t, case.content) for t in texts]
    labels = np.array([float(s is not None and any(overlaps(s, g) for g in case.gold)) for s in spans])
    return Prepared(case, texts, [c.previous for c in found], features(texts, similarity), similarity, labels)


def fit(prepared: Sequence[Prepared], c: float) -> Weights:
    from sklearn.linear_model import LogisticRegression

    rows = np.vstack([p.rows for p in prepared])
    labels = np.concatenate([p.labels for p in prepared])
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit((rows - mean) / scale, labels)
    return model.coef_[0], float(model.intercept_[0]), mean, scale


def summary(p: Prepared, value: np.ndarray, budget: Budget) -> list[str]:
    chosen = choose(p.texts, value, p.similarity, p.previous, budget)
    return [p.texts[i] for i in sorted(chosen)]


def score(prepared: Sequence[Prepared], pick: Callable[[Prepared], list[str]]) -> Scores:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], tokenizer=ArabicRougeTokenizer())
    scores = Scores()
    for p in prepared:
        scores.add(pick(p), p.case.content, p.case.gold, p.case.gold_text, scorer)
    return scores


def folds_by_report(prepared: Sequence[Prepared], k: int = 5, seed: int = 0) -> list[list[int]]:
    order = list(range(len(prepared)))
    random.Random(seed).shuffle(order)
    return [sorted(order[i::k]) for i in range(k)]


def folds_by_outlet(prepared: Sequence[Prepared]) -> list[list[int]]:
    outlets = sorted({p.case.source for p in prepared})
    return [[i for i, p in enumerate(prepared) if p.case.source == o] for o in outlets]


def _choose_settings(train: Sequence[Prepared]) -> tuple[float, float]:
    """C and the length penalty that give the best ROUGE-2 by an inner 4-fold split of `train`."""
    best, best_settings = -1.0, (C_VALUES[0], LENGTH_PENALTIES[0])
    inner = folds_by_report(train, k=4, seed=1)
    for c in C_VALUES:
        for penalty in LENGTH_PENALTIES:
            total = Scores()
            for held in inner:
                fitted = fit([p for i, p in enumerate(train) if i not in held], c)
                budget = Budget(COUNT, None, length_penalty=penalty)
                total.extend(score([train[i] for i in held], picker(fitted, budget)))
            mean = float(np.mean(total.rouge2))
            if mean > best:
                best, best_settings = mean, (c, penalty)
    return best_settings


def picker(weights: Weights, budget: Budget) -> Callable[[Prepared], list[str]]:
    return lambda p: summary(p, probabilities(p.rows, weights), budget)


def cross_validated(
    prepared: Sequence[Prepared],
    folds: list[list[int]],
    count: int = COUNT,
    max_words: int | None = None,
    same_topic: bool = False,
) -> Scores:
    """Scores of summaries each made by a model fitted (and its settings chosen) without its report."""
    total = Scores()
    for held in folds:
        train = [p for i, p in enumerate(prepared) if i not in held]
        c, penalty = _choose_settings(train)
        budget = Budget(count, max_words, length_penalty=penalty, same_topic=same_topic)
        total.extend(score([prepared[i] for i in held], picker(fit(train, c), budget)))
    return total


def write_weights(prepared: Sequence[Prepared]) -> dict:
    c, penalty = _choose_settings(prepared)
    coefficients, intercept, mean, scale = fit(prepared, c)
    data = {
        "about": "Logistic regression of a reader's sentence choices (summaries_dev.json, 40 reports); "
        "written by bench/train_sentence_scorer.py --write",
        "C": c,
        "length_penalty": penalty,
        "features": list(FEATURES),
        "coefficients": [round(float(x), 6) for x in coefficients],
        "intercept": round(intercept, 6),
        "mean": [round(float(x), 6) for x in mean],
        "scale": [round(float(x), 6) for x in scale],
    }
    path = resources.files("digest").joinpath("data", WEIGHTS_FILE)
    with resources.as_file(path) as target:
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="fit on all dev reports and write the weights")
    args = parser.parse_args()
    prepared = [prepare(case) for case in load_cases()]
    for name, folds in (("5-fold by report", folds_by_report(prepared)), ("by outlet", folds_by_outlet(prepared))):
        print(name, cross_validated(prepared, folds).row())
    if args.write:
        data = write_weights(prepared)
        print(json.dumps({k: v for k, v in data.items() if k in ("C", "length_penalty")}))
        for feature, coefficient in zip(FEATURES, data["coefficients"], strict=True):
            print(f"  {feature:22s} {coefficient:+.3f}")


if __name__ == "__main__":
    main()
