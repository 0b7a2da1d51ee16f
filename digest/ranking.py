"""Which stories a digest shows first: by importance, not recency alone.

A story counts for more when more outlets carry it and when they picked it up quickly (several
outlets within hours of the first report), and for less as it ages. A single outlet's piece, and
above all opinion columns and other texts that are not news, rank below news that several outlets
report. An article dated in the future counts as the time it was seen (the store dates it so).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

HALF_LIFE_HOURS = 12.0
PICKUP = timedelta(hours=6)  # outlets reporting within this of the first report picked it up quickly
SINGLE_OUTLET = 0.7  # one outlet's piece, against several outlets' news
NOT_NEWS = 0.3  # opinion columns, polls, captions, lists


@dataclass(frozen=True)
class StoryStats:
    story_id: int
    sources: int  # distinct outlets carrying the story
    latest: datetime  # time of its newest article
    quick_sources: int = 1  # outlets that reported within PICKUP of its first report
    news: bool = True  # False when none of its articles is news (opinion columns, polls ...)


def story_score(stats: StoryStats, now: datetime) -> float:
    """Outlets count logarithmically, quick pick-up adds up to half again; age halves it every HALF_LIFE_HOURS."""
    weight = 1.0 + math.log2(max(stats.sources, 1))
    if stats.sources > 1:
        weight *= 1.0 + 0.5 * (min(stats.quick_sources, stats.sources) - 1) / (stats.sources - 1)
    else:
        weight *= SINGLE_OUTLET
    if not stats.news:
        weight *= NOT_NEWS
    age_hours = max(0.0, (now - stats.latest).total_seconds() / 3600)
    return weight * 0.5 ** (age_hours / HALF_LIFE_HOURS)


def rank_stories(stories: Sequence[StoryStats], now: datetime) -> list[StoryStats]:
    """Best first; ties go to the newer story, then the lower id (stable output)."""
    return sorted(stories, key=lambda s: (-story_score(s, now), -s.latest.timestamp(), s.story_id))


def quick_sources(reports: Sequence[tuple[str, datetime]]) -> int:
    """How many outlets reported within PICKUP of the first report; `reports` are (outlet, time) pairs."""
    if not reports:
        return 0
    first = min(when for _, when in reports)
    return len({outlet for outlet, when in reports if when - first <= PICKUP})
