"""Strict parser of a bundle document's body into provisions.

The body format is described in ``docs/case-bundle.md``: a provision starts at a
line whose first non-space characters are a label followed by ``.`` or ``)`` and a
space, or ``- `` for an unnumbered provision; indentation gives the level.  The
parser is deliberately strict and deterministic (unlike the heuristic splitter in
``redline.ingest``) so that provision refs in ``codings.csv`` never shift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redline.errors import InputError

_MARKER = re.compile(
    r"^(?P<indent> *)(?:(?P<label>\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,6}|§ ?\d{1,3})[.)]|(?P<dash>-))[ \t]+(?=\S)"
)
_HEADING = re.compile(r"^#{1,6}\s")


@dataclass(frozen=True)
class BodyProvision:
    """A provision parsed from a bundle body (offsets into the normalised text)."""

    index: int
    label: str | None
    level: int
    parent: int | None
    ref: str
    start: int
    end: int
    line: int

    def text(self, body: str) -> str:
        return body[self.start : self.end]


def normalize_body(text: str) -> str:
    """Line endings to ``\\n``, trailing spaces removed, one final newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [ln.rstrip() for ln in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines) + "\n" if lines else ""


def _level(indent: int) -> int:
    if indent <= 2:
        return 0
    if indent <= 5:
        return 1
    return 2


def parse_body(body: str, *, path: str | None = None, first_line: int = 1) -> list[BodyProvision]:
    """Parse a normalised body into provisions.

    ``first_line`` is the file line number of the body's first line, so errors
    point at the right line of the ``.md`` file.
    """
    starts: list[
        tuple[int, int, str | None, int, int]
    ] = []  # (level, offset_text_start, label, line, line_start)
    boundaries: list[int] = []  # offsets where a heading begins (ends open provisions of every level)
    offset = 0
    for lineno, line in enumerate(body.split("\n"), start=first_line):
        m = _MARKER.match(line)
        if m:
            level = _level(len(m.group("indent")))
            label = None if m.group("dash") else m.group("label").replace(" ", "")
            starts.append((level, offset + m.end(), label, lineno, offset))
        elif _HEADING.match(line):
            boundaries.append(offset)
        offset += len(line) + 1

    provisions: list[BodyProvision] = []
    stack: list[BodyProvision] = []  # open ancestors
    n = len(starts)
    for i, (level, text_start, label, lineno, _line_start) in enumerate(starts):
        while stack and stack[-1].level >= level:
            stack.pop()
        expected_max = stack[-1].level + 1 if stack else 0
        if level > expected_max:
            raise InputError(
                f"provision is indented to level {level} but its parent is at level {expected_max - 1}",
                path=path,
                line=lineno,
            )
        # end: next provision of the same or a lower level, or the next heading, or the text end
        end = len(body)
        for j in range(i + 1, n):
            if starts[j][0] <= level:
                end = starts[j][4]
                break
        for b in boundaries:
            if b > text_start:
                end = min(end, b)
                break
        end = text_start + len(body[text_start:end].rstrip())
        parent = stack[-1] if stack else None
        index = len(provisions) + 1
        if label is None:
            ref = f"#{index}"
        else:
            ref = f"{parent.ref}.{label}" if parent is not None and parent.label is not None else label
        prov = BodyProvision(
            index=index,
            label=label,
            level=level,
            parent=parent.index if parent else None,
            ref=ref,
            start=text_start,
            end=end,
            line=lineno,
        )
        provisions.append(prov)
        stack.append(prov)

    seen: dict[str, int] = {}
    for p in provisions:
        if p.ref in seen:
            raise InputError(
                f"provision ref {p.ref!r} appears twice (first at line {seen[p.ref]})", path=path, line=p.line
            )
        seen[p.ref] = p.line
        if p.end <= p.start:
            raise InputError(f"provision {p.ref!r} has no text", path=path, line=p.line)
    return provisions
