"""Storing one processed article exactly once, and placing it in a story.

Read → decide → write. Everything the article needs is worked out first, with no lock held: is it
stored already, is it a near-copy of a stored report, which stories could it join and which one it
joins (`bot.ingest.stories`). Then one short transaction under the store's write lock checks that
nothing it read has changed (another worker may have stored the same report or grown the same
story meanwhile), writes the article, its near-copy bands and its story membership, and commits.
A second transaction, without that lock, writes what other articles do not decide by: the article's
summary, its term and line counts and its entity index (`index_stored`; an article left unindexed by
a killed pass is indexed by the next, `index_pending`). A story that grew gets its title and summary
after that.

Exactly once: an article whose normalised body hash or URL is stored counts as a duplicate; the
unique constraints catch the rare race the checks miss.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

from datasketch import MinHash
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.ingest.entities import index_article
from bot.ingest.stories import (
    PlacementInput,
    decide_placement,
    join_as_duplicate,
    lead_of,
    read_placement,
    refresh_story,
    story_names_of,
    write_placement,
)
from digest.boilerplate import outlet_lines
from digest.clustering import entity_keys
from digest.event_features import EventFeatures, from_processed
from digest.near_duplicates import bands, from_bytes, is_near_duplicate
from digest.pipeline import ProcessedArticle
from digest.sources.model import RawArticle, looks_like_html
from digest.sources.urls import normalize_url
from digest.story_core import Decision
from storage import articles, outlets, stories, story_index
from storage.engine import session_scope
from storage.models import Article, Source, SummaryKind

log = logging.getLogger(__name__)

PENDING_AFTER = timedelta(minutes=2)  # an article left unindexed this long was left by a pass that died


@dataclass(frozen=True)
class _Prepared:
    """What was read and decided before the write lock."""

    minhash: MinHash
    bands: list[str]
    near_candidates: frozenset[int]  # stored originals that shared a band when read
    original_id: int | None  # the stored report this one nearly repeats
    features: EventFeatures
    placement_input: PlacementInput | None
    placement: Decision | None


def store_article(
    engine: Engine,
    article: ProcessedArticle,
    source: Source | None,
    now: datetime,
    line_keys: frozenset[str] = frozenset(),
    threshold: float | None = None,
) -> int | None:
    """Store one processed article, count its lines for its outlet and place it in a story.

    Returns the new article's id, or None if it was stored already (then nothing is counted twice).
    """
    raw = article.raw
    source_name = source_name_of(raw, source)
    url = normalize_url(raw.url)
    with Session(engine) as session:
        if articles.find_article(session, content_hash=article.content_hash, url=url) is not None:
            return None
        prepared = _prepare(session, article, now, threshold)
    try:
        with session_scope(engine) as session:
            story_index.lock_for_placement(session)
            if articles.find_article(session, content_hash=article.content_hash, url=url) is not None:
                return None
            original_id = _original_under_lock(session, prepared)
            row = _article_row(article, source, source_name, url, now, with_text=original_id is None)
            if original_id is not None:
                row.duplicate_of_id = original_id
                session.add(row)
                session.flush()
                join_as_duplicate(session, row, session.get(Article, original_id))  # type: ignore[arg-type]
                return row.id
            row.minhash, row.kind, row.indexed = article.minhash, prepared.features.kind, False
            session.add(row)
            session.flush()
            story_index.add_bands(session, row.id, prepared.bands)  # type: ignore[arg-type]
            given = prepared.placement_input or read_placement(session, prepared.features, threshold)
            story = write_placement(session, row, given, prepared.placement or decide_placement(given))
            article_id, grown = row.id, story.id if story.member_count > 1 else None
    except IntegrityError:
        # Another worker stored the same article between our check and our insert.
        log.info("article already stored by another pass: %s", raw.item)
        return None
    assert article_id is not None
    index_stored(engine, article_id, summary=list(article.summary), line_keys=line_keys)
    if grown is not None:
        refresh_story(engine, grown)
    return article_id


def index_stored(
    engine: Engine,
    article_id: int,
    *,
    summary: list[str] | None = None,
    line_keys: frozenset[str] | None = None,
) -> bool:
    """The second transaction of storing an article, without the store's write lock: its summary, the
    entity index, its outlet's line counts and its term counts, and, for a story that has no summary yet
    (a story of its own), the story's summary and names. Exactly once: the article is claimed first. What
    the caller does not pass is worked out again from the stored article, before anything is written;
    the rows every article touches (term counts) come last, so they are held only until the commit.
    False if it was indexed already."""
    with Session(engine) as session:
        row = session.get(Article, article_id)
        if row is None or row.indexed:
            return False
        story = stories.story_of(session, article_id)
        needs_summary = story is not None and not stories.summaries_for(session, SummaryKind.STORY, [story.id])
    if summary is None:
        from digest.summarize import summarize_article

        summary = summarize_article(row.sentences)
    if line_keys is None:
        line_keys = outlet_lines(row.original_text, looks_like_html(row.original_text))
    names = _own_names(row) if needs_summary else None
    with session_scope(engine) as session:
        if not articles.claim_unindexed(session, article_id):
            return False
        stories.save_summary(session, SummaryKind.ARTICLE, summary, article_id=article_id)
        if story is not None and names is not None:
            stories.save_story_summary_if_none(session, story.id, summary, names)  # type: ignore[arg-type]
        index_article(session, row)
        outlets.count_lines(session, row.source_name, line_keys)
        story_index.count_terms(session, [*row.terms, *entity_keys(row.entities)])
    return True


def index_pending(engine: Engine, now: datetime | None = None) -> int:
    """Index the articles a worker stored and placed but was killed before indexing (the next pass does).

    One that cannot be indexed is logged and left for an operator; it never stops the pass."""
    stored_before = (now or datetime.now(UTC)) - PENDING_AFTER
    with Session(engine) as session:
        pending = articles.unindexed(session, stored_before)
    done = 0
    for article_id in pending:
        try:
            done += index_stored(engine, article_id)
        except Exception:
            log.exception("article %s could not be indexed; it stays stored and placed", article_id)
    if done:
        log.info("indexed %d articles stored by a pass that did not finish", done)
    return done


def _own_names(row: Article) -> list[str]:
    return story_names_of([(row.title, lead_of(row.clean_text), dict(row.entities), row.source_name)])


def _prepare(session: Session, article: ProcessedArticle, now: datetime, threshold: float | None) -> _Prepared:
    """Near-copy check and placement decision, from what is stored now (no lock)."""
    minhash = from_bytes(article.minhash)
    its_bands = bands(minhash)
    found = story_index.near_duplicate_candidates(session, its_bands)
    original = next((i for i, stored in found if is_near_duplicate(minhash, from_bytes(stored))), None)
    features = replace(article.event or from_processed(article), published=dated_at(article.raw, now).isoformat())
    given = read_placement(session, features, threshold) if original is None else None
    return _Prepared(
        minhash=minhash,
        bands=its_bands,
        near_candidates=frozenset(i for i, _ in found),
        original_id=original,
        features=features,
        placement_input=given,
        placement=decide_placement(given) if given is not None else None,
    )


def _original_under_lock(session: Session, prepared: _Prepared) -> int | None:
    """The near-copy check again, for originals stored since it was first made (usually none)."""
    if prepared.original_id is not None:
        return prepared.original_id
    for article_id, stored in story_index.near_duplicate_candidates(session, prepared.bands):
        if article_id not in prepared.near_candidates and is_near_duplicate(prepared.minhash, from_bytes(stored)):
            return article_id
    return None


def dated_at(raw: RawArticle, now: datetime) -> datetime:
    """An article's time: its published time where the source states one, else when it was seen.

    A published time in the future (a wrong clock, a typo: 2031) counts as the time it was seen.
    """
    return raw.published if raw.published is not None and raw.published <= now else now


def _article_row(
    article: ProcessedArticle,
    source: Source | None,
    source_name: str,
    url: str,
    now: datetime,
    *,
    with_text: bool = True,
) -> Article:
    """The database row of a processed article; `with_text=False` keeps only what identifies and dates it."""
    raw = article.raw
    return Article(
        source_id=source.id if source else None,
        source_name=source_name,
        url=url,
        given_url=raw.url,
        guid=raw.guid,
        title=article.title,
        original_text=raw.text if with_text else "",
        clean_text=article.clean_text if with_text else "",
        normalized_text=article.normalized_text if with_text else "",
        search_text=article.search_text if with_text else "",
        sentences=list(article.sentences) if with_text else [],
        terms=article.terms if with_text else {},
        entities=article.entities if with_text else {},
        content_hash=article.content_hash,
        published_at=raw.published,
        fetched_at=now,
        dated_at=dated_at(raw, now),
    )


def source_name_of(raw: RawArticle, source: Source | None) -> str:
    """The outlet's name: as the item gives it, else the URL's host, else the source's name or folder."""
    if raw.source:
        return raw.source
    host = urlparse(raw.url).hostname if raw.url.startswith(("http:", "https:")) else None
    if host:
        return host.removeprefix("www.")
    if source is not None:
        return source.name
    return Path(urlparse(raw.url).path).parent.name or "local"
