"""Text output for the terminal with rich: digests, search hits, sources, ingest reports."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def print_text(kind: str, data: Any) -> None:
    _RENDERERS[kind](_console(), data)


def _digest(console: Console, data: dict[str, Any]) -> None:
    stories = data["stories"]
    console.print(f"[bold]نشرة — آخر {data['hours']} ساعة[/bold]  ({len(stories)} stories)\n")
    if not stories:
        console.print("لا أخبار جديدة في هذه الفترة. / Nothing new in this period.")
    for number, story in enumerate(stories, start=1):
        console.print(f"[bold]{number}. {story['title']}[/bold]")
        for sentence in story["summary"]:
            console.print(f"   • {sentence}")
        outlets = sorted({a["source"] for a in story["articles"]})
        copies = sum(1 for a in story["articles"] if a.get("duplicate_of"))
        republished = f" ({copies} republished)" if copies else ""
        console.print(f"   [dim]{len(story['articles'])} articles{republished} — {'، '.join(outlets)}[/dim]")
        if story.get("entities"):
            console.print(f"   [dim]{'، '.join(story['entities'])}[/dim]")
        console.print()


def _search(console: Console, hits: list[dict[str, Any]]) -> None:
    if not hits:
        console.print("لا نتائج. / No results.")
    for hit in hits:
        console.print(f"[bold]{hit['title']}[/bold]  [dim]#{hit['article_id']} {hit['source']}[/dim]")
        console.print(f"   {hit['snippet']}\n")


def _ingest(console: Console, report: dict[str, Any]) -> None:
    console.print(
        f"seen {report['seen']}, ingested {report['ingested']}, duplicates {report['duplicates']}, "
        f"failed {len(report['failed'])}"
    )
    for failure in report["failed"]:
        console.print(f"  [red]✗[/red] {failure['item']}: {failure['error']}")


def _aliases(console: Console, aliases: list[dict[str, str]]) -> None:
    if not aliases:
        console.print("No aliases yet: `nashra alias NAME = VARIANT`.")
    for alias in aliases:
        console.print(f"{alias['variant']} → {alias['canonical']}")


def _health(console: Console, health: dict[str, Any]) -> None:
    sources = health["sources"]
    console.print(
        f"ok: {health['database']} at schema {health['schema']}, {health['articles']} articles, "
        f"{health['stories']} stories, last fetched {health['last_fetched_at'] or 'never'}; sources "
        f"{sources['active']} active ({sources['failing']} failing, {sources['leased']} being read), "
        f"{sources['disabled']} disabled"
    )


def _sources(console: Console, sources: list[dict[str, Any]]) -> None:
    if not sources:
        console.print("No sources yet: `nashra sources add PATH_OR_URL`.")
        return
    for s in sources:
        healthy = s["error_count"] == 0 and s["state"] == "active"
        mark = "[green]●[/green]" if healthy else "[red]●[/red]"
        console.print(f"{mark} #{s['id']} {s['name']} ({s['kind']}, {s['state']}) {s['location']}")
        if s["error_count"]:
            console.print(f"    {s['error_count']} consecutive errors; last: {s['last_error']}")
        if s["last_success_at"] or s["next_check_at"]:
            last = (s["last_success_at"] or "never")[:16]
            console.print(f"    last success {last}; next check {(s['next_check_at'] or 'now')[:16]}")


def _source(console: Console, source: dict[str, Any]) -> None:
    console.print(f"#{source['id']} {source['name']} ({source['kind']}): {source['location']}")


def _analyze(console: Console, data: dict[str, Any]) -> None:
    console.print(f"[bold]{data['title']}[/bold]\n")
    console.print("[bold]Summary[/bold]")
    for sentence in data["summary"]:
        console.print(f"   • {sentence}")
    console.print(f"\n[bold]Sentences[/bold] ({len(data['sentences'])})")
    for number, sentence in enumerate(data["sentences"], start=1):
        console.print(f"  {number:>3}. {sentence}")
    if data["entities"]:
        console.print("\n[bold]Entities[/bold]")
        for e in data["entities"]:
            console.print(f"   {e['kind']:<4} {e['text']}  [dim]{e['start']}–{e['end']}[/dim]")


def _imported(console: Console, data: dict[str, Any]) -> None:
    console.print(f"added {len(data['added'])} feeds")
    for source in data["added"]:
        _source(console, source)
    for skipped in data["skipped"]:
        console.print(f"  [yellow]skipped[/yellow] {skipped['item']}: {skipped['error']}")


def _about(console: Console, card: dict[str, Any]) -> None:
    from bot.chat import plain
    from bot.telegram.render import render_about

    for message in render_about(card, "ar"):
        console.print(plain(message), markup=False)


def _entities(console: Console, rows: list[dict[str, Any]]) -> None:
    for number, row in enumerate(rows, start=1):
        aliases = f"  ({'، '.join(row['aliases'])})" if row["aliases"] else ""
        console.print(f"{number:>3}. {row['name']} [{row['kind']}] — {row['mentions']}{aliases}", markup=False)


_RENDERERS: dict[str, Callable[[Console, Any], None]] = {
    "about": _about,
    "entities": _entities,
    "imported": _imported,
    "digest": _digest,
    "search": _search,
    "ingest": _ingest,
    "health": _health,
    "aliases": _aliases,
    "sources": _sources,
    "source": _source,
    "analyze": _analyze,
}


def progress_printer() -> Callable[[int, int, str], None] | None:
    """A progress bar on stderr for long passes, when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    progress = Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("ingest", total=None)

    def update(done: int, total: int, _item: str) -> None:
        if done == 1:
            progress.start()
        progress.update(task, completed=done, total=total)
        if done == total:
            progress.stop()

    return update
