"""Summary quality and speed, side by side: Lead-3, stock sumy LexRank and TextRank, and Nashra.

    .venv/bin/python bench/summaries.py [--articles 500] [--seed 0]

(a) What summary sentences are: fragments (< 6 words), boilerplate, headings,
    sentences of a glued-on story (seeds, from bench/labels/seeds.json), and the
    redundancy inside multi-source story summaries.
(b) ROUGE-1/2 against the SaudiNewsNet headlines (a weak proxy for quality),
    with rouge-score given an Arabic tokenizer (its default drops Arabic letters):
    recall of the headline within the first 40 words of each summary (the same
    length budget for every system, as DUC did), and F on the whole summaries
    (which mostly rewards short output: Lead-1 beats every 3-sentence system).
(d) The settings sweep behind Nashra's choice, on a separate tuning sample.
(c) Time per article against stock sumy LexRank, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from rouge_score import rouge_scorer
from sumy.nlp.stemmers import Stemmer
from sumy.nlp.tokenizers import Tokenizer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from bench.common import LABELS, SEEDS, markdown_table, require, sample, saudinewsnet, timed
from digest.arabic import clean_unicode, normalize, tokenize
from digest.boilerplate import countable_lines, line_key, template_keys
from digest.cleaning import clean_article
from digest.lexrank import LexRankSettings
from digest.pipeline import process
from digest.sentences import split_sentences
from digest.sources.model import Failure, RawArticle
from digest.summarize import (
    NashraSummarizer,
    SumySummarizer,
    content_stems,
    summarize_story,
    summary_candidates,
)

SUMMARY_SENTENCES = 3
ROUGE_BUDGET_WORDS = 40
STORY_SENTENCES = 5
FRAGMENT_WORDS = 6
REDUNDANT_JACCARD = 0.5
PROMOTION_WORDS = 12
# Sign-offs and promotions seen in SaudiNewsNet (short lines); only for *scoring*, never used by Nashra.
BOILERPLATE_PATTERNS = re.compile(
    r"انتهي|يتبع|sms|للتواصل|المزيد|next|previous|نيويورك تايمز|اقرا ايضا|تابعونا|حقوق النشر", re.IGNORECASE
)

# (text, title, template line keys, sentence count) -> summary sentences
System = Callable[[str, str, frozenset[str], int], list[str]]


# --- the systems ----------------------------------------------------------------


def _stock(algorithm: type) -> System:
    tokenizer, stemmer, stop_words = Tokenizer("arabic"), Stemmer("arabic"), get_stop_words("arabic")

    def summarize(text: str, title: str, template: frozenset[str], count: int = SUMMARY_SENTENCES) -> list[str]:
        summarizer = algorithm(stemmer)
        summarizer.stop_words = stop_words
        document = PlaintextParser.from_string(text, tokenizer).document
        return [str(s) for s in summarizer(document, count)]

    return summarize


def lead3(text: str, title: str, template: frozenset[str], count: int = SUMMARY_SENTENCES) -> list[str]:
    return split_sentences(clean_unicode(text))[:count]


def nashra(text: str, title: str, template: frozenset[str], count: int = SUMMARY_SENTENCES) -> list[str]:
    """Nashra's article step (its article summaries have SUMMARY_SENTENCES; stories use `summarize_story`)."""
    result = process(RawArticle(item="bench", text=text, url="bench:", title=title or None), template=template)
    return [] if isinstance(result, Failure) else list(result.summary)


SYSTEMS: dict[str, System] = {
    "Lead-3": lead3,
    "sumy LexRank (stock)": _stock(LexRankSummarizer),
    "sumy TextRank (stock)": _stock(TextRankSummarizer),
    "Nashra": nashra,
}


# --- judging sentences -------------------------------------------------------------


@dataclass
class Tally:
    sentences: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    rouge1: list[float] = field(default_factory=list)  # recall within the word budget
    rouge2: list[float] = field(default_factory=list)
    rouge1_f: list[float] = field(default_factory=list)  # F on the whole summary
    seconds: float = 0.0
    articles: int = 0

    def share(self, kind: str) -> str:
        return f"{100 * self.kinds[kind] / self.sentences:.1f} %" if self.sentences else "–"


def _line_of(sentence: str, lines: Sequence[str]) -> int | None:
    key = " ".join(normalize(sentence).split())
    for number, line in enumerate(lines, start=1):
        if key and key in " ".join(normalize(line).split()):
            return number
    return None


def judge_seed_sentence(sentence: str, lines: Sequence[str], label: dict) -> str:
    """'ok', 'fragment', 'heading', 'glued', 'boilerplate' for a summary sentence of a seed page."""
    if len(sentence.split()) < FRAGMENT_WORDS:
        return "fragment"
    number = _line_of(sentence, lines)
    if number is None:
        return "boilerplate"  # not a piece of any line: a stitched or altered text
    if number in label["headings"]:
        return "heading"
    if any(a <= number <= b for a, b in label["glued"]):
        return "glued"
    if any(a <= number <= b for a, b in label["body"]):
        return "ok"
    return "boilerplate"


def judge_snn_sentence(sentence: str, lines: Sequence[str], repeated: set[str]) -> str:
    """Like `judge_seed_sentence`; `repeated`: keys of lines recurring in 3+ articles of this outlet."""
    if len(sentence.split()) < FRAGMENT_WORDS:
        return "fragment"
    if len(sentence.split()) <= PROMOTION_WORDS and BOILERPLATE_PATTERNS.search(normalize(sentence)):
        return "boilerplate"
    number = _line_of(sentence, lines)
    line = lines[number - 1].strip() if number else sentence
    if line_key(line) in repeated:
        return "boilerplate"
    if number and len(line.split()) < 12 and not re.search(r"[.!?؟…:»”\")]\s*$", line):
        return "heading"
    return "ok"


class _ArabicRougeTokenizer:
    """rouge-score tokenizer: normalised Arabic words (its default keeps only [a-z0-9])."""

    def tokenize(self, text: str) -> list[str]:
        return tokenize(normalize(text))


def redundancy(summary: Sequence[str]) -> tuple[int, int]:
    """(redundant pairs, pairs) among a summary's sentences (content-stem Jaccard ≥ 0.5)."""
    sets = [set(content_stems(s)) for s in summary]
    pairs = [(a, b) for i, a in enumerate(sets) for b in sets[i + 1 :]]
    redundant = sum(1 for a, b in pairs if a and b and len(a & b) / len(a | b) >= REDUNDANT_JACCARD)
    return redundant, len(pairs)


# --- runs -------------------------------------------------------------------------


def run_seeds() -> dict[str, Tally]:
    labels = json.loads((LABELS / "seeds.json").read_text(encoding="utf-8"))["files"]
    tallies = {name: Tally() for name in SYSTEMS}
    for file_name, label in labels.items():
        text = (require(SEEDS) / file_name).read_text(encoding="utf-8")
        lines = clean_unicode(text).splitlines()
        for name, system in SYSTEMS.items():
            for sentence in system(text, "", frozenset()):
                tallies[name].sentences += 1
                tallies[name].kinds[judge_seed_sentence(sentence, lines, label)] += 1
    return tallies


def run_snn(n: int, seed: int) -> tuple[dict[str, Tally], list[dict]]:
    corpus = list(saudinewsnet())
    chosen = sample(corpus, n, seed)
    chosen_ids = {a["id"] for a in chosen}
    # Template lines recur across one outlet's articles (wire copy recurring across outlets is news).
    # The score counts over the whole corpus; Nashra only learns from the articles outside the sample.
    line_documents: dict[str, Counter[str]] = defaultdict(Counter)
    per_source: dict[str, Counter[str]] = defaultdict(Counter)
    for article in corpus:
        keys = countable_lines(article["content"])
        line_documents[article["source"]].update(keys)
        if article["id"] not in chosen_ids:
            per_source[article["source"]].update(keys)
    repeated = {source: {k for k, c in counts.items() if c >= 3} for source, counts in line_documents.items()}
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], tokenizer=_ArabicRougeTokenizer())
    tallies = {name: Tally() for name in SYSTEMS}
    for article in chosen:
        text, title = article["content"], article["title"]
        lines = clean_unicode(text).splitlines()
        keys = countable_lines(text)
        template = template_keys((k, per_source[article["source"]][k]) for k in keys)
        for name, system in SYSTEMS.items():
            summary, seconds = timed(partial(system, text, title, template))
            tally = tallies[name]
            tally.seconds += seconds
            tally.articles += 1
            for sentence in summary:
                tally.sentences += 1
                tally.kinds[judge_snn_sentence(sentence, lines, repeated[article["source"]])] += 1
            budget = scorer.score(title, " ".join(" ".join(summary).split()[:ROUGE_BUDGET_WORDS]))
            tally.rouge1.append(budget["rouge1"].recall)
            tally.rouge2.append(budget["rouge2"].recall)
            tally.rouge1_f.append(scorer.score(title, " ".join(summary))["rouge1"].fmeasure)
    return tallies, corpus


def summariser_speed(articles: list[dict]) -> tuple[float, float, float]:
    """Seconds for stock LexRank, Nashra's summariser alone and Nashra's whole article pipeline."""
    stock = _stock(LexRankSummarizer)
    summarizer = NashraSummarizer()

    def nashra_summariser() -> None:
        for a in articles:
            sentences = [s for p in a["content"].splitlines() for s in split_sentences(clean_unicode(p))]
            summarizer(summary_candidates(sentences), SUMMARY_SENTENCES)

    _, stock_seconds = timed(lambda: [stock(a["content"], a["title"], frozenset()) for a in articles])
    _, nashra_seconds = timed(nashra_summariser)
    _, pipeline_seconds = timed(lambda: [nashra(a["content"], a["title"], frozenset()) for a in articles])
    return stock_seconds, nashra_seconds, pipeline_seconds


def run_stories(corpus: list[dict], limit: int = 100) -> tuple[dict[str, tuple[int, int, int]], int]:
    """Summaries of the seed events and of SaudiNewsNet reports run by several outlets under one headline."""
    labels = json.loads((LABELS / "seeds.json").read_text(encoding="utf-8"))["files"]
    stories: list[list[tuple[str, str]]] = []
    by_event: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for file_name, label in labels.items():
        by_event[label["event"]].append(((SEEDS / file_name).read_text(encoding="utf-8"), ""))
    stories += list(by_event.values())
    by_title: dict[str, dict[str, dict]] = defaultdict(dict)
    for article in corpus:
        by_title[" ".join(normalize(article["title"]).split())].setdefault(article["source"], article)
    groups = [g for t, g in sorted(by_title.items()) if len(g) >= 2 and len(t.split()) >= 4]
    stories += [[(a["content"], a["title"]) for a in g.values()] for g in groups[:limit]]

    results: dict[str, tuple[int, int, int]] = {}
    for name, system in SYSTEMS.items():
        redundant = pairs = with_repeat = 0
        for members in stories:
            if name == "Nashra":
                articles = [clean_article(text, title or None) for text, title in members]
                summary = summarize_story(
                    [[s for p in a.paragraphs for s in split_sentences(p)] for a in articles], STORY_SENTENCES
                )
            else:
                joined = "\n\n".join(text for text, _ in members)
                summary = system(joined, "", frozenset(), STORY_SENTENCES)
            r, p = redundancy(summary)
            redundant, pairs, with_repeat = redundant + r, pairs + p, with_repeat + (r > 0)
        results[name] = (redundant, pairs, with_repeat)
    return results, len(stories)


def sweep(corpus: list[dict], n: int, seed: int) -> list[list[object]]:
    """Headline ROUGE recall (budgeted) of summariser variants on the cleaned sentences of a tuning sample."""
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], tokenizer=_ArabicRougeTokenizer())
    prepared = []
    for article in sample(corpus, n, seed):
        cleaned = clean_article(article["content"], article["title"])
        sentences = [s for p in cleaned.paragraphs for s in split_sentences(p)]
        prepared.append((article["title"], summary_candidates(sentences)))
    variants: dict[str, Callable[[Sequence[str], int], list[str]]] = {
        "first sentences (Lead-3 on cleaned text)": lambda c, k: list(c[:k]),
        "sumy LexRank, Arabic pieces": SumySummarizer("LexRankSummarizer"),
        "sumy TextRank, Arabic pieces": SumySummarizer("TextRankSummarizer"),
        "sumy LSA, Arabic pieces": SumySummarizer("LsaSummarizer"),
        "sumy Luhn, Arabic pieces": SumySummarizer("LuhnSummarizer"),
    }
    for lead in (0.0, 1.0, 2.0):
        for damping in (0.85, 0.5):
            settings = LexRankSettings(lead_weight=lead, damping=damping)
            variants[f"numpy LexRank, lead_weight={lead:g}, damping={damping:g}"] = NashraSummarizer(settings)
    rows = []
    for name, summarizer in variants.items():
        r1, r2 = [], []
        for title, candidates in prepared:
            text = " ".join(" ".join(summarizer(candidates, SUMMARY_SENTENCES)).split()[:ROUGE_BUDGET_WORDS])
            scores = scorer.score(title, text)
            r1.append(scores["rouge1"].recall)
            r2.append(scores["rouge2"].recall)
        rows.append([name, f"{statistics.mean(r1):.3f}", f"{statistics.mean(r2):.3f}"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tune-seed", type=int, default=1, help="sample for the settings sweep")
    parser.add_argument("--stories", type=int, default=100, help="multi-outlet SaudiNewsNet stories summarised")
    args = parser.parse_args()

    seeds = run_seeds()
    snn, corpus = run_snn(args.articles, args.seed)
    stories, n_stories = run_stories(corpus, args.stories)
    chosen = sample(corpus, args.articles, args.seed)
    stock_s, nashra_s, pipeline_s = summariser_speed(chosen)

    print(f"## Seeds (5 pages, {SUMMARY_SENTENCES} sentences each)\n")
    kinds = ["fragment", "boilerplate", "heading", "glued"]
    print(
        markdown_table(
            ["system", "sentences", *kinds],
            [[n, t.sentences, *(t.share(k) for k in kinds)] for n, t in seeds.items()],
        )
    )
    print(f"\n## SaudiNewsNet ({args.articles} articles, seed {args.seed})\n")
    rows = [
        [
            n,
            t.sentences,
            t.share("fragment"),
            t.share("boilerplate"),
            t.share("heading"),
            f"{statistics.mean(t.rouge1):.3f}",
            f"{statistics.mean(t.rouge2):.3f}",
            f"{statistics.mean(t.rouge1_f):.3f}",
            f"{1000 * t.seconds / t.articles:.1f}",
        ]
        for n, t in snn.items()
    ]
    print(
        markdown_table(
            [
                "system",
                "sentences",
                "fragment",
                "boilerplate",
                "heading",
                f"ROUGE-1 R@{ROUGE_BUDGET_WORDS}w",
                f"ROUGE-2 R@{ROUGE_BUDGET_WORDS}w",
                "ROUGE-1 F (whole)",
                "ms/article",
            ],
            rows,
        )
    )
    print(f"\n## Story summaries ({n_stories} multi-source stories, {STORY_SENTENCES} sentences)\n")
    print(
        markdown_table(
            ["system", "redundant pairs", "stories with a repeat"],
            [[n, f"{r}/{p} ({100 * r / max(p, 1):.1f} %)", w] for n, (r, p, w) in stories.items()],
        )
    )
    print(f"\n## Speed on the same {len(chosen)} articles, one after the other in this run\n")
    print(
        markdown_table(
            ["", "seconds", "× stock LexRank"],
            [
                ["stock sumy LexRank (parse + summarise)", f"{stock_s:.2f}", "1.00"],
                [
                    "Nashra summariser (split + summarise)",
                    f"{nashra_s:.2f}",
                    f"{stock_s / nashra_s:.2f} × faster",
                ],
                [
                    "Nashra whole article step (clean, normalise, split, summarise, fingerprint)",
                    f"{pipeline_s:.2f}",
                    f"{stock_s / pipeline_s:.2f} × faster",
                ],
            ],
        )
    )
    print(f"\n## Settings sweep (tuning sample: {args.articles} other articles, seed {args.tune_seed})\n")
    print(
        markdown_table(
            [
                "summariser on Nashra's cleaned sentences",
                f"ROUGE-1 R@{ROUGE_BUDGET_WORDS}w",
                f"ROUGE-2 R@{ROUGE_BUDGET_WORDS}w",
            ],
            sweep(corpus, args.articles, args.tune_seed),
        )
    )


if __name__ == "__main__":
    main()
