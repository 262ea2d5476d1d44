"""Reader for the DEU III reference file (EU legislative issues with known outcomes).

The file (``../shared/data/bargaining/deu3.tsv``, described in that folder's README) is
tab-separated and quoted: a header line, a line of capabilities (GDP), then one row per issue.
Columns 13-42 hold the positions of 30 actors (Commission, Parliament, 28 member states; empty
where the actor took no position), 43-72 their saliences (0-100), 73 the reference point and 74
the outcome.  An actor with a position but no salience is kept with salience 0, so it takes no
weight in any model (the convention that reproduces the README's reference figures).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from redline.errors import InputError
from redline.simulate.data import Issue

POSITION_COLUMNS = range(13, 43)
SALIENCE_COLUMNS = range(43, 73)
REFERENCE_COLUMN = 73
OUTCOME_COLUMN = 74


@dataclass(frozen=True)
class DeuCase:
    """One DEU issue with its known outcome."""

    issue: Issue
    outcome: float
    voting_rule: str


def _num(text: str) -> float | None:
    text = text.strip()
    return float(text) if text not in ("", "NA") else None


def load_deu(path: str | Path, *, equal_capabilities: bool = False) -> list[DeuCase]:
    """The issues of the DEU file that have an outcome, in file order."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh, delimiter="\t"))
    except OSError as exc:
        raise InputError(f"cannot read the DEU file: {exc.strerror}", path=path) from exc
    if len(rows) < 3 or len(rows[0]) <= OUTCOME_COLUMN:
        raise InputError("not a DEU III file (expected header, capability line and issues)", path=path)
    header = rows[0]
    actors = [header[k][1:] for k in POSITION_COLUMNS]  # "pcom" -> "com"
    caps_line = rows[1]
    capabilities = np.array([_num(caps_line[k]) or 0.0 for k in POSITION_COLUMNS])
    if equal_capabilities:
        capabilities = np.ones_like(capabilities)
    cases = []
    for line_no, row in enumerate(rows[2:], start=3):
        if len(row) <= OUTCOME_COLUMN:
            raise InputError(
                f"expected {OUTCOME_COLUMN + 1} columns, found {len(row)}", path=path, line=line_no
            )
        outcome = _num(row[OUTCOME_COLUMN])
        if outcome is None:
            continue
        names, pos, sal, cap = [], [], [], []
        for a, (pk, sk) in enumerate(zip(POSITION_COLUMNS, SALIENCE_COLUMNS, strict=True)):
            p = _num(row[pk])
            if p is None:
                continue
            names.append(actors[a])
            pos.append(p)
            sal.append((_num(row[sk]) or 0.0) / 100.0)
            cap.append(capabilities[a])
        issue = Issue(
            id=row[4] or f"line{line_no}",
            actors=tuple(names),
            positions=np.array(pos),
            saliences=np.array(sal),
            capabilities=np.array(cap),
            status_quo=_num(row[REFERENCE_COLUMN]),
        )
        cases.append(DeuCase(issue, outcome, row[8]))
    return cases
