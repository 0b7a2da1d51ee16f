"""Source leases: whoever reads a source holds it, so that no two readers read it at once.

Who takes them: a direct pass (`nashra ingest --once`, `/ingest`, and the APScheduler loop of
SQLite and of `nashra bot`) claims each source it reads; on PostgreSQL the job queue's
`fetch_source` claims its source too, which both re-checks that the source is due and fences it off
from a direct pass. (Among queue workers themselves, Procrastinate's queueing lock and lock
`source:<id>` already keep one job waiting and one running per source.)

A worker claims a source by writing its name and an expiry into the row. On PostgreSQL the
candidate rows are locked with FOR UPDATE SKIP LOCKED, so workers claiming at the same moment
pass over each other's rows instead of queueing; the conditional UPDATE that writes the lease
makes the claim atomic on SQLite as well. The lease is given back with the source's health
(`next_check_at`). A crashed worker's lease runs out, or is taken over at once on the same
machine when its process is gone. The inbox has a lock of its own (`hold_inbox`): one queue
worker of a PostgreSQL store watches it.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Collection
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, or_, text, update
from sqlmodel import col, select

from storage.engine import session_scope
from storage.models import Source, SourceState, aware

LEASE = timedelta(minutes=15)  # longer than any one source takes to read
_CANDIDATES = 16


def worker_name() -> str:
    """Who holds a lease, as an operator reads it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(
    engine: Engine,
    owner: str,
    *,
    source_ids: Collection[int] | None = None,
    due_by: datetime | None = None,
    exclude: Collection[int] = (),
    lease: timedelta = LEASE,
) -> Source | None:
    """Lease one active source that no other worker holds and return it; None when none is free.

    `source_ids` limits the choice, `due_by` takes only sources whose next check has come by then,
    `exclude` skips sources this worker has already read in its pass.
    """
    now = datetime.now(UTC)
    free = or_(col(Source.lease_until).is_(None), col(Source.lease_until) <= now)
    conditions = [col(Source.state) == SourceState.ACTIVE]
    if due_by is not None:
        conditions.append(or_(col(Source.next_check_at).is_(None), col(Source.next_check_at) <= due_by))
    if source_ids is not None:
        conditions.append(col(Source.id).in_(list(source_ids)))
    if exclude:
        conditions.append(col(Source.id).notin_(list(exclude)))
    local = col(Source.lease_owner).startswith(f"{socket.gethostname()}:")
    with session_scope(engine) as session:
        query = (
            select(Source.id, Source.lease_owner, Source.lease_until)
            .where(*conditions, or_(free, local))
            .order_by(col(Source.id))
            .limit(_CANDIDATES)
        )
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        for source_id, held_by, until in list(session.exec(query)):
            if until is not None and aware(until) > now and not _dead(held_by):
                continue
            taken = session.exec(  # type: ignore[call-overload]
                update(Source)
                .where(col(Source.id) == source_id, *conditions, or_(free, col(Source.lease_owner) == held_by))
                .values(lease_owner=owner, leased_at=now, lease_until=now + lease)
            )
            if taken.rowcount == 1:
                session.commit()
                return session.get(Source, source_id)
    return None


def _dead(owner: str | None) -> bool:
    """Is this lease held by a process of this machine that no longer runs (a killed worker)?"""
    host, _, pid = (owner or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def release(row: Source, owner: str | None) -> None:
    """Give the lease back (in the caller's session), unless it has since passed to another worker."""
    if owner is not None and row.lease_owner == owner:
        row.lease_owner, row.lease_until = None, None


def give_back(engine: Engine, source_id: int, owner: str) -> None:
    """Release a lease outside the health update (a read that failed with an exception)."""
    with session_scope(engine) as session:
        session.exec(  # type: ignore[call-overload]
            update(Source)
            .where(col(Source.id) == source_id, col(Source.lease_owner) == owner)
            .values(lease_owner=None, lease_until=None)
        )


_INBOX_LOCK_KEY = 0x6E617362  # "nasb": one worker of a PostgreSQL store watches the inbox


def hold_inbox(connection: Connection) -> bool:
    """Try to become the one worker that watches the inbox; held until `connection` closes (or its process dies)."""
    if connection.dialect.name != "postgresql":
        return True
    taken = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": _INBOX_LOCK_KEY}).scalar()
    connection.commit()
    return bool(taken)
