"""The ingestion schedule: one APScheduler job per source, an inbox watcher, all state in the database.

Used by `nashra bot` and, on SQLite, by `nashra ingest`; on PostgreSQL `nashra ingest` is a worker of
the job queue instead (`bot.ingest.queue`), which reuses the inbox watcher.

Each source job runs when its `next_check_at` (kept in the database) comes, so backoff
and restarts are honoured; jobs run in a thread pool, so a slow source never holds up
another. A sync job picks up sources added or removed by other processes.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import Engine
from sqlmodel import Session

from bot.ingest.passes import Notify, ingest_paths, ingest_source
from bot.ingest.store import index_pending
from digest.sources.files import walk_folder
from digest.sources.http import Fetcher, FetchSettings
from digest.sources.model import Failure
from storage import leases
from storage.models import Source, SourceState, aware
from storage.sources import list_sources

log = logging.getLogger(__name__)

SYNC_SECONDS = 30
INBOX_SCAN_SECONDS = 2.0
INBOX_SETTLE_SECONDS = 2.0  # a file must stay unchanged this long before it is taken


@dataclass
class InboxWatcher:
    """Takes files from a folder once they have stopped changing (a half-written file is never read)."""

    engine: Engine
    folder: Path
    settle_seconds: float = INBOX_SETTLE_SECONDS
    processes: int = 1
    _seen: dict[Path, tuple[int, int, float]] = field(default_factory=dict)  # size, mtime_ns, stable since
    _reported_unsupported: set[str] = field(default_factory=set)  # files the log has said it will not take

    def scan(self, now: float | None = None) -> list[Path]:
        """Files that have been stable for `settle_seconds`; ingests them and returns them."""
        now = time.monotonic() if now is None else now
        if not self.folder.is_dir():
            return []
        ready = []
        present = set()
        unsupported: set[str] = set()
        for entry in walk_folder(self.folder):
            if isinstance(entry, Failure):  # a .pdf or a .docx: said once, then left where it is
                unsupported.add(entry.item)
                if entry.item not in self._reported_unsupported:
                    self._reported_unsupported.add(entry.item)
                    log.warning("inbox: %s not taken: %s", entry.item, entry.detail)
                continue
            if isinstance(entry, Path):
                present.add(entry)
                try:
                    stat = entry.stat()
                except OSError:
                    continue
                size, mtime, since = self._seen.get(entry, (-1, -1, now))
                if (size, mtime) != (stat.st_size, stat.st_mtime_ns):
                    self._seen[entry] = (stat.st_size, stat.st_mtime_ns, now)
                elif now - since >= self.settle_seconds:
                    ready.append(entry)
        for gone in set(self._seen) - present:
            del self._seen[gone]
        self._reported_unsupported &= unsupported  # one taken away and dropped in again is said again
        if ready:
            report = ingest_paths(self.engine, [str(p) for p in ready], processes=self.processes)
            log.info("inbox: %s", report.summary_line())
            for path in ready:
                self._seen.pop(path, None)  # already stored: the next scan counts it as a duplicate
        return ready


class IngestScheduler:
    """Registers the ingestion jobs on an APScheduler scheduler (blocking for the CLI, asyncio for the bot)."""

    def __init__(
        self,
        engine: Engine,
        fetch: FetchSettings,
        inbox: Path | None,
        notify: Notify | None = None,
        processes: int = 1,
    ) -> None:
        self.engine = engine
        self.fetch = fetch
        self.notify = notify
        self.processes = processes
        self.inbox = InboxWatcher(engine, inbox, processes=processes) if inbox is not None else None
        self.owner = leases.worker_name()

    def install(self, scheduler: BaseScheduler) -> None:
        scheduler.add_job(
            self.sync,
            "interval",
            args=[scheduler],
            seconds=SYNC_SECONDS,
            id="sources:sync",
            next_run_time=datetime.now(UTC),
            replace_existing=True,
            max_instances=1,
            coalesce=True,
        )
        if self.inbox is not None:
            scheduler.add_job(
                self.inbox.scan,
                "interval",
                seconds=INBOX_SCAN_SECONDS,
                id="inbox",
                replace_existing=True,
                max_instances=1,
                coalesce=True,
            )

    def sync(self, scheduler: BaseScheduler) -> None:
        """One job per active source, at its next check time; jobs of removed or disabled sources go.
        (And the articles a killed pass stored and placed but did not index are indexed.)"""
        index_pending(self.engine)
        with Session(self.engine) as session:
            sources = {s.id: s for s in list_sources(session) if s.state is SourceState.ACTIVE}
        now = datetime.now(UTC)
        for job in scheduler.get_jobs():
            if job.id.startswith("source:") and int(job.id.split(":")[1]) not in sources:
                job.remove()
        for source_id, source in sources.items():
            job_id = f"source:{source_id}"
            if scheduler.get_job(job_id) is None:
                due = aware(source.next_check_at) if source.next_check_at else now
                scheduler.add_job(
                    self.poll,
                    "date",
                    args=[scheduler, source_id],
                    id=job_id,
                    run_date=max(due, now),
                    misfire_grace_time=None,
                )

    def poll(self, scheduler: BaseScheduler, source_id: int) -> None:
        """Lease and read one source, then schedule its next run from the state left in the database.

        When another worker holds the source or has just read it, this worker only reschedules.
        """
        source = leases.claim(self.engine, self.owner, source_ids=[source_id], due_by=datetime.now(UTC))
        if source is not None:
            try:
                with Fetcher(self.fetch) as fetcher:
                    report = ingest_source(self.engine, fetcher, source, notify=self.notify, processes=self.processes)
                log.info("source #%s %s: %s", source_id, source.name, report.summary_line())
            except Exception:
                log.exception("source #%s failed unexpectedly", source_id)
        with Session(self.engine) as session:
            row = session.get(Source, source_id)
            if row is not None and row.state is SourceState.ACTIVE:
                now = datetime.now(UTC)
                due = aware(row.next_check_at) if row.next_check_at else now
                if row.lease_until is not None and aware(row.lease_until) > now:
                    due = max(due, aware(row.lease_until))  # held elsewhere: look again when it runs out
                scheduler.add_job(
                    self.poll,
                    "date",
                    args=[scheduler, source_id],
                    id=f"source:{source_id}",
                    run_date=max(due, now + timedelta(seconds=1)),
                    replace_existing=True,
                    misfire_grace_time=None,
                )


def run_ingest_forever(
    engine: Engine, fetch: FetchSettings, inbox: Path | None, notify: Notify | None, processes: int = 1
) -> None:
    """`nashra ingest` without --once: block, polling every source on its own schedule."""
    workers = max(2, min(8, (os.cpu_count() or 2) * 2))
    scheduler = BlockingScheduler(timezone=UTC, executors={"default": ThreadPoolExecutor(workers)})
    IngestScheduler(engine, fetch, inbox, notify, processes).install(scheduler)
    scheduler.start()
