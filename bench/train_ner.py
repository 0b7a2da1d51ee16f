"""Train the CRF entity tagger on ANERcorp's training part and write digest/data/ner.crfsuite.

    .venv/bin/python -m bench.train_ner            # the shipped model (about 2 minutes)
    .venv/bin/python -m bench.train_ner --cv       # the held-out comparison that chose its settings

Everything is chosen on a held-out slice of the training part (its last fifth, whole articles
in corpus order): regularisation, and whether Wikipedia (WikiFANE), Wojood or AQMAR help.
ANERcorp's test split is never read here (bench/entities.py reports on it).
The model learns from ANERcorp (CC BY-SA 4.0), so it is shipped under CC BY-SA 4.0.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from collections.abc import Sequence

import pycrfsuite

from bench.common import ROOT, markdown_table
from bench.ner_corpora import KINDS, Sentence, anercorp_train, aqmar, spans, wikipedia, wojood
from digest import ner_features
from digest.ner_features import sentence_features, word_features

MODEL = ROOT / "digest" / "data" / "ner.crfsuite"
HELD_OUT = 0.2
SHIPPED = {"c1": 0.05, "c2": 0.01, "extra": ()}  # what --cv chose (with ner_features.OPTIONS); README "Entities"
MAX_ITERATIONS = 150


def split(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """(first 80 %, last 20 %) in corpus order: whole articles stay on one side."""
    cut = int(len(sentences) * (1 - HELD_OUT))
    return sentences[:cut], sentences[cut:]


def extra_corpus(name: str) -> list[Sentence]:
    return {"wikipedia": wikipedia, "wojood": wojood, "aqmar": aqmar}[name]()


def train(sentences: Sequence[Sentence], path: str, c1: float, c2: float, iterations: int = MAX_ITERATIONS) -> float:
    """Fit a CRF and write it to `path`; returns seconds taken."""
    start = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence in sentences:
        trainer.append(sentence_features([t for t, _ in sentence]), [tag for _, tag in sentence])
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    trainer.train(path)
    return time.perf_counter() - start


def evaluate(path: str, sentences: Sequence[Sentence]) -> tuple[dict[str, Counter[str]], float]:
    """Exact and overlap counts per kind on `sentences`, and tokens tagged per second (features included)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    word_features.cache_clear()
    start = time.perf_counter()
    predicted = [tagger.tag(sentence_features([t for t, _ in s])) for s in sentences]
    speed = sum(map(len, sentences)) / (time.perf_counter() - start)
    counts = {"exact": Counter[str](), "overlap": Counter[str]()}
    for sentence, tags in zip(sentences, predicted, strict=True):
        gold, guess = spans([t for _, t in sentence]), spans(tags)
        for kind in KINDS:
            g = {s for s in gold if s[2] == kind}
            p = {s for s in guess if s[2] == kind}
            overlapping = sum(1 for a in p if any(a[0] <= b[1] and b[0] <= a[1] for b in g))
            for mode, tp in (("exact", len(g & p)), ("overlap", overlapping)):
                counts[mode][f"{kind}tp"] += tp
                counts[mode][f"{kind}pred"] += len(p)
                counts[mode][f"{kind}gold"] += len(g)
    return counts, speed


def f1(counts: Counter[str], kinds: Sequence[str] = KINDS) -> float:
    tp, pred, gold = (sum(counts[f"{k}{x}"] for k in kinds) for x in ("tp", "pred", "gold"))
    return 2 * tp / (pred + gold) if pred + gold else 0.0


def cross_validate(iterations: int, only: str = "") -> None:
    learn, held_out = split(anercorp_train())
    configs: list[tuple[str, float, float, tuple[str, ...], float, set[str]]] = [
        ("anercorp", 0.05, 0.01, (), 1.0, set()),
        ("anercorp, wiki names", 0.05, 0.01, (), 1.0, {"wiki"}),
        ("anercorp, zipf", 0.05, 0.01, (), 1.0, {"zipf"}),
        ("anercorp, wiki names, zipf", 0.05, 0.01, (), 1.0, {"wiki", "zipf"}),
        ("anercorp, wiki names", 0.1, 0.05, (), 1.0, {"wiki"}),
        ("+wikipedia 1/4, wiki names", 0.05, 0.01, ("wikipedia",), 0.25, {"wiki"}),
        ("+wojood, wiki names", 0.05, 0.01, ("wojood",), 1.0, {"wiki"}),
    ]
    if only:
        configs = [c for c in configs if only in c[0]]
    rows = []
    path = "/tmp/nashra-ner-cv.crfsuite"
    for name, c1, c2, extras, share, options in configs:
        ner_features.OPTIONS.clear()
        ner_features.OPTIONS.update(options)
        word_features.cache_clear()
        data = list(learn)
        for extra in extras:
            sentences = extra_corpus(extra)
            data += random.Random(0).sample(sentences, int(len(sentences) * share))
        seconds = train(data, path, c1, c2, iterations)
        counts, speed = evaluate(path, held_out)
        rows.append(
            [
                name,
                c1,
                c2,
                f"{f1(counts['exact']):.3f}",
                f"{f1(counts['overlap']):.3f}",
                *(f"{f1(counts['overlap'], [k]):.3f}" for k in ("PER", "LOC", "ORG")),
                f"{speed:,.0f}",
                f"{seconds:.0f}",
            ]
        )
        print(markdown_table(["data", "c1", "c2", "exact", "overlap", "PER", "LOC", "ORG", "tok/s", "train s"], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="compare settings on the held-out slice; writes no model")
    parser.add_argument("--iterations", type=int, default=MAX_ITERATIONS)
    parser.add_argument("--only", default="", help="with --cv: only the settings whose name holds this")
    args = parser.parse_args()
    if args.cv:
        cross_validate(args.iterations, args.only)
        return
    data = anercorp_train()
    for extra in SHIPPED["extra"]:
        data += extra_corpus(extra)
    seconds = train(data, str(MODEL), SHIPPED["c1"], SHIPPED["c2"], args.iterations)
    tokens = sum(map(len, data))
    print(f"trained on {len(data)} sentences ({tokens} tokens) in {seconds:.0f} s")
    print(f"model: {MODEL} ({MODEL.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
