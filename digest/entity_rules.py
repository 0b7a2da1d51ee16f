"""The rule layers of entity extraction (pure), used with the CRF tagger.

Known names from the gazetteer, organisations after a head word (وزارة، جامعة، نادي ...), people
after a title or nationality, people after a distinctive first name. Each finder yields token ranges;
`digest.entities` combines them with the tagger, in the order the held-out measurement chose (bench/entity_layers.py).

Prefixes: a match may start inside its first token after an attached conjunction or
preposition (و ف ب ل ك); the article ال stays in the name (الاتحاد الأوروبي, not اتحاد
الأوروبي), and a word is never matched with its ال taken off (المالي is not مالي).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from digest.entity_lexicon import (
    NAME_CONNECTORS,
    NOT_NAMES,
    PATTERN_ORG_HEADS,
    TITLE_HEADS,
    TITLE_PARTS,
    distinctive_first_names,
    first_names,
    gazetteer,
    nationality_adjectives,
)
from digest.ner_features import split_proclitic

MAX_NAME_TOKENS = 3


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    norm: str


# (first token, last token, kind, canonical name, letters of the first token left out of the span)
Match = tuple[int, int, str, str, int]


@lru_cache(maxsize=1 << 17)
def readings(norm: str) -> tuple[str, ...]:
    """The word, and the word without an attached conjunction or preposition (ال kept):
    والصين → (والصين, الصين); للأمم → (للامم, الامم); المالي → (المالي,)."""
    clitic, rest = split_proclitic(norm)
    return (norm, rest) if clitic else (norm,)


def strip_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def contiguous(text: str, tokens: list[Token], first: int, last: int) -> bool:
    """No punctuation between the tokens first..last (only spaces)."""
    return all(not text[tokens[i].end : tokens[i + 1].start].strip() for i in range(first, last))


def _skip(norm: str, reading: str) -> int:
    """Letters before `reading` in `norm` (للأمم read as الأمم: none, the span keeps the word)."""
    return max(0, len(norm) - len(reading))


@cache
def _gazetteer_heads() -> tuple[frozenset[str], int]:
    table = gazetteer()
    return frozenset(k[0] for k in table), max(len(k) for k in table)


def gazetteer_matches(text: str, tokens: list[Token]) -> Iterator[Match]:
    table = gazetteer()
    heads, longest = _gazetteer_heads()
    for i in range(len(tokens)):
        first = readings(tokens[i].norm)
        if heads.isdisjoint(first):
            continue  # no gazetteer name starts with this word: most words
        for size in range(min(longest, len(tokens) - i), 0, -1):
            if not contiguous(text, tokens, i, i + size - 1):
                continue
            rest = tuple(t.norm for t in tokens[i + 1 : i + size])
            hit = next(((v, table[(v, *rest)]) for v in first if (v, *rest) in table), None)
            if hit and size == 1 and _adjective(hit[0], shortest=4):
                break  # مالي، العربية، السعودية: as often an adjective as a name; the tagger decides
            if hit:
                variant, (kind, canonical) = hit
                yield i, i + size - 1, kind, canonical, _skip(tokens[i].norm, variant)
                break


def org_matches(text: str, tokens: list[Token]) -> Iterator[Match]:
    """A head word and the definite words after it (وزارة الداخلية، الاتحاد الأوروبي), a known place
    inside (بنك فرنسا المركزي), or a quoted name (صحيفة «الجارديان»)."""
    for i, token in enumerate(tokens):
        head = next((r for r in readings(token.norm) if strip_article(r) in PATTERN_ORG_HEADS), None)
        if head is None:
            continue
        j = i + 1 + _place_length(text, tokens, i + 1)
        while (
            j < len(tokens)
            and j - i <= 3
            and tokens[j].norm.startswith("ال")
            and (_adjective(tokens[j].norm) or (j == i + 1 and not head.startswith("ال")))
            and contiguous(text, tokens, i, j)
        ):
            j += 1  # وزارة الداخلية، البنك المركزي، مجلس التعاون الخليجي — not البنك المركزي الإبقاء
        quoted = _quoted_name_after(text, tokens, i)
        if quoted is not None:
            yield i + 1, quoted, "ORG", "", 0
        elif j > i + 1:
            known = gazetteer().get((head, *(t.norm for t in tokens[i + 1 : j])))  # the gazetteer's spelling
            yield i, j - 1, "ORG", known[1] if known and known[0] == "ORG" else "", _skip(token.norm, head)


def _adjective(norm: str, shortest: int = 5) -> bool:
    """A relative adjective (المركزي، الأوروبية، الخليجي, مالي): what may follow a definite head."""
    return len(norm) >= shortest and norm.endswith(("ي", "يه"))


def _place_length(text: str, tokens: list[Token], i: int) -> int:
    """How many tokens from i name a known place (0 if none): an organisation's name may hold one."""
    for first, last, kind, _, skip in gazetteer_matches(text, tokens[i : i + MAX_NAME_TOKENS]):
        return last - first + 1 if first == 0 and kind == "LOC" and not skip else 0
    return 0


def _quoted_name_after(text: str, tokens: list[Token], i: int) -> int | None:
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


def person_matches(text: str, tokens: list[Token]) -> Iterator[Match]:
    """The name after a title or role (الرئيس الروسي فلاديمير بوتين, وزير الدفاع سيرغي شويغو) or after a
    nationality used as a noun (الياباني تاكوما ساتو)."""
    norms = [t.norm for t in tokens]
    for i in range(len(tokens)):
        title_end = title_at(norms, i)
        if title_end is None:
            title_end = _nationality_at(norms, i)
        if title_end is None:
            continue
        j = title_end
        while j < len(tokens) and _definite(norms[j]) and contiguous(text, tokens, i, j):
            j += 1  # the ministry, the nationality: وزير الدفاع الروسي ...
        if j + 1 < len(tokens) and norms[j] not in first_names() and norms[j + 1] in first_names():
            j += 1  # العقيد احتياط فيكتور بارانيتس: the name starts at the first name
        names = name_length(text, tokens, j)
        if names >= 2 or (names == 1 and j > title_end):
            yield j, j + names - 1, "PER", "", 0


def first_name_matches(text: str, tokens: list[Token]) -> Iterator[Match]:
    """A distinctive first name and the one or two name-like words after it (ديفيد كاميرون، ومحمد العلي)."""
    norms = [t.norm for t in tokens]
    for i in range(len(tokens) - 1):
        bare = norms[i][1:] if norms[i].startswith("و") and norms[i] not in distinctive_first_names() else norms[i]
        if bare not in distinctive_first_names():
            continue
        names = name_length(text, tokens, i) - 1
        if names > 0:
            yield i, i + names, "PER", "", len(norms[i]) - len(bare)


def name_length(text: str, tokens: list[Token], j: int) -> int:
    """How many tokens from j make a personal name: up to three name-like words, not counting the
    connectors (بن، عبد، آل ...) that always take the next word with them (سلمان بن عبد العزيز)."""
    norms = [t.norm for t in tokens]
    names = counted = 0
    while j + names < len(tokens) and counted < MAX_NAME_TOKENS:
        norm = norms[j + names]
        connector = names > 0 and norm in NAME_CONNECTORS
        if not (
            contiguous(text, tokens, j, j + names)
            and (connector or name_like(norm))
            and not (names >= 1 and norm.startswith("و"))  # وأندريه: a second person begins
            and not (names >= 2 and len(readings(norm)) > 1 and not connector)  # لوسائل: a preposition follows
        ):
            break
        names += 1
        counted += 0 if connector else 1
    while names > 1 and norms[j + names - 1] in NAME_CONNECTORS:
        names -= 1  # a name does not end on بن
    return names


def title_at(norms: list[str], i: int) -> int | None:
    """Index after a title starting at token i, or None."""
    heads = TITLE_HEADS.intersection(readings(norms[i]))
    if not heads:
        return None
    for parts in TITLE_PARTS:
        if parts[0] in heads and norms[i + 1 : i + len(parts)] == list(parts[1:]):
            return i + len(parts)
    return None


def _nationality_at(norms: list[str], i: int) -> int | None:
    """Index after a nationality adjective used as a noun; after a definite noun it describes the noun
    (الجيش السوري يسيطر) and introduces a person only before a known first name (اللاعب المصري محمد صلاح)."""
    if nationality_adjectives().isdisjoint(readings(norms[i])) or i + 1 >= len(norms):
        return None
    after_definite = i > 0 and any(r.startswith("ال") for r in readings(norms[i - 1]))
    if after_definite and first_names().isdisjoint(readings(norms[i + 1])):
        return None
    return i + 1


def _definite(norm: str) -> bool:
    """الدفاع، للكرملين — but not ألكسندر or ألبرت."""
    return norm.startswith(("ال", "لل")) and not (norm.startswith("ال") and norm in first_names())


def name_like(norm: str) -> bool:
    """Could this word be part of a personal name? Definite words, titles, particles and verbs are not."""
    if norm.startswith("ال") and norm in first_names():
        return True  # ألكسندر، ألبرت
    return (
        len(norm) > 1
        and not norm.isdigit()
        and norm not in NOT_NAMES
        and not any(r.startswith("ال") or r in TITLE_HEADS for r in readings(norm))
    )
