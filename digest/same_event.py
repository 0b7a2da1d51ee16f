"""Are two articles reports of one real-world event? Pair signals and a small learned model (pure).

The signals: headline, lead and whole-text similarity (IDF-weighted cosines of light stems),
entity overlap by kind (people, places, organisations), shared distinctive numbers, the dates,
weekdays and years each names (agreeing or contradicting), and the near-duplicate signature.
A logistic regression over a few of them, fitted by bench/train_same_event.py on labelled
pairs and shipped as digest/data/same_event.json, turns them into a probability; the time
between the two reports (when both are dated) damps it afterwards, as in clustering.py.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from digest.clustering import Idf, weighted_cosine
from digest.event_features import EventFeatures

MODEL_PATH = Path(__file__).resolve().parent / "data" / "same_event.json"
SAME_EVENT_DAYS = 10.0  # no penalty this close: previews, the day, analyses (as clustering.py, and the seeds)
DECAY_DAYS = 7.0  # beyond, the probability falls by e every this many days
KINDS = ("PER", "LOC", "ORG")
CALENDAR_FACTOR = 0.5  # both texts name day-month dates and none is shared: two days' happenings (fixed, not fitted)


def _kind_overlap(a: EventFeatures, b: EventFeatures, idf: Idf, kind: str) -> float:
    """IDF-weighted overlap coefficient of the two articles' entities of one kind (0 if either has none)."""
    ka = {e for e, k in a.entities.items() if k == kind}
    kb = {e for e, k in b.entities.items() if k == kind}
    if not ka or not kb:
        return 0.0
    shared = sum(idf(e) for e in ka & kb)
    return shared / min(sum(idf(e) for e in ka), sum(idf(e) for e in kb))


def _entities(a: EventFeatures, b: EventFeatures, idf: Idf) -> float:
    ka, kb = set(a.entities), set(b.entities)
    if not ka or not kb:
        return 0.0
    return sum(idf(e) for e in ka & kb) / math.sqrt(sum(idf(e) for e in ka) * sum(idf(e) for e in kb))


def _numbers(a: EventFeatures, b: EventFeatures) -> float:
    """How many distinctive numbers the two share, as log(1 + n)."""
    return math.log1p(len(set(a.numbers) & set(b.numbers)))


def _headline_numbers(a: EventFeatures, b: EventFeatures) -> tuple[float, float]:
    """(agree, conflict) of the headlines' numbers: one headline's number quoted by the other article,
    or both headlines carrying numbers the other article never quotes (two days' counts, two scores)."""
    if not a.title_numbers and not b.title_numbers:
        return 0.0, 0.0
    agree = bool(set(a.title_numbers) & set(b.numbers) or set(b.title_numbers) & set(a.numbers))
    conflict = bool(a.title_numbers and b.title_numbers and not agree)
    return float(agree), float(conflict)


def _agree_conflict(x: Sequence[object], y: Sequence[object]) -> tuple[float, float]:
    """(1, 0) if both name some and share one; (0, 1) if both name some and share none; else (0, 0)."""
    if not x or not y:
        return 0.0, 0.0
    return (1.0, 0.0) if set(x) & set(y) else (0.0, 1.0)


def _year_conflict(a: EventFeatures, b: EventFeatures) -> float:
    """The latest year each names differs: a report names the year it is about, or earlier ones."""
    return float(bool(a.years and b.years and max(a.years) != max(b.years)))


def _minhash(a: EventFeatures, b: EventFeatures) -> float:
    if not a.minhash or not b.minhash or len(a.minhash) != len(b.minhash):
        return 0.0
    x, y = base64.b64decode(a.minhash), base64.b64decode(b.minhash)
    n = len(x) // 8
    return sum(x[8 * i : 8 * i + 8] == y[8 * i : 8 * i + 8] for i in range(n)) / n if n else 0.0


def _containment(x: Mapping[str, float], y: Mapping[str, float], idf: Idf) -> float:
    """IDF-weighted share of x's terms that y has."""
    total = sum(idf(t) for t in x)
    return sum(idf(t) for t in x if t in y) / total if total else 0.0


Signal = Callable[[EventFeatures, EventFeatures, Idf], float]

_SIGNALS: dict[str, Signal] = {
    "title": lambda a, b, idf: weighted_cosine(a.title, b.title, idf),
    "lead": lambda a, b, idf: weighted_cosine(a.lead, b.lead, idf),
    "text": lambda a, b, idf: weighted_cosine(a.terms, b.terms, idf),
    "title_in_text": lambda a, b, idf: (_containment(a.title, b.terms, idf) + _containment(b.title, a.terms, idf)) / 2,
    "entities": _entities,
    **{f"entities_{k.lower()}": (lambda a, b, idf, k=k: _kind_overlap(a, b, idf, k)) for k in KINDS},
    "numbers": lambda a, b, idf: _numbers(a, b),
    "headline_numbers_agree": lambda a, b, idf: _headline_numbers(a, b)[0],
    "headline_numbers_conflict": lambda a, b, idf: _headline_numbers(a, b)[1],
    "dates_agree": lambda a, b, idf: _agree_conflict(a.dates, b.dates)[0],
    "dates_conflict": lambda a, b, idf: _agree_conflict(a.dates, b.dates)[1],
    "weekdays_agree": lambda a, b, idf: _agree_conflict(a.weekdays, b.weekdays)[0],
    "weekdays_conflict": lambda a, b, idf: _agree_conflict(a.weekdays, b.weekdays)[1],
    "lead_weekdays_conflict": lambda a, b, idf: _agree_conflict(a.lead_weekdays, b.lead_weekdays)[1],
    "year_conflict": lambda a, b, idf: _year_conflict(a, b),
    "minhash": lambda a, b, idf: _minhash(a, b),
}


def _signals(a: EventFeatures, b: EventFeatures, idf: Idf, names: Iterable[str] | None = None) -> dict[str, float]:
    return {name: _SIGNALS[name](a, b, idf) for name in (names if names is not None else _SIGNALS)}


SIGNALS = tuple(_SIGNALS)


def pair_signals(a: EventFeatures, b: EventFeatures, idf: Idf) -> dict[str, float]:
    """Every signal of a pair, symmetric in a and b."""
    return _signals(a, b, idf)


@dataclass(frozen=True)
class SameEventModel:
    """A logistic regression over standardised signals, as fitted in bench/train_same_event.py."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float  # the pair probability above which two reports are one event
    about: str = ""
    story_threshold: float | None = None  # the mean over a story's core to join it (None: `threshold`)

    @property
    def join_threshold(self) -> float:
        return self.threshold if self.story_threshold is None else self.story_threshold

    def probability(self, signals: Mapping[str, float]) -> float:
        z = self.intercept + sum(
            c * (signals[f] - m) / s for f, m, s, c in zip(self.features, self.mean, self.scale, self.coef, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, object]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> SameEventModel:
        return cls(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items()})  # type: ignore[arg-type]


@cache
def shipped_model() -> SameEventModel:
    return SameEventModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def time_factor(a: EventFeatures, b: EventFeatures) -> float:
    """1 when either is undated or they are within SAME_EVENT_DAYS; then falling off exponentially."""
    wa, wb = a.when, b.when
    if wa is None or wb is None:
        return 1.0
    gap = abs((wa - wb).total_seconds()) / 86400
    return math.exp(-max(0.0, gap - SAME_EVENT_DAYS) / DECAY_DAYS)


def calendar_factor(a: EventFeatures, b: EventFeatures) -> float:
    """CALENDAR_FACTOR when the two name dates and share none («13 سبتمبر» against «19 يونيو»), else 1.

    Labelled pairs rarely carry such dates, so a learned weight would stay small; it is a fixed prior.
    """
    return CALENDAR_FACTOR if a.dates and b.dates and not set(a.dates) & set(b.dates) else 1.0


def same_event_probability(a: EventFeatures, b: EventFeatures, idf: Idf, model: SameEventModel | None = None) -> float:
    """Probability that the two articles report one event, time between them and named dates accounted for."""
    model = model or shipped_model()
    return model.probability(_signals(a, b, idf, model.features)) * time_factor(a, b) * calendar_factor(a, b)


PairScorer = Callable[[EventFeatures, EventFeatures], float]
