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


def test_search_folds_the_spellings_about_folds(engine, tmp_path):
    """شويجو and شويغو find the same articles; عبد العزيز and عبدالعزيز too; a common word keeps its letter."""
    import json

    from bot.answers.search import search_report
    from bot.ingest.passes import ingest_paths

    texts = {
        "a": ("وزير الدفاع سيرغي شويغو يزور الجبهة", "زار وزير الدفاع الروسي سيرغي شويغو الجبهة اليوم والتقى القادة."),
        "b": ("الملك عبدالعزيز في ذكرى التوحيد", "تحتفل المملكة بذكرى توحيدها على يد الملك عبد العزيز آل سعود."),
        "c": ("نادي الشباب يفوز في غرب المدينة", "فاز نادي الشباب بمباراته على ملعبه في غرب المدينة أمس مساء."),
    }
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (title, text) in texts.items():
        (folder / f"{name}.json").write_text(json.dumps({"title": title, "text": text * 3}, ensure_ascii=False))
    ingest_paths(engine, [str(folder)])

    def found(query: str) -> set[str]:
        return {h["title"] for h in search_report(engine, query)}

    assert found("شويجو") == found("شويغو") == {texts["a"][0]}
    assert found("عبد العزيز") == found("عبدالعزيز") == {texts["b"][0]}
    assert found("قرب") == set() and found("غرب") == {texts["c"][0]}  # غرب is a word, not a name: no letter swap


def test_about_links_title_forms_acronyms_and_keeps_adjectives_apart(engine, tmp_path):
    """#16: الملك سلمان = الملك سلمان بن عبد العزيز; الناتو = حلف شمال الأطلسي; المالي is not مالي;
    clubs, regions and ministries have cards from the index."""
    import json

    from bot.answers.about import about_report
    from bot.ingest.passes import ingest_paths

    articles = [
        (
            "خادم الحرمين يستقبل الوزراء",
            "استقبل خادم الحرمين الشريفين الملك سلمان بن عبد العزيز آل سعود أمس الوزراء "
            "في قصر اليمامة بالرياض، وناقش الملك سلمان معهم خطط التنمية في منطقة عسير.",
        ),
        (
            "الناتو يجتمع في بروكسل",
            "عقد حلف شمال الأطلسي اجتماعاً لوزراء دفاعه في بروكسل، وقال الأمين العام إن "
            "الناتو سيعزز وجوده في شرق أوروبا خلال الأشهر المقبلة.",
        ),
        (
            "السوق المالية ترتفع",
            "ارتفع مؤشر السوق المالي السعودي في ختام تداولات الأمس مدعوماً بأسهم البنوك، "
            "وقالت وزارة الداخلية إن حركة الطرق كانت طبيعية، وفاز الهلال على النصر في الدوري.",
        ),
    ]
    folder = tmp_path / "in"
    folder.mkdir()
    for n, (title, text) in enumerate(articles):
        (folder / f"{n}.json").write_text(json.dumps({"title": title, "text": text}, ensure_ascii=False))
    ingest_paths(engine, [str(folder)])
    king = about_report(engine, "الملك سلمان")
    assert king["entity"] is not None and "بن عبد العزيز" in king["entity"]["name"] and king["entity"]["kind"] == "PER"
    nato = about_report(engine, "الناتو")["entity"]
    assert nato is not None and nato["id"] == about_report(engine, "حلف شمال الأطلسي")["entity"]["id"]
    assert about_report(engine, "مالي")["entity"] is None  # المالي (financial) is no mention of Mali
    for name in ("الهلال", "عسير", "وزارة الداخلية"):
        card = about_report(engine, name)
        assert card["entity"] is not None and card["entity"]["kind"] in ("ORG", "LOC"), (name, card)


def test_an_about_card_leads_with_stories_about_it(engine: Engine, tmp_path: Path):
    """The club's own news first, then a newer report that names it only in passing."""
    import json

    articles = [
        (
            "الهلال يتعاقد مع مدافع برازيلي",
            "أعلن نادي الهلال تعاقده مع مدافع برازيلي لمدة ثلاثة مواسم، وقال رئيس "
            "النادي إن الصفقة تعزز خط الدفاع قبل انطلاق الموسم الجديد في الدوري السعودي.",
        ),
        (
            "الوداد والعين في كأس الصداقة",
            "يلتقي الوداد البيضاوي والعين الإماراتي اليوم في الدار البيضاء على كأس "
            "الصداقة الودية، بعد أن خسر العين وديته الماضية أمام الهلال في معسكره الأوروبي الصيفي.",
        ),
    ]
    folder = tmp_path / "in"
    folder.mkdir()
    for n, (title, text) in enumerate(articles):  # the match report is the newer
        record = {"title": title, "text": text, "published": f"2026-01-0{n + 1}T10:00:00+00:00"}
        (folder / f"{n}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    ingest_paths(engine, [str(folder)])
    card = about_report(engine, "الهلال")
    assert [s["title"] for s in card["stories"]][:2] == [articles[0][0], articles[1][0]]
