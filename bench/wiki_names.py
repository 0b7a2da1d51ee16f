"""Write digest/data/wiki_names.tsv.gz: how Arabic Wikipedia uses each word in names (WikiFANE Gold).

    .venv/bin/python -m bench.wiki_names

For every normalised word (attached و ف ب ل ك taken off, ال kept) that WikiFANE's gold annotation puts
inside a name at least twice: the kinds and positions it takes there (B-/I- PER, LOC, ORG, MISC, seen in at
least a fifth of its name uses) and how much of its use is inside names (a bucket). The tagger reads these as
features: world knowledge of clubs, companies and people that ANERcorp's 125k words do not hold.
WikiFANE Gold: Alotaibi & Lee 2014, CC BY-SA 3.0 (so this table is CC BY-SA, like the model).
"""

from __future__ import annotations

import gzip
from collections import Counter, defaultdict

from bench.common import ROOT
from bench.ner_corpora import wikipedia
from digest.arabic import normalize
from digest.ner_features import split_proclitic

TABLE = ROOT / "digest" / "data" / "wiki_names.tsv.gz"
MIN_NAME_USES = 2
MIN_SHARE = 0.2


def main() -> None:
    uses: Counter[str] = Counter()
    tags: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for sentence in wikipedia():
        for token, tag in sentence:
            word = split_proclitic(normalize(token))[1]
            uses[word] += 1
            if tag != "O":
                tags[word][tag.replace("-", "")] += 1
    rows = []
    for word, counts in sorted(tags.items()):
        named = sum(counts.values())
        if named < MIN_NAME_USES or not word.strip():
            continue
        share = named / uses[word]
        bucket = "hi" if share >= 0.8 else "mid" if share >= 0.3 else "lo"
        kept = sorted(t for t, n in counts.items() if n >= MIN_SHARE * named)
        rows.append(f"{word}\t{bucket}\t{','.join(kept)}")
    header = "# word\tshare of uses inside names\tname tags. From WikiFANE Gold (CC BY-SA 3.0); bench/wiki_names.py"
    TABLE.write_bytes(gzip.compress("\n".join([header, *rows, ""]).encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(rows)} words → {TABLE} ({TABLE.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
