"""The schedule and crash safety: a killed pass loses nothing, jobs resume from the database, the inbox waits."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlmodel import Session, func, select

from bot.answers.sources import add_source
from bot.ingest.schedule import InboxWatcher, IngestScheduler
from digest.arabic import clean_unicode
from digest.sources.http import FetchSettings
from storage.engine import open_database
from storage.models import Article, Source, aware
from tests.conftest import real_process_env
from tests.doubles import Route, WebDouble, article_page, rss
from tests.test_web_sources import paragraphs

FAST = FetchSettings(timeout=5.0, allow_private=True, min_host_interval=0.0)
ENTRIES = 12


def _teaser_feed(web: WebDouble, delay: float) -> None:
    items = [
        {"guid": f"urn:nashra:{i}", "link": web.url(f"/p/{i}"), "title": f"خبر {i}", "description": "التفاصيل..."}
        for i in range(ENTRIES)
    ]
    web.routes["/feed.xml"] = Route(rss(items), content_type="application/rss+xml", etag='"feed-v1"')
    for i in range(ENTRIES):
        web.routes[f"/p/{i}"] = Route(article_page(f"خبر {i}", paragraphs(100 + i)), delay=delay)


def _count(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Article)).one()


def _processes_naming(marker: str) -> list[str]:
    """Command lines of live processes that mention `marker` (Linux /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # gone meanwhile
        if marker in text:
            found.append(text)
    return found


def test_a_pass_killed_midway_and_run_again_stores_every_article_exactly_once(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'nashra.db'}"
    engine = open_database(url)
    env = {
        **real_process_env(),
        "NASHRA_DATABASE_URL": url,
        "NASHRA_ALLOW_PRIVATE_URLS": "true",
        "NASHRA_HOST_INTERVAL": "0",  # the double's pages' own delay paces the pass
        "NASHRA_INBOX": str(tmp_path / "no-inbox"),
    }
    with WebDouble() as web:
        _teaser_feed(web, delay=0.3)
        source_id = add_source(engine, web.url("/feed.xml"), allow_private=True)["id"]
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "ingest", "--once"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while _count(engine) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        # Its NLP workers, fork server and resource tracker leave with it (they name its folder).
        deadline = time.monotonic() + 15
        while _processes_naming(str(tmp_path)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _processes_naming(str(tmp_path))
        stored_before = _count(engine)
        assert 3 <= stored_before < ENTRIES
        with Session(engine) as session:
            assert session.get(Source, source_id).etag is None  # the feed is not marked as read

        rerun = subprocess.run(
            [sys.executable, "-m", "bot", "ingest", "--once", "--format", "json"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert rerun.returncode == 0, rerun.stderr
    with Session(engine) as session:
        articles = session.exec(select(Article)).all()
        assert len(articles) == ENTRIES
        assert len({a.guid for a in articles}) == ENTRIES and len({a.url for a in articles}) == ENTRIES
        assert session.get(Source, source_id).etag == '"feed-v1"'


def test_scheduler_polls_each_source_and_resumes_from_the_database(tmp_path: Path):
    engine = open_database(f"sqlite:///{tmp_path / 'nashra.db'}")
    with WebDouble() as web:
        _teaser_feed(web, delay=0.0)
        source_id = add_source(engine, web.url("/feed.xml"), allow_private=True, poll_interval=3600)["id"]
        scheduler = BackgroundScheduler(timezone=UTC)
        IngestScheduler(engine, FAST, inbox=None).install(scheduler)
        scheduler.start()
        try:
            deadline = time.monotonic() + 60
            while _count(engine) < ENTRIES and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(0.5)
            job = scheduler.get_job(f"source:{source_id}")
        finally:
            scheduler.shutdown(wait=True)
    assert _count(engine) == ENTRIES
    with Session(engine) as session:
        next_check = aware(session.get(Source, source_id).next_check_at)
    assert (next_check - datetime.now(UTC)).total_seconds() > 3000  # an hour away, stored
    assert job is not None and abs((job.next_run_time - next_check).total_seconds()) < 1

    restarted = BackgroundScheduler(timezone=UTC)
    IngestScheduler(engine, FAST, inbox=None).sync(restarted)  # what a restart does first
    job = restarted.get_job(f"source:{source_id}")
    restarted.start(paused=True)
    assert abs((job.next_run_time - next_check).total_seconds()) < 1  # resumes, does not poll at once
    restarted.shutdown(wait=False)


def test_inbox_takes_a_file_only_once_it_has_stopped_changing(tmp_path: Path):
    engine = open_database(f"sqlite:///{tmp_path / 'nashra.db'}")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    watcher = InboxWatcher(engine, inbox, settle_seconds=2.0)
    path = inbox / "a.txt"
    lines = paragraphs(7)
    path.write_text("عنوان الخبر\n" + lines[0] + "\n", encoding="utf-8")  # half-written
    assert watcher.scan(now=0.0) == []
    assert watcher.scan(now=1.5) == []
    with path.open("a", encoding="utf-8") as f:
        f.write("\n".join(lines[1:]) + "\n")  # the writer goes on
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    assert watcher.scan(now=2.5) == []  # changed since: the clock starts again
    assert _count(engine) == 0
    assert watcher.scan(now=5.0) == [path]
    with Session(engine) as session:
        article = session.exec(select(Article)).one()
    assert all(clean_unicode(line) in article.clean_text for line in lines)  # the whole file, not the half
    assert watcher.scan(now=6.0) == [] and watcher.scan(now=9.0) == [path]  # seen again, stored once
    assert _count(engine) == 1


def test_a_document_dropped_in_the_inbox_is_said_once_and_left(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    engine = open_database(f"sqlite:///{tmp_path / 'nashra.db'}")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "report.docx").write_bytes(b"PK\x03\x04" + bytes(200))
    (inbox / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(200))  # not a document: passed over
    watcher = InboxWatcher(engine, inbox, settle_seconds=0.0)
    with caplog.at_level(logging.WARNING, logger="bot.ingest.schedule"):
        assert watcher.scan(now=0.0) == [] and watcher.scan(now=1.0) == []
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 1 and "report.docx" in said[0] and ".txt, .html or .json" in said[0], said
    assert (inbox / "report.docx").exists() and _count(engine) == 0
    (inbox / "report.docx").unlink()
    watcher.scan(now=2.0)
    (inbox / "report.docx").write_bytes(b"PK\x03\x04" + bytes(200))  # taken away, then dropped in again
    with caplog.at_level(logging.WARNING, logger="bot.ingest.schedule"):
        watcher.scan(now=3.0)
    assert len(caplog.records) == 2


def test_the_worker_says_what_each_pass_did(tmp_path: Path):
    """`nashra ingest` (no --once, no -v) on SQLite: one line per source read, in words."""
    url = f"sqlite:///{tmp_path / 'nashra.db'}"
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "a.txt").write_text("عنوان الخبر\n" + "\n".join(paragraphs(3)) + "\n", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    add_source(open_database(url), str(folder))
    env = {**real_process_env(), "NASHRA_DATABASE_URL": url, "NASHRA_INBOX": str(tmp_path / "no-inbox")}
    worker = subprocess.Popen(
        [sys.executable, "-m", "bot", "ingest"], env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True
    )
    watchdog = threading.Timer(120, worker.kill)  # a worker that says nothing fails the test, not hangs it
    watchdog.start()
    said: list[str] = []
    try:
        while not any("source #1" in line for line in said):  # other lines (a scheduler's warning) may come first
            line = worker.stderr.readline()  # type: ignore[union-attr]
            if not line:
                break  # it ended, or the watchdog stopped it
            said.append(line)
    finally:
        watchdog.cancel()
        worker.terminate()
        worker.wait(timeout=60)
    line = next((line for line in said if "source #1" in line), "")
    assert "source #1 src: 2 seen, 1 new, 0 already stored, 1 failed; " in line and "scan.pdf" in line, said
