"""What each answer looks like, once for every front end: Telegram HTML blocks (a story, a card, a
search hit), which the terminal shows as text (`as_text`). Pure functions of the answers' data.

Every article-derived string is escaped. Titles are bold rather than linked; a story's outlets are
links to their own articles at the end of its block, which keeps lines reading cleanly right to
left. One language per reader: every label comes from `bot.messages`, numbers agree with their
nouns, and times are written as a reader of that language expects, in the reader's zone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.messages import count, say

_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)


def as_text(block: str, *, links: bool = True) -> str:
    """A block of Telegram HTML as terminal text: tags dropped, a link's address in brackets after its
    text (with `links` False, the text alone, as Telegram shows it)."""
    block = _LINK.sub(lambda m: f"{m[2]} ({m[1]})" if links else m[2], block)
    return html.unescape(_TAG.sub("", block))


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def message(key: str, language: str, /, **values: object) -> str:
    """A catalogue message as an HTML block (its values escaped)."""
    return say(key, language, **{k: escape(v) if isinstance(v, str) else v for k, v in values.items()})


def when(moment: datetime | str, language: str, zone: str = "UTC") -> str:
    """A time as its reader writes it: «الثلاثاء 2 ديسمبر، 09:30», "Tuesday 2 December, 09:30".
    A time without a zone is UTC (what the store keeps), never the machine's local time."""
    from babel.dates import format_datetime

    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    pattern = "EEEE d MMMM، HH:mm" if language == "ar" else "EEEE d MMMM, HH:mm"
    return format_datetime(moment.astimezone(ZoneInfo(zone)), pattern, locale=language)


def day(moment: datetime, language: str, zone: str = "UTC") -> str:
    """A date as its reader writes it: «الثلاثاء 2 ديسمبر 2026»."""
    from babel.dates import format_datetime

    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return format_datetime(moment.astimezone(ZoneInfo(zone)), "EEEE d MMMM y", locale=language)


# --- stories and digests ------------------------------------------------------------------


def story_block(number: int | None, story: dict[str, Any], language: str, zone: str = "UTC") -> str:
    """A story: its title, its summary, then its outlets as links, how many, and its latest report."""
    mark = {"new": "story_new", "update": "story_update"}.get(story.get("status", ""))
    title = escape(story["title"])
    head = f"{number}. {title}" if number is not None else title
    lines = [f"<b>{head}</b>" + (f" — <i>{say(mark, language)}</i>" if mark else "")]
    lines += [f"• {escape(sentence)}" for sentence in story["summary"]]
    if story.get("new_articles"):
        separator = "؛ " if language == "ar" else "; "
        titles = separator.join(f"{escape(a['title'])} ({escape(a['source'])})" for a in story["new_articles"][:2])
        lines.append(f"<i>{say('story_since', language, titles=titles)}</i>")
    outlets: dict[str, str] = {}
    for article in story.get("articles", []):
        outlets.setdefault(article["source"], article["url"])
    if outlets:
        links = [_link(url, name) for name, url in outlets.items()]
        meta = [count("n_outlets", language, len(outlets))]
        if story.get("latest_at"):
            meta.append(say("story_latest", language, time=when(story["latest_at"], language, zone)))
        separator = "، " if language == "ar" else ", "
        lines.append(f"— {separator.join(links)} ({separator.join(meta)})")
    return "\n".join(lines)


def _link(url: str, name: str) -> str:
    if url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}">{escape(name)}</a>'
    return escape(name)


def digest_blocks(report: dict[str, Any], language: str, zone: str = "UTC") -> list[str]:
    """The digest: a heading, its stories, then a section per followed name."""
    generated = datetime.fromisoformat(report["generated_at"])
    title = message("digest_title", language, date=day(generated, language, zone))
    if report.get("hours", 24) != 24:  # another window than the daily one: say which
        title += " — " + count("last_hours", language, report["hours"])
    blocks = [f"<b>{title}</b>"]
    if not report["stories"]:
        blocks.append(message("digest_empty", language))
    blocks += [story_block(n, story, language, zone) for n, story in enumerate(report["stories"], start=1)]
    for section in report.get("followed", []):
        if not section["stories"] and not section.get("above"):
            continue
        blocks.append(f"<b>{message('followed_title', language, name=section['name'])}</b>")
        if section.get("above"):
            numbers = (
                "، ".join(str(n) for n in section["above"])
                if language == "ar"
                else ", ".join(str(n) for n in section["above"])
            )
            blocks.append(message("followed_above", language, numbers=numbers))
        blocks += [story_block(None, story, language, zone) for story in section["stories"]]
    return blocks


# --- search, about, sources ----------------------------------------------------------------


def search_blocks(hits: Sequence[dict[str, Any]], language: str) -> list[str]:
    if not hits:
        return [message("no_results", language)]
    return [
        f"<b>{escape(h['title'])}</b>\n{escape(h['snippet'])}\n— {_link(h.get('url', ''), h['source'])}" for h in hits
    ]


def about_blocks(card: dict[str, Any], language: str, zone: str = "UTC") -> list[str]:
    entity = card["entity"]
    if entity is None:
        blocks = [message("about_unknown", language, name=card["query"])]
        if card.get("suggestions"):
            blocks.append(f"{say('did_you_mean', language)}: {_names(card['suggestions'], language)}")
        blocks += [f"• {escape(h['title'])}" for h in card.get("results", [])[:5]]
        return blocks
    head = f"<b>{escape(entity['name'])}</b>"
    if entity.get("kind"):
        head += f" ({say('kind_' + entity['kind'], language)})"
    blocks = [f"{head} — {count('n_articles', language, card['mentions'])}"]
    if entity.get("aliases"):
        blocks.append(f"{say('about_aliases', language)}: {_names(entity['aliases'], language)}")
    blocks += [story_block(n, story, language, zone) for n, story in enumerate(card["stories"], start=1)]
    if card.get("related"):
        blocks.append(f"{say('about_related', language)}: {_names([r['name'] for r in card['related']], language)}")
    return blocks


def _names(names: Iterable[str], language: str) -> str:
    return ("، " if language == "ar" else ", ").join(escape(n) for n in names)


def source_blocks(rows: Sequence[dict[str, Any]], language: str, zone: str = "UTC") -> list[str]:
    if not rows:
        return [message("no_sources", language)]
    blocks = []
    for s in rows:
        healthy = s["error_count"] == 0 and s["state"] == "active"
        kind, state = say(f"source_kind_{s['kind']}", language), say(f"source_state_{s['state']}", language)
        separator = "، " if language == "ar" else ", "
        lines = [f"{'🟢' if healthy else '🔴'} #{s['id']} <b>{escape(s['name'])}</b> ({kind}{separator}{state})"]
        lines.append(escape(s["location"]))
        if s["error_count"]:
            why = failure(s.get("last_error_reason"), s["last_error"] or "", language)
            lines.append(f"{count('n_errors', language, s['error_count'])}: {escape(why)}")
        last = when(s["last_success_at"], language, zone) if s["last_success_at"] else say("never", language)
        lines.append(say("source_last_success", language, time=last))
        if s["next_check_at"]:
            lines.append(say("source_next_check", language, time=when(s["next_check_at"], language, zone)))
        blocks.append("\n".join(lines))
    return blocks


def ingest_blocks(report: dict[str, Any], language: str) -> list[str]:
    separator = "، " if language == "ar" else ", "
    parts = [
        count("n_seen", language, report["seen"]),
        count("n_new_articles", language, report["ingested"]),
        count("n_duplicates", language, report["duplicates"]),
        count("n_failed", language, len(report["failed"])),
    ]
    blocks = [separator.join(parts)]
    blocks += [
        message("ingest_failed_item", language, item=f["item"], error=failure(f.get("reason"), f["error"], language))
        for f in report["failed"]
    ]
    return blocks


_STATUS = re.compile(r"\b[1-5]\d\d\b")


def failure(reason: str | None, detail: str, language: str) -> str:
    """Why an item or a source failed, in the reader's words (the English detail where no reason is known)."""
    if not reason:
        return detail
    code = _STATUS.search(detail)
    return say(f"failure_{reason}", language, code=code.group(0) if code else "")


def filter_blocks(filters: dict[str, list[str]], language: str) -> list[str]:
    if not filters["mute"] and not filters["only"]:
        return [message("filters_none", language)]
    blocks = []
    if filters["mute"]:
        blocks.append(say("filters_muted", language, words=_names(filters["mute"], language)))
    if filters["only"]:
        blocks.append(say("filters_only", language, words=_names(filters["only"], language)))
    return blocks
