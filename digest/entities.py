"""Named entities with exact offsets: a CRF tagger trained on newswire, with rule layers where they help.

The tagger is trained on ANERcorp; the rule layers (digest/entity_rules.py) are used where the held-out
measurement says they help.

Every entity maps back to an exact span of the input (`text[start:end] == e.text`); an attached
conjunction or preposition (و ف ب ل ك) is left outside the span, ال is kept in it. `canonical` is the
name to show: the gazetteer's name when it knows it, else the written name (prefix off, للأمم read
as الأمم), with a title that names the person before it (الملك سلمان، الأمير محمد بن سلمان).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache, partial

from camel_tools.utils.dediac import dediac_ar

from digest.arabic import clean_unicode, entity_key, normalize_token
from digest.entity_lexicon import (
    BLESSINGS,
    BREAKING_TITLES,
    FACILITY_HEADS,
    NAME_CONNECTORS,
    NAMING_TITLES,
    NOT_NAMES,
    ORG_HEADS,
    PLURAL_ENDINGS,
    PRAYER_TIMES,
    PRAYER_WORDS,
    TITLE_HEADS,
    first_names,
    gazetteer,
    nationality_adjectives,
    word_zipf,
)
from digest.entity_linking import defined_acronyms, link_key
from digest.entity_rules import (
    Match,
    Token,
    contiguous,
    first_name_matches,
    gazetteer_matches,
    org_matches,
    person_matches,
    readings,
    strip_article,
)
from digest.ner_features import split_proclitic

_WORD = re.compile(r"[^\W_]+(?:[\u064b-\u065f\u0670]+[^\W_]*)*", re.UNICODE)
_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بلك"
_COMMON_WORD = 5.0  # Zipf: نتيجة، عملية — too common to end a person's name
_COMMON_REST = 4.5  # Zipf: a rest this common is a word with a prefix, whatever the margin
_PREPOSITION_MARGIN = 1.0  # Zipf: بيونغ (3.3) keeps its ب though يونغ (4.1) is commoner; بموسكو loses it

# Which layers run, in order of precedence: an earlier layer's span wins, later ones fill the gaps.
# Chosen on a held-out slice of ANERcorp's training part (bench/entity_layers.py; README "Entities"):
# title and first-name rules lose there and are left out. The organisation pattern costs 0.004 exact F1
# there (ANERcorp seldom tags وزارة الداخلية and the like) and is kept: `about` must know ministries.
LAYERS = ("crf", "gazetteer", "org", "repeat")


@dataclass(frozen=True)
class Entity:
    text: str
    kind: str  # PER, LOC, ORG or MISC
    start: int
    end: int
    canonical: str


def extract_entities(text: str, layers: tuple[str, ...] = LAYERS) -> list[Entity]:
    """Entities of `text` in order of appearance, with `text[e.start:e.end] == e.text`."""
    tokens = [Token(m.start(), m.end(), normalize_token(m.group(0))) for m in _WORD.finditer(text)]
    found: list[Entity] = []
    taken: set[int] = set()
    for layer in layers:
        if layer == "repeat":
            found += _repeated_names(text, tokens, found, taken)
            continue
        for match in _FINDERS[layer](text, tokens):
            if layer == "crf":
                match = repaired(text, tokens, match)
                if match is None:
                    continue
            first, last = match[0], match[1]
            if not taken.isdisjoint(range(first, last + 1)):
                continue
            entity = _entity(text, tokens, match, from_tagger=layer == "crf")
            if entity is not None:
                taken.update(range(first, last + 1))
                found.append(entity)
    return _with_defined_acronyms(text, sorted(found, key=lambda e: e.start))


def _with_defined_acronyms(text: str, found: list[Entity]) -> list[Entity]:
    """A short form the text defines after a name («هيئة تقويم التعليم (تقويم)») is that name."""
    defined = defined_acronyms(text, [(e.end, e.canonical) for e in found if e.kind != "MISC"])
    if not defined:
        return found
    return [replace(e, canonical=defined.get(link_key(e.text), e.canonical)) for e in found]


def _crf_matches(text: str, tokens: list[Token]) -> Iterator[Match]:
    from digest.ner import crf_spans  # the model loads on first use, not at import

    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    for start, end, kind, _ in crf_spans(text):
        if start in starts and end in ends:
            first = starts[start]
            yield first, ends[end], kind, "", prefix_length(tokens[first].norm)


_FINDERS: dict[str, Callable[[str, list[Token]], Iterator[Match]]] = {
    "gazetteer": gazetteer_matches,
    "crf": _crf_matches,
    "org": org_matches,
    "person": person_matches,
    "first_name": first_name_matches,
}


def repaired(text: str, tokens: list[Token], match: Match) -> Match | None:
    """A tagged span mended where the tagger's edges are known to fall wrong (None: not a name at all).

    A name is not cut inside: ضيف الله / عبد الله are whole, a span does not end on بن or on a title
    (جامعة الملك → جامعة الملك عبدالعزيز). A person's name after مطار، جامعة، مستشفى ... names that place or
    body (مطار الملك فهد الدولي). A word before الله is a prayer (حفظه الله، طيب الله ثراه), not a name.
    """
    first, last, kind, canonical, skip = match
    norms = [t.norm for t in tokens]
    joined = partial(contiguous, text, tokens)
    if first == last and last + 1 < len(norms) and norms[last + 1] == "الله" and joined(last, last + 1):
        return None
    prayer = first > 0 and norms[first] == "الله" and norms[first - 1].endswith("ه") and len(norms[first - 1]) > 3
    if prayer or (last > first and norms[last] == "الله" and norms[last - 1].endswith("ه")):
        return None  # حفظه الله، رحمه الله
    blessing = next(
        (i for i in range(first, min(last + 1, len(norms) - 1)) if norms[i] in BLESSINGS and norms[i + 1] == "الله"),
        None,
    )
    if blessing is not None:  # الملك عبدالعزيز طيب الله (ثراه): the name ends before the blessing
        if blessing == first:
            return None
        last = blessing - 1
    if first > 0 and (norms[first] == "الله" or norms[first - 1] in ("عبد", "ابو")) and joined(first - 1, first):
        first -= 1  # ضيف الله، عبد الله
    if kind in ("PER", "LOC"):  # ماليا بوادي الدواسر: a word with a preposition starts the name afresh
        prefixed = [i for i in range(first + 1, last + 1) if norms[i][0] in _PREPOSITIONS and prefix_length(norms[i])]
        inner = prefixed[-1] if prefixed else None
        if inner is not None:
            first, skip = inner, prefix_length(norms[inner])
    inner_title = [i for i in range(first + 1, last + 1) if readings(norms[i])[-1] in BREAKING_TITLES]
    if inner_title and kind == "PER" and inner_title[-1] < last:
        first, skip = inner_title[-1] + 1, 0  # التطوير الرياضي الكابتن خميس الزهراني → خميس الزهراني
    elif inner_title and kind != "PER":
        last = inner_title[0] - 1  # الاتحاد الآسيوي لكرة القدم الحكم الدولي → الاتحاد الآسيوي لكرة القدم
    if kind in ("PER", "LOC"):  # موسكو وبكين، محمد وأحمد: two names joined by و
        joined_by_and = [i for i in range(first + 1, last + 1) if norms[i][0] == "و" and prefix_length(norms[i])]
        if joined_by_and:
            last = joined_by_and[0] - 1
    if kind == "PER":  # بيونغ يانغ صاروخين: a known place taken for a person with the word after it
        for end in range(last - 1, first - 1, -1):
            for reading in readings(norms[first]):
                known = gazetteer().get((reading, *norms[first + 1 : end + 1]))
                if known and known[0] != "PER":
                    return first, end, known[0], canonical, len(norms[first]) - len(reading)
    person = kind == "PER"
    while last > first and (readings(norms[last])[-1] in TITLE_HEADS or (person and _not_a_surname(norms[last]))):
        last -= 1  # محمد بن سلمان ولي (العهد)، منظمة الصحة العالمية الدكتور; آل الشيخ بتضافر، زينب نتيجة
    if last + 1 < len(norms) and joined(last, last + 1):
        if norms[last] in NAME_CONNECTORS:
            last += 1
        elif NAMING_TITLES.intersection(readings(norms[last])):
            last = _name_after_title(norms, last + 1, joined)
    titled = first > 1 and NAMING_TITLES.intersection(readings(norms[first - 1])) and joined(first - 2, first)
    head = first - 2 if titled else first - 1  # مطار الملك فهد: the place's head before the title
    before = FACILITY_HEADS.get(readings(norms[head])[-1]) if head >= 0 and joined(head, first) else None
    if kind == "PER" and before:
        first, kind, skip = head, before, prefix_length(norms[head])
    if kind != "PER" and (before or FACILITY_HEADS.get(readings(norms[first])[-1])):
        while last + 1 < len(norms) and joined(last, last + 1) and _relative_adjective(norms[last + 1]):
            last += 1  # مطار الملك فهد الدولي، مستشفى الملك فيصل التخصصي
    return first, last, kind, canonical, skip


def shown_range(text: str, tokens: list[Token], first: int, last: int, kind: str) -> tuple[int, int]:
    """The tokens of the name to show, which may be longer than the tagged span (ANERcorp's convention
    leaves adjectives out): an organisation with its nationality (البريد السعودي، وزارة الخارجية الكورية
    الجنوبية), the longer name the gazetteer knows (كوريا → كوريا الشمالية), and a known name without its
    epithet (داعش الإرهابي → داعش)."""
    norms = [t.norm for t in tokens]
    joined = partial(contiguous, text, tokens)
    after = norms[last + 1] if last + 1 < len(norms) and joined(last, last + 1) else ""
    if kind == "ORG" and after in nationality_adjectives():
        last += 1  # البريد السعودي، وزارة الخارجية الكورية الجنوبية
        while last + 1 < len(norms) and joined(last, last + 1) and _relative_adjective(norms[last + 1]):
            last += 1
    for more in (2, 1):  # كوريا → كوريا الشمالية: the longer name the gazetteer knows
        if last + more < len(norms) and joined(first, last + more):
            name = (readings(norms[first])[-1], *norms[first + 1 : last + more + 1])
            if name in gazetteer() or tuple(norms[first : last + more + 1]) in gazetteer():
                last += more
                break
    if last > first and _relative_adjective(norms[last]) and tuple(norms[first:last]) in gazetteer():
        last -= 1
    return first, last


def _not_a_surname(norm: str) -> bool:
    """A word no name ends on: one with an attached preposition (بتضافر), or a very common word (نتيجة)."""
    if norm in first_names() or (norm,) in gazetteer() or norm.startswith("ال"):
        return False
    return (norm[0] in _PREPOSITIONS and bool(prefix_length(norm))) or word_zipf(norm) >= _COMMON_WORD


def _name_after_title(norms: list[str], i: int, joined: Callable[[int, int], bool]) -> int:
    """The last token of the name after a title: one word, and one more after each بن، عبد، آل
    (الملك عبدالعزيز، الأمير محمد بن سلمان)."""
    last = i
    while last + 1 < len(norms) and norms[last] in NAME_CONNECTORS and joined(last, last + 1):
        last += 1
    while last + 2 < len(norms) and norms[last + 1] in NAME_CONNECTORS and joined(last, last + 2):
        last += 2
    return min(last, len(norms) - 1)


def _relative_adjective(norm: str) -> bool:
    """الدولي، التخصصي، الإرهابي: a definite adjective in ي / ية."""
    return norm.startswith("ال") and len(norm) >= 6 and norm.endswith(("ي", "يه"))


def _entity(text: str, tokens: list[Token], match: Match, *, from_tagger: bool) -> Entity | None:
    first, last, kind, canonical, skip = match
    if _prayer_time(tokens, first, last):
        return None
    rest = tuple(t.norm for t in tokens[first + 1 : last + 1])
    if skip and (tokens[first].norm, *rest) in gazetteer():
        skip = 0  # بيونغ يانغ is a known name as written
    elif not skip and from_tagger and (split_proclitic(tokens[first].norm)[1], *rest) in gazetteer():
        skip = len(tokens[first].norm) - len(split_proclitic(tokens[first].norm)[1])  # لفرانس برس
    start, end = _after_prefix(text, tokens[first].start, skip), tokens[last].end
    shown_first, shown_last = shown_range(text, tokens, first, last, kind) if from_tagger else (first, last)
    shown_start = start if shown_first == first else tokens[shown_first].start
    written = display_form(text[shown_start : tokens[shown_last].end])
    name = " ".join(normalize_token(w) for w in written.split())
    if from_tagger:
        if not plausible(name, kind):
            return None
        known = gazetteer().get(tuple(name.split()))
        if known and "PER" in (kind, known[0]):
            kind = known[0]  # a known place taken for a person (زار بيونغ يانغ), or the reverse
        kind = _kind(name, kind)
        canonical = known[1] if known and known[0] == kind else written
    elif not canonical:
        canonical = written
    if canonical != written and entity_key(canonical) == entity_key(written):
        canonical = written  # سيرجي شويجو stays so: each spelling a text writes is kept (the g-letters)
    if kind == "PER":
        canonical = _with_title(text, tokens, first, canonical)
    return Entity(text[start:end], kind, start, end, canonical)


def _prayer_time(tokens: list[Token], first: int, last: int) -> bool:
    """صلاة المغرب، أذان العشاء: the name of a prayer after a word of prayer is a time, not a place."""
    return (
        first == last
        and first > 0
        and tokens[first].norm in PRAYER_TIMES
        and any(reading in PRAYER_WORDS for reading in readings(tokens[first - 1].norm))
    )


def display_form(written: str) -> str:
    """How a name is shown: harakat, tatweel and odd spaces off, لل read as ال (للأمم → الأمم)."""
    name = " ".join(dediac_ar(clean_unicode(written)).split())
    return "ال" + name[2:] if name.startswith("لل") and len(name) > 4 else name


def _with_title(text: str, tokens: list[Token], first: int, canonical: str) -> str:
    """الملك سلمان, الأمير محمد بن سلمان: a title that names the person stays in the shown name."""
    if first == 0 or normalize_token(canonical.split()[0]) in NAMING_TITLES:
        return canonical
    before = tokens[first - 1]
    if text[before.end : tokens[first].start].strip():
        return canonical
    for reading in readings(before.norm):
        if reading in NAMING_TITLES:
            word = display_form(text[_after_prefix(text, before.start, len(before.norm) - len(reading)) : before.end])
            return f"{word} {canonical}"
    return canonical


def prefix_length(norm: str) -> int:
    """Letters of an attached conjunction or preposition at the start of a tagged name's first word.

    Before ال it is always one (والصين، بالرياض; للأمم stays whole). Otherwise a letter comes off when
    the rest is the commoner word (بموسكو → موسكو, وشويغو → شويغو) and stays when the word is a
    name beginning with that letter (بوتين، لبنان، وليد): word frequencies from wordfreq.
    """
    letters = 0
    word = norm
    while letters < 2 and len(word) > 3 and word[0] in _CONJUNCTIONS + _PREPOSITIONS:
        rest = word[1:]
        if word.startswith("لل") or word in first_names() or (word,) in gazetteer():
            break
        if rest.startswith("ال") and len(rest) > 3:  # والصين، بالرياض — but كاليفورنيا keeps its ك
            usual = word[0] in "وبل" and word_zipf(word) == 0
            return letters + 1 if word_zipf(rest) >= word_zipf(word) or usual else letters
        if letters and norm[letters - 1] in _PREPOSITIONS and word[0] in _CONJUNCTIONS:
            break  # و comes before ب, never after it: لوكالة is ل + وكالة
        margin = _PREPOSITION_MARGIN if word[0] in _PREPOSITIONS else 0.0
        if word_zipf(word) >= _COMMON_REST:
            margin = max(margin, 0.5)  # وادي (4.7) is a word of its own though أدى (5.1) is commoner
        common = word_zipf(rest) >= _COMMON_REST and word_zipf(rest) > word_zipf(word)  # بجامعة → جامعة
        known = (rest,) in gazetteer() or rest in first_names()
        commoner = word_zipf(rest) > word_zipf(word) + margin or common or known
        if not commoner and not (word[0] in _CONJUNCTIONS and word_zipf(word) == 0):
            break
        letters += 1
        word = rest
    return letters


def plausible(name: str, kind: str) -> bool:
    """Drop tagger guesses that are no names: a function word or known non-name, an adjective
    (المالي، السعودي: not places), a group of people (الصينيون), two things joined by و."""
    words = name.split()
    if words[0] in NOT_NAMES or words[-1] in NOT_NAMES or (len(words) == 1 and _function_word(name)):
        return False
    definite = all(w.startswith("ال") for w in words)
    if definite and (_group(words[-1]) or (kind == "PER" and len(words) > 1)):
        return False
    if len(words) == 1:
        adjective = name in nationality_adjectives() and (words[0],) not in gazetteer()
        return len(name) > 2 and not adjective
    return not any(w.startswith("وال") for w in words[1:])


def _function_word(word: str) -> bool:
    """A word that is no name alone: الذي، مليون (a currency or a first name is not one)."""
    return word in _stop_words() and (word,) not in gazetteer() and word not in first_names()


def _group(word: str) -> bool:
    """A plural of people (الصينيون، السياسيين، المسلمين), not a place that ends like one (الصين، البحرين)."""
    if (word,) in gazetteer() or len(word) < 6:
        return False
    return word.endswith(PLURAL_ENDINGS)


def _kind(name: str, guessed: str) -> str:
    """A name headed by جامعة، وزارة، شركة ... is an organisation whatever the tagger guessed."""
    head = strip_article(name.split()[0])
    return "ORG" if head in ORG_HEADS else guessed


@cache
def _stop_words() -> frozenset[str]:
    from digest.summarize import arabic_stop_words

    return arabic_stop_words()


def _repeated_names(text: str, tokens: list[Token], found: list[Entity], taken: set[int]) -> list[Entity]:
    """Later single-word mentions of a person found in full (بوتين, وبوتين, لكيم)."""
    surnames: dict[str, str] = {}
    for entity in found:
        if entity.kind == "PER":
            parts = [normalize_token(w) for w in entity.text.split()]
            if len(parts) > 1:
                surnames.setdefault(parts[-1], entity.canonical)
                if parts[0] not in first_names():
                    surnames.setdefault(parts[0], entity.canonical)
    extra = []
    for i, token in enumerate(tokens):
        if i in taken:
            continue
        for variant in readings(token.norm):
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
