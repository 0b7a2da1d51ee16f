"""`nashra` command line (CONTRACT, "Command line"): parse, call a report function, render."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from bot import render
from bot.analyze import analyze_text
from bot.passes import fetch_settings, one_pass
from bot.reports import (
    SourceError,
    add_source,
    digest_report,
    export_opml,
    import_opml,
    list_sources,
    remove_source,
    search_report,
)
from bot.settings import Settings, SettingsError, load_settings
from digest.sources.decode import DecodeError, decode_bytes
from storage.engine import DatabaseError, open_database
from storage.models import SourceKind

log = logging.getLogger("nashra")


class CommandError(Exception):
    """A command that cannot be carried out; printed as one line, exit status 1."""


class _IntermixedParser(argparse.ArgumentParser):
    """Lets options come before or after positional arguments in every subcommand."""

    _intermixing = False

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[no-untyped-def,override]
        if self._intermixing or self._subparsers is not None:
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return super().parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    common.add_argument("-v", "--verbose", action="store_true", help="log progress details to stderr")

    parser = argparse.ArgumentParser(prog="nashra", description="Arabic news in, short daily digests out.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_IntermixedParser)

    commands.add_parser("demo", parents=[common], help="ingest the bundled sample articles and print the digest")

    ingest = commands.add_parser("ingest", parents=[common], help="one pass over the sources, or the paths given")
    ingest.add_argument("--once", action="store_true", help="run one pass and exit (default: keep running)")
    ingest.add_argument("paths", nargs="*", metavar="PATH_OR_URL", help="files, folders, feeds or pages to ingest once")

    digest = commands.add_parser("digest", parents=[common], help="the digest of the last N hours")
    digest.add_argument("--hours", type=_positive_int, default=24)
    digest.add_argument("--limit", type=_positive_int, default=10)

    search = commands.add_parser("search", parents=[common], help="full-text search over articles")
    search.add_argument("words", nargs="+", metavar="WORD")
    search.add_argument("--limit", type=_positive_int, default=20)

    about = commands.add_parser("about", parents=[common], help="what the store knows about an entity")
    about.add_argument("name", nargs="+", metavar="ENTITY")

    entities = commands.add_parser("entities", parents=[common], help="the most mentioned entities")
    entities.add_argument("--top", type=_positive_int, default=20)

    alias = commands.add_parser("alias", parents=[common], help="read VARIANT as NAME (no argument: list the aliases)")
    alias.add_argument("words", nargs="*", metavar="NAME = VARIANT")

    analyze = commands.add_parser("analyze", parents=[common], help="what Nashra sees in one document")
    analyze.add_argument("path", metavar="PATH|-")

    commands.add_parser("bot", parents=[common], help="the Telegram bot with its scheduler (long polling)")
    commands.add_parser("chat", parents=[common], help="the bot's commands in this terminal, no Telegram needed")
    commands.add_parser("health", parents=[common], help="is the database reachable and current (exit 1 if not)")

    sources = commands.add_parser("sources", help="list, add and remove sources")
    sources_commands = sources.add_subparsers(
        dest="sources_command", required=True, metavar="ACTION", parser_class=_IntermixedParser
    )
    sources_commands.add_parser("list", parents=[common], help="sources with their health")
    add = sources_commands.add_parser("add", parents=[common], help="add a folder source")
    add.add_argument("location", metavar="PATH_OR_URL")
    add.add_argument("--name")
    add.add_argument("--kind", choices=("feed", "page"), help="for a URL: feed or web page (guessed otherwise)")
    opml_in = sources_commands.add_parser("import", parents=[common], help="add the feeds of an OPML file")
    opml_in.add_argument("opml", metavar="FILE.opml")
    sources_commands.add_parser("export", help="print the feed sources as OPML")
    remove = sources_commands.add_parser("remove", parents=[common], help="remove a source (its articles stay)")
    remove.add_argument("source_id", type=int, metavar="ID")
    return parser


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise argparse.ArgumentTypeError("must be a positive whole number")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry URLs with the bot token
    try:
        settings = load_settings()
        handler = _HANDLERS[args.command]
        result = handler(settings, args)
    except (SettingsError, DatabaseError, CommandError, SourceError) as exc:
        print(f"nashra: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, SettingsError) else 1
    except KeyboardInterrupt:
        return 130
    if result is not None:
        _emit(args, result)
    return 0


def _emit(args: argparse.Namespace, result: tuple[str, Any]) -> None:
    kind, data = result
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        render.print_text(kind, data)


def _database(settings: Settings) -> Engine:
    from bot.entity_store import backfill

    engine = open_database(settings.database_url)
    backfill(engine)  # once, for a store that predates the entity index
    return engine


def _cmd_demo(settings: Settings, args: argparse.Namespace) -> tuple[str, Any]:
    engine = _database(settings)
    with resources.as_file(resources.files("digest").joinpath("samples")) as samples:
        report = one_pass(engine, settings, [str(samples)], progress=render.progress_printer())
    log.info("demo: %s", report.to_json())
    return "digest", digest_report(engine, hours=24)


def _cmd_ingest(settings: Settings, args: argparse.Namespace) -> tuple[str, Any] | None:
    engine = _database(settings)
    if args.once or args.paths:
        return "ingest", one_pass(engine, settings, args.paths, progress=render.progress_printer()).to_json()
    from bot.schedule import run_ingest_forever

    run_ingest_forever(engine, fetch_settings(settings), settings.inbox, log.warning, settings.processes)
    return None


def _cmd_digest(settings: Settings, args: argparse.Namespace) -> tuple[str, Any]:
    return "digest", digest_report(_database(settings), hours=args.hours, limit=args.limit)


def _cmd_search(settings: Settings, args: argparse.Namespace) -> tuple[str, Any]:
    return "search", search_report(_database(settings), " ".join(args.words), limit=args.limit)


def _cmd_about(settings: Settings, args: argparse.Namespace) -> tuple[str, Any]:
    from bot.about import about_report

    return "about", about_report(_database(settings), " ".join(args.name))


def _cmd_entities(settings: Settings, args: argparse.Namespace) -> tuple[str, Any]:
    from bot.about import top_entities

    return "entities", top_entities(_database(settings), args.top)


def _cmd_analyze(settings: Settings, args: argparse.Namespace) -> tuple[str, Any]:
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


def _cmd_sources(settings: Settings, args: argparse.Namespace) -> tuple[str, Any]:
    engine = _database(settings)
    if args.sources_command == "list":
        return "sources", list_sources(engine)
    if args.sources_command == "add":
        kind = SourceKind(args.kind) if args.kind else None
        return "source", add_source(
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
        return "imported", import_opml(
            engine, text, poll_interval=settings.ingest_interval, allow_private=settings.allow_private_urls
        )
    if args.sources_command == "export":
        sys.stdout.write(export_opml(engine) + "\n")
        return None
    return "source", remove_source(engine, args.source_id)


def _cmd_bot(settings: Settings, args: argparse.Namespace) -> None:
    if settings.telegram_token is None:
        raise SettingsError("NASHRA_TELEGRAM_TOKEN is not set (needed by `nashra bot`)")
    from bot.telegram.app import run_bot

    logging.getLogger().setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    run_bot(settings, _database(settings))


def _cmd_alias(settings: Settings, args: argparse.Namespace) -> tuple[str, Any]:
    from bot.commands import CommandRefused, add_alias, list_aliases

    engine = _database(settings)
    if args.words:
        try:
            add_alias(engine, 0, " ".join(args.words))  # 0: the operator at the terminal
        except CommandRefused:
            raise CommandError("usage: nashra alias NAME = VARIANT") from None
    return "aliases", list_aliases(engine)


def _cmd_health(settings: Settings, args: argparse.Namespace) -> tuple[str, Any]:
    from bot.health import health_report

    return "health", health_report(_database(settings))


def _cmd_chat(settings: Settings, args: argparse.Namespace) -> None:
    from bot.chat import run_chat

    run_chat(_database(settings), settings)


_HANDLERS: dict[str, Callable[[Settings, argparse.Namespace], tuple[str, Any] | None]] = {
    "bot": _cmd_bot,
    "chat": _cmd_chat,
    "health": _cmd_health,
    "alias": _cmd_alias,
    "demo": _cmd_demo,
    "ingest": _cmd_ingest,
    "digest": _cmd_digest,
    "search": _cmd_search,
    "analyze": _cmd_analyze,
    "about": _cmd_about,
    "entities": _cmd_entities,
    "sources": _cmd_sources,
}
