"""What a report shows, section by section, as plain data with a note key beside every number.

The sections follow the founding paper's own structure: findings, the chronology of documents, the
issue-by-issue comparison of every negotiating document with each actor's maximal demands, the drift
of positions, the version comparison of consecutive drafts, strategic affinity, criteria and red lines,
and scenario results.  Each builder takes a :class:`~redline.report.context.Context` and returns
JSON-ready data; the language is applied only when rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from redline.analysis.affinity import affinity_report
from redline.analysis.claims import check_claims
from redline.analysis.criteria import criteria as criteria_report
from redline.analysis.criteria import red_lines as red_lines_report
from redline.cases.summary import case_summary
from redline.report.context import Context, nearest_level


def chronology(ctx: Context) -> list[dict[str, Any]]:
    """Every document in date order with its counts and a note on its provenance."""
    summary = case_summary(ctx.session, ctx.case_id)
    by_id = {d["id"]: d for d in summary["documents"]}
    out = []
    for d in ctx.data.documents:
        s = by_id[d.id]
        out.append(
            {
                **s,
                "actor_name": ctx.actor_name(
                    d.actor
                ),  # in the report's language (the summary has the case's)
                "co_actor_names": [ctx.actor_name(a) for a in d.co_actors],
                "note": ctx.note_document(d.id),
            }
        )
    return out


def positions_matrix(ctx: Context) -> dict[str, Any]:
    """The negotiating documents × position dimensions (None = not addressed), for the heatmap."""
    docs = ctx.negotiation_docs
    dims = [d.id for d in ctx.data.position_dims]
    return {
        "documents": [{"id": d, "title": ctx.title(d), "date": _iso(ctx.data.doc(d).date)} for d in docs],
        "dimensions": [{"id": d, "name": ctx.dim_name(d)} for d in dims],
        "values": [[_num(ctx.matrix.loc[doc, dim]) for dim in dims] for doc in docs],
        "scale": ctx.data.scale,
    }


def _iso(d: Any) -> str | None:
    return d.isoformat() if d else None


def _num(v: Any) -> float | None:
    return None if v is None or pd.isna(v) else round(float(v), 2)


def _distance_entry(ctx: Context, doc: str) -> dict[str, dict]:
    """The document's distances to each maximal demand, from the drift of its author (or a co-author)."""
    d = ctx.data.doc(doc)
    for actor in [d.actor, *d.co_actors]:
        if actor is None:
            continue
        for entry in ctx.drift(actor)["documents"]:
            if entry["document"] == doc:
                return dict(entry["distance_to_maximal_demand"])
    return {}


def issues(ctx: Context) -> dict[str, Any]:
    """Per negotiating document: its position on each issue it addresses beside each maximal demand."""
    maxima = ctx.maxima
    out = []
    for doc in ctx.negotiation_docs:
        row = ctx.matrix.loc[doc]
        rows, missing = [], []
        for dim in ctx.data.position_dims:
            v = row[dim.id]
            if pd.isna(v):
                missing.append(dim.name)
                continue
            cells = {}
            for actor, prof in maxima.items():
                if dim.id in prof:
                    mv, mdoc = prof[dim.id]
                    cells[actor] = {
                        "value": mv,
                        "level": nearest_level(dim, mv),
                        "note": ctx.note_position(mdoc, dim.id),
                    }
            rows.append(
                {
                    "dimension": dim.id,
                    "name": dim.name,
                    "value": _num(v),
                    "level": nearest_level(dim, float(v)),
                    "note": ctx.note_position(doc, dim.id),
                    "maxima": cells,
                }
            )
        if not rows:
            continue
        distances = {}
        for actor, entry in _distance_entry(ctx, doc).items():
            if entry["distance"] is not None:
                distances[actor] = {**entry, "note": ctx.note_distance(doc, actor)}
        info = ctx.data.doc(doc)
        out.append(
            {
                "id": doc,
                "title": info.title,
                "date": _iso(info.date),
                "actor": info.actor,
                "actor_name": ctx.actor_name(info.actor),
                "co_actor_names": [ctx.actor_name(a) for a in info.co_actors],
                "kind": info.kind,
                "status": info.status,
                "grade": info.reliability,
                "note": ctx.note_document(doc),
                "rows": rows,
                "not_addressed": missing,
                "distances": distances,
            }
        )
    sources = {
        a: [
            {"id": d, "title": ctx.title(d), "date": _iso(ctx.data.doc(d).date)}
            for d in dict.fromkeys(doc for _, doc in sorted(prof.values(), key=lambda x: x[1]))
        ]
        for a, prof in maxima.items()
    }
    return {
        "maxima_actors": [
            {
                "id": a,
                "name": ctx.actor_name(a),
                "documents": [s for s in sorted(sources[a], key=lambda s: s["date"] or "")],
            }
            for a in maxima
        ],
        "documents": out,
    }


def drift(ctx: Context, actors: list[str] | None = None) -> dict[str, Any]:
    """Each actor's documents over time: distance to the target's maximal demand and concessions."""
    target = ctx.target
    series = []
    for actor in actors or list(ctx.data.actors):
        if not ctx.measures.actor_documents(actor):
            continue
        points = []
        for e in ctx.drift(actor)["documents"]:
            dist = (e["distance_to_maximal_demand"] or {}).get(target or "", {})
            con = e["concession"]
            points.append(
                {
                    "document": e["document"],
                    "title": e["title"],
                    "date": e["date"],
                    "role": e["role"],
                    "distance": dist.get("distance"),
                    "interval": dist.get("interval"),
                    "dimensions": dist.get("dimensions", 0),
                    "note": ctx.note_distance(e["document"], target)
                    if dist.get("distance") is not None
                    else "",
                    "concession": None
                    if con is None or con["movement"] is None
                    else {
                        "from": con["from"],
                        "movement": con["movement"],
                        "interval": con["interval"],
                        "dimensions": con["dimensions"],
                        "note": ctx.note_concession(con["from"], con["to"], con["moves"]),
                    },
                }
            )
        series.append({"actor": actor, "name": ctx.actor_name(actor), "points": points})
    return {
        "target": target,
        "target_name": ctx.actor_name(target),
        "scale": ctx.data.scale,
        "series": series,
    }


def affinity(ctx: Context) -> dict[str, Any] | None:
    """Frame profiles of the strategy documents, their affinity matrix, actor affinity, shared frames."""
    if not ctx.data.frame_dims:
        return None
    rep = affinity_report(ctx.data)
    if not rep["documents"]:
        return None
    frames = rep["frames"]
    docs = []
    for d in rep["documents"]:
        docs.append(
            {
                "id": d["id"],
                "title": ctx.title(d["id"]),
                "profile": [
                    {
                        "frame": f["id"],
                        "value": d["profile"][f["id"]],
                        "note": ctx.note_position(d["id"], f["id"], kind="frame")
                        if d["profile"][f["id"]] > 0
                        else "",
                    }
                    for f in frames
                ],
            }
        )
    pairs = []
    for p in rep["pairs"]:
        key = f"aff:{p['a']}:{p['b']}"
        ctx.notes[key] = {
            "kind": "affinity",
            "a_title": ctx.title(p["a"]),
            "b_title": ctx.title(p["b"]),
            "docs": [p["a"], p["b"]],
        }
        pairs.append(
            {
                "a": p["a"],
                "b": p["b"],
                "affinity": p["affinity"],
                "note": key,
                "shared": [
                    {
                        "frame": ctx.dim_name(s["frame"]),
                        "a_note": ctx.note_position(p["a"], s["frame"], kind="frame"),
                        "b_note": ctx.note_position(p["b"], s["frame"], kind="frame"),
                    }
                    for s in p["shared_frames"]
                ],
            }
        )
    return {
        "frames": frames,
        "documents": docs,
        "matrix": rep["matrix"],
        "actors": rep["actors"],
        "actor_names": {a: ctx.actor_name(a) for a in rep["actors"]},
        "pairs": sorted(pairs, key=lambda p: -p["affinity"]),
    }


def _condition_text(cond: dict) -> str:
    parts = []
    if cond.get("min") is not None:
        parts.append(f"≥ {cond['min']:g}")
    if cond.get("max") is not None:
        parts.append(f"≤ {cond['max']:g}")
    return " ".join(parts)


def _verdict(v: dict[str, Any]) -> str:
    """The verdict from the conditions' ``holds``.

    Recomputed here because :func:`redline.analysis.criteria.criteria` tests ``holds is False``, which
    misses NumPy booleans (``np.False_ is False`` is false), so failed criteria come out as "not
    addressed"; the rule is the documented one (docs/measures.md).
    """
    holds = [None if c["holds"] is None else bool(c["holds"]) for c in v["conditions"]]
    if any(h is False for h in holds):
        return "fail"
    if holds and all(holds):
        return "pass"
    return "not addressed"


def criteria(ctx: Context) -> list[dict[str, Any]]:
    """Per criterion set: each negotiating document's verdict on each criterion, with its deciding provisions."""
    out = []
    for s in criteria_report(ctx.data)["criterion_sets"]:
        rows = []
        for d in s["documents"]:
            cells = []
            for v in d["criteria"]:
                v = {**v, "status": _verdict(v)}
                key = f"crit:{s['id']}:{d['document']}:{v['criterion']}"
                ctx.notes[key] = {
                    "kind": "criterion",
                    "title": d["title"],
                    "criterion": v["name"],
                    "status": v["status"],
                    "conditions": [
                        {
                            "dimension": ctx.dim_name(c["dimension"]),
                            "position": c["position"],
                            "condition": _condition_text(c),
                            "provisions": c["provisions"],
                        }
                        for c in v["conditions"]
                    ],
                    "docs": [d["document"]],
                }
                cells.append({"criterion": v["criterion"], "status": v["status"], "note": key})
            rows.append({"document": d["document"], "title": d["title"], "date": d["date"], "cells": cells})
        out.append(
            {"id": s["id"], "name": s["name"], "source": s["source"], "criteria": s["criteria"], "rows": rows}
        )
    return out


def _limit_text(rl: dict) -> str:
    return _condition_text({"min": rl["min"], "max": rl["max"]})


def red_lines(ctx: Context) -> dict[str, Any]:
    """Each red line's verdict per negotiating document; the crossed ones with their provisions."""
    rep = red_lines_report(ctx.data)
    lines = [
        {
            "actor": r["actor"],
            "actor_name": ctx.actor_name(r["actor"]),
            "dimension": r["dimension"],
            "name": ctx.dim_name(r["dimension"]),
            "limit": _limit_text(r),
        }
        for r in ctx.data.red_lines
    ]
    docs = []
    for d in rep["documents"]:
        crossed = []
        statuses = []
        for i, v in enumerate(d["red_lines"]):
            statuses.append(v["status"])
            if v["status"] != "violated":
                continue
            key = f"rl:{d['document']}:{i}"
            ctx.notes[key] = {
                "kind": "redline",
                "title": d["title"],
                "actor": ctx.actor_name(v["actor"]),
                "dimension": ctx.dim_name(v["dimension"]),
                "limit": _limit_text(v),
                "status": v["status"],
                "provisions": v["provisions"],
                "docs": [d["document"]],
            }
            crossed.append({**lines[i], "position": v["position"], "note": key})
        by_actor: dict[str, list[dict]] = {}
        for x in crossed:
            by_actor.setdefault(x["actor_name"], []).append(x)
        docs.append(
            {
                "document": d["document"],
                "title": d["title"],
                "date": d["date"],
                "statuses": statuses,
                "crossed": crossed,
                "crossed_by_actor": [{"actor_name": a, "lines": xs} for a, xs in by_actor.items()],
            }
        )
    return {"lines": lines, "documents": docs}


def territory_maps(ctx: Context) -> list[dict[str, Any]]:
    """The proposed status of every region under each negotiating document that addresses territory."""
    from redline.analysis.territory import available, territory_documents, territory_map

    if not available(ctx.data):
        return []
    docs = [d for d in territory_documents(ctx.data, ctx.matrix) if d in ctx.negotiation_docs]
    return [
        {**territory_map(ctx.data, d, ctx.matrix), "title": ctx.title(d), "date": _iso(ctx.data.doc(d).date)}
        for d in docs
    ]


def findings(ctx: Context) -> list[dict[str, Any]]:
    """The case's stated findings (claims) with their measured values and a note on each."""
    if not ctx.data.claims:
        return []
    rep = check_claims(ctx.data, replicates=ctx.replicates)
    out = []
    for c in rep["claims"]:
        key = f"claim:{c['id']}"
        spec = next((x for x in ctx.data.claims if x.get("id") == c["id"]), {})
        docs = [spec[k] for k in ("a", "b", "c") if isinstance(spec.get(k), str)] + list(
            spec.get("among") or []
        )
        known = {d.id for d in ctx.data.documents}
        ctx.notes[key] = {
            "kind": "claim",
            "source": c["source"],
            "measure": c["measure"],
            "docs": [d for d in dict.fromkeys(docs) if d in known],
        }
        out.append({**c, "note": key})
    return out


def reliability_summary(ctx: Context) -> dict[str, Any] | None:
    """Overall agreement of the independent coders, where the case has double coding."""
    from redline.coding.reliability import reliability

    try:
        rep = reliability(ctx.session, ctx.case_id)
    except Exception:  # noqa: BLE001 - no pairable units: nothing to report
        return None
    if not rep.get("overall") or not rep["overall"].get("units"):
        return None
    return {"coders": rep["coders"], **rep["overall"]}


@dataclass
class ReportContent:
    """Everything a report shows, with the notes its numbers cite (the case's terms in the language of its Context)."""

    case: dict[str, Any]
    generated: str
    version: str
    replicates: int
    findings: list[dict[str, Any]]
    chronology: list[dict[str, Any]]
    positions: dict[str, Any]
    issues: dict[str, Any]
    territory: list[dict[str, Any]]
    drift: dict[str, Any]
    versions: list[dict[str, Any]]
    affinity: dict[str, Any] | None
    criteria: list[dict[str, Any]]
    red_lines: dict[str, Any]
    scenarios: dict[str, Any]
    reliability: dict[str, Any] | None
    notes: dict[str, dict[str, Any]] = field(default_factory=dict)
    actors: dict[str, str] = field(default_factory=dict)


def build_content(ctx: Context, *, encoder: Any = None, model: str = "eum") -> ReportContent:
    """Gather every section of the report (runs missing alignments and scenario runs and stores them)."""
    from redline.report.context import redline_version
    from redline.report.scenarios import scenario_outcomes
    from redline.report.versions import version_comparisons

    data = ctx.data
    case = {
        "id": data.case_id,
        "title": data.title,
        "description": ctx.description,
        "scale": data.scale,
        "primary_coder": data.primary_coder,
        "coders": ctx.coders,
    }
    return ReportContent(
        case=case,
        generated=ctx.generated.isoformat(),
        version=redline_version(),
        replicates=ctx.replicates,
        findings=findings(ctx),
        chronology=chronology(ctx),
        positions=positions_matrix(ctx),
        issues=issues(ctx),
        territory=territory_maps(ctx),
        drift=drift(ctx),
        versions=version_comparisons(ctx, encoder=encoder),
        affinity=affinity(ctx),
        criteria=criteria(ctx),
        red_lines=red_lines(ctx),
        scenarios=scenario_outcomes(ctx, model=model),
        reliability=reliability_summary(ctx),
        notes=ctx.notes,
        actors={a: ctx.actor_name(a) for a in data.actors},
    )
