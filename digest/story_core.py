"""Stories as one real-world event each: what a story keeps for matching, and the online decision.

An article joins a story only when it matches the story as a whole — the mean same-event
probability over the story's core (its most central members, at most CORE_SIZE), not its
best single member — so a chain of small steps cannot walk a story from one event to
another. Stories the new article proves to be one are reported as merges (the store keeps
them visible). A story whose members no longer hang together is split (`split_drifted`).
Opinion columns, polls, captions and lists never join a news story, nor one another.

Everything here is pure and JSON-serialisable; the store finds candidates through an
inverted index over `article_keys` / `story_keys` and calls `decide`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from digest.clustering import Idf, add_vectors, cosine, top_terms
from digest.event_features import EventFeatures
from digest.same_event import SameEventModel, same_event_probability, shipped_model
from digest.text_kind import NEWS

CORE_SIZE = 5  # members compared with each newcomer: the most central ones
ARTICLE_TERMS = 8  # index keys an article is looked up by: its top IDF terms ...
ARTICLE_ENTITIES = 8  # ... and its rarest entities
STORY_TERMS = 12
STORY_ENTITIES = 8
MAX_CANDIDATES = 20
CANDIDATE_DAYS = 21  # stories last seen longer ago are not candidates (the time damping leaves them no chance)
DRIFT_MEMBERS = 40  # split_drifted looks at the newest this many members
# Groups of a story's members whose mean same-event probability is under this have drifted apart. Lower
# than the join threshold: reports of one event told in different words (each joined by matching the story
# as a whole) can share little pairwise, and that is no drift.
DRIFT_THRESHOLD = 0.5


@dataclass(frozen=True)
class StoryCore:
    """What a story keeps for matching: its core members' features and a few aggregates."""

    core: tuple[EventFeatures, ...]
    size: int = 1
    kind: str = NEWS
    centroid: Mapping[str, float] = field(default_factory=dict)  # summed term vectors, strongest kept
    entities: Mapping[str, int] = field(default_factory=dict)  # entity key -> members naming it
    first_seen: str | None = None
    last_seen: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "core": [f.to_json() for f in self.core],
            "size": self.size,
            "kind": self.kind,
            "centroid": dict(self.centroid),
            "entities": dict(self.entities),
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StoryCore:
        return cls(**{**data, "core": tuple(EventFeatures.from_json(f) for f in data["core"])})


@dataclass(frozen=True)
class Decision:
    """Join `story_id` (with `probability`) or, when it is None, start a new story; fold `merges` into it."""

    story_id: int | None
    probability: float
    merges: tuple[int, ...] = ()
    scores: Mapping[int, float] = field(default_factory=dict)  # every candidate's story probability


def start_core(features: EventFeatures) -> StoryCore:
    return StoryCore(
        core=(features,),
        kind=features.kind,
        centroid=dict(features.terms),
        entities=dict.fromkeys(features.entities, 1),
        first_seen=features.published,
        last_seen=features.published,
    )


def add_to_core(core: StoryCore, features: EventFeatures) -> StoryCore:
    """The story with one more member; the core keeps the CORE_SIZE members nearest the centroid."""
    centroid = add_vectors(core.centroid, features.terms)
    members = (*core.core, features)
    if len(members) > CORE_SIZE:
        members = tuple(sorted(members, key=lambda m: -cosine(m.terms, centroid))[:CORE_SIZE])
    first, last = _span([core.first_seen, core.last_seen, features.published])
    return replace(
        core,
        core=members,
        size=core.size + 1,
        centroid=centroid,
        entities=dict(Counter(core.entities) + Counter(dict.fromkeys(features.entities, 1))),
        first_seen=first,
        last_seen=last,
    )


def merge_cores(into: StoryCore, other: StoryCore) -> StoryCore:
    merged = into
    for member in other.core:
        merged = add_to_core(merged, member)
    first, last = _span([into.first_seen, into.last_seen, other.first_seen, other.last_seen])
    return replace(
        merged,
        size=into.size + other.size,
        centroid=add_vectors(into.centroid, other.centroid),
        entities=dict(Counter(into.entities) + Counter(other.entities)),
        first_seen=first,
        last_seen=last,
    )


def _span(times: Sequence[str | None]) -> tuple[str | None, str | None]:
    known = sorted(datetime.fromisoformat(t) for t in times if t)
    return (known[0].isoformat(), known[-1].isoformat()) if known else (None, None)


def story_probability(features: EventFeatures, core: StoryCore, idf: Idf, model: SameEventModel | None = None) -> float:
    """Mean same-event probability of the article with the story's core members (0 across kinds)."""
    if features.kind != NEWS or core.kind != NEWS:
        return 0.0
    scores = [same_event_probability(features, m, idf, model) for m in core.core]
    return sum(scores) / len(scores)


def decide(
    features: EventFeatures,
    candidates: Sequence[tuple[int, StoryCore]],
    idf: Idf,
    model: SameEventModel | None = None,
    threshold: float | None = None,
) -> Decision:
    """Join the candidate story the article matches best as a whole, or start a new one.

    Merges: other candidates the article matches too and whose cores match the chosen one's
    (both above the threshold) are the same event, split earlier; they fold into the chosen story.
    """
    model = model or shipped_model()
    threshold = model.join_threshold if threshold is None else threshold
    scores = {sid: story_probability(features, core, idf, model) for sid, core in candidates}
    best = max(scores, key=lambda s: scores[s], default=None)
    if best is None or scores[best] < threshold:
        return Decision(None, scores[best] if best is not None else 0.0, scores=scores)
    cores = dict(candidates)
    chosen = add_to_core(cores[best], features)
    merges = tuple(
        sid
        for sid in sorted(scores, key=lambda s: -scores[s])
        if sid != best and scores[sid] >= threshold and core_probability(chosen, cores[sid], idf, model) >= threshold
    )
    return Decision(best, scores[best], merges, scores)


def core_probability(a: StoryCore, b: StoryCore, idf: Idf, model: SameEventModel | None = None) -> float:
    """Mean same-event probability over the pairs of the two cores' members."""
    if a.kind != NEWS or b.kind != NEWS:
        return 0.0
    scores = [same_event_probability(x, y, idf, model) for x in a.core for y in b.core]
    return sum(scores) / len(scores)


def split_drifted(
    members: Sequence[tuple[int, EventFeatures]],
    idf: Idf,
    model: SameEventModel | None = None,
    threshold: float | None = None,
) -> list[list[int]] | None:
    """The groups a story should split into when its members no longer hang together, else None.

    Average-linkage grouping of the members (the newest DRIFT_MEMBERS) by same-event
    probability: groups are joined while their mean pair probability reaches the threshold.
    One group left means the story holds; several mean it drifted. Members beyond the newest
    DRIFT_MEMBERS stay with the largest group. The store keeps each member's EventFeatures.
    """
    model = model or shipped_model()
    threshold = DRIFT_THRESHOLD if threshold is None else threshold
    if len(members) < 3:
        return None
    recent = list(members[-DRIFT_MEMBERS:])
    n = len(recent)
    p = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            p[i][j] = p[j][i] = same_event_probability(recent[i][1], recent[j][1], idf, model)
    groups = [[i] for i in range(n)]
    while len(groups) > 1:
        best, pair = -1.0, (0, 0)
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                link = sum(p[i][j] for i in groups[a] for j in groups[b]) / (len(groups[a]) * len(groups[b]))
                if link > best:
                    best, pair = link, (a, b)
        if best < threshold:
            break
        a, b = pair
        groups[a] += groups.pop(b)
    if len(groups) == 1:
        return None
    result = sorted(([recent[i][0] for i in sorted(g)] for g in groups), key=len, reverse=True)
    result[0] = [sid for sid, _ in members[:-DRIFT_MEMBERS]] + result[0] if len(members) > DRIFT_MEMBERS else result[0]
    return result


def article_keys(features: EventFeatures, idf: Idf) -> list[str]:
    """Index keys to look an article's candidate stories up by: top IDF terms and rarest entities."""
    entities = sorted(features.entities, key=lambda e: (-idf(e), e))[:ARTICLE_ENTITIES]
    return top_terms(features.terms, idf, ARTICLE_TERMS) + entities


def story_keys(core: StoryCore, idf: Idf) -> list[str]:
    """Index keys a story is found by: its centroid's top terms and its most named entities."""
    entities = sorted(core.entities, key=lambda e: (-core.entities[e], -idf(e), e))[:STORY_ENTITIES]
    return top_terms(core.centroid, idf, STORY_TERMS) + entities


def is_recent(core: StoryCore, features: EventFeatures, days: float = CANDIDATE_DAYS) -> bool:
    """Whether a story is close enough in time to be a candidate (undated articles: always)."""
    if not core.last_seen or not features.published:
        return True
    gap = abs(datetime.fromisoformat(features.published) - datetime.fromisoformat(core.last_seen))
    return gap <= timedelta(days=days)
