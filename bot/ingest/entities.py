"""The entity index kept in step with the articles, at store time and for stores from before it.

A store from before the index (or from before its keys changed) has it rebuilt once from the names the
articles hold.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine
from sqlmodel import Session

from digest.entity_linking import link_key
from storage import entity_index, story_index
from storage.engine import session_scope
from storage.entity_index import Named
from storage.models import Article

log = logging.getLogger(__name__)
_BACKFILL_BATCH = 500


def names_of(entities: dict[str, str]) -> list[Named]:
    """An article's {canonical name: kind} as index rows; a person's full name also gets a surname key."""
    named = []
    for name, kind in entities.items():
        words = name.split()
        surname = link_key(words[-1]) if kind == "PER" and len(words) > 1 else None
        named.append(Named(link_key(name), name, kind, surname))
    return named


def index_article(session: Session, article: Article) -> None:
    """Index an original article's entities (republished copies are not counted again)."""
    if article.duplicate_of_id is None and article.id is not None:
        entity_index.record(session, article.id, article.dated_at, names_of(article.entities))


def backfill(engine: Engine) -> int:
    """Index articles stored before the entity index existed, or rebuild an index made with other keys;
    a no-op once done. Returns articles indexed."""
    with session_scope(engine) as session:
        if entity_index.keys_current(session):
            entity_index.mark_keys(session)  # so that a store indexed from now on is known to use them
        else:
            story_index.lock_for_placement(session)
            entity_index.clear(session)  # keyed the old way: rebuilt below from each article's names
            log.info("entity index: rebuilding with the current keys")
    with Session(engine) as session:
        if entity_index.is_complete(session):
            return 0
    done, last_id = 0, 0
    while True:
        with session_scope(engine) as session:
            story_index.lock_for_placement(session)  # one writer at a time (entities are also upserted row by row)
            batch = entity_index.unindexed_articles(session, last_id, _BACKFILL_BATCH)
            for article in batch:
                index_article(session, article)
            if not batch:
                entity_index.mark_complete(session)
                break
            last_id, done = batch[-1].id or last_id, done + len(batch)
    if done:
        log.info("entity index: %d stored articles indexed", done)
    return done
