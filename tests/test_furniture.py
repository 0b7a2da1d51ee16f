"""Datelines, tag lines, link lines, prompts and captions: cut or never chosen."""

import pytest

from digest.furniture import cut_trailing_tags, is_dateline, is_furniture, strip_dateline

BODY = "أعلنت وزارة الصحة تسجيل ثلاث حالات جديدة من فيروس كورونا في الرياض."


@pytest.mark.parametrize(
    "dateline",
    [
        "عين اليوم – الرياض ",
        "سبق- جدة: ",
        "عبدالله البرقاوي- سبق- الرياض: ",
        "واس - عمان :",
        "الدمام 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس ",
        "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك ",
        "موسكو: ",
        "موسكو- ",
        "عين اليوم – مكة المكرمة ",
    ],
)
def test_datelines_are_cut_from_the_first_sentence(dateline: str):
    assert strip_dateline(dateline + BODY) == BODY


def test_a_bare_place_is_cut_only_from_an_articles_first_sentence():
    assert strip_dateline("موسكو: " + BODY, first=False) == "موسكو: " + BODY
    assert strip_dateline("سبق- جدة: " + BODY, first=False) == BODY  # an agency is a dateline anywhere


@pytest.mark.parametrize(
    "sentence",
    [
        "وقال الوزير: إن المعرض يضم برنامجاً ثقافياً يمتد عشرة أيام.",
        "الرئيس الأمريكي: سنواصل دعم الحلفاء في المنطقة بكل الوسائل المتاحة.",
        "أعلنت وزارة الصحة - في بيان لها اليوم - تسجيل حالات جديدة.",
        "وقال رياض الأشقر - الناطق الإعلامي للمركز: إن الأسرى مضربون عن الطعام.",
        BODY,
    ],
)
def test_sentences_that_only_look_like_datelines_are_kept(sentence: str):
    assert strip_dateline(sentence) == sentence


@pytest.mark.parametrize(
    "line",
    [
        "عين اليوم – كابول",
        "عمر إبراهيم – عين اليوم",
        "اليوم - الدمام",
        "الدمام 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس",
        "سمات أفغانستان الملا عمر الملا منصور طالبان",
        "رابط الخبر بصحيفة الوئام: وزير البلديات يوجه بتضافر جهود جميع الأجهزة البلدية",
        "// انتهى //",
        "15:22 ت م",
        "للتواصل أرسل sms إلى 88548 الاتصالات، 636250 موبايلي، 738303 زين تبدأ بالرمز 153 مسافة ثم الرسالة",
        "* خدمة «نيويورك تايمز»",
        "جانب من فعاليات التسوق والترفيه بمهرجان أبها",
        "الصورة: أمير المنطقة خلال الزيارة",
        "Next Previous",
        "شارك من خلال تويتر فيسبوك",
    ],
)
def test_furniture_lines(line: str):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "sentence",
    [
        BODY,
        "وتم تعليق تداول أسهم موبايلي منذ يونيو ويستأنف تداولها بعد إعلان النتائج المالية للشركة.",
        "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك أكد نائب خادم الحرمين الشريفين أن أمن المملكة خط أحمر.",
        "جانب من الاتفاقية يتعلق بتبادل الخبرات بين البلدين في مجال الطاقة المتجددة والنقل.",
    ],
)
def test_news_is_not_furniture(sentence: str):
    assert not is_furniture(sentence)


def test_dateline_lines_are_lines_of_an_agency_and_a_place_only():
    assert is_dateline("عين اليوم – لندن")
    assert not is_dateline("أمير عسير – يدشن مهرجان أبها للتسوق")
    assert not is_dateline(BODY)


def test_tag_line_glued_after_the_last_sentence_is_cut():
    line = "وذلك بعد اشتباكات دارت في شرق البلاد. سمات أفغانستان الملا عمر طالبان"
    assert cut_trailing_tags(line) == "وذلك بعد اشتباكات دارت في شرق البلاد."
    assert cut_trailing_tags(BODY) == BODY
