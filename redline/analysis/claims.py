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
from redline.analysis.movement import Measures, maximal_demand
from redline.analysis.positions import doc_weights, index_of, interval


def _compare(x: float | None, y: float | None, expect: str) -> bool | None:
    if expect == "dropped":
        if x is None or pd.isna(x):
            return None
        return y is None or pd.isna(y) or x > y
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
        "no-fall": x >= y,
    }[expect]


def shortfall(
    data: CaseData, row: pd.Series, profile: pd.Series, dims: list[str], doc: str, side: int
) -> float:
    """Salience-weighted mean of how far ``row`` falls short of ``profile`` toward ``side`` (+1 = max end)."""
    w = doc_weights(data, data.doc(doc), dims)
    vals = [max(0.0, side * (profile[d] - row[d])) for d in dims]
    ws = [w[d] for d in dims]
    return float(sum(v * x for v, x in zip(vals, ws, strict=True)) / sum(ws))


def _closest(
    data: CaseData, mat: pd.DataFrame, a: str, among: list[str], target: str
) -> tuple[float | None, float]:
    """Worst case over the other documents of (a's shortfall - b's shortfall) on the dimensions a, b and the
    target's maximal demand all address; <= 0 means a is at least as close to the demand as every other."""
    prof = maximal_demand(data, target, mat)
    if prof is None:
        return None, 0.0
    side = 1 if float(prof.dropna().mean()) >= 50 else -1
    worst = None
    for b in among:
        if b == a:
            continue
        dims = [
            d
            for d in mat.columns
            if not (pd.isna(mat.loc[a, d]) or pd.isna(mat.loc[b, d]) or pd.isna(prof[d]))
        ]
        if not dims:
            continue
        diff = shortfall(data, mat.loc[a], prof, dims, a, side) - shortfall(
            data, mat.loc[b], prof, dims, b, side
        )
        worst = diff if worst is None else max(worst, diff)
    return worst, 0.0


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
                return _closest(data, mat, cl["a"], cl["among"], cl["target"]) + (
                    f"shortfall from {cl['target']}'s maximal demand: {cl['a']} minus each other document, "
                    "like for like (worst case)",
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
            expect = "not-greater"
        diff_samples = []
        for s in meas.samples:
            sx, sy, _ = measure(s)
            diff_samples.append(None if sx is None or sy is None else sx - sy)
        iv = interval(diff_samples)
        if expect == "dropped":
            held = [_compare(*measure(smp)[:2], expect) for smp in meas.samples]
            iv = None
        holds = (
            _compare(x, y, expect) if kind != "movement" else _compare(x, None if x is None else 0, expect)
        )
        if expect == "no-fall" and holds is False and iv is not None:
            holds = iv[1] >= 0  # the fall is within measurement uncertainty
        robust = None
        if expect == "dropped" and holds is not None:
            robust = bool(held) and all(h for h in held)
        elif iv is not None and holds is not None:
            lo, hi = iv
            robust = {
                "greater": lo > 0,
                "toward-max": lo > 0,
                "less": hi < 0,
                "toward-min": hi < 0,
                "not-less": lo >= 0,
                "no-fall": lo >= 0,
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


def claims_markdown(report: dict[str, Any]) -> str:
    """The claims report as a Markdown table (used in the README; a test keeps them in step)."""

    def fmt(v: Any) -> str:
        if v is None:
            return "not addressed"
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, list | tuple):
            return f"[{v[0]:g}, {v[1]:g}]"
        return f"{v:g}" if isinstance(v, float | int) else str(v)

    lines = [
        "| finding of the seed | measured | value | compared with | 95% interval of the difference | holds | robust |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in report["claims"]:
        interval_text = fmt(c["interval"]) if c["interval"] is not None else "–"
        lines.append(
            f"| {c['text']} | {c['measure']} | {fmt(c['value'])} | {fmt(c['compared_with'])} | {interval_text} "
            f"| {fmt(c['holds'])} | {fmt(c['robust'])} |"
        )
    return "\n".join(lines) + "\n"
