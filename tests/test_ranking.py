"""Which stories come first (issue #18): importance, not recency alone."""

from datetime import UTC, datetime, timedelta

import pytest

from digest.ranking import PICKUP, StoryStats, quick_sources, rank_stories, story_score

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def test_outlets_count_logarithmically_and_age_halves_the_score():
    four = StoryStats(2, sources=4, latest=NOW, quick_sources=1)
    two = StoryStats(1, sources=2, latest=NOW, quick_sources=1)
    assert story_score(four, NOW) == pytest.approx(3.0) and story_score(two, NOW) == pytest.approx(2.0)
    older = StoryStats(3, sources=2, latest=NOW - timedelta(hours=12), quick_sources=1)
    assert story_score(older, NOW) == pytest.approx(1.0)


def test_a_quick_pick_up_counts_and_one_outlets_opinion_comes_last():
    quick = StoryStats(1, sources=3, latest=NOW - timedelta(hours=3), quick_sources=3)
    slow = StoryStats(2, sources=3, latest=NOW - timedelta(hours=3), quick_sources=1)
    single = StoryStats(3, sources=1, latest=NOW)
    essay = StoryStats(4, sources=1, latest=NOW, news=False)  # a column on a word's etymology, fresh
    assert [s.story_id for s in rank_stories([essay, single, slow, quick], NOW)] == [1, 2, 3, 4]


def test_quick_sources_counts_outlets_within_the_pick_up_window():
    reports = [("عكاظ", NOW), ("الرياض", NOW + PICKUP / 2), ("عكاظ", NOW + PICKUP * 2), ("المدينة", NOW + PICKUP * 2)]
    assert quick_sources(reports) == 2 and quick_sources([]) == 0
