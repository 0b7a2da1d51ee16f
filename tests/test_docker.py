"""The Dockerfile, checked without a Docker engine.

- Always: the image's instructions (user, volumes, healthcheck, default command), and the package as
  the image installs it — a built wheel, not this checkout — runs its healthcheck and a demo.
- With NASHRA_TEST_INSTALL=1: the Dockerfile's install RUN line itself in a fresh virtual environment
  (the build context rebuilt from its COPY lines, /opt/nashra pointed at a temporary folder). That
  takes minutes of installing, and `scripts/setup.sh` (which CI runs) goes through the same
  `scripts/install.sh`, so CI leaves it out.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from storage.engine import head_revision

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    logical, current = [], ""
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        current += line.rstrip("\\").strip() + " "
        if not line.endswith("\\"):
            logical.append(current.strip())
            current = ""
    return [(text.split(maxsplit=1)[0].upper(), text.split(maxsplit=1)[1]) for text in logical]


def _exec_form(arguments: str) -> list[str]:
    return json.loads(arguments.removeprefix("CMD").strip())


def test_the_image_runs_as_a_user_with_volumes_a_healthcheck_and_the_bot_by_default():
    instructions = _instructions()
    kinds = [kind for kind, _ in instructions]
    assert instructions[0] == ("FROM", "python:3.11-slim")
    user = dict(instructions)["USER"]
    assert user not in ("root", "0") and kinds.index("USER") > kinds.index("RUN")
    volumes = json.loads(dict(instructions)["VOLUME"])
    env = dict(instructions)["ENV"]
    assert "/data" in volumes and "/inbox" in volumes
    assert "NASHRA_DATABASE_URL=sqlite:////data/nashra.db" in env and "NASHRA_INBOX=/inbox" in env
    assert _exec_form(dict(instructions)["CMD"]) == ["nashra", "bot"]
    assert "nashra" in dict(instructions)["HEALTHCHECK"]
    assert "torch" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("[project.optional")[0]


def test_the_built_package_holds_everything_it_needs_to_run(tmp_path: Path):
    """The wheel the image installs (no editable checkout behind it) answers its healthcheck and runs a demo."""
    source = tmp_path / "source"  # built from a copy: setuptools leaves build/ behind in the tree it builds
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("bot", "digest", "storage"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), "."],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("nashra-*.whl")
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NASHRA_")},
        "PYTHONPATH": str(installed),  # the wheel's packages, found before any checkout
        "NASHRA_DATABASE_URL": f"sqlite:///{tmp_path / 'nashra.db'}",
        "NASHRA_INBOX": str(tmp_path / "inbox"),
        "NASHRA_PROCESSES": "1",
        "PYTHONIOENCODING": "utf-8",
    }
    run = [sys.executable, "-c", "import sys; from bot.terminal.cli import main; sys.exit(main())"]
    where = subprocess.run(
        [*run[:2], "import bot; print(bot.__file__)"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert where.stdout.startswith(str(installed)), where.stdout + where.stderr
    health = subprocess.run([*run, "health"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert health.returncode == 0 and head_revision() in health.stdout, health.stderr
    demo = subprocess.run([*run, "demo", "--format", "json"], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert demo.returncode == 0, demo.stderr
    assert json.loads(demo.stdout)["stories"]


@pytest.mark.skipif(
    os.environ.get("NASHRA_TEST_INSTALL") != "1",
    reason="installs the whole package into a fresh virtual environment (minutes): set NASHRA_TEST_INSTALL=1",
)
def test_the_dockerfile_install_step_works_in_a_fresh_environment(tmp_path: Path):
    instructions = _instructions()
    context = tmp_path / "context"
    context.mkdir()
    for kind, arguments in instructions:
        if kind == "COPY":
            *sources, target = arguments.split()
            for source in sources:
                into = context / target / source if target.endswith("/") else context / target
                if (ROOT / source).is_dir():
                    shutil.copytree(ROOT / source, into, ignore=shutil.ignore_patterns("__pycache__"))
                else:
                    into.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(ROOT / source, into)
    [install] = [args for kind, args in instructions if kind == "RUN" and "install.sh" in args]
    venv = tmp_path / "opt-nashra"
    step = subprocess.run(
        ["bash", "-c", install.replace("/opt/nashra", shlex.quote(str(venv)))],
        cwd=context,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert step.returncode == 0, step.stderr[-3000:]
    assert not (venv / "bin" / "pytest").exists()  # a runtime image, no test tools
    torch = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import torch; print(torch.__version__)"], capture_output=True, text=True
    )
    assert "+cpu" in torch.stdout, torch.stdout + torch.stderr

    data = tmp_path / "data"
    data.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "NASHRA_DATABASE_URL": f"sqlite:///{data / 'nashra.db'}",
        "NASHRA_INBOX": str(tmp_path / "inbox"),
        "PYTHONIOENCODING": "utf-8",
    }
    healthcheck = dict(instructions)["HEALTHCHECK"].split(" CMD ", 1)[1]
    health = subprocess.run(json.loads(healthcheck), env=env, cwd=tmp_path, capture_output=True, text=True)
    assert health.returncode == 0 and "schema" in health.stdout, health.stderr
    demo = subprocess.run(
        ["nashra", "demo", "--format", "json"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert demo.returncode == 0, demo.stderr
    assert json.loads(demo.stdout)["stories"]
