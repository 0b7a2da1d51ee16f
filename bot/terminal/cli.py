"""`nashra` command line (CONTRACT, "Command line"): parse, call an answer or an ingestion pass, render.

Start-up is kept short: this module imports only the standard library, and each command imports
what it needs when it runs (`nashra --help` never loads the database layer; `about` and `search`
never load the NLP models).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.terminal.arguments import build_parser

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger("nashra")

Result = tuple[str, Any] | None  # (what it is, its data): rendered as text or JSON


class CommandError(Exception):
    """A command that cannot be carried out; printed as one line, exit status 1."""


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry URLs with the bot token
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings()
        result = _HANDLERS[args.command](settings, args)
        if result is not None:
            _emit(args, settings, result)
            return _status(args, result)
    except SettingsError as exc:
        print(f"nashra: {exc}", file=sys.stderr)
        return 2
    except CommandError as exc:
        print(f"nashra: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        while _opened:  # a command run in-process (tests, `nashra chat`) leaves no connections behind
            _opened.pop().dispose()
    return 0


_opened: list[Any] = []  # the engines this run opened


def _status(args: argparse.Namespace, result: tuple[str, Any]) -> int:
    """0, or 1 when `ingest` could not take something named on the command line at all (a missing path, a
    .pdf, an unreachable URL): said in one line on stderr; the rest is ingested and reported all the same."""
    kind, data = result
    named = {_as_named(p) for p in getattr(args, "paths", None) or ()}
    failed = [f for f in data["failed"] if _as_named(f["item"]) in named] if kind == "ingest" else []
    if failed:
        reasons = "; ".join(f"{f['item']}: {f['error']}" for f in failed)
        print(f"nashra: not ingested: {reasons}", file=sys.stderr)
    return 1 if failed else 0


def _as_named(item: str) -> str:
    return item if "://" in item else str(Path(item))


def _emit(args: argparse.Namespace, settings: Any, result: tuple[str, Any]) -> None:
    kind, data = result
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    if kind in ("jobs", "reprocess"):  # the operators' views of the queue
        from bot.terminal.jobs_view import print_jobs, print_reprocess

        (print_jobs if kind == "jobs" else print_reprocess)(data, settings.language)
        return
    from bot.terminal.render import print_text

    print_text(kind, data, settings.language, settings.timezone)


def _services(settings: Any) -> Services:
    """The store (migrated, and its entity index complete) with the settings and the clock."""
    from bot.ingest.entities import backfill
    from bot.services import Services
    from storage.engine import DatabaseError, open_database

    try:
        engine = open_database(settings.database_url)
    except DatabaseError as exc:
        raise CommandError(str(exc)) from None
    _opened.append(engine)
    backfill(engine)  # once, for a store that predates the entity index
    return Services(engine, settings)


def _progress() -> Callable[[int, int, str], None] | None:
    from bot.terminal.render import progress_printer

    return progress_printer()


def _cmd_demo(settings: Any, args: argparse.Namespace) -> Result:
    from bot.answers.digest import digest_report
    from bot.ingest.passes import one_pass

    services = _services(settings)
    with resources.as_file(resources.files("digest").joinpath("samples")) as samples:
        report = one_pass(services.engine, settings, [str(samples)], progress=_progress())
    log.info("demo: %s", report.to_json())
    return "digest", digest_report(services.engine, hours=24, now=services.now())


def _cmd_ingest(settings: Any, args: argparse.Namespace) -> Result:
    from bot.ingest.passes import fetch_settings, one_pass

    engine = _services(settings).engine
    if args.once or args.paths:
        return "ingest", one_pass(engine, settings, args.paths, progress=_progress()).to_json()
    logging.getLogger("bot.ingest").setLevel(logging.INFO)  # a worker says what each pass did
    if engine.dialect.name == "postgresql":  # a worker of the job queue, beside any number of others
        from bot.ingest.queue import run_worker

        run_worker(engine, settings, log.warning)
        return None
    from bot.ingest.schedule import run_ingest_forever

    run_ingest_forever(engine, fetch_settings(settings), settings.inbox, log.warning, settings.processes)
    return None


def _cmd_reprocess(settings: Any, args: argparse.Namespace) -> Result:
    from bot.ingest import reprocess
    from storage.queue import has_queue

    engine = _services(settings).engine
    started = reprocess.start(engine, args.what or reprocess.WHAT, args.since)
    if has_queue(engine):  # PostgreSQL: chunks for every worker
        from bot.ingest.queue import queue_reprocess

        mode, chunks = "queued", queue_reprocess(settings, engine, started.run, args.chunk)
    else:
        from bot.terminal.jobs_view import reprocess_bar

        reprocess.run_here(engine, started.run, progress_bar=reprocess_bar(), processes=settings.processes)
        mode, chunks = "in-process", 0
    return "reprocess", {**reprocess.summary(engine, started), "mode": mode, "chunks": chunks}


def _cmd_jobs(settings: Any, args: argparse.Namespace) -> Result:
    from bot.answers.jobs import jobs_report

    return "jobs", jobs_report(_services(settings).engine, errors=args.errors)


def _cmd_digest(settings: Any, args: argparse.Namespace) -> Result:
    from bot.answers.digest import digest_report

    services = _services(settings)
    return "digest", digest_report(services.engine, hours=args.hours, limit=args.limit, now=services.now())


def _cmd_search(settings: Any, args: argparse.Namespace) -> Result:
    from bot.answers.search import search_report

    return "search", search_report(_services(settings).engine, " ".join(args.words), limit=args.limit)


def _cmd_about(settings: Any, args: argparse.Namespace) -> Result:
    from bot.answers.about import about_report

    return "about", about_report(_services(settings).engine, " ".join(args.name))


def _cmd_entities(settings: Any, args: argparse.Namespace) -> Result:
    from bot.answers.about import top_entities

    return "entities", top_entities(_services(settings).engine, args.top)


def _cmd_analyze(settings: Any, args: argparse.Namespace) -> Result:
    from bot.answers.analyze import analyze_text
    from digest.sources.decode import DecodeError, decode_bytes

    if args.path == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(args.path).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {args.path}: {exc.strerror or exc}") from None
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        raise CommandError(f"{args.path}: {exc}") from None
    return "analyze", analyze_text(text, is_html=args.path.lower().endswith((".html", ".htm")))


def _cmd_sources(settings: Any, args: argparse.Namespace) -> Result:
    from bot.answers import sources

    engine = _services(settings).engine
    try:
        return _sources_action(settings, args, engine)
    except sources.SourceError as exc:
        from bot.messages import say

        raise CommandError(say(exc.key, settings.language, **exc.values)) from None


def _sources_action(settings: Any, args: argparse.Namespace, engine: Any) -> Result:
    from bot.answers import sources
    from storage.models import SourceKind

    if args.sources_command == "list":
        return "sources", sources.list_sources(engine)
    if args.sources_command == "add":
        kind = SourceKind(args.kind) if args.kind else None
        return "source_added", sources.add_source(
            engine,
            args.location,
            name=args.name,
            kind=kind,
            poll_interval=settings.ingest_interval,
            allow_private=settings.allow_private_urls,
        )
    if args.sources_command == "import":
        try:
            text = Path(args.opml).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {args.opml}: {exc}") from None
        return "imported", sources.import_opml(
            engine, text, poll_interval=settings.ingest_interval, allow_private=settings.allow_private_urls
        )
    if args.sources_command == "export":
        sys.stdout.write(sources.export_opml(engine) + "\n")
        return None
    return "source_removed", sources.remove_source(engine, args.source_id)


def _cmd_bot(settings: Any, args: argparse.Namespace) -> Result:
    from bot.settings import SettingsError

    if settings.telegram_token is None:
        raise SettingsError("NASHRA_TELEGRAM_TOKEN is not set (needed by `nashra bot`)")
    from bot.telegram.app import BotApiUnavailable, check_bot_api, run_bot

    try:
        check_bot_api(settings)  # a bad token or an unreachable API: one line, before anything starts
    except BotApiUnavailable as exc:
        raise CommandError(str(exc)) from None
    logging.getLogger().setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    run_bot(_services(settings))
    return None


def _cmd_alias(settings: Any, args: argparse.Namespace) -> Result:
    from bot.answers.chats import CommandRefused, add_alias, list_aliases

    engine = _services(settings).engine
    if args.words:
        try:
            add_alias(engine, 0, " ".join(args.words))  # 0: the operator at the terminal
        except CommandRefused:
            raise CommandError("usage: nashra alias NAME = VARIANT") from None
    return "aliases", list_aliases(engine)


def _cmd_health(settings: Any, args: argparse.Namespace) -> Result:
    from bot.answers.health import health_report

    return "health", health_report(_services(settings).engine)


def _cmd_chat(settings: Any, args: argparse.Namespace) -> Result:
    from bot.terminal.chat import run_chat

    run_chat(_services(settings), language=settings.language)
    return None


_HANDLERS: dict[str, Callable[[Any, argparse.Namespace], Result]] = {
    "bot": _cmd_bot,
    "chat": _cmd_chat,
    "health": _cmd_health,
    "alias": _cmd_alias,
    "demo": _cmd_demo,
    "ingest": _cmd_ingest,
    "reprocess": _cmd_reprocess,
    "jobs": _cmd_jobs,
    "digest": _cmd_digest,
    "search": _cmd_search,
    "analyze": _cmd_analyze,
    "about": _cmd_about,
    "entities": _cmd_entities,
    "sources": _cmd_sources,
}
