"""Turn a scraped article page's text into the article: title plus body blocks.

Page furniture is recognised structurally rather than by these pages' sentences:
a *prose* line is long and ends like a sentence; short lines are headings,
captions, list items or navigation. Everything before the first prose line is
navigation or title; a section marker (اقرأ أيضاً, مقالات مشابهة, ذات صلة, the
comment section...) after the body has started ends the article, which drops
the second story some sites glue on below it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from digest.arabic import clean_unicode, normalize
from digest.boilerplate import normalized_line_key
from digest.furniture import cut_trailing_tags, is_furniture, strip_dateline
from digest.sentences import normalized, split_sentences

_MIN_PROSE_WORDS = 8
_LONG_LINE_WORDS = 25
_CUT_LINE_WORDS = 12  # a line this long that does not end a sentence, with prose under it, is a sentence cut in two
_MAX_TITLE_WORDS = 14
_SENTENCE_END = re.compile(r"[.!…:»”\")]\s*$")
_QUESTION_END = re.compile(r"[?؟]\s*$")
_CLAUSE_COMMA = re.compile(r"[،,]\s")
_TEASER_END = re.compile(r"(\.\.\.|…)\s*$")
_BULLET = re.compile(r"^\s*[•●▪◦‣∙·*\-–—]\s+")
_NO_LETTERS = re.compile(r"^[\W\d_]*$")
_LATIN_TOKEN_LINE = re.compile(r"^[A-Za-z0-9_:/.\-]+$")  # spot_img, widget ids, bare URLs

# Section headers (normalised) after which the article is over: related lists, glued-on
# stories, tags, comment sections.
_SECTION_MARKERS = tuple(
    normalize(m)
    for m in (
        "اقرأ أيضا",
        "إقرأ أيضا",
        "اقرأ أيضاً",
        "اقرأ المزيد",
        "مواضيع متعلقة",
        "مواضيع ذات صلة",
        "أخبار ذات صلة",
        "ذات صلة",
        "مقالات مشابهة",
        "مقالات ذات صلة",
        "الأكثر قراءة",
        "الأكثر مشاهدة",
        "عدد التعليقات",
        "التعليقات",
        "أضف تعليق",
        "شروط النشر",
        "في أخبار",
    )
)
# Single lines of furniture that may sit anywhere: labels followed by metadata.
_FURNITURE_PREFIXES = tuple(
    normalize(m)
    for m in (
        "كلمات دلالية",
        "الكلمات الدلالية",
        "الوسوم",
        "المصدر:",
        "آخر تحديث",
        ": آخر تحديث",
        "تاريخ النشر",
        "كتب:",
        "كتبت:",
        "بقلم",
        "تابع أحدث الأخبار",
        "تابعونا على",
        "شارك",
        "جميع الحقوق محفوظة",
        "جميع التعليقات المنشورة",
        "لم يتم العثور على نتائج",
    )
)


@dataclass(frozen=True)
class Block:
    """A paragraph of the article, or a heading inside it (never summarised)."""

    text: str
    is_heading: bool = False


@dataclass(frozen=True)
class CleanArticle:
    title: str
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if not b.is_heading]


def clean_article(raw: str, title: str | None = None, template: frozenset[str] = frozenset()) -> CleanArticle:
    """Title and body of a scraped article.

    `title` is used when the source states one; `template` holds `boilerplate.line_key`s of
    lines known to recur across the source's articles, which are dropped wherever they stand.
    """
    lines = _meaningful_lines(raw, template)
    body_start = next((i for i, line in enumerate(lines) if _is_prose(line)), None)
    if body_start is None:
        return CleanArticle(title=clean_unicode(title or "").strip(), blocks=())
    preamble, rest = lines[:body_start], lines[body_start:]
    rest[0] = strip_dateline(rest[0])  # عين اليوم – الرياض، فلان- سبق- جدة: glued to the first paragraph
    found_title = clean_unicode(title).strip() if title else _title_from(preamble, rest[0])
    blocks = _body_blocks(rest, skip={normalize(found_title)})
    return CleanArticle(title=found_title, blocks=tuple(blocks))


def _meaningful_lines(raw: str, template: frozenset[str]) -> list[str]:
    """Lines with furniture, bullets, counters, teasers, template lines and repeats removed."""
    kept: list[str] = []
    seen: set[str] = set()
    for line in clean_unicode(raw).splitlines():
        line = cut_trailing_tags(line.strip())
        if not line or _NO_LETTERS.match(line) or _LATIN_TOKEN_LINE.match(line):
            continue
        key = _key(line)
        if template and normalized_line_key(key) in template:
            continue
        if key in seen:
            continue  # the title repeated by the page template, a list item repeated...
        seen.add(key)
        kept.append(line)
    return _without_link_cards(kept)


def _without_link_cards(lines: list[str]) -> list[str]:
    """Drop teasers of other articles together with the headline line just above each."""
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if _is_teaser(line):
            drop.add(i)
            if i > 0 and not _is_prose(lines[i - 1]):
                drop.add(i - 1)
    return [line for i, line in enumerate(lines) if i not in drop]


def _is_teaser(line: str) -> bool:
    return bool(_TEASER_END.search(line)) and len(line.split()) < _LONG_LINE_WORDS


def _is_prose(line: str) -> bool:
    n_words = len(line.split())
    if _BULLET.match(line) or _is_furniture(line) or _is_section_marker(line):
        return False
    if n_words >= _LONG_LINE_WORDS:
        return True
    if _is_teaser(line) or _QUESTION_END.search(line):
        return False  # a teaser cut off with "...", or a headline asking a question
    return n_words >= _MIN_PROSE_WORDS and bool(_SENTENCE_END.search(line))


def _key(line: str) -> str:
    """A line's normalised form, computed once however many rules look at it (`furniture` and the
    template keys share the cache)."""
    return normalized(line)


def _is_section_marker(line: str) -> bool:
    key = _key(line).strip(" :.-")
    return len(key.split()) <= 4 and any(key.startswith(m) for m in _SECTION_MARKERS)


@lru_cache(maxsize=65_536)
def _is_furniture(line: str) -> bool:
    """Labels with metadata, datelines, tag and link lines, prompts, captions (`furniture`)."""
    key = _key(line).strip()
    return any(key.startswith(m) for m in _FURNITURE_PREFIXES) or is_furniture(line)


def _is_heading_like(line: str) -> bool:
    return not (_BULLET.match(line) or _is_teaser(line) or _is_furniture(line) or _is_section_marker(line))


def _title_from(preamble: list[str], first_paragraph: str) -> str:
    """The heading closest above the body, else the opening of the first sentence."""
    for line in reversed(preamble):
        if _is_heading_like(line) and len(line.split()) >= 3:
            return line
    words = split_sentences(first_paragraph)[0].split()
    title = " ".join(words[:_MAX_TITLE_WORDS]).rstrip(".،,:؛")
    return title + ("…" if len(words) > _MAX_TITLE_WORDS else "")


def _body_blocks(lines: list[str], skip: set[str]) -> list[Block]:
    blocks: list[Block] = []
    for line in _rejoined(lines, skip):
        if _is_section_marker(line):
            break  # related lists, a glued-on story or the comments follow
        if _is_furniture(line) or _BULLET.match(line) or _key(line) in skip:
            continue
        if _is_prose(line):
            blocks.append(Block(line))
        elif not _is_teaser(line):
            blocks.append(Block(line, is_heading=True))
    while blocks and blocks[-1].is_heading:
        blocks.pop()  # a heading with nothing under it is page furniture
    return blocks


def _rejoined(lines: list[str], skip: set[str]) -> list[str]:
    """Sentences a page cut with a line break made whole again: a long line that does not end like a
    sentence and runs on with a comma, followed by prose opening with و or ف, is the first half of that
    prose («…، ومشروع درء أخطار السيول» / «وشبكات تصريف مياه الأمطار …»), not a heading. A subheading
    has no comma inside, or ends in a question mark; the title line is never joined."""
    joined: list[str] = []
    for line in lines:
        before = joined[-1] if joined else ""
        if (
            len(before.split()) >= _CUT_LINE_WORDS
            and _CLAUSE_COMMA.search(before)
            and not (_SENTENCE_END.search(before) or _QUESTION_END.search(before) or before.rstrip().endswith("؛"))
            and not _is_prose(before)
            and _is_heading_like(before)
            and _key(before) not in skip
            and _is_prose(line)
            and line.lstrip()[:1] in ("و", "ف")
        ):
            joined[-1] = f"{before} {line}"
        else:
            joined.append(line)
    return joined
