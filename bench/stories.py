"""Story clustering, measured: SemEval-2022 Task 8 Arabic pairs, the seed events, and time per article.

    .venv/bin/python -m bench.stories [--background 5000] [--sizes 1000,10000,30000]

IDF comes from a background of SaudiNewsNet articles (as it would from a store with
history). The join threshold is Nashra's setting; the sweep beside it is on weak labels
from SaudiNewsNet (one headline run by several outlets = same story; random articles of
one day = different), never on SemEval, which is only evaluated.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from sqlmodel import Session, select

from bench.common import LABELS, SEEDS, SHARED_DATA, markdown_table, require, sample, saudinewsnet
from bot.ingest.store import store_article
from digest.arabic import normalize
from digest.clustering import DEFAULT_SETTINGS, Signals, entity_keys, idf_from, similarity, term_vector
from digest.parallel import process_all
from digest.pipeline import entity_names, process
from digest.sources.model import Failure, RawArticle, parse_time
from storage.engine import open_database
from storage.models import StoryArticle

SEMEVAL = SHARED_DATA / "semeval2022_task8_ar" / "ar_ar_pairs_with_text.jsonl"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def features(text: str, title: str = "", when: datetime = NOW) -> Signals:
    lines = [line for line in text.splitlines() if line.strip()]
    title = title or (" ".join(text.split()[:12]))
    entities = entity_keys(entity_names(text))
    return Signals(term_vector(title, lines), dict.fromkeys(entities, 1.0), when, when)


_URL_DATES = (  # /2020/6/4/, /2020-05-09-, sputnik's /202003251044.../, shorouk's cdate=29042020
    (re.compile(r"/(20\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:\D|$)"), (1, 2, 3)),
    (re.compile(r"/(20\d\d)(\d\d)(\d\d)\d{6,}"), (1, 2, 3)),
    (re.compile(r"cdate=(\d\d)(\d\d)(20\d\d)"), (3, 2, 1)),
)


def url_date(url: str) -> datetime | None:
    """The publication date many news URLs carry. The SemEval copy has lost the articles' own dates,
    which the pipeline would have from the feed or the page; where the URL keeps one, it stands in."""
    for pattern, (y, m, d) in _URL_DATES:
        match = pattern.search(unquote(url))
        if match:
            try:
                return datetime(int(match[y]), int(match[m]), int(match[d]), tzinfo=UTC)
            except ValueError:
                return None
    return None


def background_idf(articles: list[dict]):  # type: ignore[no-untyped-def]
    frequencies: Counter[str] = Counter()
    for a in articles:
        f = features(a["content"], a["title"])
        frequencies.update(set(f.terms) | set(f.entities))
    return idf_from(len(articles), frequencies)


def pair_score(a: Signals, b: Signals, idf) -> float:  # type: ignore[no-untyped-def]
    return (similarity(a, b, idf) + similarity(b, a, idf)) / 2


def prf(labelled: list[tuple[bool, float]], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for same, s in labelled if same and s >= threshold)
    fp = sum(1 for same, s in labelled if not same and s >= threshold)
    fn = sum(1 for same, s in labelled if same and s < threshold)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def weak_labels(corpus: list[dict], idf, n: int = 300, seed: int = 0) -> list[tuple[bool, float]]:  # type: ignore[no-untyped-def]
    """Same headline from two outlets = same story; two random articles of one day = different."""
    by_title: dict[str, list[dict]] = defaultdict(list)
    by_day: dict[str, list[dict]] = defaultdict(list)
    for a in corpus:
        by_title[" ".join(normalize(a["title"]).split())].append(a)
        by_day[a["date_extracted"][:10]].append(a)
    rng = random.Random(seed)
    groups = [g for t, g in by_title.items() if len({a["source"] for a in g}) >= 2 and len(t.split()) >= 4]
    positives = [
        (g[0], next(b for b in g if b["source"] != g[0]["source"])) for g in rng.sample(groups, min(n, len(groups)))
    ]
    days = [d for d in by_day.values() if len(d) > 2]
    negatives = [tuple(rng.sample(rng.choice(days), 2)) for _ in range(n)]
    labelled = []
    for same, pairs in ((True, positives), (False, negatives)):
        for a, b in pairs:
            labelled.append(
                (same, pair_score(features(a["content"], a["title"]), features(b["content"], b["title"]), idf))
            )
    return labelled


def semeval(idf, dated: bool = True) -> tuple[list[tuple[bool, float]], float]:  # type: ignore[no-untyped-def]
    """Pairwise (same?, score) for the usable pairs, and BCubed F1 of online clustering over their articles.

    With `dated`, a pair whose two URLs both carry a date is compared at those dates; every
    other article is placed at one common time, so time neither helps nor hurts it.
    """
    rows = [json.loads(line) for line in require(SEMEVAL).read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["Overall"] <= 1.5 or r["Overall"] >= 3]
    cache: dict[str, Signals] = {}
    labelled = []
    for r in rows:
        when_1, when_2 = url_date(r["link1"]), url_date(r["link2"])
        if not (dated and when_1 and when_2):
            when_1 = when_2 = NOW
        a = cache.setdefault(r["text_1"], features(r["text_1"], when=when_1))
        b = cache.setdefault(r["text_2"], features(r["text_2"], when=when_2))
        labelled.append((r["Overall"] <= 1.5, pair_score(a, b, idf)))
    return labelled, bcubed(rows, cache, idf)


def bcubed(rows: list[dict], cache: dict[str, Signals], idf) -> float:  # type: ignore[no-untyped-def]
    """Gold clusters: connected 'same story' pairs; predicted: Nashra's online decisions in text order."""
    texts = list(dict.fromkeys(t for r in rows for t in (r["text_1"], r["text_2"])))
    parent = {t: t for t in texts}

    def root(t: str) -> str:
        while parent[t] != t:
            t = parent[t]
        return t

    for r in rows:
        if r["Overall"] <= 1.5:
            parent[root(r["text_1"])] = root(r["text_2"])
    gold = {t: root(t) for t in texts}
    clusters: list[list[str]] = []
    predicted: dict[str, int] = {}
    for t in texts:
        scores = [(max(pair_score(cache[t], cache[m], idf) for m in c), i) for i, c in enumerate(clusters)]
        best = max(scores, default=(0.0, -1))
        if best[0] >= DEFAULT_SETTINGS.join_threshold:
            clusters[best[1]].append(t)
            predicted[t] = best[1]
        else:
            clusters.append([t])
            predicted[t] = len(clusters) - 1
    precision = recall = 0.0
    for t in texts:
        same_pred = {u for u in texts if predicted[u] == predicted[t]}
        same_gold = {u for u in texts if gold[u] == gold[t]}
        precision += len(same_pred & same_gold) / len(same_pred)
        recall += len(same_pred & same_gold) / len(same_gold)
    precision, recall = precision / len(texts), recall / len(texts)
    return 2 * precision * recall / (precision + recall)


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
    at each size `probe` more articles are stored and timed.
    """
    needed = max(sizes) + probe * len(sizes)
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
            start = time.perf_counter()
            for _ in range(probe):
                store_article(engine, ready.pop(), None, NOW)
            per_article = (time.perf_counter() - start) / probe
            stored += probe
            rows.append([f"{size:,}", f"{1000 * per_article:.1f}"])
    base = float(rows[0][1])
    return [[*r, f"{float(r[1]) / base:.2f}"] for r in rows]


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
    parser.add_argument("--background", type=int, default=5000, help="SaudiNewsNet articles behind the IDF")
    parser.add_argument("--sizes", default="1000,10000,30000", help="store sizes for the scaling run ('' skips it)")
    args = parser.parse_args()
    corpus = list(saudinewsnet())
    idf = background_idf(sample(corpus, args.background, 3))
    threshold = DEFAULT_SETTINGS.join_threshold

    tuning = weak_labels(corpus, idf)
    pairs, b3 = semeval(idf)
    undated, undated_b3 = semeval(idf, dated=False)
    print("## SemEval-2022 Task 8, Arabic pairs (≤1.5 same story, ≥3 different; 2 excluded)\n")
    table = []
    runs = (("dates from URLs where both have one", pairs, b3), ("no dates", undated, undated_b3))
    for name, labelled, bcubed_f1 in runs:
        p, r, f = prf(labelled, threshold)
        table.append([f"Nashra (threshold {threshold}), {name}", len(labelled)])
        table[-1] += [f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", f"{bcubed_f1:.3f}"]
    print(markdown_table(["", "pairs", "precision", "recall", "F1", "BCubed F1"], table))
    print("\n## Threshold sweep (tuning: SaudiNewsNet weak labels; SemEval shown, not used to choose)\n")
    sweep = []
    for t in (0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40):
        sweep.append([t, *(f"{x:.3f}" for x in prf(tuning, t)), f"{prf(pairs, t)[2]:.3f}"])
    print(markdown_table(["threshold", "weak P", "weak R", "weak F1", "SemEval F1"], sweep))
    described, seed_f1 = seeds_grouping()
    print(
        f"\n## Seeds, ingested into an empty store\n\n{described}\n\npairwise F1 against the real events: {seed_f1:.2f}"
    )
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
        print("\n## Time to store and place one article as the store grows (SQLite)\n")
        print(markdown_table(["stored articles", "ms per article", f"× at {sizes[0]:,}"], scaling(corpus, sizes)))


if __name__ == "__main__":
    main()
