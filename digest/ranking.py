"""Which stories a digest shows first: those carried by more outlets, and fresher ones."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

HALF_LIFE_HOURS = 12.0


@dataclass(frozen=True)
class StoryStats:
    story_id: int
    sources: int  # distinct outlets carrying the story
    latest: datetime  # time of its newest article


def story_score(stats: StoryStats, now: datetime) -> float:
    """Outlets count logarithmically; age halves a story's weight every HALF_LIFE_HOURS."""
    age_hours = max(0.0, (now - stats.latest).total_seconds() / 3600)
    return (1.0 + math.log2(stats.sources)) * 0.5 ** (age_hours / HALF_LIFE_HOURS)


def rank_stories(stories: Sequence[StoryStats], now: datetime) -> list[StoryStats]:
    """Best first; ties go to the newer story, then the lower id (stable output)."""
    return sorted(stories, key=lambda s: (-story_score(s, now), -s.latest.timestamp(), s.story_id))
