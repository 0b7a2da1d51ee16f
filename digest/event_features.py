"""What the same-event decision needs to know about one article, worked out once (pure, JSON-ready).

`EventFeatures` holds the article's title and lead terms, its term vector, its entities by
kind, the distinctive numbers it quotes (casualties, scores, amounts, index levels), the
years, day-month dates and weekdays it names, its near-duplicate signature, its time if
known and its kind of text (news, opinion, poll, caption, list). Dates named in the text do
not set the article's time; they keep two reports apart (a 2023 summit, a 2024 visit) or
together (both name «الثلاثاء 12 أغسطس»).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from digest.arabic import normalize
from digest.clustering import entity_keys, term_vector
from digest.text_kind import NEWS, text_kind

if TYPE_CHECKING:
    from digest.pipeline import ProcessedArticle

LEAD_SENTENCES = 2
MAX_NUMBERS = 20

_MONTHS = {
    **dict.fromkeys(("يناير", "كانون الثاني"), 1),
    **dict.fromkeys(("فبراير", "شباط"), 2),
    **dict.fromkeys(("مارس", "اذار"), 3),
    **dict.fromkeys(("ابريل", "نيسان"), 4),
    **dict.fromkeys(("مايو", "ايار"), 5),
    **dict.fromkeys(("يونيو", "حزيران"), 6),
    **dict.fromkeys(("يوليو", "تموز"), 7),
    **dict.fromkeys(("اغسطس", "اب"), 8),
    **dict.fromkeys(("سبتمبر", "ايلول"), 9),
    **dict.fromkeys(("اكتوبر", "تشرين الاول"), 10),
    **dict.fromkeys(("نوفمبر", "تشرين الثاني"), 11),
    **dict.fromkeys(("ديسمبر", "كانون الاول"), 12),
}
_HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الثاني": 4, "ربيع الاخر": 4, "جمادي الاولي": 5,
    "جمادي الاخره": 6, "جمادي الثانيه": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
    "ذو القعده": 11, "ذي القعده": 11, "ذو الحجه": 12, "ذي الحجه": 12,
}  # fmt: skip
_WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6}
_MONTH_WORDS = "|".join(sorted((*_MONTHS, *_HIJRI_MONTHS), key=len, reverse=True))
_DAY_MONTH = re.compile(rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?({_MONTH_WORDS})(?![\w])")
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)(?!\d)")
_WEEKDAY = re.compile(r"(?<![\w])[وفب]?(?:يوم\s+)?(" + "|".join(_WEEKDAYS) + r")(?![\w])")
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


@dataclass(frozen=True)
class EventFeatures:
    """Everything the same-event decision knows about one article; `to_json`/`from_json` for storage."""

    title: Mapping[str, float]  # IDF-less term vector of the headline
    lead: Mapping[str, float]  # of the headline and the first sentences
    terms: Mapping[str, float]  # the article's term vector (title ×3), as `process()` gives it
    entities: Mapping[str, str]  # entity key (clustering.entity_keys) -> PER / LOC / ORG
    numbers: tuple[str, ...] = ()  # distinctive numbers quoted (years and small counts left out)
    title_numbers: tuple[str, ...] = ()  # those of the headline: 439 ألف vs 425 ألف tells two daily counts apart
    years: tuple[int, ...] = ()
    dates: tuple[str, ...] = ()  # "month-day" (Gregorian) or "h month-day" (Hijri) named in the text
    weekdays: tuple[int, ...] = ()  # 0 = Monday
    lead_weekdays: tuple[int, ...] = ()  # those the headline and the first sentences name: the event's day
    minhash: str = ""  # base64 of the body's MinHash signature (near_duplicates.to_bytes)
    published: str | None = None  # ISO time, when the source gave one
    kind: str = NEWS
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def when(self) -> datetime | None:
        return datetime.fromisoformat(self.published) if self.published else None

    def to_json(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EventFeatures:
        tuples = ("numbers", "title_numbers", "years", "dates", "weekdays", "lead_weekdays")
        return cls(**{k: (tuple(v) if k in tuples else v) for k, v in data.items()})


def event_features(
    title: str,
    sentences: Sequence[str],
    entities: Mapping[str, str],
    terms: Mapping[str, float] | None = None,
    minhash: bytes = b"",
    published: datetime | None = None,
    url: str = "",
) -> EventFeatures:
    """Features of one article from what `process()` has: title, body sentences, entities {name: kind}, ..."""
    body = "\n".join(sentences)
    text = normalize(f"{title}\n{body}")
    lead_text = normalize("\n".join([title, *sentences[:LEAD_SENTENCES]]))
    keyed = {}
    for name, entity_kind in entities.items():
        for key in entity_keys([name]):
            keyed[key] = entity_kind
    return EventFeatures(
        title=term_vector(title, []),
        lead=term_vector(title, list(sentences[:LEAD_SENTENCES])),
        terms=dict(terms) if terms is not None else term_vector(title, list(sentences)),
        entities=keyed,
        numbers=distinctive_numbers(text),
        title_numbers=distinctive_numbers(normalize(title)),
        years=tuple(sorted({int(y) for y in _YEAR.findall(text)})),
        dates=named_dates(text),
        weekdays=tuple(sorted({_WEEKDAYS[w] for w in _WEEKDAY.findall(text)})),
        lead_weekdays=tuple(sorted({_WEEKDAYS[w] for w in _WEEKDAY.findall(lead_text)})),
        minhash=base64.b64encode(minhash).decode("ascii"),
        published=published.isoformat() if published else None,
        kind=text_kind(title, sentences, url),
    )


def from_processed(article: ProcessedArticle) -> EventFeatures:
    return event_features(
        article.title,
        article.sentences,
        article.entities,
        article.terms,
        article.minhash,
        article.raw.published,
        article.raw.url,
    )


def distinctive_numbers(normalized_text: str) -> tuple[str, ...]:
    """Numbers a report quotes that another report of the same event would quote too.

    Years, and whole numbers under 10 (ordinals, "two sides"), are left out; 4,000 and 4000 meet.
    """
    found: dict[str, None] = {}
    for match in _NUMBER.finditer(normalized_text):
        token = match.group(0).replace(",", "")
        if _YEAR.fullmatch(token):
            continue
        value = float(token)
        if "." not in token and value < 10:
            continue
        found[token.rstrip("0").rstrip(".") if "." in token else token] = None
        if len(found) >= MAX_NUMBERS:
            break
    return tuple(found)


def named_dates(normalized_text: str) -> tuple[str, ...]:
    """Day-month dates the text names: «12 أغسطس» -> "8-12", «25 شوال» -> "h10-25", 07-01-2020 -> "1-7"."""
    found = set()
    for day, month in _DAY_MONTH.findall(normalized_text):
        if not 1 <= int(day) <= 31:
            continue
        if month in _MONTHS:
            found.add(f"{_MONTHS[month]}-{int(day)}")
        else:
            found.add(f"h{_HIJRI_MONTHS[month]}-{int(day)}")
    for day, month, _ in _NUMERIC_DATE.findall(normalized_text):
        if 1 <= int(day) <= 31 and 1 <= int(month) <= 12:
            found.add(f"{int(month)}-{int(day)}")
    return tuple(sorted(found))
