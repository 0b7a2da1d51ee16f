"""`nashra reprocess`: a store made by an older NLP is made again by the current one, resumably.

The "old model" here placed every article in a story of its own (no clustering) and knew an entity
that the current extractor does not find; reprocessing must give one story per event, the right
entities with the right counts, and survive being stopped mid-way: in-process on SQLite, and on
PostgreSQL with a worker killed in the middle of a chunk while the other finishes.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, text
from sqlmodel import Session, col, func, select

import bot.ingest.reprocess as reprocess_module
import bot.ingest.store
from bot.ingest.entities import index_article
from bot.ingest.passes import ingest_paths
from digest.story_core import Decision
from storage import stories as story_store
from storage.engine import open_database, session_scope
from storage.models import (
    Article,
    ArticleEntity,
    Entity,
    ReprocessDone,
    ReprocessRun,
    ReprocessStep,
    Story,
    StoryArticle,
    StoryState,
    SummaryKind,
)
from tests.conftest import CliRunner
from tests.test_workers import EVENTS, _stop, _worker

OLD_ENTITY = "منظمة الأمس البائدة"


def _files(folder: Path, outlets: int) -> int:
    """Each outlet tells each event in five of its eight sentences; a title line names the event."""
    folder.mkdir()
    for outlet in range(outlets):
        for event, sentences in EVENTS.items():
            told = [sentences[(outlet + k) % len(sentences)] for k in range(5)]
            body = {"title": f"{told[0][:50]} ({event})", "text": "\n\n".join(told), "source": f"outlet{outlet}"}
            (folder / f"{outlet}-{event}.json").write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return outlets * len(EVENTS)


def _old_store(engine: Engine, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingest as an older NLP would have: no story joins another, and a name the current model never finds."""
    with monkeypatch.context() as patch:
        patch.setattr(bot.ingest.store, "decide_placement", lambda *_a, **_k: Decision(story_id=None, probability=1.0))
        report = ingest_paths(engine, [str(folder)])
    assert report.ingested == len(list(folder.iterdir())), report.to_json()
    with session_scope(engine) as session:  # the old index, counts and all
        session.execute(delete(ArticleEntity))
        session.execute(delete(Entity))
        for article in session.exec(select(Article)).all():
            article.entities = {**article.entities, OLD_ENTITY: "ORG"}
            session.add(article)
            session.flush()
            index_article(session, article)


def _check_reprocessed(engine: Engine, expected: int) -> None:
    with Session(engine) as session:
        open_stories = session.exec(select(Story).where(Story.state == StoryState.OPEN)).all()
        events = []
        for story in open_stories:
            titles = [
                a.title
                for a in session.exec(
                    select(Article)
                    .join(StoryArticle, col(StoryArticle.article_id) == Article.id)
                    .where(StoryArticle.story_id == story.id)
                )
            ]
            assert story.member_count == len(titles)
            events.append(sorted({t.rsplit("(", 1)[1].rstrip(")") for t in titles}))
        assert sorted(events) == sorted([e] for e in EVENTS), events  # one story per event
        assert sorted(s.member_count for s in open_stories) == [expected // len(EVENTS)] * len(EVENTS)
        merged = session.exec(select(Story).where(Story.state == StoryState.MERGED)).all()
        assert len(merged) == expected - len(EVENTS)  # the emptied stories stay, pointing where they went
        into = {s.id: s.merged_into_id for s in merged}
        for story_id in into:  # each merge followed to its end reaches a story of the event
            while story_id in into:
                story_id = into[story_id]
            assert story_id in {s.id for s in open_stories}
        links = session.exec(select(func.count()).select_from(StoryArticle)).one()
        assert links == expected  # every article in exactly one story
        # Entities: the old model's name is gone, and every count matches the links.
        assert session.exec(select(Entity).where(Entity.key.contains("البائده"))).first() is None  # type: ignore[union-attr]
        linked = Counter(session.exec(select(ArticleEntity.entity_id)))
        entities = session.exec(select(Entity)).all()
        assert entities and all(e.mentions == linked[e.id] for e in entities)
        assert all(OLD_ENTITY not in a.entities for a in session.exec(select(Article)))
        summaries = story_store.summaries_for(session, SummaryKind.STORY, [s.id for s in open_stories])
        assert all(summaries.get(s.id) for s in open_stories)
        done = Counter(session.exec(select(ReprocessDone.step)))
        assert done == {ReprocessStep.NLP: expected, ReprocessStep.STORIES: expected}
        run = session.exec(select(ReprocessRun)).one()
        assert run.step is ReprocessStep.DONE and run.finished_at is not None


def test_reprocess_in_process_on_sqlite_resumes_after_an_interruption(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
):
    engine = open_database(sqlite_url)
    expected = _files(tmp_path / "in", outlets=4)
    _old_store(engine, tmp_path / "in", monkeypatch)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Story)).one() == expected  # one story each
    cli = CliRunner(tmp_path, sqlite_url)

    written: list[tuple[str, int]] = []
    place_again, write_nlp = reprocess_module._place_again, reprocess_module._write_nlp

    def counted_write(engine_, run_id, article_id, *args):  # type: ignore[no-untyped-def]
        result = write_nlp(engine_, run_id, article_id, *args)
        written.append(("nlp", article_id))
        return result

    def interrupted_place(engine_, run_id, article_id, worker):  # type: ignore[no-untyped-def]
        if len([w for w in written if w[0] == "stories"]) == 5:
            raise KeyboardInterrupt  # Ctrl-C (or a kill) half-way through placing in stories
        result = place_again(engine_, run_id, article_id, worker)
        written.append(("stories", article_id))
        return result

    monkeypatch.setattr(reprocess_module, "_write_nlp", counted_write)
    monkeypatch.setattr(reprocess_module, "_place_again", interrupted_place)
    first = cli("reprocess", "--format", "json")
    assert first.returncode == 130, first.stderr
    with Session(engine) as session:
        assert session.exec(select(ReprocessRun)).one().step is ReprocessStep.STORIES
    # Meanwhile the store answers as ever: every article still in exactly one story.
    digest = cli("digest", "--format", "json", "--hours", "100000")
    assert digest.returncode == 0 and sum(len(s["articles"]) for s in json.loads(digest.stdout)["stories"]) == expected

    monkeypatch.setattr(
        reprocess_module, "_place_again", lambda *a: (written.append(("stories", a[2])), place_again(*a))[1]
    )
    second = cli("reprocess", "--format", "json")
    assert second.returncode == 0, second.stderr
    report = json.loads(second.stdout)
    assert report["resumed"] and report["mode"] == "in-process" and report["step"] == "done" and report["finished"]
    assert sorted(Counter(written).values()) == [1] * (2 * expected)  # nothing done twice
    _check_reprocessed(engine, expected)
    jobs = cli("jobs", "--format", "json")
    assert json.loads(jobs.stdout)["queue"] is False
    assert json.loads(jobs.stdout)["reprocess"][0]["stories_done"] == expected
    assert "nlp 12/12, stories 12/12" in cli("jobs").stdout
    again = json.loads(cli("reprocess", "--what", "entities", "--format", "json").stdout)
    assert again["run"] != report["run"] and not again["resumed"] and again["what"] == ["entities"]
    engine.dispose()


def _doing_chunks(engine: Engine) -> list[list[int]]:
    with Session(engine) as session:
        rows = session.execute(
            text(
                "SELECT args FROM procrastinate_jobs "
                "WHERE task_name = 'reprocess_chunk' AND status = 'doing'::procrastinate_job_status"
            )
        )
        return [args["article_ids"] for (args,) in rows]


def _done(engine: Engine) -> list[tuple[str, int, str]]:
    with Session(engine) as session:
        run = session.exec(select(ReprocessRun)).first()
        if run is None:
            return []
        query = select(ReprocessDone.step, ReprocessDone.article_id, ReprocessDone.worker).where(
            ReprocessDone.run_id == run.id
        )
        return [(str(s), a, w) for s, a, w in session.exec(query.order_by(col(ReprocessDone.created_at)))]


def test_a_worker_killed_mid_reprocess_leaves_its_chunk_to_the_other(
    fresh_postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Two queue workers share the chunks; one is killed (SIGKILL) half-way through a chunk; the other
    takes the chunk up where it stopped, and every article is done once."""
    engine = open_database(fresh_postgres_url)
    expected = _files(tmp_path / "in", outlets=8)
    _old_store(engine, tmp_path / "in", monkeypatch)
    workers = [_worker(fresh_postgres_url, tmp_path), _worker(fresh_postgres_url, tmp_path)]
    try:
        reprocess = CliRunner(tmp_path, fresh_postgres_url)("reprocess", "--chunk", "8", "--format", "json")
        assert reprocess.returncode == 0, reprocess.stderr
        queued = json.loads(reprocess.stdout)
        assert queued["mode"] == "queued" and queued["chunks"] == expected // 8 and queued["total"] == expected
        by_pid = {w.pid: w for w in workers}
        victim, chunk = None, None
        deadline = time.monotonic() + 120
        while victim is None and time.monotonic() < deadline:
            done = _done(engine)
            for ids in _doing_chunks(engine):
                in_chunk = [(a, w) for s, a, w in done if s == "nlp" and a in ids]
                pids = {int(w.rpartition(":")[2]) for _, w in in_chunk}
                if 1 <= len(in_chunk) <= 3 and len(pids) == 1:
                    victim, chunk = by_pid[pids.pop()], ids
                    os.kill(victim.pid, signal.SIGKILL)  # mid-chunk: some of its articles done, some not
                    break
            time.sleep(0.02)
        assert victim is not None, "no worker was caught in the middle of a chunk"
        victim.wait()
        survivor = next(w for w in workers if w is not victim)
        while time.monotonic() < deadline:
            with Session(engine) as session:
                if session.exec(select(ReprocessRun)).one().step is ReprocessStep.DONE:
                    break
            assert survivor.poll() is None, "the other worker stopped"
            time.sleep(0.3)
    finally:
        logs = _stop(workers)
    done = _done(engine)
    in_chunk = {a: w for s, a, w in done if s == "nlp" and a in chunk}
    assert set(in_chunk) == set(chunk), logs
    assert {int(w.rpartition(":")[2]) for w in in_chunk.values()} == {victim.pid, survivor.pid}  # taken up mid-way
    with Session(engine) as session:
        states = dict(
            session.execute(
                text(
                    "SELECT status::text, count(*) FROM procrastinate_jobs "
                    "WHERE task_name = 'reprocess_chunk' GROUP BY status"
                )
            ).all()
        )
    assert states == {"succeeded": 2 * expected // 8}, states  # the NLP's chunks, then the stories' chunks
    _check_reprocessed(engine, expected)
    engine.dispose()


def test_reprocessing_an_empty_store_finishes_at_once(tmp_path: Path, sqlite_url: str, fresh_postgres_url: str):
    for url in (sqlite_url, fresh_postgres_url):
        open_database(url).dispose()
        report = json.loads(CliRunner(tmp_path, url)("reprocess", "--format", "json").stdout)
        assert report["total"] == 0 and report["finished"] and report["chunks"] == 0, report
