"""The JSON API under ``/api``: the same data as the pages (OpenAPI schema at ``/api/openapi.json``).

Contract outputs keep the shapes of CONTRACTS.md (positions, compare, code suggest, simulate,
reliability).  Reads need the viewer role, coding writes the coder role; unsafe methods need the
``X-CSRF-Token`` header (from ``GET /api/session``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from redline.coding import codings as cod
from redline.store import models as m
from redline.web.deps import DB, Admin, Coder, Viewer, settings_of
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


class CodingIn(BaseModel):
    document: str = Field(max_length=150)
    provision: int = Field(ge=1, le=MAX_ID, description="provision index (1-based)")
    dimension: str = Field(max_length=100)
    value: float = Field(allow_inf_nan=False)
    quote: str = Field(min_length=1, max_length=20000, description="verbatim span of the provision")
    confidence: float = Field(default=1.0, ge=0, le=1)
    note: str = Field(default="", max_length=5000)


class CodingEdit(BaseModel):
    version: int = Field(ge=1, le=MAX_ID, description="the version you edited (optimistic locking)")
    value: float | None = Field(default=None, allow_inf_nan=False)
    quote: str | None = Field(default=None, min_length=1, max_length=20000)
    confidence: float | None = Field(default=None, ge=0, le=1)
    note: str | None = Field(default=None, max_length=5000)


class CodingOut(BaseModel):
    id: int
    document: str
    provision: int
    ref: str
    dimension: str
    coder: str
    value: float
    quote: str
    confidence: float
    note: str
    origin: str
    version: int


class Decision(BaseModel):
    accept: bool
    value: float | None = Field(default=None, allow_inf_nan=False)
    quote: str | None = Field(default=None, min_length=1, max_length=20000)


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


def _coding_out(c: m.Coding) -> CodingOut:
    return CodingOut(
        id=c.id,
        document=c.provision.document.key,
        provision=c.provision.index,
        ref=c.provision.ref,
        dimension=c.dimension.key,
        coder=c.coder,
        value=c.value,
        quote=c.quote,
        confidence=c.confidence,
        note=c.note,
        origin=c.origin,
        version=c.version,
    )


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


@router.get("/cases/{case_id}/reliability")
def reliability(request: Request, case_id: str, session: DB, user: Viewer) -> Json:
    """The `redline reliability` contract."""
    from redline.coding.reliability import reliability as rel

    get_view(request, session, case_id)
    return rel(session, case_id)


@router.get("/cases/{case_id}/consistency")
def consistency(
    request: Request,
    case_id: str,
    session: DB,
    user: Admin,
    min_similarity: Annotated[float, Query(ge=0.5, le=1.0)] = 0.9,
) -> Json:
    """The `redline code check` output: near-identical provisions coded differently (admins: see blind mode)."""
    from redline.web.routes.consistency import consistency_report

    view = get_view(request, session, case_id)
    return consistency_report(request, session, view, min_similarity)


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


@router.get("/cases/{case_id}/codings", response_model=list[CodingOut])
def list_codings(
    request: Request,
    case_id: str,
    session: DB,
    user: Viewer,
    document: Annotated[str | None, Query(max_length=150)] = None,
    coder: Annotated[str | None, Query(max_length=100)] = None,
    dimension: Annotated[str | None, Query(max_length=100)] = None,
) -> list[CodingOut]:
    """Codings (blind mode: other coders' codings of documents not closed for comparison are hidden, except for admins)."""
    get_view(request, session, case_id)
    viewer = None if user.can("admin") else user.name
    rows = cod.list_codings(
        session, case_id, document=document, coder=coder, dimension=dimension, viewer=viewer
    )
    return [_coding_out(c) for c in rows]


@router.post("/cases/{case_id}/codings", response_model=CodingOut, status_code=201)
def add_coding(request: Request, case_id: str, body: CodingIn, session: DB, user: Coder) -> CodingOut:
    get_view(request, session, case_id)
    doc = cod.find_document(session, case_id, body.document)
    prov = next((p for p in doc.provisions if p.index == body.provision), None)
    if prov is None:
        raise HTTPException(404, f"document {body.document!r} has no provision {body.provision}")
    dim = cod.find_dimension(session, case_id, body.dimension)
    c = cod.add_coding(
        session,
        prov,
        dim,
        coder=user.name,
        value=body.value,
        quote=body.quote,
        confidence=body.confidence,
        note=body.note,
    )
    request.app.state.cache.invalidate(case_id)
    return _coding_out(c)


def _own_coding(session: DB, case_id: str, coding_id: int, user: Any) -> m.Coding:
    c = session.get(m.Coding, coding_id)
    if c is None or c.provision.document.case_id != case_id:
        raise HTTPException(404, f"no coding {coding_id} in case {case_id!r}")
    if c.coder != user.name and not user.can("admin"):
        raise HTTPException(403, f"coding {coding_id} belongs to {c.coder}")
    return c


@router.patch("/cases/{case_id}/codings/{coding_id}", response_model=CodingOut)
def edit_coding(
    request: Request, case_id: str, coding_id: Id, body: CodingEdit, session: DB, user: Coder
) -> CodingOut:
    _own_coding(session, case_id, coding_id, user)
    changes = body.model_dump(exclude={"version"}, exclude_none=True)
    c = cod.edit_coding(session, coding_id, expected_version=body.version, who=user.name, **changes)
    request.app.state.cache.invalidate(case_id)
    return _coding_out(c)


@router.delete("/cases/{case_id}/codings/{coding_id}", response_model=CodingOut)
def delete_coding(
    request: Request,
    case_id: str,
    coding_id: Id,
    session: DB,
    user: Coder,
    version: Annotated[int, Query(ge=1, le=MAX_ID, description="the version you deleted")],
) -> CodingOut:
    _own_coding(session, case_id, coding_id, user)
    c = cod.delete_coding(session, coding_id, expected_version=version, who=user.name)
    request.app.state.cache.invalidate(case_id)
    return _coding_out(c)


@router.post("/cases/{case_id}/documents/{document}/suggestions")
def compute_suggestions(request: Request, case_id: str, document: str, session: DB, user: Coder) -> Json:
    """The `redline code suggest` contract for a stored document; the suggestions are stored as pending."""
    from redline.coding.suggest_store import suggest_document
    from redline.web.routes.documents import encoder_of

    get_view(request, session, case_id)
    return suggest_document(session, case_id, document, store=True, encoder=encoder_of(request))


@router.get("/cases/{case_id}/documents/{document}/suggestions")
def pending_suggestions(
    request: Request, case_id: str, document: str, session: DB, user: Viewer
) -> list[Json]:
    from redline.coding.suggest_store import list_suggestions

    get_view(request, session, case_id)
    return [
        {
            "id": s.id,
            "provision": s.provision.index,
            "ref": s.provision.ref,
            "issue": s.dimension.key,
            "value": s.value,
            "confidence": s.confidence,
            "quote": s.quote,
            "because": s.because,
            "source": s.source,
            "needs_review": s.needs_review,
        }
        for s in list_suggestions(session, case_id, document)
    ]


@router.post("/cases/{case_id}/suggestions/{suggestion_id}/decision")
def decide(
    request: Request, case_id: str, suggestion_id: Id, body: Decision, session: DB, user: Coder
) -> Json:
    """Accept (optionally with another value or quote) or reject a pending suggestion."""
    from redline.coding.suggest_store import decide as decide_suggestion

    s = session.get(m.Suggestion, suggestion_id)
    if s is None or s.provision.document.case_id != case_id:
        raise HTTPException(404, f"no suggestion {suggestion_id} in case {case_id!r}")
    s = decide_suggestion(
        session, suggestion_id, who=user.name, accept=body.accept, value=body.value, quote=body.quote
    )
    request.app.state.cache.invalidate(case_id)
    return {"id": s.id, "status": s.status, "coding": s.coding_id}


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
