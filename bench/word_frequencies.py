"""Write digest/data/word_frequencies.tsv.gz: how common each Arabic word is, from wordfreq.

    .venv/bin/python -m bench.word_frequencies

wordfreq's large Arabic list (data CC BY-SA 4.0, Robyn Speer; wordfreq is in the bench extra),
folded by Nashra's normalisation (spellings that normalise alike are summed), words of Zipf 3
and more (once in a million words), Zipf × 10 as an integer. The entity extractor reads it to tell
an attached prefix from a name's first letter (بموسكو → موسكو, but بوتين stays) and common words
from names; the table is small enough to load at start, the full list is not.
"""

from __future__ import annotations

import gzip
import math
from collections import Counter

from wordfreq import get_frequency_dict

from bench.common import ROOT
from digest.arabic import normalize

TABLE = ROOT / "digest" / "data" / "word_frequencies.tsv.gz"
MIN_ZIPF = 3.0


def main() -> None:
    folded: Counter[str] = Counter()
    for word, frequency in get_frequency_dict("ar", wordlist="large").items():
        key = normalize(word)
        if key and " " not in key:
            folded[key] += frequency
    rows = [(w, round(10 * (math.log10(f) + 9))) for w, f in folded.most_common()]
    rows = [(w, z) for w, z in rows if z >= 10 * MIN_ZIPF]
    header = "# word\tZipf x 10: wordfreq's Arabic list (CC BY-SA 4.0, R. Speer), normalised; bench/word_frequencies"
    body = "\n".join([header, *(f"{w}\t{z}" for w, z in rows)]) + "\n"
    TABLE.write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(rows)} words → {TABLE} ({TABLE.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
