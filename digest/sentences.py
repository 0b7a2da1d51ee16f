"""Sentence splitting for Arabic news text.

Splits at . ! ? ؟ … and line breaks; never at commas (، ,) or at a colon that
introduces a quote, and never inside a quotation, so «...» stays one sentence.
"""

from __future__ import annotations

import re

_TERMINATORS = frozenset(".!?؟…")
_OPENING = {"«": "»", "“": "”", "„": "“", "(": ")", "[": "]"}
_STRAIGHT_QUOTES = frozenset('"')
_CLOSERS_AFTER_END = frozenset("»”\"')]")
# A lone letter before a period is an abbreviation or initial (د. محمد, أ. ب.), not a sentence end.
_INITIAL = re.compile(r"(?:^|\s)\w$")


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, in order, stripped; empty pieces dropped."""
    sentences: list[str] = []
    for line in text.splitlines():
        sentences.extend(_split_line(line))
    return sentences


def _split_line(line: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    expected_closers: list[str] = []
    in_straight_quote = False
    i, n = 0, len(line)
    while i < n:
        char = line[i]
        if char in _OPENING:
            expected_closers.append(_OPENING[char])
        elif expected_closers and char == expected_closers[-1]:
            expected_closers.pop()
        elif char in _STRAIGHT_QUOTES:
            in_straight_quote = not in_straight_quote
        elif char in _TERMINATORS and not expected_closers and not in_straight_quote:
            end = i + 1
            while end < n and (line[end] in _TERMINATORS or line[end] in _CLOSERS_AFTER_END):
                end += 1
            if _is_sentence_end(line, i, end):
                pieces.append(line[start:end])
                start = i = end
                continue
        i += 1
    pieces.append(line[start:])
    if expected_closers or in_straight_quote:
        # An unbalanced quote mark must not glue a whole paragraph together: split it plainly.
        return _split_plain(line)
    return [p.strip() for p in pieces if p.strip()]


def _is_sentence_end(line: str, at: int, end: int) -> bool:
    if end < len(line) and not line[end].isspace():
        return False  # 3.5, example.com, ...word
    return not (line[at] == "." and _INITIAL.search(line[:at]))


def _split_plain(line: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for i, char in enumerate(line):
        if char in _TERMINATORS and _is_sentence_end(line, i, i + 1):
            pieces.append(line[start : i + 1])
            start = i + 1
    pieces.append(line[start:])
    return [p.strip() for p in pieces if p.strip()]
