"""The job queue's tables (Procrastinate, PostgreSQL only): its schema, and what Nashra reads of it.

Procrastinate keeps its jobs in `procrastinate_jobs` (with `procrastinate_events` and
`procrastinate_workers`) in the schema first on the connection's search_path, the same as our
tables; migration 0012 creates them from the schema file of the installed Procrastinate. The queries
here are the ones Nashra needs beside Procrastinate's own: which sources are due and not already
being read, how many jobs are in which state, which workers are alive, the errors jobs raised.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    String,
    and_,
    cast,
    column,
    delete,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import make_url
from sqlmodel import Session, col

from storage.models import JobError, Source, SourceState

JOBS = table(
    "procrastinate_jobs",
    column("id"),
    column("queue_name"),
    column("task_name"),
    column("lock"),
    column("queueing_lock"),
    column("status"),
    column("args", JSONB),
    column("attempts"),
    column("worker_id"),
    column("scheduled_at"),
)
WORKERS = table("procrastinate_workers", column("id"), column("last_heartbeat"))


def _is(state: str) -> Any:
    """`status = '<state>'` as the enum literal, so that Procrastinate's partial indexes serve the query."""
    return JOBS.c.status == literal_column(f"'{state}'::procrastinate_job_status")


def _live() -> Any:
    return or_(_is("todo"), _is("doing"))


def source_lock(source_id: int) -> str:
    """The Procrastinate lock (and queueing lock) of reading one source: one job at a time, one waiting."""
    return f"source:{source_id}"


def conninfo(url: str) -> str:
    """The libpq URL of a SQLAlchemy PostgreSQL URL (the same server, database, user and options)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def apply_schema(connection: Connection) -> None:
    """Create Procrastinate's tables, types and functions unless they are there (a migration step)."""
    from procrastinate.schema import SchemaManager

    if connection.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar() is not None:
        return
    # Through the driver: the schema file holds '%' and ':' that SQLAlchemy would read as parameters.
    connection.connection.driver_connection.execute(SchemaManager.get_schema())  # type: ignore[union-attr]


def has_queue(engine: Engine) -> bool:
    """Is this a PostgreSQL store with the job queue's tables?"""
    if engine.dialect.name != "postgresql":
        return False
    with engine.connect() as connection:
        return connection.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar() is not None


def due_sources(session: Session, now: datetime) -> list[int]:
    """Active sources whose next check has come, that no job is reading or waiting to read, and that no
    direct pass (`nashra ingest --once`, `/ingest`) holds a lease on."""
    lock = func.concat("source:", cast(Source.id, String))
    running = exists().where(_is("doing"), JOBS.c.lock == lock)  # each an index lookup (partial unique indexes)
    waiting = exists().where(_is("todo"), JOBS.c.queueing_lock == lock)
    query = select(Source.id).where(
        Source.state == SourceState.ACTIVE,
        or_(col(Source.next_check_at).is_(None), col(Source.next_check_at) <= now),
        or_(col(Source.lease_until).is_(None), col(Source.lease_until) <= now),
        ~running,
        ~waiting,
    )
    return [source_id for (source_id,) in session.execute(query.order_by(col(Source.id)))]


def job_counts(session: Session) -> list[dict[str, Any]]:
    """Jobs by queue, task and state (todo, doing, succeeded, failed, cancelled, aborted)."""
    query = (
        select(JOBS.c.queue_name, JOBS.c.task_name, cast(JOBS.c.status, String), func.count())
        .group_by(JOBS.c.queue_name, JOBS.c.task_name, JOBS.c.status)
        .order_by(JOBS.c.queue_name, JOBS.c.task_name)
    )
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for queue, task, status, n in session.execute(query):
        row = rows.setdefault((queue, task), {"queue": queue, "task": task})
        row[status] = n
    return list(rows.values())


def workers(session: Session) -> list[dict[str, Any]]:
    """Registered workers, newest heartbeat first (a worker that stopped beating is pruned by the next one)."""
    doing = select(func.count()).where(JOBS.c.worker_id == WORKERS.c.id, _is("doing")).scalar_subquery()
    query = select(WORKERS.c.id, WORKERS.c.last_heartbeat, doing).order_by(WORKERS.c.last_heartbeat.desc())
    return [{"id": i, "last_heartbeat": beat, "doing": n} for i, beat, n in session.execute(query)]


def live_jobs(session: Session, task: str, **args: int) -> int:
    """Jobs of `task` waiting or running whose arguments include `args` (e.g. run_id=3)."""
    conditions = [JOBS.c.task_name == task, _live()]
    conditions += [JOBS.c.args[key].astext == str(value) for key, value in args.items()]
    return int(session.execute(select(func.count()).where(and_(*conditions))).scalar_one())


def record_error(session: Session, *, job_id: int, task: str, attempt: int, worker: str, error: str) -> None:
    session.add(JobError(job_id=job_id, task=task, attempt=attempt, worker=worker, error=error[:2000]))


def recent_errors(session: Session, limit: int = 10) -> list[JobError]:
    query = select(JobError).order_by(col(JobError.created_at).desc(), col(JobError.id).desc()).limit(limit)
    return list(session.scalars(query))


def prune_errors(session: Session, older_than: timedelta, now: datetime) -> int:
    result = session.execute(delete(JobError).where(col(JobError.created_at) < now - older_than))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
