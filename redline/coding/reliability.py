"""Inter-coder agreement: Krippendorff's alpha (interval, ordinal), percent agreement, disagreements.

Units are (document, provision, dimension) triples of documents coded by at least
two coders (the case's primary/adjudicating coder is excluded: its values are the
adjudicated result, not an independent coding).  A coder who did not code a unit
that another coder coded contributes a missing value; alpha uses only units with
at least two values (``units`` counts those), as Krippendorff's alpha prescribes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import krippendorff
import numpy as np
from sqlalchemy.orm import Session

from redline.coding.codings import list_codings
from redline.store import models as m


def _alpha(matrix: np.ndarray, level: str) -> float | None:
    vals = matrix[~np.isnan(matrix)]
    pairable = (np.sum(~np.isnan(matrix), axis=0) >= 2).sum()
    if pairable == 0 or len(np.unique(vals)) < 2:
        return None  # undefined: no variation or nothing pairable
    domain = np.unique(vals)
    a = krippendorff.alpha(reliability_data=matrix, level_of_measurement=level, value_domain=domain)
    return None if np.isnan(a) else round(float(a), 4)


def _percent(matrix: np.ndarray) -> float | None:
    agree = total = 0
    for col in matrix.T:
        v = col[~np.isnan(col)]
        if len(v) >= 2:
            total += 1
            agree += int(np.all(v == v[0]))
    return round(agree / total, 4) if total else None


def reliability(
    session: Session, case_id: str, *, coders: list[str] | None = None, documents: list[str] | None = None
) -> dict[str, Any]:
    """Agreement report in the JSON shape of ``redline reliability`` (see CONTRACTS.md).

    ``coders`` / ``documents``: only these coders / documents (ids); default all coders other than the
    primary one, on every document that at least two of them coded.
    """
    case = session.get(m.Case, case_id)
    if case is None:
        from redline.errors import NotFoundError

        raise NotFoundError(f"no case {case_id!r}")
    rows = [c for c in list_codings(session, case_id) if c.coder != case.primary_coder]
    if coders:
        rows = [c for c in rows if c.coder in coders]
    if documents:
        known = {d.key for d in case.documents}
        unknown = sorted(set(documents) - known)
        if unknown:
            from redline.errors import NotFoundError

            raise NotFoundError(f"no document {unknown[0]!r} in case {case_id!r}")
        rows = [c for c in rows if c.provision.document.key in documents]
    by_doc: dict[int, set[str]] = defaultdict(set)
    for c in rows:
        by_doc[c.provision.document_id].add(c.coder)
    docs = {d for d, cs in by_doc.items() if len(cs) >= 2}
    rows = [c for c in rows if c.provision.document_id in docs and c.dimension.kind == "position"]
    coder_list = sorted({c.coder for c in rows})
    units: dict[tuple[str, int, str], dict[str, float]] = defaultdict(dict)
    meta: dict[tuple[str, int, str], m.Coding] = {}
    dim_order = {d.key: d.position for d in case.dimensions}
    for c in rows:
        key = (c.provision.document.key, c.provision.index, c.dimension.key)
        units[key][c.coder] = c.value
        meta.setdefault(key, c)
    ordered = sorted(units, key=lambda k: (meta[k].provision.document.position, k[1], dim_order[k[2]]))

    def matrix(keys: list[tuple[str, int, str]]) -> np.ndarray:
        mat = np.full((len(coder_list), len(keys)), np.nan)
        for j, k in enumerate(keys):
            for i, coder in enumerate(coder_list):
                if coder in units[k]:
                    mat[i, j] = units[k][coder]
        return mat

    def pairable(keys: list[tuple[str, int, str]]) -> int:
        return sum(1 for k in keys if len(units[k]) >= 2)

    full = matrix(ordered)
    overall = {
        "alpha_interval": _alpha(full, "interval"),
        "alpha_ordinal": _alpha(full, "ordinal"),
        "percent_agreement": _percent(full),
        "units": pairable(ordered),
    }
    dimensions = []
    for d in case.dimensions:
        keys = [k for k in ordered if k[2] == d.key]
        if not keys:
            continue
        mat = matrix(keys)
        dimensions.append(
            {
                "id": d.key,
                "alpha_interval": _alpha(mat, "interval"),
                "alpha_ordinal": _alpha(mat, "ordinal"),
                "percent_agreement": _percent(mat),
                "units": pairable(keys),
                "coded_units": len(keys),
            }
        )
    disagreements = []
    for k in ordered:
        vals = units[k]
        if len(set(vals.values())) > 1 or len(vals) < len(coder_list):
            c = meta[k]
            disagreements.append(
                {
                    "document": k[0],
                    "label": c.provision.ref,
                    "issue": k[2],
                    "values": {coder: vals.get(coder) for coder in coder_list},
                }
            )
    return {
        "case": case_id,
        "coders": coder_list,
        "documents": len(docs),
        "overall": overall,
        "dimensions": dimensions,
        "disagreements": disagreements,
    }
