"""What a command needs to do its work, passed to it as one typed object: the store, the settings, a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from bot.settings import Settings


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Services:
    engine: Engine
    settings: Settings
    now: Callable[[], datetime] = field(default=utc_now)  # tests pass a fixed clock
