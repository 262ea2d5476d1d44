"""Check a case's stated findings (claims) against its codings.

Each claim of ``case.yaml`` (see :class:`redline.cases.schema.ClaimSpec`) names documents, a
measure and an expectation; :func:`check_claims` computes the measure with its bootstrap
interval and says whether the claim holds on the point estimate, and whether it holds
*robustly* (the whole interval on the expected side).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from redline.analysis.affinity import affinity_matrix, frame_profiles
from redline.analysis.data import CaseData
from redline.analysis.movement import Measures, _profile_pair, maximal_demand
from redline.analysis.positions import doc_weights, index_of, interval


def _compare(x: float | None, y: float | None, expect: str) -> bool | None:
    if x is None or y is None or pd.isna(x) or pd.isna(y):
        return None
    return {
        "greater": x > y,
        "less": x < y,
        "not-less": x >= y,
        "not-greater": x <= y,
        "equal": abs(x - y) < 1e-9,
        "toward-max": x > 0,
        "toward-min": x < 0,
    }[expect]


def check_claims(
    data: CaseData, claims: list[dict[str, Any]] | None = None, replicates: int = 400
) -> dict[str, Any]:
    """Evaluate ``claims`` (default: the case's own) with point estimates and bootstrap intervals."""
    claims = data.claims if claims is None else claims
    meas = Measures(data, replicates)
    out = []
    for cl in claims:
        kind, expect = cl["kind"], cl.get("expect", "greater")

        def measure(mat: pd.DataFrame, cl: dict = cl) -> tuple[float | None, float | None, str]:
            k = cl["kind"]
            if k == "movement":
                from redline.analysis.movement import _pair

                v, shared = _pair(data, mat, cl["a"], cl["b"], signed=True)
                return v, 0.0, f"movement {cl['a']} → {cl['b']} over {len(shared)} shared dimensions"
            if k == "position":
                x = mat.loc[cl["a"], cl["dimension"]]
                y = mat.loc[cl["b"], cl["dimension"]] if cl.get("b") else cl.get("value")
                return (
                    (None if pd.isna(x) else float(x)),
                    (None if y is None or pd.isna(y) else float(y)),
                    f"{cl['dimension']}: {cl['a']} vs {cl.get('b') or cl.get('value')}",
                )
            if k == "index":
                xa = index_of(mat.loc[cl["a"]], doc_weights(data, data.doc(cl["a"]), mat.columns))
                xb = index_of(mat.loc[cl["b"]], doc_weights(data, data.doc(cl["b"]), mat.columns))
                return xa, xb, f"index {cl['a']} vs {cl['b']}"
            if k == "closest":
                prof = maximal_demand(data, cl["target"], mat)
                dists = {d: _profile_pair(data, mat.loc[d], prof, data.doc(d))[0] for d in cl["among"]}
                others = [v for d, v in dists.items() if d != cl["a"] and v is not None]
                return (
                    dists.get(cl["a"]),
                    (min(others) if others else None),
                    f"distance to {cl['target']}'s maximal demand: {cl['a']} vs the closest other",
                )
            raise ValueError(k)

        if kind == "affinity":
            prof = frame_profiles(data, [cl["a"], cl["b"], cl["c"]])
            mat = affinity_matrix(prof, cl.get("frames") or None)
            x, y = float(mat.loc[cl["a"], cl["b"]]), float(mat.loc[cl["a"], cl["c"]])
            holds = _compare(x, y, expect)
            out.append(
                {
                    "id": cl["id"],
                    "text": cl["text"],
                    "source": cl.get("source", ""),
                    "kind": kind,
                    "measure": f"affinity({cl['a']}, {cl['b']}) vs affinity({cl['a']}, {cl['c']})",
                    "value": round(x, 4),
                    "compared_with": round(y, 4),
                    "expect": expect,
                    "holds": holds,
                    "interval": None,
                    "robust": holds,
                }
            )
            continue
        x, y, label = measure(meas.matrix)
        if kind == "closest":
            expect = "less"
        diff_samples = []
        for s in meas.samples:
            sx, sy, _ = measure(s)
            diff_samples.append(None if sx is None or sy is None else sx - sy)
        iv = interval(diff_samples)
        holds = (
            _compare(x, y, expect) if kind != "movement" else _compare(x, None if x is None else 0, expect)
        )
        robust = None
        if iv is not None and holds is not None:
            lo, hi = iv
            robust = {
                "greater": lo > 0,
                "toward-max": lo > 0,
                "less": hi < 0,
                "toward-min": hi < 0,
                "not-less": lo >= 0,
                "not-greater": hi <= 0,
                "equal": lo == hi == 0,
            }[expect]
        out.append(
            {
                "id": cl["id"],
                "text": cl["text"],
                "source": cl.get("source", ""),
                "kind": kind,
                "measure": label,
                "value": None if x is None else round(float(x), 2),
                "compared_with": None if y is None else round(float(y), 2),
                "expect": expect,
                "holds": holds,
                "interval": iv,
                "robust": robust,
            }
        )
    return {
        "case": data.case_id,
        "claims": out,
        "summary": {
            "claims": len(out),
            "hold": sum(1 for c in out if c["holds"]),
            "robust": sum(1 for c in out if c["robust"]),
        },
    }
