"""Placing a stored article in a story: read → decide → write, then the story's upkeep outside the lock.

- `read_placement` gathers what the decision needs — the recent stories the index finds by the article's
  keys (`digest.story_core.article_keys`), each story's core, the IDF weights — with no lock held.
- `digest.story_core.decide` makes the decision (pure): join the story the article matches as a whole,
  or start one; and which other candidates prove to be the same story (merges, kept visible).
- `write_placement` runs under the store's write lock: it checks that the candidates are as they were
  read (same stories, same member counts; otherwise it reads and decides again, now under the lock), then
  writes the membership, the grown core, the merges and the story's index keys. Nothing heavy.
- `refresh_story` runs after the commit: a story whose originals passed a checkpoint size since its last
  check is split if they no longer hang together (`split_drifted`), and a grown story gets its title,
  summary and names (NLP). A refresh made from fewer members than the story has by then is dropped: the
  article that grew it refreshes it again.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from digest.clustering import Idf, add_vectors, entity_keys, idf_from
from digest.event_features import EventFeatures, event_features
from digest.story_core import (
    CANDIDATE_DAYS,
    CORE_SIZE,
    DRIFT_MEMBERS,
    Decision,
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
from digest.story_stream import DRIFT_CHECK_SIZES
from digest.story_title import story_title
from storage import stories, story_index
from storage.engine import session_scope
from storage.models import Article, Story, SummaryKind, aware

log = logging.getLogger(__name__)

SUMMARY_MEMBERS = 10  # a story's title, summary and names come from its most recent articles


@dataclass(frozen=True)
class PlacementInput:
    """What the decision was made from: the candidates as read, and how to tell if they changed."""

    features: EventFeatures
    keys: list[str]  # the index keys the candidates were found by
    since: datetime
    candidates: dict[int, StoryCore]
    versions: dict[int, int]  # story id -> member count when read
    idf: Idf
    threshold: float | None = None  # the model's own unless given (tests, benchmarks)


def features_of(article: Article) -> EventFeatures:
    """A stored article's event features, from what the row holds (the same as at ingest time)."""
    return event_features(
        article.title,
        article.sentences,
        article.entities,
        article.terms,
        article.minhash or b"",
        aware(article.dated_at),
        article.given_url or article.url,
    )


def read_placement(session: Session, features: EventFeatures, threshold: float | None = None) -> PlacementInput:
    """The candidate stories of an article (recent, sharing its keys) and the IDF weights to compare by."""
    documents, frequencies = story_index.term_frequencies(session, [*features.terms, *features.entities])
    idf = idf_from(documents, frequencies)
    keys = article_keys(features, idf)
    if features.when is None:
        raise ValueError("the store dates every article it places (published, or when seen)")
    since = features.when - timedelta(days=CANDIDATE_DAYS)
    rows = story_index.candidate_stories(session, keys, since=since)
    cores = {row.id: _core(session, row) for row in rows if row.id is not None}
    cores = {sid: core for sid, core in cores.items() if is_recent(core, features)}
    if cores:  # IDF for every term compared, not only the article's
        wider = {t for c in cores.values() for m in c.core for t in (*m.terms, *m.entities)} - frequencies.keys()
        documents, more = story_index.term_frequencies(session, wider)
        idf = idf_from(documents, {**frequencies, **more})
    versions = {row.id: row.member_count for row in rows if row.id is not None}  # what the re-check reads
    return PlacementInput(features, keys, since, cores, versions, idf, threshold)


def _core(session: Session, story: Story) -> StoryCore:
    """The story's core; a story placed before cores existed gets one from its newest members."""
    if story.core:
        return StoryCore.from_json(story.core)
    members = stories.recent_story_members(session, story.id, CORE_SIZE)  # type: ignore[arg-type]
    core = start_core(features_of(members[0]))
    for member in members[1:]:
        core = add_to_core(core, features_of(member))
    return replace(core, size=story.member_count)


def decide_placement(given: PlacementInput) -> Decision:
    return decide(given.features, list(given.candidates.items()), given.idf, threshold=given.threshold)


def write_placement(
    session: Session, article: Article, given: PlacementInput, decision: Decision, *, empty: Story | None = None
) -> Story:
    """Under the write lock: check the candidates, then record the decision. Returns the article's story.

    `empty`: a story left with no members (reprocessing took the article out of it); an article that
    starts a story starts it there, so that the story keeps its id."""
    if story_index.candidate_versions(session, given.keys, given.since) != given.versions:
        given = read_placement(session, given.features, given.threshold)  # another worker placed articles meanwhile
        decision = decide_placement(given)
    dated = aware(article.dated_at)
    if decision.story_id is None:
        story = empty if empty is not None and empty.member_count == 0 else Story(title="", first_seen_at=dated)
        story.title, story.first_seen_at, story.last_seen_at = article.title, dated, dated
        story.centroid, story.entities, story.member_count = dict(article.terms), {}, 0
        session.add(story)
        session.flush()
        core = start_core(given.features)
    else:
        story = session.get(Story, decision.story_id)  # type: ignore[assignment]
        core = add_to_core(given.candidates[decision.story_id], given.features)
        story.centroid = add_vectors(story.centroid, article.terms)
    story.entities = dict(Counter(story.entities) + Counter(dict.fromkeys(article.entities, 1)))
    story.member_count += 1
    stories.add_to_story(session, story, article, decision.probability if decision.story_id else 1.0)
    for other_id in decision.merges:
        other = session.get(Story, other_id)
        if other is None or other_id not in given.candidates:
            continue
        core = merge_cores(core, given.candidates[other_id])
        story.centroid = add_vectors(story.centroid, other.centroid)
        story.entities = dict(Counter(story.entities) + Counter(other.entities))
        story_index.merge_stories(session, other, story)
    _save_core(session, story, core, given.idf)
    return story


def _save_core(session: Session, story: Story, core: StoryCore, idf: Idf) -> None:
    story.core = core.to_json()
    session.add(story)
    session.flush()
    story_index.index_story(session, story, story_keys(core, idf))


def join_as_duplicate(session: Session, article: Article, original: Article) -> Story | None:
    """A near-copy joins its original's story as one more source; its text is not stored again."""
    story = stories.story_of(session, original.id)  # type: ignore[arg-type]
    if story is None:
        return None
    story.member_count += 1
    stories.add_to_story(session, story, article, 1.0)
    return story


def story_names_of(members: list[tuple[str, str, dict[str, str], str]]) -> list[str]:
    """The names a story is about (≤ 5), from its articles' (title, lead, entities, outlet)."""
    from digest.salience import ArticleNames, story_names

    return story_names([ArticleNames(*member) for member in members])


def lead_of(clean_text: str) -> str:
    """An article's lead: its first paragraph."""
    return clean_text.strip().split("\n", 1)[0]


def refresh_story(engine: Engine, story_id: int) -> list[int]:
    """After a story grew: split it if it drifted, then give each resulting story its title, summary
    and names. Returns the ids of the stories refreshed."""
    refreshed = _split_if_drifted(engine, story_id) or [story_id]
    for sid in refreshed:
        _retitle(engine, sid)
    return refreshed


def _split_if_drifted(engine: Engine, story_id: int) -> list[int] | None:
    """When the story's originals have passed a checkpoint size since it was last checked, group them by
    same-event probability; if they fall into several groups, the largest keeps the story and each other
    group becomes a story of its own. A story that grew while it was checked is checked again by the
    article that grew it (the checkpoint is recorded only with the outcome)."""
    with Session(engine) as session:
        story = session.get(Story, story_id)
        if story is None:
            return None
        members = [m for m in stories.story_members(session, story_id) if m.duplicate_of_id is None]
        size, checked = story.member_count, story.drift_checked
        if not any(checked < point <= len(members) for point in DRIFT_CHECK_SIZES):
            return None
        features = {m.id: features_of(m) for m in members[-DRIFT_MEMBERS:]}
        documents, frequencies = story_index.term_frequencies(
            session, {t for f in features.values() for t in (*f.terms, *f.entities)}
        )
    ordered = [(m.id, features[m.id]) for m in members if m.id in features]
    groups = split_drifted(ordered, idf_from(documents, frequencies))
    with session_scope(engine) as session:
        story_index.lock_for_placement(session)
        story = session.get(Story, story_id)
        if story is None or story.member_count != size:
            return None  # it grew meanwhile: the article that grew it checks again
        story.drift_checked = len(members)
        session.add(story)
        if groups is None:
            return None
        ids = [story_id]
        for group in groups[1:]:
            target = _new_story_for(session, story)
            stories.move_members(session, group, target.id)  # type: ignore[arg-type]
            rebuild_story(session, target)
            ids.append(target.id)  # type: ignore[arg-type]
        rebuild_story(session, story)
        log.info("story %s drifted: split into %s", story_id, ids)
        return ids


def rebuild_story(session: Session, story: Story, *, indexed: bool = True) -> None:
    """A story's member count, span, centroid, entity counts, core and index keys, from the members it has
    now (after a split, or when reprocessing moves articles). `indexed` False keeps it out of the
    candidate index."""
    members = stories.story_members(session, story.id)  # type: ignore[arg-type]
    originals = [m for m in members if m.duplicate_of_id is None]
    story.member_count = len(members)
    centroid: dict[str, float] = {}
    for member in originals:
        centroid = add_vectors(centroid, member.terms)
    story.centroid = centroid
    story.entities = dict(Counter(name for member in originals for name in member.entities))
    if not originals:
        story.core = None
        story_index.index_story(session, story, [])
        session.add(story)
        return
    story.first_seen_at = min(aware(m.dated_at) for m in members)
    story.last_seen_at = max(aware(m.dated_at) for m in members)
    # The core from the newest members only (the features are worked out from each row, under the lock):
    # what a story is now is what its recent reports say.
    features = [features_of(m) for m in originals[-2 * CORE_SIZE :]]
    core = start_core(features[0])
    for more in features[1:]:
        core = add_to_core(core, more)
    documents, frequencies = story_index.term_frequencies(session, [*core.centroid, *core.entities])
    core = replace(core, size=story.member_count, centroid=centroid, entities=_entity_counts(features, originals))
    story.core = core.to_json()
    session.add(story)
    session.flush()
    keys = story_keys(core, idf_from(documents, frequencies)) if indexed else []
    story_index.index_story(session, story, keys)


def _entity_counts(features: list[EventFeatures], originals: list[Article]) -> dict[str, int]:
    """Members naming each entity key, over every original (features are known for the newest only)."""
    counts: Counter[str] = Counter()
    for member in originals:
        counts.update(dict.fromkeys(entity_keys(list(member.entities)), 1))
    return dict(counts) if counts else dict(Counter(k for f in features for k in f.entities))


def _new_story_for(session: Session, parent: Story) -> Story:
    story = Story(title=parent.title, first_seen_at=parent.first_seen_at, last_seen_at=parent.last_seen_at)
    session.add(story)
    session.flush()
    return story


def _retitle(engine: Engine, story_id: int) -> None:
    """A story's title, summary and names from its newest members; the NLP runs outside any lock."""
    from digest.summarize import summarize_story

    with Session(engine) as session:
        story = session.get(Story, story_id)
        if story is None:
            return
        members_read = story.member_count
        members = stories.recent_story_members(session, story_id, SUMMARY_MEMBERS)
        centroid = dict(story.centroid)
    originals = [m for m in members if m.duplicate_of_id is None]
    if not originals:
        return
    title = story_title([(m.title, m.source_name) for m in originals], centroid)
    sentences = summarize_story([m.sentences for m in originals])
    names = story_names_of([(m.title, lead_of(m.clean_text), m.entities, m.source_name) for m in originals])
    with session_scope(engine) as session:
        if stories.set_title_if_unchanged(session, story_id, title, members_read, names):
            stories.save_summary(session, SummaryKind.STORY, sentences, story_id=story_id)
