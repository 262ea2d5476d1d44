"""Coding workspace: code provisions, act on machine suggestions, see history and agreement.

Blind mode: until a document is closed for comparison, a coder sees only their own codings of it
(and no suggestions' reasons change that: suggestions are learnt from the primary coder's codings
of *other* documents).  Admins may close and reopen documents and adjudicate disagreements.
Every write names the version it edited (optimistic locking): a concurrent change is refused
with a message instead of being overwritten.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from redline.coding import codings as cod
from redline.store import models as m
from redline.web.auth import Principal
from redline.web.deps import DB, Admin, Coder, Viewer
from redline.web.pagecache import cached_page
from redline.web.routes.common import get_view, page

router = APIRouter(prefix="/cases/{case_id}/coding", include_in_schema=False)


def _back(
    request: Request, case_id: str, document: str, anchor: str = "", message: str | None = None
) -> Response:
    request.app.state.cache.invalidate(case_id)
    if message:
        request.session["flash"] = message
    return RedirectResponse(f"/cases/{case_id}/coding/{document}{anchor}", status_code=303)


def agreement(session: Session, case_id: str, doc: m.Document) -> list[dict[str, Any]]:
    """Per provision and dimension: every independent coder's value (primary coder apart), disagreements first."""
    case = session.get(m.Case, case_id)
    assert case is not None
    rows = cod.list_codings(session, case_id, document=doc.key)
    coders = sorted({c.coder for c in rows if c.coder != case.primary_coder})
    units: dict[tuple[int, str], dict[str, Any]] = {}
    for c in rows:
        key = (c.provision.index, c.dimension.key)
        unit = units.setdefault(
            key,
            {"provision": c.provision, "dimension": c.dimension, "values": {}, "final": None},
        )
        if c.coder == case.primary_coder:
            unit["final"] = c
        else:
            unit["values"][c.coder] = c
    out = []
    for key in sorted(units):
        u = units[key]
        vals = {k: v.value for k, v in u["values"].items()}
        u["disagree"] = len(set(vals.values())) > 1 or (0 < len(vals) < len(coders))
        u["coders"] = coders
        out.append(u)
    return out


def _suggestions(session: Session, case_id: str, document: str) -> dict[int, list[m.Suggestion]]:
    from redline.coding.suggest_store import list_suggestions

    out: dict[int, list[m.Suggestion]] = defaultdict(list)
    for s in list_suggestions(session, case_id, document, status="pending"):
        out[s.provision_id].append(s)
    return out


@router.get("", response_class=HTMLResponse)
@cached_page
def coding_index(request: Request, case_id: str, session: DB, user: Viewer) -> Response:
    view = get_view(request, session, case_id)
    docs = session.scalars(
        select(m.Document).where(m.Document.case_id == case_id).order_by(m.Document.date, m.Document.key)
    ).all()
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in cod.list_codings(session, case_id):
        counts[c.provision.document.key][c.coder] += 1
    return page(request, session, view, "coding_index.html", "/coding", {"docs": docs, "counts": counts})


@router.get("/{document}", response_class=HTMLResponse)
@cached_page
def workspace(
    request: Request, case_id: str, document: str, session: DB, user: Viewer, all_coders: bool = False
) -> Response:
    view = get_view(request, session, case_id)
    doc = cod.find_document(session, case_id, document)
    show_all = doc.closed_for_comparison or (all_coders and user.can("admin"))
    rows = cod.list_codings(
        session, case_id, document=document, viewer=None if show_all else user.name, include_deleted=False
    )
    ids = [c.id for c in rows]
    history: dict[int, list[m.CodingHistory]] = defaultdict(list)
    if ids:
        for h in session.scalars(
            select(m.CodingHistory).where(m.CodingHistory.coding_id.in_(ids)).order_by(m.CodingHistory.id)
        ):
            history[h.coding_id].append(h)
    by_prov: dict[int, list[m.Coding]] = defaultdict(list)
    for c in rows:
        by_prov[c.provision_id].append(c)
    case = session.get(m.Case, case_id)
    dims = session.scalars(
        select(m.Dimension)
        .where(m.Dimension.case_id == case_id)
        .options(selectinload(m.Dimension.levels))
        .order_by(m.Dimension.position)
    ).all()
    ctx = {
        "doc": doc,
        "by_prov": by_prov,
        "history": history,
        "dims": dims,
        "show_all": show_all,
        "blind": not show_all,
        "suggestions": _suggestions(session, case_id, document),
        "agreement": agreement(session, case_id, doc) if show_all else [],
        "primary_coder": case.primary_coder if case else "final",
        "coder": user.name,
    }
    return page(request, session, view, "coding.html", "/coding", ctx)


def _own(coding: m.Coding, user: Principal) -> None:
    if coding.coder != user.name and not user.can("admin"):
        raise HTTPException(
            403, f"coding {coding.id} belongs to {coding.coder}; you may change only your own"
        )


def _own_coding(session: Session, coding_id: int, case_id: str, document: str, user: Principal) -> m.Coding:
    """The coding of this document that ``user`` may change (404 if it is not there, 403 if not theirs)."""
    coding = session.get(m.Coding, coding_id)
    if (
        coding is None
        or coding.provision.document.key != document
        or coding.provision.document.case_id != case_id
    ):
        raise HTTPException(404, f"no coding {coding_id} in this document")
    _own(coding, user)
    return coding


@router.post("/{document}/add")
def add(
    request: Request,
    case_id: str,
    document: str,
    session: DB,
    user: Coder,
    provision: Annotated[int, Form()],
    dimension: Annotated[str, Form(max_length=100)],
    value: Annotated[float, Form()],
    quote: Annotated[str, Form(max_length=20000)],
    confidence: Annotated[float, Form(ge=0, le=1)] = 1.0,
    note: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    doc = cod.find_document(session, case_id, document)
    prov = next((p for p in doc.provisions if p.index == provision), None)
    if prov is None:
        raise HTTPException(404, f"document {document!r} has no provision {provision}")
    dim = cod.find_dimension(session, case_id, dimension)
    cod.add_coding(
        session, prov, dim, coder=user.name, value=value, quote=quote, confidence=confidence, note=note
    )
    return _back(request, case_id, document, f"#p-{prov.index}")


@router.post("/{document}/edit")
def edit(
    request: Request,
    case_id: str,
    document: str,
    session: DB,
    user: Coder,
    coding_id: Annotated[int, Form()],
    version: Annotated[int, Form()],
    value: Annotated[float, Form()],
    quote: Annotated[str, Form(max_length=20000)],
    confidence: Annotated[float, Form(ge=0, le=1)] = 1.0,
    note: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    coding = _own_coding(session, coding_id, case_id, document, user)
    changes: dict[str, Any] = {}
    if value != coding.value:
        changes["value"] = value
    if quote != coding.quote:
        changes["quote"] = quote
    if confidence != coding.confidence:
        changes["confidence"] = confidence
    if note != coding.note:
        changes["note"] = note
    if changes:
        cod.edit_coding(session, coding_id, expected_version=version, who=user.name, **changes)
    return _back(request, case_id, document, f"#p-{coding.provision.index}")


@router.post("/{document}/delete")
def delete(
    request: Request,
    case_id: str,
    document: str,
    session: DB,
    user: Coder,
    coding_id: Annotated[int, Form()],
    version: Annotated[int, Form()],
) -> Response:
    coding = _own_coding(session, coding_id, case_id, document, user)
    cod.delete_coding(session, coding_id, expected_version=version, who=user.name)
    return _back(request, case_id, document, f"#p-{coding.provision.index}")


@router.post("/{document}/suggest")
def suggest(request: Request, case_id: str, document: str, session: DB, user: Coder) -> Response:
    """Compute machine suggestions for the document's provisions (stored as pending)."""
    from redline.coding.suggest_store import suggest_document
    from redline.web.routes.documents import encoder_of

    cod.find_document(session, case_id, document)
    out = suggest_document(session, case_id, document, store=True, encoder=encoder_of(request))
    n = sum(len(p["suggestions"]) for p in out["provisions"]) + int(out.get("carried_over", 0))
    return _back(request, case_id, document, message=f"suggestions: {n}")


@router.post("/{document}/decide")
def decide(
    request: Request,
    case_id: str,
    document: str,
    session: DB,
    user: Coder,
    suggestion_id: Annotated[int, Form()],
    decision: Annotated[str, Form(pattern="^(accept|reject)$")],
    value: Annotated[float | None, Form()] = None,
    quote: Annotated[str | None, Form(max_length=20000)] = None,
) -> Response:
    """Accept a suggestion (as is, or with an edited value or quote) or reject it."""
    from redline.coding.suggest_store import decide as decide_suggestion

    s = session.get(m.Suggestion, suggestion_id)
    doc = cod.find_document(session, case_id, document)
    if s is None or s.document_id != doc.id:
        raise HTTPException(404, f"no suggestion {suggestion_id} for this document")
    decide_suggestion(
        session, suggestion_id, who=user.name, accept=decision == "accept", value=value, quote=quote or None
    )
    return _back(request, case_id, document, f"#p-{s.provision.index}")


@router.post("/{document}/close")
def close(
    request: Request,
    case_id: str,
    document: str,
    session: DB,
    user: Admin,
    closed: Annotated[bool, Form()],
) -> Response:
    """Close a document for comparison (ends blind mode for it) or reopen it."""
    cod.set_closed(session, case_id, document, closed)
    return _back(request, case_id, document)


@router.post("/{document}/adjudicate")
def adjudicate(
    request: Request,
    case_id: str,
    document: str,
    session: DB,
    user: Admin,
    provision: Annotated[int, Form()],
    dimension: Annotated[str, Form(max_length=100)],
    value: Annotated[float, Form()],
    quote: Annotated[str, Form(max_length=20000)],
    reasons: Annotated[str, Form(min_length=1, max_length=5000)],
) -> Response:
    """Record the final value of a unit with the reasons; the coders' own values are kept."""
    doc = cod.find_document(session, case_id, document)
    prov = next((p for p in doc.provisions if p.index == provision), None)
    if prov is None:
        raise HTTPException(404, f"document {document!r} has no provision {provision}")
    dim = cod.find_dimension(session, case_id, dimension)
    cod.adjudicate(session, prov, dim, value=value, quote=quote, reasons=reasons, who=user.name)
    return _back(request, case_id, document, f"#p-{prov.index}")
