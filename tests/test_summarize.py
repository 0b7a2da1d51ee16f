from pathlib import Path

from digest.cleaning import clean_article
from digest.sentences import split_sentences
from digest.summarize import arabic_stop_words, summarize_article, summarize_story
from digest.sumy_adapter import ArabicTokenizer

SENTENCES = [
    "افتتح وزير الثقافة معرض الرياض الدولي للكتاب بمشاركة ألف دار نشر.",
    "وقال الوزير:",
    "شكراً لكم.",
    "ويستضيف معرض الرياض للكتاب الأدب الكوري ضيف شرف هذا العام.",
    "وتوقعت إدارة معرض الكتاب أن يتجاوز عدد الزوار مليون زائر.",
    "وفي سياق آخر ارتفعت أسعار الذهب في الأسواق المحلية بشكل طفيف.",
]


def test_tokenizer_reads_words_with_harakat():
    assert ArabicTokenizer().to_words("وَزِيرُ الثَّقَافَةِ افتتح المَعْرِضَ") == ["وزير", "الثقافه", "افتتح", "المعرض"]


def test_stop_words_are_normalised():
    stops = arabic_stop_words()
    assert "الي" in stops and "إلى" not in stops


def test_article_summary_is_whole_sentences_without_fragments():
    summary = summarize_article(SENTENCES, count=2)
    assert len(summary) == 2
    assert all(s in SENTENCES for s in summary)
    assert "وقال الوزير:" not in summary and "شكراً لكم." not in summary
    assert summary == sorted(summary, key=SENTENCES.index)  # original order


def test_article_summary_prefers_the_central_topic():
    unmarked = [s.replace("وفي سياق آخر ", "") for s in SENTENCES]
    summary = summarize_article(unmarked, count=2)
    assert all("معرض" in s for s in summary)


def test_story_summary_leaves_out_a_sentence_announcing_another_topic():
    summary = summarize_story([SENTENCES], count=3)
    assert summary and all("سياق آخر" not in s for s in summary)


def test_story_summary_has_no_repeated_sentences():
    a = SENTENCES
    b = ["افتتح وزير الثقافة معرض الرياض الدولي للكتاب بمشاركة ألف دار للنشر.", *SENTENCES[3:5]]
    summary = summarize_story([a, b], count=5)
    firsts = [s for s in summary if s.startswith("افتتح وزير الثقافة")]
    assert len(firsts) == 1
    assert len(summary) == len(set(summary))


def test_seed_summaries_are_sentences_of_the_article(seeds: Path):
    for path in sorted(seeds.glob("*.txt")):
        article = clean_article(path.read_text(encoding="utf-8"))
        sentences = [s for p in article.paragraphs for s in split_sentences(p)]
        summary = summarize_article(sentences)
        assert 1 <= len(summary) <= 2
        assert all(s in sentences and len(s.split()) >= 6 for s in summary), path.name


def test_seed_summaries_come_only_from_the_main_article_body(seeds: Path):
    """Against bench/labels/seeds.json: no heading, furniture or glued-on story in any summary."""
    import json

    from digest.arabic import clean_unicode, normalize
    from digest.pipeline import process
    from digest.sources.model import RawArticle

    labels = json.loads((Path(__file__).parent.parent / "bench/labels/seeds.json").read_text("utf-8"))["files"]
    for name, label in labels.items():
        text = (seeds / name).read_text(encoding="utf-8")
        lines = [" ".join(normalize(line).split()) for line in clean_unicode(text).splitlines()]
        summary = process(RawArticle(item=name, text=text, url="file:///x")).summary
        assert 1 <= len(summary) <= 2
        for sentence in summary:
            key = " ".join(normalize(sentence).split())
            numbers = [n for n, line in enumerate(lines, start=1) if key in line]
            assert numbers, (name, sentence)
            assert all(any(a <= n <= b for a, b in label["body"]) for n in numbers), (name, sentence)
            assert not set(numbers) & set(label["headings"]), (name, sentence)
            assert len(sentence.split()) >= 6


# --- budget, dangling openers, redundancy (issue #17) -----------------------------------

import numpy as np  # noqa: E402

from digest.discourse import Opening, leans_back, opening  # noqa: E402
from digest.redundancy import fact_similarity  # noqa: E402
from digest.summarize import ARTICLE_WORDS, STORY_WORDS, Budget, candidates, choose, words_of  # noqa: E402

LONG = (
    "وأوضح المتحدث الرسمي باسم الوزارة في بيان مطول وزعه على وسائل الإعلام المحلية والدولية أن الفرق الميدانية "
    "عملت طوال الأيام الماضية على حصر الأضرار في المباني والطرق والجسور والمرافق العامة في جميع المحافظات "
    "المتضررة وأن التقارير النهائية سترفع إلى المقام السامي خلال الأسبوع المقبل بعد استكمال جميع الإجراءات."
)


def test_article_summary_keeps_to_two_sentences_and_its_word_budget():
    summary = summarize_article([*SENTENCES, LONG])
    assert 1 <= len(summary) <= 2 and words_of(summary) <= ARTICLE_WORDS


def test_between_equal_values_the_shorter_sentence_wins():
    texts = ["جملة أولى قصيرة عن الخبر المهم اليوم.", LONG]
    chosen = choose(texts, np.array([0.5, 0.5]), np.eye(2), [None, None], Budget(1, None, length_penalty=0.0))
    assert chosen == [0]
    chosen = choose(texts[::-1], np.array([0.5, 0.5]), np.eye(2), [None, None], Budget(1, None, length_penalty=0.0))
    assert chosen == [1]


def test_a_sentence_pointing_back_comes_only_with_the_one_before_it():
    texts = [
        "أعلنت وزارة التعليم تأجيل بدء العام الدراسي أسبوعا في جميع المناطق.",
        "لذلك قررت إدارات المدارس تعديل جداول المعلمين والطلاب بما يتوافق مع القرار.",
        "وفي سياق آخر افتتح أمير المنطقة مستشفى جديدا بسعة مئتي سرير في المدينة.",
    ]
    assert leans_back(texts[1]) and not leans_back(texts[0])
    value = np.array([0.1, 0.9, 0.5])  # the pointing sentence is valued most
    alone = choose(texts, value, np.eye(3), [None, 0, 1], Budget(1, None, length_penalty=0.0))
    assert alone == [2]  # it cannot stand first: what it points to is not chosen
    pair = choose(texts, np.array([0.8, 0.9, 0.1]), np.eye(3), [None, 0, 1], Budget(2, None, length_penalty=0.0))
    assert sorted(pair) == [0, 1]


def test_openings():
    assert opening("لذلك، قررت الوزارة تمديد المهلة.") is Opening.POINTS_BACK
    assert opening("حيث إن الوزارة لم تعلن موعدا.") is Opening.POINTS_BACK
    assert opening("ومن هذه القاعدة انطلقت الحملة.") is Opening.POINTS_BACK
    assert opening("وأضاف أن المهرجان سيستمر أسبوعين.") is Opening.SAID_UNNAMED
    assert opening("وأضاف بحاح في تصريحات صحفية أن بلاده لن تسمح.") is Opening.SAID_NAMED
    assert opening("من جهة أخرى اعتمد الأمير خطة المرور.") is Opening.NEW_TOPIC
    assert opening("قتل 23 شخصا في هجومين.") is Opening.PLAIN
    assert leans_back("ولكن ولله الحمد سيزيدنا ذلك قوة وثباتاً واجتماع كلمة.")  # answers what came before


def test_candidates_cut_datelines_and_skip_furniture():
    sentences = [
        "عين اليوم – الرياض أعلنت وزارة الصحة تسجيل ثلاث حالات جديدة من فيروس كورونا في الرياض.",
        "وأوضحت الوزارة أن الحالات الجديدة لمواطنين في العقد الرابع من العمر وحالتهم مستقرة.",
        "سمات كورونا وزارة الصحة الرياض",
        "رابط الخبر بصحيفة الوئام: الصحة تسجل ثلاث حالات جديدة من كورونا",
    ]
    texts = [c.text for c in candidates(sentences)]
    assert texts == [sentences[0].removeprefix("عين اليوم – الرياض "), sentences[1]]


STORY_A = [
    "زار صاحب السمو الملكي الأمير فيصل بن خالد أمير منطقة عسير المصابين الـ9 في مستشفى عسير المركزي أمس.",
    "واطمأن سموه على صحة المصابين والخدمات الطبية المقدمة لهم في المستشفى.",
    "وأدى جموع المصلين صلاة الميت على الشهداء الـ13 في جامع أبها الكبير عصر أمس.",
]
STORY_B = [
    "تفقد أمير منطقة عسير الأمير فيصل بن خالد أمس المصابين الـ9 الذين يتلقون العلاج في مستشفى عسير المركزي.",
    "وأعلنت وزارة الداخلية أن التحقيقات مستمرة لكشف ملابسات التفجير الذي استهدف مسجد قوات الطوارئ.",
    "وصلى الآلاف صلاة الميت على الشهداء الـ13 في جامع أبها الكبير بعد صلاة العصر.",
]


def test_story_summary_tells_a_fact_once_whichever_outlet_wrote_it():
    summary = summarize_story([STORY_A, STORY_B])
    assert 2 <= len(summary) <= 3 and words_of(summary) <= STORY_WORDS
    assert not (STORY_A[0] in summary and STORY_B[0] in summary)  # the hospital visit, told by both
    assert not (STORY_A[2] in summary and STORY_B[2] in summary)  # the funeral prayer, told by both
    assert len(summary) == len(set(summary))


def test_paraphrases_across_outlets_are_similar_and_other_facts_are_not():
    similarity = fact_similarity([STORY_A[0], STORY_B[0], STORY_A[2], STORY_B[2], STORY_B[1]])
    assert similarity[0, 1] >= 0.5 and similarity[2, 3] >= 0.5
    assert similarity[0, 2] < 0.5 and similarity[0, 4] < 0.5 and similarity[2, 4] < 0.5
