"""Reprocessing runs and their progress, and the writes that take an article's derived data back out.

A run covers the original articles dated since a day (or all) and stored before it began. Each step
(the NLP, then placing in stories) writes one `reprocess_done` row per article in the same
transaction as the article's new data, so a run killed anywhere resumes where it stopped and no
article is done twice. Taking data out (an article's entity links, its terms from the IDF counts,
its story membership) mirrors what storing added; the callers hold the placement lock.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime, time
from typing import NamedTuple

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from storage.models import (
    Article,
    ArticleEntity,
    Entity,
    ReprocessDone,
    ReprocessRun,
    ReprocessStep,
    StoryArticle,
    StoryTerm,
    TermStat,
)


def open_run(session: Session, what: str, since: date | None) -> ReprocessRun | None:
    """The unfinished run of the same kind, if any (running `nashra reprocess` again resumes it)."""
    query = select(ReprocessRun).where(
        ReprocessRun.what == what, ReprocessRun.since == since, ReprocessRun.step != ReprocessStep.DONE
    )
    return session.exec(query.order_by(col(ReprocessRun.id).desc())).first()


def create_run(session: Session, what: str, since: date | None, first_step: ReprocessStep) -> ReprocessRun:
    up_to = session.exec(select(func.max(Article.id))).one() or 0
    run = ReprocessRun(what=what, since=since, up_to_id=up_to, step=first_step)
    run.total = int(session.exec(select(func.count()).select_from(Article).where(*_scope(run))).one())
    session.add(run)
    session.flush()
    return run


def _scope(run: ReprocessRun) -> list:
    # Articles not indexed yet (a pass died between its two transactions) are left to the next pass.
    conditions = [col(Article.id) <= run.up_to_id, col(Article.duplicate_of_id).is_(None), col(Article.indexed)]
    if run.since is not None:
        conditions.append(col(Article.dated_at) >= datetime.combine(run.since, time.min, tzinfo=UTC))
    return conditions


def pending(session: Session, run: ReprocessRun, step: ReprocessStep) -> list[int]:
    """Ids of the run's articles that `step` has not done yet, oldest first."""
    done = (
        select(ReprocessDone.article_id)
        .where(ReprocessDone.run_id == run.id, ReprocessDone.step == step, ReprocessDone.article_id == Article.id)
        .exists()
    )
    query = select(Article.id).where(*_scope(run), ~done).order_by(col(Article.dated_at), col(Article.id))
    return [i for i in session.exec(query) if i is not None]


def is_done(session: Session, run_id: int, step: ReprocessStep, article_id: int) -> bool:
    return session.get(ReprocessDone, (run_id, step, article_id)) is not None


def mark_done(session: Session, run_id: int, step: ReprocessStep, article_id: int, worker: str) -> None:
    session.add(ReprocessDone(run_id=run_id, step=step, article_id=article_id, worker=worker))


def done_count(session: Session, run_id: int, step: ReprocessStep) -> int:
    query = (
        select(func.count())
        .select_from(ReprocessDone)
        .where(ReprocessDone.run_id == run_id, ReprocessDone.step == step)
    )
    return int(session.exec(query).one())


def move_on(session: Session, run_id: int, from_step: ReprocessStep, to_step: ReprocessStep) -> bool:
    """Advance a run by one step; only one of several workers finishing at once succeeds."""
    values: dict[str, object] = {"step": to_step, "updated_at": datetime.now(UTC)}
    if to_step is ReprocessStep.DONE:
        values["finished_at"] = datetime.now(UTC)
    statement = update(ReprocessRun).where(col(ReprocessRun.id) == run_id, col(ReprocessRun.step) == from_step)
    return session.execute(statement.values(**values)).rowcount == 1  # type: ignore[attr-defined]


def recent_runs(session: Session, limit: int = 5) -> list[ReprocessRun]:
    return list(session.exec(select(ReprocessRun).order_by(col(ReprocessRun.id).desc()).limit(limit)))


# --- taking derived data back out -----------------------------------------------------------


def unrecord_entities(session: Session, article_id: int, names: Sequence[tuple[str, str, str]]) -> None:
    """Undo `entity_index.record` for one article: (key, spelling, kind) as recorded; an entity that no
    article names any more is deleted."""
    by_key = {key: (spelling, kind) for key, spelling, kind in names}
    session.execute(delete(ArticleEntity).where(col(ArticleEntity.article_id) == article_id))
    if not by_key:
        return
    for entity in session.exec(select(Entity).where(col(Entity.key).in_(list(by_key)))):
        spelling, kind = by_key[entity.key]
        entity.mentions = max(0, entity.mentions - 1)
        entity.spellings = _less(entity.spellings, spelling)
        entity.kinds = _less(entity.kinds, kind)
        if entity.mentions == 0 and not _linked(session, entity.id):
            session.delete(entity)
        else:
            session.add(entity)
    session.flush()


def _less(counts: dict[str, int], key: str) -> dict[str, int]:
    left = {**counts, key: counts.get(key, 0) - 1}
    return {k: n for k, n in left.items() if n > 0}


def _linked(session: Session, entity_id: int | None) -> bool:
    query = select(ArticleEntity.article_id).where(ArticleEntity.entity_id == entity_id).limit(1)
    return session.exec(query).first() is not None


def uncount_terms(session: Session, terms: Collection[str]) -> None:
    """One article fewer containing each of `terms` (the IDF counts of clustering)."""
    if terms:
        statement = update(TermStat).where(col(TermStat.term).in_(sorted(terms)), col(TermStat.documents) > 0)
        session.execute(statement.values(documents=TermStat.documents - 1))


class Member(NamedTuple):
    id: int
    terms: dict[str, float]
    entities: dict[str, str]
    dated_at: datetime
    duplicate_of_id: int | None


def members(session: Session, story_id: int) -> list[Member]:
    """A story's articles with what its aggregate is made of, oldest first."""
    query = (
        select(Article.id, Article.terms, Article.entities, Article.dated_at, Article.duplicate_of_id)
        .join(StoryArticle, col(StoryArticle.article_id) == Article.id)
        .where(StoryArticle.story_id == story_id)
        .order_by(col(Article.dated_at), col(Article.id))
    )
    return [Member(*row) for row in session.exec(query)]


def copies_of(session: Session, article_id: int) -> list[Article]:
    """Near-copies stored as duplicates of this article (they follow it from story to story)."""
    return list(session.exec(select(Article).where(Article.duplicate_of_id == article_id).order_by(col(Article.id))))


def leave_stories(session: Session, article_ids: Collection[int]) -> None:
    session.execute(delete(StoryArticle).where(col(StoryArticle.article_id).in_(list(article_ids))))


def _pending_members(run: ReprocessRun, step: ReprocessStep) -> object:
    """story_article rows whose article the step has still to do."""
    done = (
        select(ReprocessDone.article_id)
        .where(ReprocessDone.run_id == run.id, ReprocessDone.step == step, ReprocessDone.article_id == Article.id)
        .exists()
    )
    return (
        select(StoryArticle.story_id)
        .join(Article, col(Article.id) == StoryArticle.article_id)
        .where(*_scope(run), ~done)
    )


def has_pending(session: Session, run: ReprocessRun, step: ReprocessStep, story_id: int) -> bool:
    query = _pending_members(run, step).where(StoryArticle.story_id == story_id).limit(1)  # type: ignore[attr-defined]
    return session.exec(query).first() is not None


def unindex_stories_with_pending(session: Session, run: ReprocessRun, step: ReprocessStep) -> None:
    """Take the stories that hold articles still to be placed again out of the candidate index: articles
    placed again meet only the stories the current model made (and those older than the run)."""
    stories = _pending_members(run, step).subquery()  # type: ignore[attr-defined]
    session.execute(delete(StoryTerm).where(col(StoryTerm.story_id).in_(select(stories.c.story_id))))
