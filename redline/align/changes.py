"""What changed inside a link: numbers, dates, places and organisations, and (same language) the words.

Change kinds (``changes[].kind`` in the compare contract):

- ``number``: a normalised number that differs; ``a``/``b`` are the values ("600000" -> "800000"), ``null`` on
  the side where it is missing; ``unit`` is added when known (``day``, ``year``, ``percent``, ``usd``...), so a
  moved deadline is a number change with unit ``day``.
- ``date``: an ISO date (``2025-12-01``) that differs.
- ``entity``: a place or organisation mentioned on one side only (canonical names, any language).

Numbers are compared as multisets: values on both sides cancel; the rest are paired preferring equal units,
then in reading order.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from redline.align.entities import entities, proper_nouns
from redline.align.numbers import Quantity, extract_quantities


@dataclass(frozen=True)
class Change:
    """One change on a link."""

    kind: str
    a: str | None
    b: str | None
    unit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "a": self.a, "b": self.b}
        if self.unit:
            out["unit"] = self.unit
        return out


def _unmatched(items: list[Quantity], others: list[Quantity]) -> list[Quantity]:
    """The items whose value is not cancelled by an equal value on the other side."""
    available = Counter(q.value for q in others)
    rest = []
    for q in items:
        if available[q.value] > 0:
            available[q.value] -= 1
        else:
            rest.append(q)
    return rest


def _pair_quantities(kind: str, a: list[Quantity], b: list[Quantity]) -> list[Change]:
    a_rest, b_rest = _unmatched(a, b), _unmatched(b, a)
    changes: list[Change] = []
    for qa in list(a_rest):  # same unit first: "100 days" -> "180 days"
        match = next((qb for qb in b_rest if qa.unit and qb.unit == qa.unit), None)
        if match:
            changes.append(Change(kind, qa.value, match.value, qa.unit))
            a_rest.remove(qa)
            b_rest.remove(match)
    for qa, qb in zip(a_rest, b_rest, strict=False):
        changes.append(Change(kind, qa.value, qb.value, qa.unit or qb.unit))
    for qa in a_rest[len(b_rest) :]:
        changes.append(Change(kind, qa.value, None, qa.unit))
    for qb in b_rest[len(a_rest) :]:
        changes.append(Change(kind, None, qb.value, qb.unit))
    return changes


def detect_changes(a_text: str, b_text: str, lang_a: str | None, lang_b: str | None) -> list[Change]:
    """Number, date and entity changes between two linked texts (each may be a joined group)."""
    qa = extract_quantities(a_text, lang_a)
    qb = extract_quantities(b_text, lang_b)
    changes: list[Change] = []
    for kind in ("number", "date"):
        changes += _pair_quantities(
            kind, [q for q in qa if q.kind == kind], [q for q in qb if q.kind == kind]
        )
    ea, eb = entities(a_text), entities(b_text)
    if lang_a and lang_a == lang_b:
        ea |= proper_nouns(a_text, lang_a)
        eb |= proper_nouns(b_text, lang_b)
    changes += [Change("entity", name, None) for name in sorted(ea - eb)]
    changes += [Change("entity", None, name) for name in sorted(eb - ea)]
    return changes


_TOKEN = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?(?!\w)|\w+(?:[-'’]\w+)*|[^\w\s]", re.U)


@dataclass(frozen=True)
class DiffOp:
    """One run of a word diff: ``equal``, ``delete``, ``insert`` or ``replace`` with the text of each side.

    The runs tile the texts: joining every ``a`` (or ``b``) gives the whole text back, spacing included."""

    op: str
    a: str
    b: str


def word_diff(a_text: str, b_text: str) -> list[DiffOp]:
    """Word-level diff for same-language pairs (case-insensitive match, original spelling kept)."""
    ta = [(m.start(), m.end()) for m in _TOKEN.finditer(a_text)]
    tb = [(m.start(), m.end()) for m in _TOKEN.finditer(b_text)]
    wa = [a_text[s:e].lower() for s, e in ta]
    wb = [b_text[s:e].lower() for s, e in tb]
    ops: list[DiffOp] = []
    matcher = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)

    def piece(text: str, spans: list[tuple[int, int]], i: int, j: int) -> str:
        if j <= i:
            return ""
        start = 0 if i == 0 else spans[i][0]
        end = spans[j][0] if j < len(spans) else len(text)
        return text[start:end]

    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        ops.append(DiffOp(tag, piece(a_text, ta, a1, a2), piece(b_text, tb, b1, b2)))
    return ops


def changed_word_share(ops: list[DiffOp]) -> float:
    """Share of content words (3+ letters) that the diff inserts, deletes or replaces, over both sides."""

    def words(s: str) -> int:
        return sum(1 for w in _TOKEN.findall(s) if len(w) >= 3 and w[0].isalpha())

    total = sum(words(op.a) + words(op.b) for op in ops)
    changed = sum(words(op.a) + words(op.b) for op in ops if op.op != "equal")
    return changed / total if total else 0.0
