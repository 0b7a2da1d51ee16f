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
from digest.sentences import normalized


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
    "جاء ذلك",
    "وجاء ذلك",
    "يأتي ذلك",
    "ويأتي ذلك",
    "وتأتي",
    "يأتي هذا",
    "ويأتي هذا",
    "وبالنسبة",
    "بالنسبة",
    "أما",
    "وأما",
    "وبعد ذلك",
    "بعد ذلك",
    "عقب ذلك",
    "وعقب ذلك",
    # «from his side», «in his turn»: the person is named in an earlier sentence
    "من جانبه",
    "ومن جانبه",
    "من جانبها",
    "ومن جانبها",
    "من جهته",
    "ومن جهته",
    "من جهتها",
    "ومن جهتها",
    "من ناحيته",
    "ومن ناحيته",
    "بدوره",
    "وبدوره",
    "بدورها",
    "وبدورها",
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
    r"اعرب|عبر|طالب|دعا|ابدي|اشاد|ثمن|نفي|اعلن|صرح|ابان|افصح|استدرك|زاد|وجه|امر)(?:ت)?$"
)
# A circumstantial participle of saying (مشيرا إلى أن ...) continues a sentence whose speaker it does not
# name (normalised forms: مؤكدا is موكدا).
_SAYING_PARTICIPLE = re.compile(
    r"^[وف]?(?:مشير|موكد|موضح|مضيف|لافت|منوه|مبين|معتبر|مشدد|مبدي|معرب|مطالب|داعي)" r"(?:ا|ه|ين)?$"
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
        # a demonstrative subject (وأوضحت هذه المصادر): the speaker is in an earlier sentence
        "هذه",
        "هذا",
        "ذلك",
        "تلك",
        "هؤلاء",
    )
)


@cache
def _phrases(phrases: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Each phrase as its normalised words, by first word (one look-up a sentence)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(tokenize(normalize(phrase)))
        by_first.setdefault(words[0], []).append(words)
    return {first: tuple(found) for first, found in by_first.items()}


def _starts_with(words: list[str], phrases: tuple[str, ...]) -> bool:
    candidates = _phrases(phrases).get(words[0], ()) if words else ()
    return any(tuple(words[: len(p)]) == p for p in candidates)


_OPENING_WORDS = 12  # the longest opener is a few words; the saying check looks at two


@lru_cache(maxsize=1 << 14)
def opening(sentence: str) -> Opening:
    """What the first words of `sentence` do."""
    words = tokenize(normalized(sentence))[:_OPENING_WORDS]
    if not words:
        return Opening.PLAIN
    if _starts_with(words, _NEW_TOPIC):
        return Opening.NEW_TOPIC
    if _starts_with(words, _POINTING):
        return Opening.POINTS_BACK
    if words[0] in _ALSO and len(words) > 2 and _SAYING.match(words[1]) and _unnamed_after(words[2]):
        return Opening.SAID_UNNAMED  # كما وجه بتقديم ...: who directed is named in an earlier sentence
    if _starts_with(words, _ADDING):
        return Opening.ADDS
    if _SAYING_PARTICIPLE.match(words[0]):
        return Opening.SAID_UNNAMED
    if _SAYING.match(words[0]):
        verb = sentence.split()[0]
        after_verb = sentence.lstrip()[len(verb) :].lstrip()
        if len(words) == 1 or words[1] in _AFTER_UNNAMED or _MARKS.search(verb[-1:] + after_verb[:1]):
            # «قال: …», «وأضاف ، …»: the verb, then punctuation; its subject is a pronoun
            return Opening.SAID_UNNAMED
        if _POSSESSED.match(after_verb.split(maxsplit=1)[0] if after_verb else ""):
            return Opening.SAID_UNNAMED  # واختتم تصريحه، وأكد حديثه: his statement, the speaker said before
        return Opening.SAID_NAMED
    return Opening.PLAIN


_COURTESY_OPENINGS = (
    "نسأل الله",
    "ونسأل الله",
    "وكان في استقبال",
    "كان في استقبال",
    "وكان في استقباله",
    "وكان في وداع",
    "كان في وداع",
    "وكان في وداعه",
)
_COURTESY_WORDS = 8  # thanks within a sentence's first words make it a courtesy line
_THANKS = re.compile(r"^(?:[وفب]?ال)?شكر(?:ه|ها|هم|هما)?$")


@lru_cache(maxsize=1 << 14)
def courtesy(sentence: str) -> bool:
    """A line of protocol rather than news: thanks (رفع شكره وتقديره، واختتم بالشكر والتقدير), a prayer
    (نسأل الله ...), who received or saw off a guest (وكان في استقباله ...)."""
    words = tokenize(normalized(sentence))[:_COURTESY_WORDS]
    return _starts_with(words, _COURTESY_OPENINGS) or any(_THANKS.match(w) for w in words)


_ALSO = frozenset(("كما", "وكما"))
_MARKS = re.compile("[:،,]")
# A noun of speech with a possessive pronoun (تصريحه، كلمتها، حديثهم): the speaker is named before.
_POSSESSED = re.compile(r"^(?:تصريح|تصريحات|حديث|كلمت|كلام|بيان|خطاب|قول|رد|تعليق|مداخلت|لقاء)(?:ه|ها|هم|هما)$")


def _unnamed_after(word: str) -> bool:
    """After a verb, a word that shows its subject is a pronoun: أن، إلى ... or a verbal noun with ب
    (وجه بتقديم)."""
    return word in _AFTER_UNNAMED or (word.startswith("ب") and len(word) > 4 and word[1] == "ت")


_CONTRAST = ("لكن", "ولكن", "غير أن", "إلا أن", "بيد أن", "في حين", "وفي حين", "بينما")


@lru_cache(maxsize=1 << 14)
def leans_back(sentence: str) -> bool:
    """The sentence needs the one before it: it points back, quotes a speaker it does not name,
    or answers it (ولكن ..., في حين ...)."""
    if opening(sentence) in (Opening.POINTS_BACK, Opening.SAID_UNNAMED):
        return True
    return _starts_with(tokenize(normalize(sentence[:40])), _CONTRAST)
