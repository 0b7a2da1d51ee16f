"""Ingestion passes: read sources and the paths given, process the articles, store each exactly once.

A pass reads each source (a folder, a feed, a page), turns what it gives into raw articles, runs
the NLP over them (over several processes: `digest.parallel`) and stores each one
(`bot.ingest.store`). Exactly once: an item is skipped before any work when its feed GUID or
normalised URL is stored, and an article whose normalised body is stored counts as a duplicate.
Every article is committed on its own (stored and placed, then indexed), and a source's state (ETag,
errors, next check) is saved only after its items, so a pass killed at any point loses nothing and a
rerun stores only what is missing (and indexes what was stored but not indexed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from sqlalchemy import Engine
from sqlmodel import Session

from bot.ingest.store import index_pending, source_name_of, store_article
from bot.settings import Settings
from digest.boilerplate import outlet_lines, template_keys
from digest.parallel import process_all
from digest.sources.files import read_file, walk_folder
from digest.sources.health import next_check, should_disable
from digest.sources.http import Fetcher, FetchSettings
from digest.sources.model import Failure, FailureReason, RawArticle
from digest.sources.urls import looks_like_feed, normalize_url
from digest.sources.web import SourceFetch, read_feed, read_page
from storage import articles, leases, outlets
from storage.engine import session_scope
from storage.models import Source, SourceKind, SourceState

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (done, total, item)
Notify = Callable[[str], None]  # tells the admins
FILE_BATCH = 64  # articles read from files before they are processed together (over several cores)


@dataclass
class IngestReport:
    """What a pass did; `to_json` is the CONTRACT shape of `ingest --format json`."""

    seen: int = 0
    ingested: int = 0
    duplicates: int = 0
    failed: list[Failure] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)

    def add(self, other: IngestReport) -> None:
        self.seen += other.seen
        self.ingested += other.ingested
        self.duplicates += other.duplicates
        self.failed += other.failed
        self.article_ids += other.article_ids

    def summary_line(self) -> str:
        """One line for a worker's log: what the pass saw, stored, skipped and could not read."""
        failed = "".join(f"; {f.item}: {f.message}" for f in self.failed[:3])
        more = f" (+{len(self.failed) - 3} more)" if len(self.failed) > 3 else ""
        return (
            f"{self.seen} seen, {self.ingested} new, {self.duplicates} already stored, "
            f"{len(self.failed)} failed{failed}{more}"
        )

    def to_json(self) -> dict[str, object]:
        return {
            "seen": self.seen,
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "failed": [{"item": f.item, "error": f.message, "reason": str(f.reason)} for f in self.failed],
            "article_ids": self.article_ids,
        }


def ingest_paths(
    engine: Engine,
    paths: Sequence[str],
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
    processes: int = 1,
) -> IngestReport:
    """Ingest files and folders given on the command line, once; they do not become sources."""
    report = IngestReport()
    files: list[Path] = []
    for location in paths:
        path = Path(location)
        if path.is_dir():
            files.extend(_walk(path, report))
        elif path.is_file():
            files.append(path)
        else:
            report.seen += 1
            report.failed.append(Failure(location, FailureReason.NOT_FOUND, "no such file or folder"))
    _ingest_files(engine, files, None, report, now or datetime.now(UTC), progress, processes)
    return report


def ingest_urls(
    engine: Engine, urls: Sequence[str], fetch: FetchSettings, *, now: datetime | None = None, processes: int = 1
) -> IngestReport:
    """Ingest feeds or pages given on the command line, once, without making them sources."""
    report = IngestReport()
    with Fetcher(fetch) as fetcher:
        for url in urls:
            source = Source(name=urlparse(url).hostname or url, kind=guess_kind(url), location=url)
            report.add(_ingest_web(engine, fetcher, source, now or datetime.now(UTC), processes)[0])
    return report


def ingest_sources(
    engine: Engine,
    fetch: FetchSettings,
    *,
    source_ids: Sequence[int] | None = None,
    due_only: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
    notify: Notify | None = None,
    processes: int = 1,
) -> IngestReport:
    """One pass over the active sources (or the given ones), each failure confined to its source.

    Sources are leased one at a time, so several workers running passes at once share them out
    and never read one source together.
    """
    now = now or datetime.now(UTC)
    owner = leases.worker_name()
    report = IngestReport()
    done: list[int] = []
    with Fetcher(fetch) as fetcher:
        while source := leases.claim(
            engine, owner, source_ids=source_ids, due_by=now if due_only else None, exclude=done
        ):
            done.append(source.id)  # type: ignore[arg-type]
            report.add(
                ingest_source(engine, fetcher, source, now=now, progress=progress, notify=notify, processes=processes)
            )
    return report


def ingest_source(
    engine: Engine,
    fetcher: Fetcher,
    source: Source,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
    notify: Notify | None = None,
    processes: int = 1,
) -> IngestReport:
    """Read one source, store its new articles, then record its health."""
    now = now or datetime.now(UTC)
    if source.kind is SourceKind.FOLDER:
        report, error = IngestReport(), None
        root = Path(source.location)
        if root.is_dir():
            _ingest_files(engine, list(_walk(root, report)), source, report, now, progress, processes)
        else:
            error = Failure(source.location, FailureReason.NOT_FOUND, "folder does not exist")
            report.failed.append(error)
        fetched = SourceFetch(items=[], error=error)
    else:
        report, fetched = _ingest_web(engine, fetcher, source, now, processes)
    record_health(engine, source, fetched, now, notify)
    return report


def guess_kind(url: str) -> SourceKind:
    return SourceKind.FEED if looks_like_feed(url) else SourceKind.PAGE


def _ingest_web(
    engine: Engine, fetcher: Fetcher, source: Source, now: datetime, processes: int = 1
) -> tuple[IngestReport, SourceFetch]:
    report = IngestReport()
    fetched = read_web(engine, fetcher, source, report)
    store_items(engine, fetched.items, source, report, now, processes)
    return report, fetched


def read_web(engine: Engine, fetcher: Fetcher, source: Source, report: IngestReport) -> SourceFetch:
    """Fetch a feed or page (and a teaser's pages), skipping entries stored already; counted in `report`."""
    read = read_feed if source.kind is SourceKind.FEED else read_page
    fetched = read(fetcher, source, lambda guid, url: _stored(engine, guid, url))
    report.seen += len(fetched.items) + fetched.skipped + (1 if fetched.error else 0)
    report.duplicates += fetched.skipped
    if fetched.error:
        report.failed.append(fetched.error)
    return fetched


def record_health(engine: Engine, source: Source, fetched: SourceFetch, now: datetime, notify: Notify | None) -> None:
    """Save what reading the source said (ETag, errors, next check), then give its lease back."""
    if source.id is None:
        return  # a one-off URL from the command line
    with session_scope(engine) as session:
        row = session.get(Source, source.id)
        if row is None:
            return  # removed while the pass ran
        if fetched.error is None:
            row.error_count, row.last_error, row.last_error_reason, row.last_success_at = 0, None, None, now
            if not fetched.not_modified:
                row.etag, row.last_modified = fetched.etag, fetched.last_modified
        else:
            row.error_count += 1
            row.last_error = fetched.error.message
            row.last_error_reason = str(fetched.error.reason)
            if should_disable(row.error_count):
                row.state = SourceState.DISABLED
                message = f"Source #{row.id} {row.name} switched off after {row.error_count} errors: {row.last_error}"
                log.warning(message)
                if notify:
                    notify(message)
        row.next_check_at = next_check(now, row.poll_interval, row.error_count)
        leases.release(row, source.lease_owner)
        session.add(row)


def _walk(root: Path, report: IngestReport) -> Iterable[Path]:
    for entry in walk_folder(root):
        if isinstance(entry, Failure):
            report.seen += 1
            report.failed.append(entry)
        else:
            yield entry


def _ingest_files(
    engine: Engine,
    files: list[Path],
    source: Source | None,
    report: IngestReport,
    now: datetime,
    progress: Progress | None,
    processes: int = 1,
) -> None:
    for batch in read_files(engine, files, report, progress):
        store_items(engine, batch, source, report, now, processes)


def read_files(
    engine: Engine,
    files: list[Path],
    report: IngestReport,
    progress: Progress | None = None,
    batch_size: int = FILE_BATCH,
) -> Iterator[list[RawArticle]]:
    """The articles of these files in batches, skipping files taken before; counted in `report`."""
    batch: list[RawArticle] = []
    for done, path in enumerate(files, start=1):
        if progress:
            progress(done, len(files), str(path))
        if _stored(engine, None, path.resolve().as_uri()):
            report.seen += 1
            report.duplicates += 1  # a file taken before is not read again
            continue
        result = read_file(path)
        if not result.articles:
            report.seen += 1
        if result.failure is not None:
            report.failed.append(result.failure)
        report.seen += len(result.articles)
        batch.extend(result.articles)
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def walk(root: Path, report: IngestReport) -> list[Path]:
    """The article files under a folder; what cannot be read is counted as failed in `report`."""
    return list(_walk(root, report))


def store_items(
    engine: Engine,
    items: Sequence[RawArticle | Failure],
    source: Source | None,
    report: IngestReport,
    now: datetime,
    processes: int = 1,
) -> None:
    """Process (NLP) and store raw articles, each exactly once; what happened is counted in `report`."""
    jobs: list[tuple[RawArticle, frozenset[str]]] = []
    lines_of: list[frozenset[str]] = []
    for raw in items:
        if isinstance(raw, Failure):
            report.failed.append(raw)
            continue
        if _stored(engine, raw.guid, raw.url):
            report.duplicates += 1
            continue
        lines = outlet_lines(raw.text, raw.is_html)
        with Session(engine) as session:
            template = template_keys(outlets.line_counts(session, source_name_of(raw, source), lines))
        jobs.append((raw, template))
        lines_of.append(lines)
    for processed, lines in zip(process_all(jobs, processes), lines_of, strict=True):
        if isinstance(processed, Failure):
            report.failed.append(processed)
            continue
        article_id = store_article(engine, processed, source, now, lines)
        if article_id is None:
            report.duplicates += 1
        else:
            report.ingested += 1
            report.article_ids.append(article_id)


def _stored(engine: Engine, guid: str | None, url: str) -> bool:
    with Session(engine) as session:
        return articles.article_exists(session, guid=guid, url=normalize_url(url))


def fetch_settings(settings: Settings) -> FetchSettings:
    return FetchSettings(allow_private=settings.allow_private_urls, min_host_interval=settings.host_interval)


def one_pass(
    engine: Engine,
    settings: Settings,
    targets: Sequence[str] = (),
    *,
    progress: Progress | None = None,
    notify: Notify | None = None,
) -> IngestReport:
    """The given files, folders and URLs once; or, with none given, every active source and the inbox."""
    index_pending(engine)  # what a killed pass stored and placed but did not index
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
