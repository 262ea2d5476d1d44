"""Document page (provisions, codings, evidence, sources) and the compare page (side-by-side redline)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from redline.coding.codings import find_document, list_codings
from redline.store import models as m
from redline.web.deps import DB, Viewer, settings_of
from redline.web.pagecache import cached_page
from redline.web.routes.common import get_view, page
from redline.web.security import REDLINE_CSP
from redline.web.textmarks import pieces

router = APIRouter(prefix="/cases/{case_id}", include_in_schema=False)


def document_detail(session: Session, case_id: str, key: str) -> dict[str, Any]:
    """A stored document with its provisions, the primary coder's codings and the evidence pieces."""
    doc = find_document(session, case_id, key)
    case = session.get(m.Case, case_id)
    assert case is not None
    codings = list_codings(session, case_id, document=key, coder=case.primary_coder)
    by_prov: dict[int, list[m.Coding]] = {}
    for c in codings:
        by_prov.setdefault(c.provision_id, []).append(c)
    children: dict[int | None, list[int]] = {}
    for p in doc.provisions:
        children.setdefault(p.parent_index, []).append(p.start)
    provisions = []
    for p in doc.provisions:
        own_end = min([s for s in children.get(p.index, []) if s > p.start] or [p.end])
        own_text = doc.text[p.start : own_end] if doc.text else p.text
        cs = by_prov.get(p.id, [])
        spans = [(c.evidence_start, c.evidence_end, c.dimension.key) for c in cs]
        provisions.append(
            {
                "index": p.index,
                "ref": p.ref,
                "label": p.label,
                "level": p.level,
                "pieces": pieces(own_text, p.start, spans),
                "codings": [
                    {
                        "id": c.id,
                        "dimension": c.dimension.key,
                        "dimension_name": c.dimension.name,
                        "kind": c.dimension.kind,
                        "value": c.value,
                        "confidence": c.confidence,
                        "quote": c.quote,
                        "coder": c.coder,
                        "note": c.note,
                    }
                    for c in cs
                ],
            }
        )
    return {
        "id": doc.key,
        "title": doc.title,
        "date": doc.date.isoformat() if doc.date else None,
        "actor": doc.actor_key,
        "co_actors": list(doc.co_actors),
        "venue": doc.venue,
        "kind": doc.kind,
        "status": doc.status,
        "reliability": doc.reliability,
        "language": doc.language,
        "version_of": doc.version_of,
        "sources": list(doc.sources),
        "notes": doc.notes,
        "origin": doc.origin,
        "closed_for_comparison": doc.closed_for_comparison,
        "provisions": provisions,
        "primary_coder": case.primary_coder,
    }


@router.get("/documents/{document}", response_class=HTMLResponse)
@cached_page
def document_page(request: Request, case_id: str, document: str, session: DB, user: Viewer) -> Response:
    view = get_view(request, session, case_id)
    detail = document_detail(session, case_id, document)
    later = session.scalars(
        select(m.Document.key).where(m.Document.case_id == case_id, m.Document.version_of == document)
    ).all()
    return page(
        request,
        session,
        view,
        "document.html",
        "",
        {"doc": detail, "later_versions": [view.doc(k) for k in later]},
    )


def encoder_of(request: Request) -> Any:
    """The embedding backend of this app (loaded once; models load lazily on first use)."""
    state = request.app.state
    enc = getattr(state, "encoder", None)
    if enc is None:
        spec = settings_of(request).encoder
        if isinstance(spec, str):
            from redline.align.encoders import get_encoder

            enc = get_encoder(spec)
        else:
            enc = spec
        state.encoder = enc
    return enc


def run_compare(request: Request, session: Session, case_id: str, a: str, b: str) -> dict[str, Any]:
    """Align two stored documents (the ``redline compare`` capability); cached per text versions."""
    from redline.align.aligner import align
    from redline.align.html import render_html
    from redline.align.persist import DBEmbeddingCache, store_alignment, stored_document
    from redline.align.result import DocMeta

    doc_a, doc_b = find_document(session, case_id, a), find_document(session, case_id, b)
    enc = encoder_of(request)
    key = (case_id, a, b, doc_a.sha256, doc_b.sha256, getattr(enc, "name", str(enc)))
    state = request.app.state
    with state.compare_lock:
        hit = state.compare_cache.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    side_a, side_b = stored_document(session, f"{case_id}/{a}"), stored_document(session, f"{case_id}/{b}")
    result = align(
        side_a.texts,
        side_b.texts,
        side_a.language,
        side_b.language,
        enc,
        DBEmbeddingCache(session),
        a_ids=side_a.indices,
        b_ids=side_b.indices,
    )
    store_alignment(session, side_a.id, side_b.id, result)
    a_meta = DocMeta(side_a.title, side_a.language, len(side_a.texts))
    b_meta = DocMeta(side_b.title, side_b.language, len(side_b.texts))
    out = {
        "contract": result.to_contract(a_meta, b_meta),
        "html": render_html(result, side_a.texts, side_b.texts, a_meta, b_meta),
        "texts_a": dict(zip(side_a.indices, side_a.texts, strict=True)),
        "texts_b": dict(zip(side_b.indices, side_b.texts, strict=True)),
    }
    with state.compare_lock:
        if len(state.compare_cache) > 64:
            state.compare_cache.clear()
        state.compare_cache[key] = out
    return out


@router.get("/compare", response_class=HTMLResponse)
@cached_page
def compare_page(
    request: Request,
    case_id: str,
    session: DB,
    user: Viewer,
    a: str | None = None,
    b: str | None = None,
) -> Response:
    view = get_view(request, session, case_id)
    ctx: dict[str, Any] = {"a": a, "b": b, "result": None}
    if a and b:
        if a == b:
            raise HTTPException(400, "pick two different documents")
        done = run_compare(request, session, case_id, a, b)
        ctx.update(result=done["contract"], texts_a=done["texts_a"], texts_b=done["texts_b"])
    return page(request, session, view, "compare.html", "/compare", ctx)


@router.get("/compare/redline", response_class=HTMLResponse)
def compare_redline(request: Request, case_id: str, a: str, b: str, session: DB, user: Viewer) -> Response:
    """The stand-alone redline page of ``redline compare --format html`` (embedded in a sandboxed frame)."""
    get_view(request, session, case_id)
    html = run_compare(request, session, case_id, a, b)["html"]
    return HTMLResponse(html, headers={"content-security-policy": REDLINE_CSP})
