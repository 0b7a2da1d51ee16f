"""Page furniture inside the text: datelines, tag lines, link lines, captions, prompts, wire markers.

Template lines that repeat across an outlet's articles are learnt per outlet (`boilerplate`);
these are the general shapes no count can find because each instance differs: a dateline
(عين اليوم – الرياض, فلان- سبق- جدة:, الدمام 26 شوال 1436 هـ ... واس) glued to the first sentence,
the tag line under a story (سمات طالبان الملا عمر), the link back to the outlet (رابط الخبر
بصحيفة الوئام: ...), a share bar (شارك من خلال تويتر فيسبوك), an SMS subscription prompt, a
wire service's end marker (// انتهى //  15:22 ت م).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from digest.arabic import normalize
from digest.sentences import normalized

# News agencies and outlets as datelines name them (normalised when compiled).
_AGENCIES = (
    "واس",
    "سبق",
    "عين اليوم",
    "اليوم",
    "الوئام",
    "عكاظ",
    "المدينة",
    "الوطن",
    "الجزيرة",
    "الاقتصادية",
    "الشرق الأوسط",
    "الرياض",
    "الرياضي",
    "الرياضية",
    "رويترز",
    "أ ف ب",
    "ا ف ب",
    "أ.ف.ب",
    "د ب أ",
    "د.ب.أ",
    "يو بي آي",
    "فرانس برس",
    "الفرنسية",
    "الألمانية",
    "الأناضول",
    "وام",
    "كونا",
    "بنا",
    "قنا",
    "سبأ",
    "سانا",
    "العمانية",
    "واج",
    "متابعات",
    "وكالات",
    "خاص",
)
# Places of two words that a dateline may name before the story starts without a separator.
_TWO_WORD_PLACES = (
    "مكة المكرمة",
    "المدينة المنورة",
    "خميس مشيط",
    "حفر الباطن",
    "عواصم العالم",
    "الأحساء المبرز",
    "وادي الدواسر",
    "نيويورك الأمم المتحدة",
    "أبو ظبي",
    "أبوظبي العاصمة",
    "الدار البيضاء",
)
_SEPARATOR = r"[\-–—ـ]+"
# A segment of a dateline: one to three words without punctuation or quotes.
_WORD = r"[^\s\-–—ـ:،,.«»\"“”()\[\]؛]+"
_SEGMENT = re.compile(rf"\s*({_WORD}(?:\s+{_WORD}){{0,2}})\s*({_SEPARATOR}|:)")
# A wire-service dateline: place, Hijri and Gregorian dates, the agency (الدمام 26 شوال 1436 هـ الموافق ... واس).
_WIRE_DATELINE = re.compile(r"^\s*[^\d\s][^\d]{0,30}?\s\d{1,2}\s+\S+\s+\d{4}\s*هـ?[^.!؟]{0,60}?\bواس\b\s*[:\-–—]?\s*")
# A share bar or pager glued in front of the text.
_LEAD_BARS = re.compile(
    r"^\s*(?:شارك من خلال(?:\s+(?:تويتر|فيسبوك|فيس بوك|جوجل بلس|واتساب|اكتب رأيك))+|Next\s+Previous)\s*"
)
_SAYING_START = re.compile(r"^[وف]?(?:قال|أضاف|اضاف|أكد|اكد|أوضح|اوضح|أشار|اشار|تابع|ذكر|بين|لفت)")

# Whole sentences or lines that are furniture, by their opening (normalised text).
_FURNITURE_OPENINGS = tuple(
    normalize(m)
    for m in (
        "سمات ",
        "الوسوم",
        "وسوم:",
        "كلمات دلالية",
        "الكلمات الدلالية",
        "كلمات مفتاحية",
        "رابط الخبر",
        "رابط المقال",
        "الرابط المختصر",
        "رابط مختصر",
        "المصدر:",
        "// انتهى",
        "//انتهى",
        "انتهى //",
        "انتهى//",
        "وكالة الأنباء السعودية تحييكم",
        "جميع الحقوق محفوظة",
    )
)
# Openings that are furniture in a short sentence only (a long one is news that happens to start so).
_SHORT_FURNITURE_OPENINGS = tuple(
    normalize(m)
    for m in (
        "للتواصل",
        "للاشتراك",
        "اشترك في",
        "اشترك الآن",
        "تابعونا",
        "تابعوا",
        "تابع أحدث الأخبار",
        "حمل تطبيق",
        "حمّل تطبيق",
        "شارك هذا",
        "شارك الخبر",
        "اكتب رأيك",
        "أضف تعليق",
        "طباعة",
        "إرسال لصديق",
        "الصورة:",
        "صورة:",
        "الصورة من",
        "(الصورة",
        "خدمة «",
        "بالاتفاق مع",
        "وحدة التقارير",
        "يتبع",
        "إضافة أولى",
        "إضافة ثانية",
        "إضافة ثالثة",
        "إضافة رابعة",
        "إضافة خامسة",
    )
)
# Furniture anywhere in a short sentence: SMS prompts, e-mail addresses, links, wire time stamps.
_FURNITURE_INSIDE = re.compile(
    r"\bsms\b|ثم مسافة|@\w+\.\w+|https?://|www\.|\bت م\s*$|^\s*\d{1,2}:\d{2}\s*ت\s*م",
    re.IGNORECASE,
)
_CAPTION_OPENINGS = tuple(normalize(m) for m in ("جانب من", "من اللقاء", "لقطة من", "صورة تجمع", "صورة لـ", "صورة ل"))
_SHORT = 14  # words: captions and prompts are short; a long sentence that merely mentions sms is news
_SENTENCE_END = re.compile(r"[.!؟?…]\s*[»”\")]?\s*$")
_TRAILING_TAGS = re.compile(r"(?<=[.!؟?»”\"])\s+سمات\s[^.!؟?]*$")


@cache
def _agencies() -> frozenset[str]:
    return frozenset(normalize(a) for a in _AGENCIES)


@cache
def _two_word_places() -> frozenset[str]:
    return frozenset(normalize(p) for p in _TWO_WORD_PLACES)


@lru_cache(maxsize=1 << 14)
def _is_agency(segment: str) -> bool:
    return normalized(" ".join(segment.split())) in _agencies()


@lru_cache(maxsize=1 << 15)
def strip_dateline(sentence: str, first: bool = True) -> str:
    """The sentence without a dateline, byline or share bar glued to its front.

    Datelines naming an agency or outlet (عين اليوم – الرياض، فلان- سبق- جدة:، واس - عمان :) are
    cut wherever a sentence starts; a bare place (موسكو: ...، موسكو- ...) only from the first
    sentence of an article (`first`), where nothing else can stand in that shape.
    """
    text = _LEAD_BARS.sub("", sentence)
    wire = _WIRE_DATELINE.match(text)
    if wire:
        return text[wire.end() :].lstrip(" :-–—")
    end = _dateline_end(text, first)
    rest = text[end:].lstrip(" :-–—ـ")
    return rest if end and len(rest.split()) >= 4 else text


def _dateline_end(text: str, first: bool) -> int:
    """Where the dateline at the start of `text` ends (0: there is none)."""
    segments: list[tuple[str, str, int]] = []  # (words, separator, end offset)
    at = 0
    while len(segments) < 3:
        found = _SEGMENT.match(text, at)
        if not found or len(" ".join(s for s, _, _ in segments).split()) + len(found.group(1).split()) > 7:
            break
        segments.append((found.group(1), found.group(2), found.end()))
        at = found.end()
        if found.group(2) == ":":
            break
    if not segments:
        return 0
    agency = max((i for i, (words, _, _) in enumerate(segments) if _is_agency(words)), default=-1)
    ends_with_colon = segments[-1][1] == ":"
    if ends_with_colon:
        head = segments[0][0]
        if agency >= 0 or (len(segments) > 1 and not _SAYING_START.match(head) and not head[0].isdigit()):
            return segments[-1][2]
        return segments[0][2] if first and _bare_place(segments[0][0]) else 0
    if agency >= 0:
        end = segments[agency][2]
        if agency == len(segments) - 1:  # the place follows the agency without a separator of its own
            end += _place_length(text[end:])
        return end
    return segments[0][2] if first and len(segments) == 1 and _bare_place(segments[0][0]) else 0


def _bare_place(head: str) -> bool:
    """A dateline's place standing alone: one word (not a verb of saying, a conjunction or a number),
    or a known place of two."""
    words = head.split()
    if len(words) == 2:
        return normalize(head) in _two_word_places()
    plain = not _SAYING_START.match(head) and not head.startswith(("و", "ف")) and not head[0].isdigit()
    return len(words) == 1 and plain


def _place_length(rest: str) -> int:
    """Characters of the place name at the start of `rest` (one word, or a known two-word place)."""
    stripped = rest.lstrip()
    words = stripped.split()
    if not words:
        return 0
    take = 2 if len(words) > 1 and normalize(" ".join(words[:2])) in _two_word_places() else 1
    found = re.match(r"\S+" + r"\s+\S+" * (take - 1), stripped)
    return len(rest) - len(stripped) + (found.end() if found else 0)


def is_dateline(line: str) -> bool:
    """A line that is only a dateline or byline (عين اليوم – كابول، عمر إبراهيم – عين اليوم، اليوم - الدمام)."""
    text = line.strip().rstrip(":").strip()
    words = text.split()
    if not words or len(words) > 12:
        return False
    if _WIRE_DATELINE.match(text + " ") and normalize(text).endswith("واس"):
        return True
    if len(words) > 7 or _SENTENCE_END.search(text):
        return False
    parts = [p.strip() for p in re.split(_SEPARATOR, text) if p.strip()]
    return len(parts) >= 2 and any(_is_agency(p) for p in parts) and all(len(p.split()) <= 3 for p in parts)


@lru_cache(maxsize=1 << 16)
def is_furniture(sentence: str) -> bool:
    """A sentence or line that is page furniture, never a summary sentence."""
    text = _LEAD_BARS.sub("", sentence).strip()
    if len(text.split()) < 3 and len(text.split()) < len(sentence.split()):
        return True  # a share bar or pager and little else
    if not text:
        return True
    key = normalized(text).lstrip("* ").strip()
    n_words = len(text.split())
    if key.startswith(_FURNITURE_OPENINGS) or is_dateline(text):
        return True
    if n_words <= _SHORT and key.startswith(_SHORT_FURNITURE_OPENINGS):
        return True
    if n_words <= 2 * _SHORT and _FURNITURE_INSIDE.search(text):
        return True
    return n_words <= _SHORT and key.startswith(_CAPTION_OPENINGS) and not _SENTENCE_END.search(text)


def cut_trailing_tags(line: str) -> str:
    """A paragraph without the tag line an outlet glues after its last sentence (… طالبان. سمات طالبان …)."""
    return _TRAILING_TAGS.sub("", line)
