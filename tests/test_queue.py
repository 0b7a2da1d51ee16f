"""The job queue in-process (PostgreSQL): its schema from our migrations, the jobs on the loopback web
double, source health as the APScheduler loop keeps it, retries on the sources' backoff, `nashra jobs`."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text
from sqlmodel import Session, func, select

from bot.answers.sources import add_source
from bot.ingest import queue
from bot.settings import SettingsError, load_settings
from digest.sources.health import MAX_BACKOFF, MAX_CONSECUTIVE_ERRORS, next_check
from digest.sources.http import FetchSettings
from digest.sources.model import RawArticle
from storage import leases
from storage import queue as jobs_store
from storage.engine import open_database, session_scope
from storage.models import Article, Source, SourceState, aware
from tests.conftest import CliRunner, real_process_env
from tests.doubles import Route, WebDouble, rss
from tests.test_web_sources import paragraphs


@pytest.fixture
def pg(fresh_postgres_url: str) -> Iterator[tuple[str, Engine]]:
    engine = open_database(fresh_postgres_url)
    yield fresh_postgres_url, engine
    engine.dispose()


def _worker_env(url: str, engine: Engine, notices: list[str]) -> queue.WorkerEnv:
    settings = load_settings(database_url=url, allow_private_urls=True, processes=1, queue_tick=1)
    fetch = FetchSettings(timeout=5.0, allow_private=True, min_host_interval=0.0)
    return queue.WorkerEnv(engine, settings, fetch, notices.append, "test-host:1")


def _drain(app: Any, env: queue.WorkerEnv) -> None:
    """Run the jobs queued now (and those they queue) in this process, then return."""
    app.run_worker(wait=False, additional_context={"env": env}, install_signal_handlers=False, listen_notify=False)


def _statuses(engine: Engine) -> dict[str, list[str]]:
    with Session(engine) as session:
        rows = session.execute(text("SELECT task_name, status::text FROM procrastinate_jobs ORDER BY id"))
        found: dict[str, list[str]] = {}
        for task, status in rows:
            found.setdefault(task, []).append(status)
        return found


def test_the_queue_schema_comes_with_our_migrations_in_our_schema(pg: tuple[str, Engine], sqlite_url: str):
    url, engine = pg
    schema = url.rsplit("%3D", 1)[1]
    with engine.connect() as connection:
        where = connection.execute(text("SELECT to_regclass('procrastinate_jobs')::text")).scalar()
        functions = connection.execute(
            text(
                "SELECT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE p.proname = 'procrastinate_fetch_job_v2' AND n.nspname = :schema"
            ),
            {"schema": schema},
        ).all()
    assert where == "procrastinate_jobs" and functions == [(schema,)]
    assert jobs_store.has_queue(engine)
    lite = open_database(sqlite_url)
    assert not [t for t in inspect(lite).get_table_names() if t.startswith("procrastinate")]
    assert not jobs_store.has_queue(lite)
    lite.dispose()


def test_feeds_are_read_and_stored_through_the_queue_and_health_is_kept(pg: tuple[str, Engine]):
    url, engine = pg
    notices: list[str] = []
    env = _worker_env(url, engine, notices)
    with WebDouble() as web:
        items = [  # full text in each entry: no page to fetch
            {"guid": f"urn:q:{i}", "link": web.url(f"/{i}"), "title": f"خبر {i}", "description": text_}
            for i, text_ in enumerate(" ".join(paragraphs(60 + i) + paragraphs(90 + i)) for i in range(11))
        ]
        web.routes["/good.xml"] = Route(rss(items), content_type="application/rss+xml", etag='"v1"')
        web.routes["/bad.xml"] = Route(b"<html>gone</html>", status=500)
        good = add_source(engine, web.url("/good.xml"), allow_private=True, poll_interval=600)["id"]
        bad = add_source(engine, web.url("/bad.xml"), allow_private=True, poll_interval=600)["id"]
        app = queue.build_app(env.settings)
        with app.open():
            context = SimpleNamespace(app=app, additional_context={"env": env}, job=SimpleNamespace(id=0))
            assert queue.find_due_sources(context, timestamp=0) == 2
            assert queue.find_due_sources(context, timestamp=1) == 0  # one waiting per source at most
            _drain(app, env)
            assert queue.find_due_sources(context, timestamp=2) == 0  # neither is due now
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Article)).one() == 11
        ok, failing = session.get(Source, good), session.get(Source, bad)
    assert ok.etag == '"v1"' and ok.error_count == 0 and ok.lease_owner is None
    assert failing.error_count == 1 and "500" in (failing.last_error or "") and failing.lease_owner is None
    now = datetime.now(UTC)
    assert abs((aware(failing.next_check_at) - next_check(now, 600, 1)).total_seconds()) < 30  # doubled
    statuses = _statuses(engine)
    assert statuses["fetch_source"] == ["succeeded", "succeeded"]
    assert statuses["store_items"] == ["succeeded", "succeeded"]  # 11 articles: a job of 8, one of 3


def test_a_source_failing_eight_times_is_switched_off_and_the_admins_told(pg: tuple[str, Engine]):
    url, engine = pg
    notices: list[str] = []
    env = _worker_env(url, engine, notices)
    with WebDouble() as web:
        web.routes["/bad.xml"] = Route(b"nope", status=503)
        source_id = add_source(engine, web.url("/bad.xml"), allow_private=True)["id"]
        with session_scope(engine) as session:
            row = session.get(Source, source_id)
            row.error_count = MAX_CONSECUTIVE_ERRORS - 1
            session.add(row)
        app = queue.build_app(env.settings)
        with app.open():
            context = SimpleNamespace(app=app, additional_context={"env": env}, job=SimpleNamespace(id=0))
            queue.fetch_source(context, source_id=source_id)
    with Session(engine) as session:
        assert session.get(Source, source_id).state is SourceState.DISABLED
    assert len(notices) == 1 and f"#{source_id}" in notices[0]


def test_a_source_read_by_a_direct_pass_is_left_alone(pg: tuple[str, Engine], tmp_path: Path):
    url, engine = pg
    (tmp_path / "in").mkdir()
    source_id = add_source(engine, str(tmp_path / "in"))["id"]
    assert leases.claim(engine, "elsewhere:1") is not None  # `nashra ingest --once` on another machine
    with Session(engine) as session:
        assert jobs_store.due_sources(session, datetime.now(UTC)) == []
    env = _worker_env(url, engine, [])
    context = SimpleNamespace(app=None, additional_context={"env": env}, job=SimpleNamespace(id=0))
    assert "skipped" in queue.fetch_source(context, source_id=source_id)


def test_a_job_that_raises_is_recorded_and_retried_on_the_sources_backoff(pg: tuple[str, Engine]):
    url, engine = pg
    env = _worker_env(url, engine, [])
    app = queue.build_app(env.settings)
    with app.open():
        app.configure_task("store_items").defer(source_id=None, seen_at="not a date", items=[])
        _drain(app, env)
    assert _statuses(engine)["store_items"] == ["todo"]  # waiting for its retry
    with Session(engine) as session:
        scheduled = session.execute(
            text("SELECT scheduled_at, attempts FROM procrastinate_jobs WHERE task_name = 'store_items'")
        ).one()
    wait = (scheduled[0] - datetime.now(UTC)).total_seconds()
    assert scheduled[1] == 1 and 20 < wait <= 30  # first retry: 2 × RETRY_BASE_SECONDS
    report = json.loads(CliRunner(Path.cwd(), url)("jobs", "--format", "json").stdout)
    assert report["queue"] is True
    row = next(j for j in report["jobs"] if j["task"] == "store_items")
    assert row["queue"] == "articles" and row["todo"] == 1 and row["failed"] == 0
    assert report["errors"][0]["task"] == "store_items" and "Invalid isoformat" in report["errors"][0]["error"]
    text_view = CliRunner(Path.cwd(), url)("jobs", NASHRA_LANGUAGE="en").stdout
    assert "store_items" in text_view and "Last errors" in text_view


def test_retries_follow_the_sources_backoff_and_give_up_after_eight():
    now = datetime.now(UTC)
    for attempts in range(1, MAX_CONSECUTIVE_ERRORS):
        expected = (next_check(now, queue.RETRY_BASE_SECONDS, attempts) - now).total_seconds()
        assert queue.backoff_seconds(attempts) == pytest.approx(expected, abs=1)
    assert queue.backoff_seconds(MAX_CONSECUTIVE_ERRORS - 1) <= MAX_BACKOFF.total_seconds()
    assert queue.backoff_seconds(MAX_CONSECUTIVE_ERRORS) is None


def test_raw_articles_travel_as_job_arguments_in_small_batches():
    published = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    raw = RawArticle(item="i", text="نص", url="http://x.test/1", title="عنوان", published=published, guid="g")
    assert queue.raw_from_json(json.loads(json.dumps(queue.raw_to_json(raw)))) == raw
    small = [RawArticle(item=str(i), text="x" * 10, url=f"http://x.test/{i}") for i in range(20)]
    assert [len(b) for b in queue.item_batches(small)] == [8, 8, 4]
    big = [RawArticle(item=str(i), text="x" * 900_000, url=f"http://x.test/{i}") for i in range(5)]
    assert [len(b) for b in queue.item_batches(big)] == [2, 2, 1]  # never much over 2 MB of text a job


def test_queue_settings_are_checked_at_start(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NASHRA_QUEUE_TICK", "7")
    with pytest.raises(SettingsError, match="NASHRA_QUEUE_TICK: must divide 60"):
        load_settings()
    monkeypatch.setenv("NASHRA_QUEUE_TICK", "5")
    monkeypatch.setenv("NASHRA_WORKER_HEARTBEAT", "0")
    with pytest.raises(SettingsError, match="NASHRA_WORKER_HEARTBEAT"):
        load_settings()


@pytest.mark.parametrize("argv", [["--help"], ["jobs"], ["health"]])
def test_commands_start_without_the_job_queue(tmp_path: Path, argv: list[str]):
    """Procrastinate is imported by the worker and by `reprocess` on PostgreSQL only."""
    url = f"sqlite:///{tmp_path / 'n.db'}"
    open_database(url).dispose()
    probe = (
        "import sys; from bot.terminal.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('LOADED', sorted(sys.modules))"
    )
    env = {**real_process_env(), "NASHRA_DATABASE_URL": url}
    result = subprocess.run([sys.executable, "-c", probe, *argv], env=env, cwd=tmp_path, capture_output=True, text=True)
    loaded = json.loads(result.stdout.rsplit("LOADED ", 1)[1].replace("'", '"'))
    assert not [m for m in loaded if m == "procrastinate" or m.startswith("procrastinate.")], result.stderr


def test_stalled_jobs_are_put_back(pg: tuple[str, Engine]):
    """A job left 'doing' by a worker that no longer beats goes back to the queue on the next tick."""
    import asyncio

    url, engine = pg
    env = _worker_env(url, engine, [])
    app = queue.build_app(env.settings)

    async def scenario() -> int:
        async with app.open_async():
            job_id = await app.configure_task("store_items").defer_async(source_id=None, seen_at="x", items=[])
            worker = await app.job_manager.register_worker()
            await app.job_manager.fetch_job(queues=None, worker_id=worker)
            with Session(engine) as session, session.begin():
                session.execute(text("UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour'"))
            context = SimpleNamespace(app=app, additional_context={"env": env})
            assert await queue.retry_stalled_jobs(context, timestamp=0) == 1
            return job_id

    job_id = asyncio.run(scenario())
    with Session(engine) as session:
        status = session.execute(text("SELECT status::text FROM procrastinate_jobs WHERE id = :i"), {"i": job_id})
        assert status.scalar() == "todo"
