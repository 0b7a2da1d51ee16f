"""One ingestion pass: read sources, process articles, store each exactly once, group into stories.

Every article is stored in its own transaction, so a pass killed midway loses
nothing already stored, and a rerun skips what is there (content hash, URL).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from digest.boilerplate import countable_lines, template_keys
from digest.clustering import best_story, centroid
from digest.pipeline import ProcessedArticle, process
from digest.sources.files import read_file, walk_folder
from digest.sources.model import Failure, FailureReason, RawArticle
from digest.story_title import story_title
from digest.summarize import summarize_story
from storage import queries
from storage.engine import session_scope
from storage.models import Article, Source, SourceKind, SourceState, Story, SummaryKind

log = logging.getLogger(__name__)

STORY_WINDOW = timedelta(days=3)

Progress = Callable[[int, int, str], None]  # (done, total, item)


@dataclass
class IngestReport:
    """What a pass did; `to_json` is the CONTRACT shape of `ingest --format json`."""

    seen: int = 0
    ingested: int = 0
    duplicates: int = 0
    failed: list[Failure] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "seen": self.seen,
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "failed": [{"item": f.item, "error": f.message, "reason": str(f.reason)} for f in self.failed],
            "article_ids": self.article_ids,
        }


@dataclass(frozen=True)
class _Item:
    """One file (or later: feed entry, page) to look at, with the source it belongs to."""

    path: Path
    source: Source | None


def ingest_paths(
    engine: Engine, paths: Sequence[str], *, now: datetime | None = None, progress: Progress | None = None
) -> IngestReport:
    """Ingest files and folders given on the command line, once; they do not become sources."""
    report = IngestReport()
    items: list[_Item] = []
    for location in paths:
        path = Path(location)
        if path.is_dir():
            items.extend(_folder_items(path, None, report))
        elif path.is_file():
            items.append(_Item(path, None))
        else:
            report.seen += 1
            report.failed.append(Failure(location, FailureReason.NOT_FOUND, "no such file or folder"))
    _ingest_items(engine, items, report, now or datetime.now(UTC), progress)
    return report


def ingest_sources(engine: Engine, *, now: datetime | None = None, progress: Progress | None = None) -> IngestReport:
    """One pass over every active folder source."""
    report = IngestReport()
    with Session(engine, expire_on_commit=False) as session:
        sources = [s for s in queries.list_sources(session) if s.state is SourceState.ACTIVE]
    items: list[_Item] = []
    for source in sources:
        if source.kind is SourceKind.FOLDER:
            root = Path(source.location)
            if not root.is_dir():
                report.failed.append(Failure(source.location, FailureReason.NOT_FOUND, "folder does not exist"))
                continue
            items.extend(_folder_items(root, source, report))
    _ingest_items(engine, items, report, now or datetime.now(UTC), progress)
    return report


def _folder_items(root: Path, source: Source | None, report: IngestReport) -> Iterator[_Item]:
    for entry in walk_folder(root):
        if isinstance(entry, Failure):
            report.seen += 1
            report.failed.append(entry)
        else:
            yield _Item(entry, source)


def _ingest_items(
    engine: Engine, items: Iterable[_Item], report: IngestReport, now: datetime, progress: Progress | None
) -> None:
    todo = list(items)
    for done, item in enumerate(todo, start=1):
        result = read_file(item.path)
        if progress:
            progress(done, len(todo), str(item.path))
        if not result.articles:
            report.seen += 1
        if result.failure is not None:
            report.failed.append(result.failure)
        for raw in result.articles:
            report.seen += 1
            source_name = _source_name(raw, item.source)
            lines = frozenset() if raw.is_html else countable_lines(raw.text)
            with Session(engine) as session:
                template = template_keys(queries.line_counts(session, source_name, lines))
            processed = process(raw, template=template)
            if isinstance(processed, Failure):
                report.failed.append(processed)
                continue
            article_id = store_article(engine, processed, item.source, now, lines)
            if article_id is None:
                report.duplicates += 1
            else:
                report.ingested += 1
                report.article_ids.append(article_id)


def store_article(
    engine: Engine,
    article: ProcessedArticle,
    source: Source | None,
    now: datetime,
    line_keys: frozenset[str] = frozenset(),
) -> int | None:
    """Store one processed article, count its lines for its source and place it in a story.

    Returns None if the article was already stored (then nothing is counted twice).
    """
    raw = article.raw
    source_name = _source_name(raw, source)
    try:
        with session_scope(engine) as session:
            if queries.find_article(session, content_hash=article.content_hash, url=raw.url) is not None:
                return None
            row = Article(
                source_id=source.id if source else None,
                source_name=source_name,
                url=raw.url,
                title=article.title,
                original_text=raw.text,
                clean_text=article.clean_text,
                normalized_text=article.normalized_text,
                search_text=article.search_text,
                sentences=list(article.sentences),
                terms=article.terms,
                content_hash=article.content_hash,
                published_at=raw.published,
                fetched_at=now,
                dated_at=raw.published or now,
            )
            session.add(row)
            session.flush()
            queries.save_summary(session, SummaryKind.ARTICLE, article.summary, article_id=row.id)
            queries.count_lines(session, source_name, line_keys)
            _place_in_story(session, row)
            return row.id
    except IntegrityError:
        # Another worker stored the same article between our check and our insert.
        log.info("article already stored by another pass: %s", raw.item)
        return None


def _place_in_story(session: Session, article: Article) -> None:
    """Join the best-matching recent story or start a new one, then refresh that story's summary."""
    dated = queries.aware(article.dated_at)
    candidates = queries.recent_stories(session, since=dated - STORY_WINDOW)
    match = best_story(article.terms, ((s.id, s.centroid) for s in candidates if s.id is not None))
    if match is None:
        story = Story(title=article.title, first_seen_at=dated, last_seen_at=dated, centroid=article.terms)
        session.add(story)
        session.flush()
        similarity = 1.0
    else:
        story = next(s for s in candidates if s.id == match[0])
        similarity = match[1]
    queries.add_to_story(session, story, article, similarity)
    session.flush()
    members = queries.story_articles(session, [story.id])[story.id]  # type: ignore[list-item,index]
    story.centroid = centroid(m.terms for m in members)
    story.title = story_title([(m.title, m.source_name) for m in members], story.centroid)
    session.add(story)
    sentences = summarize_story([m.sentences for m in members])
    queries.save_summary(session, SummaryKind.STORY, sentences, story_id=story.id)


def _source_name(raw: RawArticle, source: Source | None) -> str:
    if raw.source:
        return raw.source
    host = urlparse(raw.url).hostname if raw.url.startswith(("http:", "https:")) else None
    if host:
        return host.removeprefix("www.")
    if source is not None:
        return source.name
    return Path(urlparse(raw.url).path).parent.name or "local"
