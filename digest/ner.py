"""The CRF entity tagger (trained by bench/train_ner.py on AQMAR, shipped as digest/data/ner.crfsuite).

The model is licensed CC BY-SA 3.0, as its training data (AQMAR, Mohit et al. 2012) is.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import pycrfsuite

from digest.arabic import normalize
from digest.ner_features import sentence_features

_TOKEN = re.compile(r"[^\W_]+(?:[\u064b-\u065f\u0670]+[^\W_]*)*|[^\w\s]", re.UNICODE)
_SENTENCE_END = frozenset(".!?؟\n")


@cache
def _tagger() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    with resources.as_file(resources.files("digest").joinpath("data/ner.crfsuite")) as model:
        tagger.open(str(model))
    return tagger


def crf_spans(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, normalised name) of the entities the CRF finds in `text`."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    spans: list[tuple[int, int, str, str]] = []
    for sentence in _sentences(text, tokens):
        labels = _tagger().tag(sentence_features([t for _, _, t in sentence]))
        current: list[tuple[int, int, str]] = []
        kind = ""
        for (start, end, token), label in [*zip(sentence, labels, strict=True), ((0, 0, ""), "O")]:
            if label.startswith("I-") and label[2:] == kind and current:
                current.append((start, end, token))
                continue
            if current:
                spans.append((current[0][0], current[-1][1], kind, " ".join(normalize(t) for _, _, t in current)))
            current, kind = ([(start, end, token)], label[2:]) if label != "O" else ([], "")
    return spans


def _sentences(text: str, tokens: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    sentences, current = [], []
    for token in tokens:
        current.append(token)
        if token[2] in _SENTENCE_END or "\n" in text[token[1] : token[1] + 1]:
            sentences.append(current)
            current = []
    return [*sentences, current] if current else sentences
