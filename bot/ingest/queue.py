"""Ingest workers on a PostgreSQL job queue (Procrastinate): any worker on any machine takes any job.

`nashra ingest` on PostgreSQL runs `run_worker`. The jobs, by queue:

- `sources`: `find_due_sources`, deferred every NASHRA_QUEUE_TICK seconds (Procrastinate defers a
  periodic job once per tick whatever the number of workers), defers `fetch_source(source_id)` for
  each active source whose next check has come, with the queueing lock and the lock `source:<id>`:
  one job waits and one runs per source, never two. `fetch_source` re-checks the source under its
  row lease (the fence against a direct pass, `nashra ingest --once` or `/ingest`, reading it at the
  same time), reads the feed, page or folder, defers the new articles as `store_items` jobs, and only
  then records the source's health (ETag, errors, next check, switching off after 8 errors) as a
  direct pass does: a worker killed at any point loses nothing.
- `articles`: `store_items` runs the NLP and `store_article` (read → decide → short write under the
  placement lock) for a few raw articles. The articles travel as the job's arguments: atomic with the
  job (no staging rows to orphan), readable by a worker on another machine (a folder's files too),
  compressed by PostgreSQL's TOAST; finished jobs are pruned after a day.
- `reprocess`: `reprocess_chunk` (bot.ingest.reprocess), chunks of stored articles.
- `retry_stalled_jobs` (every tick): jobs left running by a worker that stopped beating (killed,
  its machine gone) are put back in the queue. `prune_jobs` (hourly) drops old finished jobs.

An exception in a job (a bug, the database gone) is recorded in `job_error` and the job is retried
on the sources' backoff policy (`digest.sources.health`: doubling delays, capped at 6 h, given up
after 8 attempts). A source that fails (HTTP errors, garbage) is not an exception: its health says
so and its next check follows the same policy, exactly as with the APScheduler loop on SQLite.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session

from bot.ingest import reprocess
from bot.ingest.passes import (
    IngestReport,
    Notify,
    fetch_settings,
    read_files,
    read_web,
    record_health,
    store_items,
    walk,
)
from bot.ingest.schedule import INBOX_SCAN_SECONDS, InboxWatcher
from bot.ingest.store import index_pending
from bot.settings import Settings
from digest.sources.health import MAX_CONSECUTIVE_ERRORS, next_check
from digest.sources.http import Fetcher, FetchSettings
from digest.sources.model import Failure, FailureReason, RawArticle
from digest.sources.web import SourceFetch
from storage import leases
from storage import queue as jobs_store
from storage.engine import session_scope
from storage.models import ReprocessRun, ReprocessStep, Source, SourceKind

if TYPE_CHECKING:
    from procrastinate import App, JobContext
    from procrastinate.jobs import Job
    from procrastinate.retry import RetryDecision

log = logging.getLogger(__name__)

SOURCES, ARTICLES, REPROCESS = "sources", "articles", "reprocess"
ITEMS_PER_JOB = 8  # articles per store job: small enough that several workers share a feed
BYTES_PER_JOB = 2_000_000  # and never a job of more than about 2 MB of text
RETRY_BASE_SECONDS = 15  # a failed job waits 30 s, 1 min, 2 min ... (the sources' doubling), 6 h at most
KEEP_SUCCEEDED_HOURS = 24
KEEP_FAILED_HOURS = 24 * 7

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class WorkerEnv:
    """What the jobs of one worker process share: the store, the settings, who it is."""

    engine: Engine
    settings: Settings
    fetch: FetchSettings
    notify: Notify | None
    name: str


def _env(context: JobContext) -> WorkerEnv:
    return context.additional_context["env"]


# --- raw articles as job arguments ------------------------------------------------------------


def raw_to_json(raw: RawArticle) -> dict[str, Any]:
    data = asdict(raw)
    data["published"] = raw.published.isoformat() if raw.published else None
    return data


def raw_from_json(data: dict[str, Any]) -> RawArticle:
    published = datetime.fromisoformat(data["published"]) if data.get("published") else None
    return RawArticle(**{**data, "published": published})


def item_batches(items: Sequence[RawArticle]) -> list[list[RawArticle]]:
    """Consecutive batches of at most ITEMS_PER_JOB articles and about BYTES_PER_JOB of text."""
    batches: list[list[RawArticle]] = []
    size = 0
    for raw in items:
        if not batches or len(batches[-1]) >= ITEMS_PER_JOB or size + len(raw.text) > BYTES_PER_JOB:
            batches.append([])
            size = 0
        batches[-1].append(raw)
        size += len(raw.text)
    return batches


# --- retries ------------------------------------------------------------------------------------


def backoff_seconds(attempts: int) -> float | None:
    """Seconds before a failed job runs again, after `attempts` failures; None: give up."""
    if attempts >= MAX_CONSECUTIVE_ERRORS:
        return None
    now = datetime.now(UTC)
    return (next_check(now, RETRY_BASE_SECONDS, attempts) - now).total_seconds()


def _retry_strategy() -> Any:
    from procrastinate.retry import BaseRetryStrategy, RetryDecision

    class SourcesBackoff(BaseRetryStrategy):
        """The sources' backoff policy (digest.sources.health) for jobs that raised."""

        def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
            delay = backoff_seconds(job.attempts + 1)
            return None if delay is None else RetryDecision(retry_in={"seconds": delay})

    return SourcesBackoff()


def _recorded(task: F) -> F:
    """Record an exception of a job in `job_error` (what `nashra jobs` shows), then let it through."""

    @wraps(task)
    def run(context: JobContext, **kwargs: Any) -> Any:
        try:
            return task(context, **kwargs)
        except Exception as exc:
            job, env = context.job, _env(context)
            try:
                with session_scope(env.engine) as session:
                    jobs_store.record_error(
                        session,
                        job_id=job.id or 0,
                        task=job.task_name,
                        attempt=job.attempts + 1,
                        worker=env.name,
                        error=f"{type(exc).__name__}: {exc}",
                    )
            except Exception:
                log.exception("could not record the error of job %s", job.id)
            raise

    return run  # type: ignore[return-value]


# --- the jobs -----------------------------------------------------------------------------------


def find_due_sources(context: JobContext, timestamp: int) -> int:
    """Defer a read of every source due (one waiting and one running per source at most)."""
    from procrastinate.exceptions import AlreadyEnqueued

    env = _env(context)
    index_pending(env.engine)  # articles a killed worker stored and placed but did not index
    with Session(env.engine) as session:
        due = jobs_store.due_sources(session, datetime.now(UTC))
    deferred = 0
    for source_id in due:
        lock = jobs_store.source_lock(source_id)
        try:
            context.app.configure_task("fetch_source", queueing_lock=lock, lock=lock).defer(source_id=source_id)
            deferred += 1
        except AlreadyEnqueued:
            pass
    return deferred


def fetch_source(context: JobContext, source_id: int) -> dict[str, Any]:
    """Read one source, defer its new articles as store jobs, then record its health."""
    env = _env(context)
    now = datetime.now(UTC)
    source = leases.claim(env.engine, env.name, source_ids=[source_id], due_by=now)
    if source is None:
        return {"skipped": "not due, switched off, removed, or read by a direct pass"}
    report = IngestReport()
    try:
        fetched = _read(context, env, source, now, report)
        record_health(env.engine, source, fetched, now, env.notify)  # gives the lease back
    except BaseException:
        leases.give_back(env.engine, source_id, env.name)  # so that the retry can read it
        raise
    log.info("source #%s %s: %s", source_id, source.name, report.summary_line())
    return {"seen": report.seen, "queued": report.ingested, "failed": len(report.failed)}


def _read(context: JobContext, env: WorkerEnv, source: Source, now: datetime, report: IngestReport) -> SourceFetch:
    if source.kind is SourceKind.FOLDER:
        root = Path(source.location)
        if not root.is_dir():
            error = Failure(source.location, FailureReason.NOT_FOUND, "folder does not exist")
            report.failed.append(error)
            return SourceFetch(items=[], error=error)
        for batch in read_files(env.engine, walk(root, report), report):
            _defer_items(context, source.id, now, batch, report)
        return SourceFetch(items=[])
    with Fetcher(env.fetch) as fetcher:
        fetched = read_web(env.engine, fetcher, source, report)
    _defer_items(context, source.id, now, fetched.items, report)
    return fetched


def _defer_items(
    context: JobContext,
    source_id: int | None,
    now: datetime,
    items: Sequence[RawArticle | Failure],
    report: IngestReport,
) -> None:
    raws = [item for item in items if isinstance(item, RawArticle)]
    report.failed += [item for item in items if isinstance(item, Failure)]
    batches = item_batches(raws)
    if batches:
        seen = now.isoformat()
        context.app.configure_task("store_items").batch_defer(
            *[{"source_id": source_id, "seen_at": seen, "items": [raw_to_json(r) for r in b]} for b in batches]
        )
    report.ingested += len(raws)  # here: queued for storing


def store_items_job(context: JobContext, source_id: int | None, seen_at: str, items: list[dict[str, Any]]) -> dict:
    """The NLP and the storing of a few articles, each exactly once (a rerun finds them stored)."""
    env = _env(context)
    with Session(env.engine) as session:
        source = session.get(Source, source_id) if source_id is not None else None
    report = IngestReport()
    raws = [raw_from_json(item) for item in items]
    # One process per worker: more cores are used by running more workers, not a pool per job.
    store_items(env.engine, raws, source, report, datetime.fromisoformat(seen_at), processes=1)
    log.info("stored %d of %d articles (source #%s)", report.ingested, len(raws), source_id)
    for failure in report.failed:
        log.info("not stored: %s: %s", failure.item, failure.message)
    return {"ingested": report.ingested, "duplicates": report.duplicates, "failed": len(report.failed)}


def reprocess_chunk(
    context: JobContext, run_id: int, step: str, article_ids: list[int], chunk_size: int = reprocess.CHUNK
) -> dict[str, int]:
    """One chunk of a `nashra reprocess` run; the job that finishes a step defers the next step's chunks."""
    env = _env(context)
    done = reprocess.run_chunk(env.engine, run_id, ReprocessStep(step), article_ids, worker=env.name)
    following = reprocess.advance(env.engine, run_id, chunk_size)
    if following is not None:
        defer_chunks(context.app, run_id, *following, chunk_size=chunk_size)
    return {"done": done}


def defer_chunks(
    app: App, run_id: int, step: ReprocessStep, chunks: list[list[int]], chunk_size: int = reprocess.CHUNK
) -> int:
    """Queue a step's chunks. Placing in stories goes in date order: those chunks share a lock, so
    Procrastinate runs them one at a time, oldest first; the NLP step's chunks run on every worker."""
    lock = f"reprocess:{run_id}:stories" if step is ReprocessStep.STORIES else None
    if chunks:
        app.configure_task("reprocess_chunk", lock=lock).batch_defer(
            *[{"run_id": run_id, "step": step.value, "article_ids": ids, "chunk_size": chunk_size} for ids in chunks]
        )
    return len(chunks)


def queue_reprocess(settings: Settings, engine: Engine, run: ReprocessRun, chunk: int) -> int:
    """Queue the chunks of a run's current step for the workers, unless jobs of this run are queued or
    running already (the command run again while workers are at it). Returns how many were queued;
    the chunks of the step that follows are queued by the chunk that finishes this one."""
    with Session(engine) as session:
        if jobs_store.live_jobs(session, "reprocess_chunk", run_id=run.id or 0):
            return 0
    chunks = reprocess.chunks(engine, run, run.step, chunk)
    app = build_app(settings)
    with app.open():
        if not chunks:  # every article done, only the step was not moved on (stopped just then)
            following = reprocess.advance(engine, run.id or 0, chunk)
            return defer_chunks(app, run.id or 0, *following, chunk_size=chunk) if following else 0
        return defer_chunks(app, run.id or 0, run.step, chunks, chunk_size=chunk)


async def retry_stalled_jobs(context: JobContext, timestamp: int) -> int:
    """Put back the jobs of workers that stopped beating (killed, their machine gone)."""
    env = _env(context)
    manager = context.app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=3 * env.settings.worker_heartbeat))
    for job in stalled:
        log.warning("job %s %s of a worker that stopped: queued again", job.id, job.task_name)
        await manager.retry_job(job)
    return len(stalled)


async def prune_jobs(context: JobContext, timestamp: int) -> None:
    """Finished jobs go after a day, failed ones (and their errors) after a week."""
    import asyncio

    manager = context.app.job_manager
    await manager.delete_old_jobs(nb_hours=KEEP_SUCCEEDED_HOURS)
    await manager.delete_old_jobs(
        nb_hours=KEEP_FAILED_HOURS, include_failed=True, include_cancelled=True, include_aborted=True
    )

    def prune_errors() -> None:
        with session_scope(_env(context).engine) as session:
            jobs_store.prune_errors(session, timedelta(hours=KEEP_FAILED_HOURS), datetime.now(UTC))

    await asyncio.to_thread(prune_errors)


# --- the application and the worker -------------------------------------------------------------


def build_app(settings: Settings) -> App:
    """The Procrastinate application on the store's database (the same URL, so the same schema)."""
    from procrastinate import App, PsycopgConnector

    connector = PsycopgConnector(conninfo=jobs_store.conninfo(settings.database_url), min_size=1, max_size=4)
    app = App(connector=connector)
    retry = _retry_strategy()
    app.task(name="fetch_source", queue=SOURCES, pass_context=True, retry=retry)(_recorded(fetch_source))
    app.task(name="store_items", queue=ARTICLES, pass_context=True, retry=retry)(_recorded(store_items_job))
    app.task(name="reprocess_chunk", queue=REPROCESS, pass_context=True, retry=retry)(_recorded(reprocess_chunk))
    tick = f"* * * * * */{settings.queue_tick}" if settings.queue_tick < 60 else "* * * * *"
    for name, function, cron in (
        ("find_due_sources", _recorded(find_due_sources), tick),
        ("retry_stalled_jobs", retry_stalled_jobs, tick),
        ("prune_jobs", prune_jobs, "17 * * * *"),
    ):
        task = app.task(name=name, queue=SOURCES, pass_context=True)(function)
        app.periodic(cron=cron, periodic_id=name)(task)
    return app


def run_worker(engine: Engine, settings: Settings, notify: Notify | None = None) -> None:
    """`nashra ingest` on PostgreSQL: take jobs until SIGINT or SIGTERM (which lets running jobs finish)."""
    app = build_app(settings)
    env = WorkerEnv(engine, settings, fetch_settings(settings), notify, leases.worker_name())
    stop = threading.Event()
    inbox = threading.Thread(target=_watch_inbox, args=(engine, settings.inbox, stop), name="inbox", daemon=True)
    inbox.start()
    log.info("worker %s: queues %s, %s, %s", env.name, SOURCES, ARTICLES, REPROCESS)
    try:
        app.run_worker(
            name=env.name,
            concurrency=settings.worker_concurrency,
            additional_context={"env": env},
            update_heartbeat_interval=settings.worker_heartbeat,
            stalled_worker_timeout=3 * settings.worker_heartbeat,
        )
    finally:
        stop.set()


def _watch_inbox(engine: Engine, folder: Path, stop: threading.Event) -> None:
    """One worker per store watches the inbox (an advisory lock decides which; it passes on when that worker dies)."""
    watcher = InboxWatcher(engine, folder)
    with engine.connect() as connection:
        held = False
        while not stop.wait(INBOX_SCAN_SECONDS):
            try:
                held = held or leases.hold_inbox(connection)
                if held:
                    watcher.scan()
            except Exception:
                log.exception("inbox scan failed")


def __getattr__(name: str) -> Any:
    """`app`: the application built from the settings, for Procrastinate's own command line
    (`procrastinate --app=bot.ingest.queue.app shell`); built when asked for, never at import."""
    if name == "app":
        from bot.settings import load_settings

        return build_app(load_settings())
    raise AttributeError(name)
