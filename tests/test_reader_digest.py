"""The digest a subscriber keeps (issue #18), through the Bot API double: one language, links and times,
what is new, followed names, filters, and counted nouns that agree with their numbers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.ingest.passes import ingest_paths
from bot.messages import count
from storage.engine import open_database
from storage.models import Article
from tests.test_bot import NOW, BotHarness

RAIN = (
    "هطلت أمطار غزيرة على مدينة جدة صباح اليوم وأعلنت إدارة التعليم تعليق الدراسة في جميع المدارس، "
    "فيما دعا الدفاع المدني السكان إلى البقاء في منازلهم والابتعاد عن مجاري السيول والأودية."
)
FAIR = (
    "افتتح وزير الثقافة معرض الرياض الدولي للكتاب بمشاركة أكثر من ألف دار نشر من ثلاثين دولة، "
    "ويستمر المعرض عشرة أيام تقام خلالها ندوات وأمسيات شعرية وورش عمل للأطفال."
)
ESSAY = (
    "أكتب هذه السطور عن أصل كلمة القهوة في اللغة العربية، فقد كانت تعني الخمر عند العرب القدماء "
    "ثم صارت اسماً للمشروب المعروف، وفي ذلك درس لنا عن تحول المعاني عبر القرون وعن حياة الكلمات."
)
OUTLETS = ["عكاظ", "الرياض", "المدينة", "الوطن", "اليوم", "الجزيرة", "الاقتصادية", "سبق", "واس", "الوئام", "عاجل"]


def _write(folder: Path, name: str, **article: str) -> None:
    (folder / f"{name}.json").write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def store(tmp_path: Path) -> Engine:
    """Rain in Jeddah from 11 outlets, the book fair from 2, an essay from 1; dated an hour before NOW."""
    folder = tmp_path / "articles"
    folder.mkdir()
    when = (NOW - timedelta(hours=2, minutes=30)).isoformat()
    for n, outlet in enumerate(OUTLETS):
        text = RAIN + (f" وقال متحدث إن فرق الطوارئ نفذت {n + 3} مهمات." if n else "")
        _write(
            folder,
            f"rain{n}",
            title="أمطار غزيرة على جدة",
            source=outlet,
            text=text,
            published=when,
            url=f"https://News.Example.org/{n}/rain/",
        )
    for n, outlet in enumerate(OUTLETS[:2]):
        _write(
            folder,
            f"fair{n}",
            title="افتتاح معرض الرياض للكتاب",
            source=outlet,
            published=when,
            text=FAIR + (" وتحل كوريا الجنوبية ضيف شرف." if n else ""),
            url=f"https://example.org/fair/{n}",
        )
    _write(
        folder,
        "essay",
        title="أصل كلمة القهوة",
        source="مقالات",
        text=ESSAY,
        published=NOW.isoformat(),
        url="https://example.org/essay",
    )
    engine = open_database(f"sqlite:///{tmp_path / 'n.db'}")
    report = ingest_paths(engine, [str(folder)], now=NOW)
    assert report.ingested == 14 and not report.failed
    return engine


@pytest.fixture
def bot(store: Engine, tmp_path: Path) -> Iterator[BotHarness]:
    harness = BotHarness(store, tmp_path)
    yield harness
    harness.close()


def _words(html: str) -> str:
    """The text a reader sees, without tags and link addresses."""
    return re.sub(r"<[^>]+>|https?://\S+", " ", html)


def test_an_arabic_digest_holds_no_english_word_and_an_english_one_no_arabic_label(bot: BotHarness):
    (arabic,) = bot.say(301, "/digest")
    assert not re.findall(r"[A-Za-z]{2,}", _words(arabic)), arabic
    (english,) = bot.say(302, "/digest", language="en")
    assert "Digest of" in english and "11 outlets" in english
    for label in ("نشرة", "مصادر", "مصدر", "جديد", "آخر خبر"):
        assert label not in _words(english).replace("جدة", ""), label  # the news itself stays Arabic


def test_stories_rank_by_importance_with_their_outlets_as_links_count_and_latest_time(bot: BotHarness):
    bot.say(303, "/subscribe 08:00")
    bot.say(303, "/timezone Asia/Riyadh")
    (digest,) = bot.say(303, "/digest")
    titles = re.findall(r"<b>\d+\. (.*?)</b>", digest)
    assert titles == ["أمطار غزيرة على جدة", "افتتاح معرض الرياض للكتاب", "أصل كلمة القهوة"]  # the fresh essay last
    assert "(11 مصدراً، آخر خبر الاثنين 23 نوفمبر، 08:30)" in digest  # 05:30 UTC, in Riyadh's time
    assert '<a href="https://News.Example.org/0/rain/">عكاظ</a>' in digest  # the link its source gave
    assert "(مصدران،" in digest and "(مصدر واحد،" in digest


@pytest.mark.parametrize(
    ("n", "arabic", "english"),
    [
        (0, "لا أخبار", "0 articles"),
        (1, "خبر واحد", "1 article"),
        (2, "خبران", "2 articles"),
        (3, "3 أخبار", "3 articles"),
        (11, "11 خبراً", "11 articles"),
        (100, "100 خبر", "100 articles"),
    ],
)
def test_each_plural_form(n: int, arabic: str, english: str):
    assert count("n_articles", "ar", n) == arabic and count("n_articles", "en", n) == english


def test_plural_forms_in_what_the_bot_sends(bot: BotHarness, tmp_path: Path):
    (digest,) = bot.say(304, "/digest")
    assert "11 مصدراً" in digest and "مصدران" in digest and "مصدر واحد" in digest  # many, two, one
    (card,) = bot.say(304, "/about جدة")
    assert "— خبران" in card  # two: republished copies name it once
    bot.say(7, f"/addsource {tmp_path / 'articles'}")
    assert "لا أخبار جديدة" in bot.say(7, "/ingest")[1]  # zero: all stored already
    (english,) = bot.say(305, "/about جدة", language="en")
    assert "2 articles" in english


def test_a_story_is_new_then_an_update_with_what_is_new(bot: BotHarness, store: Engine, tmp_path: Path):
    (first,) = bot.say(306, "/digest")
    assert first.count("— <i>جديد</i>") == 3
    more = tmp_path / "more"
    more.mkdir()
    later = (NOW - timedelta(minutes=30)).isoformat()
    _write(
        more,
        "fair9",
        title="معرض الرياض للكتاب يستقبل آلاف الزوار",
        source="سبق",
        published=later,
        text=FAIR.replace("افتتح وزير الثقافة", "استقبل") + " وبلغ عدد الزوار في اليوم الأول خمسين ألفاً.",
    )
    ingest_paths(store, [str(more)], now=NOW)
    (second,) = bot.say(306, "/digest")
    fair = next(block for block in second.split("\n\n") if "معرض الرياض" in block)
    assert "— <i>تحديث</i>" in fair and "الجديد منذ آخر مرة: معرض الرياض للكتاب يستقبل آلاف الزوار (سبق)" in fair
    assert "جديد" not in next(block for block in second.split("\n\n") if "جدة" in block)


def test_followed_names_point_to_the_stories_above_instead_of_repeating_them(bot: BotHarness):
    assert "جدة" in bot.say(307, "/follow جدة")[0]
    (digest,) = bot.say(307, "/digest")
    assert digest.count("أمطار غزيرة على جدة") == 1 and "ما تتابعه: جدة" in digest and "انظر الخبر 1 أعلاه" in digest
    assert "لم يرد «زيد الخيالي»" in bot.say(307, "/follow زيد الخيالي")[0]  # a name the store never saw


def test_filters_mute_unmute_only_in_telegram_and_the_terminal(bot: BotHarness):
    assert "مخفية: جدة" in bot.say(308, "/mute جدة")[0]
    (muted,) = bot.say(308, "/digest")
    assert "جدة" not in muted and "معرض الرياض" in muted
    bot.say(308, "/unmute")
    assert "لا مرشحات" in bot.say(308, "/filters")[0]
    bot.say(308, "/only للكتاب")  # an attached prefix: matches الكتاب
    (only,) = bot.say(308, "/digest")
    assert "معرض الرياض" in only and "جدة" not in only and "القهوة" not in only
    bot.say(308, "/follow جدة")  # a followed name's section goes through the filters too
    assert "ما تتابعه" not in bot.say(308, "/digest")[0]

    from bot.terminal.chat import ChatSession

    terminal = ChatSession(bot.services)
    assert "مخفية: القهوة" in terminal.answer("/mute القهوة")[0]
    assert "القهوة" not in "\n".join(terminal.answer("/digest"))


def test_an_article_dated_in_the_future_counts_as_the_time_it_was_seen(store: Engine, tmp_path: Path):
    folder = tmp_path / "future"
    folder.mkdir()
    _write(folder, "f", title="خبر من المستقبل", source="عكاظ", published="2031-01-01T00:00:00+00:00", text=ESSAY * 2)
    ingest_paths(store, [str(folder)], now=NOW)
    with Session(store) as session:
        article = session.exec(select(Article).where(Article.title == "خبر من المستقبل")).one()
    assert article.dated_at.replace(tzinfo=UTC) == NOW and article.published_at.year == 2031  # as the source said


@pytest.mark.parametrize(
    ("hours", "arabic", "english"),
    [
        (1, "آخر ساعة", "the last hour"),
        (2, "آخر ساعتين", "the last 2 hours"),
        (5, "آخر 5 ساعات", "the last 5 hours"),
        (48, "آخر 48 ساعة", "the last 48 hours"),
    ],
)
def test_the_command_line_digest_names_its_window_in_words_that_agree(store: Engine, hours, arabic, english):
    from bot import views
    from bot.answers.digest import digest_report

    report = digest_report(store, hours=hours, now=NOW)
    assert arabic in views.digest_blocks(report, "ar")[0] and english in views.digest_blocks(report, "en")[0]
