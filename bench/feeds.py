"""A pass over 1,000 feed entries served on loopback: entries per second and memory.

    .venv/bin/python -m bench.feeds [--entries 1000]

Two feeds of real SaudiNewsNet articles: one with the full text in each entry, one
with teasers only (each entry's page is fetched and extracted). The baseline, timed
in the same run, is stock sumy LexRank summarising the same articles.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from sumy.summarizers.lex_rank import LexRankSummarizer

from bench.common import markdown_table, sample, saudinewsnet, timed
from bench.summaries import _stock
from bot.answers.sources import add_source
from bot.ingest.passes import ingest_sources
from digest.sources.http import FetchSettings
from storage.engine import open_database
from tests.doubles import Route, WebDouble

FETCH = FetchSettings(allow_private=True, min_host_interval=0.0)


def _feed(web: WebDouble, path: str, articles: list[dict], teaser: bool) -> None:
    items = []
    for a in articles:
        link = web.url(f"{path}/{a['id']}")
        text = "التفاصيل في الرابط..." if teaser else a["content"]
        items.append(
            f"<item><guid>urn:snn:{path}:{a['id']}</guid><link>{link}</link><title>{escape(a['title'])}</title>"
            f"<description>{escape(text)}</description></item>"
        )
        if teaser:
            paragraphs = "".join(f"<p>{escape(p)}</p>" for p in a["content"].split("\n") if p.strip())
            heading = f"<h1>{escape(a['title'])}</h1>"
            page = f"<html><body><nav>الرئيسية</nav><article>{heading}{paragraphs}</article></body></html>"
            web.routes[f"{path}/{a['id']}"] = Route(page.encode("utf-8"))
    body = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>bench</title>'
    body += "".join(items) + "</channel></rss>"
    web.routes[f"{path}.xml"] = Route(body.encode("utf-8"), content_type="application/rss+xml")


def run(articles: list[dict], teaser: bool, processes: int = 1) -> tuple[float, int, float]:
    """Seconds, entries ingested, and this process's peak RSS (MiB) after the pass."""
    with tempfile.TemporaryDirectory() as folder, WebDouble() as web:
        engine = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
        _feed(web, "/feed", articles, teaser)
        add_source(engine, web.url("/feed.xml"), allow_private=True)
        report, seconds = timed(lambda: ingest_sources(engine, FETCH, processes=processes))
        engine.dispose()
    return seconds, report.ingested, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    articles = [a for a in sample(list(saudinewsnet()), args.entries * 2, args.seed) if len(a["content"]) > 300]
    articles = articles[: args.entries]

    stock = _stock(LexRankSummarizer)
    _, baseline = timed(lambda: [stock(a["content"], a["title"], frozenset()) for a in articles])
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [["stock sumy LexRank alone (baseline)", f"{baseline:.1f}", f"{len(articles) / baseline:.0f}", "1.00", ""]]
    cores = os.cpu_count() or 1
    passes = [("full-text feed", False, 1), ("teaser feed, each page fetched", True, 1)]
    if cores > 1:
        passes += [(f"full-text feed, NLP over {cores} processes", False, cores)]
    for name, teaser, processes in passes:
        seconds, ingested, rss = run(articles, teaser, processes)
        speed = f"{ingested / seconds:.0f}"
        rows.append(
            [
                f"Nashra pass, {name}: {ingested} stored",
                f"{seconds:.1f}",
                speed,
                f"{baseline / seconds:.2f}",
                f"{rss:.0f}",
            ]
        )
    print(f"## A pass over {len(articles)} feed entries on loopback (SQLite; {cores} cores)\n")
    print(markdown_table(["", "seconds", "entries/s", "× LexRank speed", "peak RSS MiB"], rows))
    print(f"\nPeak RSS before the passes (libraries and the corpus loaded): {start_rss:.0f} MiB;")
    print("with several processes the RSS column is the storing process only (each NLP worker has its own).")


if __name__ == "__main__":
    main()
