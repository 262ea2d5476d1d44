"""Normalization and encoding detection."""

from __future__ import annotations

import codecs

import pytest

from redline.errors import InputError
from redline.ingest import normalize_text
from redline.ingest.encoding import decode_bytes

RU = "Статья 1. Стороны соглашаются прекратить огонь вдоль линии соприкосновения. Статья 2. Вывод войск."
UK = "Стаття 1. Сторони погоджуються припинити вогонь уздовж лінії зіткнення. Їхні війська відходять."
DE = "Artikel 1. Die Parteien vereinbaren einen Waffenstillstand entlang der Kontaktlinie. Größere Übergänge."


def test_mixed_line_endings_and_invisible_characters() -> None:
    raw = "\ufeffTitle\r\n\r\n1.\tFirst\u00a0point \r2. Sec\u00adond\u200b\n\n\n\n3. Third  \u2028end"
    assert normalize_text(raw) == "Title\n\n1. First point\n2. Second\n\n3. Third\nend"


def test_leading_tabs_expand_and_trailing_blank_lines_go() -> None:
    assert normalize_text("\n\n1. a\n\tb) c\n\n") == "1. a\n    b) c"


def test_nfc_composition() -> None:
    assert normalize_text("e\u0301") == "\u00e9"


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (RU, "utf-8", "utf-8"),
        (RU, "cp1251", "cp1251"),
        (RU, "koi8_r", "koi8-r"),
        (UK, "cp1251", "cp1251"),
        (DE, "cp1252", "cp1252"),
        (DE, "utf-16-le", "utf-16-le"),
    ],
)
def test_decoding_reports_the_encoding(text: str, encoding: str, expected: str) -> None:
    decoded, used = decode_bytes(text.encode(encoding), "x.txt")
    assert decoded == text
    assert used == expected


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
    ],
)
def test_byte_order_marks(bom: bytes, codec: str, name: str) -> None:
    decoded, used = decode_bytes(bom + RU.encode(codec), "x.txt")
    assert decoded.lstrip("\ufeff") == RU
    assert used == name


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (bytes(range(256)) * 4, "binary data"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "PNG"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"PK\x03\x04rest", "zip"),
    ],
)
def test_binary_data_is_refused(data: bytes, what: str) -> None:
    with pytest.raises(InputError) as err:
        decode_bytes(data, "notes.txt")
    assert "notes.txt" in str(err.value) and what in str(err.value)
