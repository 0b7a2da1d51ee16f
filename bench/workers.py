"""Ingest workers on PostgreSQL (the job queue): 1, 2 and 4 `nashra ingest` processes, articles per second.

    .venv/bin/python -m bench.workers [--articles 600] [--workers 1 2 4] [--feeds 12] [--profile]

The same SaudiNewsNet articles are served as full-text RSS feeds by the loopback web double; for each
number of workers a fresh schema of the PostgreSQL server (NASHRA_TEST_POSTGRES, as the tests) gets
the feeds as sources, the workers are started and waited for (their start-up is not timed), then the
clock runs from the moment the sources are due until every feed is read and every store job done.
Stock sumy LexRank summarising the same articles, in this process and the same run, is the baseline.
`--profile` also runs one worker's store jobs in this process under cProfile: where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlmodel import Session, func, select

from bench.common import ROOT, markdown_table, sample, saudinewsnet, timed
from tests.doubles import Route, WebDouble, rss

SERVER = os.environ.get("NASHRA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def load(n: int, seed: int) -> list[dict]:
    """n SaudiNewsNet articles with a body worth summarising, long enough that no feed entry is a teaser."""
    articles = [a for a in sample(list(saudinewsnet()), n * 2, seed) if len(a["content"].split()) >= 80]
    return articles[:n]


def _published(article: dict) -> str:
    when = datetime.fromisoformat(article["date_extracted"]).replace(tzinfo=UTC)
    return format_datetime(when)


def serve(web: WebDouble, articles: list[dict], feeds: int) -> list[str]:
    """The articles as `feeds` full-text RSS feeds (each entry its whole text: nothing else to fetch)."""
    urls = []
    for k in range(feeds):
        items = [
            {
                "guid": f"urn:snn:{a['id']}",
                "link": web.url(f"/a/{a['id']}"),  # never fetched: each entry holds the whole article
                "title": a["title"],
                "description": a["content"],
                "pubDate": _published(a),
            }
            for a in articles[k::feeds]
        ]
        web.routes[f"/feed{k}.xml"] = Route(rss(items), content_type="application/rss+xml")
        urls.append(web.url(f"/feed{k}.xml"))
    return urls


@contextmanager
def fresh_schema() -> Iterator[str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(SERVER)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{SERVER}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def _scalar(engine: Engine, sql: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar() or 0)


class LockSampler:
    """What the workers' database sessions are doing, sampled every 50 ms from pg_stat_activity:
    how often one waits for the placement lock (an advisory lock) while another holds it."""

    def __init__(self, engine: Engine, application: str) -> None:
        self.engine, self.application = engine, application
        self.samples, self.waiting, self.busy = 0, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> LockSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        query = text(
            "SELECT count(*) FILTER (WHERE wait_event = 'advisory'),"
            " count(*) FILTER (WHERE state = 'active' AND wait_event IS DISTINCT FROM 'ClientRead')"
            " FROM pg_stat_activity WHERE application_name = :name"
        )
        with self.engine.connect() as connection:
            while not self._stop.wait(0.05):
                waiting, active = connection.execute(query, {"name": self.application}).one()
                self.samples += 1
                self.waiting += waiting
                self.busy += active
                connection.rollback()

    @property
    def waiting_share(self) -> float:
        """Mean number of worker sessions waiting for the lock, per sample."""
        return self.waiting / max(1, self.samples)


def run(articles: list[dict], workers: int, feeds: int) -> tuple[float, int, int, float]:
    """Seconds from the sources being due to the queue drained, articles stored, originals among them,
    and the mean number of workers waiting for the placement lock."""
    from bot.answers.sources import add_source
    from storage.engine import open_database
    from storage.models import Article

    with fresh_schema() as url, WebDouble() as web, tempfile.TemporaryDirectory() as folder:
        engine = open_database(url)
        application = f"nashra-bench-{uuid.uuid4().hex[:8]}"
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "NASHRA_DATABASE_URL": f"{url}&application_name={application}",
            "NASHRA_ALLOW_PRIVATE_URLS": "true",
            "NASHRA_INBOX": str(Path(folder) / "none"),
            "NASHRA_PROCESSES": "1",
            "NASHRA_QUEUE_TICK": "1",
        }
        processes = [
            subprocess.Popen([sys.executable, "-m", "bot", "ingest"], env=env, cwd=folder, stderr=subprocess.DEVNULL)
            for _ in range(workers)
        ]
        try:
            while _scalar(engine, "SELECT count(*) FROM procrastinate_workers") < workers:
                assert all(p.poll() is None for p in processes), "a worker did not start"
                time.sleep(0.2)
            busy = (
                "SELECT count(*) FROM procrastinate_jobs WHERE task_name IN ('fetch_source', 'store_items')"
                " AND status IN ('todo', 'doing')"
            )
            with LockSampler(engine, application) as sampler:
                start = time.perf_counter()
                for feed in serve(web, articles, feeds):
                    add_source(engine, feed, allow_private=True, poll_interval=3600)
                while True:
                    unread = _scalar(engine, "SELECT count(*) FROM source WHERE last_success_at IS NULL")
                    if not unread and not _scalar(engine, busy):
                        break
                    time.sleep(0.1)
                seconds = time.perf_counter() - start
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=120)
        with Session(engine) as session:
            stored = session.exec(select(func.count()).select_from(Article)).one()
            originals = session.exec(
                select(func.count()).select_from(Article).where(Article.duplicate_of_id.is_(None))  # type: ignore[union-attr]
            ).one()
        engine.dispose()
    return seconds, stored, originals, sampler.waiting_share


def profile(articles: list[dict]) -> str:
    """One worker's store jobs (NLP, then read → decide → write) in this process, under cProfile."""
    from bot.ingest.passes import IngestReport, store_items
    from bot.ingest.queue import item_batches
    from digest.sources.model import RawArticle, parse_time
    from storage.engine import open_database

    raws = [
        RawArticle(
            item=a["url"],
            text=a["content"],
            url=a["url"],
            title=a["title"],
            published=parse_time(_published(a)),
            source=a["source"],
            guid=f"urn:snn:{a['id']}",
        )
        for a in articles
    ]
    with fresh_schema() as url:
        engine = open_database(url)
        report = IngestReport()
        profiler = cProfile.Profile()
        profiler.enable()
        for batch in item_batches(raws):
            store_items(engine, batch, None, report, datetime.now(UTC), processes=1)
        profiler.disable()
        engine.dispose()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    total = stats.total_tt  # type: ignore[attr-defined]
    wanted = {
        "process": "the NLP (digest.pipeline.process)",
        "store_article": "store_article (read, decide, write, refresh)",
        "_prepare": "  read and decide, no lock (near-copies, candidates)",
        "lock_for_placement": "  waiting for the placement lock",
        "write_placement": "  placement under the lock",
        "index_article": "  entity index under the lock",
        "refresh_story": "  story title and summary after the commit",
        "line_counts": "template lines read before the NLP",
    }
    rows = []
    for (filename, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if name in wanted and ("bot/" in filename or "digest/" in filename or "storage/" in filename):
            rows.append([wanted[name], f"{cumulative:.1f}", f"{1000 * cumulative / len(raws):.1f}"])
    rows.sort(key=lambda r: list(wanted.values()).index(r[0]))
    header = f"### One worker's store jobs in-process, {len(raws)} articles, {total:.1f} s under cProfile\n\n"
    return header + markdown_table(["", "seconds", "ms / article"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--feeds", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    articles = load(args.articles, args.seed)

    from sumy.summarizers.lex_rank import LexRankSummarizer

    from bench.summaries import _stock

    stock = _stock(LexRankSummarizer)
    _, baseline = timed(lambda: [stock(a["content"], a["title"], frozenset()) for a in articles])
    lexrank = len(articles) / baseline
    rows = [["stock sumy LexRank alone (baseline)", "", f"{baseline:.1f}", f"{lexrank:.1f}", "1.00", "", ""]]
    first = None
    for workers in args.workers:
        seconds, stored, originals, waiting = run(articles, workers, args.feeds)
        speed = stored / seconds
        first = first or speed
        rows.append(
            [
                f"{workers} worker{'s' if workers > 1 else ''}: {stored} stored ({originals} originals)",
                str(workers),
                f"{seconds:.1f}",
                f"{speed:.1f}",
                f"{speed / lexrank:.2f}",
                f"{speed / first:.2f}",
                f"{waiting:.2f}",
            ]
        )
    cores = os.cpu_count() or 1
    where = f"{args.feeds} full-text feeds on loopback, PostgreSQL, {cores} cores"
    print(f"## {len(articles)} SaudiNewsNet articles, {where}\n")
    header = ["", "workers", "seconds", "articles/s", "× LexRank", "× 1 worker", "waiting for the lock"]
    print(markdown_table(header, rows))
    print("\n(waiting for the lock: mean number of workers waiting for the placement lock, sampled every 50 ms)")
    if args.profile:
        print()
        print(profile(articles))


if __name__ == "__main__":
    main()
