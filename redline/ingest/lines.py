"""Line-level structure of normalized text: what each line is, before splitting.

The splitter needs to know for every line where it starts, how far it is indented,
which markers it could open with, and whether it is a heading, a footnote or part of a
signature block (all three are kept out of provisions).  These are heuristics over plain
text; readers of structured formats (DOCX, HTML, PDF) shape their output so that the
same heuristics apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from redline.ingest.markers import Marker, parse_markers

HEADING_MAX_CHARS = 90
HEADING_MAX_WORDS = 14
_SENTENCE_END = tuple(".,;:!?…")
_LINE_END_PUNCT = tuple('.:;!?…)»"”“')
_FOOTNOTE = re.compile(r"^(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s*\S|\[\d{1,3}\]\s)")
_SIG_NAMED = re.compile(
    r"^(?i:for|on behalf of|für|im namen|за|від імені|от имени|pour|au nom)\s+\S", re.UNICODE
)
_SIG_DONE = re.compile(
    r"^(?i:done at|done in|signed at|signed in|signed on|signed:|geschehen zu|geschehen in|"
    r"unterzeichnet|совершено в|учинено в|підписано|подписано|fait à)"
)
_SIG_LINE = re.compile(r"^(?:_{4,}|/s/|\((?i:signature|signed|подпись|підпис|unterschrift)\))")
# a place and a date: "Berlin, im Dezember 2025", "Kyiv, 3 May 2025", "Москва, 14 июня 2024 г."
_SIG_PLACE_DATE = re.compile(
    r"^[^\W\d_][^\W\d_-]*(?:[ -][^\W\d_]+)?,\s+[^,]{0,30}\b(?:19|20)\d\d\b\s*(?:г\.|р\.)?$"
)
SIGNATURE_MAX_LINES = 25
SIGNATURE_LINE_CHARS = 120


@dataclass
class Line:
    """One line of the text with its classification."""

    no: int
    start: int
    end: int
    indent: int
    content: str
    markers: list[Marker] = field(default_factory=list)
    md_heading: bool = False
    footnote: bool = False

    @property
    def blank(self) -> bool:
        return not self.content

    @property
    def content_start(self) -> int:
        return self.start + self.indent

    @property
    def marker_only(self) -> bool:
        return bool(self.markers) and self.markers[0].end >= len(self.content)


def heading_like(content: str, *, allow_colon: bool = False) -> bool:
    """A short line without sentence punctuation at its end, starting with a capital or digit."""
    if not content or len(content) > HEADING_MAX_CHARS or len(content.split()) > HEADING_MAX_WORDS:
        return False
    last = content.rstrip("*_")[-1:] if content.rstrip("*_") else ""
    if last in _SENTENCE_END and not (allow_colon and last == ":"):
        return False
    first = content.lstrip("*_#« \"„“'")[:1]
    return bool(first) and (first.isupper() or first.isdigit()) and any(c.isalpha() for c in content)


def scan_lines(text: str) -> list[Line]:
    """Split ``text`` into classified :class:`Line` records (offsets into ``text``)."""
    out: list[Line] = []
    pos = 0
    in_footnote = False
    for no, raw in enumerate(text.split("\n")):
        stripped = raw.lstrip(" ")
        line = Line(no, pos, pos + len(raw), len(raw) - len(stripped), stripped)
        pos += len(raw) + 1
        if not stripped:
            in_footnote = False
        elif in_footnote or _FOOTNOTE.match(stripped):
            in_footnote = line.footnote = True
        else:
            line.markers = parse_markers(stripped)
            line.md_heading = (
                stripped.startswith("#") and not line.markers and stripped.lstrip("#")[:1] in " "
            )
        out.append(line)
    return out


def hard_wrap_width(lines: list[Line]) -> int | None:
    """The wrap width of a hard-wrapped text (e-mail style), or None if lines are paragraphs."""
    lengths = [ln.indent + len(ln.content) for ln in lines if not ln.blank]
    if len(lengths) < 10:
        return None
    width = max(lengths)
    if width > 110:
        return None
    near = sum(1 for n in lengths if n >= 0.75 * width)
    return width if near >= 0.5 * len(lengths) else None


def starts_paragraph(lines: list[Line], i: int, wrap: int | None) -> bool:
    """Can line ``i`` begin a new item, or is it the wrapped continuation of the line above?"""
    if i == 0 or lines[i - 1].blank:
        return True
    prev = lines[i - 1]
    if prev.marker_only or prev.content.rstrip("*_").endswith(_LINE_END_PUNCT) or prev.md_heading:
        return True
    if wrap is None:
        return True
    return prev.indent + len(prev.content) < 0.75 * wrap


def signature_start(lines: list[Line]) -> int | None:
    """Index of the line where a closing signature block begins, or None.

    A signature block ("Done at Geneva ...", "For the Russian Federation:", "За Україну",
    lines of underscores) sits at the very end: at most 25 short lines follow its first
    line and none of them opens a numbered provision.
    """
    nonblank = [ln for ln in lines if not ln.blank]
    tail = nonblank[-(SIGNATURE_MAX_LINES + 1) :]
    found: int | None = None
    for j in range(len(tail) - 1, -1, -1):
        ln = tail[j]
        if len(ln.content) > SIGNATURE_LINE_CHARS and not _SIG_DONE.match(ln.content):
            break
        if any(not m.bullet for m in ln.markers):
            break
        named = (
            _SIG_NAMED.match(ln.content)
            and len(ln.content) <= 80
            and not ln.content.endswith(".")
            and ln.content.split()[-1][:1].isupper()
        )
        place_date = _SIG_PLACE_DATE.match(ln.content) and len(ln.content) <= 60
        if named or place_date or _SIG_DONE.match(ln.content) or _SIG_LINE.match(ln.content):
            found = ln.no
    return found
