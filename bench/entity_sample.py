"""The names shown under the stories of one real SaudiNewsNet day: a random sample of 100 to read.

    .venv/bin/python -m bench.entity_sample [--day 2015-08-04] [--seed 16]

Each article is cleaned and its entities found as the pipeline does (`entity_names`); articles
are grouped into stories crudely (titles sharing half their content words); each story shows
`digest.salience.story_names`. The sample (fixed seed) is printed as a table to judge by reading,
and written to bench/labels/entity_sample_<day>.md. SaudiNewsNet is CC BY-NC-SA: read here, never
shipped. 2015-08-10 is the story benchmark's dev day and is not used.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator

from bench.common import LABELS, markdown_table, saudinewsnet
from bench.sample_day import OUTLETS
from digest.arabic import light_stem, words
from digest.cleaning import clean_article
from digest.pipeline import entity_names
from digest.salience import ArticleNames, story_names
from digest.summarize import arabic_stop_words

SAMPLE = 100
SAME_STORY = 0.5


def day_articles(day: str) -> Iterator[ArticleNames]:
    for row in saudinewsnet():
        if not row["date_extracted"].startswith(day):
            continue
        clean = clean_article(row["content"], title=row["title"])
        if len(clean.text.split()) < 15:
            continue
        paragraphs = clean.paragraphs
        lead = paragraphs[0] if paragraphs else ""
        outlet = OUTLETS.get(row["source"], row["source"])
        yield ArticleNames(clean.title, lead, entity_names(f"{clean.title}\n{clean.text}"), outlet)


def _title_terms(title: str) -> frozenset[str]:
    stops = arabic_stop_words()
    return frozenset(light_stem(w) for w in words(title) if w not in stops and len(w) > 2 and not w.isdigit())


def stories(articles: list[ArticleNames]) -> list[list[ArticleNames]]:
    """Greedy grouping: an article joins the first story whose first title shares half its terms."""
    groups: list[tuple[frozenset[str], list[ArticleNames]]] = []
    for article in articles:
        terms = _title_terms(article.title)
        for first, members in groups:
            if terms and first and len(terms & first) / min(len(terms), len(first)) >= SAME_STORY:
                members.append(article)
                break
        else:
            groups.append((terms, [article]))
    return [members for _, members in groups]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--day", default="2015-08-04")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    if args.day == "2015-08-10":
        parser.error("2015-08-10 is the stories benchmark's dev day")
    articles = list(day_articles(args.day))
    shown = [(members[0].title, name) for members in stories(articles) for name in story_names(members)]
    sample = random.Random(args.seed).sample(shown, min(SAMPLE, len(shown)))
    rows = [[i + 1, name, title[:70], ""] for i, (title, name) in enumerate(sample)]
    table = markdown_table(["#", "name shown", "story (first title)", "junk?"], rows)
    heading = (
        f"## Names shown under the stories of SaudiNewsNet {args.day}\n\n"
        f"{len(articles)} articles, {len(shown)} names shown; a random sample of {len(sample)} (seed {args.seed}).\n"
    )
    print(heading)
    print(table)
    out = LABELS / f"entity_sample_{args.day}.md"
    out.write_text(f"{heading}\n{table}\n", encoding="utf-8")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
