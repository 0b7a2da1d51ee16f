"""`nashra ingest` without --once: a pass now, then one every NASHRA_INGEST_INTERVAL seconds."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.blocking import BlockingScheduler

log = logging.getLogger(__name__)


def run_ingest_forever(one_pass: Callable[[], object], interval_seconds: int) -> None:
    """Block, running `one_pass` at once and then on the interval; a failing pass never stops the loop."""

    def guarded() -> None:
        try:
            log.warning("ingest pass: %s", getattr(one_pass(), "to_json", lambda: "done")())
        except Exception:
            log.exception("ingest pass failed; next pass in %s s", interval_seconds)

    scheduler = BlockingScheduler(timezone=UTC)
    scheduler.add_job(
        guarded,
        "interval",
        seconds=interval_seconds,
        id="ingest",
        next_run_time=datetime.now(UTC),
        max_instances=1,
        coalesce=True,
    )
    scheduler.start()
