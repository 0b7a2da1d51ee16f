"""`nashra chat`: the bot's commands in a terminal, no Telegram needed.

Each line is handled like a Telegram message: `/command args`, or a plain name looked
up with `about`. It calls the same functions as the Telegram handlers and renders
their results as text; the local operator counts as an admin.
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TextIO

from sqlalchemy import Engine

from bot import commands
from bot.about import about_report
from bot.commands import Caller, CommandRefused
from bot.messages import say
from bot.passes import one_pass
from bot.reports import SourceError, add_source, list_sources, remove_source, search_report
from bot.settings import Settings
from bot.telegram.render import render_about, render_digest, render_search

TERMINAL_CHAT_ID = 0
_TAG = re.compile(r"<[^>]+>")


def plain(message: str) -> str:
    """Telegram HTML as terminal text."""
    return html.unescape(_TAG.sub("", message))


class ChatSession:
    """Answers one line at a time; `answer` returns the lines to show."""

    def __init__(self, engine: Engine, settings: Settings, language: str = "ar") -> None:
        self.engine, self.settings = engine, settings
        self.caller = Caller(chat_id=TERMINAL_CHAT_ID, user_id=None, language=language, title="terminal")
        self.commands: dict[str, Callable[[str], list[str]]] = {
            "start": self._help,
            "help": self._help,
            "digest": self._digest,
            "subscribe": self._subscribe,
            "unsubscribe": self._unsubscribe,
            "settime": self._subscribe,
            "timezone": self._timezone,
            "about": self._about,
            "follow": self._follow,
            "unfollow": self._unfollow,
            "search": self._search,
            "addsource": self._addsource,
            "sources": self._sources,
            "removesource": self._removesource,
            "ingest": self._ingest,
            "alias": self._alias,
        }

    def answer(self, line: str) -> list[str]:
        line = line.strip()
        if not line:
            return []
        name, _, rest = line[1:].partition(" ") if line.startswith("/") else ("about", "", line)
        handler = self.commands.get(name.lower())
        if handler is None:
            return [f"unknown command /{name}; /help lists them"]
        try:
            return [plain(m) for m in handler(rest.strip())]
        except CommandRefused as refused:
            return [say(refused.key, self.caller.language, **refused.values)]
        except SourceError as exc:
            return [say("source_error", self.caller.language, error=str(exc))]

    def _say(self, key: str, **values: object) -> list[str]:
        return [say(key, self.caller.language, **values)]

    def _help(self, _: str) -> list[str]:
        return [say("help", self.caller.language)]

    def _digest(self, _: str) -> list[str]:
        report = commands.chat_digest(self.engine, self.caller.chat_id)
        return render_digest(report, self.caller.language, datetime.now(UTC).date().isoformat())

    def _subscribe(self, time_text: str) -> list[str]:
        sub = commands.subscribe(self.engine, self.settings, self.caller, time_text or None)
        return self._say("subscribed", **sub)

    def _unsubscribe(self, _: str) -> list[str]:
        return self._say("unsubscribed" if commands.unsubscribe(self.engine, self.caller) else "not_subscribed")

    def _timezone(self, zone: str) -> list[str]:
        return self._say("subscribed", **commands.set_timezone(self.engine, self.settings, self.caller, zone))

    def _about(self, name: str) -> list[str]:
        if not name:
            raise CommandRefused("need_name")
        return render_about(about_report(self.engine, name), self.caller.language)

    def _follow(self, name: str) -> list[str]:
        return self._say("following", names="، ".join(commands.follow(self.engine, self.caller, name)))

    def _unfollow(self, name: str) -> list[str]:
        names = commands.unfollow(self.engine, self.caller, name)
        return self._say("following", names="، ".join(names)) if names else self._say("following_none")

    def _search(self, words: str) -> list[str]:
        if not words:
            raise CommandRefused("need_words")
        return render_search(search_report(self.engine, words, limit=10), self.caller.language)

    def _addsource(self, args: str) -> list[str]:
        location, _, name = args.partition(" ")
        source = add_source(
            self.engine,
            location,
            name=name or None,
            poll_interval=self.settings.ingest_interval,
            allow_private=self.settings.allow_private_urls,
        )
        return self._say("source_added", **source)

    def _sources(self, _: str) -> list[str]:
        rows = list_sources(self.engine)
        if not rows:
            return self._say("no_sources")
        return [
            f"#{s['id']} {s['name']} ({s['kind']}, {s['state']}, {s['error_count']} errors) {s['location']}"
            for s in rows
        ]

    def _removesource(self, source_id: str) -> list[str]:
        if not source_id.isdigit():
            raise CommandRefused("source_error", error="/removesource ID")
        return self._say("source_removed", **remove_source(self.engine, int(source_id)))

    def _ingest(self, _: str) -> list[str]:
        report = one_pass(self.engine, self.settings)
        return self._say(
            "ingest_done", ingested=report.ingested, duplicates=report.duplicates, failed=len(report.failed)
        )

    def _alias(self, text: str) -> list[str]:
        return self._say("alias_done", **commands.add_alias(self.engine, 0, text))


def run_chat(engine: Engine, settings: Settings, stream: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
    """Answer each line of `stream` (the terminal by default) until it ends."""
    session = ChatSession(engine, settings)
    interactive = stream.isatty()
    if interactive:
        out.write("نشرة — /help للأوامر، Ctrl-D للخروج\n")
    while True:
        if interactive:
            out.write("> ")
            out.flush()
        line = stream.readline()
        if not line:
            break
        for answer in session.answer(line):
            out.write(answer + "\n\n")
        out.flush()
