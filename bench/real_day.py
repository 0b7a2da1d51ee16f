"""A real day through the real pipeline: what a subscriber gets, and what a reader should check.

    .venv/bin/python -m bench.real_day --day 2015-08-08 [--out docs/real-day-2015-08-08.md]

Every SaudiNewsNet article of the day (dated by its `date_extracted`, outlets by their Arabic names) is
ingested into an empty store exactly as `nashra ingest` stores articles — the NLP, the near-duplicate
check, placement in stories, the entity index — and then:
- the 10-story digest a subscriber in Riyadh gets the next morning, as Telegram's messages read (the
  HTML's text, links after their outlet), with its word count (titles and summary bullets);
- the 20 largest stories with their members' titles, to read for articles that do not belong;
- a random sample of 100 of the names shown under the day's stories, to read for junk;
- the `about` cards of a club, a region and a ministry.
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import ROOT, saudinewsnet
from bench.sample_day import OUTLETS
from bot import views
from bot.answers.about import about_report
from bot.answers.chat_digest import chat_digest
from bot.ingest.store import store_article
from bot.telegram.split import split_message
from digest.parallel import process_all
from digest.sources.model import Failure, RawArticle, parse_time
from storage import stories
from storage.engine import open_database

READER_ZONE = "Asia/Riyadh"
CARDS = ("الهلال", "عسير", "وزارة الداخلية")


def day_articles(day: str) -> list[RawArticle]:
    found = sorted(
        (a for a in saudinewsnet() if a["date_extracted"].startswith(day)), key=lambda a: (a["date_extracted"], a["id"])
    )
    return [
        RawArticle(
            item=a["id"],
            text=a["content"],
            url=a["url"],
            title=a["title"],
            source=OUTLETS.get(a["source"], a["source"]),
            published=parse_time(a["date_extracted"]),
        )
        for a in found
    ]


def _words(text: str) -> int:
    return len(re.findall(r"[^\W\d_]+", text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--day", default="2015-08-08")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    raws = day_articles(args.day)
    now = datetime.fromisoformat(args.day).replace(tzinfo=UTC) + timedelta(days=1, hours=5)  # 08:00 in Riyadh
    lines = [
        f"# {args.day}: a real day through the real pipeline",
        "",
        f"`python -m bench.real_day --day {args.day}`",
        "",
    ]
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'day.db'}")
        started = time.perf_counter()
        stored = 0
        for processed in process_all([(raw, frozenset()) for raw in raws], args.processes):
            if not isinstance(processed, Failure) and store_article(engine, processed, None, now) is not None:
                stored += 1
        seconds = time.perf_counter() - started
        report = chat_digest(engine, 1, hours=36, now=now)
        messages = split_message(views.digest_blocks(report, "ar", READER_ZONE))
        shown = [*(s["title"] for s in report["stories"]), *(x for s in report["stories"] for x in s["summary"])]
        lines += [
            f"{len(raws)} articles of the day, {stored} stored, in {seconds:.0f} s "
            f"({1000 * seconds / max(len(raws), 1):.0f} ms an article, {args.processes} NLP processes).",
            "",
            f"## The digest a subscriber gets ({len(messages)} Telegram messages; "
            f"{_words(' '.join(shown))} words of titles and summaries)",
            "",
        ]
        for number, message in enumerate(messages, start=1):
            lines += [f"### Message {number}", "", "```text", views.as_text(message, links=False), "```", ""]
        lines += _largest_stories(engine)
        lines += _names_sample(engine, args.seed)
        lines += ["## `about` cards", ""]
        for name in CARDS:
            card = views.as_text("\n\n".join(views.about_blocks(about_report(engine, name), "ar", READER_ZONE)))
            lines += [f"### {name}", "", "```text", card[:1500], "```", ""]
        engine.dispose()
    out = args.out or ROOT / "docs" / f"real-day-{args.day}.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[:12]))
    print(f"\nwritten to {out}")


def _largest_stories(engine, top: int = 20) -> list[str]:
    from sqlmodel import Session, select

    from storage.models import Story, StoryState

    with Session(engine) as session:
        largest = session.exec(
            select(Story).where(Story.state == StoryState.OPEN).order_by(Story.member_count.desc()).limit(top)  # type: ignore[attr-defined]
        ).all()
        members = stories.story_articles(session, [s.id for s in largest if s.id is not None])
    lines = [f"## The {top} largest stories and their members", ""]
    for number, story in enumerate(largest, start=1):
        lines.append(f"{number}. **{story.title}** ({story.member_count})")
        lines += [f"   - {m.title} — {m.source_name}" for m in members[story.id]]  # type: ignore[index]
    return [*lines, ""]


def _names_sample(engine, seed: int, size: int = 100) -> list[str]:
    from sqlmodel import Session, select

    from storage.models import Story, StoryState

    with Session(engine) as session:
        named = session.exec(select(Story.title, Story.names).where(Story.state == StoryState.OPEN)).all()
    shown = [(title, name) for title, names in named for name in (names or [])]
    chosen = random.Random(seed).sample(shown, min(size, len(shown)))
    lines = [f"## {len(chosen)} of the {len(shown)} names shown under the day's stories (seed {seed})", ""]
    lines += [f"{n}. {name} — under «{title}»" for n, (title, name) in enumerate(chosen, start=1)]
    return [*lines, ""]


if __name__ == "__main__":
    main()
