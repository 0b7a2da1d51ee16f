"""The entity step's time per article, today's code against another commit's, in one run.

    .venv/bin/python -m bench.entity_speed [--against main] [--articles 300]

The same SaudiNewsNet articles (a fixed sample) go through `digest.pipeline.entity_names` twice:
once with the commit named by --against (exported by `git archive` to a temporary folder and run
there in a subprocess), once with this checkout; each side's first article pays for loading its
models and is timed apart. Prints milliseconds per article and the ratio.
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
start = time.perf_counter()
for text in texts[1:]:
    entity_names(text)
print(json.dumps({"first": first, "rest": time.perf_counter() - start}))
"""


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
        before = run(Path(folder), articles)
    now = run(ROOT, articles)
    per = {name: 1000 * r["rest"] / (len(articles) - 1) for name, r in (("before", before), ("now", now))}
    words = sum(len(t.split()) for t in articles) / len(articles)
    print(f"{len(articles)} SaudiNewsNet articles, {words:.0f} words on average; {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"{args.against}: {per['before']:.1f} ms/article (first article, loading: {before['first']:.2f} s)")
    print(f"this checkout: {per['now']:.1f} ms/article (first article, loading: {now['first']:.2f} s)")
    print(f"ratio now/before: {per['now'] / per['before']:.2f}")


if __name__ == "__main__":
    main()
