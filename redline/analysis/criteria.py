"""Red lines and criteria sets: does a document respect, violate or not address them?

- A **red line** of an actor on a dimension (``max`` and/or ``min``) is *violated* by a
  document whose position lies beyond it, *respected* if within, *not addressed* if the
  document has no position on the dimension.
- A **criterion** holds a list of conditions.  A document *fails* it if any addressed
  condition is violated; *passes* if every condition is addressed and holds; otherwise
  (some conditions not addressed, none violated) it does *not address* it fully.
Every verdict lists the provisions (with quotes) that decide it.
"""

from __future__ import annotations

import pandas as pd

from redline.analysis.data import CaseData
from redline.analysis.positions import explain_position, position_matrix


def _check(value: float, lo: float | None, hi: float | None) -> bool:
    return bool((lo is None or value >= lo) and (hi is None or value <= hi))


def red_lines(data: CaseData, documents: list[str] | None = None) -> dict:
    mat = position_matrix(data)
    docs = [d for d in data.documents if d.kind != "strategy" and (documents is None or d.id in documents)]
    out = []
    for d in docs:
        verdicts = []
        for rl in data.red_lines:
            v = mat.loc[d.id, rl["dimension"]] if rl["dimension"] in mat.columns else float("nan")
            if pd.isna(v):
                status, evidence = "not addressed", []
            else:
                status = "respected" if _check(v, rl["min"], rl["max"]) else "violated"
                evidence = explain_position(data, d.id, rl["dimension"])
            verdicts.append(
                {
                    "actor": rl["actor"],
                    "dimension": rl["dimension"],
                    "min": rl["min"],
                    "max": rl["max"],
                    "position": None if pd.isna(v) else round(float(v), 2),
                    "status": status,
                    "note": rl["note"],
                    "provisions": evidence,
                }
            )
        out.append(
            {
                "document": d.id,
                "title": d.title,
                "date": d.date.isoformat() if d.date else None,
                "actor": d.actor,
                "red_lines": verdicts,
                "violated": sorted(
                    {f"{x['actor']}:{x['dimension']}" for x in verdicts if x["status"] == "violated"}
                ),
            }
        )
    return {"case": data.case_id, "documents": out}


def criteria(data: CaseData, criterion_set: str | None = None, documents: list[str] | None = None) -> dict:
    mat = position_matrix(data)
    sets = [s for s in data.criterion_sets if criterion_set is None or s["id"] == criterion_set]
    if criterion_set is not None and not sets:
        from redline.errors import NotFoundError

        raise NotFoundError(f"no criterion set {criterion_set!r} in case {data.case_id!r}")
    docs = [d for d in data.documents if d.kind != "strategy" and (documents is None or d.id in documents)]
    result = []
    for s in sets:
        rows = []
        for d in docs:
            verdicts = []
            for c in s["criteria"]:
                conds = []
                for cond in c["conditions"]:
                    dim = cond["dimension"]
                    v = mat.loc[d.id, dim] if dim in mat.columns else float("nan")
                    ok = None if pd.isna(v) else _check(v, cond.get("min"), cond.get("max"))
                    conds.append(
                        {
                            "dimension": dim,
                            "min": cond.get("min"),
                            "max": cond.get("max"),
                            "position": None if pd.isna(v) else round(float(v), 2),
                            "holds": ok,
                            "provisions": [] if ok is None else explain_position(data, d.id, dim),
                        }
                    )
                if any(x["holds"] is False for x in conds):
                    status = "fail"
                elif conds and all(x["holds"] for x in conds):
                    status = "pass"
                else:
                    status = "not addressed"
                verdicts.append(
                    {"criterion": c["id"], "name": c["name"], "status": status, "conditions": conds}
                )
            rows.append(
                {
                    "document": d.id,
                    "title": d.title,
                    "date": d.date.isoformat() if d.date else None,
                    "actor": d.actor,
                    "criteria": verdicts,
                }
            )
        result.append(
            {
                "id": s["id"],
                "name": s["name"],
                "source": s["source"],
                "criteria": [
                    {
                        "id": c["id"],
                        "name": c["name"],
                        "definition": c["definition"],
                        "passes_if": c["passes_if"],
                    }
                    for c in s["criteria"]
                ],
                "documents": rows,
            }
        )
    return {"case": data.case_id, "criterion_sets": result}
