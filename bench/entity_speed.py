"""The entity step's time per article, today's code against another commit's, in one run.

    .venv/bin/python -m bench.entity_speed [--against main] [--articles 300]

The same SaudiNewsNet articles (a fixed sample) go through `digest.pipeline.entity_names` twice:
once with the commit named by --against (exported by `git archive` to a temporary folder and run
there in a subprocess), once with this checkout, alternating, twice each; each side's first article
pays for loading its models and is timed apart; "cold" is a first pass over the articles, "warm" a
second (word caches filled, as in a long-running ingest). Prints milliseconds per article and ratios.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, sample, saudinewsnet

_RUNNER = """
import json, sys, time
from digest.pipeline import entity_names
texts = json.load(sys.stdin)
start = time.perf_counter(); entity_names(texts[0]); first = time.perf_counter() - start
times = []
for _ in range(2):  # the second pass finds the word caches warm, as a long-running ingest does
    start = time.perf_counter()
    for text in texts[1:]:
        entity_names(text)
    times.append(time.perf_counter() - start)
print(json.dumps({"first": first, "cold": times[0], "warm": times[1]}))
"""
ROUNDS = 2  # the two sides alternate, and each keeps its best round: the machine is shared


def texts(n: int) -> list[str]:
    rows = [r for i, r in enumerate(saudinewsnet()) if i % 50 == 0]
    return [f"{r['title']}\n{r['content']}" for r in sample(rows, n, seed=7)]


def run(folder: Path, articles: list[str]) -> dict[str, float]:
    command = [sys.executable, "-c", _RUNNER]
    done = subprocess.run(command, cwd=folder, input=json.dumps(articles), text=True, capture_output=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="main", help="the commit to compare with (default: main)")
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    articles = texts(args.articles)
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(["git", "archive", args.against, "digest"], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        rounds = [(run(Path(folder), articles), run(ROOT, articles)) for _ in range(ROUNDS)]
    n = len(articles) - 1
    words = sum(len(t.split()) for t in articles) / len(articles)
    print(f"{len(articles)} SaudiNewsNet articles, {words:.0f} words on average; {time.strftime('%Y-%m-%d %H:%M')}")
    for label, side in ((args.against, 0), ("this checkout", 1)):
        cold = min(1000 * r[side]["cold"] / n for r in rounds)
        warm = min(1000 * r[side]["warm"] / n for r in rounds)
        first = min(r[side]["first"] for r in rounds)
        print(f"{label}: {cold:.1f} ms/article cold, {warm:.1f} warm (first article, loading: {first:.2f} s)")
    for mode in ("cold", "warm"):
        ratio = min(r[1][mode] for r in rounds) / min(r[0][mode] for r in rounds)
        print(f"ratio now/before, {mode}: {ratio:.2f}")


if __name__ == "__main__":
    main()
