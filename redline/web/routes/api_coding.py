"""The coding part of the JSON API under ``/api``: codings, suggestions, agreement and consistency.

Reads need the viewer role (the consistency review: admin, see blind mode), writes the coder role;
unsafe methods need the ``X-CSRF-Token`` header (from ``GET /api/session``).  Shared pieces (error
responses, id types) come from :mod:`redline.web.routes.api`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from redline.coding import codings as cod
from redline.store import models as m
from redline.web.deps import DB, Admin, Coder, Viewer
from redline.web.routes.api import ERRORS, MAX_ID, Id, Json
from redline.web.routes.common import get_view

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)


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
