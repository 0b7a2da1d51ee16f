"""Named entities with exact offsets: a shipped gazetteer, title/role patterns, names seen once in
a document recognised again in it (بوتين after فلاديمير بوتين), and a CRF tagger for the rest.

Matching runs on words normalised one at a time, so every entity maps back to an exact
span of the input (`text[start:end]`), attached prefixes (و ف ب ل ك) left outside it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from digest.arabic import clitic_variants, normalize_token
from digest.entity_lexicon import (
    NOT_NAMES,
    ORG_HEADS,
    PLURAL_ENDINGS,
    TITLE_HEADS,
    TITLE_PARTS,
    distinctive_first_names,
    first_names,
    gazetteer,
    nationality_adjectives,
)

_WORD = re.compile(r"[^\W_]+(?:[\u064b-\u065f\u0670]+[^\W_]*)*", re.UNICODE)
_MAX_NAME_TOKENS = 3


@dataclass(frozen=True)
class Entity:
    text: str
    kind: str  # PER, LOC, ORG or MISC
    start: int
    end: int
    canonical: str


# (first token, last token, kind, canonical name, prefix letters to leave out of the span)
_Match = tuple[int, int, str, str, int]


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    norm: str


def extract_entities(text: str) -> list[Entity]:
    """Entities of `text` in order of appearance, with `text[e.start:e.end] == e.text`."""
    tokens = [_Token(m.start(), m.end(), normalize_token(m.group(0))) for m in _WORD.finditer(text)]
    found: list[Entity] = []
    taken: set[int] = set()
    for finder in (_org_matches, _gazetteer_matches, _person_matches, _first_name_matches):
        for first, last, kind, canonical, skip in finder(text, tokens):
            if taken.isdisjoint(range(first, last + 1)):
                taken.update(range(first, last + 1))
                start = _after_prefix(text, tokens[first].start, skip)
                found.append(Entity(text[start : tokens[last].end], kind, start, tokens[last].end, canonical))
    found += _repeated_names(text, tokens, found, taken)
    found += _statistical(text, found)
    return sorted(found, key=lambda e: e.start)


def _statistical(text: str, found: list[Entity]) -> list[Entity]:
    """What the CRF tagger finds where no rule matched (names without a title, organisations...)."""
    from digest.ner import crf_spans  # the model loads on first use, not at import

    spans = [(e.start, e.end) for e in found]
    return [
        Entity(text[start:end], _kind(name, kind), start, end, name)
        for start, end, kind, name in crf_spans(text)
        if all(end <= a or start >= b for a, b in spans) and _plausible(name, kind)
    ]


def _plausible(name: str, kind: str) -> bool:
    """Drop guesses that are common words: a function word or known non-name (مساء، عدد), a group
    of people (الصينيون، السياسيين الأميركيين), or two things joined by و (القوات الروسية والأوكرانية)."""
    words = name.split()
    definite = all(w.startswith("ال") for w in words)
    if definite and (words[-1].endswith(PLURAL_ENDINGS) or (kind == "PER" and len(words) > 1)):
        return False  # a group (الصينيون), or a noun and its adjective taken for a person (الموارد الطبيعية)
    if len(words) == 1:
        return len(name) > 2 and name not in NOT_NAMES and name not in _stop_words()
    return not any(w.startswith("وال") for w in words[1:])


def _kind(name: str, guessed: str) -> str:
    """A name headed by جامعة، وزارة، شركة ... is an organisation whatever the tagger guessed."""
    head = name.split()[0]
    return "ORG" if any(r in ORG_HEADS for r in clitic_variants(head)) else guessed


@cache
def _stop_words() -> frozenset[str]:
    from digest.summarize import arabic_stop_words

    return arabic_stop_words()


def _contiguous(text: str, tokens: list[_Token], first: int, last: int) -> bool:
    """No punctuation between the tokens first..last (only spaces)."""
    return all(not text[tokens[i].end : tokens[i + 1].start].strip() for i in range(first, last))


@cache
def _gazetteer_heads() -> dict[str, int]:
    """First words of gazetteer names (and, under "*", the longest name's length in words)."""
    table = gazetteer()
    return {**dict.fromkeys((k[0] for k in table), 0), "*": max(len(k) for k in table)}


def _gazetteer_matches(text: str, tokens: list[_Token]) -> Iterator[_Match]:
    table = gazetteer()
    heads = _gazetteer_heads()
    longest = heads["*"]
    for i in range(len(tokens)):
        if heads.keys().isdisjoint(clitic_variants(tokens[i].norm)):
            continue  # no gazetteer name starts with this word: most words
        for size in range(min(longest, len(tokens) - i), 0, -1):
            if not _contiguous(text, tokens, i, i + size - 1):
                continue
            rest = tuple(t.norm for t in tokens[i + 1 : i + size])
            for variant in clitic_variants(tokens[i].norm):
                if (variant, *rest) in table:
                    kind, canonical = table[(variant, *rest)]
                    yield i, i + size - 1, kind, canonical, len(tokens[i].norm) - len(variant)
                    break
            else:
                continue
            break


def _person_matches(text: str, tokens: list[_Token]) -> Iterator[_Match]:
    norms = [t.norm for t in tokens]
    for i in range(len(tokens)):
        title_end = _title_at(norms, i)
        if title_end is None:
            title_end = _nationality_at(norms, i)
        if title_end is None:
            continue
        j = title_end
        while j < len(tokens) and _definite(norms[j]) and _contiguous(text, tokens, i, j):
            j += 1  # the ministry, the nationality: وزير الدفاع الروسي، المستشار الدبلوماسي للكرملين ...
        if j + 1 < len(tokens) and norms[j] not in first_names() and norms[j + 1] in first_names():
            j += 1  # العقيد احتياط فيكتور بارانيتس: the name starts at the first name
        names = 0
        while (
            j + names < len(tokens)
            and names < _MAX_NAME_TOKENS
            and _contiguous(text, tokens, j - 1, j + names)
            and _name_like(norms[j + names])
            and not (names >= 1 and norms[j + names].startswith("و"))  # وأندريه: a second person begins
            and not (names >= 2 and len(clitic_variants(norms[j + names])) > 1)  # لوسائل: a preposition follows
        ):
            names += 1
        if names >= 2 or (names == 1 and j > title_end):
            name = " ".join(norms[j : j + names])
            yield j, j + names - 1, "PER", name, 0


def _first_name_matches(text: str, tokens: list[_Token]) -> Iterator[_Match]:
    """A distinctive first name and the one or two name-like words after it (ديفيد كاميرون، ومحمد العلي)."""
    norms = [t.norm for t in tokens]
    for i in range(len(tokens) - 1):
        bare = norms[i][1:] if norms[i].startswith("و") and norms[i] not in distinctive_first_names() else norms[i]
        if bare not in distinctive_first_names():
            continue
        names = 0
        while (
            names < _MAX_NAME_TOKENS - 1
            and i + 1 + names < len(tokens)
            and _contiguous(text, tokens, i, i + 1 + names)
            and _name_like(norms[i + 1 + names])
            and not norms[i + 1 + names].startswith("و")
        ):
            names += 1
        if names:
            yield i, i + names, "PER", " ".join([bare, *norms[i + 1 : i + 1 + names]]), len(norms[i]) - len(bare)


def _title_at(norms: list[str], i: int) -> int | None:
    """Index after a title starting at token i, or None."""
    heads = TITLE_HEADS.intersection(clitic_variants(norms[i]))
    if not heads:
        return None
    for parts in TITLE_PARTS:
        if parts[0] in heads and norms[i + 1 : i + len(parts)] == list(parts[1:]):
            return i + len(parts)
    return None


def _nationality_at(norms: list[str], i: int) -> int | None:
    """Index after a nationality adjective used as a noun (the Japanese Takuma Sato: الياباني تاكوما ساتو).

    After a definite noun the adjective describes it (الجيش السوري يسيطر): it then introduces a
    person only when a known first name follows (اللاعب المصري محمد صلاح).
    """
    if nationality_adjectives().isdisjoint(clitic_variants(norms[i])) or i + 1 >= len(norms):
        return None
    after_definite = i > 0 and any(r.startswith("ال") for r in clitic_variants(norms[i - 1]))
    if after_definite and first_names().isdisjoint(clitic_variants(norms[i + 1])):
        return None
    return i + 1


def _definite(norm: str) -> bool:
    """الدفاع، للكرملين — but not ألكسندر or ألبرت."""
    return norm.startswith(("ال", "لل")) and not _definite_looking_first_name(norm)


def _definite_looking_first_name(norm: str) -> bool:
    """ألكسندر، ألبرت، ألفريد: first names that normalise to a word starting with ال."""
    return norm.startswith("ال") and norm in first_names()


def _name_like(norm: str) -> bool:
    """Could this word be part of a personal name? Definite words, titles, particles and verbs are not."""
    if _definite_looking_first_name(norm):
        return True
    readings = clitic_variants(norm)
    return (
        len(norm) > 1
        and not norm.isdigit()
        and norm not in NOT_NAMES
        and not any(r.startswith("ال") or r in TITLE_HEADS for r in readings)
    )


def _org_matches(text: str, tokens: list[_Token]) -> Iterator[_Match]:
    for i, token in enumerate(tokens):
        heads = [v for v in clitic_variants(token.norm) if v in ORG_HEADS]
        if not heads:
            continue
        j = i + 1 + _place_length(text, tokens, i + 1)  # بنك فرنسا المركزي، جامعة القاهرة
        while j < len(tokens) and j - i <= 4 and tokens[j].norm.startswith("ال") and _contiguous(text, tokens, i, j):
            j += 1
        quoted = _quoted_name_after(text, tokens, i)
        if quoted is not None:
            yield i + 1, quoted, "ORG", " ".join(t.norm for t in tokens[i + 1 : quoted + 1]), 0  # the name inside
        elif j > i + 1:
            name = (heads[0], *(t.norm for t in tokens[i + 1 : j]))
            known = gazetteer().get(name)  # منظمة الصحة العالمية: the gazetteer's spelling
            canonical = known[1] if known and known[0] == "ORG" else " ".join(name)
            yield i, j - 1, "ORG", canonical, len(token.norm) - len(heads[0])


def _place_length(text: str, tokens: list[_Token], i: int) -> int:
    """How many tokens from i name a known place (0 if none): an organisation's name may hold one."""
    for first, last, kind, _, skip in _gazetteer_matches(text, tokens[i : i + _MAX_NAME_TOKENS]):
        return last - first + 1 if first == 0 and kind == "LOC" and not skip else 0
    return 0


def _quoted_name_after(text: str, tokens: list[_Token], i: int) -> int | None:
    """صحيفة «الجارديان»: the last token inside the quotes right after token i."""
    if i + 1 >= len(tokens):
        return None
    gap = text[tokens[i].end : tokens[i + 1].start].strip()
    if gap not in ("«", '"', "“"):
        return None
    closer = {"«": "»", '"': '"', "“": "”"}[gap]
    for j in range(i + 1, min(i + 5, len(tokens))):
        if text[tokens[j].end : tokens[j].end + 1] == closer:
            return j
    return None


def _repeated_names(text: str, tokens: list[_Token], found: list[Entity], taken: set[int]) -> list[Entity]:
    """Later single-word mentions of a person found with a title (بوتين, وبوتين, لكيم)."""
    surnames = {}
    for entity in found:
        if entity.kind == "PER":
            parts = entity.canonical.split()
            surnames.setdefault(parts[-1], entity.canonical)
            if len(parts) > 1:
                surnames.setdefault(parts[0], entity.canonical)
    extra = []
    for i, token in enumerate(tokens):
        if i in taken:
            continue
        for variant in clitic_variants(token.norm):
            if variant in surnames and len(variant) > 2:
                start = _after_prefix(text, token.start, len(token.norm) - len(variant))
                extra.append(Entity(text[start : token.end], "PER", start, token.end, surnames[variant]))
                break
    return extra


def _after_prefix(text: str, start: int, letters: int) -> int:
    """Offset after `letters` letters of a word starting at `start` (harakat do not count)."""
    position = start
    while letters > 0 and position < len(text):
        if unicodedata.category(text[position]) != "Mn":
            letters -= 1
        position += 1
    while position < len(text) and unicodedata.category(text[position]) == "Mn":
        position += 1
    return position
