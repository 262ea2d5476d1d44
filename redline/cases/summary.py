"""A case at a glance: documents by date and actor, issue dimensions, counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from redline.cases.loader import load_case
from redline.store import models as m


def case_summary(session: Session, case_id: str) -> dict[str, Any]:
    """Return a JSON-ready summary of a case (documents in date order)."""
    case = load_case(session, case_id)
    counts = dict(
        session.execute(
            select(m.Provision.document_id, func.count(m.Coding.id))
            .join(m.Coding, m.Coding.provision_id == m.Provision.id)
            .join(m.Document, m.Document.id == m.Provision.document_id)
            .where(m.Document.case_id == case_id, m.Coding.deleted.is_(False))
            .group_by(m.Provision.document_id)
        ).all()
    )
    actor_names = {a.key: a.name for a in case.actors}
    docs = sorted(case.documents, key=lambda d: (d.date is None, d.date, d.key))
    documents = [
        {
            "id": d.key,
            "title": d.title,
            "date": d.date.isoformat() if d.date else None,
            "actor": d.actor_key,
            "actor_name": actor_names.get(d.actor_key or "", d.actor_key),
            "co_actors": d.co_actors,
            "kind": d.kind,
            "status": d.status,
            "reliability": d.reliability,
            "provisions": sum(1 for p in d.provisions if p.level == 0),
            "codings": counts.get(d.id, 0),
        }
        for d in docs
    ]
    actors = [
        {"id": a.key, "name": a.name, "documents": [d["id"] for d in documents if d["actor"] == a.key]}
        for a in case.actors
    ]
    dimensions = [
        {"id": d.key, "name": d.name, "kind": d.kind, "category": d.category_key, "levels": len(d.levels)}
        for d in case.dimensions
    ]
    return {
        "id": case.id,
        "title": case.title,
        "description": case.description,
        "documents": documents,
        "actors": actors,
        "dimensions": dimensions,
    }
