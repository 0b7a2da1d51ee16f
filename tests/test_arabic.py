from digest.arabic import (
    clean_unicode,
    clitic_variants,
    light_stem,
    normalize,
    query_alternatives,
    search_terms,
    words,
)


def test_normalize_folds_diacritics_alef_yaa_taa_marbuta_and_hamza_carriers():
    assert normalize("مُسْتَشْفَى المَدِينَةِ") == "مستشفي المدينه"
    assert normalize("أحمد إبراهيم آمال") == "احمد ابراهيم امال"
    assert normalize("مسؤول بريئة") == "مسوول برييه"


def test_clean_unicode_removes_invisible_marks_tatweel_and_maps_persian_letters_and_digits():
    text = "\u200fكوريـــا\u00a0الشمالیة ٢٠٢٤ ۱۲ کتاب"
    assert clean_unicode(text) == "كوريا الشمالية 2024 12 كتاب"


def test_normalize_keeps_latin_words_lowercased():
    assert normalize("Kim Jong Un و NATO") == "kim jong un و nato"


def test_words_drop_punctuation():
    assert words("قال بوتين: «سعيد جداً» (الناتو).") == ["قال", "بوتين", "سعيد", "جدا", "الناتو"]


def test_clitic_variants_cover_conjunction_preposition_and_article():
    assert "بيونغ" in clitic_variants("وبيونغ")
    assert "كوريا" in clitic_variants("لكوريا")
    assert {"الكوريه", "كوريه"} <= set(clitic_variants("والكوريه"))
    assert "شعب" in clitic_variants("للشعب")
    assert clitic_variants("nato") == ("nato",)


def test_query_alternatives_make_the_article_optional():
    assert query_alternatives("الكورية") == ("الكوريه", "كوريه")
    assert query_alternatives("بيونغ") == ("بيونغ",)
    assert query_alternatives("!!") == ()


def test_search_terms_index_every_reading():
    terms = search_terms("وبيونغ لكوريا").split()
    assert {"وبيونغ", "بيونغ", "لكوريا", "كوريا"} <= set(terms)


def test_light_stem_merges_inflected_forms():
    assert light_stem(normalize("والمعلومات")) == light_stem(normalize("معلومات"))
    assert light_stem(normalize("الكورية")) == light_stem(normalize("كوري"))


def test_spelling_variants_swap_the_letters_used_for_g():
    from digest.arabic import spelling_variants

    assert spelling_variants("كيم جونج أون")[0] == "كيم جونج اون"
    assert "كيم جونغ اون" in spelling_variants("كيم جونج أون")[:4]
    assert "شويجو" in spelling_variants("شويغو")
    assert spelling_variants("بوتين") == ["بوتين"]


def test_dediacritiser_and_tokenizer_agree_with_camel_tools(seeds):
    """digest.arabic restates two camel-tools functions to start fast; they must stay camel-tools' own."""
    from camel_tools.tokenizers.word import simple_word_tokenize
    from camel_tools.utils.charsets import AR_DIAC_CHARSET
    from camel_tools.utils.dediac import dediac_ar

    from digest.arabic import _WORD, dediac, tokenize

    assert {chr(c) for c in range(0x110000) if dediac(chr(c)) == ""} == set(AR_DIAC_CHARSET)
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    texts.append("قالَ: «مرحباً»! (2024) — e-mail: a_b@c.d 😀👍🏽 ١٢٣ x²+y³=z… #وسم @حساب 100% $5 «نص»؟")
    for text in texts:
        assert dediac(text) == dediac_ar(text)
        expected = [t for t in simple_word_tokenize(text) if _WORD.fullmatch(t)]
        assert tokenize(text) == expected
