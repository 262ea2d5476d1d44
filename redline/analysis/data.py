"""Load a case's codings and metadata into plain tables for the measures.

The measures in :mod:`redline.analysis` are pure functions over a :class:`CaseData`
(pandas DataFrames + small dicts), so they are easy to test and to reuse from the
CLI, the web app and reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from redline.cases.loader import load_case
from redline.store import models as m

CODING_COLUMNS = [
    "document",
    "provision",
    "ref",
    "level",
    "parent",
    "dimension",
    "kind",
    "coder",
    "value",
    "confidence",
    "quote",
    "evidence_start",
    "evidence_end",
]


@dataclass(frozen=True)
class DocInfo:
    id: str
    title: str
    date: dt.date | None
    actor: str | None
    co_actors: tuple[str, ...]
    kind: str
    status: str
    reliability: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class DimInfo:
    id: str
    name: str
    kind: str
    category: str | None
    levels: tuple[tuple[float, str], ...]


@dataclass
class CaseData:
    """Everything the measures need about one case."""

    case_id: str
    title: str
    scale: dict
    primary_coder: str
    documents: list[DocInfo]  # in date order
    dimensions: list[DimInfo]  # in codebook order
    actors: dict[str, dict]  # id -> {name, capability, maximal_demand}
    salience: dict[tuple[str, str], float]  # (actor, dimension) -> 0-1
    codings: pd.DataFrame  # one row per (non-deleted) coding, CODING_COLUMNS
    red_lines: list[dict] = field(default_factory=list)
    criterion_sets: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    parents: dict[tuple[str, int], int | None] = field(default_factory=dict)  # (document, index) -> parent
    translations: dict[str, dict] = field(default_factory=dict)  # language -> names (see localize.py)

    def doc(self, key: str) -> DocInfo:
        for d in self.documents:
            if d.id == key:
                return d
        from redline.errors import NotFoundError

        raise NotFoundError(f"no document {key!r} in case {self.case_id!r}")

    @property
    def position_dims(self) -> list[DimInfo]:
        return [d for d in self.dimensions if d.kind == "position"]

    @property
    def frame_dims(self) -> list[DimInfo]:
        return [d for d in self.dimensions if d.kind == "frame"]


def load_case_data(session: Session, case_id: str) -> CaseData:
    """Read a case from the database into a :class:`CaseData`."""
    case = load_case(session, case_id)
    docs = sorted(case.documents, key=lambda d: (d.date is None, d.date, d.position))
    documents = [
        DocInfo(
            d.key,
            d.title,
            d.date,
            d.actor_key,
            tuple(d.co_actors),
            d.kind,
            d.status,
            d.reliability,
            tuple(s.get("url", "") for s in d.sources),
        )
        for d in docs
    ]
    dims = [
        DimInfo(d.key, d.name, d.kind, d.category_key, tuple((lv.value, lv.label) for lv in d.levels))
        for d in case.dimensions
    ]
    salience = {(s.actor_key, d.key): s.value for d in case.dimensions for s in d.saliences}
    actors = {
        a.key: {"name": a.name, "capability": a.capability, "maximal_demand": list(a.maximal_demand)}
        for a in case.actors
    }
    rows = session.execute(
        select(m.Coding, m.Provision, m.Document.key, m.Dimension.key, m.Dimension.kind)
        .join(m.Provision, m.Coding.provision_id == m.Provision.id)
        .join(m.Document, m.Provision.document_id == m.Document.id)
        .join(m.Dimension, m.Coding.dimension_id == m.Dimension.id)
        .where(m.Document.case_id == case_id, m.Coding.deleted.is_(False))
        .options(selectinload(m.Coding.provision))
    ).all()
    records = [
        {
            "document": dkey,
            "provision": p.index,
            "ref": p.ref,
            "level": p.level,
            "parent": p.parent_index,
            "dimension": dim_key,
            "kind": kind,
            "coder": c.coder,
            "value": c.value,
            "confidence": c.confidence,
            "quote": c.quote,
            "evidence_start": c.evidence_start,
            "evidence_end": c.evidence_end,
        }
        for c, p, dkey, dim_key, kind in rows
    ]
    codings = pd.DataFrame.from_records(records, columns=CODING_COLUMNS)
    red_lines = [
        {
            "actor": r.actor_key,
            "dimension": r.dimension_key,
            "min": r.min_value,
            "max": r.max_value,
            "note": r.note,
            "source": r.source,
        }
        for r in case.red_lines
    ]
    criterion_sets = [
        {
            "id": s.key,
            "name": s.name,
            "source": s.source,
            "criteria": [
                {
                    "id": c.key,
                    "name": c.name,
                    "definition": c.definition,
                    "passes_if": c.passes_if,
                    "conditions": c.conditions,
                }
                for c in s.criteria
            ],
        }
        for s in case.criterion_sets
    ]
    return CaseData(
        case.id,
        case.title,
        dict(case.scale),
        case.primary_coder,
        documents,
        dims,
        actors,
        salience,
        codings,
        red_lines,
        criterion_sets,
        list((case.extra or {}).get("claims", [])),
        {(d.key, p.index): p.parent_index for d in case.documents for p in d.provisions},
        dict((case.extra or {}).get("translations", {})),
    )
