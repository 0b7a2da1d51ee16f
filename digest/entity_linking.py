"""Which names are one entity (pure): spellings, spacing, acronyms and title forms.

- `link_key(name)`: the key a store files a mention under. `entity_key` (hamza, taa marbuta, alef
  maqsura and the g-letters folded) with spacing variants folded (عبد العزيز = عبدالعزيز, أبو ظبي =
  أبوظبي) and known acronyms and short forms mapped to their full name (الناتو = حلف الناتو = حلف شمال
  الأطلسي, أوبك, الأونروا ...: the gazetteer's aliases).
- `defined_acronyms(text, names)`: the short forms a text defines: حلف شمال الأطلسي (الناتو).
- `link_names(names)`: within one set of names (an article's, a story's, a store's), each name → the
  fullest name it stands for: title forms and short forms to the unique full name that starts or ends the
  same way (الملك سلمان → الملك سلمان بن عبد العزيز, محمد بن سلمان → الأمير محمد بن سلمان).
- `search_alternatives(word)`: what `search` should accept for one query word, the same spellings
  `about` folds (the g-letters; ال optional).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

from digest.arabic import SPACED_PREFIXES, entity_key, normalize, query_alternatives, spelling_variants
from digest.entity_lexicon import NAMING_TITLES, PERSON_TITLES, first_names, gazetteer, word_zipf

_SPACED = re.compile(r"(?<!\S)(عبد|ابو) (?=\S)")  # normalised: أبو is ابو
_DEFINITION = re.compile(r"\s*[(«]\s*([^\W\d_][^()«»\n]{1,30}?)\s*[)»]")
_MAX_ACRONYM_WORDS = 3


def spacing_key(key: str) -> str:
    """عبد العزيز → عبدالعزيز, ابو ظبي → ابوظبي (on a normalised key)."""
    return _SPACED.sub(r"\1", key)


def _plain_key(name: str) -> str:
    return spacing_key(entity_key(name))


@cache
def _aliases() -> dict[str, str]:
    """Key of every gazetteer alias → key of its canonical name (acronyms, short and other forms)."""
    table: dict[str, str] = {}
    for alias, (_, canonical) in gazetteer().items():
        key, target = _plain_key(" ".join(alias)), _plain_key(canonical)
        if key != target:
            table.setdefault(key, target)
    return table


def link_key(name: str) -> str:
    """One key for the names of one entity, without context (what the store files a mention under)."""
    key = _plain_key(name)
    return _aliases().get(key, key)


def defined_acronyms(text: str, names: Iterable[tuple[int, str]]) -> dict[str, str]:
    """Short forms a text defines right after a name: `names` holds (end offset, name) of the names
    found; «منظمة الدول المصدرة للنفط (أوبك)» gives {link_key(أوبك): منظمة الدول المصدرة للنفط}."""
    found: dict[str, str] = {}
    for end, name in names:
        match = _DEFINITION.match(text, end)
        if match and len(match.group(1).split()) <= _MAX_ACRONYM_WORDS and len(name.split()) > 1:
            found.setdefault(link_key(match.group(1)), name)
    return found


def _title_free(words: list[str]) -> list[str]:
    """The words of a normalised name after a leading title (الملك، الأمير، ولي العهد ...)."""
    for title in sorted(_titles(), key=len, reverse=True):
        if words[: len(title)] == list(title) and len(words) > len(title):
            return words[len(title) :]
    return words


@cache
def _titles() -> tuple[tuple[str, ...], ...]:
    return tuple({*(tuple(t.split()) for t in PERSON_TITLES), *((t,) for t in NAMING_TITLES)})


def link_names(names: Iterable[str], kinds: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each name → the name it stands for among `names` (itself when none fits better).

    Same `link_key`: one entity, shown by its longest spelling. A shorter person's name whose words,
    title aside, begin or end the words of exactly one longer name links to it (الملك سلمان →
    الملك سلمان بن عبد العزيز; محمد بن سلمان → الأمير محمد بن سلمان; شويغو → سيرغي شويغو). A single
    common first name links to nothing: سلمان alone may be anyone. `kinds` (name → PER/LOC/ORG), when
    given, keeps places and organisations out of this: كوريا is not كوريا الشمالية.
    """
    kinds = kinds or {}
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(link_key(name), []).append(name)
    shown = {key: max(members, key=lambda n: (len(n.split()), len(n))) for key, members in groups.items()}
    words = {key: _title_free(key.split()) for key in groups}
    target: dict[str, str] = {}
    for key, own in words.items():
        single_first_name = len(own) == 1 and own[0] in first_names()
        if single_first_name or not own:
            continue
        if kinds.get(shown[key], "PER") != "PER":
            continue  # كوريا is not كوريا الشمالية, عسير not جامعة عسير: only people have short forms
        longer = [
            other
            for other, theirs in words.items()
            if other != key
            and len(theirs) > len(own)
            and (theirs[: len(own)] == own or theirs[-len(own) :] == own)
            and kinds.get(shown[other], "PER") == "PER"
        ]
        fullest = {target.get(k, k) for k in longer}
        if len(fullest) == 1:
            target[key] = fullest.pop()
    return {name: shown[target.get(key, key)] for key, members in groups.items() for name in members}


def query_words(query: str) -> list[str]:
    """The words of a search query, a name written apart joined as the index also holds it (عبد العزيز →
    عبدالعزيز): so both spellings find the same articles."""
    words = query.split()
    joined: list[str] = []
    for word in words:
        if joined and normalize(joined[-1]) in SPACED_PREFIXES:
            joined[-1] = normalize(joined[-1]) + normalize(word)
        else:
            joined.append(word)
    return joined


RARE_ZIPF = 3.5  # a word rarer than this may be a transliterated name, written with any g-letter


def search_alternatives(word: str) -> tuple[str, ...]:
    """What an indexed text may hold for one query word, each form with ال optional (`query_alternatives`).

    A rare word may be a transliterated name, so its spellings with each g-letter (غ ج ق) swapped count
    too, as `about` folds them: شويجو and شويغو give the same alternatives. A common word keeps its one
    spelling (غرب is not قرب).
    """
    normal = normalize(word)
    spellings = spelling_variants(word) if word_zipf(normal) < RARE_ZIPF else [normal]
    found: dict[str, None] = {}
    for spelling in spellings:
        found.update(dict.fromkeys(query_alternatives(spelling)))
    return tuple(found)
