"""Bytes to text for article files in any common encoding (UTF-8 ± BOM, UTF-16, windows-1256)."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from digest.sources.model import FailureReason

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAX_CONTROL_SHARE = 0.01


class DecodeError(ValueError):
    def __init__(self, reason: FailureReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def decode_bytes(data: bytes) -> str:
    """Decode article bytes, or raise DecodeError saying whether they are binary or undecodable."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"))
    utf16 = _bomless_utf16(data)
    if utf16:
        return _checked(data.decode(utf16, errors="replace"))
    if b"\x00" in data:
        raise DecodeError(FailureReason.BINARY, "binary data, not a text file")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        cut_utf8 = exc.reason == "unexpected end of data" and not data[: exc.start].isascii()
        if cut_utf8 and exc.start >= len(data) - 3:
            return _checked(data[: exc.start].decode("utf-8"))  # cut inside its last character (a truncated copy)
    best = from_bytes(data, cp_isolation=["cp1256", "iso8859_6", "cp1252", "utf_16", "latin_1"]).best()
    if best is None:
        raise DecodeError(FailureReason.UNDECODABLE, "unknown text encoding")
    return _checked(str(best))


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs in every other byte of mostly-ASCII/Arabic text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    # Arabic UTF-16 has few NULs but the high byte is 0x06 in every other byte.
    if sample[1::2].count(6) / len(sample[1::2]) > 0.4:
        return "utf-16-le"
    if sample[0::2].count(6) / len(sample[0::2]) > 0.4:
        return "utf-16-be"
    return None


def _checked(text: str) -> str:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f\v")
    if text and controls / len(text) > _MAX_CONTROL_SHARE:
        raise DecodeError(FailureReason.BINARY, "binary data, not a text file")
    return text
