"""Helpers shared by the page routes: the case list, the current case, page rendering."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from redline.store import models as m
from redline.web.casedata import CaseView
from redline.web.deps import case_view
from redline.web.messages import N_
from redline.web.render import render
from redline.web.settings import WebSettings

# (path suffix, message id) of the case navigation, in order
NAV = (
    ("", N_("Overview")),
    ("/positions", N_("Positions")),
    ("/drift", N_("Drift")),
    ("/territory", N_("Territory")),
    ("/compare", N_("Compare")),
    ("/criteria", N_("Criteria")),
    ("/affinity", N_("Affinity")),
    ("/simulate", N_("Simulation")),
    ("/coding", N_("Coding")),
    ("/upload", N_("Upload")),
    ("/search", N_("Search")),
)


def case_list(session: Session) -> list[tuple[str, str]]:
    return [(c.id, c.title) for c in session.scalars(select(m.Case).order_by(m.Case.id))]


def default_case(session: Session, settings: WebSettings) -> str | None:
    if settings.case and session.get(m.Case, settings.case) is not None:
        return settings.case
    return session.scalars(select(m.Case.id).order_by(m.Case.created_at, m.Case.id)).first()


def page(
    request: Request,
    session: Session,
    view: CaseView,
    template: str,
    section: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a page of a case (navigation, case switcher and the page's context)."""
    ctx = {
        "case": {"id": view.case_id, "title": view.data.title},
        "cases": case_list(session),
        "nav": NAV,
        "section": section,
        "view": view,
    }
    ctx.update(context or {})
    return render(request, template, ctx, status_code)


def get_view(request: Request, session: Session, case_id: str) -> CaseView:
    return case_view(request, session, case_id)
