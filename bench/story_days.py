"""Stories over real SaudiNewsNet days: BCubed on the labelled events day, and a day's largest stories to read.

    .venv/bin/python -m bench.story_days [--folds 5] [--read 2015-08-04] [--write-threshold]

The events day (2015-08-10, 199 labelled articles in 77 groups) is grouped whole — all
1,655 articles the NLP keeps, in publication order, so the hard neighbours are there — and
scored on the labelled ones. Nashra before issue #15 (Miranda-style score, threshold 0.3,
merges at 0.6, the store's inverted index) is the baseline. The new grouping runs with a pair
model fitted on the SemEval dev pairs alone (never on this day), and with models fitted on
SemEval plus this day's pairs in leave-groups-out folds, the story threshold chosen on the
other folds' groups too: each article's BCubed comes from a model and a threshold that never
saw its group. The shipped model was fitted on the whole day, so no figure of it is printed
for this day; `--write-threshold` chooses its story threshold here. The day's largest stories
(`--read`, a day never labelled nor fitted on) are written out with the shipped model.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from bench.common import ROOT, markdown_table
from bench.story_data import EVENTS_DAY, READING_DAY, events, snn_day
from bench.train_same_event import events_pairs, fit, idf, matrix, select
from digest.clustering import (
    DEFAULT_SETTINGS,
    Idf,
    Signals,
    add_vectors,
    best_story,
    similarity,
    top_terms,
)
from digest.event_features import EventFeatures, from_processed
from digest.same_event import MODEL_PATH, SameEventModel, shipped_model
from digest.story_stream import StoryStream


def bcubed(clusters: Sequence[Sequence[str]], gold: Sequence[Sequence[str]], only: set[str] | None = None):  # type: ignore[no-untyped-def]
    """BCubed P, R, F1 of `clusters` against `gold` over the gold articles (or the `only` subset of them)."""
    gold_of = {a: i for i, g in enumerate(gold) for a in g}
    pred_of = {a: i for i, c in enumerate(clusters) for a in c if a in gold_of}
    scored = [a for a in gold_of if only is None or a in only]
    members_pred: dict[int, set[str]] = {}
    for a, c in pred_of.items():
        members_pred.setdefault(c, set()).add(a)
    precision = recall = 0.0
    for a in scored:
        predicted = members_pred.get(pred_of.get(a, -1), {a})
        actual = set(gold[gold_of[a]])
        precision += len(predicted & actual) / len(predicted)
        recall += len(predicted & actual) / len(actual)
    p, r = precision / len(scored), recall / len(scored)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def baseline_stream(items: Sequence[tuple[str, EventFeatures]], weights: Idf) -> list[list[str]]:
    """Nashra before #15, as bot/stories.py did it: index lookup, best_story at 0.3, merges at 0.6."""
    stories: dict[int, Signals] = {}
    members: dict[int, list[str]] = {}
    index: dict[str, set[int]] = {}
    for article, f in items:
        when = f.when or datetime(2015, 1, 1)
        keys = entity_keys_of(f)
        signals = Signals(dict(f.terms), dict.fromkeys(keys, 1.0), when, when)
        found = {s for k in top_terms(f.terms, weights, 8) + keys for s in index.get(k, ())}
        candidates = [stories[s] for s in found]
        match = best_story(signals, candidates, weights)
        if match is None:
            sid = len(members)
            stories[sid] = Signals(dict(f.terms), dict.fromkeys(keys, 1.0), when, when, sid)
            members[sid] = [article]
        else:
            sid = match[0]
            old = stories[sid]
            entities = dict(Counter(old.entities) + Counter(dict.fromkeys(keys, 1.0)))
            stories[sid] = Signals(add_vectors(old.terms, f.terms), entities, old.first_seen, when, sid)
            members[sid].append(article)
            for other in list(found):
                if (
                    other != sid
                    and other in stories
                    and similarity(stories[sid], stories[other], weights) >= DEFAULT_SETTINGS.merge_threshold
                ):
                    o = stories.pop(other)
                    entities = dict(Counter(stories[sid].entities) + Counter(o.entities))
                    stories[sid] = Signals(add_vectors(stories[sid].terms, o.terms), entities, when, when, sid)
                    members[sid] += members.pop(other)
        s = stories[sid]
        top = sorted(s.entities, key=lambda e: -s.entities[e])[:8]
        for key in top_terms(s.terms, weights, 12) + top:
            index.setdefault(key, set()).add(sid)
    return [m for m in members.values() if m]


def entity_keys_of(f: EventFeatures) -> list[str]:
    return sorted(f.entities)


def day_items(day: str) -> tuple[list[tuple[str, EventFeatures]], dict[str, object]]:
    articles, processed = snn_day(day)
    items = [(a["id"], from_processed(processed[a["id"]])) for a in articles if a["id"] in processed]
    return items, {a["id"]: a for a in articles}


STORY_FACTORS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)  # story thresholds tried: these times the pair threshold


def run(  # type: ignore[no-untyped-def]
    items: Sequence[tuple[str, EventFeatures]],
    weights: Idf,
    model: SameEventModel | None = None,
    threshold: float | None = None,
):
    numbered = {i: a for i, (a, _) in enumerate(items)}
    stream = StoryStream(weights, model, threshold)
    start = time.perf_counter()
    for i, (_, f) in enumerate(items):
        stream.add(i, f)
    per_article = (time.perf_counter() - start) / len(items)
    return [[numbered[i] for i in s] for s in stream.stories()], per_article, stream


def leave_groups_out(items, weights: Idf, gold: list[list[str]], folds: int, factors=STORY_FACTORS, signals=None):  # type: ignore[no-untyped-def]
    """BCubed where each article is scored by a model fitted without any pair of its own group."""
    import numpy as np

    from bench.train_same_event import CHOSEN, FEATURE_SETS, components, semeval_pairs

    names = FEATURE_SETS[signals or CHOSEN]
    feats, pairs = semeval_pairs()
    comp = components(pairs)
    sx, sy = matrix(pairs, feats, weights, names)
    sg = np.array([comp[a] for a, _, _ in pairs])
    efeats, epairs, group_of = events_pairs(weights)
    ex, ey = matrix(epairs, efeats, weights, names)
    totals = [0.0, 0.0]
    for fold in range(folds):
        held = {a for a, g in group_of.items() if g % folds == fold}
        keep = [i for i, (a, b, _) in enumerate(epairs) if a not in held and b not in held]
        x, y = np.vstack([sx, ex[keep]]), np.concatenate([sy, ey[keep]])
        g = np.concatenate([sg, 10_000 + np.array([group_of[epairs[i][0]] for i in keep])])
        c, threshold = select(x, y, g, names, fold)
        model = fit(x, y, c, names, threshold)
        train = {a for a in group_of if a not in held}
        runs = {f: run(items, weights, model, f * threshold)[0] for f in factors}
        factor = max(factors, key=lambda f: bcubed(runs[f], gold, train)[2])  # chosen on the other groups
        p, r, _ = bcubed(runs[factor], gold, held)
        print(f"fold {fold}: story threshold {factor} × {threshold:.3f}, held-out BCubed P {p:.3f} R {r:.3f}")
        totals[0] += p * len(held)
        totals[1] += r * len(held)
    n = sum(len(g) for g in gold)
    p, r = totals[0] / n, totals[1] / n
    return p, r, 2 * p * r / (p + r)


def semeval_only_model(weights: Idf, signals: str | None = None) -> SameEventModel:
    """The pair model fitted on the SemEval dev pairs alone (C and threshold by inner CV): never saw this day."""
    import numpy as np

    from bench.train_same_event import CHOSEN, FEATURE_SETS, components, semeval_pairs

    names = FEATURE_SETS[signals or CHOSEN]
    feats, pairs = semeval_pairs()
    comp = components(pairs)
    x, y = matrix(pairs, feats, weights, names)
    c, threshold = select(x, y, np.array([comp[a] for a, _, _ in pairs]), names, 0)
    return fit(x, y, c, names, threshold)


def reading(day: str, weights: Idf, out: Path, top: int = 20) -> str:
    items, articles = day_items(day)
    clusters, _, _ = run(items, weights)
    clusters.sort(key=len, reverse=True)
    lines = [f"# The {top} largest stories of SaudiNewsNet {day} (bench/story_days.py)", ""]
    multi = sum(len(c) > 1 for c in clusters)
    lines.append(f"{len(items)} articles, {len(clusters)} stories, {multi} with 2+ members.")
    lines.append("")
    for n, cluster in enumerate(clusters[:top], 1):
        lines.append(f"## {n}. {len(cluster)} articles")
        lines.append("")
        for a in cluster:
            art = articles[a]
            lines.append(f"- {a} {art['source']}: {art['title'].strip()}")  # type: ignore[index]
        lines.append("")
    out.write_text("\n".join(lines), encoding="utf-8")
    return f"{day}: {len(items)} articles, {len(clusters)} stories; the {top} largest written to {out}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5, help="leave-groups-out folds (0 skips)")
    parser.add_argument("--read", default=READING_DAY, help="a day whose largest stories are written out")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--story-factors",
        default="1.0",
        help="story thresholds to choose from, as multiples of the pair threshold (e.g. 0.5,0.6,0.7,0.8,0.9,1.0)",
    )
    parser.add_argument("--signals", default=None, help="a feature set of bench.train_same_event (default: its CHOSEN)")
    parser.add_argument(
        "--write-threshold", action="store_true", help="choose the shipped model's story threshold on this day"
    )
    args = parser.parse_args()
    factors = tuple(float(f) for f in args.story_factors.split(","))
    weights = idf()
    gold = [list(g) for g in events()["groups"]]
    items, _ = day_items(EVENTS_DAY)
    print(f"## Events day {EVENTS_DAY}: {len(items)} articles grouped, 199 labelled scored (BCubed)\n")
    rows = []
    old = baseline_stream(items, weights)
    rows.append(["Nashra before #15 (threshold 0.3, merges 0.6)", *(f"{v:.3f}" for v in bcubed(old, gold))])
    clusters, per_article, stream = run(items, weights, semeval_only_model(weights, args.signals))
    rows.append(
        ["core matching, model fitted on SemEval dev pairs only", *(f"{v:.3f}" for v in bcubed(clusters, gold))]
    )
    if args.folds:
        lgo = leave_groups_out(items, weights, gold, args.folds, factors, args.signals)
        chosen = (
            "story threshold chosen in the folds too" if len(factors) > 1 else f"story threshold {factors[0]} × pair's"
        )
        label = f"core matching, SemEval + events-day pairs ({chosen}): {args.folds} leave-groups-out folds"
        rows.append([label])
        rows[-1] += [f"{v:.3f}" for v in lgo]
    print(markdown_table(["", "BCubed P", "BCubed R", "BCubed F1"], rows))
    print(f"\n{1000 * per_article:.1f} ms per article (decide + core updates, whole day); {stream.splits} drift splits")
    print(f"The shipped model ({shipped_model().about}) was fitted on this day too: no figure of it here.")
    if args.write_threshold:
        model = shipped_model()
        runs = {f: run(items, weights, model, f * model.threshold)[0] for f in factors}
        factor = max(factors, key=lambda f: bcubed(runs[f], gold)[2])
        data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
        data["story_threshold"] = round(factor * model.threshold, 3)
        MODEL_PATH.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        shipped_model.cache_clear()
        print(f"\nstory threshold {data['story_threshold']} ({factor} × {model.threshold}) written to {MODEL_PATH}")
    if args.read:
        out = args.out or ROOT / "docs" / f"stories-{args.read}.md"
        print("\n" + reading(args.read, weights, out))


if __name__ == "__main__":
    main()
