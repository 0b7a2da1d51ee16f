from digest.sentences import split_sentences


def test_splits_at_arabic_and_latin_terminators_and_line_breaks():
    text = "وصل الرئيس إلى موسكو. هل ستنجح الزيارة؟ نعم!\nعنوان فرعي"
    assert split_sentences(text) == ["وصل الرئيس إلى موسكو.", "هل ستنجح الزيارة؟", "نعم!", "عنوان فرعي"]


def test_never_splits_at_commas_or_colons():
    text = "قال بوتين، الذي وصل أمس، للصحفيين: إن المحادثات جيدة."
    assert split_sentences(text) == [text]


def test_quotations_stay_whole():
    text = 'وقال بوتين لصحافيين "سنناقش كافة المواضيع دون تسرّع. لدينا الوقت لذلك"، وغادر. ثم عاد.'
    assert split_sentences(text) == [
        'وقال بوتين لصحافيين "سنناقش كافة المواضيع دون تسرّع. لدينا الوقت لذلك"، وغادر.',
        "ثم عاد.",
    ]
    guillemets = "وقال: «إنها جارتنا. نعمل معها». وانتهى اللقاء."
    assert split_sentences(guillemets) == ["وقال: «إنها جارتنا. نعمل معها».", "وانتهى اللقاء."]


def test_decimals_initials_and_ellipses():
    assert split_sentences("ارتفع المؤشر 3.5 نقطة. وقال د. محمد إنه متفائل…") == [
        "ارتفع المؤشر 3.5 نقطة.",
        "وقال د. محمد إنه متفائل…",
    ]


def test_unbalanced_quote_does_not_glue_the_paragraph():
    text = 'قال المسؤول "إن الوضع صعب. وأضاف أن الحل قريب.'
    assert split_sentences(text) == ['قال المسؤول "إن الوضع صعب.', "وأضاف أن الحل قريب."]


# --- shapes that cannot stand alone in a summary (issue #17) ------------------------------

from digest.sentences import continues_previous, list_items, unbalanced_quotes  # noqa: E402


def test_a_quote_opened_with_the_closing_mark_stays_whole():
    text = "قال صلى الله عليه وسلم :”أنصر أخاك ظالماً أو مظلوماً.. قال: تردعه عن الظلم فذلك نصرك إياه”. وانتهت الخطبة."
    assert split_sentences(text) == [text.removesuffix(" وانتهت الخطبة."), "وانتهت الخطبة."]


def test_fragments_of_a_quotation_are_unbalanced_and_whole_quotes_are_not():
    assert unbalanced_quotes("قال: تردعه عن الظلم فذلك نصرك إياه”.")  # starts inside the quote
    assert unbalanced_quotes("قال صلى الله عليه وسلم :”أنصر أخاك ظالماً أو مظلوماً..")  # ends inside it
    assert unbalanced_quotes("نعمل معها». وانتهى اللقاء.")
    assert unbalanced_quotes('قال المسؤول "إن الوضع صعب.')
    assert not unbalanced_quotes("وقال: «إنها جارتنا. نعمل معها».")
    assert not unbalanced_quotes("يشمل مادتي “الغازولين” و”الديزل”، وذلك لدعم الاقتصاد.")  # a typo, still whole
    assert not unbalanced_quotes("حطام يشتبه بانه لطائرة الرحلة “ام اتش 370′′ التابعة للخطوط الماليزية.")
    assert not unbalanced_quotes("أعلنت الوزارة تسجيل ثلاث إصابات جديدة.")


def test_short_lines_opening_with_a_verbal_noun_in_a_run_are_list_items():
    sentences = [
        "وأوضح مدير إدارة المشاريع أن العمل يجري حتى ما قبل نهاية شهر ذي القعدة لإنشاء دور السطح.",
        "إعادة بناء الرواق القديم لاقتصاره على 3 جهات فقط.",
        "إعادة 114 عمودا كانت بالرواق قبل البدء بأعمال المشروع.",
        "وأكد أن نسبة الأعمال المنجزة بلغت 80 في المئة حتى الآن.",
        "تطوير الحدائق العامة في المدينة.",  # a verbal noun alone, not in a run
    ]
    assert list_items(sentences) == {1, 2}
    numbered = [
        "رأس الأمير الجلسة.",
        "1 - تعيين فلان بن فلان على وظيفة مستشار أمني بالمرتبة الخامسة عشرة بإمارة المنطقة.",
    ]
    assert list_items(numbered) == {1}


def test_the_rest_of_a_sentence_cut_by_a_line_break_is_a_continuation():
    cut = "أدى صاحب السمو الملكي أمير منطقة عسير صلاة الميت على الشهداء في مسجد قوات الطوارئ الخاصة"
    rest = "بالمنطقة أمس، وذلك بعد صلاة عصر اليوم في جامع الملك فيصل بأبها."
    assert continues_previous([cut, rest], 1)
    assert not continues_previous([cut + ".", rest], 1)
    assert not continues_previous(["عنوان قصير", rest], 1)
    assert continues_previous(["تم الإعلان.", "إلى المراجعة اعتباراً من غد الثلاثاء لاستكمال إجراءات المطابقة."], 1)
    assert not continues_previous(["تم الإعلان.", "إلى ذلك، أعلنت الوزارة فتح باب التسجيل للطلاب الجدد."], 1)
