"""Long replies split for Telegram, under its 4,096-character limit, never inside a tag or an entity.

The limit as Telegram counts it: UTF-16 units of the text once the HTML is parsed. Splits fall at block,
then line, then word boundaries.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

TELEGRAM_LIMIT = 4096
_TAG = re.compile(r"<[^>]+>")


def visible_length(message: str) -> int:
    """Length of a message as Telegram counts it: UTF-16 code units of the parsed text."""
    text = html.unescape(_TAG.sub("", message))
    return len(text.encode("utf-16-le")) // 2


def split_message(blocks: Iterable[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pack blocks (stories, paragraphs) into as few messages as fit; an oversized block is broken at
    lines, then at spaces, then between characters (never inside a tag or an entity)."""
    return _pack(blocks, "\n\n", limit, _lines)


def _pack(pieces: Iterable[str], separator: str, limit: int, break_up: Callable[[str, int], list[str]]) -> list[str]:
    """Join pieces with `separator`, greedily, under `limit`; a piece over it is first broken by `break_up`."""
    packed: list[str] = []
    current = ""
    for piece in pieces:
        for part in break_up(piece, limit) if visible_length(piece) > limit else [piece]:
            candidate = f"{current}{separator}{part}" if current else part
            if visible_length(candidate) <= limit:
                current = candidate
            else:
                if current:
                    packed.append(current)
                current = part
    if current:
        packed.append(current)
    return packed


def _lines(block: str, limit: int) -> list[str]:
    return _pack(block.split("\n"), "\n", limit, _words)


def _words(line: str, limit: int) -> list[str]:
    return _pack(line.split(" "), " ", limit, _chunks)


_UNIT = re.compile(r"<[^>]+>|&#?\w+;|.", re.S)  # a tag, an entity or one character: never cut inside


def _chunks(word: str, limit: int) -> list[str]:
    chunks, current, length = [], "", 0
    for unit in _UNIT.findall(word):
        size = visible_length(unit)
        if length + size > limit:
            chunks.append(current)
            current, length = "", 0
        current += unit
        length += size
    return [*chunks, current] if current else chunks
