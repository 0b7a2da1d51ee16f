"""Shared fixtures: databases on both backends, the ../shared data, the CLI in-process (or as a
real process), and a guard that fails any test reaching beyond this machine."""

from __future__ import annotations

import contextlib
import io
import ipaddress
import os
import socket
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
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}: the PostgreSQL tests (workers, queue, reprocess) are mandatory in CI")
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
    """Runs `nashra` as a user would, in its own working directory and environment.

    In-process by default (`bot.terminal.cli.main(argv)` with stdin, stdout and stderr captured),
    or as a real `python -m bot` process with `real_process=True` (for the wiring itself).
    """

    def __init__(self, workdir: Path, database_url: str, *, real_process: bool = False) -> None:
        self.workdir = workdir
        self.real_process = real_process
        self.env = {"NASHRA_DATABASE_URL": database_url, "NASHRA_PROCESSES": "1"}

    def __call__(self, *args: str, stdin: bytes | None = None, **env: str) -> subprocess.CompletedProcess[str]:
        if self.real_process:
            return subprocess.run(
                [sys.executable, "-m", "bot", *args],
                cwd=self.workdir,
                env={**real_process_env(), **self.env, **env},
                input=stdin.decode("utf-8") if stdin is not None else None,
                capture_output=True,
                text=True,
                timeout=300,
            )
        return self._in_process(list(args), stdin or b"", {**self.env, **env})

    def _in_process(self, args: list[str], stdin: bytes, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        from bot.terminal.cli import main

        saved_env, saved_cwd, saved_stdin = dict(os.environ), Path.cwd(), sys.stdin
        out, err = io.StringIO(), io.StringIO()
        os.environ.clear()
        os.environ.update({**_without_nashra(saved_env), **env})
        os.chdir(self.workdir)
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(args)
                except SystemExit as exit_:  # argparse's errors and --help
                    code = exit_.code if isinstance(exit_.code, int) else 2
        finally:
            os.environ.clear()
            os.environ.update(saved_env)
            os.chdir(saved_cwd)
            sys.stdin = saved_stdin
        return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def real_process_env() -> dict[str, str]:
    """The environment of a real `nashra` process under test: no NASHRA_* of ours, this checkout's code."""
    return {**_without_nashra(os.environ), "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}


def _without_nashra(environ: dict[str, str] | os._Environ[str]) -> dict[str, str]:
    return {k: v for k, v in environ.items() if not k.startswith("NASHRA_")}


@pytest.fixture
def cli(tmp_path: Path, sqlite_url: str) -> CliRunner:
    return CliRunner(tmp_path, sqlite_url)


# --- no network beyond this machine ------------------------------------------------------------

_real_connect = socket.socket.connect


def _is_local(address: object) -> bool:
    if not isinstance(address, tuple):
        return True  # a Unix socket path
    try:
        return ipaddress.ip_address(str(address[0])).is_loopback
    except ValueError:
        return str(address[0]) == "localhost"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test that connects anywhere but loopback, even if the code under test swallows the error."""
    attempts: list[object] = []

    def guarded_connect(self: socket.socket, address: object) -> None:
        if not _is_local(address):
            attempts.append(address)
            raise ConnectionRefusedError(f"tests are offline: connection to {address!r} refused")
        _real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    yield
    if attempts:
        pytest.fail(f"the test tried to reach the network: {attempts}")
