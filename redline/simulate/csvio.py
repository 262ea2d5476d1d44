"""The long CSV of ``redline simulate``: one row per actor and issue (see ``CONTRACTS.md``).

Required columns: ``issue,actor,position,salience,capability`` (position 0-100, salience 0-1 or
0-100 — a file whose saliences exceed 1 is read as 0-100 — capability > 0).  Optional columns:
``status_quo`` (the issue's reference point, the same on every row of the issue or blank) and the
input uncertainty used by the Monte Carlo, on the scale of the column they qualify:
``position_low``/``position_high`` (uniform range) or ``position_sd`` (normal), and the same for
``salience`` and ``capability``.  Errors name the file and line; reading is all or nothing.
"""

from __future__ import annotations

import csv
import io
import math
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from redline.errors import InputError
from redline.simulate.data import Issue
from redline.simulate.uncertainty import FIELDS, Uncertainty

REQUIRED = ("issue", "actor", "position", "salience", "capability")
SPREAD_COLUMNS = tuple(f"{f}_{k}" for f in FIELDS for k in ("low", "high", "sd"))
OPTIONAL = ("status_quo", *SPREAD_COLUMNS)
SCALE = (0.0, 100.0)


@dataclass
class LongTable:
    """The issues of a long CSV, in order of first appearance, with any input uncertainty."""

    issues: list[Issue]
    uncertainty: dict[str, Uncertainty] = field(default_factory=dict)


@dataclass
class _Row:
    line: int
    actor: str
    values: dict[str, float | None]


def _number(text: str, column: str, path: str, line: int, *, required: bool) -> float | None:
    text = text.strip()
    if not text:
        if required:
            raise InputError(f"missing {column}", path=path, line=line)
        return None
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{column} is not a number: {text!r}", path=path, line=line) from None
    if not math.isfinite(value):
        raise InputError(f"{column} must be finite, got {text!r}", path=path, line=line)
    return value


def _read_text(path: str | Path) -> tuple[str, str]:
    name = str(path)
    if name == "-":
        return sys.stdin.read(), "<stdin>"
    try:
        return Path(path).read_text(encoding="utf-8-sig"), name
    except FileNotFoundError:
        raise InputError("file not found", path=name) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=name) from None


def read_long_csv(path: str | Path) -> LongTable:
    """Parse and validate a long CSV (``-`` reads standard input)."""
    text, name = _read_text(path)
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or not any(h.strip() for h in header):
        raise InputError(
            "empty file: expected a header issue,actor,position,salience,capability", path=name, line=1
        )
    columns = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(f"missing column(s): {', '.join(missing)}", path=name, line=1)
    unknown = [c for c in columns if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise InputError(
            f"unknown column(s): {', '.join(unknown)} (allowed: {', '.join(REQUIRED + OPTIONAL)})",
            path=name,
            line=1,
        )
    if len(set(columns)) != len(columns):
        raise InputError("a column appears twice", path=name, line=1)
    col = {c: k for k, c in enumerate(columns)}
    by_issue: dict[str, list[_Row]] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(columns):
            raise InputError(f"expected {len(columns)} fields, found {len(cells)}", path=name, line=line)
        issue, actor = cells[col["issue"]].strip(), cells[col["actor"]].strip()
        if not issue or not actor:
            raise InputError("issue and actor must not be empty", path=name, line=line)
        values = {
            c: _number(cells[col[c]], c, name, line, required=c in REQUIRED)
            for c in columns
            if c not in ("issue", "actor")
        }
        rows = by_issue.setdefault(issue, [])
        if any(r.actor == actor for r in rows):
            raise InputError(f"actor {actor!r} appears twice on issue {issue!r}", path=name, line=line)
        rows.append(_Row(line, actor, values))
    if not by_issue:
        raise InputError("no data rows", path=name)
    sal_scale = (
        100.0 if any((r.values["salience"] or 0) > 1 for rows in by_issue.values() for r in rows) else 1.0
    )
    table = LongTable([])
    for issue_id, rows in by_issue.items():
        for r in rows:
            _check_row(r, sal_scale, name)
        table.issues.append(_issue(issue_id, rows, sal_scale, name))
        spread = _uncertainty(rows, sal_scale)
        if spread is not None:
            table.uncertainty[issue_id] = spread
    return table


def _check_row(r: _Row, sal_scale: float, name: str) -> None:
    v = r.values
    pos, sal, cap = v["position"], v["salience"], v["capability"]
    assert pos is not None and sal is not None and cap is not None
    if not SCALE[0] <= pos <= SCALE[1]:
        raise InputError(f"position {pos:g} is outside 0-100", path=name, line=r.line)
    if not 0 <= sal <= sal_scale:
        raise InputError(f"salience {sal:g} is outside 0-{sal_scale:g}", path=name, line=r.line)
    if cap <= 0:
        raise InputError(f"capability must be > 0, got {cap:g}", path=name, line=r.line)
    sq = v.get("status_quo")
    if sq is not None and not SCALE[0] <= sq <= SCALE[1]:
        raise InputError(f"status_quo {sq:g} is outside 0-100", path=name, line=r.line)
    for f in FIELDS:
        lo, hi, sd = v.get(f"{f}_low"), v.get(f"{f}_high"), v.get(f"{f}_sd")
        if (lo is None) != (hi is None):
            raise InputError(f"give both {f}_low and {f}_high, or neither", path=name, line=r.line)
        if lo is not None and hi is not None and not lo <= v[f] <= hi:  # type: ignore[operator]
            raise InputError(f"{f}_low <= {f} <= {f}_high does not hold", path=name, line=r.line)
        if sd is not None and sd < 0:
            raise InputError(f"{f}_sd must be >= 0", path=name, line=r.line)


def _issue(issue_id: str, rows: list[_Row], sal_scale: float, name: str) -> Issue:
    sqs = {r.values.get("status_quo") for r in rows} - {None}
    if len(sqs) > 1:
        raise InputError(f"issue {issue_id!r} has different status_quo values", path=name, line=rows[0].line)
    return Issue(
        id=issue_id,
        actors=tuple(r.actor for r in rows),
        positions=np.array([r.values["position"] for r in rows], dtype=float),
        saliences=np.array([r.values["salience"] for r in rows], dtype=float) / sal_scale,
        capabilities=np.array([r.values["capability"] for r in rows], dtype=float),
        status_quo=sqs.pop() if sqs else None,
    )


def _uncertainty(rows: list[_Row], sal_scale: float) -> Uncertainty | None:
    if not any(r.values.get(c) is not None for r in rows for c in SPREAD_COLUMNS):
        return None

    def arr(column: str, scale: float) -> np.ndarray:
        return np.array([np.nan if (v := r.values.get(column)) is None else v / scale for r in rows])

    scales = {"position": 1.0, "salience": sal_scale, "capability": 1.0}
    return Uncertainty(
        low={f: arr(f"{f}_low", scales[f]) for f in FIELDS},
        high={f: arr(f"{f}_high", scales[f]) for f in FIELDS},
        sd={f: arr(f"{f}_sd", scales[f]) for f in FIELDS},
    )


def long_csv_text(issues: Sequence[Issue], uncertainty: dict[str, Uncertainty] | None = None) -> str:
    """The long CSV for these issues (saliences written on 0-1)."""
    uncertainty = uncertainty or {}
    with_sq = any(iss.status_quo is not None for iss in issues)
    spread_cols = [c for c in SPREAD_COLUMNS if any(u.column(c) is not None for u in uncertainty.values())]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([*REQUIRED, *(["status_quo"] if with_sq else []), *spread_cols])
    for iss in issues:
        if iss.positions.ndim != 1:
            raise InputError(
                f"issue {iss.id!r} is multi-dimensional; the long CSV holds one dimension per issue"
            )
        u = uncertainty.get(iss.id)
        for k, actor in enumerate(iss.actors):
            row: list[object] = [
                iss.id,
                actor,
                _fmt(iss.positions[k]),
                _fmt(iss.saliences[k]),
                _fmt(iss.capabilities[k]),
            ]
            if with_sq:
                row.append("" if iss.status_quo is None else _fmt(iss.status_quo))
            for c in spread_cols:
                vals = u.column(c) if u is not None else None
                row.append("" if vals is None or np.isnan(vals[k]) else _fmt(vals[k]))
            w.writerow(row)
    return out.getvalue()


def _fmt(v: float) -> str:
    return f"{float(v):.10g}"


def write_long_csv(
    path: str | Path, issues: Sequence[Issue], uncertainty: dict[str, Uncertainty] | None = None
) -> None:
    """Write the long CSV atomically (a temporary file renamed into place, or stdout for ``-``)."""
    text = long_csv_text(issues, uncertainty)
    if str(path) == "-":
        sys.stdout.write(text)
        return
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", path=target) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror}", path=target) from None
