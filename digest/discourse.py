"""How a sentence opens: does it lean on the sentence before it?

A summary sentence that opens by pointing back (لذلك، وهذا، حيث إن، من هذه القاعدة، وأضاف أن ...)
means nothing to a reader who never saw what it points to, so the summariser takes it only
together with the sentence before it (`summarize.select`). One that opens a new topic
(من جهة أخرى، على صعيد آخر) stands on its own.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import cache, lru_cache

from digest.arabic import normalize, tokenize


class Opening(Enum):
    PLAIN = "plain"
    POINTS_BACK = "points_back"  # لذلك، وهذا، حيث إن، وفي هذا الإطار ...
    SAID_UNNAMED = "said_unnamed"  # وأضاف أن ...: the speaker is in an earlier sentence
    SAID_NAMED = "said_named"  # وأضاف الوزير ...
    NEW_TOPIC = "new_topic"  # من جهة أخرى، على صعيد آخر ...
    ADDS = "adds"  # كما، لكن، إلا أن ...: continues the text, yet still reads on its own


_POINTING = (
    "لذلك",
    "ولذلك",
    "لذا",
    "ولذا",
    "لهذا",
    "ولهذا",
    "بذلك",
    "وبذلك",
    "وبهذا",
    "بهذا",
    "وهذا",
    "هذا",
    "وهذه",
    "هذه",
    "وهؤلاء",
    "وذلك",
    "وهو ما",
    "وهي ما",
    "وهو",
    "وهي",
    "وهم",
    "حيث إن",
    "حيث أن",
    "حيث",
    "إذ إن",
    "إذ أن",
    "من هذه",
    "من هذا",
    "ومن هذا",
    "ومن هذه",
    "من هنا",
    "ومن هنا",
    "وعليه",
    "وعلى هذا",
    "وعلى ذلك",
    "وفي هذا",
    "في هذا الإطار",
    "في هذا السياق",
    "في هذا الصدد",
    "في هذا الشأن",
    "وبناء على ذلك",
    "وبناء عليه",
    "بناء على ذلك",
    "ونتيجة لذلك",
    "نتيجة لذلك",
    "ومع ذلك",
    "ورغم ذلك",
    "وبعد ذلك",
    "بعد ذلك",
    "عقب ذلك",
    "وعقب ذلك",
)
_ADDING = ("لكن", "ولكن", "غير أن", "إلا أن", "بيد أن", "كما", "أيضا", "وأيضا", "ثم", "بينما", "فيما", "في حين")
_NEW_TOPIC = (
    "من جهة أخرى",
    "ومن جهة أخرى",
    "من جهة ثانية",
    "ومن جهة ثانية",
    "من جانب آخر",
    "ومن جانب آخر",
    "على صعيد آخر",
    "وعلى صعيد آخر",
    "في سياق آخر",
    "وفي سياق آخر",
    "في سياق منفصل",
    "وفي سياق منفصل",
    "في شأن آخر",
    "وفي شأن آخر",
    "إلى ذلك",
    "الى ذلك",
    "في غضون ذلك",
    "وفي غضون ذلك",
    "في المقابل",
    "وفي المقابل",
    "بالمقابل",
)
_SAYING = re.compile(
    r"^[وف]?(?:قال|اضاف|اوضح|اشار|اكد|تابع|بين|لفت|شدد|ذكر|نوه|كشف|افاد|اردف|استطرد|اختتم|ختم|لفت|رأي|راي|اعتبر|"
    r"اعرب|عبر|طالب|دعا|ابدي|اشاد|ثمن|نفي|اعلن|صرح|ابان|افصح|استدرك|زاد)(?:ت)?$"
)
# Words after a verb of saying that show its subject is a pronoun (وأضاف أن، وأشار إلى، وقال في بيان).
_AFTER_UNNAMED = frozenset(
    normalize(w)
    for w in (
        "أن",
        "إن",
        "بأن",
        "أنه",
        "إنه",
        "أنها",
        "بأنه",
        "بأنها",
        "إلى",
        "في",
        "خلال",
        "على",
        "عن",
        "لـ",
        "ل",
        "له",
        "لها",
        "قائلا",
        "قائلة",
        "موضحا",
        "مضيفا",
        "مشيرا",
        "سموه",
        "معاليه",
        "فضيلته",
        "سعادته",
        "بالقول",
        "أيضا",
        "كذلك",
    )
)


@cache
def _phrases(phrases: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Each phrase as its normalised words, longest first."""
    return tuple(sorted((tuple(tokenize(normalize(p))) for p in phrases), key=len, reverse=True))


def _starts_with(words: list[str], phrases: tuple[str, ...]) -> bool:
    return any(tuple(words[: len(p)]) == p for p in _phrases(phrases))


@lru_cache(maxsize=1 << 14)
def opening(sentence: str) -> Opening:
    """What the first words of `sentence` do."""
    words = tokenize(normalize(sentence[:120]))
    if not words:
        return Opening.PLAIN
    if _starts_with(words, _NEW_TOPIC):
        return Opening.NEW_TOPIC
    if _starts_with(words, _POINTING):
        return Opening.POINTS_BACK
    if _starts_with(words, _ADDING):
        return Opening.ADDS
    if _SAYING.match(words[0]):
        after_verb = sentence.lstrip()[len(sentence.split()[0]) :].lstrip()
        if len(words) == 1 or words[1] in _AFTER_UNNAMED or after_verb.startswith((":", "،", ",")):
            return Opening.SAID_UNNAMED
        return Opening.SAID_NAMED
    return Opening.PLAIN


_CONTRAST = ("لكن", "ولكن", "غير أن", "إلا أن", "بيد أن")


def leans_back(sentence: str) -> bool:
    """The sentence needs the one before it: it points back, quotes a speaker it does not name,
    or answers it (ولكن ...)."""
    if opening(sentence) in (Opening.POINTS_BACK, Opening.SAID_UNNAMED):
        return True
    return _starts_with(tokenize(normalize(sentence[:40])), _CONTRAST)
