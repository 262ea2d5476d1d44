"""Numbers, amounts, deadlines and dates in provision text, normalised across languages and formats.

"600,000", "600.000", "600 000", "600 тыс.", "600 Tausend", "six hundred thousand" all become ``600000``;
"1 December 2025", "1. Dezember 2025", "1 декабря 2025 года", "01.12.2025" become ``2025-12-01``.
Units that follow a number (days, years, km, %, dollars...) are normalised too, so a deadline
("within 100 days" / "innerhalb von 100 Tagen") is a number with unit ``day``.

Number words are read with ``number-parser`` for the languages it supports (en, ru, uk, es, hi); German
number words are not read (written with digits in practice).  Grouping rule, language independent: a ``.``,
``,`` or space followed by exactly three digits groups thousands ("600.000", "1,000,000"), any other
``.``/``,`` is a decimal separator ("1.5", "1,5 млн").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Month names and stems by month number, for en, de, fr, ru and uk (nominative and genitive forms).
_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "janvier", "январ", "січ"),
    2: ("february", "feb", "februar", "février", "феврал", "лют"),
    3: ("march", "mar", "märz", "mars", "март", "берез"),
    4: ("april", "apr", "avril", "апрел", "квіт"),
    5: ("may", "mai", "ма[йяе]", "трав"),
    6: ("june", "jun", "juni", "juin", "июн", "черв"),
    7: ("july", "jul", "juli", "juillet", "июл", "лип"),
    8: ("august", "aug", "août", "август", "серп"),
    9: ("september", "sep", "sept", "septembre", "сентябр", "верес"),
    10: ("october", "oct", "oktober", "octobre", "октябр", "жовт"),
    11: ("november", "nov", "novembre", "ноябр", "листопад"),
    12: ("december", "dec", "dezember", "décembre", "декабр", "груд"),
}
_MONTH_RE = "|".join(f"(?P<m{n}>{'|'.join(stems)})" for n, stems in _MONTHS.items())
_MONTH = rf"(?:{_MONTH_RE})[\w.]*"
MONTH_PATTERN = _MONTH  # a month name in any supported language (entities.py ignores these as names)

_DATE_PATTERNS = [
    re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>\d{4})\b"),
    re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})\.?\s+{_MONTH}\s+(?P<y>\d{{4}})(?:\s*(?:года|год|г\.|року|р\.))?", re.I),
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})\b", re.I),
    re.compile(rf"\b{_MONTH}\s+(?P<y>\d{{4}})\b", re.I),
]

_SCALE = {
    "thousand": 3,
    "tausend": 3,
    "tsd": 3,
    "k": 3,
    "тыс": 3,
    "тысяч": 3,
    "тысячи": 3,
    "тысячами": 3,
    "тысяча": 3,
    "тис": 3,
    "тисяч": 3,
    "тисячі": 3,
    "тисячами": 3,
    "тисяча": 3,
    "mille": 3,
    "million": 6,
    "millions": 6,
    "millionen": 6,
    "mio": 6,
    "mn": 6,
    "m": 6,
    "млн": 6,
    "миллион": 6,
    "миллиона": 6,
    "миллионов": 6,
    "мільйон": 6,
    "мільйони": 6,
    "мільйонів": 6,
    "мільйона": 6,
    "billion": 9,
    "billions": 9,
    "bn": 9,
    "milliarde": 9,
    "milliarden": 9,
    "mrd": 9,
    "milliard": 9,
    "milliards": 9,
    "млрд": 9,
    "миллиард": 9,
    "миллиарда": 9,
    "миллиардов": 9,
    "мільярд": 9,
    "мільярди": 9,
    "мільярдів": 9,
    "мільярда": 9,
    "trillion": 12,
    "billionen": 12,
    "трлн": 12,
}

# Unit stems after a number (or a scale word) -> canonical unit.
_UNITS: list[tuple[str, str]] = [
    (r"%|per\s?cent|prozent|pour\s?cent|процент\w*|відсот\w*", "percent"),
    (r"days?|tage?n?|jours?|дн\w*|день|діб|доб\w*", "day"),
    (r"weeks?|wochen?|semaines?|недел\w*|тиж\w*", "week"),
    (r"months?|monate?n?|mois|месяц\w*|місяц\w*", "month"),
    (r"years?|jahre?n?|ans?|années?|лет|года?|годы|рок\w*|рік|роки", "year"),
    (r"kilomet\w*|km|км|километр\w*|кілометр\w*", "km"),
    (r"(?:us[- ])?dollars?|(?:us-)?dollar|usd|доллар\w*|долар\w*", "usd"),
    (r"euros?|eur|евро|євро", "eur"),
]
_UNIT_RE = re.compile(
    r"\s*(?:" + "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_UNITS)) + r")(?!\w)", re.I
)
_CURRENCY_BEFORE = {"$": "usd", "€": "eur", "us$": "usd"}

_NUMBER_RE = re.compile(
    r"(?<![\w.,/-])(?P<cur>US\$|\$|€)?\s?"
    r"(?P<int>[1-9]\d{0,2}(?:(?P<sep>[ \u00a0\u202f.,])\d{3}(?!\d))(?:(?P=sep)\d{3}(?!\d))*|\d+)"
    r"(?:[.,](?P<frac>\d+))?(?![\w])"
)
_SCALE_RE = re.compile(r"\s*(?P<scale>[^\W\d_]+)\.?", re.U)
_LABEL_RE = re.compile(r"^\s*(?:\(?\d{1,3}[.)]|\(?[ivxlc]{1,6}[.)]|§\s*\d+\.?)\s+", re.I)
_NUMBER_WORD_LANGS = {"en", "ru", "uk", "es", "hi"}


@dataclass(frozen=True)
class Quantity:
    """A number or date found in a text; ``value`` is normalised, ``start``/``end`` index the text."""

    kind: str  # "number" or "date"
    value: str
    unit: str | None
    start: int
    end: int
    text: str


def _fmt(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _find_dates(text: str, language: str) -> list[Quantity]:
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            groups = m.groupdict()
            month = next((n for n in _MONTHS if groups.get(f"m{n}")), None)
            if month is None and groups.get("mo"):
                month = int(groups["mo"])
            elif month is None and groups.get("a"):  # slashes: M/D in English, D/M elsewhere
                a, b = int(groups["a"]), int(groups["b"])
                month_first = (language == "en" and a <= 12) or b > 12
                month, groups["d"] = (a, str(b)) if month_first else (b, str(a))
            if month is None or not 1 <= month <= 12:
                continue
            day = int(groups["d"]) if groups.get("d") else None
            if day is not None and not 1 <= day <= 31:
                continue
            value = f"{groups['y']}-{month:02d}" + (f"-{day:02d}" if day else "")
            found.append(Quantity("date", value, None, m.start(), m.end(), m.group(0)))
            taken.append((m.start(), m.end()))
    return found


def _unit_after(text: str, pos: int) -> tuple[str | None, int]:
    m = _UNIT_RE.match(text, pos)
    if not m:
        return None, pos
    for i, (_, canonical) in enumerate(_UNITS):
        if m.group(f"u{i}"):
            return canonical, m.end()
    return None, pos  # pragma: no cover - one group always matched


def _find_numbers(text: str, skip: list[tuple[int, int]]) -> list[Quantity]:
    found: list[Quantity] = []
    for m in _NUMBER_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in skip):
            continue
        digits = m.group("int")
        if m.group("sep"):
            digits = re.sub(r"[ \u00a0\u202f.,]", "", digits)
        try:
            value = Decimal(digits + ("." + m.group("frac") if m.group("frac") else ""))
        except InvalidOperation:  # pragma: no cover - regex only admits digits
            continue
        end = m.end()
        scale = _SCALE_RE.match(text, end)
        if scale and scale.group("scale").lower() in _SCALE:
            value *= Decimal(10) ** _SCALE[scale.group("scale").lower()]
            end = scale.end()
        unit = _CURRENCY_BEFORE.get((m.group("cur") or "").lower())
        after, after_end = _unit_after(text, end)
        if after:
            unit = unit or after
            end = after_end
        found.append(Quantity("number", _fmt(value), unit, m.start(), end, text[m.start() : end]))
    return found


def _find_number_words(text: str, language: str, skip: list[tuple[int, int]]) -> list[Quantity]:
    """Number words ("six hundred thousand", "десять") located by diffing number-parser's rewrite."""
    if language not in _NUMBER_WORD_LANGS or not re.search(r"[^\W\d_]", text):
        return []
    from number_parser import parse

    tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", text)]
    rewritten = parse(text, language=language).split()
    matcher = difflib.SequenceMatcher(a=[t for _, _, t in tokens], b=rewritten, autojunk=False)
    found: list[Quantity] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "replace" or a2 <= a1:
            continue
        new = " ".join(rewritten[b1:b2])
        digits = re.fullmatch(r"\W*(\d+)\W*", new)
        if not digits or int(digits.group(1)) < 2:  # "one"/"a" are mostly articles and pronouns
            continue
        start, end = tokens[a1][0], tokens[a2 - 1][1]
        if any(s < end and start < e for s, e in skip):
            continue
        unit, _ = _unit_after(text, end)
        found.append(Quantity("number", digits.group(1), unit, start, end, text[start:end]))
    return found


def extract_quantities(text: str, language: str | None = None) -> list[Quantity]:
    """All dates and numbers in ``text`` in reading order (a leading list label like "6." is skipped)."""
    label = _LABEL_RE.match(text)
    skip = [(0, label.end())] if label else []
    lang = (language or "").lower()[:2]
    dates = _find_dates(text, lang)
    skip += [(q.start, q.end) for q in dates]
    numbers = _find_numbers(text, skip)
    skip += [(q.start, q.end) for q in numbers]
    words = _find_number_words(text, lang, skip)
    return sorted(dates + numbers + words, key=lambda q: q.start)
