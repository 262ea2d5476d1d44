"""Coding consistency: near-identical provisions of different documents that are coded differently.

Drafts of one negotiation repeat each other: the same clause reappears, reworded or unchanged, in the
next version, the counter-proposal and the joint text.  A coder who codes such a clause in one draft and
leaves its twin uncoded, or gives it a value several anchored levels away, makes positions, drift and
distances disagree for no reason in the texts.  :func:`find_inconsistencies` lists those pairs for
review (it decides nothing):

- **coded once**: a dimension is coded on one provision and not on its twin (a coded parent counts for
  its sub-points, as in the measures);
- **values differ**: both are coded on the dimension, more than ``max_levels`` anchored levels apart.

Twins are pairs of provisions of different coded documents whose own texts (a parent's lead-in, see
:func:`redline.coding.suggest_store.own_texts`) have a cosine similarity of at least ``min_similarity``
in the multilingual embedding (e5 + USE).  A pair may differ for a good reason (a number changed, a
condition added): the list is for a coder to look at, with both texts side by side.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from redline.errors import NotFoundError
from redline.store import models as m


@dataclass(frozen=True)
class Side:
    document: str
    ref: str
    text: str
    value: float | None  # None: not coded on the dimension
    inherited: bool  # the value comes from the parent provision's coding


@dataclass(frozen=True)
class Inconsistency:
    kind: str  # "coded-once" | "values-differ"
    dimension: str
    similarity: float
    a: Side
    b: Side
    levels_apart: int | None = None

    def as_dict(self) -> dict:
        def side(s: Side) -> dict:
            return {
                "document": s.document,
                "provision": s.ref,
                "value": s.value,
                "inherited": s.inherited,
                "text": s.text,
            }

        return {
            "kind": self.kind,
            "dimension": self.dimension,
            "similarity": self.similarity,
            "levels_apart": self.levels_apart,
            "a": side(self.a),
            "b": side(self.b),
        }


@dataclass(frozen=True)
class _Unit:
    document: str
    ref: str
    text: str
    own: dict[str, float]
    inherited: dict[str, float]


def _units(session: Session, case: m.Case, kind: str) -> list[_Unit]:
    from redline.coding.suggest import lead_in
    from redline.coding.suggest_store import own_texts

    rows = session.execute(
        select(m.Coding.provision_id, m.Dimension.key, m.Coding.value)
        .join(m.Dimension, m.Coding.dimension_id == m.Dimension.id)
        .where(
            m.Dimension.case_id == case.id,
            m.Dimension.kind == kind,
            m.Coding.coder == case.primary_coder,
            m.Coding.deleted.is_(False),
        )
    ).all()
    coded: dict[int, dict[str, float]] = defaultdict(dict)
    for pid, dim, value in rows:
        coded[pid][dim] = value
    out = []
    for doc in case.documents:
        if not any(p.id in coded for p in doc.provisions):
            continue  # an uncoded document is not a coding decision
        owns = own_texts([(p.index, p.parent_index, p.start, p.end, p.text) for p in doc.provisions])
        by_index = {p.index: p for p in doc.provisions}
        for p in doc.provisions:
            inherited: dict[str, float] = {}
            parent = p.parent_index
            while parent is not None:  # the nearest coded ancestor stands for its sub-points
                for dim, value in coded.get(by_index[parent].id, {}).items():
                    inherited.setdefault(dim, value)
                parent = by_index[parent].parent_index
            out.append(_Unit(doc.key, p.ref, lead_in(owns[p.index]), dict(coded.get(p.id, {})), inherited))
    return out


def _level(levels: list[float], value: float) -> int:
    return int(np.argmin([abs(v - value) for v in levels]))


def find_inconsistencies(
    session: Session,
    case_id: str,
    *,
    min_similarity: float = 0.9,
    max_levels: int = 1,
    kind: str = "position",
    encoder=None,  # type: ignore[no-untyped-def]
) -> list[Inconsistency]:
    """Pairs of near-identical provisions coded differently (see the module docstring), most similar first."""
    from redline.align.cache import embed
    from redline.align.encoders import default_encoder
    from redline.align.persist import DBEmbeddingCache

    case = session.get(m.Case, case_id)
    if case is None:
        raise NotFoundError(f"no case {case_id!r}")
    levels = {d.key: [lv.value for lv in d.levels] for d in case.dimensions if d.kind == kind}
    units = _units(session, case, kind)
    if len(units) < 2:
        return []
    enc = encoder or default_encoder()
    if hasattr(enc, "for_languages"):
        enc = enc.for_languages(*{d.language for d in case.documents})
    x = embed(enc, [u.text for u in units], DBEmbeddingCache(session))
    sims = x @ x.T
    docs = np.array([u.document for u in units])
    close = np.argwhere((sims >= min_similarity) & (docs[:, None] != docs[None, :]))
    out: list[Inconsistency] = []
    for i, j in close[close[:, 0] < close[:, 1]]:
        a, b = units[i], units[j]
        sim = round(float(sims[i, j]), 3)
        for dim in sorted(set(a.own) | set(b.own)):
            va, vb = a.own.get(dim, a.inherited.get(dim)), b.own.get(dim, b.inherited.get(dim))
            side_a = Side(a.document, a.ref, a.text, va, dim not in a.own and va is not None)
            side_b = Side(b.document, b.ref, b.text, vb, dim not in b.own and vb is not None)
            if va is None or vb is None:
                out.append(Inconsistency("coded-once", dim, sim, side_a, side_b))
            elif dim in levels:
                apart = abs(_level(levels[dim], va) - _level(levels[dim], vb))
                if apart > max_levels:
                    out.append(Inconsistency("values-differ", dim, sim, side_a, side_b, apart))
    return sorted(out, key=lambda r: (-r.similarity, r.a.document, r.a.ref, r.dimension))
