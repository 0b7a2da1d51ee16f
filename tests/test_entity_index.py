"""The entity index: spellings merged, exact mention counts, short names, admin aliases, old stores backfilled."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, delete
from sqlmodel import Session

from bot.answers.about import about_report, top_entities
from bot.answers.chats import add_alias
from bot.ingest.entities import backfill
from bot.ingest.passes import ingest_paths
from storage.engine import session_scope
from storage.models import ArticleEntity, Entity, IndexState

ARTICLES = {
    "a.txt": "أعلن الرئيس الروسي فلاديمير بوتين في موسكو اليوم خطة جديدة للطاقة، وقال بوتين إن الخطة تبدأ الشهر المقبل "
    "في جميع المناطق الروسية وتشمل محطات كهرباء جديدة وشبكات نقل حديثة للطاقة.",
    "b.txt": "التقى وزير الدفاع الروسي سيرغي شويغو في بكين نظيره الصيني لبحث التعاون العسكري بين البلدين، "
    "وأكد الجانبان أهمية المناورات المشتركة المقررة في الخريف المقبل قرب الحدود.",
    "c.txt": "قال وزير الدفاع الروسي سيرجي شويجو إن القوات الروسية أنهت تدريبات واسعة في سيبيريا بمشاركة آلاف الجنود "
    "والطائرات، وإن التدريبات حققت أهدافها كاملة وفق الخطة الموضوعة.",
    "d.txt": "استقبل الرئيس الروسي فلاديمير بوتين في الكرملين رئيس وزراء الهند، وبحث الطرفان صفقات النفط والسلاح "
    "وتوسيع التبادل التجاري بين روسيا والهند خلال السنوات المقبلة.",
}


def _ingest(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert ingest_paths(engine, [str(folder)]).ingested == len(ARTICLES)


def test_spellings_short_names_and_exact_counts(engine: Engine, tmp_path: Path):
    _ingest(engine, tmp_path)
    shoigu = about_report(engine, "شويجو")
    assert shoigu["entity"]["name"] in ("سيرغي شويغو", "سيرجي شويجو") and shoigu["entity"]["kind"] == "PER"
    assert shoigu["mentions"] == 2  # both spellings, one entity
    assert {"سيرغي شويغو", "سيرجي شويجو"} <= {shoigu["entity"]["name"], *shoigu["entity"]["aliases"]}
    putin = about_report(engine, "بوتين")
    assert putin["entity"]["name"] == "فلاديمير بوتين" and putin["mentions"] == 2
    assert len(putin["stories"]) >= 1 and putin["stories"][0]["summary"]
    top = {e["name"]: e for e in top_entities(engine, 10)}
    assert top["فلاديمير بوتين"]["mentions"] == 2


def test_an_admin_alias_joins_two_entities_everywhere(engine: Engine, tmp_path: Path):
    _ingest(engine, tmp_path)
    add_alias(engine, 1, "روسيا = موسكو")
    card = about_report(engine, "موسكو")
    assert card["entity"]["name"] == "روسيا" and "موسكو" in card["entity"]["aliases"]
    merged = next(e for e in top_entities(engine, 20) if e["name"] in ("روسيا", "موسكو"))
    assert {merged["name"], *merged["aliases"]} >= {"روسيا", "موسكو"}
    assert merged["mentions"] == 2  # articles a and d: each counted once


def test_an_unknown_name_gets_the_closest_known_names(engine: Engine, tmp_path: Path):
    _ingest(engine, tmp_path)
    card = about_report(engine, "فلاديمير بوتن")
    assert card["entity"] is None and card["mentions"] == 0
    assert "فلاديمير بوتين" in card["suggestions"]


def test_a_store_from_before_the_index_is_backfilled_once(engine: Engine, tmp_path: Path):
    _ingest(engine, tmp_path)
    before = {e["name"]: e["mentions"] for e in top_entities(engine, 20)}
    with session_scope(engine) as session:  # as a store migrated from revision 0006 looks
        session.exec(delete(ArticleEntity))  # type: ignore[call-overload]
        session.exec(delete(Entity))  # type: ignore[call-overload]
        session.merge(IndexState(name="entities", complete=False))
    assert top_entities(engine, 20) == []
    assert backfill(engine) == len(ARTICLES)
    assert {e["name"]: e["mentions"] for e in top_entities(engine, 20)} == before
    assert backfill(engine) == 0
    with Session(engine) as session:
        assert session.get(IndexState, "entities").complete  # type: ignore[union-attr]
