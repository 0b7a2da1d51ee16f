"""Stories in the store: near-duplicates kept once, merges visible, candidates by recency, seeds by event."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.answers.digest import digest_report
from bot.answers.search import search_report
from bot.ingest.passes import ingest_paths
from bot.ingest.store import store_article
from bot.ingest.stories import features_of, read_placement, write_placement
from digest.pipeline import process
from digest.sources.model import RawArticle, parse_time
from digest.story_core import Decision, decide
from storage import story_index
from storage.engine import open_database, session_scope
from storage.models import Article, Story, StoryArticle, StoryState, StoryTerm

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
REPORT = (
    "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في مدينة الدمام بسعة خمسمئة سرير، ويضم المستشفى أقساماً "
    "متخصصة في أمراض القلب والأورام وطب الأطفال. وقال وزير الصحة خلال حفل الافتتاح إن المستشفى سيخدم أكثر "
    "من مليون نسمة في المنطقة الشرقية، وإنه جزء من خطة لتوسيع الخدمات الصحية في جميع المناطق. وأضاف أن "
    "المستشفى سيبدأ استقبال المرضى مطلع الشهر المقبل بعد استكمال تجهيز غرف العمليات وتدريب الكوادر الطبية."
)


@pytest.fixture
def engine(tmp_path: Path):
    return open_database(f"sqlite:///{tmp_path / 'n.db'}")


def _json(path: Path, **article: str) -> str:
    path.write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_a_republished_report_is_kept_once_and_counts_as_another_source(engine, tmp_path: Path):
    first = _json(tmp_path / "a.json", title="افتتاح مستشفى جديد في الدمام", source="واس", text=REPORT)
    copy = REPORT.replace("اليوم", "اليوم الأحد", 1) + " والله الموفق."
    second = _json(tmp_path / "b.json", title="مستشفى جديد بسعة 500 سرير في الدمام", source="اليوم", text=copy)
    report = ingest_paths(engine, [first, second])
    assert (report.ingested, report.duplicates) == (2, 0)
    with Session(engine) as session:
        original, duplicate = session.exec(select(Article).order_by(Article.id)).all()
        links = {link.article_id: link.story_id for link in session.exec(select(StoryArticle))}
    assert duplicate.duplicate_of_id == original.id
    assert duplicate.clean_text == "" and original.clean_text  # the text is kept once
    assert links[original.id] == links[duplicate.id]
    (story,) = digest_report(engine, now=NOW)["stories"]
    assert story["sources"] == 2
    assert [a.get("duplicate_of") for a in story["articles"]] == [None, original.id]
    assert [h["article_id"] for h in search_report(engine, "مستشفى الدمام")] == [original.id]  # shown once


def _stored_apart(engine, text: str, title: str, number: int) -> Article:
    """An article stored and placed in a story of its own, whatever the candidates."""
    processed = process(RawArticle(item=str(number), text=text, url=f"https://x.test/{number}", title=title))
    with session_scope(engine) as session:
        article = Article(
            source_name=f"s{number}",
            url=processed.raw.url,
            title=processed.title,
            original_text=text,
            clean_text=processed.clean_text,
            normalized_text=processed.normalized_text,
            search_text=processed.search_text,
            sentences=list(processed.sentences),
            terms=processed.terms,
            content_hash=processed.content_hash,
            fetched_at=NOW,
            dated_at=NOW,
            entities=processed.entities,
        )
        session.add(article)
        session.flush()
        given = read_placement(session, features_of(article))
        write_placement(session, article, given, Decision(story_id=None, probability=1.0))
        return article


def test_a_bridging_article_merges_two_stories_visibly(engine):
    """Two reports of one event kept apart; a third that matches both joins one, and the other is merged in."""
    a = _stored_apart(engine, REPORT, "افتتاح مستشفى الدمام", 1)
    b = _stored_apart(engine, REPORT.replace("خمسمئة", "500"), "مستشفى الدمام الجديد", 2)
    third = REPORT.replace("اليوم", "أمس")
    title = "وزير الصحة يفتتح مستشفى الدمام"
    processed = process(RawArticle(item="3", text=third, url="https://x.test/3", title=title, published=NOW))
    with Session(engine) as session:
        given = read_placement(session, processed.event)
    decision = decide(given.features, list(given.candidates.items()), given.idf)
    assert decision.story_id is not None and len(decision.merges) == 1  # the pure decision
    store_article(engine, processed, None, NOW)
    with Session(engine) as session:
        stories = session.exec(select(Story).order_by(Story.id)).all()
        links = {link.article_id: link.story_id for link in session.exec(select(StoryArticle))}
        index = session.exec(select(StoryTerm.story_id).distinct()).all()
    merged = [s for s in stories if s.state is StoryState.MERGED]
    (survivor,) = [s for s in stories if s.state is StoryState.OPEN]
    assert len(merged) == 1 and merged[0].merged_into_id == survivor.id  # the merge stays visible
    assert set(links.values()) == {survivor.id} and survivor.member_count == 3
    assert index == [survivor.id]  # the merged story left the index
    assert {a.id, b.id} <= set(links)


def test_only_recent_stories_are_candidates(engine):
    with session_scope(engine) as session:
        old = Story(title="قديم", first_seen_at=NOW - timedelta(days=60), last_seen_at=NOW - timedelta(days=60))
        new = Story(title="جديد", first_seen_at=NOW, last_seen_at=NOW)
        session.add_all([old, new])
        session.flush()
        story_index.index_story(session, old, ["مستشفي", "e:الدمام"])
        story_index.index_story(session, new, ["مستشفي"])
    with Session(engine) as session:
        found = story_index.candidate_stories(session, ["مستشفي", "e:الدمام"], since=NOW - timedelta(days=21))
    assert [s.title for s in found] == ["جديد"]


def test_seeds_are_grouped_by_their_real_events(engine, seeds: Path):
    labels = json.loads((ROOT / "bench/labels/seeds.json").read_text(encoding="utf-8"))["files"]
    event_of = {}
    for name, label in sorted(labels.items(), key=lambda kv: kv[1]["published"]):
        raw = RawArticle(
            item=name,
            text=(seeds / name).read_text(encoding="utf-8"),
            url=f"file:///{name}",
            published=parse_time(label["published"]),
        )
        event_of[store_article(engine, process(raw), None, NOW)] = label["event"]
    with Session(engine) as session:
        story_of = {link.article_id: link.story_id for link in session.exec(select(StoryArticle))}
    groups = {}
    for article_id, event in event_of.items():
        groups.setdefault(story_of[article_id], set()).add(event)
    assert all(len(events) == 1 for events in groups.values())  # no story mixes the two visits
    assert len(groups) <= 3  # the 2023 preview, 8 days before the summit, may stand alone
    report = digest_report(engine, hours=24 * 365 * 5, now=NOW)
    assert sum(len(s["articles"]) for s in report["stories"]) == 5  # every article in exactly one story
    for story in (s for s in report["stories"] if len(s["articles"]) > 1):
        names = story["entities"]  # what the story is about: its leading names, no fragment of one
        assert {"فلاديمير بوتين", "كوريا الشمالية"} <= set(names) and len(names) <= 5, names
        assert not {"بوتين", "كيم", "جونغ"} & set(names), names


def test_an_article_left_unindexed_by_a_killed_pass_is_indexed_once_by_the_next(engine, monkeypatch):
    """Storing is two transactions; a pass killed between them leaves the article placed but unindexed."""
    import bot.ingest.store as store_module
    from storage.models import ArticleEntity, Summary

    def killed(*_args: object, **_kwargs: object) -> bool:
        raise KeyboardInterrupt  # the worker dies right after the placement committed

    processed = process(RawArticle(item="1", text=REPORT, url="https://x.test/1", title="مستشفى الدمام", published=NOW))
    monkeypatch.setattr(store_module, "index_stored", killed)
    with pytest.raises(KeyboardInterrupt):
        store_article(engine, processed, None, NOW)
    monkeypatch.undo()
    with Session(engine) as session:
        (article,) = session.exec(select(Article)).all()
        assert article.indexed is False and session.exec(select(StoryArticle)).one().article_id == article.id
        assert session.exec(select(ArticleEntity)).all() == [] and session.exec(select(Summary)).all() == []
    assert store_module.index_pending(engine, now=datetime.now(UTC)) == 0  # a pass may still be indexing it: wait
    later = datetime.now(UTC) + timedelta(hours=1)
    assert store_module.index_pending(engine, now=later) == 1
    assert store_module.index_pending(engine, now=later) == 0  # once
    with Session(engine) as session:
        assert session.exec(select(Article)).one().indexed is True
        links = session.exec(select(ArticleEntity)).all()
        assert links and len(links) == len({link.entity_id for link in links})
        kinds = {s.kind for s in session.exec(select(Summary))}
        assert {"article", "story"} <= {str(k) for k in kinds}


def test_a_story_of_one_report_and_its_copy_gets_its_summary_and_names(engine, monkeypatch):
    """A copy that joins before the original is indexed makes the story 2 members, 1 original."""
    import bot.ingest.store as store_module
    from storage import stories as story_store
    from storage.models import SummaryKind

    monkeypatch.setattr(store_module, "index_stored", lambda *_a, **_k: False)  # the original's indexing waits
    original = process(RawArticle(item="1", text=REPORT, url="https://x.test/1", title="مستشفى الدمام", published=NOW))
    store_article(engine, original, None, NOW)
    monkeypatch.undo()
    copy = REPORT.replace("اليوم", "اليوم الأحد", 1) + " والله الموفق."
    store_article(engine, process(RawArticle(item="2", text=copy, url="https://y.test/2", title="مستشفى")), None, NOW)
    store_module.index_pending(engine, now=datetime.now(UTC) + timedelta(hours=1))
    with Session(engine) as session:
        (story,) = session.exec(select(Story)).all()
        assert story.member_count == 2 and story.names
        assert story_store.summaries_for(session, SummaryKind.STORY, [story.id])[story.id]
