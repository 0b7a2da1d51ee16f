"""One real-world event per story: event features, text kinds, the pair model, core matching, drift, merges."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from digest.clustering import entity_keys, idf_from, term_vector
from digest.event_features import EventFeatures, event_features
from digest.same_event import SameEventModel, pair_signals, same_event_probability, shipped_model
from digest.story_core import (
    StoryCore,
    add_to_core,
    article_keys,
    decide,
    split_drifted,
    start_core,
    story_keys,
)
from digest.story_stream import cluster_stream
from digest.text_kind import CAPTION, LIST, NEWS, OPINION, POLL, text_kind

FLAT = idf_from(0, {})
# A store where the ministry, its title and its projects are everyday words (as they are in Saudi news).
_EVERYDAY = "وزير وزارة الشؤون البلدية والقروية المشروعات مشروعات الأمانات مسؤولي المدينة جديدة"
IDF = idf_from(
    10_000,
    {t: 2_500 for t in [*term_vector(_EVERYDAY, [_EVERYDAY]), *entity_keys(["وزارة الشؤون البلدية"])]},
)
DAY = datetime(2015, 8, 10, 9, tzinfo=UTC)

# Text cosine alone decides: p > 0.5 exactly when the IDF-weighted term cosine is above 0.3.
TOY = SameEventModel(("text",), (0.3,), (0.01,), (1.0,), 0.0, 0.6)

BOMBING = (
    "مقتل 15 شخصا في تفجير مسجد قوات الطوارئ في أبها",
    [
        "قتل 15 شخصا وأصيب 9 آخرون في تفجير انتحاري استهدف مسجد قوات الطوارئ في أبها يوم الخميس 6 أغسطس.",
        "وقال المتحدث الأمني إن الانتحاري فجر حزاما ناسفا أثناء صلاة الظهر داخل المسجد.",
    ],
    {"أبها": "LOC", "قوات الطوارئ": "ORG"},
)
BOMBING_2 = (
    "تفجير انتحاري في مسجد للطوارئ بأبها يقتل 15",
    [
        "أعلنت وزارة الداخلية مقتل 15 شخصا في تفجير انتحاري بمسجد قوات الطوارئ في أبها الخميس 6 أغسطس.",
        "وأوضح المتحدث الأمني أن الانتحاري فجر حزاما ناسفا خلال صلاة الظهر.",
    ],
    {"أبها": "LOC", "قوات الطوارئ": "ORG", "وزارة الداخلية": "ORG"},
)
MINISTER_ROADS = (
    "وزير الشؤون البلدية يعتمد مشروعات طرق جديدة في جدة",
    [
        "اعتمد وزير الشؤون البلدية والقروية مشروعات لتطوير الطرق في جدة بتكلفة 300 مليون ريال.",
        "وتشمل المشروعات إنشاء جسور وأنفاق جديدة في شمال المدينة.",
    ],
    {"جدة": "LOC", "وزارة الشؤون البلدية": "ORG"},
)
MINISTER_PENALTIES = (
    "وزير الشؤون البلدية يقر عقوبات على المتسببين في تعطيل المشروعات",
    [
        "أقر وزير الشؤون البلدية والقروية عقوبات على الموظفين المتسببين في إلغاء المشروعات البلدية.",
        "وشدد على محاسبة المقصرين من مسؤولي الأمانات.",
    ],
    {"وزارة الشؤون البلدية": "ORG"},
)


def _features(article, url: str = "", when: datetime | None = DAY) -> EventFeatures:  # type: ignore[no-untyped-def]
    title, sentences, entities = article
    return event_features(title, sentences, entities, published=when, url=url)


def _plain(terms: dict[str, float], kind: str = NEWS) -> EventFeatures:
    return EventFeatures(title={}, lead={}, terms=terms, entities={}, kind=kind)


def test_features_name_dates_weekdays_years_and_distinctive_numbers():
    f = event_features(
        "قمة في الثلاثاء 12 أغسطس 2023",
        ["اجتمع الزعيمان يوم الثلاثاء 12 أغسطس 2023 وأعلنا 4,000 منحة و2.5 مليار دولار لعام 2024 في 3 مدن."],
        {},
    )
    assert f.years == (2023, 2024)
    assert f.dates == ("8-12",)
    assert f.weekdays == (1,)
    assert set(f.numbers) == {"12", "4000", "2.5"}  # the years and the "3" are not distinctive
    assert f.title_numbers == ("12",)
    assert EventFeatures.from_json(f.to_json()) == f


def test_text_kinds():
    news = ["أعلنت وزارة الصحة تسجيل أربع إصابات جديدة بفيروس كورونا في الرياض مساء الأحد."] * 3
    assert text_kind("أربع إصابات جديدة بكورونا", news, "http://example.com/news/1") == NEWS
    assert text_kind("من الخاسر؟", news, "http://www.alwatan.com.sa/Articles/Detail.aspx?ArticleID=1") == OPINION
    column = ["نحن جميعنا نعرف أننا لسنا بخير، وأعتقد أننا نحتاج إلى مراجعة أنفسنا قبل أن نلوم غيرنا."] * 25
    assert text_kind("حين نلوم غيرنا", column) == OPINION
    assert text_kind("الرئيس: نحن نعرف", column) == NEWS  # a speech quoted in a report
    poll = ["يعد توافر البيئة التشريعية ضرورة لجذب الاستثمار في الطاقة الشمسية.", "برأيك هل استفادت المملكة منها؟"]
    assert text_kind("هل ترى أن السعودية استفادت من الطاقة الشمسية؟", poll) == POLL
    assert text_kind("هل ترى أن السعودية استفادت من الطاقة الشمسية ؟", poll[:1]) == POLL  # the ask cleaned away
    musing = ["يحتار المرء في دوافع تفجير المسجد وفي الغل الذي بلغه الفكر المتطرف عند من يفجر نفسه بين المصلين."] * 12
    assert text_kind("من الخاسر في تفجير عسير؟", musing) == OPINION  # a headline that asks, over a long text
    assert text_kind("تفجير مسجد في عسير", musing) == NEWS
    assert text_kind("أمطار عسير", ["صورة لسحب ممطرة فوق مرتفعات عسير أمس التقطتها عدسة الزميل"]) == CAPTION
    items = [f"{i}- نصيحة قصيرة رقم {i} للمسافرين في الصيف" for i in range(1, 8)]
    assert text_kind("نصائح للمسافرين", items) == LIST


def test_the_shipped_model_joins_two_reports_of_one_event_and_keeps_one_actors_two_decisions_apart():
    model = shipped_model()
    a, b = _features(BOMBING), _features(BOMBING_2)
    assert same_event_probability(a, b, FLAT) >= model.threshold
    roads, penalties = _features(MINISTER_ROADS), _features(MINISTER_PENALTIES)
    assert same_event_probability(roads, penalties, IDF) < model.threshold
    decision = decide(b, [(7, start_core(a)), (8, start_core(roads))], FLAT)
    assert decision.story_id == 7 and decision.probability >= model.threshold
    assert decide(penalties, [(8, start_core(roads))], IDF).story_id is None


def test_an_opinion_column_never_joins_a_news_story_even_on_the_same_words():
    column = _features(BOMBING_2, url="http://example.com/opinion/123")
    assert column.kind == OPINION
    assert decide(column, [(7, start_core(_features(BOMBING)))], FLAT).story_id is None
    news = _features(BOMBING)
    assert decide(news, [(9, start_core(column))], FLAT).story_id is None  # nor does news join a column


def test_far_apart_in_time_the_same_words_are_another_event():
    a = _features(BOMBING)
    later = _features(BOMBING_2, when=datetime(2016, 8, 10, tzinfo=UTC))
    assert same_event_probability(a, later, FLAT) < 0.1


def test_named_dates_keep_two_visits_apart_without_publication_times():
    visit = ["وصل الرئيس إلى بيونغ يانغ في زيارة رسمية يوم الأربعاء 13 سبتمبر 2023 والتقى الزعيم الكوري."] * 2
    other = ["وصل الرئيس إلى بيونغ يانغ في زيارة رسمية يوم الأربعاء 19 يونيو 2024 والتقى الزعيم الكوري."] * 2
    a = event_features("الرئيس يصل إلى بيونغ يانغ", visit, {"بيونغ يانغ": "LOC"})
    b = event_features("الرئيس يصل إلى بيونغ يانغ", other, {"بيونغ يانغ": "LOC"})
    same = event_features("الرئيس يصل إلى بيونغ يانغ", visit[:1], {"بيونغ يانغ": "LOC"})
    assert pair_signals(a, b, FLAT)["dates_conflict"] == 1.0
    threshold = shipped_model().threshold
    assert same_event_probability(a, same, FLAT) >= threshold > same_event_probability(a, b, FLAT)


def test_no_chaining_an_article_must_match_the_story_as_a_whole():
    a, b, c = _plain({"س": 1, "ص": 1}), _plain({"ص": 1, "ع": 1}), _plain({"ع": 1, "ف": 1})
    assert same_event_probability(b, c, FLAT, TOY) > 0.99 and same_event_probability(a, c, FLAT, TOY) < 0.01
    core = add_to_core(start_core(a), b)
    assert decide(c, [(1, core)], FLAT, TOY).story_id is None  # matches b, not the story
    assert cluster_stream([(1, a), (2, b), (3, c)], FLAT, TOY) == [[1, 2], [3]]


def test_merges_report_candidate_stories_that_prove_to_be_one():
    a, b = _plain({"س": 1, "ص": 1, "ع": 1}), _plain({"س": 1, "ص": 1, "ف": 1})
    bridge = _plain({"س": 1, "ص": 1, "ع": 1, "ف": 1})
    decision = decide(bridge, [(1, start_core(a)), (2, start_core(b))], FLAT, TOY)
    assert decision.story_id in (1, 2) and set(decision.merges) == {1, 2} - {decision.story_id}


def test_a_drifted_story_is_split_and_a_coherent_one_is_not():
    x = [(i, _plain({"س": 1, "ص": 1, f"x{i}": 0.2})) for i in range(3)]
    y = [(i, _plain({"ع": 1, "ف": 1, f"y{i}": 0.2})) for i in range(3, 5)]
    assert split_drifted(x, FLAT, TOY) is None
    assert split_drifted(x + y, FLAT, TOY) == [[0, 1, 2], [3, 4]]


def test_cores_are_bounded_json_and_index_keys_come_from_terms_and_entities():
    core = start_core(_features(BOMBING))
    for article in (BOMBING_2, BOMBING, BOMBING_2, BOMBING, BOMBING_2, BOMBING):
        core = add_to_core(core, _features(article))
    assert core.size == 7 and len(core.core) == 5
    assert StoryCore.from_json(core.to_json()) == core
    keys = story_keys(core, FLAT)
    assert "e:ابها" in keys and any(not k.startswith("e:") for k in keys)
    assert set(article_keys(_features(BOMBING_2), FLAT)) & set(keys)


def test_vectorised_training_predictions_equal_the_shipped_formula():
    from bench.train_same_event import predict

    model = shipped_model()
    rows = np.random.default_rng(0).random((5, len(model.features)))
    expected = [model.probability(dict(zip(model.features, r, strict=True))) for r in rows]
    assert predict(model, rows) == pytest.approx(expected)


def test_a_preview_a_week_before_counts_like_a_report_of_the_day():
    a = _features(BOMBING)
    week_before = _features(BOMBING_2, when=datetime(2015, 8, 2, tzinfo=UTC))
    same_day = _features(BOMBING_2)
    assert same_event_probability(a, week_before, FLAT) == pytest.approx(same_event_probability(a, same_day, FLAT))


def test_the_seed_pages_at_their_times_never_mix_the_2023_summit_and_the_2024_visit(shared_data):
    import json

    from digest.event_features import from_processed
    from digest.pipeline import process
    from digest.sources.model import RawArticle, parse_time

    labels = json.loads((Path(__file__).resolve().parent.parent / "bench" / "labels" / "seeds.json").read_text())
    items, event = [], {}
    for i, name in enumerate(sorted(labels["files"], key=lambda n: labels["files"][n]["published"])):
        label = labels["files"][name]
        text = (shared_data / "seeds" / name).read_text(encoding="utf-8")
        processed = process(
            RawArticle(item=name, text=text, url=f"file:///{name}", published=parse_time(label["published"]))
        )
        items.append((i, from_processed(processed)))
        event[i] = label["event"]
    stories = cluster_stream(items, FLAT)
    assert all(len({event[a] for a in story}) == 1 for story in stories)
    assert len(stories) <= 3  # the 2024 visit is one story; the 2023 summit at most two (README, Stories)
