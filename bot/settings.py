"""One validated settings object, read from the environment or `.env` (CONTRACT, "Configuration")."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class SettingsError(Exception):
    """A bad configuration value; the message is one line naming the variable."""


class Settings(BaseSettings):
    """Everything Nashra reads from its environment, checked when built."""

    model_config = SettingsConfigDict(
        env_prefix="NASHRA_", env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    database_url: str = "sqlite:///nashra.db"
    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    inbox: Path = Path("./inbox")
    timezone: str = "UTC"
    language: str = "ar"  # of the command line's text output (the bot follows each user's Telegram language)
    digest_time: str = "08:00"
    ingest_interval: int = Field(default=300, gt=0)
    processes: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)  # NLP worker processes per pass
    bot_ingests: bool = True  # false when separate `nashra ingest` workers do it
    # PostgreSQL ingest workers (the job queue): how often due sources are looked for and stalled jobs
    # put back (seconds, a divisor of 60), how often a worker says it is alive (one silent for three
    # beats is taken for dead and its jobs run again elsewhere), and how many jobs one worker runs at once.
    queue_tick: int = Field(default=10, ge=1, le=60)
    worker_heartbeat: float = Field(default=10.0, ge=0.2, le=600)
    worker_concurrency: int = Field(default=1, ge=1, le=32)
    allow_private_urls: bool = False
    # Politeness: seconds between two requests to the same host (0 for a local double or a site of your own).
    host_interval: float = Field(default=1.0, ge=0, le=60)
    # Webhook mode instead of long polling when a public URL is set.
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, gt=0, lt=65536)
    webhook_secret: SecretStr | None = None

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql")):
            raise ValueError("must be a sqlite:/// or postgresql+psycopg:// URL")
        return value

    @field_validator("telegram_token", mode="before")
    @classmethod
    def _token_without_spaces(cls, value: object) -> object:
        return value.strip() or None if isinstance(value, str) else value  # a token pasted with its newline

    @field_validator("queue_tick")
    @classmethod
    def _divides_a_minute(cls, value: int) -> int:
        if 60 % value:
            raise ValueError(f"must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60), got {value}")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("must be the public http(s) URL Telegram posts updates to")
        return value or None

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _comma_separated_ids(cls, value: object) -> tuple[int, ...]:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not all(re.fullmatch(r"-?\d+", p) for p in parts):
                raise ValueError("must be comma-separated numeric Telegram user ids")
            return tuple(int(p) for p in parts)
        return tuple(value)  # type: ignore[arg-type]

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in ("ar", "en"):
            raise ValueError("must be ar or en")
        return value

    @field_validator("timezone")
    @classmethod
    def _iana_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r}") from exc
        return value

    @field_validator("digest_time")
    @classmethod
    def _hh_mm(cls, value: str) -> str:
        if not _HHMM.match(value):
            raise ValueError(f"must be HH:MM (24-hour), got {value!r}")
        return value


def load_settings(**overrides: object) -> Settings:
    """Build the settings, turning a validation failure into one line that names the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "?"
        message = str(error["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"invalid NASHRA_{field.upper()}: {message}") from None
