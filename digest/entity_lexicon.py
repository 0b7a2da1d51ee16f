"""The word lists behind entity extraction (pure data, loaded once).

Titles that introduce people, heads of organisation names, words that are never names, first names,
the gazetteer of known names, countries and the nationality adjectives derived from them.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources

from digest.arabic import normalize

# Titles and roles before a person's name (normalised); a following genitive (الدفاع، باسم الكرملين)
# and nationality adjectives (الروسي، الكوري الشمالي) are skipped before the name.
PERSON_TITLES = tuple(
    normalize(t)
    for t in (
        "الرئيس",
        "الزعيم",
        "رئيس الوزراء",
        "رئيس الحكومة",
        "وزير",
        "وزيرة",
        "نائب",
        "الملك",
        "الأمير",
        "ولي العهد",
        "الشيخ",
        "السلطان",
        "الأمين العام",
        "المتحدث باسم",
        "المتحدثة باسم",
        "المتحدث",
        "السفير",
        "المستشار",
        "المبعوث",
        "الجنرال",
        "المارشال",
        "العقيد",
        "اللواء",
        "الدكتور",
        "د",
        "البابا",
        "المرشد",
        "رئيس",
    )
)
TITLE_HEADS = frozenset(t.split()[0] for t in PERSON_TITLES)
TITLE_PARTS = tuple(tuple(t.split()) for t in PERSON_TITLES)
ORG_HEADS = frozenset(
    normalize(t)
    for t in (
        *("وزارة", "وكالة", "صحيفة", "منظمة", "حلف", "مجلس", "جامعة", "شركة", "حزب", "هيئة", "بنك", "مصرف"),
        *("اتحاد", "جمعية", "مؤسسة", "قناة", "لجنة", "محكمة", "معهد", "نادي", "مجلة", "تنظيم", "جبهة", "رابطة"),
        *("إذاعة", "مركز", "حركة", "جماعة"),
    )
)
# The heads the organisation pattern layer starts from: institutions, not the words that also mean
# "movement", "centre", "group", "organising" (حركة التأليف، المركز الثقافي، تنظيم اللقاء).
PATTERN_ORG_HEADS = ORG_HEADS - {
    normalize(t) for t in ("حركة", "مركز", "جماعة", "اتحاد", "جمعية", "لجنة", "جبهة", "تنظيم")
}
# Titles that name the person they stand before and stay in the shown name (الملك سلمان، الأمير محمد بن سلمان);
# roles (الرئيس، الوزير) do not.
NAMING_TITLES = frozenset(
    normalize(t) for t in ("الملك", "الملكة", "الأمير", "الأميرة", "الشيخ", "الشيخة", "السلطان", "البابا", "الإمام")
)
# Titles and roles that end one name and begin a person's (مؤسسة العلامة، الاتحاد الآسيوي الحكم الدولي ...):
# a shown name never ends on one, a tagged name is cut at one.
BREAKING_TITLES = (
    TITLE_HEADS
    | NAMING_TITLES
    | frozenset(
        normalize(t)
        for t in ("العلامة", "الكابتن", "المهندس", "الأستاذ", "المدرب", "اللاعب", "الحكم", "الفنان", "الشاعر", "الزميل")
    )
)
# Words inside a name that always have another name word after them (بن، عبد، أبو، آل).
NAME_CONNECTORS = frozenset(normalize(t) for t in ("بن", "ابن", "بنت", "عبد", "أبو", "أبي", "آل", "ذو"))
# Places and bodies named after a person (مطار الملك فهد الدولي، جامعة الملك سعود): the head and its kind.
FACILITY_HEADS = {
    **{normalize(w): "LOC" for w in ("مطار", "مسجد", "جامع", "شارع", "طريق", "ميناء", "مدينة", "ملعب", "استاد")},
    **{normalize(w): "ORG" for w in ("جامعة", "مركز", "مؤسسة", "كلية", "معهد", "جائزة", "مكتبة", "مدرسة", "مستشفى")},
}
PLURAL_ENDINGS = ("يون", "يين", "ون", "ين")  # nationalities and groups: الصينيون، الأميركيين
# The five prayers are named like a country and times of day (صلاة المغرب، أذان العشاء): after a word of
# prayer they are times, not places.
PRAYER_TIMES = frozenset(normalize(w) for w in ("المغرب", "العشاء", "الفجر", "الظهر", "العصر"))
PRAYER_WORDS = frozenset(normalize(w) for w in ("صلاة", "الصلاة", "صلاتي", "أذان", "الأذان"))
# Verbs of the blessings said after a name with الله (طيب الله ثراه، رحمه الله، أطال الله عمره).
BLESSINGS = frozenset(
    normalize(w) for w in ("طيب", "رحم", "يرحم", "حفظ", "أطال", "أدام", "أيد", "غفر", "تغمد", "عافى", "وفق")
)
# A currency alone is a unit, not a name (ريال مدريد is two words and stays a name).
CURRENCIES = frozenset(
    normalize(w)
    for w in ("ريال", "الريال", "دولار", "الدولار", "يورو", "اليورو", "درهم", "دينار", "جنيه", "ليرة", "روبل")
)
NOT_NAMES = frozenset(
    normalize(w)
    for w in (
        "قال",
        "وقال",
        "أن",
        "إن",
        "ان",
        "الذي",
        "التي",
        "في",
        "من",
        "على",
        "إلى",
        "عن",
        "مع",
        "خلال",
        "بعد",
        "قبل",
        "كما",
        "أيضا",
        "اليوم",
        "أمس",
        "غدا",
        "السابق",
        "الأسبق",
        "الحالي",
        "المقبل",
        "الماضي",
        "إنه",
        "أنه",
        "لها",
        "له",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "كان",
        "يكون",
        "حيث",
        "بين",
        "عند",
        "منذ",
        "حتى",
        "لكن",
        "ثم",
        "أو",
        "و",
        "لدى",
        "قد",
        "لقد",
        "وقد",
        "قدم",
        "أكد",
        "أعلن",
        "أشار",
        "أوضح",
        "دعا",
        "التقى",
        "زار",
        "وصل",
        "استقبل",
        "يزور",
        "يلتقي",
        "وقع",
        "عقد",
        "بحث",
        "شكر",
        "حذر",
        "رحب",
        "أضاف",
        "تابع",
        "إنها",
        "نحن",
        "هو",
        "هي",
        *("أولا", "ثانيا", "ثالثا", "رابعا", "أخيرا", "مجددا", "حاليا", "سابقا", "لاحقا", "رسميا", "مؤخرا"),
        *("فقط", "جدا", "أمام", "وراء", "فوق", "تحت", "نحو", "ضد", "عبر", "دون"),
    )
)


def _data_lines(name: str) -> list[list[str]]:
    """The tab-separated rows of a file in digest/data, comments and blank lines left out."""
    text = resources.files("digest").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def first_names() -> frozenset[str]:
    """Common first names, normalised (digest/data/first_names.txt)."""
    return frozenset(normalize(w) for row in _data_lines("first_names.txt") for w in row[0].split())


@cache
def distinctive_first_names() -> frozenset[str]:
    """First names that are not also common words: محمد or ديفيد followed by a name is a person."""
    words = {normalize(w) for row in _data_lines("first_names_that_are_words.txt") for w in row[0].split()}
    return first_names() - words


@cache
def countries() -> tuple[str, ...]:
    """The Arabic names of the world's countries (digest/data/countries.tsv, from CLDR)."""
    return tuple(name for _, name in _data_lines("countries.tsv"))


@cache
def gazetteer() -> dict[tuple[str, ...], tuple[str, str]]:
    """Normalised alias token tuple -> (kind, canonical name): digest/data/gazetteer.tsv, then the countries."""
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    rows = [*_data_lines("gazetteer.tsv"), *(["LOC", name, name] for name in countries())]
    for kind, canonical, aliases in rows:
        for alias in aliases.split("|"):
            table.setdefault(tuple(normalize(alias).split()), (kind, canonical))
    return table


_EXTRA_NATIONALITIES = (  # what the rule cannot derive from CLDR's names
    *("أمريكي", "أميركي", "بريطاني", "سعودي", "إماراتي", "كوري", "فلسطيني", "أفغاني", "سوفيتي", "نمساوي"),
    *("أوروبي", "عربي", "خليجي", "أفريقي", "إفريقي", "آسيوي", "لاتيني"),
)


@cache
def nationality_adjectives() -> frozenset[str]:
    """Definite nationality adjectives, masculine and feminine (الروسي، الروسية), normalised.

    Derived from one-word country names by the usual rule (روسيا → روسي، فرنسا → فرنسي،
    اليابان → ياباني، العراق → عراقي، السعودية → سعودي), plus a few that the rule misses.
    """
    stems = {normalize(n) for n in _EXTRA_NATIONALITIES}
    for name in countries():
        if len(name.split()) == 1:
            stems.add(normalize(nisba(name)))
    return frozenset(f"ال{stem}{ending}" for stem in stems for ending in ("", "ه"))


def nisba(country: str) -> str:
    """روسيا → روسي، فرنسا → فرنسي، اليابان → ياباني، سورية → سوري (ألمانيا keeps its أل)."""
    base = country.removeprefix("ال")
    if base.endswith("ي"):
        return base  # مالي، جيبوتي: the adjective is the name
    for ending in ("يا", "ا", "ة"):
        if base.endswith(ending) and len(base) > len(ending) + 2:
            return base[: -len(ending)] + "ي"
    return base + "ي"


@cache
def _word_frequencies() -> dict[str, int]:
    """Normalised word -> Zipf x 10 (digest/data/word_frequencies.tsv.gz, from wordfreq: CC BY-SA 4.0)."""
    data = gzip.decompress(resources.files("digest").joinpath("data/word_frequencies.tsv.gz").read_bytes())
    rows = (line.split("\t") for line in data.decode("utf-8").splitlines() if not line.startswith("#"))
    return {word: int(zipf) for word, zipf in rows}


def word_zipf(norm: str) -> float:
    """How common a normalised word is on wordfreq's Zipf scale (3: once in a million words); 0 if rarer."""
    return _word_frequencies().get(norm, 0) / 10
