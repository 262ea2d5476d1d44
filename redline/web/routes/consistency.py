"""Coding consistency review in the dashboard: near-identical provisions coded differently.

The page and its JSON twin (``/api/cases/{case}/consistency``) show what ``redline code check`` shows.
Admins only: the review compares the primary coder's codings across documents, which blind mode keeps
from coders until a document is closed for comparison.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from redline.web.casedata import CaseView
from redline.web.deps import DB, Admin
from redline.web.routes.common import get_view, page

router = APIRouter(prefix="/cases/{case_id}", include_in_schema=False)

Similarity = Annotated[float, Query(ge=0.5, le=1.0, description="Twins: cosine similarity at least this.")]


def consistency_report(
    request: Request, session: Session, view: CaseView, min_similarity: float
) -> dict[str, Any]:
    """The ``redline code check`` JSON for the case, cached until its codings change."""
    from redline.coding.consistency import find_inconsistencies
    from redline.web.routes.documents import encoder_of

    def compute() -> dict[str, Any]:
        found = find_inconsistencies(
            session, view.case_id, min_similarity=min_similarity, encoder=encoder_of(request)
        )
        return {
            "case": view.case_id,
            "min_similarity": min_similarity,
            "max_levels": 1,
            "pairs": [r.as_dict() for r in found],
        }

    return view.cached(f"consistency:{min_similarity:g}", compute)  # type: ignore[no-any-return]


@router.get("/consistency", response_class=HTMLResponse)
def consistency_page(
    request: Request, case_id: str, session: DB, user: Admin, min_similarity: Similarity = 0.9
) -> Response:
    view = get_view(request, session, case_id)
    report = consistency_report(request, session, view, min_similarity)
    return page(request, session, view, "consistency.html", "/coding", {"report": report})
