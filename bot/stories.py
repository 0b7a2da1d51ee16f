"""Placing a stored article in a story: candidates from the index, a decision, merges, then a refresh."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlmodel import Session

from digest.clustering import (
    DEFAULT_SETTINGS,
    ClusterSettings,
    Idf,
    Signals,
    add_vectors,
    best_story,
    entity_keys,
    idf_from,
    similarity,
    top_terms,
)
from digest.story_title import story_title
from digest.summarize import summarize_story
from storage import queries, story_index
from storage.models import Article, Story, SummaryKind

CANDIDATE_WINDOW = timedelta(days=21)  # beyond this the time factor makes a join impossible anyway
QUERY_TERMS = 8
INDEX_TERMS = 12
INDEX_ENTITIES = 8
SUMMARY_MEMBERS = 10  # a story's title and summary come from its most recent articles


def _signals(story: Story) -> Signals:
    keys = {k: float(n) for name, n in story.entities.items() for k in entity_keys([name])}
    first, last = queries.aware(story.first_seen_at), queries.aware(story.last_seen_at)
    return Signals(story.centroid, keys, first, last, story.id)


def place_in_story(
    session: Session, article: Article, summary: list[str], settings: ClusterSettings = DEFAULT_SETTINGS
) -> Story:
    """Join the best recent story or start one; fold in stories that now prove to be the same; refresh."""
    dated = queries.aware(article.dated_at)
    entities = entity_keys(article.entities)
    signals = Signals(article.terms, dict.fromkeys(entities, 1.0), dated, dated)
    documents, frequencies = story_index.term_frequencies(session, [*article.terms, *entities])
    idf = idf_from(documents, frequencies)
    query = top_terms(article.terms, idf, QUERY_TERMS) + entities
    candidates = story_index.candidate_stories(session, query, since=dated - CANDIDATE_WINDOW)
    if candidates:  # IDF for every term compared, not only the article's
        wider = {t for c in candidates for t in c.centroid} | {k for c in candidates for k in entity_keys(c.entities)}
        documents, more = story_index.term_frequencies(session, wider - frequencies.keys())
        idf = idf_from(documents, {**frequencies, **more})
    by_id = {c.id: c for c in candidates}
    candidate_signals = {c.id: _signals(c) for c in candidates}
    match = best_story(signals, list(candidate_signals.values()), idf, settings)
    if match is None:
        story = Story(
            title=article.title,
            first_seen_at=dated,
            last_seen_at=dated,
            centroid=dict(article.terms),
            entities={},
            member_count=0,
        )
        session.add(story)
        session.flush()
        similarity_score = 1.0
    else:
        story = by_id[match[0]]
        similarity_score = match[1]
        story.centroid = add_vectors(story.centroid, article.terms)
    story.entities = dict(Counter(story.entities) + Counter(dict.fromkeys(article.entities, 1)))
    story.member_count += 1
    queries.add_to_story(session, story, article, similarity_score)
    joined = _signals(story)
    for other in candidates:
        if (
            other.id != story.id
            and similarity(joined, candidate_signals[other.id], idf, settings) >= settings.merge_threshold
        ):
            story.centroid = add_vectors(story.centroid, other.centroid)
            story.entities = dict(Counter(story.entities) + Counter(other.entities))
            story_index.merge_stories(session, other, story)
            joined = _signals(story)
    _reindex(session, story, idf)
    _refresh(session, story, summary if story.member_count == 1 else None)
    return story


def join_as_duplicate(session: Session, article: Article, original: Article) -> Story | None:
    """A near-copy joins its original's story as one more source; its text is not stored again."""
    story = queries.story_of(session, original.id)  # type: ignore[arg-type]
    if story is None:
        return None
    story.member_count += 1
    queries.add_to_story(session, story, article, 1.0)
    return story


def _reindex(session: Session, story: Story, idf: Idf) -> None:
    names = sorted(story.entities, key=lambda n: -story.entities[n])[:INDEX_ENTITIES]
    story_index.index_story(session, story, top_terms(story.centroid, idf, INDEX_TERMS) + entity_keys(names))


def _refresh(session: Session, story: Story, own_summary: list[str] | None) -> None:
    """A one-article story takes that article's summary; otherwise title and summary come from its members."""
    session.add(story)
    session.flush()
    assert story.id is not None
    if own_summary is not None:
        queries.save_summary(session, SummaryKind.STORY, own_summary, story_id=story.id)
        return
    members = queries.recent_story_members(session, story.id, SUMMARY_MEMBERS)
    originals = [m for m in members if m.duplicate_of_id is None]
    story.title = story_title([(m.title, m.source_name) for m in originals], story.centroid)
    session.add(story)
    sentences = summarize_story([m.sentences for m in originals])
    queries.save_summary(session, SummaryKind.STORY, sentences, story_id=story.id)
