from pathlib import Path

from digest.cleaning import clean_article
from digest.sentences import split_sentences
from digest.summarize import ArabicTokenizer, arabic_stop_words, summarize_article, summarize_story

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
    summary = summarize_article(SENTENCES, count=2)
    assert all("معرض" in s for s in summary)


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
        assert 2 <= len(summary) <= 3
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
        assert len(summary) == 3
        for sentence in summary:
            key = " ".join(normalize(sentence).split())
            numbers = [n for n, line in enumerate(lines, start=1) if key in line]
            assert numbers, (name, sentence)
            assert all(any(a <= n <= b for a, b in label["body"]) for n in numbers), (name, sentence)
            assert not set(numbers) & set(label["headings"]), (name, sentence)
            assert len(sentence.split()) >= 6
