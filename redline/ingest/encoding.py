"""Decoding text files of unknown encoding, and refusing binary data.

Order of evidence: a byte-order mark; UTF-16 without BOM (NUL bytes in alternate
positions); strict UTF-8; finally the legacy 8-bit code pages analysts actually meet
(cp1251 and KOI8-R/U for Cyrillic, cp1252 for Western European), chosen by
``charset-normalizer``.  Binary data (NUL bytes, control characters, known file
signatures) is refused with a message that says what the file seems to be.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from redline.errors import InputError

LEGACY_ENCODINGS: tuple[str, ...] = ("cp1251", "koi8_r", "koi8_u", "cp1252")
_DISPLAY = {"koi8_r": "koi8-r", "koi8_u": "koi8-u", "utf_8": "utf-8"}

# File signatures that betray a binary file hiding behind a text extension.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a zip archive (perhaps .docx)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc/.xls)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF file"),
    (b"\x7fELF", "an executable"),
)
_C0_CONTROLS = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def sniff_binary(data: bytes) -> str | None:
    """What a known binary signature says the data is, or None."""
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            return what
    return None


def _looks_utf16(data: bytes) -> str | None:
    """Detect BOM-less UTF-16 by NUL bytes in every other position (ASCII-heavy text)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nuls = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise :class:`InputError` for binary data.

    ``encoding`` is a display name such as ``utf-8``, ``utf-8-sig``, ``utf-16-le``,
    ``cp1251``, ``koi8-r`` or ``cp1252``.
    """
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    )
    for bom, name, codec in boms:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is None:
                raise InputError(
                    f"not valid {name} text although it starts with a {name} byte-order mark", path=source
                )
            return text, name
    what = sniff_binary(data)
    if what:
        raise InputError(f"binary data, not text: this looks like {what}", path=source)
    utf16 = _looks_utf16(data)
    if utf16:
        text = _strict(data, utf16)
        if text is not None:
            return text, utf16
    if b"\x00" in data[:65536] or _control_ratio(data) > 0.01:
        raise InputError(
            "binary data, not text (control bytes found); is the file extension right?", path=source
        )
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    return _legacy(data, source)


def _control_ratio(data: bytes) -> float:
    sample = data[:65536]
    return len(_C0_CONTROLS.findall(sample)) / max(1, len(sample))


def _legacy(data: bytes, source: str) -> tuple[str, str]:
    """Pick the most plausible legacy code page; prefer KOI8-R over KOI8-U when they agree."""
    best = from_bytes(data[:200_000], cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None:
        raise InputError(
            "cannot tell the text encoding (tried UTF-8, UTF-16, cp1251, KOI8-R, cp1252); "
            "convert the file to UTF-8",
            path=source,
        )
    encoding = best.encoding
    if encoding == "koi8_u" and _strict(data, "koi8_r") == _strict(data, "koi8_u"):
        encoding = "koi8_r"
    text = _strict(data, encoding)
    if text is None:  # charset-normalizer looked at a prefix only
        text = data.decode(encoding, errors="replace")
    return text, _DISPLAY.get(encoding, encoding)
