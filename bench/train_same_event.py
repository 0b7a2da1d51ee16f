"""Fit the same-event pair model and measure it honestly; writes digest/data/same_event.json.

    .venv/bin/python -m bench.train_same_event [--write] [--repeats 5]

Labelled pairs: the 91 usable SemEval-2022 Task 8 Arabic dev pairs (Overall ≤ 1.5 same,
≥ 3 different), and, where asked, pairs of the SaudiNewsNet events day (same group = same
event; different groups that share an entity or some words = hard different pairs).

Honesty: the SemEval figures are cross-validated with folds grouped by connected article
(no article in a training and a test fold at once), stratified, repeated over shuffles; the
regularisation and the decision threshold are chosen inside each training fold by an inner
cross-validation, never on the test fold. Feature sets are fixed beforehand (few, general)
and all are reported.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from itertools import combinations
from typing import Any

from bench.common import markdown_table
from bench.story_data import EVENTS_DAY, background_frequencies, events, pair_articles, pair_rows, snn_day
from digest.clustering import Idf, idf_from
from digest.event_features import EventFeatures, from_processed
from digest.same_event import MODEL_PATH, SameEventModel, calendar_factor, pair_signals, time_factor

FEATURE_SETS = {
    "words": ("title", "lead", "text", "title_in_text"),
    "words+entities": ("title", "lead", "text", "title_in_text", "entities"),
    "words+entity kinds": ("title", "lead", "text", "title_in_text", "entities_per", "entities_loc", "entities_org"),
    "words+entities+numbers+dates": (
        "title", "lead", "text", "title_in_text", "entities", "numbers", "headline_numbers_conflict",
        "dates_conflict", "weekdays_conflict", "year_conflict",
    ),
    "words+entities+numbers+dates, lead weekdays": (
        "title", "lead", "text", "title_in_text", "entities", "numbers", "headline_numbers_conflict",
        "dates_conflict", "lead_weekdays_conflict", "year_conflict",
    ),
    "all": (
        "title", "lead", "text", "title_in_text", "entities", "entities_per", "entities_loc", "entities_org",
        "numbers", "headline_numbers_agree", "headline_numbers_conflict", "dates_agree", "dates_conflict",
        "weekdays_agree", "weekdays_conflict", "lead_weekdays_conflict", "year_conflict", "minhash",
    ),
}  # fmt: skip
CHOSEN = "words+entities+numbers+dates"
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
Pair = tuple[str, str, bool]


def idf() -> Idf:
    documents, counts = background_frequencies()
    return idf_from(documents, counts)


def semeval_pairs() -> tuple[dict[str, EventFeatures], list[Pair]]:
    """Dev pairs as (text key, text key, same) and the features of their articles (undated)."""
    processed = pair_articles()
    feats = {k: from_processed(p) for k, p in processed.items()}
    pairs = []
    for r in pair_rows():
        if 1.5 < r["Overall"] < 3 or r["text_1"] not in feats or r["text_2"] not in feats:
            continue
        pairs.append((r["text_1"], r["text_2"], r["Overall"] <= 1.5))
    return feats, pairs


def events_pairs(weight_idf: Idf) -> tuple[dict[str, EventFeatures], list[Pair], dict[str, int]]:
    """Events-day pairs: all same-group pairs, and different-group pairs that look alike at all."""
    _, processed = snn_day(EVENTS_DAY)
    groups = events()["groups"]
    group_of = {a: g for g, members in enumerate(groups) for a in members if a in processed}
    feats = {a: from_processed(processed[a]) for a in group_of}
    pairs = []
    for a, b in combinations(sorted(group_of), 2):
        same = group_of[a] == group_of[b]
        if same or _alike(feats[a], feats[b], weight_idf):
            pairs.append((a, b, same))
    return feats, pairs, group_of


def _alike(a: EventFeatures, b: EventFeatures, weight_idf: Idf) -> bool:
    signals = pair_signals(a, b, weight_idf)
    return signals["text"] >= 0.1 or signals["entities"] > 0


def components(pairs: Sequence[Pair]) -> dict[str, int]:
    """Connected component of each article over the pairs: the unit a fold must keep whole."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in pairs:
        parent[root(a)] = root(b)
    roots = {r: i for i, r in enumerate(sorted({root(x) for x in parent}))}
    return {x: roots[root(x)] for x in parent}


_SIGNALS: dict[tuple[int, int], dict[str, float]] = {}


def matrix(pairs: Sequence[Pair], feats: dict[str, EventFeatures], weight_idf: Idf, names: Sequence[str]):  # type: ignore[no-untyped-def]
    """Signals of each pair as a row (computed once per pair and kept for the other feature sets)."""
    import numpy as np

    rows = []
    for a, b, _ in pairs:
        key = (id(feats[a]), id(feats[b]))
        if key not in _SIGNALS:
            _SIGNALS[key] = pair_signals(feats[a], feats[b], weight_idf)
        rows.append([_SIGNALS[key][n] for n in names])
    return np.array(rows, dtype=float), np.array([same for _, _, same in pairs], dtype=int)


def fit(x, y, c: float, names: Sequence[str], threshold: float = 0.5, about: str = "") -> SameEventModel:  # type: ignore[no-untyped-def]
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=1000).fit((x - mean) / scale, y)
    return SameEventModel(
        features=tuple(names),
        mean=tuple(round(float(v), 6) for v in mean),
        scale=tuple(round(float(v), 6) for v in scale),
        coef=tuple(round(float(v), 6) for v in model.coef_[0]),
        intercept=round(float(model.intercept_[0]), 6),
        threshold=threshold,
        about=about,
    )


def predict(model: SameEventModel, x) -> list[float]:  # type: ignore[no-untyped-def]
    """model.probability over the rows of x, vectorised (checked equal in tests/test_same_event.py)."""
    import numpy as np

    z = model.intercept + ((x - np.array(model.mean)) / np.array(model.scale)) @ np.array(model.coef)
    return list(1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0))))


def prf(y: Sequence[int], p: Sequence[float], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for t, s in zip(y, p, strict=True) if t and s >= threshold)
    fp = sum(1 for t, s in zip(y, p, strict=True) if not t and s >= threshold)
    fn = sum(1 for t, s in zip(y, p, strict=True) if t and s < threshold)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def best_threshold(y: Sequence[int], p: Sequence[float]) -> float:
    """The probability cut with the best F1 on (y, p) (ties: the one nearest 0.5)."""
    import numpy as np

    scores, labels = np.round(np.asarray(p, dtype=float), 3), np.asarray(y, dtype=int)
    cuts = np.unique(scores)
    if not len(cuts) or not labels.sum():
        return 0.5
    order = np.argsort(-scores)
    ranked, hits = scores[order], np.cumsum(labels[order])
    best, best_key = 0.5, (-1.0, 0.0)
    for cut in cuts:
        n = int(np.searchsorted(-ranked, -cut, side="right"))  # rows scoring >= cut
        tp = int(hits[n - 1]) if n else 0
        f1 = 2 * tp / (n + labels.sum()) if n else 0.0
        key = (round(f1, 9), -abs(cut - 0.5))
        if key > best_key:
            best, best_key = float(cut), key
    return best


def select(x, y, groups, names: Sequence[str], seed: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """C and threshold by an inner grouped cross-validation of the training data alone."""
    from sklearn.model_selection import StratifiedGroupKFold

    folds = list(StratifiedGroupKFold(n_splits=4, shuffle=True, random_state=seed).split(x, y, groups))
    best = (-1.0, 1.0, 0.5)
    for c in C_GRID:
        scores = [0.0] * len(y)
        for train, test in folds:
            model = fit(x[train], y[train], c, names)
            for i, s in zip(test, predict(model, x[test]), strict=True):
                scores[i] = s
        threshold = best_threshold(list(y), scores)
        f1 = prf(list(y), scores, threshold)[2]
        if f1 > best[0] + 1e-9:
            best = (f1, c, threshold)
    return best[1], best[2]


def damping(pairs: Sequence[Pair], feats: dict[str, EventFeatures]) -> list[float]:
    """What the decision multiplies the model's probability by: named-date contradictions and time apart."""
    return [calendar_factor(feats[a], feats[b]) * time_factor(feats[a], feats[b]) for a, b, _ in pairs]


def cross_validate(
    x,
    y,
    groups,
    names: Sequence[str],
    repeats: int,
    extra: tuple[Any, Any] | None = None,
    damp: Sequence[float] | None = None,
) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Pooled P/R/F1 over outer grouped folds (5), averaged over `repeats` shuffles; decisions as
    `same_event_probability` makes them (the model's probability times `damp`)."""
    import numpy as np
    from sklearn.model_selection import StratifiedGroupKFold

    totals = np.zeros(3)
    for seed in range(repeats):
        outer = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=seed)
        decisions = [0.0] * len(y)
        for train, test in outer.split(x, y, groups):
            xt, yt, gt = x[train], y[train], groups[train]
            if extra is not None:  # pairs of other articles, always on the training side
                xt, yt = np.vstack([xt, extra[0]]), np.concatenate([yt, extra[1]])
                gt = np.concatenate([gt, 10_000 + np.arange(len(extra[1]))])
            c, threshold = select(xt, yt, gt, names, seed)
            model = fit(xt, yt, c, names)
            for i, s in zip(test, predict(model, x[test]), strict=True):
                decisions[i] = 1.0 if s * (damp[i] if damp is not None else 1.0) >= threshold else 0.0
        totals += prf(list(y), decisions, 0.5)
    return tuple(round(float(v), 3) for v in totals / repeats)  # type: ignore[return-value]


def main() -> None:
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="shuffles of the cross-validation (0 skips it)")
    parser.add_argument("--write", action="store_true", help=f"fit on all pairs and write {MODEL_PATH.name}")
    parser.add_argument("--with-events", action="store_true", help="also train on the events-day pairs")
    args = parser.parse_args()
    weights = idf()
    feats, pairs = semeval_pairs()
    comp = components(pairs)
    groups = np.array([comp[a] for a, _, _ in pairs])
    print(f"{len(pairs)} SemEval pairs ({sum(s for *_, s in pairs)} same), {len(set(groups))} article groups\n")
    efeats, epairs, _ = events_pairs(weights)
    print(f"{len(epairs)} events-day pairs ({sum(s for *_, s in epairs)} same)\n")
    rows = []
    for name, names in FEATURE_SETS.items() if args.repeats else ():
        x, y = matrix(pairs, feats, weights, names)
        ex = matrix(epairs, efeats, weights, names)
        damp = damping(pairs, feats)
        rows.append([name, "SemEval", *cross_validate(x, y, groups, names, args.repeats, None, damp)])
        rows.append([name, "SemEval + events day", *cross_validate(x, y, groups, names, args.repeats, ex, damp)])
    if rows:
        print(markdown_table(["signals", "trained on", "CV precision", "CV recall", "CV F1"], rows))
    if args.write:
        names = FEATURE_SETS[CHOSEN]
        x, y = matrix(pairs, feats, weights, names)
        g = groups
        if args.with_events:
            ex, ey = matrix(epairs, efeats, weights, names)
            x, y = np.vstack([x, ex]), np.concatenate([y, ey])
            g = np.concatenate([groups, 10_000 + np.arange(len(ey))])
        c, threshold = select(x, y, g, names, 0)
        about = f"{CHOSEN}; C={c}; SemEval dev pairs" + (" + events-day pairs" if args.with_events else "")
        model = fit(x, y, c, names, threshold, about)
        MODEL_PATH.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {MODEL_PATH} ({about}, threshold {threshold})")


if __name__ == "__main__":
    main()
