"""Template lines learnt per source: a line that recurs across a source's articles is page furniture.

Bylines with a place (عين اليوم – الرياض), sign-offs (// انتهى //), promotions
(للتواصل مع الكاتب ارسل رسالة SMS) differ from outlet to outlet, so no list
can hold them all; counting in how many of a source's articles a line occurs
finds them for any outlet once it has sent a few articles.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from digest.arabic import normalize

MIN_REPEATS = 3  # articles of one source a line must occur in to count as template
MAX_TEMPLATE_WORDS = 30  # longer lines are prose; only shorter ones are counted
_DIGITS = re.compile(r"\d+")


def line_key(line: str) -> str:
    """Fingerprint of a line: normalised, numbers and spacing ignored."""
    return normalized_line_key(normalize(line))


def normalized_line_key(normalized_line: str) -> str:
    """`line_key` of a line given already normalised (cleaning normalises each line once)."""
    text = _DIGITS.sub("0", " ".join(normalized_line.split()))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def countable_lines(text: str) -> set[str]:
    """Keys of the short lines of an article, once each (a line counts once per article)."""
    keys = set()
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and len(stripped.split()) <= MAX_TEMPLATE_WORDS:
            keys.add(line_key(stripped))
    return keys


def template_keys(counts: Iterable[tuple[str, int]]) -> frozenset[str]:
    """The keys counted in at least MIN_REPEATS articles."""
    return frozenset(key for key, documents in counts if documents >= MIN_REPEATS)


def outlet_lines(text: str, is_html: bool) -> frozenset[str]:
    """The line keys an article counts for its outlet: none for HTML (the page's template is dropped at
    extraction), its short countable lines for text."""
    return frozenset() if is_html else frozenset(countable_lines(text))
