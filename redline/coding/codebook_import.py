"""Import a codebook (REFI-QDA ``.qdc``, CSV or JSON) into a case: a new codebook version.

A team edits the codebook where it works (a QDA tool that opened the ``.qdc`` export, a spreadsheet with
the CSV) and brings it back.  The import **merges** by dimension id:

- a dimension in the file and in the case is updated: name, category, description and its anchored
  levels (matched by value: labels, descriptions and examples updated, new values added, missing values
  removed);
- a dimension only in the file is added (with its category, created if new);
- a dimension only in the case is kept: a codebook file need not list all of them, and deleting one
  would orphan its codings.  Saliences and red lines are not part of these formats and stay as they are.

Refused, with the file named and nothing written: a level whose value existing codings use cannot be
removed (re-code first), a dimension that has codings cannot change its kind, levels must lie on the
scale (positions on the case's scale, frames 0-3) and be distinct, at least two per dimension.

If anything changed, the case's codebook version goes up by one; codings made from then on record the
new version (:func:`redline.coding.codings.add_coding`), older ones keep theirs.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from redline.cases.loader import load_case
from redline.cases.schema import FRAME_MAX
from redline.coding.codebook import from_qdc
from redline.errors import InputError
from redline.store import models as m

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CSV_COLUMNS = ("dimension", "value", "label")


@dataclass
class DimensionChange:
    dimension: str
    fields: list[str] = field(default_factory=list)  # name, category, description
    levels_added: list[float] = field(default_factory=list)
    levels_changed: list[float] = field(default_factory=list)
    levels_removed: list[float] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.levels_added or self.levels_changed or self.levels_removed)


@dataclass
class CodebookImport:
    case: str
    version_before: int
    version: int
    added: list[str] = field(default_factory=list)
    updated: list[DimensionChange] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # in the case, not in the file
    categories_added: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "version_before": self.version_before,
            "version": self.version,
            "changed": self.version != self.version_before,
            "dry_run": self.dry_run,
            "added": self.added,
            "categories_added": self.categories_added,
            "updated": [vars(c) for c in self.updated],
            "kept": self.kept,
        }


def _from_csv(text: str, source: str) -> dict[str, Any]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in _CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"codebook CSV lacks the column(s) {', '.join(missing)}", path=source)
    dims: dict[str, dict[str, Any]] = {}
    for line, row in enumerate(reader, start=2):
        key = (row.get("dimension") or "").strip()
        try:
            value = float(row["value"])
        except (TypeError, ValueError):
            raise InputError(f"value {row.get('value')!r} is not a number", path=source, line=line) from None
        d = dims.setdefault(
            key,
            {
                "id": key,
                "name": (row.get("name") or key).strip(),
                "kind": (row.get("kind") or "position").strip(),
                "category": (row.get("category") or "").strip() or None,
                "description": None,  # the CSV export has no dimension description: keep the case's
                "levels": [],
                "_line": line,
            },
        )
        d["levels"].append(
            {
                "value": value,
                "label": (row.get("label") or "").strip(),
                "description": (row.get("description") or "").strip(),
                "example": (row.get("example") or "").strip(),
            }
        )
    return {"categories": [], "dimensions": list(dims.values())}


def read_codebook_file(path: Path) -> dict[str, Any]:
    """Categories and dimensions from a ``.qdc``, ``.csv`` or ``.json`` codebook file."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".qdc", ".csv", ".json"):
        raise InputError("use a .qdc, .csv or .json codebook file", path=source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the codebook: {exc.strerror}", path=source) from None
    if suffix == ".qdc":
        return from_qdc(data, source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the codebook is not UTF-8 text", path=source) from None
    if suffix == ".csv":
        return _from_csv(text, source)
    if suffix == ".json":
        try:
            book = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc.msg}", path=source, line=exc.lineno) from None
        if not isinstance(book, dict) or not isinstance(book.get("dimensions"), list):
            raise InputError("a JSON codebook needs a list of 'dimensions'", path=source)
        return book
    raise AssertionError(suffix)  # pragma: no cover - checked above


def _validate(d: dict[str, Any], scale: dict, source: str) -> None:
    key = d.get("id") or ""
    where = f"dimension {key!r}"
    if not _KEY.match(key):
        raise InputError(
            f"{where}: ids are lower-case letters, digits and '-'", path=source, line=d.get("_line")
        )
    if d.get("kind", "position") not in ("position", "frame"):
        raise InputError(f"{where}: kind must be position or frame", path=source, line=d.get("_line"))
    levels = d.get("levels") or []
    values = [float(lv["value"]) for lv in levels]
    if len(values) < 2:
        raise InputError(
            f"{where}: at least two anchored levels are needed", path=source, line=d.get("_line")
        )
    if len(set(values)) != len(values):
        raise InputError(f"{where}: two levels have the same value", path=source, line=d.get("_line"))
    lo, hi = (0, FRAME_MAX) if d.get("kind") == "frame" else (scale.get("min", 0), scale.get("max", 100))
    outside = [v for v in values if not lo <= v <= hi]
    if outside:
        raise InputError(
            f"{where}: level {outside[0]:g} outside the scale {lo:g}-{hi:g}", path=source, line=d.get("_line")
        )
    if any(not str(lv.get("label") or "").strip() for lv in levels):
        raise InputError(f"{where}: every level needs a label", path=source, line=d.get("_line"))


def _used_values(session: Session, dim: m.Dimension) -> dict[float, int]:
    rows = session.execute(
        select(m.Coding.value, func.count())
        .where(m.Coding.dimension_id == dim.id, m.Coding.deleted.is_(False))
        .group_by(m.Coding.value)
    ).all()
    return {float(v): int(n) for v, n in rows}


def _merge_levels(dim: m.Dimension, levels: list[dict], change: DimensionChange) -> None:
    current = {float(lv.value): lv for lv in dim.levels}
    wanted = {float(lv["value"]): lv for lv in levels}
    for value, lv in current.items():
        if value not in wanted:
            change.levels_removed.append(value)
            dim.levels.remove(lv)
    for value, new in sorted(wanted.items()):
        texts = {k: str(new.get(k) or "").strip() for k in ("label", "description", "example")}
        if value not in current:
            change.levels_added.append(value)
            dim.levels.append(m.ScaleLevel(value=value, **texts))
            continue
        lv = current[value]
        if (lv.label, lv.description, lv.example) != (texts["label"], texts["description"], texts["example"]):
            change.levels_changed.append(value)
            lv.label, lv.description, lv.example = texts["label"], texts["description"], texts["example"]


def import_codebook(
    session: Session, case_id: str, book: dict[str, Any], *, source: str = "codebook", dry_run: bool = False
) -> CodebookImport:
    """Merge ``book`` (as read by :func:`read_codebook_file`) into the case; see the module docstring.

    Raises :class:`InputError` (nothing changed) for a file that would break existing codings.
    With ``dry_run`` the changes are computed and reported but rolled back.
    """
    case = load_case(session, case_id)
    result = CodebookImport(case.id, case.codebook_version, case.codebook_version, dry_run=dry_run)
    dims = book.get("dimensions") or []
    if not dims:
        raise InputError("the codebook file has no dimensions", path=source)
    seen: set[str] = set()
    for d in dims:
        _validate(d, case.scale, source)
        if d["id"] in seen:
            raise InputError(f"dimension {d['id']!r} appears twice", path=source, line=d.get("_line"))
        seen.add(d["id"])
    category_names = {c["id"]: c.get("name") or c["id"] for c in book.get("categories") or []}
    existing = {d.key: d for d in case.dimensions}
    categories = {c.key for c in case.categories}
    with session.begin_nested() as savepoint:
        for d in dims:
            cat = d.get("category")
            if cat and cat not in categories:
                case.categories.append(
                    m.Category(key=cat, name=category_names.get(cat, cat), position=len(case.categories))
                )
                categories.add(cat)
                result.categories_added.append(cat)
            dim = existing.get(d["id"])
            if dim is None:
                new = m.Dimension(
                    key=d["id"],
                    name=d.get("name") or d["id"],
                    kind=d.get("kind") or "position",
                    category_key=cat,
                    description=d.get("description") or "",
                    position=len(case.dimensions),
                )
                case.dimensions.append(new)
                _merge_levels(new, d["levels"], DimensionChange(d["id"]))
                result.added.append(d["id"])
                continue
            used = _used_values(session, dim)
            if (d.get("kind") or "position") != dim.kind and used:
                raise InputError(
                    f"dimension {dim.key!r} has codings and cannot change its kind to {d.get('kind')!r}",
                    path=source,
                    line=d.get("_line"),
                )
            change = DimensionChange(dim.key)
            for attr, key in (("name", "name"), ("category_key", "category"), ("description", "description")):
                value = d.get(key)
                if key not in d or (value is None and key != "category"):
                    continue  # not in this format (CSV has no dimension description); category None = top level
                if getattr(dim, attr) != value:
                    setattr(dim, attr, value)
                    change.fields.append(key)
            _merge_levels(dim, d["levels"], change)
            lost = {v: used[v] for v in change.levels_removed if v in used}
            if lost:
                value, n = next(iter(sorted(lost.items())))
                raise InputError(
                    f"dimension {dim.key!r}: level {value:g} is removed but {n} coding(s) use it; "
                    "re-code them first or keep the level",
                    path=source,
                    line=d.get("_line"),
                )
            if change:
                result.updated.append(change)
        result.kept = [k for k in existing if k not in seen]
        if result.added or result.updated or result.categories_added:
            case.codebook_version += 1
            result.version = case.codebook_version
        session.flush()
        if dry_run:
            savepoint.rollback()
    if dry_run:
        session.expire_all()
    return result
