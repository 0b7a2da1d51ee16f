"""Text kinds checked on SaudiNewsNet: how often each kind is found, and the opinion rule against al-Watan's
own split of columns (/Articles/) and news (/News_Detail/), with and without the URL.

    .venv/bin/python -m bench.text_kinds [--show 5]

Nothing here was fitted: the rules in digest/text_kind.py are fixed; this reports what they do.
For al-Watan the texts are SaudiNewsNet's raw `content` split into lines (no `process()`); the
kinds of two whole days are those `from_processed` gives (the bench cache of bench.story_data).
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

from bench.common import markdown_table, saudinewsnet
from bench.story_data import EVENTS_DAY, READING_DAY, snn_day
from digest.event_features import from_processed
from digest.text_kind import NEWS, OPINION, text_kind


def _lines(content: str) -> list[str]:
    return [line.strip() for line in content.splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=5, help="titles shown per non-news kind")
    args = parser.parse_args()
    corpus = list(saudinewsnet())
    watan = [a for a in corpus if a["source"] == "alwatan"]
    rows = []
    for with_url in (True, False):
        confusion: Counter[tuple[bool, bool]] = Counter()
        for a in watan:
            column = "/Articles/" in a["url"]
            kind = text_kind(a["title"], _lines(a["content"]), a["url"] if with_url else "")
            confusion[(column, kind == OPINION)] += 1
        tp, fp, fn = confusion[(True, True)], confusion[(False, True)], confusion[(True, False)]
        news = confusion[(False, True)] + confusion[(False, False)]
        rows.append(
            [
                "title, text and URL" if with_url else "title and text only",
                f"{tp / (tp + fp):.3f}" if tp + fp else "-",
                f"{tp / (tp + fn):.3f}",
                f"{fp} of {news} ({100 * fp / news:.1f}%)",
            ]
        )
    print(f"## al-Watan: {len(watan)} articles, columns = URLs with /Articles/\n")
    print(markdown_table(["opinion rule reads", "precision", "recall", "news called opinion"], rows))
    found: dict[str, list[dict]] = defaultdict(list)
    n = 0
    for day in (EVENTS_DAY, READING_DAY):
        articles, processed = snn_day(day)
        for a in articles:
            if a["id"] in processed:
                found[from_processed(processed[a["id"]]).kind].append(a)
                n += 1
    print(f"\n## Kinds of the {n} articles of {EVENTS_DAY} and {READING_DAY} that process() keeps\n")
    shares = [[k, len(v), f"{len(v) / n:.3f}"] for k, v in sorted(found.items())]
    print(markdown_table(["kind", "articles", "share"], shares))
    for kind, articles in sorted(found.items()):
        if kind == NEWS:
            continue
        print(f"\n{kind}:")
        for a in articles[: args.show]:
            print(f"- {a['source']}: {a['title'].strip()[:90]}  <{a['url'][:70]}>")


if __name__ == "__main__":
    main()
