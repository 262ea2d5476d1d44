"""Cut text into plain and highlighted pieces, so templates can mark evidence and search hits.

Templates insert each piece as escaped text inside or outside ``<mark>``: the text itself is never
trusted as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    text: str
    marks: tuple[str, ...] = ()  # labels of the spans covering the piece (empty = plain)


def pieces(text: str, offset: int, spans: Iterable[tuple[int, int, str]]) -> list[Piece]:
    """Split ``text`` (which starts at document offset ``offset``) at the spans' boundaries.

    ``spans`` are (start, end, label) in document offsets; overlapping spans are allowed.
    """
    end = offset + len(text)
    clipped = [(max(s, offset), min(e, end), label) for s, e, label in spans if s < end and e > offset]
    cuts = sorted({offset, end, *(s for s, _, _ in clipped), *(e for _, e, _ in clipped)})
    out: list[Piece] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        labels = tuple(label for s, e, label in clipped if s <= a and e >= b)
        out.append(Piece(text[a - offset : b - offset], labels))
    return out or [Piece(text)]


def own_end(index: int, start: int, end: int, children_starts: Sequence[int]) -> int:
    """Where a provision's own text ends: at its first sub-point (its text includes the sub-points)."""
    later = [s for s in children_starts if s > start]
    return min(later) if later else end


def term_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int, str]]:
    """Case-insensitive occurrences of search terms (offsets into ``text``)."""
    spans = []
    for term in terms:
        if not term:
            continue
        for m in re.finditer(re.escape(term), text, flags=re.IGNORECASE):
            spans.append((m.start(), m.end(), term))
    return spans
