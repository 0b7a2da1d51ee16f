"""One ingestion pass as the CLI, `nashra chat` and the bot's /ingest run it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from bot.ingest import IngestReport, Notify, Progress, ingest_paths, ingest_sources, ingest_urls
from bot.settings import Settings
from digest.sources.http import FetchSettings


def fetch_settings(settings: Settings) -> FetchSettings:
    return FetchSettings(allow_private=settings.allow_private_urls)


def one_pass(
    engine: Engine,
    settings: Settings,
    targets: Sequence[str] = (),
    *,
    progress: Progress | None = None,
    notify: Notify | None = None,
) -> IngestReport:
    """The given files, folders and URLs once; or, with none given, every active source and the inbox."""
    report = IngestReport()
    urls = [t for t in targets if t.startswith(("http://", "https://"))]
    paths = [t for t in targets if t not in urls]
    if urls:
        report.add(ingest_urls(engine, urls, fetch_settings(settings), processes=settings.processes))
    if paths:
        report.add(ingest_paths(engine, paths, progress=progress, processes=settings.processes))
    if not targets:
        report.add(
            ingest_sources(
                engine, fetch_settings(settings), progress=progress, notify=notify, processes=settings.processes
            )
        )
        if settings.inbox.is_dir():
            report.add(ingest_paths(engine, [str(settings.inbox)], progress=progress, processes=settings.processes))
    return report
