"""Several ingest workers on one database: on PostgreSQL the job queue (Procrastinate) shares the sources and
the articles out, a source is never read twice at once, stories stay consistent; leases fence direct passes."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, col, func, select

from bot.answers.sources import add_source
from bot.ingest.passes import ingest_paths
from bot.ingest.store import store_article
from digest.pipeline import process
from digest.sources.model import RawArticle
from storage import leases, story_index
from storage.engine import open_database, session_scope
from storage.models import Article, Source, Story, StoryArticle, StoryState, aware
from tests.conftest import real_process_env
from tests.doubles import Route, WebDouble, article_page, rss

# Three events, each told in eight sentences; every outlet tells each event in five of them, its own choice.
EVENTS = {
    "summit": [
        "افتتح قادة دول الخليج في الرياض قمة اقتصادية استثنائية لبحث مشروع السكك الحديدية المشتركة.",
        "وناقش القادة تمويل خط القطار الخليجي الذي يربط الرياض بالكويت والدوحة ومسقط.",
        "وقال الأمين العام لمجلس التعاون إن القمة أقرت جدولا زمنيا لإنجاز المشروع قبل عام 2030.",
        "وتبلغ كلفة شبكة السكك الحديدية الخليجية نحو 250 مليار دولار بحسب تقديرات المجلس.",
        "وأكد البيان الختامي للقمة التزام الدول الأعضاء بتوحيد معايير الجمارك على الحدود.",
        "واتفق القادة على إنشاء هيئة خليجية للسكك الحديدية تتخذ من الرياض مقرا لها.",
        "ورحب رجال الأعمال في الخليج بقرارات القمة الاقتصادية وتوقعوا نمو التجارة البينية.",
        "وتعقد القمة الخليجية المقبلة في مسقط لمتابعة تنفيذ مشروع القطار.",
    ],
    "floods": [
        "اجتاحت سيول جارفة ولاية نهر النيل في السودان بعد أمطار غزيرة استمرت ثلاثة أيام.",
        "وأعلنت السلطات السودانية انهيار مئات المنازل الطينية في قرى شمال الخرطوم.",
        "وقال الدفاع المدني السوداني إن فرق الإنقاذ أجلت آلاف الأسر من المناطق المنكوبة.",
        "وارتفع منسوب مياه النيل إلى مستويات لم تسجل منذ عقود بحسب وزارة الري السودانية.",
        "وناشدت الحكومة السودانية المنظمات الإنسانية إرسال خيام وأغذية وأدوية للمتضررين.",
        "وحذرت الأرصاد الجوية في السودان من استمرار هطول الأمطار الغزيرة خلال الأسبوع.",
        "وأقامت الهيئات الإغاثية مخيمات مؤقتة للنازحين من الفيضانات قرب مدينة عطبرة.",
        "وغمرت مياه السيول آلاف الأفدنة من المزارع على ضفاف النيل في الولاية.",
    ],
    "satellite": [
        "أطلق المغرب بنجاح قمرا صناعيا جديدا لرصد الأرض من قاعدة كورو في غويانا الفرنسية.",
        "وقال المركز الملكي للدراسات والأبحاث الفضائية إن القمر وصل إلى مداره المحدد.",
        "وسيستخدم القمر الصناعي المغربي في رسم الخرائط ومراقبة الجفاف والتصحر.",
        "وصنع القمر الصناعي بالتعاون مع شركة أوروبية لصناعة الفضاء خلال أربع سنوات.",
        "ويلتقط القمر المغربي صورا عالية الدقة تساعد في متابعة المحاصيل الزراعية.",
        "وأوضح مهندسو البرنامج الفضائي المغربي أن أول الصور ستصل خلال أسبوعين.",
        "ويعد هذا القمر الثالث الذي يطلقه المغرب لأغراض رصد الأرض والتخطيط العمراني.",
        "واحتفل العاملون في مركز التحكم بالرباط بنجاح عملية الإطلاق والانفصال.",
    ],
}
OUTLETS = 6


def _outlet_feed(web: WebDouble, outlet: int, delay: float) -> str:
    """A feed of teasers, one per event, linking to articles told in this outlet's words."""
    items = []
    for event, sentences in EVENTS.items():
        told = [sentences[(outlet + k) % len(sentences)] for k in range(5)]
        title = f"{told[0][:40]} ({event})"
        page = f"/outlet{outlet}/{event}"
        web.routes[page] = Route(article_page(title, told))
        items.append(
            {
                "guid": f"urn:outlet{outlet}:{event}",
                "link": web.url(page),
                "title": title,
                "description": told[0][:60] + "...",
                "pubDate": "Mon, 23 Nov 2026 08:00:00 +0000",
            }
        )
    path = f"/outlet{outlet}.xml"
    web.routes[path] = Route(rss(items), content_type="application/rss+xml", delay=delay)
    return web.url(path)


def _worker(url: str, workdir: Path, **env: str) -> subprocess.Popen[str]:
    """A real `nashra ingest` worker process; on PostgreSQL a worker of the job queue (Procrastinate)."""
    environment = {
        **real_process_env(),
        "NASHRA_DATABASE_URL": url,
        "NASHRA_ALLOW_PRIVATE_URLS": "true",
        "NASHRA_INBOX": str(workdir / "no-inbox"),
        "NASHRA_PROCESSES": "1",
        "NASHRA_HOST_INTERVAL": "0",  # the double's own delays pace the work
        "NASHRA_QUEUE_TICK": "1",  # look for due sources and stalled jobs every second
        "NASHRA_WORKER_HEARTBEAT": "1",  # a worker silent for 3 s is taken for dead
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "ingest", "-v"],
        cwd=workdir,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stop(workers: list[subprocess.Popen[str]]) -> list[str]:
    """SIGTERM (a worker lets its running job finish), then their logs."""
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
    return [worker.communicate(timeout=60)[1] for worker in workers]


def _articles(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Article)).one()


def _jobs(engine: Engine, status: str) -> list[tuple[str, int]]:
    with Session(engine) as session:
        rows = session.execute(
            text("SELECT task_name, worker_id FROM procrastinate_jobs WHERE status = :s"), {"s": status}
        )
        return [(task, worker) for task, worker in rows]


def test_two_worker_processes_share_the_sources_and_agree_on_the_stories(fresh_postgres_url: str, tmp_path: Path):
    """Two `nashra ingest` workers on the job queue: each feed read once, every article stored once, one
    story per event however they race."""
    postgres_url = fresh_postgres_url
    engine = open_database(postgres_url)
    expected = OUTLETS * len(EVENTS)
    with WebDouble() as web:
        for outlet in range(OUTLETS):
            add_source(engine, _outlet_feed(web, outlet, delay=0.5), poll_interval=3600, allow_private=True)
        workers = [_worker(postgres_url, tmp_path), _worker(postgres_url, tmp_path)]
        try:
            deadline = time.monotonic() + 240
            while _articles(engine) < expected and time.monotonic() < deadline:
                assert all(w.poll() is None for w in workers), "a worker stopped"
                time.sleep(0.5)
            time.sleep(3)  # three more ticks: anything read twice would show up now
        finally:
            logs = _stop(workers)
        feeds_read = [p for p in web.paths_requested() if p.endswith(".xml")]
        pages_read = [p for p in web.paths_requested() if not p.endswith(".xml")]

    assert _articles(engine) == expected, logs
    # Each feed was read once, by one worker, and both workers took jobs from the queue.
    assert sorted(feeds_read) == sorted(f"/outlet{o}.xml" for o in range(OUTLETS)), feeds_read
    assert len(pages_read) == len(set(pages_read)) == expected
    fetched = [set(re.findall(r"source #(\d+) ", log)) for log in logs]
    assert not fetched[0] & fetched[1], fetched
    assert len(fetched[0] | fetched[1]) == OUTLETS
    stored_by = [len(re.findall(r"stored \d+ of \d+ articles", log)) for log in logs]
    assert all(fetched[n] or stored_by[n] for n in range(2)), logs  # both workers did part of the work
    done = _jobs(engine, "succeeded")
    assert {task for task, _ in done} >= {"find_due_sources", "fetch_source", "store_items"}
    assert [task for task, _ in done].count("fetch_source") == OUTLETS
    assert not _jobs(engine, "failed") and not _jobs(engine, "doing")
    with Session(engine) as session:
        for source in session.exec(select(Source)):
            assert source.error_count == 0 and source.etag is None and source.lease_owner is None
            assert (aware(source.next_check_at) - datetime.now(UTC)).total_seconds() > 3000  # its next check stored
    # Racing workers still open one story per event, holding all its outlets.
    with Session(engine) as session:
        stories = session.exec(select(Story).where(col(Story.state) == StoryState.OPEN)).all()
        members = {
            story.id: {
                re.search(r"\((\w+)\)", a.title).group(1)  # type: ignore[union-attr]
                for a in session.exec(
                    select(Article)
                    .join(StoryArticle, col(StoryArticle.article_id) == col(Article.id))
                    .where(StoryArticle.story_id == story.id)
                )
            }
            for story in stories
        }
        sizes = sorted(story.member_count for story in stories)
        merged = session.exec(select(func.count()).select_from(Story).where(col(Story.state) == StoryState.MERGED))
        assert merged.one() == 0, "a second story was opened for an event and had to be merged"
    assert sorted(next(iter(m)) for m in members.values()) == sorted(EVENTS), members
    assert all(len(m) == 1 for m in members.values()), members
    assert sizes == [OUTLETS] * len(EVENTS)
    engine.dispose()


def test_one_report_stored_by_two_workers_at_the_same_moment_is_kept_once(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    """Two outlets' copies of one wire report arrive together: one is the original, the other its duplicate."""
    report = "\n\n".join(EVENTS["floods"])
    copies = [
        process(RawArticle(item="wire-a", text=report, url="http://a.example/floods")),
        process(RawArticle(item="wire-b", text=report + " (رويترز)", url="http://b.example/floods")),
    ]
    meeting = threading.Barrier(2, timeout=3)
    find_originals = story_index.near_duplicate_candidates

    def meet_then_find(*args: object, **kwargs: object) -> list[tuple[int, bytes]]:
        with contextlib.suppress(threading.BrokenBarrierError):
            meeting.wait()  # without the placement lock both get here before either is stored
        return find_originals(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(story_index, "near_duplicate_candidates", meet_then_find)
    now = datetime.now(UTC)
    threads = [threading.Thread(target=store_article, args=(engine, copy, None, now)) for copy in copies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with Session(engine) as session:
        stored = session.exec(select(Article)).all()
        stories = session.exec(select(Story)).all()
    assert sorted(a.duplicate_of_id is None for a in stored) == [False, True]
    assert [s.member_count for s in stories] == [2]


def test_a_leased_source_is_not_given_to_a_second_worker(engine: Engine, tmp_path: Path):
    folder = tmp_path / "feed"
    folder.mkdir()
    add_source(engine, str(folder))
    first = leases.claim(engine, "host-a:1")
    assert first is not None and first.lease_owner == "host-a:1"
    assert leases.claim(engine, "host-b:2") is None
    # Given back with its next check ahead: free again, but not yet due.
    with session_scope(engine) as session:
        row = session.get(Source, first.id)
        row.next_check_at = datetime.now(UTC) + timedelta(minutes=5)
        leases.release(row, "host-a:1")
        session.add(row)
    assert leases.claim(engine, "host-b:2", due_by=datetime.now(UTC)) is None
    assert leases.claim(engine, "host-b:2").lease_owner == "host-b:2"  # type: ignore[union-attr]


def test_a_lease_held_by_a_dead_process_of_this_machine_is_taken_over(engine: Engine, tmp_path: Path):
    for name in ("elsewhere", "here"):
        (tmp_path / name).mkdir()
        add_source(engine, str(tmp_path / name))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    host = leases.worker_name().rpartition(":")[0]
    assert leases.claim(engine, f"other-host:{gone.pid}").name == "elsewhere"  # type: ignore[union-attr]
    assert leases.claim(engine, f"{host}:{gone.pid}").name == "here"  # type: ignore[union-attr]
    # Another machine's lease is left to run out; this machine's dead worker's lease is taken at once.
    assert leases.claim(engine, leases.worker_name()).name == "here"  # type: ignore[union-attr]
    assert leases.claim(engine, leases.worker_name()) is None


def test_processing_over_two_cores_stores_what_one_core_stores(tmp_path: Path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for outlet in range(4):
        for event, sentences in EVENTS.items():
            told = [sentences[(outlet + k) % len(sentences)] for k in range(5)]
            (folder / f"{outlet}-{event}.txt").write_text("\n\n".join(told), encoding="utf-8")

    def stored(processes: int) -> list[tuple[object, ...]]:
        engine = open_database(f"sqlite:///{tmp_path / f'p{processes}.db'}")
        report = ingest_paths(engine, [str(folder)], processes=processes)
        assert report.ingested == 12, report.to_json()
        with Session(engine) as session:
            rows = session.exec(
                select(Article, StoryArticle.story_id).join(StoryArticle, col(StoryArticle.article_id) == Article.id)
            ).all()
            result = sorted((a.url, a.title, a.sentences, a.entities, a.terms, story) for a, story in rows)
        engine.dispose()
        return result

    assert stored(2) == stored(1)


def test_the_nlp_pool_recovers_when_one_of_its_workers_dies():
    """The pool lives as long as the process; a worker killed (OOM, a crash) must not break it for good."""
    from digest import parallel

    raws = [
        (RawArticle(item=str(n), text=" ".join(EVENTS["summit"]), url=f"https://x.test/{n}", title="قمة"), frozenset())
        for n in range(10)
    ]
    try:
        assert len(list(parallel.process_all(raws, processes=2))) == 10
        pool = parallel._pool(2)
        victim = next(iter(pool._processes.values()))  # one of its worker processes
        os.kill(victim.pid, signal.SIGKILL)
        victim.join(timeout=10)
        assert len(list(parallel.process_all(raws, processes=2))) == 10  # on a new pool
        assert len(list(parallel.process_all(raws, processes=2))) == 10
    finally:
        parallel.shutdown_pools()
