from pathlib import Path

import pytest

from digest.cleaning import clean_article

PAGE = """\
ذات صلة
ارتفاع أسعار النفط في الأسواق العالمية
سجلت أسعار النفط ارتفاعاً في تعاملات اليوم مع تزايد...
افتتاح معرض الكتاب في الرياض
كتب: محرر الثقافة
افتتاح معرض الكتاب في الرياض
41
افتتح وزير الثقافة مساء أمس معرض الرياض الدولي للكتاب بمشاركة أكثر من ألف دار نشر من ثلاثين دولة.
برنامج ثقافي
وقال الوزير إن المعرض يضم برنامجاً ثقافياً يمتد عشرة أيام ويشمل ندوات وأمسيات شعرية للزوار.
spot_img
كلمات دلالية: معرض الكتاب الرياض
إقرأ أيضاً:
هطول أمطار غزيرة على جدة
شهدت جدة أمطاراً غزيرة اليوم وأعلنت إدارة التعليم تعليق الدراسة في جميع المدارس غداً حفاظاً على الطلاب.
مقالات مشابهة
  • معرض الكتاب يستقبل الزوار
"""


def test_title_is_the_heading_above_the_body_not_the_related_list():
    article = clean_article(PAGE)
    assert article.title == "افتتاح معرض الكتاب في الرياض"


def test_body_keeps_paragraphs_and_inner_headings_only():
    article = clean_article(PAGE)
    assert article.paragraphs == [
        "افتتح وزير الثقافة مساء أمس معرض الرياض الدولي للكتاب بمشاركة أكثر من ألف دار نشر من ثلاثين دولة.",
        "وقال الوزير إن المعرض يضم برنامجاً ثقافياً يمتد عشرة أيام ويشمل ندوات وأمسيات شعرية للزوار.",
    ]
    assert [b.text for b in article.blocks if b.is_heading] == ["برنامج ثقافي"]


def test_glued_story_after_read_also_is_dropped():
    text = clean_article(PAGE).text
    assert "جدة" not in text
    assert "spot_img" not in text
    assert "كلمات دلالية" not in text


def test_stated_title_wins_and_is_not_repeated_in_body():
    article = clean_article(PAGE, title="افتتاح معرض الكتاب في الرياض")
    assert article.title == "افتتاح معرض الكتاب في الرياض"
    assert "افتتاح معرض الكتاب في الرياض" not in article.text


def test_page_with_only_headlines_has_no_body():
    assert clean_article("عنوان أول\nعنوان ثان\n• بند").blocks == ()


def test_title_falls_back_to_first_sentence_opening():
    body = (
        "أكد وزير الخارجية في مؤتمر صحفي اليوم أن المفاوضات مستمرة بين الجانبين حول جميع الملفات العالقة. "
        "وأضاف أن الجولة المقبلة ستعقد الشهر القادم."
    )
    title = clean_article(body).title
    assert title.startswith("أكد وزير الخارجية") and title.endswith("…")


SEED_TITLES = {
    "000_935e03e79216c795.txt": "قلق عالمي بسبب زيارة الرئيس الروسي المرتقبة إلى كوريا الشمالية",
    "001_11c7d14a6b2bb947.txt": "قمة بين بوتين وكيم في قاعدة فضاء روسية",
    "004_210415c7677ec27f.txt": (
        "“بوتين” و”كيم جونغ أون” يوقعان اتفاقية شراكة استراتيجية شاملة.. هل التحالف الجديد يهدد الغرب؟"
    ),
}
# Words that only occur in the furniture or glued-on stories of the seed pages.
SEED_NOISE = [
    "مقالات مشابهة",
    "إقرأ أيضاً",
    "spot_img",
    "كلمات دلالية",
    "شروط النشر",
    "عدد التعليقات",
    "المنطقة المنزوعة",
    "كروز",
    "نتنياهو",
    "تابع أحدث الأخبار",
    "جنوب لبنان",
]


@pytest.mark.parametrize("name", sorted(SEED_TITLES))
def test_seed_titles(seeds: Path, name: str):
    assert clean_article((seeds / name).read_text(encoding="utf-8")).title == SEED_TITLES[name]


def test_seed_bodies_hold_no_furniture_or_glued_story(seeds: Path):
    for path in sorted(seeds.glob("*.txt")):
        text = clean_article(path.read_text(encoding="utf-8")).text
        for noise in SEED_NOISE:
            assert noise not in text, (path.name, noise)
        assert len(text.split()) > 300, path.name


DATELINED = """\
أمير عسير يزور المصابين في مستشفى عسير المركزي
عين اليوم – أبها
زار صاحب السمو الملكي الأمير فيصل بن خالد أمير منطقة عسير المصابين في مستشفى عسير المركزي واطمأن على صحتهم.
وأكد سموه أن الدولة لن تتهاون مع كل من يحاول العبث بأمن الوطن واستقراره وسلامة المواطنين. سمات عسير مستشفى
رابط الخبر بصحيفة الوئام: أمير عسير يزور المصابين
"""


def test_a_dateline_line_under_the_headline_is_not_the_title():
    article = clean_article(DATELINED)
    assert article.title == "أمير عسير يزور المصابين في مستشفى عسير المركزي"
    assert "عين اليوم" not in article.text


def test_tag_and_link_lines_leave_the_body():
    text = clean_article(DATELINED).text
    assert "سمات" not in text and "رابط الخبر" not in text
    assert text.endswith("وسلامة المواطنين.")


def test_a_dateline_glued_to_the_first_paragraph_is_cut():
    article = clean_article("سبق- أبها: " + DATELINED.splitlines()[2] + "\n" + DATELINED.splitlines()[3])
    assert article.paragraphs[0].startswith("زار صاحب السمو")
    assert article.title.startswith("زار صاحب السمو")


def test_a_sentence_cut_by_a_line_break_is_made_whole():
    raw = (
        "أنهت وزارة الشؤون البلدية والقروية جملة من المشروعات الجديدة بمنطقة المدينة المنورة"
        " بكلفة بلغت 665 مليون ريال.\n"
        "واشتملت مشروعات الوزارة بمنطقة المدينة المنورة، إنشاء عبارة وحمايات مخطط العزيزية وحمايات امتداد طريق"
        " الامام البخاري، ومشروع درء أخطار السيول\n"
        "وشبكات تصريف مياه الامطار في مخططات المطار وحي العاقول، إضافة لعدة مشاريع أخرى بقيمة 4 ملايين ريال.\n"
        "مشروعات جديدة\n"
        "وضمت قائمة المشروعات الجديدة التي أنجزتها الوزارة حدائق ومتنزهات في أحياء المدينة المنورة كلها.\n"
    )
    article = clean_article(raw, title="مشروعات بلدية بالمدينة المنورة")
    texts = [b.text for b in article.blocks]
    assert any(t.startswith("واشتملت") and "وشبكات تصريف" in t for t in texts)
    assert not any(t.startswith("وشبكات") for t in texts)
    assert "مشروعات جديدة" in texts  # a short heading stays a heading


def test_a_long_subheading_stays_a_heading():
    body = "وقال الوزير إن الوزارة ستعلن نتائج الدراسة خلال الأسبوع المقبل بعد مراجعتها مع الجهات المعنية كلها."
    for heading in (
        "هل تنجح الوزارة في خفض أسعار السلع الأساسية قبل بداية العام الدراسي الجديد في المملكة؟",
        "وزير العمل يلتقي رجال الأعمال في غرفة الرياض لبحث توطين الوظائف في القطاع الخاص هذا العام",
    ):
        first = "أعلنت وزارة التجارة عن حملة جديدة لمراقبة أسعار السلع الأساسية في الأسواق المحلية بالمملكة."
        article = clean_article(f"{first}\n{heading}\n{body}\n", title="حملة لمراقبة الأسعار")
        assert [b.text for b in article.blocks if b.is_heading] == [heading]
