"""The benchmark scripts still run end to end (on a few articles; their figures are not asserted)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("script", "args"),
    [
        ("bench.summaries", ["--articles", "8", "--stories", "10"]),
        ("bench.feeds", ["--entries", "8"]),
        ("bench.delivery", ["--chats", "30", "--throttled", "2"]),
        ("bench.stories", ["--background", "200", "--sizes", "10", "--probe", "10"]),
        ("bench.entities", []),
        ("bench.scale", ["--sizes", "300", "--base", "40", "--queries", "10", "--bot-queries", "2"]),
    ],
)
def test_bench_script_runs(shared_data: Path, script: str, args: list[str]):
    result = subprocess.run(
        [sys.executable, "-m", script, *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("## ") and "|---|" in result.stdout
