"""The names a story is about (pure): at most five, from its articles' titles, leads and entities.

A name is shown when a title or a lead of the story names it and, in a story of three articles or
more, when at least two articles name it. Names of one entity are merged first (spellings, acronyms,
title forms: `digest.entity_linking.link_names`) and shown by their fullest form, so a fragment
(سلمان for الملك سلمان بن عبد العزيز) never stands beside its name. Names that cannot be names
are left out: a lone first name, a word too common to be a name, a nationality adjective.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from digest.arabic import entity_key, normalize
from digest.entity_lexicon import (
    BREAKING_TITLES,
    CURRENCIES,
    NAME_CONNECTORS,
    NOT_NAMES,
    first_names,
    gazetteer,
    nationality_adjectives,
    word_zipf,
)
from digest.entity_linking import link_names, spacing_key
from digest.ner_features import split_proclitic

MAX_NAMES = 5
SHOWN_KINDS = frozenset({"PER", "LOC", "ORG"})
PREPOSITION_WORD_ZIPF = 4.0  # بريف: ريف is a word; كندا, بكين stay names (ندا، كين are rarer than they are)
COMMON_WORD_ZIPF = 4.5  # a one-word name commoner than this (هنا، جبل، الدار) is a word, unless the gazetteer knows it
_TITLE, _LEAD, _ARTICLE = 3.0, 2.0, 1.0


@dataclass(frozen=True)
class ArticleNames:
    """What salience needs of one article: its title, its lead (first paragraph or two sentences),
    its entities as `ProcessedArticle.entities` holds them ({name: kind}), and its outlet's name."""

    title: str
    lead: str
    entities: Mapping[str, str]
    outlet: str = ""  # the outlet that published it: its own name (صحيفة الجزيرة) is a byline, not a subject


def story_names(articles: Sequence[ArticleNames], limit: int = MAX_NAMES) -> list[str]:
    """The names the story is about, most central first."""
    kinds: dict[str, str] = {}
    for article in articles:
        for name, kind in article.entities.items():
            if kind in SHOWN_KINDS and shown_name_ok(name, kind):
                kinds.setdefault(name, kind)
    linked = link_names(kinds, kinds)
    forms: dict[str, set[str]] = {}
    for name, target in linked.items():
        forms.setdefault(target, set()).add(name)
    scores: dict[str, float] = {}
    for target, names in forms.items():
        keys = {_key(n) for n in names}
        named = [a for a in articles if any(n in a.entities for n in names)]
        if _only_by_itself(named, names) and not _known_place(target):
            continue  # «قرأت في جريدة الجزيرة»: the outlet speaking of itself (the city of الرياض stays)
        titles = sum(1 for a in named if _holds(_key(a.title), keys))
        leads = sum(1 for a in named if _holds(_key(a.lead), keys))
        if not titles and not leads:
            continue
        if len(articles) >= 3 and len(named) < 2:
            continue
        if not shown_name_ok(target, kinds[target]) or _fragment(target, kinds[target]):
            continue
        scores[target] = _TITLE * titles + _LEAD * leads + _ARTICLE * len(named)
    ranked = sorted(scores, key=lambda n: (-scores[n], n))
    return [n for n in ranked if not any(_inside(n, other) for other in ranked if other != n)][:limit]


def _inside(name: str, other: str) -> bool:
    """Are the words of `name` a run of the words of `other` (مدريد in ريال مدريد)? Then it is a fragment."""
    words, theirs = _key(name).split(), _key(other).split()
    return len(words) < len(theirs) and any(
        theirs[i : i + len(words)] == words for i in range(len(theirs) - len(words) + 1)
    )


def shown_name_ok(name: str, kind: str) -> bool:
    """Could a reader take this for a name? Not a stop word or a word commoner than any name, not a
    nationality adjective (السعودي، المالي), not a lone letter or number, not cut short after بن or a
    title, not a definite noun and its adjective that the gazetteer does not know (المركز الثقافي)."""
    words = normalize(name).split()
    if not words or any(len(w) < 2 or w.isdigit() for w in words) or words[0] in NOT_NAMES or words[-1] in NOT_NAMES:
        return False
    known = tuple(words) in gazetteer()
    if len(words) == 1 and name.isascii() and name.islower():
        return False  # kingdom: an English word, not a name
    if len(words) == 1 and words[0] in CURRENCIES:
        return False  # ريال: a unit of money
    if len(words) == 1:
        adjective = words[0] in nationality_adjectives() or (len(words[0]) > 4 and words[0].endswith(("ي", "يه")))
        common = word_zipf(words[0]) >= COMMON_WORD_ZIPF or _word_with_preposition(words[0])
        return known or not (adjective or common)  # not السعودي، ريفية، هنا، بريف (of بريف إدلب)
    if not known and (words[-1] in NAME_CONNECTORS or words[-1] in BREAKING_TITLES or words[0] in _SON_OF):
        return False  # cut short: جامعة الملك، محمد بن، بن وشاي (عبد العزيز السعد and أبو ظبي start names)
    if not known and any(_verb(w) for w in words[1:]):
        return False  # تفاتزيديس يصل لوزان: a verb inside, so a clause, not a name
    definite = all(w.startswith("ال") for w in words)
    description = definite and all(w.endswith(("ي", "ه")) for w in words[1:])  # القناة التلفزيونية الفكاهية
    people = len(words[-1]) > 4 and words[-1].endswith(("يان", "يين", "يون"))  # جنديان ماليان
    return known or not (description or people)  # اللجنة الوطنية، الهيئة العامة: a description, not a name


_SON_OF = frozenset(normalize(w) for w in ("بن", "ابن", "بنت"))


def _verb(word: str) -> bool:
    """A common word with the prefix of a verb in the present (يصل، يقول), not a first name (يحيى، يوسف)."""
    return word.startswith("ي") and len(word) > 2 and word_zipf(word) >= COMMON_WORD_ZIPF and word not in first_names()


def _word_with_preposition(word: str) -> bool:
    """بريف (in the countryside of): a common word with ب before it, read more often without it. Only ب, and
    never before ال: كابل، وجدة، لانس، بالي are names."""
    clitic, rest = split_proclitic(word)
    if clitic != "ب" or rest.startswith("ال"):
        return False
    return word_zipf(rest) >= PREPOSITION_WORD_ZIPF and word_zipf(rest) > word_zipf(word) + 0.2


def _fragment(name: str, kind: str) -> bool:
    """A person's lone first name (محمد، سلمان) or lone name the gazetteer does not know: part of a name."""
    words = normalize(name).split()
    return kind == "PER" and len(words) == 1 and (words[0] in first_names() or (words[0],) not in gazetteer())


_PRESS = ("صحيفه ", "جريده ", "مجله ", "قناه ", "وكاله ")


def _only_by_itself(named: Sequence[ArticleNames], names: set[str]) -> bool:
    """Every article naming it is by the outlet of that name (صحيفة الجزيرة in الجزيرة's own pages)."""
    keys = {_outlet_key(n) for n in names}
    return bool(named) and all(a.outlet and _outlet_key(a.outlet) in keys for a in named)


def _known_place(name: str) -> bool:
    return gazetteer().get(tuple(normalize(name).split()), ("",))[0] == "LOC"


def _outlet_key(name: str) -> str:
    """An outlet's name without the kind of outlet before it: صحيفة الجزيرة → الجزيره."""
    key = _key(name).strip()
    for kind in _PRESS:
        key = key.removeprefix(kind)
    return key


def _key(text: str) -> str:
    return " " + spacing_key(entity_key(re.sub(r"[^\w\s]", " ", text))) + " "


def named_in(text: str, names: Sequence[str]) -> bool:
    """Does `text` name one of these names, as a whole word, an attached prefix allowed (بالهلال)?"""
    return _holds(_key(text), {_key(n) for n in names})


def _holds(text_key: str, keys: set[str]) -> bool:
    """Does the text name it? Whole words, an attached prefix allowed (وروسيا، بالرياض، للأمم)."""
    for key in keys:
        bare = key.strip()
        if f" {bare} " in text_key or re.search(rf" [وفبلك]{{1,2}}{re.escape(bare)} ", text_key):
            return True
        if bare.startswith("ال") and f" لل{bare[2:]} " in text_key:
            return True
    return False
