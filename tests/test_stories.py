import math
from datetime import UTC, datetime, timedelta

import pytest

from digest.arabic import normalize
from digest.clustering import (
    DEFAULT_SETTINGS,
    TRUSTED_DOCUMENTS,
    Signals,
    best_story,
    centroid,
    entity_keys,
    entity_overlap,
    idf_from,
    term_vector,
    time_factor,
    weighted_cosine,
)
from digest.near_duplicates import bands, from_bytes, is_near_duplicate, signature, to_bytes
from digest.story_title import story_title

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


FAIR = ["افتتح وزير الثقافة معرض الرياض الدولي للكتاب بمشاركة ألف دار نشر."]
FAIR_2 = ["فتح معرض الرياض للكتاب أبوابه للزوار بعد افتتاح وزير الثقافة له بحضور الناشرين."]
RAIN = ["هطلت أمطار غزيرة على جدة وأعلنت إدارة التعليم تعليق الدراسة في المدارس."]
FLAT = idf_from(0, {})  # an empty store: uniform weights


def _signals(title: str, body: list[str], when: datetime = NOW, entities: tuple[str, ...] = (), sid: int | None = None):
    return Signals(term_vector(title, body), dict.fromkeys(entity_keys(entities), 1.0), when, when, sid)


def test_term_vectors_weight_the_title_and_merge_inflections():
    vector = term_vector("معرض الكتاب", ["افتتح المعرض للكتاب"])
    assert vector["معرض"] > vector["افتتح"]  # title words count triple
    assert set(vector) >= {"معرض", "كتاب"}  # المعرض / معرض and للكتاب / الكتاب meet


def test_idf_is_trusted_only_with_enough_documents():
    assert FLAT("نادر") == FLAT("شايع") == 1.0
    idf = idf_from(TRUSTED_DOCUMENTS, {"شايع": TRUSTED_DOCUMENTS, "نادر": 1})
    assert idf("نادر") > idf("شايع")
    half = idf_from(TRUSTED_DOCUMENTS // 2, {"نادر": 1})
    assert 1.0 < half("نادر") < idf("نادر")


def test_common_terms_count_less_than_rare_ones():
    idf = idf_from(10_000, {"قال": 9_000, "الهلال": 20})
    a, b = {"قال": 1.0, "الهلال": 1.0}, {"قال": 1.0, "النصر": 1.0}
    c = {"الهلال": 1.0, "النصر": 1.0}
    assert weighted_cosine(a, c, idf) > weighted_cosine(a, b, idf)


def test_entity_overlap_and_time_factor():
    idf = FLAT
    assert entity_overlap({"e:جده": 1, "e:الرياض": 1}, {"e:جده": 3}, idf) == pytest.approx(0.5)
    story = _signals("معرض", FAIR)
    assert time_factor(_signals("معرض", FAIR, NOW + timedelta(days=9)), story, DEFAULT_SETTINGS) == 1.0
    later = time_factor(_signals("معرض", FAIR, NOW + timedelta(days=17)), story, DEFAULT_SETTINGS)
    assert later == pytest.approx(math.exp(-1))


def test_best_story_joins_the_same_event_and_not_an_old_one():
    fair = _signals("معرض الرياض للكتاب", FAIR, entities=("الرياض",), sid=9)
    rain = _signals("أمطار جدة", RAIN, entities=("جدة",), sid=7)
    new = _signals("معرض الكتاب يستقبل الزوار", FAIR_2, entities=("الرياض",))
    assert best_story(new, [rain, fair], FLAT)[0] == 9
    assert best_story(_signals("الهلال يفوز", ["فاز الهلال على النصر بهدفين."]), [rain, fair], FLAT) is None
    next_year = _signals("معرض الكتاب يستقبل الزوار", FAIR_2, NOW + timedelta(days=365), ("الرياض",))
    assert best_story(next_year, [fair], FLAT) is None  # the same words a year later: another event


def test_story_title_is_a_proper_headline_near_the_centroid():
    members = [
        ("عكاظ", "عكاظ"),  # a site name, not a headline
        ("افتتاح معرض الرياض الدولي للكتاب بمشاركة ألف دار", "واس"),
        ("وزير الثقافة يزور جناح كوريا الجنوبية في المعرض…", "الرياض"),  # cut off
    ]
    vector = centroid(term_vector(title, FAIR) for title, _ in members)
    assert story_title(members, vector) == "افتتاح معرض الرياض الدولي للكتاب بمشاركة ألف دار"


def test_minhash_finds_an_edited_copy_but_not_another_report():
    text = normalize(" ".join(FAIR * 3 + FAIR_2 * 3 + RAIN))
    edited = text.replace("ألف", "الف دار", 1) + " وقال مسؤول"
    other = normalize(" ".join(RAIN * 4 + FAIR_2))
    a, b, c = signature(text), signature(edited), signature(other)
    assert is_near_duplicate(a, b) and not is_near_duplicate(a, c)
    assert set(bands(a)) & set(bands(b))
    assert from_bytes(to_bytes(a)).jaccard(a) == 1.0
