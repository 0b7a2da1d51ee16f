"""Placing a stored article in a story: read → decide → write, then a refresh outside the lock.

- `read_placement` gathers what the decision needs — the candidate stories the index finds by the
  article's distinctive terms and entities, their signals, the IDF weights — with no lock held.
- `digest.placement.decide` makes the decision (a pure function).
- `write_placement` runs under the store's write lock: it first checks that the candidates are as
  they were read (same stories, same member counts; otherwise it reads and decides again, now under
  the lock), then writes the membership, the merges and the story's index terms. Nothing heavy.
- `refresh_story` gives a grown story its title and summary (NLP) after the commit, in a
  transaction of its own; a refresh computed from fewer members than the story has by then is
  dropped, since the article that grew it refreshes it again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from digest.clustering import (
    DEFAULT_SETTINGS,
    ClusterSettings,
    Idf,
    Signals,
    add_vectors,
    entity_keys,
    idf_from,
    top_terms,
)
from digest.placement import Placement, decide
from digest.story_title import story_title
from storage import stories, story_index
from storage.engine import session_scope
from storage.models import Article, Story, SummaryKind, aware

CANDIDATE_WINDOW = timedelta(days=21)  # beyond this the time factor makes a join impossible anyway
QUERY_TERMS = 8
INDEX_TERMS = 12
INDEX_ENTITIES = 8
SUMMARY_MEMBERS = 10  # a story's title and summary come from its most recent articles


@dataclass(frozen=True)
class PlacementInput:
    """What the decision was made from: the candidates as read, and how to tell if they changed."""

    article: Signals
    query: list[str]  # the index terms the candidates were found by
    since: datetime
    candidates: dict[int, Signals]
    versions: dict[int, int]  # story id -> member count when read
    idf: Idf


def article_signals(terms: dict[str, float], entity_names: list[str], dated: datetime) -> Signals:
    return Signals(terms, dict.fromkeys(entity_keys(entity_names), 1.0), dated, dated)


def read_placement(session: Session, article: Signals) -> PlacementInput:
    """The candidate stories of an article and the IDF weights to compare them by."""
    entities = list(article.entities)
    documents, frequencies = story_index.term_frequencies(session, [*article.terms, *entities])
    idf = idf_from(documents, frequencies)
    query = top_terms(article.terms, idf, QUERY_TERMS) + entities
    since = article.first_seen - CANDIDATE_WINDOW
    candidates = story_index.candidate_stories(session, query, since=since)
    if candidates:  # IDF for every term compared, not only the article's
        wider = {t for c in candidates for t in c.centroid} | {k for c in candidates for k in entity_keys(c.entities)}
        documents, more = story_index.term_frequencies(session, wider - frequencies.keys())
        idf = idf_from(documents, {**frequencies, **more})
    return PlacementInput(
        article=article,
        query=query,
        since=since,
        candidates={c.id: story_signals(c) for c in candidates if c.id is not None},
        versions={c.id: c.member_count for c in candidates if c.id is not None},
        idf=idf,
    )


def story_signals(story: Story) -> Signals:
    keys = {k: float(n) for name, n in story.entities.items() for k in entity_keys([name])}
    return Signals(story.centroid, keys, aware(story.first_seen_at), aware(story.last_seen_at), story.id)


def decide_placement(given: PlacementInput, settings: ClusterSettings = DEFAULT_SETTINGS) -> Placement:
    return decide(given.article, list(given.candidates.values()), given.idf, settings)


def write_placement(
    session: Session,
    article: Article,
    given: PlacementInput,
    placement: Placement,
    settings: ClusterSettings = DEFAULT_SETTINGS,
) -> Story:
    """Under the write lock: check the candidates, then record the decision. Returns the article's story."""
    if story_index.candidate_versions(session, given.query, given.since) != given.versions:
        given = read_placement(session, given.article)  # another worker placed articles meanwhile
        placement = decide_placement(given, settings)
    dated = aware(article.dated_at)
    if placement.story_id is None:
        story = Story(title=article.title, first_seen_at=dated, last_seen_at=dated, centroid=dict(article.terms))
        session.add(story)
        session.flush()
    else:
        story = session.get(Story, placement.story_id)  # type: ignore[assignment]
        story.centroid = add_vectors(story.centroid, article.terms)
    story.entities = dict(Counter(story.entities) + Counter(dict.fromkeys(article.entities, 1)))
    story.member_count += 1
    stories.add_to_story(session, story, article, placement.similarity)
    for other_id in placement.merges:
        other = session.get(Story, other_id)
        if other is None:
            continue
        story.centroid = add_vectors(story.centroid, other.centroid)
        story.entities = dict(Counter(story.entities) + Counter(other.entities))
        story_index.merge_stories(session, other, story)
    names = sorted(story.entities, key=lambda n: -story.entities[n])[:INDEX_ENTITIES]
    story_index.index_story(session, story, top_terms(story.centroid, given.idf, INDEX_TERMS) + entity_keys(names))
    session.add(story)
    session.flush()
    return story


def join_as_duplicate(session: Session, article: Article, original: Article) -> Story | None:
    """A near-copy joins its original's story as one more source; its text is not stored again."""
    story = stories.story_of(session, original.id)  # type: ignore[arg-type]
    if story is None:
        return None
    story.member_count += 1
    stories.add_to_story(session, story, article, 1.0)
    return story


def names_of(members: list[tuple[str, str, dict[str, str]]]) -> list[str]:
    """The names a story is about (≤ 5), from its articles' (title, lead, entities)."""
    from digest.salience import ArticleNames, story_names

    return story_names([ArticleNames(title, lead, entities) for title, lead, entities in members])


def lead_of(clean_text: str) -> str:
    """An article's lead: its first paragraph."""
    return clean_text.strip().split("\n", 1)[0]


def refresh_story(engine: Engine, story_id: int) -> None:
    """A grown story's title, summary and names from its newest members; the NLP runs outside any lock."""
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
    names = names_of([(m.title, lead_of(m.clean_text), m.entities) for m in originals])
    with session_scope(engine) as session:
        if stories.set_title_if_unchanged(session, story_id, title, members_read, names):
            stories.save_summary(session, SummaryKind.STORY, sentences, story_id=story_id)
