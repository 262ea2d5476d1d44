"""The JSON API under ``/api``: the same data as the pages (OpenAPI schema at ``/api/openapi.json``).

Contract outputs keep the shapes of CONTRACTS.md (positions, compare, code suggest, simulate,
reliability).  This module has the reads and the scenario runs and uploads; codings, suggestions,
agreement and consistency are in :mod:`redline.web.routes.api_coding`.  Reads need the viewer role, coding writes the coder role; unsafe methods need the
``X-CSRF-Token`` header (from ``GET /api/session``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from redline.web.deps import DB, Coder, Viewer, settings_of
from redline.web.render import render
from redline.web.routes.common import case_list, get_view
from redline.web.security import csrf_token

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad input (message in detail)"},
    401: {"description": "Login required (multi-user mode)"},
    403: {"description": "Role too low, or missing CSRF token on an unsafe method"},
    404: {"description": "No such case, document, dimension, coding or suggestion"},
    409: {"description": "Conflict: the coding changed since the version you edited"},
}
router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
Json = dict[str, Any]
MAX_ID = 2_147_483_647  # ids and versions fit a 32-bit signed integer column
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


class SessionInfo(BaseModel):
    user: str | None
    role: str | None
    multi_user: bool
    csrf_token: str


class CaseItem(BaseModel):
    id: str
    title: str


class RunIn(BaseModel):
    model: str = Field(default="eum", max_length=30)
    variant: str | None = Field(default=None, max_length=150)
    model_variant: str | None = Field(default=None, max_length=30)
    rounds: int | None = Field(default=None, ge=1, le=1000)
    runs: int = Field(default=1, ge=1, le=1000)
    seed: int = Field(default=0, ge=0, le=2**32 - 1)


def _json(view: Any, name: str, compute: Any) -> Response:
    """A cached read result as JSON bytes (serialised once per data fingerprint, not per request)."""
    import json

    body = view.cached(f"json:{name}", lambda: json.dumps(compute(), ensure_ascii=False).encode("utf-8"))
    return Response(content=body, media_type="application/json")


@router.get("", response_class=HTMLResponse, include_in_schema=False)
def api_index(request: Request, user: Viewer) -> Response:
    """A readable list of the API's endpoints, from the OpenAPI schema (no external assets)."""
    return render(request, "api.html", {"schema": request.app.openapi()})


@router.get("/session", response_model=SessionInfo)
def session_info(request: Request, user: Viewer) -> SessionInfo:
    """Who you are, and the CSRF token to send as X-CSRF-Token on unsafe methods."""
    return SessionInfo(
        user=user.name,
        role=user.role,
        multi_user=settings_of(request).multi_user,
        csrf_token=csrf_token(request.session),
    )


@router.get("/cases", response_model=list[CaseItem])
def cases(session: DB, user: Viewer) -> list[CaseItem]:
    return [CaseItem(id=cid, title=title) for cid, title in case_list(session)]


@router.get("/cases/{case_id}")
def case_summary(request: Request, case_id: str, session: DB, user: Viewer) -> Json:
    """Documents (date order) with kind, status, reliability; actors; dimensions."""
    view = get_view(request, session, case_id)
    return _json(view, "summary", view.summary)  # type: ignore[return-value]


@router.get("/cases/{case_id}/positions")
def positions(request: Request, case_id: str, session: DB, user: Viewer) -> Json:
    """The `redline positions` contract."""
    view = get_view(request, session, case_id)
    return _json(view, "positions", view.positions)  # type: ignore[return-value]


@router.get("/cases/{case_id}/positions/{document}/{dimension}")
def explain(request: Request, case_id: str, document: str, dimension: str, session: DB, user: Viewer) -> Json:
    """The provisions and quotes behind one heatmap cell."""
    from redline.analysis.positions import explain_position

    view = get_view(request, session, case_id)
    view.doc(document)
    if view.dim(dimension) is None:
        raise HTTPException(404, f"no dimension {dimension!r}")
    pos = view.positions()
    value = next(d["positions"].get(dimension) for d in pos["documents"] if d["id"] == document)
    units = explain_position(view.data, document, dimension)
    return {"document": document, "dimension": dimension, "position": value, "provisions": units}


@router.get("/cases/{case_id}/drift/{actor}")
def drift(request: Request, case_id: str, actor: str, session: DB, user: Viewer) -> Json:
    """An actor's documents in date order: index, distances to maximal demands, concessions, intervals."""
    view = get_view(request, session, case_id)
    if actor not in view.data.actors:
        raise HTTPException(404, f"no actor {actor!r} in case {case_id!r}")
    return _json(view, f"drift:{actor}", lambda: view.drift(actor))  # type: ignore[return-value]


@router.get("/cases/{case_id}/distance")
def distance(
    request: Request,
    case_id: str,
    session: DB,
    user: Viewer,
    a: Annotated[str, Query(max_length=150)],
    b: Annotated[str, Query(max_length=150)],
) -> Json:
    """Distance between two documents over the dimensions both address, with its interval."""
    return get_view(request, session, case_id).measures().distance(a, b)  # type: ignore[no-any-return]


@router.get("/cases/{case_id}/territory")
def territory(
    request: Request,
    case_id: str,
    session: DB,
    user: Viewer,
    document: Annotated[str, Query(max_length=150)],
) -> Json:
    """Per region of Ukraine: the document's position on the region's dimension and the statuses."""
    from redline.analysis.territory import available

    view = get_view(request, session, case_id)
    if not available(view.data):
        raise HTTPException(404, "this case has no territorial dimensions")
    view.doc(document)
    return _json(view, f"territory:{document}", lambda: view.territory(document))  # type: ignore[return-value]


@router.get("/cases/{case_id}/criteria")
def criteria(request: Request, case_id: str, session: DB, user: Viewer) -> Json:
    view = get_view(request, session, case_id)
    return _json(view, "criteria", view.criteria)  # type: ignore[return-value]


@router.get("/cases/{case_id}/red-lines")
def red_lines(request: Request, case_id: str, session: DB, user: Viewer) -> Json:
    view = get_view(request, session, case_id)
    return _json(view, "red_lines", view.red_lines)  # type: ignore[return-value]


@router.get("/cases/{case_id}/affinity")
def affinity(request: Request, case_id: str, session: DB, user: Viewer) -> Json:
    view = get_view(request, session, case_id)
    return _json(view, "affinity", view.affinity)  # type: ignore[return-value]


@router.get("/cases/{case_id}/documents/{document}")
def document(request: Request, case_id: str, document: str, session: DB, user: Viewer) -> Json:
    """Metadata, provisions and the primary coder's codings of a document."""
    from redline.web.routes.documents import document_detail

    get_view(request, session, case_id)
    detail = document_detail(session, case_id, document)
    for p in detail["provisions"]:
        p["text"] = "".join(piece.text for piece in p.pop("pieces"))
    return detail


@router.get("/cases/{case_id}/compare")
def compare(
    request: Request,
    case_id: str,
    session: DB,
    user: Viewer,
    a: Annotated[str, Query(max_length=150)],
    b: Annotated[str, Query(max_length=150)],
) -> Json:
    """The `redline compare` contract for two stored documents."""
    from redline.web.routes.documents import run_compare

    get_view(request, session, case_id)
    return run_compare(request, session, case_id, a, b)["contract"]  # type: ignore[no-any-return]


@router.get("/cases/{case_id}/search")
def search(
    request: Request,
    case_id: str,
    session: DB,
    user: Viewer,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    mode: Annotated[str, Query(pattern="^(text|semantic)$")] = "text",
    dimension: Annotated[str | None, Query(max_length=100)] = None,
    actor: Annotated[str | None, Query(max_length=100)] = None,
    date_from: Annotated[str | None, Query(max_length=10)] = None,
    date_to: Annotated[str | None, Query(max_length=10)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Json:
    """Full-text or semantic search over all provisions."""
    from redline.web.routes.search import run_search

    view = get_view(request, session, case_id)
    return run_search(request, session, view, q, mode, dimension, actor, date_from, date_to, limit)


@router.get("/cases/{case_id}/scenarios")
def scenarios(request: Request, case_id: str, session: DB, user: Viewer) -> list[Json]:
    from redline.simulate.stored import get_scenario, list_scenarios

    get_view(request, session, case_id)
    out = []
    for rec in list_scenarios(session, case_id):
        _, sc = get_scenario(session, case_id, rec.key)
        out.append(
            {"id": rec.key, "title": rec.title, "variants": list(sc.variants), "issues": list(sc.issues)}
        )
    return out


@router.post("/cases/{case_id}/scenarios/{scenario}/run")
def run(request: Request, case_id: str, scenario: str, body: RunIn, session: DB, user: Viewer) -> Json:
    """Run a model on a stored scenario: the `redline simulate` contract (the run is stored)."""
    from redline.simulate.stored import run_scenario

    get_view(request, session, case_id)
    if body.runs > settings_of(request).max_runs:
        raise HTTPException(400, f"runs must be at most {settings_of(request).max_runs}")
    _, result = run_scenario(session, case_id, scenario, who=user.name, **body.model_dump())
    return result


@router.post("/cases/{case_id}/documents", status_code=201)
async def upload(
    request: Request,
    case_id: str,
    user: Coder,
    file: Annotated[UploadFile, File()],
    actor: Annotated[str, Form(max_length=100)] = "",
    date: Annotated[str, Form(max_length=10)] = "",
    status: Annotated[str, Form(max_length=20)] = "reported",
    kind: Annotated[str, Form(max_length=20)] = "proposal",
    title: Annotated[str, Form(max_length=500)] = "",
    language: Annotated[str, Form(max_length=10)] = "",
    version_of: Annotated[str, Form(max_length=150)] = "",
) -> Json:
    """Add a draft (multipart file upload) to the case; returns what was stored."""
    import datetime as dt

    from starlette.concurrency import run_in_threadpool

    from redline.errors import InputError
    from redline.store.db import session_scope
    from redline.web.routes.upload import ingest_available, store_upload

    if not ingest_available():
        raise HTTPException(503, "reading uploaded files is not available in this build")
    data = await file.read(settings_of(request).max_upload_bytes + 1)
    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        raise InputError(f"not a date: {date!r}") from None

    def work() -> Json:
        with session_scope(settings_of(request).database_url) as session:
            get_view(request, session, case_id)
            return store_upload(
                request,
                session,
                case_id,
                file.filename or "",
                data,
                actor=actor,
                date=day,
                status=status,
                kind=kind,
                title=title,
                language=language,
                version_of=version_of or None,
            )

    return await run_in_threadpool(work)
