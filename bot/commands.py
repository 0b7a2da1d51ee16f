"""Every bot command in one table. Telegram's command menu and handlers, `nashra chat` and /help are
all made from `COMMANDS`, in both languages; adding a command is adding a row here.

A command is a plain function from a `Request` (services, who asks, the text after the command) to
replies: HTML blocks (rendered once by `bot.views`, shown as text in the terminal), a chart, or a
subscription the front end must (re)schedule. It knows nothing of Telegram.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot import views
from bot.answers import chats
from bot.answers.chats import Caller, CommandRefused
from bot.messages import count, say
from bot.services import Services


@dataclass(frozen=True)
class Request:
    services: Services
    caller: Caller
    args: str = ""


@dataclass(frozen=True)
class Blocks:
    """HTML blocks to show; `buttons` are (message key, command name) pairs Telegram shows under them."""

    blocks: list[str]
    buttons: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Chart:
    png: bytes
    caption: str
    counts: dict[date, int]


@dataclass(frozen=True)
class Schedule:
    """A chat's subscription changed: Telegram (re)schedules its daily digest."""

    subscription: dict[str, Any]


Reply = Blocks | Chart | Schedule


@dataclass(frozen=True)
class Command:
    name: str
    description: dict[str, str]  # the menu line, per language
    run: Callable[[Request], list[Reply]]
    usage: dict[str, str] = field(default_factory=dict)  # what follows the command, per language
    admin: bool = False
    acknowledge: str | None = None  # a message sent at once, before a slow command runs


def _text(key: str, request: Request, /, **values: object) -> list[Reply]:
    return [Blocks([views.message(key, request.caller.language, **values)])]


def _zone(request: Request) -> str:
    return chats.zone_of(request.services.engine, request.services.settings, request.caller.chat_id)


# --- anyone -------------------------------------------------------------------------------


def _start(request: Request) -> list[Reply]:
    buttons = (("button_subscribe", "subscribe"), ("button_digest", "digest"))
    return [Blocks(help_blocks(request.caller), buttons=buttons)]


def _help(request: Request) -> list[Reply]:
    return [Blocks(help_blocks(request.caller))]


def help_blocks(caller: Caller) -> list[str]:
    """/help: what the bot does, then each command of the table with its usage and description."""
    language = caller.language

    def line(command: Command) -> str:
        usage = command.usage.get(language, "")
        return f"/{command.name}{' ' + views.escape(usage) if usage else ''} — {command.description[language]}"

    public = [line(c) for c in COMMANDS if not c.admin and c.name != "start"]
    blocks = [say("help_intro", language), "\n".join(public) + "\n" + say("help_plain_name", language)]
    if caller.is_admin:
        blocks.append(say("help_admin", language) + "\n" + "\n".join(line(c) for c in COMMANDS if c.admin))
    return blocks


def _digest(request: Request) -> list[Reply]:
    from bot.answers.chat_digest import chat_digest, record_shown

    services = request.services
    report = chat_digest(services.engine, request.caller.chat_id, now=services.now())
    blocks = views.digest_blocks(report, request.caller.language, _zone(request))
    record_shown(services.engine, request.caller.chat_id, report)
    return [Blocks(blocks)]


def _subscribe(request: Request) -> list[Reply]:
    if not request.caller.pushes:
        return _text("terminal_no_push", request)
    sub = chats.subscribe(request.services.engine, request.services.settings, request.caller, request.args or None)
    return [Schedule(sub), *_text("subscribed", request, **sub)]


def _unsubscribe(request: Request) -> list[Reply]:
    sub = chats.unsubscribe(request.services.engine, request.caller)
    if sub is None:
        return _text("not_subscribed", request)
    return [Schedule(sub), *_text("unsubscribed", request)]


def _settime(request: Request) -> list[Reply]:
    return _change_subscription(request, "bad_time", chats.set_time)


def _timezone(request: Request) -> list[Reply]:
    return _change_subscription(request, "bad_zone", chats.set_timezone)


def _change_subscription(
    request: Request, missing: str, change: Callable[[Any, Caller, str], dict[str, Any]]
) -> list[Reply]:
    """/settime and /timezone: change a subscription the chat has (a terminal has none to change)."""
    if not request.caller.pushes:
        return _text("terminal_no_push", request)
    if not request.args:
        raise CommandRefused(missing, value="")
    sub = change(request.services.engine, request.caller, request.args)
    return [Schedule(sub), *_text("subscribed", request, **sub)]


def about(request: Request) -> list[Reply]:
    from bot.answers.about import about_report

    if not request.args:
        raise CommandRefused("need_name")
    card = about_report(request.services.engine, request.args)
    return [Blocks(views.about_blocks(card, request.caller.language, _zone(request)))]


def _follow(request: Request) -> list[Reply]:
    names = chats.follow(request.services.engine, request.caller, request.args)
    return _following(request, names)


def _unfollow(request: Request) -> list[Reply]:
    return _following(request, chats.unfollow(request.services.engine, request.caller, request.args))


def _following(request: Request, names: Sequence[str]) -> list[Reply]:
    if not names:
        return _text("following_none", request)
    separator = "، " if request.caller.language == "ar" else ", "
    return _text("following", request, names=separator.join(names))


def _mute(request: Request) -> list[Reply]:
    return _filters_reply(request, chats.mute(request.services.engine, request.caller, request.args))


def _unmute(request: Request) -> list[Reply]:
    return _filters_reply(request, chats.unmute(request.services.engine, request.caller, request.args))


def _only(request: Request) -> list[Reply]:
    return _filters_reply(request, chats.only(request.services.engine, request.caller, request.args))


def _filters(request: Request) -> list[Reply]:
    return _filters_reply(request, chats.filters(request.services.engine, request.caller.chat_id))


def _filters_reply(request: Request, filters: dict[str, list[str]]) -> list[Reply]:
    return [Blocks(views.filter_blocks(filters, request.caller.language))]


def _search(request: Request) -> list[Reply]:
    from bot.answers.search import search_report

    if not request.args:
        raise CommandRefused("need_words")
    hits = search_report(request.services.engine, request.args, limit=10)
    return [Blocks(views.search_blocks(hits, request.caller.language))]


def _trend(request: Request) -> list[Reply]:
    from bot.answers.trend import mentions_per_day
    from bot.telegram.charts import trend_png

    if not request.args:
        raise CommandRefused("need_name")
    language = request.caller.language
    counts = mentions_per_day(request.services.engine, request.args, today=request.services.now().date())
    png = trend_png(say("trend_title", language, name=request.args), counts)
    caption = f"{request.args} — {count('n_articles', language, sum(counts.values()))}"
    return [Chart(png, caption, counts)]


# --- admins -------------------------------------------------------------------------------


def _addsource(request: Request) -> list[Reply]:
    from bot.answers.sources import SourceError, add_source

    location, _, name = request.args.partition(" ")
    if not location:
        raise CommandRefused("usage_addsource")
    settings = request.services.settings
    try:
        source = add_source(
            request.services.engine,
            location,
            name=name.strip() or None,
            poll_interval=settings.ingest_interval,
            allow_private=settings.allow_private_urls,
        )
    except SourceError as exc:
        raise CommandRefused(exc.key, **exc.values) from None
    return _text("source_added", request, **source)


def _sources(request: Request) -> list[Reply]:
    from bot.answers.sources import list_sources

    rows = list_sources(request.services.engine)
    return [Blocks(views.source_blocks(rows, request.caller.language, _zone(request)))]


def _removesource(request: Request) -> list[Reply]:
    from bot.answers.sources import SourceError, remove_source

    if not request.args.strip().isdigit():
        raise CommandRefused("usage_removesource")
    try:
        source = remove_source(request.services.engine, int(request.args.strip()))
    except SourceError as exc:
        raise CommandRefused(exc.key, **exc.values) from None
    return _text("source_removed", request, **source)


def _ingest(request: Request) -> list[Reply]:
    from bot.ingest.passes import one_pass

    report = one_pass(request.services.engine, request.services.settings)
    return [Blocks(views.ingest_blocks(report.to_json(), request.caller.language))]


def _alias(request: Request) -> list[Reply]:
    merged = chats.add_alias(request.services.engine, request.caller.user_id or 0, request.args)
    return _text("alias_done", request, **merged)


def _d(ar: str, en: str) -> dict[str, str]:
    return {"ar": ar, "en": en}


COMMANDS: tuple[Command, ...] = (
    Command("start", _d("ابدأ", "Start"), _start),
    Command("digest", _d("النشرة الآن", "The digest now"), _digest),
    Command("subscribe", _d("اشترك في النشرة اليومية", "Daily digest"), _subscribe, _d("[07:30]", "[07:30]")),
    Command("unsubscribe", _d("أوقف النشرة اليومية", "Stop the daily digest"), _unsubscribe),
    Command("settime", _d("وقت النشرة", "When the digest comes"), _settime, _d("07:30", "07:30")),
    Command("timezone", _d("المنطقة الزمنية", "Your time zone"), _timezone, _d("Asia/Riyadh", "Europe/London")),
    Command("about", _d("ما نعرفه عن شخص أو مكان أو جهة", "What we know about a name"), about, _d("اسم", "NAME")),
    Command("follow", _d("تابع اسماً في قسم خاص من نشرتك", "Follow a name in your digest"), _follow, _d("اسم", "NAME")),
    Command("unfollow", _d("ألغِ متابعة اسم", "Stop following a name"), _unfollow, _d("اسم", "NAME")),
    Command("mute", _d("أخفِ الأخبار التي تذكر كلمة", "Hide stories with a word"), _mute, _d("كلمة…", "WORD…")),
    Command("unmute", _d("أظهرها من جديد", "Show them again"), _unmute, _d("[كلمة…]", "[WORD…]")),
    Command("only", _d("تلقَّ فقط ما يذكر كلمة", "Only stories with a word"), _only, _d("كلمة…", "WORD…")),
    Command("filters", _d("مرشحاتك", "Your filters"), _filters),
    Command("search", _d("بحث في الأخبار", "Search the news"), _search, _d("كلمات", "WORDS")),
    Command("trend", _d("رسم لعدد الأخبار يومياً", "A chart of articles per day"), _trend, _d("اسم", "NAME")),
    Command("help", _d("المساعدة", "Help"), _help),
    Command(
        "addsource",
        _d("أضف مصدراً", "Add a source"),
        _addsource,
        _d("رابط أو مجلد [اسم]", "URL_OR_FOLDER [name]"),
        admin=True,
    ),
    Command("sources", _d("المصادر وحالتها", "Sources and their health"), _sources, admin=True),
    Command("removesource", _d("احذف مصدراً", "Remove a source"), _removesource, _d("رقم", "ID"), admin=True),
    Command("ingest", _d("اجلب الأخبار الآن", "Fetch the news now"), _ingest, admin=True, acknowledge="ingest_started"),
    Command(
        "alias",
        _d("ادمج صيغتين لاسم", "Merge two spellings of a name"),
        _alias,
        _d("الاسم = الصيغة الأخرى", "NAME = VARIANT"),
        admin=True,
    ),
)
BY_NAME: dict[str, Command] = {c.name: c for c in COMMANDS}
