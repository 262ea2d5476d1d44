"""Search page: full-text and semantic search over all provisions, with filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from redline.errors import InputError
from redline.web import search as s
from redline.web.casedata import CaseView
from redline.web.deps import DB, Viewer
from redline.web.pagecache import cached_page
from redline.web.routes.common import get_view, page
from redline.web.textmarks import pieces, term_spans

router = APIRouter(prefix="/cases/{case_id}", include_in_schema=False)


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name}: not a date: {value!r} (use YYYY-MM-DD)") from None


def run_search(
    request: Request,
    session: Session,
    view: CaseView,
    q: str,
    mode: str,
    dimension: str | None,
    actor: str | None,
    date_from: str | None,
    date_to: str | None,
    limit: int = s.MAX_RESULTS,
) -> dict[str, Any]:
    """The search result as JSON-ready data (shared by the page and the API)."""
    if mode not in ("text", "semantic"):
        raise InputError("mode is text or semantic")
    rows = view.cached("search_rows", lambda: s.provision_rows(session, view.case_id))
    allowed = s.allowed_rows(
        rows,
        dimension=dimension or None,
        actor=actor or None,
        date_from=_date(date_from, "from"),
        date_to=_date(date_to, "to"),
    )
    if mode == "text":
        index = view.cached("search_text", lambda: s.TextIndex(rows))
        ranked = index.search(q, allowed)
    else:
        from redline.web.routes.documents import encoder_of

        enc = encoder_of(request)
        name = getattr(enc, "name", "encoder")
        vectors = view.cached(f"search_vec:{name}", lambda: s.semantic_vectors(session, rows, enc))
        ranked = s.semantic_search(session, vectors, q, enc, allowed)
    hits = [s.hit_json(rows[i], score) for i, score in ranked[:limit]]
    return {"case": view.case_id, "query": q, "mode": mode, "total": len(ranked), "hits": hits}


@router.get("/search", response_class=HTMLResponse)
@cached_page
def search_page(
    request: Request,
    case_id: str,
    session: DB,
    user: Viewer,
    q: str = "",
    mode: str = "text",
    dimension: str | None = None,
    actor: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Response:
    view = get_view(request, session, case_id)
    result = None
    if q.strip():
        result = run_search(request, session, view, q, mode, dimension, actor, date_from, date_to)
        words = s.tokens(q) if mode == "text" else []
        for hit in result["hits"]:
            hit["pieces"] = pieces(hit["text"], 0, term_spans(hit["text"], words))
    ctx = {
        "q": q,
        "mode": mode,
        "dimension": dimension or "",
        "actor": actor or "",
        "date_from": date_from or "",
        "date_to": date_to or "",
        "result": result,
    }
    return page(request, session, view, "search.html", "/search", ctx)
