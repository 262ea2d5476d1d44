"""Document positions per dimension, the position index, and their bootstrap intervals.

Rules (documented in ``docs/measures.md``):

- **Which codings**: the case's primary coder (``final``) unless another coder is named.
- **Several provisions on one dimension**: a coded parent provision stands for its
  sub-points (its coding is the coder's judgement of the whole point, e.g. two sub-points
  that only together reach the highest anchor), so sub-points of a parent coded on the
  same dimension are skipped; the document's position is the confidence-weighted mean of
  the remaining provisions' values.
- **Not addressed** (no coding on the dimension) is ``None``, never 0.
- **Index**: the salience-weighted mean of a document's positions over the dimensions
  it addresses; weights are the author actor's saliences (the mean over co-authors
  where there are several; 1 where the case gives none).
- **Intervals**: a bootstrap that resamples, per document and dimension, the coded
  provisions (with replacement) and, per provision, one of the coders who coded it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

import numpy as np
import pandas as pd

from redline.analysis.data import CaseData, DocInfo

DEFAULT_REPLICATES = 400


def unit_table(data: CaseData, coder: str | None = None, kind: str = "position") -> pd.DataFrame:
    """Codings of one coder on one kind of dimension, minus sub-points whose parent is coded on it."""
    df = data.codings
    df = df[(df["kind"] == kind) & (df["coder"] == (coder or data.primary_coder))]
    return drop_covered_children(df, data.parents)


def drop_covered_children(
    df: pd.DataFrame, parents: dict[tuple[str, int], int | None] | None = None
) -> pd.DataFrame:
    """Drop rows whose provision has a coded ancestor on the same dimension (same document and coder).

    A coding of a parent provision is the coder's judgement of the whole point (for example two
    sub-points that together reach the highest anchor), so it stands for its sub-points.
    """
    if df.empty:
        return df
    parent_of = dict(parents or {})
    for d, p, par in zip(df["document"], df["provision"], df["parent"], strict=True):
        parent_of.setdefault((d, p), None if pd.isna(par) else int(par))
    coded = set(zip(df["document"], df["provision"], df["dimension"], df["coder"], strict=True))
    mask = []
    for doc, prov, dim, coder in zip(
        df["document"], df["provision"], df["dimension"], df["coder"], strict=True
    ):
        par = parent_of.get((doc, prov))
        covered = False
        seen = 0
        while par is not None and not pd.isna(par) and seen < 10:
            par = int(par)
            if (doc, par, dim, coder) in coded:
                covered = True
                break
            par = parent_of.get((doc, par))
            seen += 1
        mask.append(not covered)
    return df[mask]


def _weighted(values: np.ndarray, weights: np.ndarray) -> float:
    w = np.where(weights > 0, weights, 1e-9)
    return float(np.sum(values * w) / np.sum(w))


def position_matrix(data: CaseData, coder: str | None = None) -> pd.DataFrame:
    """Documents (rows, date order) × position dimensions (columns); NaN = not addressed."""
    units = unit_table(data, coder)
    cols = [d.id for d in data.position_dims]
    out = pd.DataFrame(np.nan, index=[d.id for d in data.documents], columns=cols)
    for (doc, dim), g in units.groupby(["document", "dimension"]):
        out.loc[doc, dim] = _weighted(g["value"].to_numpy(float), g["confidence"].to_numpy(float))
    return out


def doc_weights(data: CaseData, doc: DocInfo, dims: Iterable[str]) -> dict[str, float]:
    """Salience weights for a document's index: its author (and co-authors') saliences."""
    authors = [a for a in (doc.actor,) if a]
    out = {}
    for dim in dims:
        vals = [data.salience[(a, dim)] for a in authors if (a, dim) in data.salience]
        out[dim] = float(np.mean(vals)) if vals else 1.0
    return out


def index_of(row: pd.Series, weights: dict[str, float]) -> float | None:
    addressed = row.dropna()
    if addressed.empty:
        return None
    w = np.array([weights[d] for d in addressed.index])
    return round(_weighted(addressed.to_numpy(float), w), 2)


def document_indices(data: CaseData, matrix: pd.DataFrame | None = None) -> dict[str, float | None]:
    matrix = position_matrix(data) if matrix is None else matrix
    return {d.id: index_of(matrix.loc[d.id], doc_weights(data, d, matrix.columns)) for d in data.documents}


def bootstrap_matrices(
    data: CaseData, replicates: int = DEFAULT_REPLICATES, seed: int = 20250212
) -> list[pd.DataFrame]:
    """Position matrices resampled over provisions and coders (see :func:`bootstrap_cube`)."""
    cube = bootstrap_cube(data, replicates, seed)
    rows, cols = [d.id for d in data.documents], [d.id for d in data.position_dims]
    return [pd.DataFrame(cube[r], index=rows, columns=cols) for r in range(replicates)]


def bootstrap_cube(data: CaseData, replicates: int = DEFAULT_REPLICATES, seed: int = 20250212) -> np.ndarray:
    """Resampled position matrices as one array (replicates x documents x dimensions; see module docstring).

    Each (document, dimension) cell draws from its own random stream, seeded by ``seed`` and the
    cell's name, so a cell's interval does not change when codings elsewhere in the case change.
    """
    df = data.codings[data.codings["kind"] == "position"]
    df = drop_covered_children(df, data.parents)
    primary = df[df["coder"] == data.primary_coder].sort_values(["document", "dimension", "provision"])
    # all coders' values per (document, provision, dimension) where the primary coder coded the unit
    all_vals = df.groupby(["document", "provision", "dimension"])["value"].apply(
        lambda s: np.sort(s.to_numpy(float))
    )
    cols = [d.id for d in data.position_dims]
    rows = [d.id for d in data.documents]
    out_cube = np.full((replicates, len(rows), len(cols)), np.nan)
    row_of, col_of = {r: i for i, r in enumerate(rows)}, {c: j for j, c in enumerate(cols)}
    for (doc, dim), g in primary.groupby(["document", "dimension"]):
        rng = np.random.default_rng([seed, zlib.crc32(f"{doc}|{dim}".encode())])
        provs = g["provision"].to_numpy()
        conf = g["confidence"].to_numpy(float)
        choices = [all_vals.get((doc, p, dim), np.array([v])) for p, v in zip(provs, g["value"], strict=True)]
        n = len(choices)
        width = max(len(c) for c in choices)
        padded = np.array([np.resize(c, width) for c in choices])  # cycles values to a common width
        counts = np.array([len(c) for c in choices])
        idx = rng.integers(0, n, (replicates, n))
        pick = (rng.random((replicates, n)) * counts[idx]).astype(int)
        vals = padded[idx, pick]
        w = np.where(conf[idx] > 0, conf[idx], 1e-9)
        out_cube[:, row_of[doc], col_of[dim]] = (vals * w).sum(1) / w.sum(1)
    return out_cube


def interval(samples: Iterable[float | None], level: float = 0.95) -> tuple[float, float] | None:
    vals = np.array([s for s in samples if s is not None and not np.isnan(s)], dtype=float)
    if len(vals) == 0:
        return None
    lo, hi = np.percentile(vals, [(1 - level) / 2 * 100, (1 + level) / 2 * 100])
    return round(float(lo), 2), round(float(hi), 2)


def positions_contract(data: CaseData, kinds: set[str] | None = None) -> dict:
    """The JSON of ``redline positions`` (CONTRACTS.md); documents of the given kinds."""
    matrix = position_matrix(data)
    indices = document_indices(data, matrix)
    docs = [d for d in data.documents if kinds is None or d.kind in kinds]
    return {
        "case": data.case_id,
        "scale": {
            "min": data.scale.get("min", 0),
            "max": data.scale.get("max", 100),
            "min_means": data.scale.get("min_means", ""),
            "max_means": data.scale.get("max_means", ""),
        },
        "issues": [{"id": d.id, "name": d.name} for d in data.position_dims],
        "documents": [
            {
                "id": d.id,
                "title": d.title,
                "date": d.date.isoformat() if d.date else None,
                "actor": d.actor,
                "positions": {
                    c: (None if pd.isna(v) else round(float(v), 2)) for c, v in matrix.loc[d.id].items()
                },
                "index": indices[d.id],
            }
            for d in docs
        ],
    }


def explain_position(data: CaseData, document: str, dimension: str, coder: str | None = None) -> list[dict]:
    """The provisions and quotes behind one document position (after the parent rule)."""
    units = unit_table(data, coder)
    g = units[(units["document"] == document) & (units["dimension"] == dimension)]
    return [
        {
            "provision": r.ref,
            "value": r.value,
            "confidence": r.confidence,
            "quote": r.quote,
            "evidence_start": int(r.evidence_start),
            "evidence_end": int(r.evidence_end),
        }
        for r in g.itertuples()
    ]
