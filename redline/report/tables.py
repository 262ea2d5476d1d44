"""The exportable tables of a case, read from the database: codings, positions, alignments, scenario runs,
the codebook, and a data dictionary describing every column.

Each :class:`Table` carries typed :class:`Column` specs (``str``, ``int``, ``float``, ``bool`` or ``json``
for lists and objects) so every format can be written and read back to the same values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from redline.analysis.data import load_case_data
from redline.analysis.positions import positions_contract
from redline.cases.loader import load_case
from redline.coding.codebook import codebook_dict
from redline.store import models as m

TABLES = ("codings", "positions", "alignments", "scenarios")
NEGOTIATION_KINDS = {"proposal", "memorandum", "declaration", "statement"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # str | int | float | bool | json
    description: str
    nullable: bool = False


@dataclass
class Table:
    name: str
    description: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def codings_table(session: Session, case_id: str) -> Table:
    """Every current (not deleted) coding of every coder, with its evidence."""
    load_case(session, case_id)  # raises for an unknown case
    cols = [
        Column("document", "str", "document id"),
        Column("provision", "int", "provision index within the document (1-based, all levels)"),
        Column("ref", "str", "provision reference: label path such as 21.a, or #N for unnumbered provisions"),
        Column("level", "int", "0 = top-level provision, 1+ = sub-point"),
        Column("dimension", "str", "codebook dimension id"),
        Column("kind", "str", "position (0-100 scale) or frame (strength 0-3)"),
        Column("coder", "str", "who coded; the case's primary coder's codings are its positions"),
        Column("value", "float", "coded value on the dimension's scale"),
        Column("confidence", "float", "coder's confidence 0-1 (weights the document position)"),
        Column("quote", "str", "quoted evidence from the provision"),
        Column("evidence_start", "int", "start offset of the quote in the document text"),
        Column("evidence_end", "int", "end offset of the quote in the document text"),
        Column("note", "str", "coder's note"),
        Column("origin", "str", "how the coding was made (manual, import, suggestion, ...)"),
        Column("codebook_version", "int", "codebook version the coding was made under"),
        Column("needs_review", "bool", "flagged for review"),
        Column("updated_at", "str", "last change (UTC, ISO 8601)"),
    ]
    q = (
        select(m.Coding, m.Provision, m.Document, m.Dimension)
        .join(m.Provision, m.Coding.provision_id == m.Provision.id)
        .join(m.Document, m.Provision.document_id == m.Document.id)
        .join(m.Dimension, m.Coding.dimension_id == m.Dimension.id)
        .where(m.Document.case_id == case_id, m.Coding.deleted.is_(False))
        .order_by(m.Document.position, m.Provision.index, m.Dimension.position, m.Coding.coder)
    )
    rows = [
        {
            "document": d.key,
            "provision": p.index,
            "ref": p.ref,
            "level": p.level,
            "dimension": dim.key,
            "kind": dim.kind,
            "coder": c.coder,
            "value": float(c.value),
            "confidence": float(c.confidence),
            "quote": c.quote,
            "evidence_start": c.evidence_start,
            "evidence_end": c.evidence_end,
            "note": c.note or "",
            "origin": c.origin,
            "codebook_version": c.codebook_version,
            "needs_review": bool(c.needs_review),
            "updated_at": _iso(c.updated_at) or "",
        }
        for c, p, d, dim in session.execute(q).all()
    ]
    return Table("codings", "Every coding of every coder with its quoted evidence", cols, rows)


def positions_table(session: Session, case_id: str) -> Table:
    """Each negotiating document's position per issue (the `redline positions` numbers)."""
    data = load_case_data(session, case_id)
    out = positions_contract(data, kinds=NEGOTIATION_KINDS)
    cols = [
        Column("document", "str", "document id"),
        Column("title", "str", "document title"),
        Column("date", "str", "document date (ISO 8601)", nullable=True),
        Column("actor", "str", "author actor id", nullable=True),
        Column("index", "float", "salience-weighted mean position over the issues addressed", nullable=True),
    ] + [
        Column(i["id"], "float", f"position on '{i['name']}' (0-100; empty = not addressed)", nullable=True)
        for i in out["issues"]
    ]
    rows = [
        {
            "document": d["id"],
            "title": d["title"],
            "date": d["date"],
            "actor": d["actor"],
            "index": d["index"],
            **{k: (None if v is None else float(v)) for k, v in d["positions"].items()},
        }
        for d in out["documents"]
    ]
    return Table(
        "positions",
        f"Positions: 0 = {out['scale']['min_means']}; 100 = {out['scale']['max_means']}",
        cols,
        rows,
    )


def alignments_table(session: Session, case_id: str) -> Table:
    """The stored alignment links between documents of the case (from `redline compare` or reports)."""
    load_case(session, case_id)
    cols = [
        Column("a_document", "str", "earlier (A) document id"),
        Column("b_document", "str", "later (B) document id"),
        Column("relation", "str", "same | modified | split | merged | dropped | added"),
        Column("a_provisions", "json", "A's top-level provision indices (list)"),
        Column("b_provisions", "json", "B's top-level provision indices (list)"),
        Column("a_refs", "str", "A's provision references, '; '-separated"),
        Column("b_refs", "str", "B's provision references, '; '-separated"),
        Column("score", "float", "similarity of the linked texts", nullable=True),
        Column("changes", "json", "detected changes: list of {kind, a, b, ...}"),
        Column("encoder", "str", "embedding model(s) used"),
        Column("created_at", "str", "when the link was stored (UTC, ISO 8601)"),
    ]
    docs = {d.id: d for d in session.scalars(select(m.Document).where(m.Document.case_id == case_id))}
    refs = {
        (p.document_id, p.index): p.ref
        for p in session.scalars(select(m.Provision).where(m.Provision.document_id.in_(list(docs))))
    }
    links = session.scalars(
        select(m.AlignmentLink)
        .where(
            or_(m.AlignmentLink.a_document_id.in_(list(docs)), m.AlignmentLink.b_document_id.in_(list(docs)))
        )
        .order_by(m.AlignmentLink.a_document_id, m.AlignmentLink.b_document_id, m.AlignmentLink.id)
    )
    rows = [
        {
            "a_document": docs[lk.a_document_id].key,
            "b_document": docs[lk.b_document_id].key,
            "relation": lk.relation,
            "a_provisions": list(lk.a_indices),
            "b_provisions": list(lk.b_indices),
            "a_refs": "; ".join(refs.get((lk.a_document_id, i), str(i)) for i in lk.a_indices),
            "b_refs": "; ".join(refs.get((lk.b_document_id, i), str(i)) for i in lk.b_indices),
            "score": None if lk.score is None else float(lk.score),
            "changes": list(lk.changes or []),
            "encoder": lk.encoder,
            "created_at": _iso(lk.created_at) or "",
        }
        for lk in links
        if lk.a_document_id in docs and lk.b_document_id in docs
    ]
    return Table("alignments", "Stored provision alignments between documents", cols, rows)


def scenarios_table(session: Session, case_id: str) -> Table:
    """One row per stored scenario run and issue: the model's prediction (and Monte Carlo quantiles)."""
    load_case(session, case_id)
    cols = [
        Column("scenario", "str", "scenario id"),
        Column("run", "int", "stored run id (`redline scenario runs`)"),
        Column("variant", "str", "scenario variant (empty = base case)", nullable=True),
        Column("model", "str", "bargaining model"),
        Column("params", "json", "model parameters of the run"),
        Column("issue", "str", "issue (dimension) id"),
        Column("prediction", "float", "predicted outcome (0-100)", nullable=True),
        Column("p05", "float", "Monte Carlo 5th percentile", nullable=True),
        Column("p50", "float", "Monte Carlo median", nullable=True),
        Column("p95", "float", "Monte Carlo 95th percentile", nullable=True),
        Column("rounds", "int", "rounds of an iterative model", nullable=True),
        Column("who", "str", "who ran it"),
        Column("created_at", "str", "when the run was made (UTC, ISO 8601)"),
    ]
    q = (
        select(m.ScenarioRun, m.ScenarioRecord.key)
        .join(m.ScenarioRecord, m.ScenarioRun.scenario_id == m.ScenarioRecord.id)
        .where(m.ScenarioRecord.case_id == case_id)
        .order_by(m.ScenarioRecord.key, m.ScenarioRun.id)
    )
    rows = []
    for run, key in session.execute(q).all():
        for item in (run.result or {}).get("issues", []):
            pred = item.get("prediction")
            dist = item.get("distribution") or {}
            rows.append(
                {
                    "scenario": key,
                    "run": run.id,
                    "variant": run.variant,
                    "model": run.model,
                    "params": dict((run.result or {}).get("params") or run.params or {}),
                    "issue": item["id"],
                    "prediction": float(pred) if isinstance(pred, int | float) else None,
                    "p05": dist.get("p05"),
                    "p50": dist.get("p50"),
                    "p95": dist.get("p95"),
                    "rounds": len(item["rounds"]) if item.get("rounds") is not None else None,
                    "who": run.who or "",
                    "created_at": _iso(run.created_at) or "",
                }
            )
    return Table("scenarios", "Stored scenario runs: predicted outcome per issue", cols, rows)


def codebook_table(session: Session, case_id: str) -> Table:
    """The codebook, one row per anchored level of each dimension."""
    book = codebook_dict(session, case_id)
    cols = [
        Column("dimension", "str", "dimension id"),
        Column("name", "str", "dimension name"),
        Column("kind", "str", "position (0-100) or frame (0-3)"),
        Column("category", "str", "category id", nullable=True),
        Column("description", "str", "what the dimension measures"),
        Column("value", "float", "anchored level value"),
        Column("label", "str", "level label"),
        Column("level_description", "str", "what the level means"),
        Column("example", "str", "example of the level"),
    ]
    rows = [
        {
            "dimension": d["id"],
            "name": d["name"],
            "kind": d["kind"],
            "category": d["category"],
            "description": d["description"] or "",
            "value": float(lv["value"]),
            "label": lv["label"],
            "level_description": lv["description"] or "",
            "example": lv["example"] or "",
        }
        for d in book["dimensions"]
        for lv in d["levels"]
    ]
    return Table("codebook", f"Codebook of case {case_id}, version {book['version']}", cols, rows)


def dictionary_table(tables: list[Table]) -> Table:
    """The data dictionary: every column of every exported table with its type and meaning."""
    cols = [
        Column("table", "str", "table (sheet, file) name"),
        Column("column", "str", "column name"),
        Column("type", "str", "str, int, float, bool or json (JSON text in CSV/XLSX/Parquet)"),
        Column("nullable", "bool", "may be empty"),
        Column("description", "str", "meaning of the column"),
    ]
    rows = [
        {
            "table": t.name,
            "column": c.name,
            "type": c.type,
            "nullable": c.nullable,
            "description": c.description,
        }
        for t in tables
        for c in t.columns
    ]
    return Table("columns", "What every exported column means", cols, rows)


BUILDERS = {
    "codings": codings_table,
    "positions": positions_table,
    "alignments": alignments_table,
    "scenarios": scenarios_table,
}


def build_tables(session: Session, case_id: str, what: str = "all") -> list[Table]:
    """The data tables for ``what`` (one of :data:`TABLES` or ``all``), in a fixed order."""
    from redline.errors import InputError

    names = list(TABLES) if what == "all" else [what]
    for n in names:
        if n not in BUILDERS:
            raise InputError(f"unknown table {n!r} (choose from {', '.join(TABLES)} or all)")
    return [BUILDERS[n](session, case_id) for n in names]
