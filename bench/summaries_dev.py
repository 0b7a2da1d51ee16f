"""Summaries against a reader's own choices: the 40 reports of `summaries_dev.json`.

    .venv/bin/python -m bench.summaries_dev

Lead-3, stock sumy LexRank and TextRank and Nashra, scored by ROUGE-1/2 and sentence
precision/recall (see `bench/summary_scoring.py` for the tokenizer and the matching).
Whatever is fitted on these 40 reports (the sentence scorer, its C and length penalty) is
scored cross-validated (`bench/train_sentence_scorer.py`), never in-sample.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from rouge_score import rouge_scorer

from bench.common import SHARED_DATA, markdown_table, require, saudinewsnet
from bench.summary_scoring import HEADER, ArabicRougeTokenizer, Scores
from digest.arabic import clean_unicode
from digest.boilerplate import countable_lines, template_keys
from digest.sentences import split_sentences

REFERENCES = SHARED_DATA / "saudinewsnet" / "labels" / "summaries_dev.json"
COUNT = 3  # sentences in each reference summary


@dataclass(frozen=True)
class Case:
    """One labelled report: the article, its outlet's template lines (learnt from the rest of the
    corpus), and the gold sentences as spans into `content`."""

    id: str
    source: str
    title: str
    content: str
    template: frozenset[str]
    gold: tuple[tuple[int, int], ...]

    @property
    def gold_text(self) -> str:
        return " ".join(self.content[s:e] for s, e in self.gold)


def load_cases() -> list[Case]:
    references = json.loads(require(REFERENCES).read_text(encoding="utf-8"))
    wanted = {r["id"] for r in references}
    articles: dict[str, dict] = {}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for article in saudinewsnet():
        if article["id"] in wanted:
            articles[article["id"]] = article
        else:  # the outlet's other articles teach its template lines, as ingest would
            counts[article["source"]].update(countable_lines(article["content"]))
    cases = []
    for reference in references:
        article = articles[reference["id"]]
        keys = countable_lines(article["content"])
        cases.append(
            Case(
                id=article["id"],
                source=article["source"],
                title=article["title"],
                content=article["content"],
                template=template_keys((k, counts[article["source"]][k]) for k in keys),
                gold=tuple((s, e) for s, e in reference["spans"]),
            )
        )
    return cases


# (case, sentence count) -> summary sentences
System = Callable[[Case, int], list[str]]


def lead(case: Case, count: int) -> list[str]:
    """The first sentences of the text as it comes (our splitter, no cleaning)."""
    return split_sentences(clean_unicode(case.content))[:count]


def stock(algorithm_name: str) -> System:
    """Stock sumy, with its own Arabic tokenizer, stemmer and stop words, on the raw text."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.nlp.tokenizers import Tokenizer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    algorithm = {"LexRank": LexRankSummarizer, "TextRank": TextRankSummarizer}[algorithm_name]
    tokenizer, stemmer, stop_words = Tokenizer("arabic"), Stemmer("arabic"), get_stop_words("arabic")

    def summarize(case: Case, count: int) -> list[str]:
        summarizer = algorithm(stemmer)
        summarizer.stop_words = stop_words
        document = PlaintextParser.from_string(case.content, tokenizer).document
        return [str(s) for s in summarizer(document, count)]

    return summarize


def evaluate(system: System, cases: list[Case], count: int = COUNT) -> Scores:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], tokenizer=ArabicRougeTokenizer())
    scores = Scores()
    for case in cases:
        scores.add(system(case, count), case.content, case.gold, case.gold_text, scorer)
    return scores


def main() -> None:
    from bench.train_sentence_scorer import cross_validated, folds_by_outlet, folds_by_report, prepare, score
    from digest.summarize import ARTICLE_SENTENCES, ARTICLE_WORDS, NashraSummarizer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    cases = load_cases()
    prepared = [prepare(case) for case in cases]
    by_report, by_outlet = folds_by_report(prepared), folds_by_outlet(prepared)
    lexrank = NashraSummarizer()
    rows: list[tuple[str, Scores]] = [
        ("Lead-3 (raw text, our splitter)", evaluate(lead, cases)),
        ("Lead-3 (Nashra's candidates: furniture out, datelines cut)", score(prepared, lambda p: p.texts[:COUNT])),
        ("sumy LexRank (stock)", evaluate(stock("LexRank"), cases)),
        ("sumy TextRank (stock)", evaluate(stock("TextRank"), cases)),
        ("LexRank + lead prior + MMR (previous summariser)", score(prepared, lambda p: lexrank(p.texts, COUNT))),
        ("**Nashra sentence scorer**, 5-fold CV by report", cross_validated(prepared, by_report)),
        ("**Nashra sentence scorer**, leave-one-outlet-out CV", cross_validated(prepared, by_outlet)),
        (
            f"Nashra as shipped: ≤ {ARTICLE_SENTENCES} sentences, ≤ {ARTICLE_WORDS} words (5-fold CV)",
            cross_validated(prepared, by_report, ARTICLE_SENTENCES, ARTICLE_WORDS),
        ),
    ]
    print(f"## Dev references ({len(cases)} reports, {COUNT} gold sentences each; summaries of {COUNT} unless said)\n")
    print(markdown_table(["system", *HEADER], [[name, *scores.row()] for name, scores in rows]))


if __name__ == "__main__":
    main()
