"""How summary-worthy each sentence of an article is: a logistic regression over a few signals.

Signals: where the sentence stands (first, 1/position, share of the article before it), its
length, its LexRank centrality, how much it repeats the sentences before it, numbers, quoted
speech, and how it opens (`discourse`). The weights are fitted by `bench/train_sentence_scorer.py`
on the dev references (a reader's three sentences per report) and shipped in
`digest/data/sentence_weights.json`; they are validated by cross-validation there, never in-sample.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources

import numpy as np

from digest.discourse import Opening, opening
from digest.lexrank import LexRankSettings, lexrank_scores

FEATURES = (
    "first",
    "inverse_position",
    "relative_position",
    "log_words",
    "centrality",
    "lead_similarity",
    "earlier_similarity",
    "has_number",
    "quoted_share",
    "opens_pointing_back",
    "opens_said_unnamed",
    "opens_said_named",
    "opens_new_topic",
    "opens_adding",
)
_OPENINGS = {
    Opening.POINTS_BACK: "opens_pointing_back",
    Opening.SAID_UNNAMED: "opens_said_unnamed",
    Opening.SAID_NAMED: "opens_said_named",
    Opening.NEW_TOPIC: "opens_new_topic",
    Opening.ADDS: "opens_adding",
}
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")
_DIGIT = re.compile(r"\d")
_CENTRALITY = LexRankSettings(lead_weight=0.0)
WEIGHTS_FILE = "sentence_weights.json"
Weights = tuple[np.ndarray, float, np.ndarray, np.ndarray]  # coefficients, intercept, feature means, scales


def features(sentences: Sequence[str], similarity: np.ndarray) -> np.ndarray:
    """One row of FEATURES per sentence of one article (its summary candidates, in order)."""
    n = len(sentences)
    rows = np.zeros((n, len(FEATURES)))
    if n == 0:
        return rows
    centrality = lexrank_scores(similarity, _CENTRALITY) * n
    column = {name: i for i, name in enumerate(FEATURES)}
    for i, sentence in enumerate(sentences):
        row = rows[i]
        row[column["first"]] = float(i == 0)
        row[column["inverse_position"]] = 1.0 / (i + 1)
        row[column["relative_position"]] = i / n
        row[column["log_words"]] = math.log(1 + len(sentence.split()))
        row[column["centrality"]] = centrality[i]
        row[column["lead_similarity"]] = similarity[i, 0] if i else 0.0
        row[column["earlier_similarity"]] = similarity[i, :i].max() if i else 0.0
        row[column["has_number"]] = float(bool(_DIGIT.search(sentence)))
        row[column["quoted_share"]] = sum(len(q) for q in _QUOTED.findall(sentence)) / max(len(sentence), 1)
        kind = opening(sentence)
        if kind in _OPENINGS:
            row[column[_OPENINGS[kind]]] = 1.0
    return rows


@cache
def shipped_weights() -> Weights:
    """(coefficients, intercept, feature means, feature scales) from digest/data."""
    data = json.loads(resources.files("digest").joinpath("data", WEIGHTS_FILE).read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{WEIGHTS_FILE} was fitted for other features: retrain with bench/train_sentence_scorer.py")
    return (
        np.array(data["coefficients"]),
        float(data["intercept"]),
        np.array(data["mean"]),
        np.array(data["scale"]),
    )


@cache
def shipped_length_penalty() -> float:
    """Value a sentence loses per 100 words, chosen with the weights (the shorter of two near-equal wins)."""
    data = json.loads(resources.files("digest").joinpath("data", WEIGHTS_FILE).read_text(encoding="utf-8"))
    return float(data.get("length_penalty", 0.1))


def probabilities(rows: np.ndarray, weights: Weights | None = None) -> np.ndarray:
    """P(a reader would pick the sentence), per row of `features`."""
    if rows.shape[0] == 0:
        return np.zeros(0)
    coefficients, intercept, mean, scale = weights or shipped_weights()
    z = ((rows - mean) / scale) @ coefficients + intercept
    return 1.0 / (1.0 + np.exp(-z))
