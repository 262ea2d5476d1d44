"""Case pages over the measures: overview (timeline), positions heatmap, drift, territory, criteria, affinity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from redline.web import charts
from redline.web.deps import DB, Viewer
from redline.web.pagecache import cached_page
from redline.web.render import is_htmx, language_of, render
from redline.web.routes.common import get_view, page

router = APIRouter(prefix="/cases/{case_id}", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
@cached_page
def overview(request: Request, case_id: str, session: DB, user: Viewer) -> Response:
    view = get_view(request, session, case_id)
    summary = view.summary()
    chart = charts.timeline(summary, language_of(request))
    return page(request, session, view, "overview.html", "", {"summary": summary, "chart": chart})


@router.get("/positions", response_class=HTMLResponse)
@cached_page
def positions(request: Request, case_id: str, session: DB, user: Viewer) -> Response:
    view = get_view(request, session, case_id)
    contract = view.positions()
    kinds = {d.id: d.kind for d in view.data.documents}
    docs = [d for d in contract["documents"] if kinds.get(d["id"]) != "strategy"]
    coded = any(v is not None for d in docs for v in d["positions"].values())
    categories = {d.id: d.category for d in view.data.position_dims}
    return page(
        request,
        session,
        view,
        "positions.html",
        "/positions",
        {"contract": contract, "docs": docs, "coded": coded, "categories": categories},
    )


@router.get("/positions/{document}/{dimension}", response_class=HTMLResponse)
@cached_page
def position_cell(
    request: Request, case_id: str, document: str, dimension: str, session: DB, user: Viewer
) -> Response:
    from redline.analysis.positions import explain_position

    view = get_view(request, session, case_id)
    doc = view.doc(document)
    dim = view.dim(dimension)
    if dim is None:
        raise HTTPException(404, f"no dimension {dimension!r}")
    value = view.matrix().loc[document, dimension] if dimension in view.matrix().columns else None
    value = None if value is None or value != value else round(float(value), 2)
    ctx = {
        "doc": doc,
        "dim": dim,
        "value": value,
        "label": view.level_label(dimension, value),
        "units": explain_position(view.data, document, dimension),
    }
    if is_htmx(request):
        return render(request, "_cell.html", ctx | {"case": {"id": case_id}})
    return page(request, session, view, "cell.html", "/positions", ctx)


def _drift_series(view, actors: list[str], measure: str, dimension: str | None) -> list[dict]:  # type: ignore[no-untyped-def]
    """One series per actor: index, distance to a maximal demand, or the position on one dimension."""
    from redline.analysis.positions import interval

    measures = view.measures()
    series = []
    for i, actor in enumerate(view.data.actors):
        if actor not in actors:
            continue
        drift = view.drift(actor)
        points = []
        for entry in drift["documents"]:
            if dimension:
                value = measures.matrix.loc[entry["document"], dimension]
                y = None if value != value else round(float(value), 2)
                iv = (
                    interval(s.loc[entry["document"], dimension] for s in measures.samples)
                    if y is not None
                    else None
                )
            elif measure == "index":
                y, iv = entry["index"], entry["index_interval"]
            else:
                target = entry["distance_to_maximal_demand"].get(measure) or {}
                y, iv = target.get("distance"), target.get("interval")
            points.append(
                {
                    "date": entry["date"],
                    "document": entry["document"],
                    "title": entry["title"],
                    "role": entry["role"],
                    "y": y,
                    "lo": iv[0] if iv else None,
                    "hi": iv[1] if iv else None,
                    "concession": (entry["concession"] or {}).get("movement"),
                }
            )
        series.append({"actor": actor, "name": view.actor_name(actor), "cls": f"a{i % 8}", "points": points})
    return series


@router.get("/drift", response_class=HTMLResponse)
@cached_page
def drift(
    request: Request,
    case_id: str,
    session: DB,
    user: Viewer,
    measure: str | None = None,
    dimension: str | None = None,
    actor: Annotated[list[str] | None, Query()] = None,
) -> Response:
    view = get_view(request, session, case_id)
    with_demand = [a for a, info in view.data.actors.items() if info["maximal_demand"]]
    choices = ["index"] + with_demand
    if measure is None:
        measure = "ru" if "ru" in with_demand else (with_demand[0] if with_demand else "index")
    if measure not in choices:
        raise HTTPException(400, f"unknown measure {measure!r}")
    if dimension and view.dim(dimension) is None:
        raise HTTPException(404, f"no dimension {dimension!r}")
    all_actors = list(view.data.actors)
    chosen = [a for a in (actor or all_actors) if a in view.data.actors]
    series = _drift_series(view, chosen, measure, dimension or None)
    chart = charts.line_chart(series, language_of(request))
    return page(
        request,
        session,
        view,
        "drift.html",
        "/drift",
        {
            "series": series,
            "chart": chart,
            "measure": measure,
            "measures": choices,
            "dimension": dimension or "",
            "actors": all_actors,
            "chosen": chosen,
            "replicates": view.replicates,
            "has_points": any(p["y"] is not None for s in series for p in s["points"]),
        },
    )


@router.get("/territory", response_class=HTMLResponse)
@cached_page
def territory(
    request: Request,
    case_id: str,
    session: DB,
    user: Viewer,
    document: str | None = None,
    i: int | None = None,
) -> Response:
    from redline.analysis.territory import STATUSES, available

    view = get_view(request, session, case_id)
    ctx: dict = {"available": available(view.data), "statuses": STATUSES}
    stops = view.territory_documents() if ctx["available"] else []
    if ctx["available"]:
        if document is None and i is not None and 0 <= i < len(stops):
            document = stops[i]
        if document is None:
            document = stops[-1] if stops else None
        elif document not in {d.id for d in view.data.documents}:
            raise HTTPException(404, f"no document {document!r} in case {case_id!r}")
    if document is not None:
        ctx["map"] = view.territory(document)
        ctx["doc"] = view.doc(document)
    ctx.update({"stops": [view.doc(s) for s in stops], "document": document})
    ctx["stop_index"] = stops.index(document) if document in stops else None
    if is_htmx(request) and document is not None:
        return render(request, "_territory_map.html", ctx | {"case": {"id": case_id}, "view": view})
    return page(request, session, view, "territory.html", "/territory", ctx)


@router.get("/criteria", response_class=HTMLResponse)
@cached_page
def criteria(request: Request, case_id: str, session: DB, user: Viewer) -> Response:
    view = get_view(request, session, case_id)
    return page(
        request,
        session,
        view,
        "criteria.html",
        "/criteria",
        {"criteria": view.criteria(), "red_lines": view.red_lines()},
    )


@router.get("/affinity", response_class=HTMLResponse)
@cached_page
def affinity(request: Request, case_id: str, session: DB, user: Viewer) -> Response:
    view = get_view(request, session, case_id)
    report = view.affinity()
    coded = any(v for d in report["documents"] for v in d["profile"].values())
    titles = {d.id: d.title for d in view.data.documents}
    frame_names = {f["id"]: f["name"] for f in report["frames"]}
    ctx = {"report": report, "coded": coded, "titles": titles, "frame_names": frame_names}
    return page(request, session, view, "affinity.html", "/affinity", ctx)
