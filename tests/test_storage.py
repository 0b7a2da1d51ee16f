"""Storage on both backends: migrations match the models, constraints hold, search folds Arabic."""

from datetime import UTC, date, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from digest.arabic import query_alternatives, search_terms
from storage import articles, sources
from storage.engine import include_object, open_database, session_scope
from storage.models import Article, Chat, Delivery, Source, SourceKind, aware
from storage.search import search_articles, time_span

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


def test_search_ranks_the_newest_window_that_holds_enough_matches(engine: Engine):
    """A day, a week, a month...: the first window with `limit` matches is ranked, older ones wait."""
    newest = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)  # just after midnight: windows cross day buckets
    hour, day = timedelta(hours=1), timedelta(days=1)
    ages = {"today": 2 * hour, "in week": 6 * day + 23 * hour, "past week": 7 * day + hour}
    ages |= {"in half year": 170 * day, "years ago": 900 * day}
    ids = {}
    with session_scope(engine) as session:  # stored oldest first, as ingest meets them
        old = _article(98, "افتتح المهرجان السينمائي")  # a word nobody has used since
        old.dated_at = newest - 1000 * day
        session.add(old)
        for n, (name, age) in enumerate(sorted(ages.items(), key=lambda item: -item[1])):
            article = _article(n, "انعقدت القمة العربية في العاصمة")
            article.dated_at = newest - age
            session.add(article)
            session.flush()
            ids[name] = article.id
        last = _article(99, "خبر آخر عن الطقس")  # the newest article, without the word
        last.dated_at = newest
        session.add(last)

    def found(limit: int) -> set[int]:
        with Session(engine) as session:
            return {h.article_id for h in search_articles(session, [query_alternatives("القمة")], limit=limit)}

    assert found(1) == {ids["today"]}
    assert found(2) == {ids["today"], ids["in week"]}  # the week ends exactly 7 days back
    assert found(3) == {ids["today"], ids["in week"], ids["past week"]}
    assert found(20) == set(ids.values())  # fewer than asked in every window: all time
    with Session(engine) as session:  # nothing in the newest day: found all the same, or nowhere
        assert [h.article_id for h in search_articles(session, [query_alternatives("المهرجان")])] == [old.id]
        assert search_articles(session, [query_alternatives("المعرض")]) == []
        newest_first = search_articles(session, [query_alternatives("القمة")], limit=3, newest_first=True)
    assert [h.article_id for h in newest_first] == [ids["today"], ids["in week"], ids["past week"]]


def test_time_span_takes_the_finest_buckets_that_fit():
    until = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)
    day = until.timestamp() // 86400
    assert time_span(until - timedelta(days=1), until) == f"'~d{day - 1:.0f}' | '~d{day:.0f}'"
    assert str(time_span(until - timedelta(days=30), until)).count("'~w") == 5
    assert time_span(until - timedelta(days=180), until) is None  # a quarter of the store: the date alone


def test_content_hash_and_url_are_unique(engine: Engine):
    with session_scope(engine) as session:
        session.add(_article(1, "نص"))
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(_article(1, "نص آخر"))
    with Session(engine) as session:
        assert len(session.exec(select(Article)).all()) == 1
        assert articles.find_article(session, content_hash="hash1") is not None
        assert articles.find_article(session, url="https://x.test/1") is not None


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
        source = sources.add_source(session, name="س", kind=SourceKind.FOLDER, location="/tmp/x", poll_interval=60)
        source_id, created = source.id, source.updated_at
    with session_scope(engine) as session:
        source = session.get(Source, source_id)
        source.error_count = 1
        session.add(source)
    with Session(engine) as session:
        assert aware(session.get(Source, source_id).updated_at) > aware(created)


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


def test_the_head_revision_read_from_file_names_is_alembics(tmp_path):
    """Opening a current store skips Alembic; that shortcut must agree with Alembic's own view of the scripts."""
    from alembic.script import ScriptDirectory

    from storage.engine import alembic_config, current_revision, head_revision

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()
    engine = open_database(f"sqlite:///{tmp_path / 'n.db'}")
    assert current_revision(engine) == head_revision()
