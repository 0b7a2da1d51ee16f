"""Speed of the NLP step, this tree against earlier commits, in one run on the same articles.

    .venv/bin/python -m bench.summaries_speed [--articles 300] [--seed 0] [--rounds 3] [--against fa5316d ...]

Each commit named by `--against` is exported with `git archive` into a temporary directory (the
repository is only read). For every tree, in fresh interpreters, one after the other and in
turns (`--rounds`), two things are timed on the same SaudiNewsNet sample (no template lines):

- `process`: the whole NLP step of an article (clean, normalise, split, summarise, entities,
  fingerprints) — what ingest pays;
- `summary part`: `clean_article`, `split_sentences` and `summarize_article` alone — the part
  the summary work owns.

Each interpreter first runs 30 other articles untimed (imports, caches, numpy warm), then times
the sample once, in CPU time of that interpreter (the machine is shared: wall time swings with
the other jobs). The median and the least over rounds are reported, in ms an article.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, markdown_table, sample, saudinewsnet

WARM_UP = 30
# Runs inside each tree: only APIs that fa5316d already had.
_TIMER = r"""
import json, sys, time
from digest.cleaning import clean_article
from digest.pipeline import process
from digest.sentences import split_sentences
from digest.sources.model import RawArticle
from digest.summarize import summarize_article

articles = json.loads(open(sys.argv[1], encoding="utf-8").read())
mode, warm = sys.argv[2], int(sys.argv[3])

def run_process(article):
    process(RawArticle(item=article["id"], text=article["content"], url="bench:", title=article["title"]))

def run_summary(article):
    clean = clean_article(article["content"], title=article["title"])
    summarize_article([s for p in clean.paragraphs for s in split_sentences(p)])

step = run_process if mode == "process" else run_summary
for article in articles[:warm]:
    step(article)
started = time.process_time()
for article in articles[warm:]:
    step(article)
print(json.dumps(1000 * (time.process_time() - started) / len(articles[warm:])))
"""
MODES = ("process", "summary part")


def export(commit: str, into: Path) -> Path:
    """The tree of `commit`, written under `into` (git archive: the repository is only read)."""
    target = into / commit
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def time_tree(tree: Path, articles_file: Path, mode: str) -> float:
    """ms an article for `mode` in a fresh interpreter whose imports come from `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    argv = [
        sys.executable,
        "-c",
        _TIMER,
        str(articles_file),
        "process" if mode == "process" else "summary",
        str(WARM_UP),
    ]
    done = subprocess.run(argv, cwd=tree, env=env, check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", action="append", default=[], help="a commit to time as well (repeatable)")
    args = parser.parse_args()
    corpus = list(saudinewsnet())
    chosen = sample(corpus, args.articles + WARM_UP, args.seed)
    articles = [{"id": a["id"], "content": a["content"], "title": a["title"]} for a in chosen]
    with tempfile.TemporaryDirectory(prefix="nashra-speed-") as temporary:
        workdir = Path(temporary)
        articles_file = workdir / "articles.json"
        articles_file.write_text(json.dumps(articles, ensure_ascii=False), encoding="utf-8")
        trees = {commit: export(commit, workdir) for commit in args.against}
        trees["this tree"] = ROOT
        timings: dict[tuple[str, str], list[float]] = {(t, m): [] for t in trees for m in MODES}
        for round_number in range(args.rounds):
            for name, tree in trees.items():
                for mode in MODES:
                    timings[name, mode].append(time_tree(tree, articles_file, mode))
                    print(
                        f"round {round_number + 1} {name:>12} {mode:>12}: {timings[name, mode][-1]:.1f} ms",
                        file=sys.stderr,
                    )
    print(f"## CPU ms an article, {args.rounds} rounds, {args.articles} SaudiNewsNet articles (seed {args.seed})\n")
    rows = [
        [name, *(f"{statistics.median(timings[name, m]):.1f} ({min(timings[name, m]):.1f})" for m in MODES)]
        for name in trees
    ]
    print(markdown_table(["tree", *(f"{m}: median (least)" for m in MODES)], rows))


if __name__ == "__main__":
    main()
