"""Recognising provision markers at the start of a line.

A marker is the label that opens a provision: ``1.``, ``1)``, ``(1)``, ``1.2``, ``I.``,
``A.``, ``a)``, ``(a)``, ``а)`` (Cyrillic), ``i.``, ``(iv)``, ``Article 1``, ``Artikel 1``,
``Статья 1``, ``Point 1``, ``Punkt 1``, ``Пункт 1.``, ``§ 1``, ``Section II``, ``Раздел II``,
``Chapter 2``, ``Part I``, Telegram keycaps (``1️⃣``) and bullets (``•``, ``–``, ``-``, ``*``, ``🔹`` ...).  One line can have
several readings ("i." is roman one or the letter after "h."); :func:`parse_markers`
returns them all and the splitter picks the one that fits the sequence.

Each marker has a *style* (the family whose members continue one another), a *value*
(its ordinal in the sequence), and a *rank* saying how high such markers usually sit in
a legal outline (Part > Chapter > Section > I. > A. > Article/§ > 1. > 1) > a) > i) > •).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Ranks: lower = higher in the outline.
RANK_PART, RANK_CHAPTER, RANK_SECTION = 0, 10, 15
RANK_ROMAN_UPPER, RANK_ALPHA_UPPER, RANK_ARTICLE = 20, 30, 40
RANK_POINT, RANK_SUBPOINT, RANK_LETTER, RANK_ROMAN_LOWER, RANK_BULLET = 50, 60, 70, 80, 90

# Word markers: style family -> (rank, words).  Matching is case-insensitive but the word
# must start with a capital letter (so a wrapped "article 5 of ..." is not a marker).
_WORD_FAMILIES: dict[str, tuple[int, tuple[str, ...]]] = {
    "w:part": (RANK_PART, ("part", "teil", "часть", "частина")),
    "w:chapter": (RANK_CHAPTER, ("chapter", "kapitel", "раздел", "розділ")),
    "w:section": (RANK_SECTION, ("section", "abschnitt", "глава")),
    "w:article": (RANK_ARTICLE, ("article", "art.", "artikel", "статья", "стаття")),
    "w:point": (RANK_POINT, ("point", "punkt", "pkt.", "пункт")),
}
_WORD_STYLE = {w: style for style, (_, words) in _WORD_FAMILIES.items() for w in words}
_WORDS = "|".join(sorted((re.escape(w) for w in _WORD_STYLE), key=len, reverse=True))
_AFTER = r"(?=\s|$|\*\*|__)"  # a marker ends at a space, the line end, or closing bold markup
_WORD_RE = re.compile(
    rf"(?P<word>(?i:{_WORDS}))\s*(?P<num>\d{{1,3}}(?P<suffix>[a-z])?|[IVXLC]{{1,7}})"
    rf"(?:\s*(?P<sep>[.:)]|[-–—](?=\s)))?{_AFTER}"
)
_PARA_RE = re.compile(rf"§\s*(?P<num>\d{{1,3}}(?P<suffix>[a-z])?)(?:\s*(?P<sep>[.:)]))?{_AFTER}")
_DECIMAL_RE = re.compile(rf"(?P<num>\d{{1,3}}(?:\.\d{{1,3}}){{1,4}})\.?{_AFTER}")
_NUMBER_RE = re.compile(rf"(?P<num>\d{{1,3}})(?P<sep>[.)]){_AFTER}")
_PAREN_NUMBER_RE = re.compile(rf"\((?P<num>\d{{1,3}})\){_AFTER}")
_TOKEN = r"(?P<tok>[a-zA-Z]|[ivxlc]{2,6}|[IVXLC]{2,7}|[а-яєіїґё])"
_LETTER_RE = re.compile(rf"{_TOKEN}(?P<sep>[.)]){_AFTER}")
_PAREN_LETTER_RE = re.compile(rf"\({_TOKEN}\){_AFTER}")
_BULLET_RE = re.compile(r"(?P<b>[•●▪■◦○‣►▸·*–—-]|[🔹🔸🔷🔶✅✔➖➤➢👉▫◾◽])\ufe0f?\s+(?=\S)")
# Telegram-style keycap numbers: 1️⃣ 2️⃣ ... 🔟
_KEYCAP_RE = re.compile(r"(?:(?P<num>\d)\ufe0f?\u20e3|(?P<ten>\U0001f51f))\s+(?=\S)")
_MD_PREFIX = re.compile(r"(?:#{1,6}\s+)?(?P<emph>\*\*|__)?")
_ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_MONTH_RE = re.compile(
    r"(?i:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"januar|jänner|februar|märz|mai|juni|juli|oktober|dezember|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|"
    r"січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня)\b"
)
# Cyrillic list letters in order; the ones in _SKIPPABLE are often left out of lists.
CYRILLIC_ORDER = "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя"
_SKIPPABLE = set("ґєёіїйъыь")
_BULLET_NORMAL = {"●": "•", "■": "▪", "—": "–"}
_OPENERS = set("\"'«„“‘([")


@dataclass(frozen=True)
class Marker:
    """One reading of a line's opening marker (offsets relative to the line's content)."""

    style: str
    value: int | None
    label: str | None
    rank: int
    end: int
    strong: bool = False
    container: bool = False
    prefix: str | None = None
    suffix: bool = False

    @property
    def bullet(self) -> bool:
        return self.value is None

    @property
    def is_first(self) -> bool:
        return self.value == 1 and not self.suffix

    @property
    def arabic(self) -> bool:
        return (
            self.style in {"num.", "num)", "(num)", "keycap"} or self.style.startswith("dec") or self.strong
        )


def roman_value(token: str) -> int | None:
    """The value of a canonical roman numeral (either case), or None."""
    up = token.upper()
    if not up or not _ROMAN_RE.match(up):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(up):
        v = values[ch]
        total += -v if i + 1 < len(up) and values[up[i + 1]] > v else v
    return total


def letter_value(token: str) -> int | None:
    """Position of a list letter in its alphabet (a=1, а=1), or None."""
    low = token.lower()
    if len(low) != 1:
        return None
    if "a" <= low <= "z":
        return ord(low) - ord("a") + 1
    pos = CYRILLIC_ORDER.find(low)
    return pos + 1 if pos >= 0 else None


def letters_follow(prev: int, cand: int, cyrillic: bool) -> bool:
    """Does letter ``cand`` directly follow ``prev`` (skipping letters lists usually omit)?"""
    if cand <= prev:
        return False
    if not cyrillic:
        return cand == prev + 1
    return all(CYRILLIC_ORDER[i - 1] in _SKIPPABLE for i in range(prev + 1, cand))


def _end_after(content: str, pos: int, emph: str | None) -> int | None:
    """Offset where the provision text starts, or None if the marker is not followed properly."""
    if emph and content.startswith(emph, pos):
        pos += len(emph)
    rest = len(content) - len(content[pos:].lstrip(" "))
    if pos < len(content) and rest == pos:
        return None
    return rest


def _letter_readings(tok: str, sep: str, end: int) -> list[Marker]:
    """Readings of a letter-like token: roman numeral and/or alphabet letter."""
    out: list[Marker] = []
    wrap = "({})" if sep == "()" else "{}" + sep
    is_cyr = not tok.isascii()
    roman = roman_value(tok) if not is_cyr else None
    if roman is not None:
        upper = tok.isupper()
        style = wrap.format("ROMAN" if upper else "roman")
        rank = RANK_ROMAN_UPPER if upper else RANK_ROMAN_LOWER
        out.append(Marker(style, roman, tok, rank, end, container=upper))
    value = letter_value(tok)
    if value is not None:
        if is_cyr:
            style, rank, upper = wrap.format("cyr"), RANK_LETTER, False
        else:
            upper = tok.isupper()
            style = wrap.format("ALPHA" if upper else "alpha")
            rank = RANK_ALPHA_UPPER if upper else RANK_LETTER
        out.append(Marker(style, value, tok, rank, end, container=upper))
    # "i" alone is more often roman one, other single letters more often alphabet letters.
    if len(out) == 2 and tok.lower() != "i":
        out.reverse()
    return out


def parse_markers(content: str) -> list[Marker]:
    """All readings of the marker opening ``content`` (a line without its indentation).

    Returns an empty list when the line does not start with a marker.
    """
    if not content:
        return []
    md = _MD_PREFIX.match(content)
    start = md.end() if md else 0
    emph = md.group("emph") if md else None
    out: list[Marker] = []

    m = _WORD_RE.match(content, start)
    if m and m.group("word")[0].isupper():
        end = _end_after(content, m.end(), emph)
        rest = content[end:] if end is not None else ""
        if end is not None and (m.group("sep") or not rest or rest[0].isupper() or rest[0] in _OPENERS):
            num = m.group("num")
            style = _WORD_STYLE[m.group("word").lower()]
            value = int(num.rstrip("abcdefghijklmnopqrstuvwxyz")) if num[0].isdigit() else roman_value(num)
            if value is not None:
                rank = _WORD_FAMILIES[style][0]
                out.append(
                    Marker(
                        style,
                        value,
                        num,
                        rank,
                        end,
                        strong=True,
                        container=rank <= RANK_ARTICLE,
                        suffix=bool(m.group("suffix")),
                    )
                )
        return out
    m = _PARA_RE.match(content, start)
    if m:
        end = _end_after(content, m.end(), emph)
        if end is not None:
            num = m.group("num")
            value = int(num.rstrip("abcdefghijklmnopqrstuvwxyz"))
            out.append(
                Marker(
                    "w:§",
                    value,
                    "§" + num,
                    RANK_ARTICLE,
                    end,
                    strong=True,
                    container=True,
                    suffix=bool(m.group("suffix")),
                )
            )
        return out
    for regex, kind in ((_DECIMAL_RE, "dec"), (_NUMBER_RE, "num"), (_PAREN_NUMBER_RE, "(num)")):
        m = regex.match(content, start)
        if not m:
            continue
        end = _end_after(content, m.end(), emph)
        if end is None or _MONTH_RE.match(content, end):
            return []
        num = m.group("num")
        if kind == "dec":
            parts = num.split(".")
            out.append(
                Marker(
                    f"dec{len(parts)}", int(parts[-1]), num, RANK_SUBPOINT, end, prefix=".".join(parts[:-1])
                )
            )
        elif kind == "num":
            sep = m.group("sep")
            out.append(Marker("num" + sep, int(num), num, RANK_POINT if sep == "." else RANK_SUBPOINT, end))
        else:
            out.append(Marker("(num)", int(num), num, RANK_SUBPOINT, end))
        return out
    m = _KEYCAP_RE.match(content, start)
    if m:
        num = m.group("num") or "10"
        return [Marker("keycap", int(num), num, RANK_POINT, m.end())]
    for regex, paren in ((_LETTER_RE, False), (_PAREN_LETTER_RE, True)):
        m = regex.match(content, start)
        if m:
            end = _end_after(content, m.end(), emph)
            if end is None:
                return []
            return _letter_readings(m.group("tok"), "()" if paren else m.group("sep"), end)
    if not emph:
        m = _BULLET_RE.match(content, start)
        if m:
            char = _BULLET_NORMAL.get(m.group("b"), m.group("b"))
            return [Marker("bullet" + char, None, None, RANK_BULLET, m.end())]
    return []


def follows(prev: Marker, cand: Marker, *, gap: int = 0) -> bool:
    """Does ``cand`` continue the sequence of ``prev`` (same style, next value)?

    ``gap`` allows that many skipped values (drafts delete points without renumbering).
    Bullets of one style always continue each other.
    """
    if prev.style != cand.style:
        return False
    if cand.bullet:
        return True
    assert prev.value is not None and cand.value is not None
    if prev.prefix != cand.prefix:
        return False
    if cand.suffix and cand.value == prev.value:
        return True
    if "cyr" in cand.style:
        if letters_follow(prev.value, cand.value, cyrillic=True):
            return True
        return gap > 0 and prev.value < cand.value <= prev.value + 1 + gap
    return prev.value < cand.value <= prev.value + 1 + gap
