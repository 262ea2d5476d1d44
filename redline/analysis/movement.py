"""Distances, drift, concessions and convergence, each with a bootstrap interval.

- **Distance** between two documents: the salience-weighted mean absolute difference
  over the dimensions *both* address (``dimensions`` reports how many), weights the
  mean of the two documents' salience weights.  0 = identical, 100 = opposite ends.
- **Maximal demand** of an actor: its ``maximal_demand`` documents merged in date
  order (a later document overrides an earlier one on the dimensions it addresses).
- **Drift** of an actor: its documents (authored or co-authored) in date order, each
  with its index, its distance to every actor's maximal demand, and the concession
  from the previous document: the salience-weighted mean signed change over the
  dimensions both address (positive = toward the scale's max, i.e. toward the
  actor whose maximal demand sits there).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from redline.analysis.data import CaseData, DocInfo
from redline.analysis.positions import (
    bootstrap_matrices,
    doc_weights,
    index_of,
    interval,
    position_matrix,
)


def _pair(
    data: CaseData, mat: pd.DataFrame, a: str, b: str, signed: bool = False
) -> tuple[float | None, list[str]]:
    ra, rb = mat.loc[a], mat.loc[b]
    shared = [d for d in mat.columns if not (pd.isna(ra[d]) or pd.isna(rb[d]))]
    if not shared:
        return None, []
    wa, wb = doc_weights(data, data.doc(a), shared), doc_weights(data, data.doc(b), shared)
    w = np.array([(wa[d] + wb[d]) / 2 for d in shared])
    diff = np.array([rb[d] - ra[d] for d in shared], dtype=float)
    val = diff if signed else np.abs(diff)
    return float(np.sum(val * w) / np.sum(w)), shared


def _profile_pair(
    data: CaseData, row: pd.Series, profile: pd.Series, doc: DocInfo
) -> tuple[float | None, int]:
    shared = [d for d in row.index if not (pd.isna(row[d]) or pd.isna(profile.get(d, np.nan)))]
    if not shared:
        return None, 0
    w = doc_weights(data, doc, shared)
    ws = np.array([w[d] for d in shared])
    diff = np.abs(np.array([row[d] - profile[d] for d in shared], dtype=float))
    return float(np.sum(diff * ws) / np.sum(ws)), len(shared)


def maximal_demand(data: CaseData, actor: str, mat: pd.DataFrame) -> pd.Series | None:
    docs = [d for d in data.documents if d.id in data.actors.get(actor, {}).get("maximal_demand", [])]
    if not docs:
        return None
    profile = pd.Series(np.nan, index=mat.columns)
    for d in docs:  # date order: later overrides
        row = mat.loc[d.id]
        profile[row.notna()] = row[row.notna()]
    return profile


class Measures:
    """Point estimates and bootstrap intervals of the movement measures of one case."""

    def __init__(self, data: CaseData, replicates: int = 400, seed: int = 20250212) -> None:
        self.data = data
        self.matrix = position_matrix(data)
        self.samples = bootstrap_matrices(data, replicates, seed) if replicates else []

    def _both(self, fn):  # type: ignore[no-untyped-def]
        point = fn(self.matrix)
        return point, interval(fn(s) for s in self.samples) if self.samples else None

    def distance(self, a: str, b: str) -> dict:
        self.data.doc(a), self.data.doc(b)
        point, shared = _pair(self.data, self.matrix, a, b)
        _, iv = self._both(lambda m: _pair(self.data, m, a, b)[0])
        return {
            "a": a,
            "b": b,
            "distance": _r(point),
            "interval": iv,
            "dimensions": len(shared),
            "shared": shared,
        }

    def actor_documents(self, actor: str, include_co: bool = True) -> list[DocInfo]:
        return [
            d
            for d in self.data.documents
            if (d.actor == actor or (include_co and actor in d.co_actors)) and d.kind != "strategy"
        ]

    def drift(self, actor: str, include_co: bool = True) -> dict:
        if actor not in self.data.actors:
            from redline.errors import NotFoundError

            raise NotFoundError(f"no actor {actor!r} in case {self.data.case_id!r}")
        docs = self.actor_documents(actor, include_co)
        targets = {a: maximal_demand(self.data, a, self.matrix) for a in self.data.actors}
        targets = {a: p for a, p in targets.items() if p is not None}
        out = []
        prev: DocInfo | None = None
        for d in docs:
            w = doc_weights(self.data, d, self.matrix.columns)
            idx, idx_iv = self._both(lambda m, d=d, w=w: index_of(m.loc[d.id], w))
            to_max = {}
            for a in targets:

                def dist(m, a=a, d=d):  # type: ignore[no-untyped-def]
                    prof = maximal_demand(self.data, a, m)
                    return None if prof is None else _profile_pair(self.data, m.loc[d.id], prof, d)[0]

                point, iv = self._both(dist)
                n = _profile_pair(self.data, self.matrix.loc[d.id], targets[a], d)[1]
                to_max[a] = {"distance": _r(point), "interval": iv, "dimensions": n}
            entry = {
                "document": d.id,
                "title": d.title,
                "date": d.date.isoformat() if d.date else None,
                "role": "author" if d.actor == actor else "co-author",
                "addressed": int(self.matrix.loc[d.id].notna().sum()),
                "index": idx,
                "index_interval": idx_iv,
                "distance_to_maximal_demand": to_max,
                "concession": None,
            }
            if prev is not None:
                entry["concession"] = self.concession(prev.id, d.id)
            out.append(entry)
            prev = d
        return {"case": self.data.case_id, "actor": actor, "documents": out}

    def concession(self, a: str, b: str) -> dict:
        """Signed movement from document a to b over shared dimensions (+ = toward the scale max)."""
        point, shared = _pair(self.data, self.matrix, a, b, signed=True)
        _, iv = self._both(lambda m: _pair(self.data, m, a, b, signed=True)[0])
        ra, rb = self.matrix.loc[a], self.matrix.loc[b]
        moves = [
            {"dimension": dim, "from": _r(ra[dim]), "to": _r(rb[dim]), "change": _r(rb[dim] - ra[dim])}
            for dim in shared
            if rb[dim] != ra[dim]
        ]
        return {
            "from": a,
            "to": b,
            "movement": _r(point),
            "interval": iv,
            "dimensions": len(shared),
            "toward": None if not point else ("max" if point > 0 else "min"),
            "moves": moves,
        }

    def latest(self, actor: str, before=None, carry_forward: bool = False, mat: pd.DataFrame | None = None):  # type: ignore[no-untyped-def]
        """An actor's latest position (optionally carrying earlier stated positions forward)."""
        mat = self.matrix if mat is None else mat
        docs = [d for d in self.actor_documents(actor) if before is None or (d.date and d.date <= before)]
        if not docs:
            return None
        if not carry_forward:
            return mat.loc[docs[-1].id]
        prof = pd.Series(np.nan, index=mat.columns)
        for d in docs:
            row = mat.loc[d.id]
            prof[row.notna()] = row[row.notna()]
        return prof

    def _actor_pair(self, mat: pd.DataFrame, a: str, b: str, before, carry_forward: bool):  # type: ignore[no-untyped-def]
        pa, pb = self.latest(a, before, carry_forward, mat), self.latest(b, before, carry_forward, mat)
        if pa is None or pb is None:
            return None, []
        shared = [d for d in pa.index if not (pd.isna(pa[d]) or pd.isna(pb[d]))]
        if not shared:
            return None, []
        w = np.array(
            [(self.data.salience.get((a, d), 1.0) + self.data.salience.get((b, d), 1.0)) / 2 for d in shared]
        )
        diff = np.abs(np.array([pa[d] - pb[d] for d in shared], dtype=float))
        return float(np.sum(diff * w) / np.sum(w)), shared

    def actor_distance(self, a: str, b: str, before=None, carry_forward: bool = True) -> dict:  # type: ignore[no-untyped-def]
        """Salience-weighted distance between two actors' latest positions (shared dimensions only)."""
        for actor in (a, b):
            if actor not in self.data.actors:
                from redline.errors import NotFoundError

                raise NotFoundError(f"no actor or document {actor!r} in case {self.data.case_id!r}")
        point, shared = self._actor_pair(self.matrix, a, b, before, carry_forward)
        _, iv = self._both(lambda m: self._actor_pair(m, a, b, before, carry_forward)[0])
        return {
            "a": a,
            "b": b,
            "distance": _r(point),
            "interval": iv,
            "dimensions": len(shared),
            "shared": shared,
            "carry_forward": carry_forward,
        }

    def convergence(self, a: str, b: str, carry_forward: bool = False) -> list[dict]:
        """Salience-weighted distance between two actors' latest positions at each date either issued a
        document (with bootstrap intervals); a falling distance means convergence."""
        dates = sorted({d.date for d in self.actor_documents(a) + self.actor_documents(b) if d.date})
        out = []
        for dt_ in dates:
            point, shared = self._actor_pair(self.matrix, a, b, dt_, carry_forward)
            if not shared:
                continue
            _, iv = self._both(lambda m, dt_=dt_: self._actor_pair(m, a, b, dt_, carry_forward)[0])
            out.append(
                {"date": dt_.isoformat(), "distance": _r(point), "interval": iv, "dimensions": len(shared)}
            )
        return out


def _r(v: float | None) -> float | None:
    return None if v is None or pd.isna(v) else round(float(v), 2)
