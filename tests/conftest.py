"""Shared fixtures: databases on both backends, the ../shared data, the CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from storage.engine import open_database

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PG_SERVER = os.environ.get("NASHRA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data; tests that need it skip on a user's clone and are mandatory when CI=true."""
    data = SHARED / "data"
    if not data.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {data} is missing: the shared data is mandatory in CI")
        pytest.skip(f"{data} not present (it sits beside the checkout only for the developers and CI)")
    return data


@pytest.fixture(scope="session")
def seeds(shared_data: Path) -> Path:
    return shared_data / "seeds"


def _postgres_available() -> str | None:
    try:
        engine = create_engine(PG_SERVER, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        return f"no PostgreSQL server answers at {PG_SERVER}: {str(exc).splitlines()[0]}"
    return None


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A URL on a private, freshly created schema of the test server, dropped afterwards."""
    reason = _postgres_available()
    if reason:
        pytest.skip(reason)
    schema = f"nashra_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_SERVER)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    yield f"{PG_SERVER}?options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'nashra.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each test using it runs on SQLite and on PostgreSQL (a fresh schema per test)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'nashra.db'}"
        return
    request.getfixturevalue("postgres_url")  # skips when no server answers
    with _fresh_schema() as url:
        yield url


@pytest.fixture
def fresh_postgres_url(postgres_url: str) -> Iterator[str]:
    """A URL on an empty schema of its own (the session's `postgres_url` is shared by many tests)."""
    with _fresh_schema() as url:
        yield url


@contextmanager
def _fresh_schema() -> Iterator[str]:
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_SERVER)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{PG_SERVER}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_database(database_url)
    yield engine
    engine.dispose()


class CliRunner:
    """Runs the real `nashra` entry point in a subprocess, in its own working directory."""

    def __init__(self, workdir: Path, database_url: str) -> None:
        self.workdir = workdir
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("NASHRA_")},
            "NASHRA_DATABASE_URL": database_url,
            "PYTHONIOENCODING": "utf-8",
        }

    def __call__(self, *args: str, stdin: bytes | None = None, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=self.workdir,
            env={**self.env, **env},
            input=stdin.decode("utf-8") if stdin is not None else None,
            capture_output=True,
            text=True,
            timeout=300,
        )


@pytest.fixture
def cli(tmp_path: Path, sqlite_url: str) -> CliRunner:
    return CliRunner(tmp_path, sqlite_url)
