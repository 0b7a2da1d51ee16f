"""The database engine: SQLite by default (WAL, foreign keys, busy timeout), PostgreSQL by URL.

`open_database` builds the engine and brings the schema to the newest migration,
so every entry point starts on a current schema.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlmodel import Session

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000
_MIGRATION_LOCK_KEY = 0x6E617368  # "nash": serialises migrations of several processes on PostgreSQL


class DatabaseError(Exception):
    """The database cannot be opened; the message says why in one line."""


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"invalid database URL {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not Path(database).parent.exists():
            raise DatabaseError(f"folder for the SQLite file does not exist: {Path(database).parent}")
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """What autogenerate compares: not the full-text index, which migrations create by hand."""
    if type_ == "table" and name is not None and name.startswith("article_fts"):
        return False
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    if table is not None and table.startswith("procrastinate_"):
        return False  # the job queue's own tables (migration 0012 applies Procrastinate's schema)
    if type_ == "column" and name == "search_vector":
        return False  # PostgreSQL's generated column for full-text search (migration 0008)
    return not (type_ == "index" and name == "ix_article_search")


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "storage:migrations")
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Apply pending migrations; on PostgreSQL an advisory lock keeps concurrent starters in line."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


@cache
def head_revision() -> str:
    """The newest migration's revision, read from the file names (`0010_….py` is revision 0010).

    So that a store already at the head opens without loading Alembic (a third of a command's start-up);
    tests/test_storage.py checks it against Alembic's own view of the scripts.
    """
    versions = resources.files("storage.migrations").joinpath("versions")
    return max(m[1] for entry in versions.iterdir() if (m := _REVISION_FILE.match(entry.name)))


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for a new database."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None  # no alembic_version table yet


def open_database(url: str) -> Engine:
    """An engine on a migrated database, or DatabaseError with a one-line reason."""
    engine = make_engine(url)
    try:
        if current_revision(engine) != head_revision():
            migrate(engine)
    except Exception as exc:  # any driver error at start-up becomes one readable line
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DatabaseError(
            f"cannot open database {engine.url.render_as_string(hide_password=True)}: {reason}"
        ) from exc
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
