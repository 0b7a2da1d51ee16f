from digest.cleaning import Block, CleanArticle
from digest.pipeline import NLP_BUDGET_CHARS, content_hash, process, within_budget
from digest.sources.model import Failure, FailureReason, RawArticle

BODY = (
    "افتتح وزير الثقافة مساء أمس معرض الرياض الدولي للكتاب بمشاركة أكثر من ألف دار نشر من ثلاثين دولة.\n"
    "وقال الوزير في كلمة الافتتاح إن المعرض أصبح موعداً سنوياً للقراء والناشرين في المنطقة.\n"
    "وتوقعت إدارة المعرض أن يتجاوز عدد الزوار مليون زائر خلال أيام المعرض العشرة.\n"
)


def test_process_gives_title_sentences_summary_and_search_terms():
    result = process(RawArticle(item="x", text="معرض الكتاب يفتح أبوابه\n" + BODY, url="file:///x"))
    assert not isinstance(result, Failure)
    assert result.title == "معرض الكتاب يفتح أبوابه"
    assert len(result.sentences) == 3 and 1 <= len(result.summary) <= 2  # an article summary: 1–2 sentences
    assert "الثقافه" in result.normalized_text
    assert "ثقافه" in result.search_text.split()


def test_same_text_with_diacritics_has_the_same_hash():
    plain = process(RawArticle(item="a", text=BODY, url="file:///a"))
    marked = process(RawArticle(item="b", text=BODY.replace("وزير الثقافة", "وَزِيرُ الثَّقَافَةِ"), url="file:///b"))
    assert not isinstance(plain, Failure) and not isinstance(marked, Failure)
    assert plain.content_hash == marked.content_hash == content_hash(plain.normalized_text)


def test_html_page_article_is_extracted_without_navigation():
    html = (
        "<html><head><title>معرض الكتاب</title><meta property='article:published_time' content='2024-06-19'>"
        "</head><body><nav><a href='/'>الرئيسية</a> <a href='/s'>رياضة</a></nav>"
        "<script>var tracking = 1;</script><article><h1>معرض الكتاب يفتح أبوابه</h1>"
        + "".join(f"<p>{line}</p>" for line in BODY.splitlines())
        + "</article><footer>جميع الحقوق محفوظة</footer></body></html>"
    )
    result = process(RawArticle(item="p.html", text=html, url="file:///p.html", is_html=True))
    assert not isinstance(result, Failure)
    assert "tracking" not in result.clean_text and "الرئيسية" not in result.clean_text
    assert "معرض الرياض الدولي للكتاب" in result.clean_text
    assert result.raw.published is not None and result.raw.published.year == 2024


def test_page_of_only_headlines_is_a_failure_with_a_reason():
    result = process(RawArticle(item="nav.txt", text="الرئيسية\nأخبار\nرياضة\nاتصل بنا", url="file:///nav"))
    assert isinstance(result, Failure) and result.reason is FailureReason.NO_ARTICLE


def test_a_huge_one_line_file_is_read_by_the_nlp_only_as_far_as_its_budget_and_stored_whole():
    """A 3 MB single line held a pass for 22 s; the NLP reads its first NLP_BUDGET_CHARS, the rest is stored."""
    ending = "وفي الختام زار فلاديمير بوتين مدينة قازان الروسية ضمن جولة تشمل عدة مدن."
    short = process(RawArticle(item="s", text="عنوان\n" + BODY + ending + "\n", url="file:///s"))
    assert not isinstance(short, Failure) and "فلاديمير بوتين" in short.entities  # a real article is read whole
    filler = " ".join(BODY.split()) + " "
    line = filler * (3 * NLP_BUDGET_CHARS // len(filler)) + ending
    result = process(RawArticle(item="huge", text="عنوان\n" + line, url="file:///huge"))
    assert not isinstance(result, Failure)
    assert len(" ".join(result.sentences)) <= NLP_BUDGET_CHARS
    assert "قازان" not in " ".join(result.sentences) and "فلاديمير بوتين" not in result.entities
    assert result.clean_text.endswith(ending)  # stored whole
    assert "قازان" in result.search_text.split()  # and found by search


def test_the_budget_cuts_between_words_and_never_past_it():
    article = CleanArticle("t", (Block("أ" * 9), Block("كلمة " * 40), Block("آخر")))
    assert within_budget(article, 10).blocks == (Block("أ" * 9),)  # a block filling the budget ends it
    assert within_budget(article, 9).blocks == (Block("أ" * 9),)
    cut = within_budget(article, 25)
    assert [b.text for b in cut.blocks] == ["أ" * 9, "كلمة كلمة كلمة"]  # 14 characters left: whole words only
    assert within_budget(article, 10_000) is article
