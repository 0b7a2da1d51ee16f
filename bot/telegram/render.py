"""Telegram HTML for digests, search results and entity cards (pure functions).

Every article-derived string is escaped. Titles are bold rather than underlined or
linked, and outlets are listed as links at the end of a story, which keeps lines
reading cleanly right to left. Long replies are split at story, then line, then word
boundaries, under Telegram's limit as Telegram counts it (UTF-16 units of the text
once the HTML is parsed).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from typing import Any

from bot.messages import say

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


def _story_block(number: int, story: dict[str, Any]) -> str:
    lines = [f"<b>{number}. {html.escape(story['title'])}</b>"]
    lines += [f"• {html.escape(sentence)}" for sentence in story["summary"]]
    outlets: dict[str, str] = {}
    for article in story["articles"]:
        outlets.setdefault(article["source"], article["url"])
    links = [
        f'<a href="{html.escape(url, quote=True)}">{html.escape(name)}</a>'
        if url.startswith("http")
        else html.escape(name)
        for name, url in outlets.items()
    ]
    lines.append("— " + "، ".join(links))
    return "\n".join(lines)


def render_digest(report: dict[str, Any], language: str, date_label: str) -> list[str]:
    blocks = [f"<b>{html.escape(say('digest_title', language, date=date_label))}</b>"]
    if not report["stories"]:
        blocks.append(html.escape(say("digest_empty", language)))
    blocks += [_story_block(n, story) for n, story in enumerate(report["stories"], start=1)]
    for section in report.get("followed", []):
        if section["stories"]:
            blocks.append(f"<b>{html.escape(say('followed_title', language, name=section['name']))}</b>")
            blocks += [_story_block(n, story) for n, story in enumerate(section["stories"], start=1)]
    return split_message(blocks)


def render_search(hits: list[dict[str, Any]], language: str) -> list[str]:
    if not hits:
        return [html.escape(say("no_results", language))]
    blocks = [
        f"<b>{html.escape(h['title'])}</b>\n{html.escape(h['snippet'])}\n— {html.escape(h['source'])}" for h in hits
    ]
    return split_message(blocks)


def render_about(card: dict[str, Any], language: str) -> list[str]:
    entity = card["entity"]
    if entity is None:
        blocks = [html.escape(say("about_unknown", language, name=card["query"]))]
        if card.get("suggestions"):
            names = "، ".join(html.escape(s) for s in card["suggestions"])
            blocks.append(f"{html.escape(say('did_you_mean', language))}: {names}")
        blocks += [f"• {html.escape(h['title'])}" for h in card.get("results", [])[:5]]
        return split_message(blocks)
    head = f"<b>{html.escape(entity['name'])}</b>"
    if entity.get("kind"):
        head += f" ({entity['kind']})"
    head += " — " + html.escape(say("about_mentions", language, mentions=card["mentions"]))
    blocks = [head]
    if entity.get("aliases"):
        blocks.append(
            f"{html.escape(say('about_aliases', language))}: " + "، ".join(html.escape(a) for a in entity["aliases"])
        )
    blocks += [
        _story_block(n, story | {"articles": story.get("articles", [])})
        for n, story in enumerate(card["stories"], start=1)
    ]
    if card.get("related"):
        related = "، ".join(html.escape(r["name"]) for r in card["related"])
        blocks.append(f"{html.escape(say('about_related', language))}: {related}")
    return split_message(blocks)
