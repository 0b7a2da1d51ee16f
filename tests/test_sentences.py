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
