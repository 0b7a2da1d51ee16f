"""When to poll a source next, and when a failing source switches itself off (pure policy)."""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_CONSECUTIVE_ERRORS = 8  # then the source is disabled and the admins are told
MAX_BACKOFF = timedelta(hours=6)


def next_check(now: datetime, interval_seconds: int, consecutive_errors: int) -> datetime:
    """The interval after a success; doubling with each consecutive error, capped at MAX_BACKOFF."""
    if consecutive_errors <= 0:
        return now + timedelta(seconds=interval_seconds)
    delay = timedelta(seconds=interval_seconds * 2 ** min(consecutive_errors, 20))
    return now + min(delay, MAX_BACKOFF)


def should_disable(consecutive_errors: int) -> bool:
    return consecutive_errors >= MAX_CONSECUTIVE_ERRORS
