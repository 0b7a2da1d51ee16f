"""Start-up: how long the commands a user runs most take, against `python -c "import sqlmodel"` in the same run.

    .venv/bin/python -m bench.startup [--repeats 7]

Each command is a fresh `python -m bot …` process on a small existing store (the bundled samples,
ingested once before timing). The runs are interleaved round by round with the baseline, so the
machine's noise falls on all of them alike; the table gives medians and each median's ratio to the
baseline's. `nashra chat` is timed until its prompt appears on a terminal (a pseudo-terminal here).
Targets (issue #14): `--help` ≤ 1×; `about`, `search`, `digest`, `health` ≤ 2×; chat's prompt ≤ 2 s.
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import markdown_table

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ("baseline: python -c 'import sqlmodel'", [sys.executable, "-c", "import sqlmodel"])
COMMANDS = [
    ("nashra --help", ["--help"], 1.0),
    ("nashra health", ["health"], 2.0),
    ("nashra about الهلال", ["about", "الهلال"], 2.0),
    ("nashra search جدة", ["search", "جدة"], 2.0),
    ("nashra digest", ["digest"], 2.0),
]


def _environment(store: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("NASHRA_")},
        "NASHRA_DATABASE_URL": f"sqlite:///{store / 'nashra.db'}",
        "NASHRA_INBOX": str(store / "inbox"),
        "PYTHONPATH": str(ROOT),
    }


def _seconds(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def chat_prompt_seconds(env: dict[str, str], cwd: Path, timeout: float = 60.0) -> float:
    """Seconds from starting `nashra chat` on a terminal until its prompt is written."""
    main, child = pty.openpty()
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat"], env=env, cwd=cwd, stdin=child, stdout=child, stderr=child
    )
    os.close(child)
    seen = b""
    try:
        while b"> " not in seen:
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"no prompt within {timeout} s: {seen[-200:]!r}")
            ready, _, _ = select.select([main], [], [], 0.05)
            if ready:
                seen += os.read(main, 4096)
        return time.perf_counter() - start
    finally:
        os.write(main, b"\x04")  # Ctrl-D: the chat ends
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        os.close(main)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder)
        env = _environment(store)
        bot = [sys.executable, "-m", "bot"]
        subprocess.run(
            [*bot, "ingest", "--once", str(ROOT / "digest" / "samples")],
            env=env,
            cwd=store,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        times: dict[str, list[float]] = {BASELINE[0]: [], "nashra chat (until its prompt)": []}
        times.update({label: [] for label, _, _ in COMMANDS})
        for _ in range(args.repeats):
            times[BASELINE[0]].append(_seconds(BASELINE[1], env, store))
            for label, argv, _ in COMMANDS:
                times[label].append(_seconds([*bot, *argv], env, store))
            times["nashra chat (until its prompt)"].append(chat_prompt_seconds(env, store))
    base = statistics.median(times[BASELINE[0]])
    targets = {label: f"≤ {limit:g}×" for label, _, limit in COMMANDS} | {"nashra chat (until its prompt)": "≤ 2 s"}
    rows = []
    for label, runs in times.items():
        median = statistics.median(runs)
        target = targets.get(label, "")
        met = ""
        if target.endswith("×"):
            met = "met" if median / base <= float(target[2:-1]) else "not met"
        elif target:
            met = "met" if median <= 2.0 else "not met"
        rows.append([label, f"{median:.2f}", f"{min(runs):.2f}", f"{median / base:.2f}×", target, met])
    print(f"## Start-up ({args.repeats} runs each, interleaved; medians)\n")
    print(markdown_table(["command", "median s", "best s", "× baseline", "target", ""], rows))


if __name__ == "__main__":
    main()
