"""Train the CRF entity tagger on AQMAR (Wikipedia, CC BY-SA 3.0) and write digest/data/ner.crfsuite.

    .venv/bin/python -m bench.train_ner

AQMAR's MIS0–MIS3 classes differ from article to article, so only PER, LOC and ORG are
learnt. ANERcorp is never used here: it is the evaluation set (bench/entities.py).
"""

from __future__ import annotations

import time

import sklearn_crfsuite

from bench.common import ROOT, SHARED_DATA, require
from digest.ner_features import sentence_features

AQMAR = SHARED_DATA / "aqmar_ner" / "articles"
MODEL = ROOT / "digest" / "data" / "ner.crfsuite"
KEEP = {"PER", "LOC", "ORG"}


def aqmar_sentences() -> list[list[tuple[str, str]]]:
    sentences, current = [], []
    for path in sorted(require(AQMAR).glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) < 2:
                if current:
                    sentences.append(current)
                current = []
                continue
            token, tag = parts[0], parts[-1].strip("`").replace("--", "-")
            kind = tag[2:] if tag[:2] in ("B-", "I-") else ""
            current.append((token, tag if kind in KEEP else "O"))
        if current:
            sentences.append(current)
            current = []
    return sentences


def main() -> None:
    data = aqmar_sentences()
    x = [sentence_features([t for t, _ in s]) for s in data]
    y = [[tag for _, tag in s] for s in data]
    start = time.perf_counter()
    crf = sklearn_crfsuite.CRF(
        algorithm="lbfgs",
        c1=0.05,
        c2=0.05,
        max_iterations=150,
        all_possible_transitions=True,
        model_filename=str(MODEL),
    )
    crf.fit(x, y)
    print(
        f"trained on {len(data)} AQMAR sentences ({sum(map(len, data))} tokens) in {time.perf_counter() - start:.0f} s"
    )
    print(f"model: {MODEL} ({MODEL.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
