"""The entity index: canonical entities (one row per spelling key) and the articles naming them.

Keys are computed by the caller (`digest.entity_linking.link_key`); this module only stores and looks up.
Writers count by read-modify-write on rows locked FOR UPDATE, so several workers may index at once.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import delete, func, insert
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.models import Article, ArticleEntity, Entity, EntityAlias, IndexState, aware

_STATE = "entities"
# The keys the index is filed under; a new value rebuilds it once (`keys_current`, `clear`).
KEYS = "entities:link-keys-1"


class Named(NamedTuple):
    """One entity as an article names it."""

    key: str
    spelling: str
    kind: str
    surname: str | None  # key of the last word, for people


def record(session: Session, article_id: int, dated_at: datetime, names: Sequence[Named]) -> None:
    """Count an article's entities and link them to it.

    Safe beside other writers without the store's write lock: entities new to the index are inserted
    with ON CONFLICT DO NOTHING, then the rows are read FOR UPDATE in key order (no deadlocks), so two
    articles naming one entity at once count it twice, never once.
    """
    by_key = {n.key: n for n in sorted(names, key=lambda n: n.key)}
    if not by_key:
        return
    dated = aware(dated_at)
    now = datetime.now(UTC)
    insert_new = _insert(session).values(
        [
            {
                "key": key,
                "surname": named.surname,
                "spellings": {},
                "kinds": {},
                "mentions": 0,
                "last_seen_at": dated,
                "created_at": now,
                "updated_at": now,
            }
            for key, named in by_key.items()
        ]
    )
    session.execute(insert_new.on_conflict_do_nothing(index_elements=["key"]))
    query = select(Entity).where(col(Entity.key).in_(list(by_key))).order_by(col(Entity.key)).with_for_update()
    linked = []
    for entity in session.exec(query):
        named = by_key[entity.key]
        entity.spellings = {**entity.spellings, named.spelling: entity.spellings.get(named.spelling, 0) + 1}
        entity.kinds = {**entity.kinds, named.kind: entity.kinds.get(named.kind, 0) + 1}
        entity.mentions += 1
        entity.last_seen_at = max(aware(entity.last_seen_at), dated)
        session.add(entity)
        linked.append(entity)
    session.flush()
    links = [{"article_id": article_id, "entity_id": e.id, "dated_at": dated} for e in linked]
    session.execute(insert(ArticleEntity), links)  # one executemany: link rows need no ORM objects


def _insert(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        return postgresql_insert(Entity)
    return sqlite_insert(Entity)


def by_keys(session: Session, keys: Collection[str]) -> list[Entity]:
    if not keys:
        return []
    return list(session.exec(select(Entity).where(col(Entity.key).in_(list(keys)))))


def by_surname(session: Session, surname: str, limit: int = 5) -> list[Entity]:
    """Entities whose last word is `surname` (a key), most mentioned first: بوتين → فلاديمير بوتين."""
    query = select(Entity).where(Entity.surname == surname).order_by(col(Entity.mentions).desc()).limit(limit)
    return list(session.exec(query))


def starting_with(session: Session, prefix: str, limit: int = 20) -> list[Entity]:
    """Entities whose key begins with `prefix`, most mentioned first (a range on the key's index, not LIKE)."""
    in_range = (col(Entity.key) >= prefix, col(Entity.key) < prefix + "\U0010ffff")
    query = select(Entity).where(*in_range).order_by(col(Entity.mentions).desc())
    return list(session.exec(query.limit(limit)))


def most_mentioned(session: Session, limit: int) -> list[Entity]:
    return list(session.exec(select(Entity).order_by(col(Entity.mentions).desc(), col(Entity.id)).limit(limit)))


def mention_count(session: Session, entities: Sequence[Entity]) -> int:
    """Articles naming any of these entities, each article once.

    The best-known entity's own counter, plus, for each further spelling, its articles that
    name none of those before it: the work grows with the smaller entities, not the store.
    """
    ordered = sorted(entities, key=lambda e: -e.mentions)
    if not ordered:
        return 0
    total, counted = ordered[0].mentions, [ordered[0].id]
    for entity in ordered[1:]:
        other = aliased(ArticleEntity)
        named_before = (
            select(other.article_id)
            .where(other.article_id == ArticleEntity.article_id, col(other.entity_id).in_(counted))
            .exists()
        )
        query = select(func.count()).select_from(ArticleEntity).where(ArticleEntity.entity_id == entity.id)
        total += session.exec(query.where(~named_before)).one()
        counted.append(entity.id)
    return total


def recent_articles(session: Session, entity_ids: Collection[int], limit: int) -> list[int]:
    """The newest articles naming any of these entities, newest first.

    One index range per entity (entity_id, dated_at), merged here: an IN over several ids would
    make the database sort every article of every spelling.
    """
    dated: dict[int, datetime] = {}
    for entity_id in entity_ids:
        query = (
            select(ArticleEntity.article_id, ArticleEntity.dated_at)
            .where(ArticleEntity.entity_id == entity_id)
            .order_by(col(ArticleEntity.dated_at).desc())
            .limit(limit)
        )
        for article_id, when in session.exec(query):
            dated[article_id] = max(aware(when), dated.get(article_id, aware(when)))
    return sorted(dated, key=lambda a: (dated[a], a), reverse=True)[:limit]


def co_mentioned(
    session: Session, article_ids: Collection[int], exclude: Collection[int], limit: int
) -> list[tuple[Entity, int]]:
    """Entities named most often in these articles, with how many of them name each."""
    if not article_ids:
        return []
    articles = func.count().label("articles")
    query = (
        select(ArticleEntity.entity_id, articles)
        .where(col(ArticleEntity.article_id).in_(list(article_ids)), col(ArticleEntity.entity_id).notin_(list(exclude)))
        .group_by(col(ArticleEntity.entity_id))
        .order_by(articles.desc(), col(ArticleEntity.entity_id))
        .limit(limit)
    )
    counts = dict(session.exec(query).all())
    entities = {e.id: e for e in session.exec(select(Entity).where(col(Entity.id).in_(list(counts))))}
    return [(entities[i], n) for i, n in counts.items() if i in entities]


def is_complete(session: Session) -> bool:
    state = session.get(IndexState, _STATE)
    return state is None or state.complete


def mark_complete(session: Session) -> None:
    state = session.get(IndexState, _STATE) or IndexState(name=_STATE)
    state.complete = True
    session.add(state)
    mark_keys(session)


def mark_keys(session: Session) -> None:
    """Record that the index is filed under today's keys (a no-op once recorded)."""
    keys = session.get(IndexState, KEYS)
    if keys is None or not keys.complete:
        session.add(IndexState(name=KEYS, complete=True) if keys is None else _completed(keys))


def _completed(state: IndexState) -> IndexState:
    state.complete = True
    return state


def keys_current(session: Session) -> bool:
    """Is the index filed under today's keys? (An empty index is, whatever it was made with.)"""
    state = session.get(IndexState, KEYS)
    if state is not None and state.complete:
        return True
    return session.exec(select(Entity.id).limit(1)).first() is None


def clear(session: Session) -> None:
    """Empty the index and mark it incomplete, so that `backfill` rebuilds it from the articles' names."""
    session.execute(delete(ArticleEntity))
    session.execute(delete(Entity))
    state = session.get(IndexState, _STATE) or IndexState(name=_STATE)
    state.complete = False
    session.add(state)


# --- admins' aliases: one spelling read as another ---------------------------------------


def alias_for(session: Session, variant_key: str) -> EntityAlias | None:
    return session.exec(select(EntityAlias).where(EntityAlias.variant_key == variant_key)).first()


def aliases_of(session: Session, canonical: str) -> list[str]:
    return [a.variant for a in session.exec(select(EntityAlias).where(EntityAlias.canonical == canonical))]


def all_aliases(session: Session) -> list[EntityAlias]:
    return list(session.exec(select(EntityAlias).order_by(col(EntityAlias.canonical), col(EntityAlias.variant))))


def save_alias(session: Session, variant_key: str, variant: str, canonical: str, created_by: int) -> None:
    row = alias_for(session, variant_key) or EntityAlias(variant_key=variant_key, variant=variant, canonical=canonical)
    row.canonical, row.created_by = canonical, created_by
    session.add(row)


# --- keeping the index complete ------------------------------------------------------------


def unindexed_articles(session: Session, after_id: int, limit: int) -> list[Article]:
    """Original articles stored before the index existed (no link rows), in id order after `after_id`.
    (Articles whose second transaction has not run are left to it: `article.indexed`.)"""
    indexed = select(ArticleEntity.article_id).where(ArticleEntity.article_id == Article.id).exists()
    query = (
        select(Article)
        .where(col(Article.id) > after_id, col(Article.duplicate_of_id).is_(None), col(Article.indexed), ~indexed)
        .order_by(col(Article.id))
        .limit(limit)
    )
    return list(session.exec(query))
