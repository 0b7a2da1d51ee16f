"""`nashra chat`: the bot's commands in a terminal, no Telegram needed.

Each line is handled as a Telegram message would be: `/command args` runs that command of the
table (`bot.commands`), any other line is a name looked up with /about. The replies are the same
blocks Telegram gets, shown as text; a chart is saved as a PNG file. The local operator counts as
an admin. There is no daily push in a terminal, so /subscribe says where digests are sent.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot import views
from bot.answers.chats import Caller, CommandRefused
from bot.commands import BY_NAME, Blocks, Chart, Reply, Request
from bot.services import Services

TERMINAL_CHAT_ID = 0


class ChatSession:
    """Answers one line at a time; `answer` returns the texts to show."""

    def __init__(self, services: Services, language: str = "ar", charts: Path | None = None) -> None:
        self.services = services
        self.caller = Caller(
            chat_id=TERMINAL_CHAT_ID, user_id=None, language=language, title="terminal", is_admin=True, pushes=False
        )
        self.charts = charts or Path.cwd()

    def answer(self, line: str) -> list[str]:
        line = line.strip()
        if not line:
            return []
        name, _, args = line[1:].partition(" ") if line.startswith("/") else ("about", "", line)
        command = BY_NAME.get(name.lower())
        language = self.caller.language
        if command is None:
            return [views.as_text(views.message("unknown_command", language, name=name))]
        try:
            replies = command.run(Request(self.services, self.caller, args.strip()))
        except CommandRefused as refused:
            return [views.as_text(views.message(refused.key, language, **refused.values))]
        return [text for reply in replies for text in self._show(reply)]

    def _show(self, reply: Reply) -> list[str]:
        if isinstance(reply, Blocks):
            return [views.as_text(block) for block in reply.blocks]
        if isinstance(reply, Chart):
            path = self.charts / f"trend-{self.services.now():%Y%m%d-%H%M%S}.png"
            path.write_bytes(reply.png)
            bars = "\n".join(f"{day.isoformat()} {'█' * n} {n}" for day, n in reply.counts.items() if n)
            saved = views.as_text(views.message("trend_saved", self.caller.language, path=str(path)))
            return [reply.caption, *([bars] if bars else []), saved]
        return []  # a schedule: nothing is pushed to a terminal


def run_chat(services: Services, stream: TextIO = sys.stdin, out: TextIO = sys.stdout, language: str = "ar") -> None:
    """Answer each line of `stream` (the terminal by default) until it ends."""
    session = ChatSession(services, language)
    interactive = stream.isatty()
    if interactive:
        out.write("نشرة — /help للأوامر، Ctrl-D للخروج\n" if language == "ar" else "Nashra — /help, Ctrl-D to quit\n")
    while True:
        if interactive:
            out.write("> ")
            out.flush()
        line = stream.readline()
        if not line:
            break
        for text in session.answer(line):
            out.write(text + "\n\n")
        out.flush()
