"""The amounts a sentence states, whether written in digits or in words, each with what it counts.

«ثلاث إصابات» and «3 إصابات» state one amount; «أكثر من ألف دار نشر» and «1000 دار» too; «44,53
نقطة» and «44 نقطة» agree on their whole part. An amount is kept with the content words next to
it (the counted noun follows a number, «ثلاث إصابات»; a label may precede it, «إصابة 3»), so two
sentences can be seen to state the same figure of the same thing. Years (1436هـ, 2015) are dates,
not amounts, and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from digest.arabic import light_stem, normalize
from digest.sentences import normalized

# Number words, normalised (أ/إ→ا، ة→ه، ى→ي), with their values.
_UNITS = {
    "واحد": 1, "واحده": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6,
    "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10,
}  # fmt: skip
_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}  # fmt: skip
_HUNDREDS = {"مئه": 100, "مائه": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200}
_SCALES = {
    "الف": 1e3, "الاف": 1e3, "الفا": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليونا": 1e6,
    "مليار": 1e9, "مليارات": 1e9, "مليارا": 1e9,
}  # fmt: skip
_WORDS: dict[str, float] = {**_UNITS, **_TENS, **_HUNDREDS}
_WORDS.update({unit + "مئه": value * 100 for unit, value in _UNITS.items() if value < 10})
_WORDS.update({unit + "مائه": value * 100 for unit, value in _UNITS.items() if value < 10})
_WORDS = {normalize(word): value for word, value in _WORDS.items()}  # مئة → ميه, as text is normalised
_SCALES = {normalize(word): value for word, value in _SCALES.items()}
_PROCLITICS = ("و", "ب", "ل", "ف", "وب", "ول", "ال", "بال", "وال", "لل")
_NOT_NUMBERS = frozenset(("الاثنين", "والاثنين"))  # Monday
_TEENS = frozenset(("عشر", "عشره"))  # after an ordinal (الثانية عشرة, الحادي عشر) they are not ten
# Words between a number and what it counts, or around it, that say nothing themselves.
_FILLERS = frozenset(
    normalize(w) for w in ("من", "نحو", "حوالي", "قرابة", "أكثر", "أقل", "عدد", "بلغ", "إلى", "في", "و", "أمس", "اليوم")
)
_TOKEN = re.compile(r"\d+(?:[.,٫]\d+)*|[^\W\d_]+|%")
_YEAR = re.compile(r"^(?:1[34]\d\d|19\d\d|20\d\d)$")
# Dates (25/10/1436, 1-11-1436) and clock times (15:22) are not amounts; «في المئة» is a percent sign.
_DATES_AND_TIMES = re.compile(r"\d{1,4}\s*[/\-]\s*\d{1,2}\s*[/\-]\s*\d{1,4}|\d{1,2}:\d{2}")
_PERCENT_WORDS = re.compile(r"\bفي\s+(?:ال)?ما?يه\b")  # في المئة، في المائة (normalised)


@dataclass(frozen=True)
class Quantity:
    """A number a sentence states: its readings (44,53 reads 44.53 and 44) and the stems around it."""

    values: frozenset[float]
    nouns: frozenset[str]

    def same(self, other: Quantity) -> bool:
        """The same amount of the same thing: a reading in common and a neighbouring word, or an
        amount so particular (three significant digits or more) that the figure alone tells it."""
        if not self.values & other.values:
            return False
        return bool(self.nouns & other.nouns) or self.particular or other.particular

    @property
    def particular(self) -> bool:
        return any(len(_significant(v)) >= 3 for v in self.values)


def _significant(value: float) -> str:
    digits = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", "").lstrip("0")
    return digits.rstrip("0")


def _digit_readings(token: str) -> set[float]:
    """44,53 → {44.53, 44}; 627,006 → {627006, 627.006, 627}; 6.671.878 → {6671878}."""
    token = token.replace("٫", ".")
    parts = re.split(r"[.,]", token)
    if len(parts) == 1:
        return {float(token)}
    if len(parts) > 2:
        return {float("".join(parts))}
    whole, fraction = parts
    readings = {float(f"{whole}.{fraction}"), float(whole)}
    if len(fraction) == 3:
        readings.add(float(whole + fraction))
    return readings


def _forms() -> dict[str, tuple[float, bool]]:
    """Every written form of a number word (with its proclitics: وثلاثة، بألف، الثلاث) and its
    (value, is a scale word): one look-up a token."""
    forms: dict[str, tuple[float, bool]] = {}
    for table, is_scale in ((_WORDS, False), (_SCALES, True)):
        for word, value in table.items():
            forms[word] = (value, is_scale)
            if len(word) >= 3:  # لست، بست are not «six»
                for prefix in _PROCLITICS:
                    forms.setdefault(prefix + word, (value, is_scale))
    return forms


_FORMS = _forms()


def _word_value(token: str) -> tuple[float, bool] | None:
    """(value, is a scale word) of a number word with its proclitics, or None."""
    return _FORMS.get(token)


@lru_cache(maxsize=1 << 14)
def quantities(sentence: str) -> tuple[Quantity, ...]:
    """The amounts `sentence` states, in order (digits and number words alike)."""
    text = _PERCENT_WORDS.sub(" % ", _DATES_AND_TIMES.sub(" ", normalized(sentence)))
    tokens = _TOKEN.findall(text)
    found: list[Quantity] = []
    i = 0
    while i < len(tokens):
        if not (tokens[i][0].isdigit() or tokens[i] in _FORMS):
            i += 1  # most words: no number starts here
            continue
        start = i
        readings, i = _read_number(tokens, i)
        if not readings:
            i += 1
            continue
        if len(readings) == 1 and _YEAR.match(f"{next(iter(readings)):g}") and not _counted_after(tokens, i):
            continue  # a year, not an amount
        nouns = {_stem(t) for t in (*_neighbours(tokens, start - 1, -1), *_neighbours(tokens, i, 1))}
        found.append(Quantity(frozenset(readings), frozenset(n for n in nouns if n)))
    return tuple(found)


def _read_number(tokens: list[str], i: int) -> tuple[set[float], int]:
    """The readings of the number starting at tokens[i] (digits or words, then scale words), and
    where it ends; no readings if none starts there."""
    token = tokens[i]
    if token in _NOT_NUMBERS or (token in _TEENS and i and tokens[i - 1].startswith("ال")):
        return set(), i
    if token[0].isdigit():
        readings = _digit_readings(token)
        i += 1
    else:
        word = _word_value(token)
        if word is None:
            return set(), i
        value, is_scale = word
        total, i = value, i + 1
        # ثلاثة وعشرون، خمسة عشر، ثلاث مئة
        while i < len(tokens) and not is_scale:
            following = _word_value(tokens[i])
            if following is None or following[1]:
                break
            nxt = following[0]
            total = total * nxt if nxt == 100 and total < 10 else total + nxt
            i += 1
        readings = {total}
    while i < len(tokens):  # 500 ألف، 4 مليارات، ثلاثة آلاف
        word = _word_value(tokens[i])
        if word is None or not word[1]:
            break
        readings = {r * word[0] for r in readings}
        i += 1
    return readings, i


def _counted_after(tokens: list[str], i: int) -> bool:
    """A four-digit number followed by a unit word is an amount (2015 طالبا), not a year."""
    return i < len(tokens) and tokens[i] not in ("ه", "هـ", "م", "الميلادي", "الهجري") and len(tokens[i]) > 2


def _neighbours(tokens: list[str], at: int, step: int) -> list[str]:
    """The first content word from `at` going `step`wise, fillers skipped (at most two looked at)."""
    found: list[str] = []
    looked = 0
    while 0 <= at < len(tokens) and looked < 3:
        token = tokens[at]
        if token[0].isdigit():
            break
        if (token not in _FILLERS and len(token) > 1 and _word_value(token) is None) or token == "%":
            found.append(token)
            break
        at += step
        looked += 1
    return found


@lru_cache(maxsize=1 << 15)
def _stem(token: str) -> str:
    return token if token == "%" else light_stem(token)


def amount_keys(sentence: str) -> frozenset[str]:
    """The amounts of `sentence` as keys for set overlap: each whole part once (ثلاث and 3 alike)."""
    return frozenset(f"#{int(v)}" for q in quantities(sentence) for v in q.values)


__all__ = ["Quantity", "amount_keys", "quantities"]
