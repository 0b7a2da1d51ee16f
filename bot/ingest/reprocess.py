"""`nashra reprocess`: run the current NLP again over stored articles, after an upgrade.

Two steps, each over the run's original articles (copies follow their originals):

1. **NLP** (`--what entities|summaries`, and `stories` for the term vectors): the stored text goes
   through `digest.pipeline.process` again; with `entities` the article's entity links are taken out
   and recorded anew (entity counts, story entity counts and IDF counts stay right); with `summaries`
   its sentences and summary are replaced, then the summaries of the stories it belongs to; with
   `stories` its term vector is replaced. Chunks of this step run on every worker at once.
2. **Stories** (`--what stories`): in date order, each article leaves its story (which is rebuilt
   from its remaining members; emptied, it is marked merged into where the article went, so the
   merge stays visible) and is placed again by the current model, its copies with it. Chunks of
   this step run one at a time, oldest first.

Every article is its own short transaction under the placement lock, so the store stays usable
(ingestion goes on; a digest never sees an article without a story), and each writes its
`reprocess_done` row with its data: a run killed anywhere resumes where it stopped, nothing done
twice. On PostgreSQL the chunks are queue jobs (bot.ingest.queue); on SQLite `run_here` walks them
in this process.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session

from bot.ingest.entities import index_article, names_of
from bot.ingest.stories import (
    decide_placement,
    features_of,
    join_as_duplicate,
    read_placement,
    rebuild_story,
    refresh_story,
    write_placement,
)
from digest.boilerplate import outlet_lines, template_keys
from digest.clustering import entity_keys
from digest.pipeline import ProcessedArticle
from digest.sources.model import Failure, RawArticle, looks_like_html
from storage import outlets, stories, story_index
from storage import reprocess as progress
from storage.articles import articles_by_id
from storage.engine import session_scope
from storage.models import Article, ReprocessRun, ReprocessStep, StoryState, SummaryKind, aware

log = logging.getLogger(__name__)

WHAT = ("entities", "stories", "summaries")
CHUNK = 200  # articles per chunk (per job on PostgreSQL)

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class Started:
    run: ReprocessRun
    resumed: bool


def start(engine: Engine, what: Sequence[str], since: date | None) -> Started:
    """A new run over the articles dated since `since`, or the unfinished run of the same kind."""
    wanted = ",".join(sorted(set(what) or set(WHAT)))
    with session_scope(engine) as session:
        found = progress.open_run(session, wanted, since)
        if found is not None:
            return Started(found, resumed=True)
        return Started(progress.create_run(session, wanted, since, ReprocessStep.NLP), resumed=False)


def summary(engine: Engine, started: Started) -> dict[str, object]:
    """What `nashra reprocess` reports of a run."""
    run = started.run
    with Session(engine) as session:
        step = session.get(ReprocessRun, run.id).step  # type: ignore[union-attr]
    return {
        "run": run.id,
        "what": run.what.split(","),
        "since": run.since.isoformat() if run.since else None,
        "total": run.total,
        "resumed": started.resumed,
        "step": str(step),
        "finished": step is ReprocessStep.DONE,
    }


def chunks(engine: Engine, run: ReprocessRun, step: ReprocessStep, size: int = CHUNK) -> list[list[int]]:
    """The step's articles not done yet, oldest first, in chunks."""
    with Session(engine) as session:
        ids = progress.pending(session, run, step)
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def advance(engine: Engine, run_id: int, size: int = CHUNK) -> tuple[ReprocessStep, list[list[int]]] | None:
    """Once a step has done all its articles, move the run on. Returns the next step and its chunks
    when this call moved it on to placing in stories (only one caller does), else None."""
    with Session(engine) as session:
        run = session.get(ReprocessRun, run_id)
        if run is None or run.step is ReprocessStep.DONE:
            return None
        if progress.done_count(session, run_id, run.step) < run.total or progress.pending(session, run, run.step):
            return None  # the count first: it reads the progress index only
        current = run.step
    following = ReprocessStep.STORIES if current is ReprocessStep.NLP and "stories" in run.what else ReprocessStep.DONE
    with session_scope(engine) as session:
        if not progress.move_on(session, run_id, current, following):
            return None
        if following is ReprocessStep.STORIES:
            story_index.lock_for_placement(session)
            progress.unindex_stories_with_pending(session, run, following)
    if following is ReprocessStep.DONE:
        log.info("reprocess run #%s done", run_id)
        return None
    run.step = following
    found = chunks(engine, run, following, size)
    return (following, found) if found else advance(engine, run_id, size)  # nothing to place: done


def run_here(engine: Engine, run: ReprocessRun, *, progress_bar: Progress | None = None, processes: int = 1) -> None:
    """The whole run in this process (SQLite), chunk after chunk; killed, it resumes on the next call."""
    with Session(engine) as session:
        total = len(progress.pending(session, run, ReprocessStep.NLP)) if run.step is ReprocessStep.NLP else 0
        if "stories" in run.what and run.step is not ReprocessStep.DONE:
            total += len(progress.pending(session, run, ReprocessStep.STORIES))
    done = 0
    step = run.step
    while step is not ReprocessStep.DONE:
        for ids in chunks(engine, run, step):
            done += run_chunk(engine, run.id or 0, step, ids, worker="here", processes=processes)
            if progress_bar:
                progress_bar(done, total)
        advance(engine, run.id or 0)
        with Session(engine) as session:
            step = session.get(ReprocessRun, run.id).step  # type: ignore[union-attr]
        run.step = step


def run_chunk(
    engine: Engine, run_id: int, step: ReprocessStep, article_ids: Sequence[int], *, worker: str, processes: int = 1
) -> int:
    """Reprocess one chunk; articles done already (a resumed or retried chunk) are skipped. Returns how many
    this call did."""
    with Session(engine) as session:
        run = session.get(ReprocessRun, run_id)
        if run is None:
            return 0
        what = set(run.what.split(","))
        todo = [i for i in article_ids if not progress.is_done(session, run_id, step, i)]
    if step is ReprocessStep.NLP:
        done, touched = _nlp_chunk(engine, run_id, todo, what, worker, processes)
        if "summaries" in what and "stories" not in what:
            _refresh(engine, touched)
    else:
        done, touched = 0, set()
        for article_id in todo:
            moved = _place_again(engine, run_id, article_id, worker)
            done += moved is not None
            touched |= moved or set()
        _refresh(engine, touched)
    return done


# --- step 1: the NLP again ------------------------------------------------------------------


def _nlp_chunk(
    engine: Engine, run_id: int, ids: Sequence[int], what: set[str], worker: str, processes: int
) -> tuple[int, set[int]]:
    from digest.parallel import process_all

    with Session(engine) as session:
        rows = articles_by_id(session, list(ids))
        ordered = [rows[i] for i in ids if i in rows]
        jobs = [(_raw(a), _template(session, a)) for a in ordered]
    done, touched = 0, set()
    for article, processed in zip(ordered, process_all(jobs, processes), strict=True):
        story_id = _write_nlp(engine, run_id, article.id or 0, processed, what, worker)
        if story_id is not False:
            done += 1
            if isinstance(story_id, int):
                touched.add(story_id)
    return done, touched


def _raw(article: Article) -> RawArticle:
    text = article.original_text
    return RawArticle(
        item=article.url,
        text=text,
        url=article.given_url or article.url,
        title=article.title,
        published=aware(article.published_at) if article.published_at else None,
        source=article.source_name,
        is_html=looks_like_html(text),
        guid=article.guid,
    )


def _template(session: Session, article: Article) -> frozenset[str]:
    lines = outlet_lines(article.original_text, looks_like_html(article.original_text))
    return template_keys(outlets.line_counts(session, article.source_name, lines))


def _write_nlp(
    engine: Engine, run_id: int, article_id: int, processed: ProcessedArticle | Failure, what: set[str], worker: str
) -> int | bool | None:
    """Write one article's new NLP data with its progress row. Returns its story's id (None: no story),
    or False when another worker did it first."""
    with session_scope(engine) as session:
        story_index.lock_for_placement(session)
        if progress.is_done(session, run_id, ReprocessStep.NLP, article_id):
            return False
        progress.mark_done(session, run_id, ReprocessStep.NLP, article_id, worker)
        row = session.get(Article, article_id)
        if row is None or isinstance(processed, Failure):
            if isinstance(processed, Failure):
                log.info("article %s kept as it was: %s", article_id, processed.message)
            return None
        story = stories.story_of(session, article_id)
        before = set(row.terms) | set(entity_keys(list(row.entities)))
        if "entities" in what and processed.entities != row.entities:
            recorded = [(n.key, n.spelling, n.kind) for n in names_of(row.entities)]
            progress.unrecord_entities(session, article_id, recorded)
            if story is not None:
                entities = Counter(story.entities) - Counter(dict.fromkeys(row.entities, 1))
                story.entities = dict(entities + Counter(dict.fromkeys(processed.entities, 1)))
                session.add(story)
            row.entities = dict(processed.entities)
            index_article(session, row)
        if "stories" in what:
            row.terms = dict(processed.terms)
        after = set(row.terms) | set(entity_keys(list(row.entities)))
        progress.uncount_terms(session, before - after)
        if after - before:
            story_index.count_terms(session, after - before)
            progress.uncount_terms(session, {story_index.DOCUMENTS})  # count_terms counts the article again
        if "summaries" in what:
            row.sentences = list(processed.sentences)
            stories.save_summary(session, SummaryKind.ARTICLE, processed.summary, article_id=article_id)
            if story is not None and story.member_count == 1:
                stories.save_summary(session, SummaryKind.STORY, processed.summary, story_id=story.id)
        session.add(row)
        return story.id if story is not None and story.member_count > 1 else None


# --- step 2: placing in stories again -------------------------------------------------------


def _place_again(engine: Engine, run_id: int, article_id: int, worker: str) -> set[int] | None:
    """Take the article (and its copies) out of its story and place it by the current model, in one
    transaction. Returns the stories whose title and summary need redoing; None if done before."""
    with session_scope(engine) as session:
        story_index.lock_for_placement(session)
        if progress.is_done(session, run_id, ReprocessStep.STORIES, article_id):
            return None
        progress.mark_done(session, run_id, ReprocessStep.STORIES, article_id, worker)
        row, run = session.get(Article, article_id), session.get(ReprocessRun, run_id)
        if row is None or run is None:
            return set()
        old = stories.story_of(session, article_id)
        copies = progress.copies_of(session, article_id)
        progress.leave_stories(session, [article_id, *(c.id for c in copies if c.id is not None)])
        if old is not None:
            pending = progress.has_pending(session, run, ReprocessStep.STORIES, old.id or 0)
            rebuild_story(session, old, indexed=not pending)
        given = read_placement(session, features_of(row))
        row.kind = given.features.kind
        story = write_placement(session, row, given, decide_placement(given), empty=old)
        for copy in copies:
            join_as_duplicate(session, copy, row)
        if old is not None and old.id != story.id and old.member_count == 0 and old.state is StoryState.OPEN:
            old.state, old.merged_into_id = StoryState.MERGED, story.id  # emptied: merged into where it went
            session.add(old)
        if story.member_count == 1 + len(copies):
            summary = stories.summaries_for(session, SummaryKind.ARTICLE, [article_id]).get(article_id, [])
            stories.save_summary(session, SummaryKind.STORY, summary, story_id=story.id)
        touched = {story.id} if story.member_count > 1 + len(copies) else set()
        if old is not None and old.id != story.id and old.member_count > 0:
            touched.add(old.id)
        return {i for i in touched if i is not None}


def _refresh(engine: Engine, story_ids: set[int]) -> None:
    """Titles and summaries of the stories a chunk changed (the NLP, outside any lock)."""
    for story_id in sorted(story_ids):
        refresh_story(engine, story_id)
