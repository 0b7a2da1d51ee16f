"""Story grouping, measured: SemEval-2022 Task 8 Arabic dev pairs, the seed pages, a decision's cost, time per article.

    .venv/bin/python -m bench.stories [--background 8000] [--sizes 1000,10000,30000]

IDF comes from SaudiNewsNet articles of days never scored (as it would from a store with
history). On the dev pairs this prints what Nashra decided before issue #15 (Miranda-style
score at its 0.3 threshold, never tuned on these pairs); the learned model's figures there
come only from cross-validation (bench/train_same_event.py), since it was fitted on them.
The seeds are grouped twice: as plain .txt files with no dates through `cluster_stream` (the
new decision), and with their labelled times through the store (which still runs the old one).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, select

from bench.common import LABELS, SEEDS, markdown_table, sample, saudinewsnet
from bench.story_data import background_frequencies, pair_articles, pair_rows
from bot.ingest.store import store_article
from digest.clustering import Idf, Signals, entity_keys, idf_from, similarity
from digest.event_features import EventFeatures, from_processed
from digest.parallel import process_all
from digest.pipeline import ProcessedArticle, process
from digest.same_event import shipped_model
from digest.sources.model import Failure, RawArticle, parse_time
from digest.story_core import CORE_SIZE, MAX_CANDIDATES, StoryCore, add_to_core, decide, start_core
from digest.story_stream import cluster_stream
from storage.engine import open_database
from storage.models import StoryArticle

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def old_signals(article: ProcessedArticle) -> Signals:
    """What the store compared before #15: the term vector and the entity keys, at one common time."""
    return Signals(article.terms, dict.fromkeys(entity_keys(article.entities), 1.0), NOW, NOW)


def prf(labelled: list[tuple[bool, float]], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for same, s in labelled if same and s >= threshold)
    fp = sum(1 for same, s in labelled if not same and s >= threshold)
    fn = sum(1 for same, s in labelled if same and s < threshold)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def dev_pairs_baseline(idf: Idf) -> tuple[list[list[object]], int]:
    """Nashra before #15 on the usable dev pairs (undated), at its own threshold and at every other."""
    processed = pair_articles()
    rows = [r for r in pair_rows() if r["Overall"] <= 1.5 or r["Overall"] >= 3]
    usable = [r for r in rows if r["text_1"] in processed and r["text_2"] in processed]
    labelled = []
    for r in usable:
        a, b = old_signals(processed[r["text_1"]]), old_signals(processed[r["text_2"]])
        labelled.append((r["Overall"] <= 1.5, (similarity(a, b, idf) + similarity(b, a, idf)) / 2))
    table = [["before #15, its threshold 0.3", len(labelled), *(f"{v:.3f}" for v in prf(labelled, 0.3))]]
    best = max(((*prf(labelled, t / 100), t / 100) for t in range(5, 80)), key=lambda r: r[2])
    table.append([f"before #15, best threshold on these pairs ({best[3]:.2f}: optimistic)", len(labelled)])
    table[-1] += [f"{v:.3f}" for v in best[:3]]
    return table, len(rows) - len(usable)


def seeds_plain(idf: Idf, dated: bool = False) -> tuple[str, float]:
    """The five seed pages as plain .txt files grouped by `cluster_stream`: with no dates, in file order;
    `dated`, at their labelled publication times, in that order."""
    labels = json.loads((LABELS / "seeds.json").read_text(encoding="utf-8"))["files"]
    items: list[tuple[int, EventFeatures]] = []
    event = {}
    names = sorted(labels, key=lambda n: labels[n]["published"] if dated else n)
    for i, name in enumerate(names):
        published = parse_time(labels[name]["published"]) if dated else None
        text = (SEEDS / name).read_text(encoding="utf-8")
        raw = RawArticle(item=name, text=text, url=f"file:///{name}", published=published)
        processed = process(raw)
        assert not isinstance(processed, Failure)
        items.append((i, from_processed(processed)))
        event[i] = labels[name]["event"]
    stories = cluster_stream(items, idf)
    story_of = {a: s for s, members in enumerate(stories) for a in members}
    pairs = [(a, b) for a in event for b in event if a < b]
    labelled = [(event[a] == event[b], 1.0 if story_of[a] == story_of[b] else 0.0) for a, b in pairs]
    described = "; ".join(f"story {s}: {', '.join(sorted(event[a] for a in m))}" for s, m in enumerate(stories))
    return described, prf(labelled, 0.5)[2]


def decision_cost(idf: Idf, repeats: int = 20) -> float:
    """Milliseconds of one `decide` at its bound: MAX_CANDIDATES stories, each with a full core."""
    articles = [p for p in pair_articles().values()][: MAX_CANDIDATES * CORE_SIZE + 1]
    feats = [from_processed(p) for p in articles]
    cores: list[tuple[int, StoryCore]] = []
    for s in range(MAX_CANDIDATES):
        core = start_core(feats[s * CORE_SIZE])
        for f in feats[s * CORE_SIZE + 1 : (s + 1) * CORE_SIZE]:
            core = add_to_core(core, f)
        cores.append((s, core))
    start = time.perf_counter()
    for _ in range(repeats):
        decide(feats[-1], cores, idf, threshold=1.1)  # nothing joins: every candidate is scored
    return 1000 * (time.perf_counter() - start) / repeats


def seeds_grouping() -> tuple[str, float]:
    """Ingest the five seeds (with their labelled publication times) into an empty store; compare with the events."""
    labels = json.loads((LABELS / "seeds.json").read_text(encoding="utf-8"))["files"]
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'seeds.db'}")
        article_event = {}
        for name, label in labels.items():
            text = (SEEDS / name).read_text(encoding="utf-8")
            raw = RawArticle(item=name, text=text, url=f"file:///{name}", published=parse_time(label["published"]))
            processed = process(raw)
            assert not isinstance(processed, Failure)
            article_id = store_article(engine, processed, None, NOW)
            article_event[article_id] = label["event"]
        with Session(engine) as session:
            story_of = {link.article_id: link.story_id for link in session.exec(select(StoryArticle))}
    pairs = [(a, b) for a in article_event for b in article_event if a < b]
    labelled = [(article_event[a] == article_event[b], 1.0 if story_of[a] == story_of[b] else 0.0) for a, b in pairs]
    groups = defaultdict(list)
    for a, event in article_event.items():
        groups[story_of[a]].append(event)
    described = "; ".join(f"story {s}: {', '.join(sorted(e))}" for s, e in sorted(groups.items()))
    return described, prf(labelled, 0.5)[2]


def scaling(corpus: list[dict], sizes: list[int], probe: int = 100) -> list[list[object]]:
    """Time to store and place one article (the clustering step) when the store already holds N articles.

    The articles go through the NLP once, over all cores; one store grows through the sizes, and
    at each size `probe` more articles are stored and timed, by the clock and by this process's CPU
    time (SQLite runs in-process, so CPU time is the cost without the machine's other load).
    """
    needed = 0
    for size in sizes:  # the probes at a smaller size are part of the growth to the next one
        needed = max(needed, size) + probe
    # Some articles fail the NLP (too short, only navigation): take a margin, then check.
    chosen = sample(corpus, needed + needed // 5 + 50, 7)
    processed = [p for p in process_all([(_raw(a), frozenset[str]()) for a in chosen], os.cpu_count() or 1)]
    ready = [p for p in processed if not isinstance(p, Failure)]
    if len(ready) < needed:
        raise SystemExit(f"scaling needs {needed} usable articles, the sample gave {len(ready)}")
    ready.reverse()  # pop() then takes them in corpus order
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'scale.db'}")
        stored = 0
        for size in sizes:
            while stored < size:
                store_article(engine, ready.pop(), None, NOW)
                stored += 1
            start, cpu = time.perf_counter(), time.process_time()
            for _ in range(probe):
                store_article(engine, ready.pop(), None, NOW)
            per_article = (time.perf_counter() - start) / probe
            cpu_per_article = (time.process_time() - cpu) / probe
            stored += probe
            rows.append([f"{size:,}", f"{1000 * per_article:.1f}", f"{1000 * cpu_per_article:.1f}"])
    base = float(rows[0][2])
    return [[*r, f"{float(r[2]) / base:.2f}"] for r in rows]


def _raw(a: dict) -> RawArticle:
    return RawArticle(
        item=a["id"],
        text=a["content"],
        url=a["url"],
        title=a["title"],
        source=a["source"],
        published=parse_time(a["date_extracted"]),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--background", type=int, default=8000, help="SaudiNewsNet articles behind the IDF")
    parser.add_argument("--sizes", default="1000,10000,30000", help="store sizes for the scaling run ('' skips it)")
    parser.add_argument("--probe", type=int, default=100, help="articles stored and timed at each size")
    args = parser.parse_args()
    documents, counts = background_frequencies(args.background)
    idf = idf_from(documents, counts)
    table, lost = dev_pairs_baseline(idf)
    print(f"## SemEval-2022 Task 8 Arabic dev pairs (≤1.5 same story, ≥3 different; {lost} hold an article")
    print("the NLP rejects as too short)\n")
    print(markdown_table(["", "pairs", "precision", "recall", "F1"], table))
    print(f"\nThe learned model ({shipped_model().about}): cross-validated figures from bench.train_same_event.")
    described, seed_f1 = seeds_plain(idf)
    print(f"\n## Seeds as plain .txt files, no dates, cluster_stream\n\n{described}\n\npairwise F1: {seed_f1:.2f}")
    described, seed_f1 = seeds_plain(idf, dated=True)
    print(f"\n## Seeds at their labelled times, cluster_stream\n\n{described}\n\npairwise F1: {seed_f1:.2f}")
    described, seed_f1 = seeds_grouping()
    print(f"\n## Seeds at their labelled times, through the store (before #15)\n\n{described}")
    print(f"\npairwise F1: {seed_f1:.2f}")
    print(f"\n## One decision at its bound ({MAX_CANDIDATES} candidates × {CORE_SIZE} core members)\n")
    print(f"{decision_cost(idf):.1f} ms")
    if args.sizes:
        corpus = list(saudinewsnet())
        sizes = [int(s) for s in args.sizes.split(",")]
        print("\n## Time to store and place one article as the store grows (SQLite)\n")
        header = ["stored articles", "ms per article", "CPU ms per article", f"CPU × at {sizes[0]:,}"]
        print(markdown_table(header, scaling(corpus, sizes, args.probe)))
        print("\n(CPU time of this process: SQLite works in it, and other load on the machine does not count)")


if __name__ == "__main__":
    main()
