"""The command line's grammar: every command, option and argument with its help text, and what a wrong
value is told («--hours: a whole number above 0 is expected, not 'abc'»). Standard library only."""

from __future__ import annotations

import argparse
from typing import Any


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

    reprocess = commands.add_parser(
        "reprocess", parents=[common], help="run the current NLP again over stored articles (resumable)"
    )
    reprocess.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="articles dated on or after this day")
    reprocess.add_argument(
        "--what",
        action="append",
        choices=("entities", "stories", "summaries"),
        help="what to make again (repeatable; default: all three)",
    )
    reprocess.add_argument("--chunk", type=_positive_int, default=200, help="articles per job (default: 200)")

    jobs = commands.add_parser("jobs", parents=[common], help="the job queue: jobs by task and state, workers, errors")
    jobs.add_argument("--errors", type=_positive_int, default=10, help="how many of the last errors to show")

    digest = commands.add_parser("digest", parents=[common], help="the digest of the last N hours")
    digest.add_argument("--hours", type=_positive_int, default=24, help="how far back to look (default: 24)")
    digest.add_argument("--limit", type=_positive_int, default=10, help="at most this many stories (default: 10)")

    search = commands.add_parser("search", parents=[common], help="full-text search over articles")
    search.add_argument("words", nargs="+", metavar="WORD", help="words an article must all hold")
    search.add_argument("--limit", type=_positive_int, default=20, help="at most this many articles (default: 20)")

    about = commands.add_parser("about", parents=[common], help="what the store knows about an entity")
    about.add_argument("name", nargs="+", metavar="ENTITY", help="a person, place or organisation, any spelling")

    entities = commands.add_parser("entities", parents=[common], help="the most mentioned entities")
    entities.add_argument("--top", type=_positive_int, default=20, help="how many (default: 20)")

    alias = commands.add_parser("alias", parents=[common], help="read VARIANT as NAME (no argument: list the aliases)")
    alias.add_argument("words", nargs="*", metavar="NAME = VARIANT", help="e.g. الناتو = حلف شمال الأطلسي")

    analyze = commands.add_parser("analyze", parents=[common], help="what Nashra sees in one document")
    analyze.add_argument("path", metavar="PATH|-", help="an article file, or - to read one from standard input")

    commands.add_parser("bot", parents=[common], help="the Telegram bot with its scheduler (long polling)")
    commands.add_parser("chat", parents=[common], help="the bot's commands in this terminal, no Telegram needed")
    commands.add_parser("health", parents=[common], help="is the database reachable and current (exit 1 if not)")

    sources = commands.add_parser("sources", help="list, add and remove sources")
    sources_commands = sources.add_subparsers(
        dest="sources_command", required=True, metavar="ACTION", parser_class=_IntermixedParser
    )
    sources_commands.add_parser("list", parents=[common], help="sources with their health")
    add = sources_commands.add_parser("add", parents=[common], help="add a folder, feed or web page")
    add.add_argument("location", metavar="PATH_OR_URL", help="a folder, an RSS/Atom feed or a web page")
    add.add_argument("--name", help="the name shown for it (default: the site's host name, or the folder's name)")
    add.add_argument("--kind", choices=("feed", "page"), help="for a URL: feed or web page (guessed otherwise)")
    opml_in = sources_commands.add_parser("import", parents=[common], help="add the feeds of an OPML file")
    opml_in.add_argument("opml", metavar="FILE.opml", help="an OPML file, as feed readers export them")
    sources_commands.add_parser("export", help="print the feed sources as OPML")
    remove = sources_commands.add_parser("remove", parents=[common], help="remove a source (its articles stay)")
    remove.add_argument("source_id", type=_positive_int, metavar="ID", help="the source's number (nashra sources list)")
    return parser


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise argparse.ArgumentTypeError(f"a whole number above 0 is expected, not {value!r}")
    return number


def _date(value: str) -> Any:
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a date, YYYY-MM-DD") from None
