"""The CRF entity tagger, trained on newswire and shipped as digest/data/ner.crfsuite.

Trained by bench/train_ner.py on ANERcorp's training part, and shipped under CC BY-SA 4.0 as its training
data is (Benajiba et al. 2007; the CAMeL Lab split, Obeid et al. 2020).
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
_MAX_SENTENCE = 120  # tokens: a run-on paragraph is tagged in pieces (the CRF's cost grows with length)
_model: list[str] = []  # another model file, for the held-out measurement (bench/entity_layers.py)
# A token the best path calls O is taken as part of a name when O's marginal probability is below this:
# the CRF is more precise than it recalls, and this trades some of that precision for recall.
# Chosen on the held-out slice of training (bench/entity_layers.py --thresholds); 0.5 is Viterbi's choice.
O_THRESHOLD = [0.7]


def use_model(path: str | None) -> None:
    """Tag with the model at `path` from now on (None: the shipped one)."""
    _model[:] = [path] if path else []
    _tagger.cache_clear()


@cache
def _tagger() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    if _model:
        tagger.open(_model[0])
        return tagger
    with resources.as_file(resources.files("digest").joinpath("data/ner.crfsuite")) as model:
        tagger.open(str(model))
    return tagger


def crf_spans(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, normalised name) of the entities the CRF finds in `text`."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    spans: list[tuple[int, int, str, str]] = []
    tagger = _tagger()
    for sentence in _sentences(text, tokens):
        labels = _recall_labels(tagger, tagger.tag(sentence_features([t for _, _, t in sentence])))
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


def _recall_labels(tagger: pycrfsuite.Tagger, labels: list[str]) -> list[str]:
    """The best path, with O tokens whose O marginal is under the threshold given their likeliest name tag."""
    threshold = O_THRESHOLD[0]
    if threshold <= 0.5 or "O" not in labels:
        return labels
    names = [label for label in tagger.labels() if label != "O"]
    result = list(labels)
    for i, label in enumerate(labels):
        if label == "O" and tagger.marginal("O", i) < threshold:
            best = max(names, key=lambda name: tagger.marginal(name, i))
            kind = best[2:]
            before = result[i - 1][2:] if i else ""
            result[i] = f"I-{kind}" if before == kind else f"B-{kind}"
    return result


def _sentences(text: str, tokens: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    sentences, current = [], []
    for token in tokens:
        current.append(token)
        ends = token[2] in _SENTENCE_END or "\n" in text[token[1] : token[1] + 1]
        if ends or (len(current) >= _MAX_SENTENCE and token[2] in "،,؛;"):
            sentences.append(current)
            current = []
    return [*sentences, current] if current else sentences
