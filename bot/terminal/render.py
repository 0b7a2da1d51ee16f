"""Text output of the command line, in one language (NASHRA_LANGUAGE, Arabic by default).

Digests, cards, search hits and sources are the blocks the bot sends (`bot.views`) shown as text,
so the terminal and Telegram say the same; the rest (entities, aliases, health, analyze) is here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO

from bot import views
from bot.messages import count, say


def print_text(kind: str, data: Any, language: str = "ar", zone: str = "UTC", out: TextIO | None = None) -> None:
    blocks = _RENDERERS[kind](data, language, zone)
    (out or sys.stdout).write("\n\n".join(views.as_text(b) for b in blocks) + "\n")


def _entities(rows: list[dict[str, Any]], language: str, _zone: str) -> list[str]:
    separator = "، " if language == "ar" else ", "
    lines = []
    for number, row in enumerate(rows, start=1):
        aliases = f" ({separator.join(row['aliases'])})" if row["aliases"] else ""
        kind = say(f"kind_{row['kind']}", language)
        mentions = count("n_articles", language, row["mentions"])
        lines.append(views.escape(f"{number:>3}. {row['name']} [{kind}] — {mentions}{aliases}"))
    return ["\n".join(lines)] if lines else [say("no_results", language)]


def _aliases(aliases: list[dict[str, str]], language: str, _zone: str) -> list[str]:
    if not aliases:
        return [say("aliases_none", language)]
    return [views.escape("\n".join(f"{a['variant']} ← {a['canonical']}" for a in aliases))]


def _health(health: dict[str, Any], language: str, zone: str) -> list[str]:
    sources = health["sources"]
    fetched = health["last_fetched_at"]
    last = views.when(fetched, language, zone) if fetched else say("never", language)
    separator = "، " if language == "ar" else ", "
    return [
        say("health_ok", language, database=health["database"], schema=health["schema"], last=last),
        separator.join(
            [
                count("n_articles", language, health["articles"]),
                count("n_stories", language, health["stories"]),
                count("n_sources_active", language, sources["active"]),
                count("n_errors", language, sources["failing"]) if sources["failing"] else "",
            ]
        ).strip(separator),
    ]


def _source_added(source: dict[str, Any], language: str, zone: str) -> list[str]:
    said = views.message("source_added", language, id=source["id"], name=source["name"])
    return [said, *views.source_blocks([source], language, zone)]


def _source_removed(source: dict[str, Any], language: str, _zone: str) -> list[str]:
    return [views.message("source_removed", language, id=source["id"], name=source["name"]), source["location"]]


def _imported(data: dict[str, Any], language: str, zone: str) -> list[str]:
    blocks = [count("n_feeds_added", language, len(data["added"]))]
    blocks += views.source_blocks(data["added"], language, zone) if data["added"] else []
    blocks += [
        views.message("ingest_failed_item", language, item=s["item"], error=say(s["key"], language, location=s["item"]))
        for s in data["skipped"]
    ]
    return blocks


def _analyze(data: dict[str, Any], language: str, _zone: str) -> list[str]:
    blocks = [f"<b>{views.escape(data['title'])}</b>"]
    summary = "\n".join(f"• {views.escape(s)}" for s in data["summary"])
    blocks.append(f"<b>{say('analyze_summary', language)}</b>\n{summary}")
    numbered = "\n".join(f"{n:>3}. {views.escape(s)}" for n, s in enumerate(data["sentences"], start=1))
    blocks.append(f"<b>{say('analyze_sentences', language)}</b> ({len(data['sentences'])})\n{numbered}")
    if data["entities"]:
        names = "\n".join(
            f"{say('kind_' + e['kind'], language)}: {views.escape(e['text'])} ({e['start']}–{e['end']})"
            for e in data["entities"]
        )
        blocks.append(f"<b>{say('analyze_entities', language)}</b>\n{names}")
    return blocks


_RENDERERS: dict[str, Callable[[Any, str, str], list[str]]] = {
    "digest": lambda data, language, zone: views.digest_blocks(data, language, zone),
    "search": lambda data, language, _zone: views.search_blocks(data, language),
    "about": lambda data, language, zone: views.about_blocks(data, language, zone),
    "sources": lambda data, language, zone: (
        views.source_blocks(data, language, zone) if data else [views.message("no_sources_terminal", language)]
    ),
    "ingest": lambda data, language, _zone: views.ingest_blocks(data, language),
    "entities": _entities,
    "aliases": _aliases,
    "health": _health,
    "source_added": _source_added,
    "source_removed": _source_removed,
    "imported": _imported,
    "analyze": _analyze,
}


def progress_printer() -> Callable[[int, int, str], None] | None:
    """A progress bar on stderr for long passes, when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

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
