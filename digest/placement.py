"""Where a new article goes: the story it joins (or none: it starts one), and the stories that then
prove to be one with it. A pure decision: the store reads the candidates, calls `decide`, then writes.

The candidates are the recent stories the store's index finds by the article's distinctive terms
and entities; `Signals` (digest.clustering) is what is known of each.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from digest.clustering import (
    DEFAULT_SETTINGS,
    ClusterSettings,
    Idf,
    Signals,
    add_vectors,
    best_story,
    similarity,
)


@dataclass(frozen=True)
class Placement:
    """Join `story_id` (None: start a new story), with the score it matched by; then absorb `merges`."""

    story_id: int | None
    similarity: float
    merges: tuple[int, ...] = ()


def decide(
    article: Signals, candidates: Sequence[Signals], idf: Idf, settings: ClusterSettings = DEFAULT_SETTINGS
) -> Placement:
    """The best candidate above the join threshold, or a new story.

    Once the article has joined, a candidate as similar as `merge_threshold` to the grown story is
    the same story told twice: it is merged in, and the grown story is compared again with the rest.
    """
    match = best_story(article, candidates, idf, settings)
    if match is None:
        return Placement(story_id=None, similarity=1.0)
    story_id, score = match
    joined = _grown(next(c for c in candidates if c.story_id == story_id), article)
    merges: list[int] = []
    for other in candidates:
        if other.story_id in (story_id, None):
            continue
        if similarity(joined, other, idf, settings) >= settings.merge_threshold:
            merges.append(other.story_id)  # type: ignore[arg-type]
            joined = _grown(joined, other)
    return Placement(story_id=story_id, similarity=score, merges=tuple(merges))


def _grown(story: Signals, extra: Signals) -> Signals:
    """The signals of `story` once `extra` (an article or another story) is part of it."""
    entities = Counter(story.entities)
    entities.update(extra.entities)
    return Signals(
        terms=add_vectors(story.terms, extra.terms),
        entities=dict(entities),
        first_seen=min(story.first_seen, extra.first_seen),
        last_seen=max(story.last_seen, extra.last_seen),
        story_id=story.story_id,
    )
