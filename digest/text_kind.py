"""What kind of text an article is: a news report, or a kind that never joins a news story (pure rules).

The other kinds: an opinion column, a reader poll, a photo caption or a list.

Checked on SaudiNewsNet, whose `author` field and URLs tell columns apart (bench/text_kinds.py):
a column's URL often says so (/Articles/, /opinion/, /kottab/); its text does not carry a
dateline any more reliably than news does in a scraped copy, so the text rule asks for a
high rate of first-person and reader-addressing words, which news reports rarely reach.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from digest.arabic import normalize

NEWS = "news"
OPINION = "opinion"
POLL = "poll"
CAPTION = "caption"
LIST = "list"
KINDS = (NEWS, OPINION, POLL, CAPTION, LIST)

_OPINION_URL = re.compile(
    r"/(?:opinions?|articles?/detail|columns?|columnists?|writers?|kottab|kuttab|blogs?|maqalat|"
    r"editorials?|op-?ed|%d8%b1%d8%a3%d9%8a|رأي|مقالات)(?:[/.?_-]|$)",
    re.IGNORECASE,
)
_OPINION_TITLE = re.compile(r"^(?:رأي|راي|مقال|وجهه نظر|كلمه)\s*[:|\-–]|(?<!\w)(?:بقلم|مقال راي)(?!\w)")
_FIRST_PERSON = re.compile(
    r"(?<!\w)[وف]?(?:اعتقد|اظن|اري|برايي|رايي|نحن|اننا|انني|انا|لنا|علينا|لدينا|عندنا|بلادنا|مجتمعنا|"
    r"جميعنا|كلنا|اقول|نقول|نري|نتمني|اتمني|اعرف|لست|لسنا|ايها|عزيزي)(?!\w)"
)
_REPORTED = re.compile(
    r"(?<!\w)[وف]?(?:قال|اكد|اعلن|افاد|ذكر|اوضح|صرح|كشف|وفق|بحسب|حسب|نقلت|افادت|ذكرت|اعلنت|قالت|اكدت)(?!\w)"
)
_POLL = re.compile(r"(?<!\w)(?:استطلاع|استفتاء|تصويت|التصويت)(?!\w)")
_READERS = re.compile(r"(?<!\w)(?:القراء|قراء|متابعينا)(?!\w)")
_ASK = re.compile(r"(?<!\w)(?:برايك|برايكم|ما رايك|ما رايكم|شاركنا|شاركونا|شارك برايك|صوت الان|ادل بصوتك)(?!\w)")
_QUESTION_TITLE = re.compile(r"^(?:هل|من|ماذا|لماذا|كيف|متي|اين|ما|الي متي|لمن)\s.*[؟?]\s*$")
_CAPTION = re.compile(r"(?<!\w)(?:صوره|الصوره|عدسه|تصوير|لقطه|بالصور|صور)(?!\w)")
_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[-.)]|[•*▪●◾-])\s*")

OPINION_RATE = 1.5  # first-person / reader-addressing words per 100 words; news rarely reaches it
OPINION_MIN_WORDS = 200
CAPTION_MAX_WORDS = 40
POLL_MAX_WORDS = 150  # a short text asking the reader's view is a poll
POLL_QUESTION_WORDS = 80  # a yes-or-no headline over a text this short is a poll
LIST_MIN_ITEMS = 5
LIST_ITEM_WORDS = 14  # a round-up's or a listicle's items are short; a cabinet's numbered decisions are not


def text_kind(title: str, sentences: Sequence[str], url: str = "") -> str:
    """NEWS, OPINION, POLL, CAPTION or LIST, from the URL, the title and the body sentences."""
    head = normalize(title)
    body = normalize("\n".join(sentences))
    n_words = len(body.split())
    asks = _ASK.search(body) or _ASK.search(head)
    question = _QUESTION_TITLE.match(head.strip())
    if (
        (asks and (question or n_words <= POLL_MAX_WORDS))
        or (question and head.startswith("هل ") and n_words <= POLL_QUESTION_WORDS)
        or (_POLL.search(f"{head} {body}") and _READERS.search(body))
    ):
        return POLL
    if _OPINION_URL.search(url) or _OPINION_TITLE.search(head):
        return OPINION
    lead = normalize(" ".join(sentences[:2]))
    reported = ":" in head or _REPORTED.search(lead)  # «الرئيس: ...», «قال ...»: a speech quoted in a report
    rate = 100 * len(_FIRST_PERSON.findall(body)) / max(n_words, 1)
    if n_words >= OPINION_MIN_WORDS and not reported and (rate >= OPINION_RATE or question):
        return OPINION  # a voice of its own, or a headline that asks the reader
    if n_words <= CAPTION_MAX_WORDS and _CAPTION.search(f"{head} {body}"):
        return CAPTION
    items = sorted(len(s.split()) for s in sentences if _ITEM.match(s))
    short = sum(1 for s in sentences if len(s.split()) <= 6)
    listed = len(items) >= LIST_MIN_ITEMS and 2 * len(items) >= len(sentences)
    if (listed and items[len(items) // 2] <= LIST_ITEM_WORDS) or (
        len(sentences) >= 8 and short >= 0.7 * len(sentences)
    ):
        return LIST
    return NEWS
