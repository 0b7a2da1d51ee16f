"""Arabic text normalisation and tokenisation, built on camel-tools.

`normalize` is *the* normalisation: storage, search, clustering, summaries and
queries all go through it, so the same word always looks the same.
`clean_unicode` is the lighter, reader-facing clean-up kept in displayed text.

camel-tools' dediacritiser and word tokenizer are restated here as two regular expressions
(`_DIACRITICS`, `_SYMBOL`): importing them builds character sets over all of Unicode (0.7 s),
which every query would pay before it starts. tests/test_arabic.py checks both against
camel-tools itself.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

import regex
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)

# Bidi controls, zero-width characters and the BOM: invisible, but they split words.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad]")
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]+")
_TATWEEL = "\u0640"
# Persian/Urdu letters that stand for Arabic ones in scraped text; Arabic-Indic digits to ASCII.
_LETTER_VARIANTS = str.maketrans(
    {
        "\u06cc": "\u064a",  # FARSI YEH -> YEH
        "\u06d2": "\u064a",  # YEH BARREE -> YEH
        "\u06a9": "\u0643",  # KEHEH -> KAF
        "\u06c1": "\u0647",  # HEH GOAL -> HEH
        "\u06be": "\u0647",  # HEH DOACHASHMEE -> HEH
        "\u06c0": "\u0647",  # HEH WITH YEH ABOVE -> HEH
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
_HAMZA_CARRIERS = str.maketrans({"\u0624": "\u0648", "\u0626": "\u064a"})  # ؤ -> و, ئ -> ي
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# camel-tools' AR_DIAC_CHARSET: tanween, short vowels, shadda, sukun, dagger alef.
_DIACRITICS = re.compile("[\u064b-\u0652\u0670]")
# What camel-tools' simple_word_tokenize cuts a whitespace-separated word at: punctuation, symbols (emoji among them).
_SYMBOL = regex.compile(r"[\p{P}\p{S}]")

# Proclitics that attach to a word: conjunction, preposition, definite article.
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")
_MIN_STEM = 2


def clean_unicode(text: str) -> str:
    """Reader-safe clean-up: Unicode forms, invisible marks, odd spaces, tatweel, letter and digit forms."""
    if not unicodedata.is_normalized("NFKC", text) or "\ufdfd" in text:
        # camel-tools' mapping changes exactly NFKC's characters plus U+FDFD (checked over all of
        # Unicode), so text that is NFKC already and has no U+FDFD skips its per-character pass.
        text = normalize_unicode(text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = text.replace(_TATWEEL, "")
    return text.translate(_LETTER_VARIANTS)


@lru_cache(maxsize=200_000)
def _normalize_word(word: str) -> str:
    word = normalize_alef_ar(word)
    word = normalize_alef_maksura_ar(word)
    word = normalize_teh_marbuta_ar(word)
    return word.translate(_HAMZA_CARRIERS).lower()


def normalize(text: str) -> str:
    """The one matching form: cleaned, dediacritised, alef/yaa/taa-marbuta/hamza folded, lower case."""
    text = dediac(clean_unicode(text))
    return _WORD.sub(lambda m: _normalize_word(m.group(0)), text)


@lru_cache(maxsize=1 << 17)
def normalize_token(token: str) -> str:
    """`normalize` of one token, cached: the extractors normalise every word of every article."""
    return normalize(token)


def dediac(text: str) -> str:
    """Arabic diacritics removed (camel-tools' `dediac_ar`)."""
    return _DIACRITICS.sub("", text)


def tokenize(text: str) -> list[str]:
    """Words of already-normalised text, punctuation dropped: camel-tools' simple word tokenizer,
    keeping the pieces that are letters and digits only."""
    return [piece for word in text.split() for piece in _SYMBOL.split(word) if _WORD.fullmatch(piece)]


def words(text: str) -> list[str]:
    """Normalised word tokens of raw text."""
    return tokenize(normalize(text))


def is_arabic(word: str) -> bool:
    return bool(_ARABIC_LETTER.search(word))


@lru_cache(maxsize=200_000)
@lru_cache(maxsize=1 << 16)
def clitic_variants(word: str) -> tuple[str, ...]:
    """The normalised word and every reading of it with attached prefixes (و ف ب ل ك ال) removed.

    `وبيونغ` gives (وبيونغ, بيونغ, يونغ): a search for بيونغ must find وبيونغ; the
    over-stripped readings only make extra index terms, never a false query match,
    because queries are not stripped.
    """
    if not is_arabic(word):
        return (word,)
    found = [word]
    for conj in _CONJUNCTIONS:
        for prep in _PREPOSITIONS:
            for article in ("", "ال"):
                prefix = conj + prep + article
                if not prefix:
                    continue
                if prep == "ل" and article == "ال":
                    prefix = conj + "لل"  # ل + ال is written لل
                if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_STEM:
                    stem = word[len(prefix) :]
                    readings = (stem, "ال" + stem) if prefix.endswith("لل") else (stem,)  # للأمم: لـ + الأمم
                    found.extend(r for r in readings if r not in found)
    return tuple(found)


SPACED_PREFIXES = ("عبد", "ابو")  # written apart or joined to the next word: عبد العزيز = عبدالعزيز


def search_terms(text: str) -> str:
    """The index form of a text: every word with all its clitic readings, space separated; a name written
    apart (عبد العزيز) is also indexed joined (عبدالعزيز), as a text that writes it joined has it."""
    tokens = words(text)
    terms = [v for w in tokens for v in clitic_variants(w)]
    for first, second in itertools.pairwise(tokens):
        terms.extend(v + second for v in clitic_variants(first) if v in SPACED_PREFIXES)
    return " ".join(terms)


def query_alternatives(word: str) -> tuple[str, ...]:
    """What an indexed text must contain to match one query word (normalised; `ال` optional)."""
    (normal,) = words(word) or [""]
    if not normal:
        return ()
    if is_arabic(normal) and normal.startswith("ال") and len(normal) - 2 >= _MIN_STEM:
        return (normal, normal[2:])
    return (normal,)


_LIGHT10_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال")
# Folded forms: taa marbuta is already ه, alef maqsura already ي.
_LIGHT10_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


@lru_cache(maxsize=1 << 17)
def light_stem(word: str) -> str:
    """Larkey's light10 stem of a normalised word: safe prefixes and common suffixes off.

    Deliberately light (no root extraction) so that news names stay recognisable;
    lone ب ل ك are not stripped because they begin too many words.
    """
    if not is_arabic(word):
        return word
    if word.startswith("و") and len(word) >= 4:
        word = word[1:]
    for prefix in _LIGHT10_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_STEM:
            word = word[len(prefix) :]
            break
    for suffix in _LIGHT10_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
    return word


_G_LETTERS = ("غ", "ج", "ق")  # how Arabic outlets write the "g" of foreign names
_G_TO_JEEM = str.maketrans({"غ": "ج", "ق": "ج"})
_MAX_SPELLINGS = 16


@lru_cache(maxsize=1 << 16)
def entity_key(name: str) -> str:
    """One key for all spellings of a name: normalised, every g-letter (غ ج ق) written ج (cached: names recur).

    كيم جونغ أون and كيم جونج أون share a key; so, harmlessly, do words that differ only there.
    """
    return normalize(" ".join(name.split())).translate(_G_TO_JEEM)


def spelling_variants(name: str) -> list[str]:
    """Other spellings of a transliterated name, fewest changes first: each g-letter (غ ج ق) swapped.

    كيم جونج أون gives كيم جونغ أون, كيم جونق أون, ... Normalised forms; the name itself first.
    """
    variants = [normalize(name)]
    frontier = list(variants)
    while frontier and len(variants) < _MAX_SPELLINGS:
        next_frontier = []
        for known in frontier:
            for i, char in enumerate(known):
                if char not in _G_LETTERS:
                    continue
                for letter in _G_LETTERS:
                    candidate = known[:i] + letter + known[i + 1 :]
                    if candidate not in variants:
                        variants.append(candidate)
                        next_frontier.append(candidate)
        frontier = next_frontier
    return variants[:_MAX_SPELLINGS]


def names_without_article(normalized_text: str, word: str) -> bool:
    """Does the text hold `word` (normalised, no ال) as a word of its own, not only after ال?

    المالي (financial) holds مالي only after ال: it is no mention of Mali. Attached و ف ب ل ك are allowed.
    """
    pattern = _bare_word_pattern(word)
    return pattern.search(normalized_text) is not None


@lru_cache(maxsize=256)
def _bare_word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_])[وف]?[بلك]?{re.escape(word)}(?![^\W_])")
