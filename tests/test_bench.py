"""The benchmark scripts still run end to end (on a few articles; their figures are not asserted)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("script", ["bench.summaries", "bench.feeds"])
def test_bench_script_runs(shared_data: Path, script: str):
    result = subprocess.run(
        [sys.executable, "-m", script, "--articles", "8"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Nashra" in result.stdout and "|---|" in result.stdout
