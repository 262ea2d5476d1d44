"""Word list numbering: turning ``w:numPr`` references into the labels Word displays.

In a .docx file the "1.", "a)" or "•" in front of a list paragraph is not in the text:
the paragraph says "list 5, level 1" (directly or through its style) and
``numbering.xml`` says how level 1 of list 5 is counted and printed.  This module keeps
the counters the way Word does (lists sharing an abstract definition continue each
other unless a ``startOverride`` restarts them; a level restarts when a higher level
advances) and renders ``lvlText`` patterns such as ``%1.``, ``(%2)`` or ``%1.%2.``.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l")]
_ROMAN += [(40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


@dataclass(frozen=True)
class Level:
    start: int
    fmt: str
    text: str


def _val(el: etree._Element | None, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(W + tag)
    return child.get(W + "val") if child is not None else None


def _roman(n: int) -> str:
    out = ""
    for value, sym in _ROMAN:
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letters(n: int, alphabet: str) -> str:
    """Word's letter numbering: a..z, then aa, bb, ... (the letter repeated)."""
    size = len(alphabet)
    return alphabet[(n - 1) % size] * ((n - 1) // size + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter value in a Word ``numFmt``."""
    if n < 1 and fmt not in ("decimal", "decimalZero"):
        return str(n)
    if fmt == "lowerLetter":
        return _letters(n, "abcdefghijklmnopqrstuvwxyz")
    if fmt == "upperLetter":
        return _letters(n, "abcdefghijklmnopqrstuvwxyz").upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "russianLower":
        return _letters(n, _RUSSIAN)
    if fmt == "russianUpper":
        return _letters(n, _RUSSIAN).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def bullet_symbol(text: str) -> str:
    """A printable bullet for Word's bullet glyphs (often private-use Symbol/Wingdings code points)."""
    if text in ("-", "–", "—"):
        return "–"
    if text == "o":
        return "◦"
    if text in ("\uf0a7", "\uf06e", "▪", "■"):
        return "▪"
    return "•"


class Numbering:
    """Counters and labels for the lists of one document."""

    def __init__(self, numbering: etree._Element | None, styles: dict[str, etree._Element]) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        if numbering is None:
            return
        for ab in numbering.iter(W + "abstractNum"):
            levels = {int(lv.get(W + "ilvl", "0")): self._level(lv) for lv in ab.findall(W + "lvl")}
            aid = ab.get(W + "abstractNumId", "")
            self.abstract[aid] = levels
            link = _val(ab, "numStyleLink")
            if link:
                self.style_links[aid] = link
        for num in numbering.iter(W + "num"):
            starts: dict[int, int] = {}
            replaced: dict[int, Level] = {}
            for ov in num.findall(W + "lvlOverride"):
                ilvl = int(ov.get(W + "ilvl", "0"))
                so = _val(ov, "startOverride")
                if so is not None and so.lstrip("-").isdigit():
                    starts[ilvl] = int(so)
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    replaced[ilvl] = self._level(lvl)
            self.nums[num.get(W + "numId", "")] = (_val(num, "abstractNumId") or "", starts, replaced)

    @staticmethod
    def _level(lvl: etree._Element) -> Level:
        start = _val(lvl, "start")
        return Level(
            start=int(start) if start and start.lstrip("-").isdigit() else 1,
            fmt=_val(lvl, "numFmt") or "decimal",
            text=_val(lvl, "lvlText") or "",
        )

    def _levels(self, num_id: str, depth: int = 0) -> tuple[str, dict[int, Level]] | None:
        entry = self.nums.get(num_id)
        if entry is None:
            return None
        aid, _, replaced = entry
        levels = self.abstract.get(aid, {})
        if not levels and aid in self.style_links and depth < 3:
            linked = self.style_num(self.style_links[aid])
            if linked and linked[0] != num_id:
                return self._levels(linked[0], depth + 1)
        return aid, {**levels, **replaced}

    def style_num(self, style_id: str | None) -> tuple[str, int | None] | None:
        """``(numId, ilvl)`` a paragraph style (or its ``basedOn`` ancestors) assigns."""
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                return None
            ppr = style.find(W + "pPr")
            numpr = ppr.find(W + "numPr") if ppr is not None else None
            if numpr is not None and _val(numpr, "numId"):
                ilvl = _val(numpr, "ilvl")
                return _val(numpr, "numId") or "", int(ilvl) if ilvl else None
            style_id = _val(style, "basedOn")
        return None

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counter of ``(num_id, ilvl)`` and return the label Word prints."""
        if num_id in ("", "0"):
            return None
        found = self._levels(num_id)
        if found is None:
            return None
        aid, levels = found
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(aid, [None] * 9)
        starts = self.nums[num_id][1]
        if num_id not in self.started:
            self.started.add(num_id)
            for lv, start in starts.items():
                if 0 <= lv < 9:
                    counters[lv] = start - 1
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        if level.fmt == "bullet":
            return bullet_symbol(level.text)
        out = level.text
        for k in range(9, 0, -1):
            token = f"%{k}"
            if token in out:
                lv = levels.get(k - 1, Level(1, "decimal", ""))
                value = counters[k - 1] if counters[k - 1] is not None else lv.start
                out = out.replace(token, format_number(value or 0, lv.fmt))
        return out.strip() or None
