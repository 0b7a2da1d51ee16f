"""Text views of the job queue and of reprocessing for operators (`nashra jobs`, `nashra reprocess`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO

_LABELS = {
    "ar": {
        "no_queue": "لا طابور مهام: قاعدة SQLite تستقبل بعملية واحدة (APScheduler) وتعيد المعالجة في العملية نفسها.",
        "jobs": "المهام",
        "queue": "الطابور",
        "task": "المهمة",
        "todo": "تنتظر",
        "doing": "تعمل",
        "failed": "فشلت",
        "succeeded": "نجحت",
        "workers": "العمّال",
        "none": "لا شيء",
        "heartbeat": "آخر نبضة",
        "errors": "آخر الأخطاء",
        "runs": "إعادة المعالجة",
        "run": "الدفعة",
        "step": "المرحلة",
        "queued": "وُضعت {chunks} قطعة في الطابور يتقاسمها العمّال؛ تابعها بـ nashra jobs.",
        "in_process": "تمت في هذه العملية.",
        "resumed": "استئناف دفعة لم تكتمل.",
    },
    "en": {
        "no_queue": "No job queue: a SQLite store ingests in one process (APScheduler) and reprocesses in-process.",
        "jobs": "Jobs",
        "queue": "queue",
        "task": "task",
        "todo": "todo",
        "doing": "doing",
        "failed": "failed",
        "succeeded": "succeeded",
        "workers": "Workers",
        "none": "none",
        "heartbeat": "last heartbeat",
        "errors": "Last errors",
        "runs": "Reprocessing",
        "run": "run",
        "step": "step",
        "queued": "{chunks} chunks queued for the workers to share; follow them with nashra jobs.",
        "in_process": "Done in this process.",
        "resumed": "Resuming an unfinished run.",
    },
}


def print_jobs(data: dict[str, Any], language: str = "ar", out: TextIO | None = None) -> None:
    say = _LABELS[language]
    lines: list[str] = []
    if not data["queue"]:
        lines.append(say["no_queue"])
    else:
        lines.append(f"{say['jobs']}:")
        header = (say["queue"], say["task"], say["todo"], say["doing"], say["failed"], say["succeeded"])
        rows = [header] + [
            (j["queue"], j["task"], str(j["todo"]), str(j["doing"]), str(j["failed"]), str(j["succeeded"]))
            for j in data["jobs"]
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        lines += ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
        lines.append(f"{say['workers']}: {len(data['workers']) or say['none']}")
        lines += [
            f"  #{w['id']}  {say['heartbeat']} {w['last_heartbeat']}  {say['doing']} {w['doing']}"
            for w in data["workers"]
        ]
        lines.append(f"{say['errors']}: {'' if data['errors'] else say['none']}")
        lines += [f"  {e['at']}  {e['task']} #{e['job_id']} ({e['attempt']})  {e['error']}" for e in data["errors"]]
    if data["reprocess"]:
        lines.append(f"{say['runs']}:")
        lines += [_run_line(run, say) for run in data["reprocess"]]
    (out or sys.stdout).write("\n".join(lines) + "\n")


def _run_line(run: dict[str, Any], say: dict[str, str]) -> str:
    since = f" ≥ {run['since']}" if run.get("since") else ""
    done = f"nlp {run['nlp_done']}/{run['total']}"
    if "stories" in run["what"]:
        done += f", stories {run['stories_done']}/{run['total']}"
    return f"  {say['run']} #{run['run']} ({','.join(run['what'])}{since})  {say['step']}: {run['step']}  {done}"


def print_reprocess(data: dict[str, Any], language: str = "ar", out: TextIO | None = None) -> None:
    say = _LABELS[language]
    lines = [say["resumed"]] if data["resumed"] else []
    since = f" ≥ {data['since']}" if data["since"] else ""
    lines.append(
        f"{say['run']} #{data['run']} ({','.join(data['what'])}{since}): {data['total']}  {say['step']}: {data['step']}"
    )
    lines.append(say["queued"].format(chunks=data["chunks"]) if data["mode"] == "queued" else say["in_process"])
    (out or sys.stdout).write("\n".join(lines) + "\n")


def reprocess_bar() -> Callable[[int, int], None] | None:
    """A progress bar on stderr while reprocessing in this process, when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("reprocess"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("reprocess", total=None)
    bar.start()

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)
        if done >= total:
            bar.stop()

    return update
