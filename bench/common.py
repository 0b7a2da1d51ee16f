"""Helpers shared by the benchmark scripts: where the shared data is, loading it, timing."""

from __future__ import annotations

import gzip
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
SNN = SHARED_DATA / "saudinewsnet" / "saudinewsnet.jsonl.gz"
SEEDS = SHARED_DATA / "seeds"
LABELS = Path(__file__).resolve().parent / "labels"

T = TypeVar("T")


def require(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"{path} is missing: the benchmarks need ../shared beside the checkout")
    return path


def saudinewsnet() -> Iterator[dict[str, Any]]:
    """All SaudiNewsNet articles, in corpus order."""
    with gzip.open(require(SNN), "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def sample(items: list[T], n: int, seed: int) -> list[T]:
    """A reproducible sample of n items, in their original order."""
    chosen = sorted(random.Random(seed).sample(range(len(items)), min(n, len(items))))
    return [items[i] for i in chosen]


def timed(function: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def markdown_table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
