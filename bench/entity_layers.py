"""Which extraction layers help: each combination scored on a held-out slice of ANERcorp's
training part (its last fifth), with a tagger trained on the other four fifths.

    .venv/bin/python -m bench.entity_layers

The test split is not read. The order of `digest.entities.LAYERS` comes from this table.
"""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from bench.common import markdown_table
from bench.entities import prf, score
from bench.ner_corpora import anercorp_train
from bench.train_ner import SHIPPED, split, train
from digest import ner
from digest.entities import LAYERS, extract_entities

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
DEV_MODEL = Path("/tmp/nashra-ner-dev.crfsuite")
COMBINATIONS = [
    ("crf",),
    ("gazetteer", "crf"),
    ("crf", "gazetteer"),
    ("crf", "gazetteer", "org"),
    ("crf", "gazetteer", "person"),
    ("crf", "gazetteer", "first_name"),
    ("crf", "gazetteer", "repeat"),
    ("crf", "gazetteer", "org", "person", "first_name", "repeat"),
    ("org", "gazetteer", "person", "first_name", "crf", "repeat"),  # today's order
    LAYERS,
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--retrain", action="store_true", help="retrain the held-out tagger even if it exists")
    parser.add_argument("--thresholds", action="store_true", help="compare O thresholds (digest.ner) instead")
    args = parser.parse_args()
    learn, held_out = split(anercorp_train())
    if args.retrain or not DEV_MODEL.exists():
        train(learn, str(DEV_MODEL), SHIPPED["c1"], SHIPPED["c2"])
    ner.use_model(str(DEV_MODEL))
    rows = []
    if args.thresholds:
        trials = [(f"O below {t}", LAYERS, t) for t in THRESHOLDS]
    else:
        trials = [(" → ".join(layers), layers, ner.O_THRESHOLD[0]) for layers in dict.fromkeys(COMBINATIONS)]
    for name, layers, threshold in trials:
        ner.O_THRESHOLD[0] = threshold
        results = score(partial(extract_entities, layers=layers), held_out)
        row: list[object] = [name]
        for mode in ("exact", "overlap"):
            totals = [sum(v[i] for v in results[mode].values()) for i in range(3)]
            row.append(f"{prf(*totals)[2]:.3f}")
        row += [f"{prf(*results['overlap'][k])[2]:.3f}" for k in ("PER", "LOC", "ORG", "MISC")]
        rows.append(row)
    print(f"## Layers on the held-out fifth of ANERcorp's training part ({len(held_out)} sentences)\n")
    print(markdown_table(["layers", "exact F1", "overlap F1", "PER", "LOC", "ORG", "MISC"], rows))


if __name__ == "__main__":
    main()
