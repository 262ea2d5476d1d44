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

Every measure is computed by one vectorised function over an array of position
matrices: the point estimate on the coded matrix, the interval on the bootstrap
replicates (:func:`redline.analysis.positions.bootstrap_cube`) in the same call.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from redline.analysis.data import CaseData, DocInfo
from redline.analysis.positions import bootstrap_cube, doc_weights, interval, position_matrix


def _pair(
    data: CaseData, mat: pd.DataFrame, a: str, b: str, signed: bool = False
) -> tuple[float | None, list[str]]:
    """Distance (or signed movement) between two documents of one position matrix."""
    ra, rb = mat.loc[a], mat.loc[b]
    shared = [d for d in mat.columns if not (pd.isna(ra[d]) or pd.isna(rb[d]))]
    if not shared:
        return None, []
    wa, wb = doc_weights(data, data.doc(a), shared), doc_weights(data, data.doc(b), shared)
    w = np.array([(wa[d] + wb[d]) / 2 for d in shared])
    diff = np.array([rb[d] - ra[d] for d in shared], dtype=float)
    val = diff if signed else np.abs(diff)
    return float(np.sum(val * w) / np.sum(w)), shared


def maximal_demand(data: CaseData, actor: str, mat: pd.DataFrame) -> pd.Series | None:
    docs = [d for d in data.documents if d.id in data.actors.get(actor, {}).get("maximal_demand", [])]
    if not docs:
        return None
    profile = pd.Series(np.nan, index=mat.columns)
    for d in docs:  # date order: later overrides
        row = mat.loc[d.id]
        profile[row.notna()] = row[row.notna()]
    return profile


def _wmean(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mean over the last axis ignoring NaN values; NaN where nothing is left."""
    mask = ~np.isnan(values)
    num = np.where(mask, values * weights, 0.0).sum(-1)
    den = np.where(mask, weights, 0.0).sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _merge(rows: np.ndarray) -> np.ndarray:
    """Carry forward: (N, docs, K) in date order -> (N, K), later non-NaN values override earlier ones."""
    out = np.full(rows.shape[0:1] + rows.shape[2:], np.nan)
    for i in range(rows.shape[1]):
        out = np.where(np.isnan(rows[:, i]), out, rows[:, i])
    return out


class Measures:
    """Point estimates and bootstrap intervals of the movement measures of one case."""

    def __init__(self, data: CaseData, replicates: int = 400, seed: int = 20250212) -> None:
        self.data = data
        self.matrix = position_matrix(data)
        self.cols = list(self.matrix.columns)
        self.row = {r: i for i, r in enumerate(self.matrix.index)}
        self.point = self.matrix.to_numpy(float)[None]  # (1, docs, K)
        self.cube = bootstrap_cube(data, replicates, seed) if replicates else None

    @cached_property
    def samples(self) -> list[pd.DataFrame]:
        """The bootstrap replicates as DataFrames (for measures not vectorised here)."""
        if self.cube is None:
            return []
        return [pd.DataFrame(c, index=self.matrix.index, columns=self.cols) for c in self.cube]

    # -------------------------------------------------------------- vectorised building blocks

    def _weights(self, doc: str) -> np.ndarray:
        w = doc_weights(self.data, self.data.doc(doc), self.cols)
        return np.array([w[c] for c in self.cols])

    def _both(self, fn) -> tuple[float | None, tuple[float, float] | None]:  # type: ignore[no-untyped-def]
        """Apply ``fn`` (arrays of matrices -> one value per matrix) to the point and the replicates."""
        point = float(fn(self.point)[0])
        point_v = None if np.isnan(point) else point
        iv = interval(fn(self.cube).tolist()) if self.cube is not None and point_v is not None else None
        return point_v, iv

    def _pair_fn(self, a: str, b: str, signed: bool):  # type: ignore[no-untyped-def]
        ia, ib = self.row[a], self.row[b]
        w = (self._weights(a) + self._weights(b)) / 2

        def fn(x: np.ndarray) -> np.ndarray:
            d = x[:, ib] - x[:, ia]
            return _wmean(d if signed else np.abs(d), w)

        return fn

    def _profile(self, x: np.ndarray, actor: str) -> np.ndarray | None:
        docs = [
            d.id
            for d in self.data.documents
            if d.id in self.data.actors.get(actor, {}).get("maximal_demand", [])
        ]
        if not docs:
            return None
        return _merge(x[:, [self.row[d] for d in docs]])

    # -------------------------------------------------------------- measures

    def distance(self, a: str, b: str) -> dict:
        self.data.doc(a), self.data.doc(b)
        shared = _pair(self.data, self.matrix, a, b)[1]
        point, iv = self._both(self._pair_fn(a, b, signed=False))
        return {
            "a": a,
            "b": b,
            "distance": _r(point),
            "interval": iv,
            "dimensions": len(shared),
            "shared": shared,
        }

    def concession(self, a: str, b: str) -> dict:
        """Signed movement from document a to b over shared dimensions (+ = toward the scale max)."""
        shared = _pair(self.data, self.matrix, a, b, signed=True)[1]
        point, iv = self._both(self._pair_fn(a, b, signed=True))
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
        targets = [a for a in self.data.actors if self._profile(self.point, a) is not None]
        out = []
        prev: DocInfo | None = None
        for d in docs:
            i, w = self.row[d.id], self._weights(d.id)
            idx, idx_iv = self._both(lambda x, i=i, w=w: _wmean(x[:, i], w))
            to_max = {}
            for a in targets:

                def dist(x: np.ndarray, a: str = a, i: int = i, w: np.ndarray = w) -> np.ndarray:
                    return _wmean(np.abs(x[:, i] - self._profile(x, a)), w)

                point, iv = self._both(dist)
                prof = self._profile(self.point, a)[0]
                n = int(np.sum(~np.isnan(self.point[0, i]) & ~np.isnan(prof)))
                to_max[a] = {"distance": _r(point), "interval": iv, "dimensions": n}
            out.append(
                {
                    "document": d.id,
                    "title": d.title,
                    "date": d.date.isoformat() if d.date else None,
                    "role": "author" if d.actor == actor else "co-author",
                    "addressed": int(self.matrix.loc[d.id].notna().sum()),
                    "index": None if idx is None else round(idx, 2),
                    "index_interval": idx_iv,
                    "distance_to_maximal_demand": to_max,
                    "concession": self.concession(prev.id, d.id) if prev is not None else None,
                }
            )
            prev = d
        return {"case": self.data.case_id, "actor": actor, "documents": out}

    def _latest_fn(self, actor: str, before, carry_forward: bool):  # type: ignore[no-untyped-def]
        docs = [d for d in self.actor_documents(actor) if before is None or (d.date and d.date <= before)]
        if not docs:
            return None
        idx = [self.row[d.id] for d in docs]
        if not carry_forward:
            return lambda x: x[:, idx[-1]]
        return lambda x: _merge(x[:, idx])

    def latest(self, actor: str, before=None, carry_forward: bool = False):  # type: ignore[no-untyped-def]
        """An actor's latest position (optionally carrying earlier stated positions forward)."""
        fn = self._latest_fn(actor, before, carry_forward)
        return None if fn is None else pd.Series(fn(self.point)[0], index=self.cols)

    def _actor_pair(self, a: str, b: str, before, carry_forward: bool):  # type: ignore[no-untyped-def]
        fa, fb = self._latest_fn(a, before, carry_forward), self._latest_fn(b, before, carry_forward)
        if fa is None or fb is None:
            return None, []
        w = np.array(
            [
                (self.data.salience.get((a, c), 1.0) + self.data.salience.get((b, c), 1.0)) / 2
                for c in self.cols
            ]
        )
        pa, pb = fa(self.point)[0], fb(self.point)[0]
        shared = [c for c, x, y in zip(self.cols, pa, pb, strict=True) if not (np.isnan(x) or np.isnan(y))]
        return (lambda x: _wmean(np.abs(fa(x) - fb(x)), w)), shared

    def actor_distance(self, a: str, b: str, before=None, carry_forward: bool = True) -> dict:  # type: ignore[no-untyped-def]
        """Salience-weighted distance between two actors' latest positions (shared dimensions only)."""
        for actor in (a, b):
            if actor not in self.data.actors:
                from redline.errors import NotFoundError

                raise NotFoundError(f"no actor or document {actor!r} in case {self.data.case_id!r}")
        fn, shared = self._actor_pair(a, b, before, carry_forward)
        point, iv = self._both(fn) if fn is not None and shared else (None, None)
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
            fn, shared = self._actor_pair(a, b, dt_, carry_forward)
            if fn is None or not shared:
                continue
            point, iv = self._both(fn)
            out.append(
                {"date": dt_.isoformat(), "distance": _r(point), "interval": iv, "dimensions": len(shared)}
            )
        return out


def _r(v: float | None) -> float | None:
    return None if v is None or pd.isna(v) else round(float(v), 2)
