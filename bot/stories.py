"""Placing a newly stored article in a story and refreshing that story's title and summary."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from digest.clustering import best_story, centroid
from digest.story_title import story_title
from digest.summarize import summarize_story
from storage import queries
from storage.models import Article, Story, SummaryKind

STORY_WINDOW = timedelta(days=3)
SUMMARY_MEMBERS = 10  # a story's title and summary come from its most recent articles


def place_in_story(session: Session, article: Article, summary: list[str]) -> Story:
    """Join the best-matching recent story or start a new one, then refresh that story.

    `summary` is the article's own summary, which is also the summary of a story it starts.
    """
    dated = queries.aware(article.dated_at)
    candidates = queries.recent_stories(session, since=dated - STORY_WINDOW)
    match = best_story(article.terms, ((s.id, s.centroid) for s in candidates if s.id is not None))
    if match is None:
        story = Story(title=article.title, first_seen_at=dated, last_seen_at=dated, centroid=article.terms)
        session.add(story)
        session.flush()
        similarity = 1.0
    else:
        story = next(s for s in candidates if s.id == match[0])
        similarity = match[1]
    earlier = queries.story_size(session, story.id) if match else 0
    queries.add_to_story(session, story, article, similarity)
    session.flush()
    assert story.id is not None
    if earlier:
        # Running mean of the members' unit vectors, without reloading them.
        story.centroid = centroid([{t: w * earlier for t, w in story.centroid.items()}, article.terms])
    if not earlier:
        queries.save_summary(session, SummaryKind.STORY, summary, story_id=story.id)
        return story
    members = queries.recent_story_members(session, story.id, SUMMARY_MEMBERS)
    story.title = story_title([(m.title, m.source_name) for m in members], story.centroid)
    session.add(story)
    sentences = summarize_story([m.sentences for m in members])
    queries.save_summary(session, SummaryKind.STORY, sentences, story_id=story.id)
    return story
