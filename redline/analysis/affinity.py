"""Strategic affinity of strategy documents from their frame codings.

- **Frame profile** of a document: for each frame, the strongest coded passage
  (0-3; a frame with no coded passage counts as 0, absent).
- **Affinity** of two documents: ``1 - mean |a_f - b_f| / 3`` over all frames
  (1 = identical profiles, 0 = opposite).  Restricted to ``frames`` when given, e.g.
  the frames the seed names as shared.
- **Shared frames**: frames both documents carry with strength ≥ 2, with the passages
  (quotes) that carry them in each document.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from redline.analysis.data import CaseData
from redline.analysis.positions import unit_table

FRAME_MAX = 3.0
SHARED_MIN = 2


def frame_profiles(
    data: CaseData, documents: list[str] | None = None, coder: str | None = None
) -> pd.DataFrame:
    frames = [f.id for f in data.frame_dims]
    units = unit_table(data, coder, kind="frame")
    docs = documents or [d.id for d in data.documents if d.kind == "strategy"]
    prof = pd.DataFrame(0.0, index=docs, columns=frames)
    for (doc, frame), g in units.groupby(["document", "dimension"]):
        if doc in prof.index:
            prof.loc[doc, frame] = float(g["value"].max())
    return prof


def affinity_matrix(profiles: pd.DataFrame, frames: list[str] | None = None) -> pd.DataFrame:
    p = profiles[frames] if frames else profiles
    docs = list(p.index)
    out = pd.DataFrame(np.nan, index=docs, columns=docs)
    for a in docs:
        for b in docs:
            out.loc[a, b] = round(1 - float(np.mean(np.abs(p.loc[a] - p.loc[b]))) / FRAME_MAX, 4)
    return out


def passages(
    data: CaseData, document: str, frame: str, min_strength: float = 1, coder: str | None = None
) -> list:
    units = unit_table(data, coder, kind="frame")
    g = units[
        (units["document"] == document) & (units["dimension"] == frame) & (units["value"] >= min_strength)
    ]
    return [{"provision": r.ref, "strength": r.value, "quote": r.quote} for r in g.itertuples()]


def affinity_report(
    data: CaseData, documents: list[str] | None = None, frames: list[str] | None = None
) -> dict:
    prof = frame_profiles(data, documents)
    mat = affinity_matrix(prof, frames)
    docs = list(prof.index)
    shared = []
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            common = [
                f for f in prof.columns if prof.loc[a, f] >= SHARED_MIN and prof.loc[b, f] >= SHARED_MIN
            ]
            shared.append(
                {
                    "a": a,
                    "b": b,
                    "affinity": float(mat.loc[a, b]),
                    "shared_frames": [
                        {
                            "frame": f,
                            "a": passages(data, a, f, SHARED_MIN),
                            "b": passages(data, b, f, SHARED_MIN),
                        }
                        for f in common
                    ],
                }
            )
    actors: dict[str, list[str]] = {}
    for d in data.documents:
        if d.id in docs and d.actor:
            actors.setdefault(d.actor, []).append(d.id)
    actor_prof = pd.DataFrame({a: prof.loc[ds].max() for a, ds in actors.items()}).T
    actor_mat = affinity_matrix(actor_prof, frames) if len(actor_prof) else pd.DataFrame()
    return {
        "case": data.case_id,
        "frames": [{"id": f.id, "name": f.name} for f in data.frame_dims if not frames or f.id in frames],
        "documents": [{"id": d, "profile": {f: float(v) for f, v in prof.loc[d].items()}} for d in docs],
        "matrix": {a: {b: float(mat.loc[a, b]) for b in docs} for a in docs},
        "actors": {a: {b: float(actor_mat.loc[a, b]) for b in actor_mat.columns} for a in actor_mat.index},
        "pairs": shared,
    }
