"""The job queue as an admin reads it (`nashra jobs`), and the reprocess runs' progress.

Jobs by task and state, workers, last errors; the reprocess runs exist on SQLite too (run in-process).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from storage import queue as jobs_store
from storage import reprocess as progress
from storage.models import ReprocessStep

STATES = ("todo", "doing", "failed", "succeeded", "cancelled", "aborted")


def jobs_report(engine: Engine, errors: int = 10) -> dict[str, Any]:
    queued = jobs_store.has_queue(engine)
    with Session(engine) as session:
        report: dict[str, Any] = {
            "backend": engine.dialect.name,
            "queue": queued,
            "jobs": [],
            "workers": [],
            "errors": [],
            "reprocess": [_run(session, run) for run in progress.recent_runs(session)],
        }
        if queued:
            report["jobs"] = [{**dict.fromkeys(STATES, 0), **row} for row in jobs_store.job_counts(session)]
            report["workers"] = [
                {**w, "last_heartbeat": w["last_heartbeat"].isoformat()} for w in jobs_store.workers(session)
            ]
            report["errors"] = [
                {
                    "job_id": e.job_id,
                    "task": e.task,
                    "attempt": e.attempt,
                    "worker": e.worker,
                    "at": e.created_at.isoformat(),
                    "error": e.error,
                }
                for e in jobs_store.recent_errors(session, errors)
            ]
    return report


def _run(session: Session, run: Any) -> dict[str, Any]:
    return {
        "run": run.id,
        "what": run.what.split(","),
        "since": run.since.isoformat() if run.since else None,
        "step": str(run.step),
        "total": run.total,
        "nlp_done": progress.done_count(session, run.id, ReprocessStep.NLP),
        "stories_done": progress.done_count(session, run.id, ReprocessStep.STORIES),
        "started_at": run.created_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
    }
