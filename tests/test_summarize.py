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
    # a verb of saying, then a colon or comma: the speaker is in the sentence before (a quotation goes on)
    assert opening("قال: تردعه عن الظلم فذلك نصرك إياه.") is Opening.SAID_UNNAMED
    assert opening("وقال ، إن الوزارة ستعلن النتائج غداً.") is Opening.SAID_UNNAMED
    assert opening("وقال الوزير: إن الوزارة ستعلن النتائج.") is Opening.SAID_NAMED
    assert opening("واختتم تصريحه بالقول إن الفريق سيواصل تدريباته.") is Opening.SAID_UNNAMED  # his statement
    assert opening("وقال عبدالله الموسى إن الفريق جاهز.") is Opening.SAID_NAMED
    assert opening("وقال عبدالإله الخطيب إن الأمر مهم.") is Opening.SAID_NAMED  # a name ending like a pronoun
    assert opening("وقال الفقيه القانوني إن القرار سليم.") is Opening.SAID_NAMED


def test_a_lead_in_to_a_list_is_no_candidate():
    lead_in = "تبين أن الحادث كان جراء إقدام شخص انتحاري، كما أسفرت الإجراءات عن النتائج التالية:-"
    plain = "أعلنت وزارة الداخلية اسم منفذ التفجير الذي استهدف مسجد قوات الطوارئ في أبها."
    assert [c.text for c in candidates([plain, lead_in])] == [plain]


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


# --- facts told once, fragments and lists out, the story budget (issue #17, a real day read) ------

import json  # noqa: E402
from importlib import resources  # noqa: E402

from digest.quantities import quantities  # noqa: E402
from digest.redundancy import Told, facts, told_share  # noqa: E402
from digest.summarize import fit_words  # noqa: E402


def _sample_sentences(name: str) -> list[str]:
    data = json.loads(resources.files("digest").joinpath("samples", name).read_text(encoding="utf-8"))
    article = clean_article(data["text"], data.get("title"))
    return [s for p in article.paragraphs for s in split_sentences(p)]


def test_amounts_in_words_and_digits_are_one_amount_of_one_thing():
    (words,) = quantities("أعلنت وزارة الصحة تسجيل ثلاث إصابات بفيروس كورونا في الرياض.")
    (digits,) = quantities("سجلت وزارة الصحة 3 إصابات جديدة بكورونا في الرياض.")
    (other,) = quantities("قتل 3 أشخاص في انفجار بالعاصمة.")
    assert words.same(digits) and not words.same(other)
    (thousand,) = quantities("بمشاركة أكثر من ألف دار نشر")
    assert 1000 in thousand.values and "دار" in thousand.nouns
    (points,) = quantities("ارتفع المؤشر 44,53 نقطة")
    assert {44.53, 44} <= points.values
    assert quantities("في يوم الاثنين الموافق 25/10/1436ه لعام 2015") == ()  # dates, a year, Monday


def test_a_sentence_whose_main_fact_is_told_is_told():
    lead = facts("افتتح وزير الثقافة معرض الرياض الدولي للكتاب بمشاركة أكثر من ألف دار نشر محلية وعربية ودولية.")
    repeat = facts("ويشارك في المعرض أكثر من ألف دار نشر، فيما تحل كوريا الجنوبية ضيف شرف الدورة الحالية بجناح.")
    new = facts("ويستضيف المعرض هذا العام الأدب الكوري ضيف شرف، وتشمل الفعاليات ندوات وأمسيات شعرية.")
    told = Told().adding(lead)
    assert told_share(repeat, told) >= 0.5  # its main clause is all told, whatever it adds after
    assert told_share(new, told) < 0.3


def test_the_demo_book_fair_tells_the_thousand_publishers_once():
    articles = [_sample_sentences(n) for n in ("book_fair_wire.json", "book_fair_okaz.json", "book_fair_riyadh.json")]
    summary = summarize_story(articles)
    assert 2 <= len(summary) <= 3 and words_of(summary) <= STORY_WORDS
    assert sum("ألف دار نشر" in s for s in summary) == 1
    assert sum("عشرة أيام" in s for s in summary) <= 1  # the programme's length, told by two outlets
    assert sum("كوري" in s for s in summary) <= 1
    assert sum(s.startswith(("افتتح", "فتح")) for s in summary) == 1  # one outlet's opening: the same happening


def test_a_fact_told_in_digits_by_one_outlet_and_in_words_by_another_is_told_once():
    a = [
        "أعلنت وزارة الصحة اليوم الجمعة عن تسجيل ثلاث إصابات بفيروس كورونا وشفاء حالة، جميعها في الرياض.",
        "وقالت الوزارة إن الإصابات لامرأة وافدة وأخرى لمواطنة والثالثة لمواطن في العقد الخامس من العمر.",
    ]
    b = [
        "دعت وزارة الصحة المواطنين إلى اتباع الإرشادات الصحية عند التعامل مع الإبل ومنتجاتها.",
        "وسجلت الوزارة في بيانها 3 إصابات بفيروس كورونا في منطقة الرياض خلال الساعات الماضية.",
    ]
    summary = summarize_story([a, b])
    assert sum(bool(quantities(s)) and "إصاب" in s for s in summary) == 1


def test_quote_fragments_and_list_items_are_never_candidates():
    sentences = [
        "وأوضح المفتي أن المؤمن القوي يجب أن يكون قوياً بأخلاقه عند الوقوف مع المظلوم حتى يؤدى له حقه.",
        "قال صلى الله عليه وسلم :”أنصر أخاك ظالماً أو مظلوماً، قالوا يارسول الله ننصره مظلومًا، فكيف ننصره ظالمًا..",
        "قال: تردعه عن الظلم فذلك نصرك إياه”.",
        "إعادة بناء الرواق القديم لاقتصاره على 3 جهات فقط.",
        "إعادة 114 عمودا كانت بالرواق قبل البدء بأعمال المشروع.",
        "وقال المفتي: «المؤمن القوي حصن حصين أمام كل تحديات الأعداء».",
    ]
    assert [c.position for c in candidates(sentences)] == [0, 5]


LONG_STORY = [
    [" ".join(["أعلنت الوزارة في بيان أن الفرق الميدانية عملت على حصر الأضرار في المباني والطرق،"] * 8)[:-1] + "."],
    [" ".join(["أكدت الهيئة العامة للأرصاد أن الأمطار ستستمر حتى نهاية الأسبوع على المناطق الجنوبية،"] * 8)[:-1] + "."],
]


def test_a_story_summary_never_passes_its_budget_even_when_every_sentence_is_long():
    summary = summarize_story(LONG_STORY)
    assert len(summary) == 1 and words_of(summary) <= STORY_WORDS and summary[0].endswith("…")
    many = [[f"{s} وأضاف مصدر آخر تفاصيل جديدة رقم {i} عن الحادث في المنطقة." for s in STORY_A] for i in range(6)]
    summary = summarize_story(many)
    assert len(summary) <= 3 and words_of(summary) <= STORY_WORDS


def test_fit_words_cuts_at_a_clause_and_marks_the_cut():
    sentence = "أعلنت الوزارة اليوم نتائج المسح الشامل للأضرار، وبينت أن أكثر من ألف منزل تضرر في المحافظات الجنوبية."
    assert fit_words(sentence, 30) == sentence
    assert fit_words(sentence, 10) == "أعلنت الوزارة اليوم نتائج المسح الشامل للأضرار …"


def test_in_a_story_a_sentence_leaning_back_follows_what_it_leans_on():
    from digest.summarize import _reading_order

    # chosen most important first: 0, then 2 (another outlet), then 1, which leans on 0
    assert _reading_order([0, 2, 1], [None, 0, None]) == [0, 1, 2]
    assert _reading_order([2, 0, 1], [None, 0, None]) == [2, 0, 1]


def test_lines_of_protocol_are_courtesy_and_stay_out_of_story_summaries():
    from digest.discourse import courtesy

    thanks = "واختتم المهندس سلطان القرشي بالشكر والتقدير لولاة الأمر على دعمهم غير المحدود لمشاريع الحرمين."
    assert courtesy(thanks) and courtesy("وكان في استقبال الطائرة عند وصولها وكيل إمارة المنطقة وعدد من المسؤولين.")
    assert courtesy("نسأل الله لهذه الأسرة عاجل الشفاء وأن يرحم موتاهم.")
    assert not courtesy("أعلنت وزارة الصحة تسجيل ثلاث إصابات جديدة بفيروس كورونا في الرياض.")
    story = [[*STORY_A, thanks]]
    assert thanks not in summarize_story(story, count=5, max_words=200)
