"""The articles the story benchmarks read, put through `process()` once and cached outside the repo.

    .venv/bin/python -m bench.story_data   # warm the cache (about 10 minutes on one core)

Sets: the SemEval-2022 Task 8 Arabic dev pairs (and the 54 older pairs), the labelled events
day of SaudiNewsNet (2015-08-10, every article of that day so the hard neighbours are there),
a real day for reading stories (2015-08-04), and document frequencies from a sample of the
other days (never the scored ones) for IDF.
"""

from __future__ import annotations

import json
import os
import pickle
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import SHARED_DATA, require, sample, saudinewsnet
from digest.clustering import entity_keys
from digest.pipeline import ProcessedArticle, process
from digest.sources.model import Failure, RawArticle, parse_time

CACHE = Path(os.environ.get("NASHRA_BENCH_CACHE", Path.home() / ".cache" / "nashra-bench"))
SEMEVAL_DIR = SHARED_DATA / "semeval2022_task8_ar"
DEV_PAIRS = SEMEVAL_DIR / "ar_ar_dev_with_text.jsonl"
OLD_PAIRS = SEMEVAL_DIR / "ar_ar_pairs_with_text.jsonl"
EVENTS = SHARED_DATA / "saudinewsnet" / "labels" / "events_dev.json"
EVENTS_DAY = "2015-08-10"
READING_DAY = "2015-08-04"
BACKGROUND = 8000  # articles of the other days behind the IDF


def _cached(name: str, build: Callable[[], Any]) -> Any:
    path = CACHE / f"{name}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    value = build()
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(value))
    return value


def snn_raw(a: dict[str, Any]) -> RawArticle:
    return RawArticle(
        item=a["id"],
        text=a["content"],
        url=a["url"],
        title=a["title"],
        source=a["source"],
        published=parse_time(a["date_extracted"]),
    )


def _process_all(raws: list[RawArticle]) -> dict[str, ProcessedArticle]:
    done = {}
    for raw in raws:
        result = process(raw)
        if not isinstance(result, Failure):
            done[raw.item] = result
    return done


def snn_day(day: str) -> tuple[list[dict[str, Any]], dict[str, ProcessedArticle]]:
    """Every article of one day (by date_extracted) in time order, and those the NLP keeps."""
    articles = sorted(
        (a for a in saudinewsnet() if a["date_extracted"].startswith(day)), key=lambda a: (a["date_extracted"], a["id"])
    )
    return articles, _cached(f"day-{day}", lambda: _process_all([snn_raw(a) for a in articles]))


def pair_rows(path: Path = DEV_PAIRS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in require(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def pair_articles() -> dict[str, ProcessedArticle]:
    """The dev and older SemEval articles, keyed by their text, with no dates (the copy lost them)."""

    def build() -> dict[str, ProcessedArticle]:
        raws = {}
        for path in (DEV_PAIRS, OLD_PAIRS):
            for r in pair_rows(path):
                for side in ("1", "2"):
                    text = r[f"text_{side}"]
                    raws[text] = RawArticle(item=text, text=text, url=r[f"link{side}"], title=r.get(f"title_{side}"))
        return _process_all(list(raws.values()))

    return _cached("semeval", build)


def events() -> dict[str, Any]:
    return json.loads(require(EVENTS).read_text(encoding="utf-8"))


def background_frequencies(
    n: int = BACKGROUND, exclude: tuple[str, ...] = (EVENTS_DAY, READING_DAY)
) -> tuple[int, Counter[str]]:
    """Document frequencies of terms and entity keys over n articles of the days not scored or read."""

    def build() -> tuple[int, Counter[str]]:
        pool = [a for a in saudinewsnet() if a["date_extracted"][:10] not in exclude]
        counts: Counter[str] = Counter()
        documents = 0
        for a in sample(pool, n, 3):
            result = process(snn_raw(a))
            if isinstance(result, Failure):
                continue
            documents += 1
            counts.update(set(result.terms) | set(entity_keys(result.entities)))
        return documents, counts

    return _cached(f"background-{n}-" + "-".join(exclude), build)


def main() -> None:
    print(len(pair_articles()), "SemEval articles")
    for day in (EVENTS_DAY, READING_DAY):
        print(day, len(snn_day(day)[1]), "articles kept")
    print(background_frequencies()[0], "background articles")


if __name__ == "__main__":
    main()
