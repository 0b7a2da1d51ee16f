"""Entity extraction scored on ANERcorp's test split (CAMeL Lab, repaired): precision, recall, F1 per kind.

    .venv/bin/python -m bench.entities

The corpus is tokenised; sentences are rebuilt as text with each token's character span,
Nashra's extractor runs on that text, and its entities are mapped back to tokens.
Exact: same tokens and kind. Overlap: at least one token in common and the same kind.
The test split is for this report only: the tagger learns from ANERcorp's training part
(bench/train_ner.py), and every choice was made on a held-out slice of that (bench/entity_layers.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from bench.common import markdown_table
from bench.ner_corpora import Sentence, anercorp_test
from digest.entities import Entity, extract_entities

KINDS = ("PER", "LOC", "ORG", "MISC")

Span = tuple[int, int, str]  # first token, last token, kind


def sentences() -> list[list[tuple[str, str]]]:
    return anercorp_test()


def gold_spans(tagged: list[tuple[str, str]]) -> set[Span]:
    spans, start, kind = set(), None, None
    for i, (_, tag) in enumerate([*tagged, ("", "O")]):
        if tag.startswith("I-") and kind == tag[2:]:
            continue
        if start is not None:
            spans.add((start, i - 1, kind))
            start, kind = None, None
        if tag.startswith(("B-", "I-")):
            start, kind = i, tag[2:]
    return spans


def predicted_spans(tokens: list[str], extract: Callable[[str], list[Entity]]) -> set[Span]:
    text, offsets, position = "", [], 0
    for token in tokens:
        offsets.append((position, position + len(token)))
        text += token + " "
        position += len(token) + 1
    spans = set()
    for entity in extract(text):
        covered = [i for i, (a, b) in enumerate(offsets) if a < entity.end and entity.start < b]
        if covered:
            spans.add((covered[0], covered[-1], entity.kind))
    return spans


def score(
    extract: Callable[[str], list[Entity]] = extract_entities, corpus: list[Sentence] | None = None
) -> dict[str, dict[str, tuple[int, int, int]]]:
    """{mode: {kind: (true positives, predicted, gold)}} for mode in exact / overlap (on the test split
    unless another corpus is given: bench/entity_layers.py passes a held-out slice of training)."""
    counts: dict[str, Counter[tuple[str, str]]] = {"exact": Counter(), "overlap": Counter()}
    for tagged in sentences() if corpus is None else corpus:
        gold = gold_spans(tagged)
        predicted = predicted_spans([t for t, _ in tagged], extract)
        for kind in KINDS:
            g = {s for s in gold if s[2] == kind}
            p = {s for s in predicted if s[2] == kind}
            for mode, matched in (("exact", len(g & p)), ("overlap", _overlapping(p, g))):
                counts[mode][(kind, "tp")] += matched
                counts[mode][(kind, "pred")] += len(p)
                counts[mode][(kind, "gold")] += len(g)
    return {mode: {k: (c[(k, "tp")], c[(k, "pred")], c[(k, "gold")]) for k in KINDS} for mode, c in counts.items()}


def _overlapping(predicted: set[Span], gold: set[Span]) -> int:
    """Predicted spans that overlap a gold span of the same kind (each gold span used once)."""
    used: set[Span] = set()
    matched = 0
    for p in sorted(predicted):
        for g in sorted(gold - used):
            if p[0] <= g[1] and g[0] <= p[1]:
                used.add(g)
                matched += 1
                break
    return matched


def prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    results = score()
    rows = []
    for mode in ("exact", "overlap"):
        totals = [sum(v[i] for v in results[mode].values()) for i in range(3)]
        for kind, counts in [*results[mode].items(), ("all", tuple(totals))]:
            p, r, f = prf(*counts)
            rows.append([mode, kind, counts[2], counts[1], f"{p:.3f}", f"{r:.3f}", f"{f:.3f}"])
    print("## Entities on ANERcorp (CAMeL Lab test split, repaired, 918 sentences)\n")
    print(markdown_table(["match", "kind", "gold", "predicted", "precision", "recall", "F1"], rows))


if __name__ == "__main__":
    main()
