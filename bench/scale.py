"""`about`, `search` and the digest on a big store; the bot's memory on it.

    .venv/bin/python -m bench.scale [--sizes 10000,100000,1000000] [--backends sqlite,postgresql]
    .venv/bin/python -m bench.scale --existing URL     # time a store grown earlier

A few hundred real SaudiNewsNet articles (their first paragraphs) go through the real pipeline
once; the store is then grown to each size by copying them with new ids, URLs and dates spread
over two years (so the last day holds size/730 articles), their stories, summaries and entity
links with them. Each size is timed with the functions the CLI and the bot call. At the largest
size the real `nashra bot` process answers /digest, /about and /search from a Bot API double,
and its peak RSS is read from /proc.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, func, insert, select, text, update

from bench.common import ROOT, markdown_table, sample, saudinewsnet
from bot.answers.about import about_report
from bot.answers.digest import digest_report
from bot.answers.search import search_report
from bot.ingest.store import store_article
from digest.arabic import words
from digest.parallel import process_all
from digest.pipeline import ProcessedArticle
from digest.sources.model import RawArticle
from storage.engine import open_database
from storage.models import Article, ArticleEntity, Entity, Story, StoryArticle, Summary
from tests.doubles import TelegramDouble

END = datetime(2026, 11, 23, 12, tzinfo=UTC)
WINDOW = timedelta(days=730)
PG_SERVER = os.environ.get("NASHRA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_BATCH = 5000
HEADER = ["store", "articles", "built (s)", "about p50/p95 ms", "search p50/p95 ms", "digest median/max ms"]
MEMORY_HEADER = ["store", "articles", "peak RSS MiB", "messages sent"]


def base_articles(count: int, seed: int, paragraphs: int = 2) -> list[ProcessedArticle]:
    """Real articles, cut to their first paragraphs (so a million fit on disk), through the pipeline."""
    chosen = [a for a in sample(list(saudinewsnet()), count * 2, seed) if len(a["content"]) > 300][:count]
    jobs = []
    for a in chosen:
        kept = [p for p in a["content"].split("\n") if p.strip()][:paragraphs]
        published = datetime.fromisoformat(a["date_extracted"]).replace(tzinfo=UTC)
        raw = RawArticle(
            item=a["url"],
            text="\n\n".join(kept),
            url=a["url"],
            title=a["title"],
            published=published,
            source=a["source"],
        )
        jobs.append((raw, frozenset[str]()))
    return [p for p in process_all(jobs, os.cpu_count() or 1) if isinstance(p, ProcessedArticle)]


def _rows(engine: Engine, model: Any) -> list[dict[str, Any]]:
    """All rows in key order (PostgreSQL returns them in storage order: an original after its copy)."""
    table = model.__table__
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(select(table).order_by(*table.primary_key.columns))]


def grow(engine: Engine, size: int, base: dict[str, list[dict[str, Any]]]) -> None:
    """Copy the base articles (with their stories, summaries, entity links) until the store holds `size`."""
    articles, stories = base["article"], base["story"]
    per_copy, top_article, top_story = len(articles), max(a["id"] for a in articles), max(s["id"] for s in stories)
    first = min(a["dated_at"] for a in articles)
    span = max(a["dated_at"] for a in articles) - first or timedelta(seconds=1)
    copies = -(-size // per_copy)
    block = WINDOW / copies

    def moved(when: datetime, k: int) -> datetime:  # the base's time line squeezed into block k (newest last)
        return END - (copies - k) * block + (when - first) / span * block

    pending: dict[Any, list[dict[str, Any]]] = {}
    for k in range(copies):
        a_off, s_off = k * top_article, k * top_story
        for index, a in enumerate(articles):
            if k * per_copy + index >= size:
                break
            row = dict(a, id=a["id"] + a_off, url=f"{a['url']}#copy{k}", content_hash=f"{a['content_hash']}:{k}")
            row.update(guid=None, minhash=None, dated_at=moved(a["dated_at"], k), published_at=None)
            row["duplicate_of_id"] = a["duplicate_of_id"] + a_off if a["duplicate_of_id"] else None
            pending.setdefault(Article, []).append(row)
        kept = {r["id"] for r in pending.get(Article, [])}
        for s in stories:
            story = dict(s, id=s["id"] + s_off, first_seen_at=moved(s["first_seen_at"], k))
            story.update(last_seen_at=moved(s["last_seen_at"], k), merged_into_id=None)
            pending.setdefault(Story, []).append(story)
        for m in base["story_article"]:
            if m["article_id"] + a_off in kept:
                row = dict(m, id=None, story_id=m["story_id"] + s_off, article_id=m["article_id"] + a_off)
                pending.setdefault(StoryArticle, []).append(row)
        for m in base["summary"]:
            if m["story_id"] is not None or m["article_id"] + a_off in kept:
                row = dict(m, id=None)
                row["article_id"] = m["article_id"] + a_off if m["article_id"] else None
                row["story_id"] = m["story_id"] + s_off if m["story_id"] else None
                pending.setdefault(Summary, []).append(row)
        dates = {r["id"]: r["dated_at"] for r in pending.get(Article, [])}
        for m in base["article_entity"]:
            if m["article_id"] + a_off in kept:
                row = dict(m, article_id=m["article_id"] + a_off, dated_at=dates[m["article_id"] + a_off])
                pending.setdefault(ArticleEntity, []).append(row)
        if len(pending.get(Article, [])) >= _BATCH or k == copies - 1:
            _flush(engine, pending)
            pending = {}
    with engine.begin() as connection:  # mentions as the copies make them
        for entity_id, count in connection.execute(
            select(ArticleEntity.entity_id, func.count()).group_by(ArticleEntity.entity_id)
        ).all():
            connection.execute(update(Entity).where(Entity.id == entity_id).values(mentions=count))
        if connection.dialect.name == "postgresql":
            for table in ("article", "story", "story_article", "summary"):
                connection.execute(text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"))
    if engine.dialect.name == "postgresql":  # statistics, as autovacuum keeps them for a store that grew slowly
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))


def _clear(engine: Engine) -> None:
    """Empty the store's articles and stories (entities stay; their counts are redone by `grow`)."""
    with engine.begin() as connection:
        connection.execute(ArticleEntity.__table__.delete())
        connection.execute(Summary.__table__.delete())
        connection.execute(StoryArticle.__table__.delete())
        connection.execute(update(Story).values(merged_into_id=None))
        connection.execute(text("DELETE FROM article_band"))
        connection.execute(text("DELETE FROM story_term"))
        connection.execute(Article.__table__.delete())
        connection.execute(Story.__table__.delete())


def _flush(engine: Engine, pending: dict[Any, list[dict[str, Any]]]) -> None:
    with engine.begin() as connection:
        for model in (Story, Article, StoryArticle, Summary, ArticleEntity):
            rows = pending.get(model, [])
            if model in (StoryArticle, Summary):
                rows = [{k: v for k, v in r.items() if k != "id"} for r in rows]
            for i in range(0, len(rows), _BATCH):
                connection.execute(insert(model.__table__), rows[i : i + _BATCH])


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(0.95 * (len(ordered) - 1))] * 1000


def measure(engine: Engine, queries: dict[str, list[str]]) -> dict[str, tuple[float, float]]:
    timings: dict[str, list[float]] = {"about": [], "search": [], "digest": []}
    for name in queries["about"]:
        start = time.perf_counter()
        about_report(engine, name)
        timings["about"].append(time.perf_counter() - start)
    for query in queries["search"]:
        start = time.perf_counter()
        search_report(engine, query, limit=20)
        timings["search"].append(time.perf_counter() - start)
    with engine.connect() as connection:  # the digest as of the newest article
        newest = connection.execute(select(func.max(Article.dated_at))).scalar_one()
    newest = newest if newest.tzinfo else newest.replace(tzinfo=UTC)
    for _ in range(5):
        start = time.perf_counter()
        digest_report(engine, hours=24, limit=10, now=newest)
        timings["digest"].append(time.perf_counter() - start)
    return {kind: percentiles(samples) for kind, samples in timings.items()}


def query_sets(base: list[ProcessedArticle], entities: list[str], count: int, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    title_words = [w for a in base for w in words(a.title) if len(w) > 3]
    unknown = ["زيد عمرو الخيالي", "شركة لا وجود لها", "مدينة الضباب السابعة"]
    about = [rng.choice(entities) for _ in range(count - count // 5)] + [rng.choice(unknown) for _ in range(count // 5)]
    search = [" ".join(rng.sample(title_words, rng.choice((1, 1, 2)))) for _ in range(count)]
    return {"about": about, "search": search}


def bot_peak_rss(url: str, names: list[str], queries: list[str]) -> tuple[float, int]:
    """Peak RSS (MiB) of a real `nashra bot` answering on this store, and how many answers it sent."""
    with TelegramDouble() as telegram, tempfile.TemporaryDirectory() as folder:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("NASHRA_")},
            "NASHRA_DATABASE_URL": url,
            "NASHRA_TELEGRAM_TOKEN": "123456:BENCH",
            "NASHRA_TELEGRAM_API_URL": telegram.api_url,
            "NASHRA_INBOX": str(Path(folder) / "inbox"),
            "NASHRA_BOT_INGESTS": "false",
            "PYTHONPATH": str(ROOT),  # this checkout's code, wherever the bot runs from
        }
        bot = subprocess.Popen([sys.executable, "-m", "bot", "bot"], env=env, cwd=folder, stderr=subprocess.DEVNULL)
        try:
            telegram.wait_for(lambda: telegram.sent(method="deleteWebhook"), 300)
            asked = ["/digest"] + [f"/about {n}" for n in names] + [f"/search {q}" for q in queries]
            for chat, command in enumerate(asked, start=1):
                telegram.send_text(chat, command)
            telegram.wait_for(lambda: len({c.params.get("chat_id") for c in telegram.sent()}) >= len(asked), 600)
            status = Path(f"/proc/{bot.pid}/status").read_text()
            peak = int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]) / 1024
            return peak, len(telegram.sent())
        finally:
            bot.terminate()
            bot.wait(timeout=60)


def _database(backend: str, folder: Path) -> tuple[str, Any]:
    if backend == "sqlite":
        return f"sqlite:///{folder / 'scale.db'}", None
    schema = f"nashra_scale_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_SERVER)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    return f"{PG_SERVER}?options=-csearch_path%3D{schema}", (admin, schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--base", type=int, default=400, help="real articles the store is grown from")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--bot-queries", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--paragraphs", type=int, default=2, help="of each article kept (a million must fit on disk)")
    parser.add_argument("--existing", metavar="URL", help="only time a store grown earlier (same --base and --seed)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    start = time.perf_counter()
    base = base_articles(args.base, args.seed, args.paragraphs)
    print(f"{len(base)} base articles through the pipeline in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    if args.existing:
        measure_existing(args.existing, base, args.queries, args.seed, args.bot_queries)
        return
    rows, memory = [], []
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory() as folder:
            url, cleanup = _database(backend, Path(folder))
            engine = open_database(url)
            for processed in base:
                store_article(engine, processed, None, END)
            tables = {m.__tablename__: _rows(engine, m) for m in (Article, Story, StoryArticle, Summary)}
            tables["article_entity"] = _rows(engine, ArticleEntity)
            names = [e["name"] for e in _top_names(engine)]
            _clear(engine)  # the base becomes copy 0 of each grown store
            queries = query_sets(base, names, args.queries, args.seed)
            for size in sizes:
                started = time.perf_counter()
                _clear(engine)
                grow(engine, size, tables)
                built = time.perf_counter() - started
                figures = measure(engine, queries)
                rows.append(_timings_row(backend, size, f"{built:.0f}", figures))
                print(markdown_table(HEADER, rows[-1:]), file=sys.stderr, flush=True)
            asked = args.bot_queries
            peak, answers = bot_peak_rss(url, queries["about"][:asked], queries["search"][:asked])
            memory.append([backend, f"{sizes[-1]:,}", f"{peak:.0f}", answers])
            engine.dispose()
            if cleanup:
                admin, schema = cleanup
                with admin.begin() as connection:
                    connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
                admin.dispose()
    print("## about, search and the digest on a grown store (one process)\n")
    print(markdown_table(HEADER, rows))
    print("\n## the bot process on the largest store (NASHRA_BOT_INGESTS=false)\n")
    print(markdown_table(MEMORY_HEADER, memory))


def _timings_row(backend: str, size: int, built: str, figures: dict[str, tuple[float, float]]) -> list[str]:
    row = [backend, f"{size:,}", built]
    row += [f"{figures[k][0]:.1f} / {figures[k][1]:.1f}" for k in ("about", "search")]
    return [*row, f"{figures['digest'][0]:.0f} / {figures['digest'][1]:.0f}"]


def measure_existing(url: str, base: list[ProcessedArticle], count: int, seed: int, asked: int) -> None:
    """The same timings on a store that is already grown (a million articles take most of an hour to grow)."""
    engine = open_database(url)
    with engine.connect() as connection:
        size = connection.execute(select(func.count()).select_from(Article)).scalar_one()
    queries = query_sets(base, [e["name"] for e in _top_names(engine)], count, seed)
    measure(engine, queries)  # once to bring the store into memory, as a running bot has it
    row = _timings_row(engine.dialect.name, size, "(existing)", measure(engine, queries))
    print(markdown_table(HEADER, [row]))
    engine.dispose()
    peak, answers = bot_peak_rss(url, queries["about"][:asked], queries["search"][:asked])
    print("\n" + markdown_table(MEMORY_HEADER, [[row[0], row[1], f"{peak:.0f}", answers]]))


def _top_names(engine: Engine) -> list[dict[str, Any]]:
    from bot.answers.about import top_entities

    return top_entities(engine, 200)


if __name__ == "__main__":
    main()
