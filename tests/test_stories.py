from datetime import UTC, datetime, timedelta

import pytest

from digest.clustering import best_story, centroid, cosine, term_vector
from digest.ranking import StoryStats, rank_stories, story_score
from digest.story_title import story_title

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def test_score_doubles_sources_logarithmically_and_halves_every_half_life():
    one = StoryStats(1, sources=1, latest=NOW)
    four = StoryStats(2, sources=4, latest=NOW)
    old = StoryStats(3, sources=1, latest=NOW - timedelta(hours=12))
    assert story_score(one, NOW) == pytest.approx(1.0)
    assert story_score(four, NOW) == pytest.approx(3.0)
    assert story_score(old, NOW) == pytest.approx(0.5)


def test_rank_prefers_more_outlets_then_freshness():
    stories = [
        StoryStats(1, sources=1, latest=NOW),
        StoryStats(2, sources=3, latest=NOW - timedelta(hours=2)),
        StoryStats(3, sources=1, latest=NOW - timedelta(hours=20)),
    ]
    assert [s.story_id for s in rank_stories(stories, NOW)] == [2, 1, 3]


FAIR = ["افتتح وزير الثقافة معرض الرياض الدولي للكتاب بمشاركة ألف دار نشر."]
FAIR_2 = ["فتح معرض الرياض للكتاب أبوابه للزوار بعد افتتاح وزير الثقافة له بحضور الناشرين."]
RAIN = ["هطلت أمطار غزيرة على جدة وأعلنت إدارة التعليم تعليق الدراسة في المدارس."]


def test_vectors_are_unit_length_and_similar_for_the_same_event():
    fair = term_vector("معرض الرياض للكتاب", FAIR)
    assert cosine(fair, fair) == pytest.approx(1.0)
    fair_2 = term_vector("معرض الكتاب يستقبل الزوار", FAIR_2)
    rain = term_vector("أمطار جدة", RAIN)
    assert cosine(fair, fair_2) > 0.3 > cosine(fair, rain)


def test_best_story_joins_above_threshold_or_starts_a_new_one():
    fair = term_vector("معرض الرياض للكتاب", FAIR)
    rain = term_vector("أمطار جدة", RAIN)
    candidates = [(7, rain), (9, centroid([fair, term_vector("معرض الكتاب", FAIR_2)]))]
    assert best_story(term_vector("معرض الكتاب يستقبل الزوار", FAIR_2), candidates)[0] == 9
    assert best_story(term_vector("الهلال يفوز", ["فاز الهلال على النصر بهدفين."]), candidates) is None


def test_story_title_is_a_proper_headline_near_the_centroid():
    members = [
        ("عكاظ", "عكاظ"),  # a site name, not a headline
        ("افتتاح معرض الرياض الدولي للكتاب بمشاركة ألف دار", "واس"),
        ("وزير الثقافة يزور جناح كوريا الجنوبية في المعرض…", "الرياض"),  # cut off
    ]
    vector = centroid(term_vector(title, FAIR) for title, _ in members)
    assert story_title(members, vector) == "افتتاح معرض الرياض الدولي للكتاب بمشاركة ألف دار"
