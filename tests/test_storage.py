"""Storage on both backends: migrations match the models, constraints hold, search folds Arabic."""

from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from digest.arabic import query_alternatives, search_terms
from storage import queries
from storage.engine import include_object, open_database, session_scope
from storage.models import Article, Chat, Delivery, Source, SourceKind
from storage.search import search_articles

TEXTS = {
    "diacritics": "وَصَلَ الرَّئِيسُ إِلَى بيونغ يانغ فِي زِيَارَةٍ رَسْمِيَّةٍ",
    "prefixes": "وبيونغ يانغ ترحب بالضيف ولكوريا الشمالية مطالب والكرملين يرد",
    "hamza_taa": "أعلنت المؤسسة إطلاق مبادرة جديدة في المدينة",
    "maqsura": "نقل المصاب إلى مستشفى قريب",
}


def _article(n: int, text: str) -> Article:
    now = datetime.now(UTC)
    return Article(
        source_name="test",
        url=f"https://x.test/{n}",
        title=f"عنوان {n}",
        original_text=text,
        clean_text=text,
        normalized_text=text,
        search_text=search_terms(text),
        content_hash=f"hash{n}",
        fetched_at=now,
        dated_at=now,
    )


@pytest.fixture
def filled(engine: Engine) -> dict[str, int]:
    ids = {}
    with session_scope(engine) as session:
        for n, (key, text) in enumerate(TEXTS.items()):
            article = _article(n, text)
            session.add(article)
            session.flush()
            ids[key] = article.id
    return ids


def _search(engine: Engine, query: str) -> set[int]:
    with Session(engine) as session:
        return {h.article_id for h in search_articles(session, [query_alternatives(w) for w in query.split()])}


def test_empty_database_migrated_to_head_matches_the_models(engine: Engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object, "compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    tables = set(inspect(engine).get_table_names())
    assert {
        "source",
        "article",
        "story",
        "story_article",
        "summary",
        "chat",
        "subscription",
        "delivery",
    } <= tables


def test_migrations_are_idempotent_at_start(database_url: str):
    open_database(database_url).dispose()
    open_database(database_url).dispose()  # a second start finds nothing to do


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("الرئيس", {"diacritics"}),  # text has harakat, query has none
        ("زيارة", {"diacritics"}),  # ة / ه folded
        ("بيونغ", {"diacritics", "prefixes"}),  # found inside وبيونغ
        ("كوريا", {"prefixes"}),  # found inside ولكوريا
        ("الكرملين", {"prefixes"}),  # found inside والكرملين
        ("كرملين", {"prefixes"}),
        ("اعلنت المؤسسه", {"hamza_taa"}),  # alef hamza and taa marbuta folded
        ("مستشفي", {"maqsura"}),  # alef maqsura / yaa folded
        ("بيونغ مستشفى", set()),  # all words must match
        ("غائب", set()),
    ],
)
def test_search_folds_arabic_forms(engine: Engine, filled: dict[str, int], query: str, expected: set[str]):
    assert _search(engine, query) == {filled[k] for k in expected}


def test_search_index_follows_updates_and_deletes(engine: Engine, filled: dict[str, int]):
    with session_scope(engine) as session:
        article = session.get(Article, filled["maqsura"])
        article.search_text = search_terms("خبر عن الطقس")
        session.add(article)
    assert _search(engine, "مستشفى") == set()
    assert _search(engine, "الطقس") == {filled["maqsura"]}
    with session_scope(engine) as session:
        session.delete(session.get(Article, filled["maqsura"]))
    assert _search(engine, "الطقس") == set()


def test_content_hash_and_url_are_unique(engine: Engine):
    with session_scope(engine) as session:
        session.add(_article(1, "نص"))
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(_article(1, "نص آخر"))
    with Session(engine) as session:
        assert queries.count_articles(session) == 1
        assert queries.find_article(session, content_hash="hash1") is not None
        assert queries.find_article(session, url="https://x.test/1") is not None


def test_a_digest_is_logged_once_per_chat_and_day(engine: Engine):
    with session_scope(engine) as session:
        session.add(Chat(id=-1001234567890))
        session.flush()
        session.add(Delivery(chat_id=-1001234567890, digest_date=date(2026, 11, 23)))
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(Delivery(chat_id=-1001234567890, digest_date=date(2026, 11, 23)))


def test_foreign_keys_are_enforced(engine: Engine):
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(Delivery(chat_id=42, digest_date=date(2026, 11, 23)))


def test_updated_at_moves_on_update(engine: Engine):
    with session_scope(engine) as session:
        source = queries.add_source(session, name="س", kind=SourceKind.FOLDER, location="/tmp/x", poll_interval=60)
        source_id, created = source.id, source.updated_at
    with session_scope(engine) as session:
        source = session.get(Source, source_id)
        source.error_count = 1
        session.add(source)
    with Session(engine) as session:
        assert queries.aware(session.get(Source, source_id).updated_at) > queries.aware(created)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str):
    engine = open_database(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_full_text_triggers_survive_every_migration(sqlite_url: str):
    """A migration that recreates `article` on SQLite (batch mode) would silently drop them."""
    engine = open_database(sqlite_url)
    with engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert names == {"article_fts_insert", "article_fts_delete", "article_fts_update"}
