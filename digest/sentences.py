"""Sentence splitting for Arabic news text, and the shapes of a sentence that cannot stand alone.

Splits at . ! ? ؟ … and line breaks; never at commas (، ,) or at a colon that
introduces a quote, and never inside a quotation, so «...» stays one sentence
(”...” too: some outlets open a quote with the closing mark).

`unbalanced_quotes` and `list_items` find pieces that are no summary sentence: a fragment of a
quotation (قال: تردعه عن الظلم فذلك نصرك إياه”.) and the short items of a list
(إعادة 114 عمودا كانت بالرواق ... / إعادة بناء الرواق القديم ...).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from digest.arabic import normalize

_TERMINATORS = frozenset(".!?؟…")
_OPENING = {"«": "»", "“": "”", "„": "“", "(": ")", "[": "]"}
_STRAIGHT_QUOTES = frozenset('"”')  # ” closes a “ when one is open, else it opens and closes like "
_CLOSERS_AFTER_END = frozenset("»”\"')]")
# A lone letter before a period is an abbreviation or initial (د. محمد, أ. ب.), not a sentence end.
_INITIAL = re.compile(r"(?:^|\s)\w$")


@lru_cache(maxsize=1 << 16)
def normalized(text: str) -> str:
    """`normalize(text)`, computed once however many steps look at the same line or sentence
    (cleaning, furniture, template keys, redundancy, amounts)."""
    return normalize(text)


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
    open_straight: set[str] = set()
    i, n = 0, len(line)
    while i < n:
        char = line[i]
        if char in _OPENING:
            expected_closers.append(_OPENING[char])
        elif expected_closers and char == expected_closers[-1]:
            expected_closers.pop()
        elif char in _STRAIGHT_QUOTES:
            open_straight ^= {char}
        elif char in _TERMINATORS and not expected_closers and not open_straight:
            end = i + 1
            while end < n and (line[end] in _TERMINATORS or line[end] in _CLOSERS_AFTER_END):
                end += 1
            if _is_sentence_end(line, i, end):
                pieces.append(line[start:end])
                start = i = end
                continue
        i += 1
    pieces.append(line[start:])
    if expected_closers or open_straight:
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


_QUOTE_MARKS = frozenset('«»"“”′″')


def unbalanced_quotes(sentence: str) -> bool:
    """The sentence opens or closes a quotation it does not hold whole: a fragment of a quote.
    «» must pair, straight quotes come in twos; ” closes an open “ and otherwise opens (outlets
    that write ”...”), and a doubled prime (370′′) closes an open “ too."""
    if not _QUOTE_MARKS.intersection(sentence):
        return False
    if sentence.count("«") != sentence.count("»") or sentence.count('"') % 2:
        return True
    depth = 0
    for char in sentence.replace("′′", "″"):
        if char == "«":
            depth += 1
        elif char == "»":
            if not depth:
                return True  # closes a quote opened in an earlier sentence
            depth -= 1
    curly_open = False
    for char in sentence.replace("′′", "″"):
        if char == "“":
            curly_open = True
        elif char in "”″":
            curly_open = not curly_open if char == "”" else False
    return curly_open


LIST_ITEM_WORDS = 12  # list items are short
# Words that open a sentence and are no verbal noun (إلى، إن ... begin with إ too).
_PARTICLES = frozenset(
    normalize(w) for w in ("إلى", "إن", "إنه", "إنها", "إنما", "إذا", "إذ", "إثر", "إلا", "إما", "إياه", "إزاء")
)
_BULLET_START = re.compile(r"^\s*(?:\d{1,2}\s*[-–.)]|[(]\d{1,2}[)]|أولا|ثانيا|ثالثا|رابعا|خامسا)")


def _opens_with_verbal_noun(sentence: str) -> bool:
    """The first word has the shape of a verbal noun (إعادة، إنشاء، تطوير، استكمال، اعتماد), not of a
    verb (أعاد، يعيد، طور، استكمل، اعتمد): news sentences open with a verb, a particle or a name."""
    words = sentence.split()
    if not words:
        return False
    word = words[0].strip('«»"“”()[]-–:،,.')
    if word.startswith(("و", "ف")) and len(word) > 4:
        word = word[1:]
    plain = normalized(word)
    if len(plain) < 4 or plain in _PARTICLES or word.startswith("ال"):
        return False
    return (
        word.endswith("ة")  # إعادة، زيادة، صيانة: a verb never ends in taa marbuta
        or word.startswith("إ")  # إنشاء، إطلاق (form IV verbs begin with أ)
        or (len(plain) == 5 and plain[0] == "ت" and plain[3] == "ي")  # تطوير، تركيب، توفير
        or (plain.startswith("است") and len(plain) >= 6 and plain[-2] == "ا")  # استكمال
        or (len(plain) == 6 and plain[0] == "ا" and plain[2] == "ت" and plain[4] == "ا")  # اعتماد، انتقال
    )


def _list_shaped(sentence: str) -> bool:
    return len(sentence.split()) <= LIST_ITEM_WORDS and _opens_with_verbal_noun(sentence)


def list_items(sentences: Sequence[str]) -> set[int]:
    """Indices of the sentences that are items of a list: numbered (1- ، 2) ، أولا), or short and
    opening with a verbal noun in a run of at least two such lines."""
    shaped = [_list_shaped(s) for s in sentences]
    return {
        i
        for i, is_shaped in enumerate(shaped)
        if _BULLET_START.match(sentences[i])
        or (is_shaped and ((i > 0 and shaped[i - 1]) or (i + 1 < len(shaped) and shaped[i + 1])))
    }


_ENDS_SENTENCE = re.compile(r"[.!?؟…:»”\")\]]\s*$")


# A sentence does not open with a bare «to» (إلى ذلك، إلى جانب ... do): such a piece is the rest of another.
_CONTINUATION_START = re.compile(r"^\s*(?:إلى|الى)\s+(?!ذلك|جانب|ذاك)")


def continues_previous(sentences: Sequence[str], i: int) -> bool:
    """Sentence `i` is the rest of the one before it, cut by a line break in the page: that one is
    long and does not end like a sentence (a heading would be short, and is not among the
    sentences), or it opens with a bare إلى."""
    if _CONTINUATION_START.match(sentences[i]):
        return True
    if i == 0:
        return False
    before = sentences[i - 1]
    return len(before.split()) >= LIST_ITEM_WORDS and not _ENDS_SENTENCE.search(before)
