"""Summaries against a reader's own choices: the 40 reports of `summaries_dev.json`.

    .venv/bin/python -m bench.summaries_dev

Lead-3, stock sumy LexRank and TextRank and Nashra, scored by ROUGE-1/2 and sentence
precision/recall (see `bench/summary_scoring.py` for the tokenizer and the matching).
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


def nashra_pipeline(count: int | None = None) -> System:
    """Nashra's article step as ingest runs it (`process`), with the outlet's template lines."""
    from digest.pipeline import process
    from digest.sources.model import Failure, RawArticle

    def summarize(case: Case, _count: int) -> list[str]:
        raw = RawArticle(item=case.id, text=case.content, url="bench:", title=case.title)
        result = process(raw, template=case.template)
        return [] if isinstance(result, Failure) else list(result.summary)

    return summarize


def evaluate(system: System, cases: list[Case], count: int = COUNT) -> Scores:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], tokenizer=ArabicRougeTokenizer())
    scores = Scores()
    for case in cases:
        scores.add(system(case, count), case.content, case.gold, case.gold_text, scorer)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    cases = load_cases()
    systems: dict[str, System] = {
        "Lead-3 (raw text, our splitter)": lead,
        "sumy LexRank (stock)": stock("LexRank"),
        "sumy TextRank (stock)": stock("TextRank"),
        "Nashra (process, as shipped)": nashra_pipeline(),
    }
    rows = []
    for name, system in systems.items():
        scores = evaluate(system, cases)
        rows.append([name, *scores.row(), scores.unplaced])
    print(f"## Dev references ({len(cases)} reports, {COUNT} gold sentences each)\n")
    print(markdown_table(["system", *HEADER, "unplaced"], rows))


if __name__ == "__main__":
    main()
