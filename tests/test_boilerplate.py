"""Template lines are learnt per outlet through real ingest passes and kept out of later articles."""

import json
from pathlib import Path

from sqlmodel import Session, select

from bot.ingest.passes import ingest_paths
from digest.boilerplate import MIN_REPEATS, countable_lines, line_key, template_keys
from storage import outlets
from storage.engine import open_database
from storage.models import Article

# A promotion no general pattern knows (an SMS prompt would be furniture anyway: test_furniture).
PROMO = "نشرة عين اليوم الصباحية تصلكم يوميا مع أهم أخبار المملكة والعالم"
STORIES = [
    "افتتح وزير الثقافة معرض الرياض الدولي للكتاب بمشاركة أكثر من ألف دار نشر من ثلاثين دولة عربية وأجنبية.",
    "هطلت أمطار غزيرة على محافظة جدة وأعلنت إدارة التعليم تعليق الدراسة في جميع المدارس حفاظاً على الطلاب.",
    "حقق الهلال فوزاً ثميناً على النصر بهدفين مقابل هدف في المباراة التي جمعتهما مساء اليوم ضمن الدوري.",
    "قرر البنك المركزي الإبقاء على أسعار الفائدة الرئيسية دون تغيير في اجتماعه الدوري كما توقع المحللون.",
    "أعلنت هيئة الطيران المدني تشغيل رحلات جديدة بين الرياض وعدد من العواصم الأوروبية ابتداء من الشهر المقبل.",
]


def test_line_keys_ignore_numbers_spacing_and_diacritics():
    assert line_key("عين اليوم – الرياض 2015") == line_key("عَيْن  اليوم – الرياض 2016")
    assert line_key("عين اليوم – الرياض") != line_key("عين اليوم – جدة")
    assert template_keys([("a", MIN_REPEATS), ("b", MIN_REPEATS - 1)]) == frozenset({"a"})
    assert countable_lines("قصير\n" + "كلمة " * 40) == {line_key("قصير")}


def _article(number: int, source: str) -> str:
    """Two paragraphs with the outlet's promotion line between them (where structure alone keeps it)."""
    body = f"{STORIES[number]}\n{PROMO}\n{STORIES[(number + 1) % len(STORIES)]}"
    return json.dumps({"text": body, "source": source}, ensure_ascii=False)


def test_an_outlets_repeated_line_is_dropped_once_seen_in_enough_articles(tmp_path: Path):
    engine = open_database(f"sqlite:///{tmp_path / 'n.db'}")
    for number in range(len(STORIES)):
        path = tmp_path / f"{number}.json"
        path.write_text(_article(number, "عين اليوم"), "utf-8")
        report = ingest_paths(engine, [str(path)])
        assert report.ingested == 1
    with Session(engine) as session:
        articles = session.exec(select(Article).order_by(Article.id)).all()
        counts = dict(outlets.line_counts(session, "عين اليوم", [line_key(PROMO)]))
    assert counts[line_key(PROMO)] == len(STORIES)
    kept = [PROMO in a.clean_text for a in articles]
    assert kept == [True] * MIN_REPEATS + [False] * (len(STORIES) - MIN_REPEATS)
    # A second pass over the same files stores nothing and counts nothing twice.
    for number in range(len(STORIES)):
        assert ingest_paths(engine, [str(tmp_path / f"{number}.json")]).duplicates == 1
    with Session(engine) as session:
        assert dict(outlets.line_counts(session, "عين اليوم", [line_key(PROMO)]))[line_key(PROMO)] == len(STORIES)


def test_another_outlet_is_not_affected(tmp_path: Path):
    engine = open_database(f"sqlite:///{tmp_path / 'n.db'}")
    for number in range(MIN_REPEATS):
        path = tmp_path / f"{number}.json"
        path.write_text(_article(number, "أ"), "utf-8")
        ingest_paths(engine, [str(path)])
    other = tmp_path / "other.json"
    other.write_text(_article(4, "ب"), "utf-8")
    ingest_paths(engine, [str(other)])
    with Session(engine) as session:
        article = session.exec(select(Article).where(Article.source_name == "ب")).one()
    assert PROMO in article.clean_text


def test_cleaning_keys_a_normalised_line_as_line_key_does():
    from digest.arabic import normalize
    from digest.boilerplate import normalized_line_key

    line = "عَيْن  اليوم – الرياض 2015"
    assert normalized_line_key(normalize(line)) == line_key(line)
