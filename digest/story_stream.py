"""Offline story grouping that does what the store does, in arrival order (for benchmarks and tests).

Each article: candidates from an inverted index over `article_keys` / `story_keys` (recent
stories only, the ones sharing most keys first), `decide`, then join or start, fold in the
merges, and split a story whose members drifted apart. Only the functions of story_core.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from digest.clustering import Idf
from digest.event_features import EventFeatures
from digest.same_event import SameEventModel
from digest.story_core import (
    MAX_CANDIDATES,
    StoryCore,
    add_to_core,
    article_keys,
    decide,
    is_recent,
    merge_cores,
    split_drifted,
    start_core,
    story_keys,
)

DRIFT_CHECK_SIZES = frozenset({3, 4, 6, 8, 12, 16, 24, 32})  # a story is checked for drift as it reaches these sizes


class StoryStream:
    """Stories in memory, grown one article at a time exactly as the store would grow them."""

    def __init__(self, idf: Idf, model: SameEventModel | None = None, threshold: float | None = None) -> None:
        self.idf, self.model, self.threshold = idf, model, threshold
        self.cores: dict[int, StoryCore] = {}
        self.members: dict[int, list[tuple[int, EventFeatures]]] = {}
        self.index: dict[str, set[int]] = defaultdict(set)
        self.keys: dict[int, list[str]] = {}
        self.merged_into: dict[int, int] = {}
        self.splits = 0
        self._next = 0

    def candidates(self, features: EventFeatures) -> list[tuple[int, StoryCore]]:
        shared: Counter[int] = Counter()
        for key in article_keys(features, self.idf):
            shared.update(self.index.get(key, ()))
        found = [sid for sid, _ in shared.most_common() if is_recent(self.cores[sid], features)]
        return [(sid, self.cores[sid]) for sid in found[:MAX_CANDIDATES]]

    def add(self, article_id: int, features: EventFeatures) -> int:
        """Place one article; the id of the story it ends in."""
        decision = decide(features, self.candidates(features), self.idf, self.model, self.threshold)
        if decision.story_id is None:
            sid = self._new_story(start_core(features), [(article_id, features)])
            return sid
        sid = decision.story_id
        self.cores[sid] = add_to_core(self.cores[sid], features)
        self.members[sid].append((article_id, features))
        for other in decision.merges:
            self.cores[sid] = merge_cores(self.cores[sid], self.cores[other])
            self.members[sid] = sorted(self.members[sid] + self.members[other], key=lambda m: m[0])
            self._drop(other)
            self.merged_into[other] = sid
        self._reindex(sid)
        if len(self.members[sid]) in DRIFT_CHECK_SIZES:
            return self._split_if_drifted(sid, article_id)
        return sid

    def _split_if_drifted(self, sid: int, article_id: int) -> int:
        groups = split_drifted(self.members[sid], self.idf, self.model)
        if groups is None:
            return sid
        self.splits += 1
        features = dict(self.members[sid])
        self._drop(sid)
        home = sid
        for i, group in enumerate(groups):
            core = start_core(features[group[0]])
            for a in group[1:]:
                core = add_to_core(core, features[a])
            new = self._new_story(core, [(a, features[a]) for a in group], sid if i == 0 else None)
            if article_id in group:
                home = new
        return home

    def _new_story(self, core: StoryCore, members: list[tuple[int, EventFeatures]], sid: int | None = None) -> int:
        if sid is None:
            sid, self._next = self._next, self._next + 1
        self.cores[sid] = core
        self.members[sid] = members
        self._reindex(sid)
        return sid

    def _drop(self, sid: int) -> None:
        for key in self.keys.pop(sid, []):
            self.index[key].discard(sid)
        self.cores.pop(sid)
        self.members.pop(sid)

    def _reindex(self, sid: int) -> None:
        for key in self.keys.get(sid, []):
            self.index[key].discard(sid)
        self.keys[sid] = story_keys(self.cores[sid], self.idf)
        for key in self.keys[sid]:
            self.index[key].add(sid)

    def stories(self) -> list[list[int]]:
        return [[a for a, _ in m] for m in self.members.values()]


def cluster_stream(
    items: Sequence[tuple[int, EventFeatures]],
    idf: Idf,
    model: SameEventModel | None = None,
    threshold: float | None = None,
) -> list[list[int]]:
    """The stories (lists of article ids) that placing `items` one by one, in order, gives."""
    stream = StoryStream(idf, model, threshold)
    for article_id, features in items:
        stream.add(article_id, features)
    return stream.stories()
