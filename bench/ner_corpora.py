"""The NER corpora in ../shared/data, read into one shape: sentences of (token, tag), tags
O / B-KIND / I-KIND with KIND in PER, LOC, ORG, MISC.

ANERcorp's training part is what the tagger learns from; its test split is read only by
bench/entities.py, to report. The others (Wikipedia, Wojood, AQMAR) are offered to the
cross-validation in bench/train_ner.py, which decides whether they help.
"""

from __future__ import annotations

from pathlib import Path

from bench.common import SHARED_DATA, require

Sentence = list[tuple[str, str]]

ANERCORP_TRAIN = SHARED_DATA / "anercorp_train" / "ANERcorp_train.txt"
ANERCORP_TEST = SHARED_DATA / "anercorp_camel_test" / "ANERCorp_CamelLab_test.txt"
WIKIFANE = SHARED_DATA / "wikifane_gold" / "WikiFANE_Gold_coarse.txt"
WOJOOD = SHARED_DATA / "wojood_sample" / "wojood_sample_train.txt"
AQMAR = SHARED_DATA / "aqmar_ner" / "articles"
KINDS = ("PER", "LOC", "ORG", "MISC")


def _tag(raw: str) -> str:
    """PERS → PER, AQMAR's MIS0–MIS3 → MISC, annotator typos (I--ORG, B-MIS1`) mended, unknown → O."""
    raw = raw.strip("`").replace("--", "-")
    if raw[:2] not in ("B-", "I-"):
        return "O"
    kind = raw[2:]
    kind = {"PERS": "PER"}.get(kind, "MISC" if kind.startswith("MIS") else kind)
    return f"{raw[:2]}{kind}" if kind in KINDS else "O"


def read_conll(path: Path) -> list[Sentence]:
    """`token TAG` lines, a blank line between sentences."""
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in require(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            if current:
                sentences.append(current)
            current = []
            continue
        current.append((parts[0], _tag(parts[-1])))
    if current:
        sentences.append(current)
    return sentences


def anercorp_train() -> list[Sentence]:
    return read_conll(ANERCORP_TRAIN)


def anercorp_test() -> list[Sentence]:
    """For reporting only (bench/entities.py): never trained or tuned on."""
    return read_conll(ANERCORP_TEST)


def wikipedia() -> list[Sentence]:
    return read_conll(WIKIFANE)


def wojood() -> list[Sentence]:
    return read_conll(WOJOOD)


def aqmar() -> list[Sentence]:
    return [s for path in sorted(require(AQMAR).glob("*.txt")) for s in read_conll(path)]


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """(first token, last token, kind) of each BIO mention; an orphan I- starts one."""
    found, start, kind = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("I-") and kind == tag[2:]:
            continue
        if start is not None:
            found.add((start, i - 1, kind))
            start, kind = None, None
        if tag.startswith(("B-", "I-")):
            start, kind = i, tag[2:]
    return found
