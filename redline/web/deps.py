"""Request dependencies: database session, who is asking (and may they), CSRF, the case.

Every route depends on exactly one of :func:`require_viewer`, :func:`require_coder`,
:func:`require_admin` (or is in :data:`PUBLIC_ROUTES`); a test walks the routes to check it.  The
role dependencies also enforce CSRF on unsafe methods, so no state-changing route can forget it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from redline.store import models as m
from redline.store.db import get_engine
from redline.web.auth import Principal, principal_of
from redline.web.auth_models import User
from redline.web.casedata import CaseView
from redline.web.security import CSRF_FIELD, CSRF_HEADER, UNSAFE_METHODS, csrf_valid
from redline.web.settings import WebSettings

PUBLIC_ROUTES = frozenset({"/login", "/lang", "/healthz", "/static"})


class AuthRequired(Exception):
    """No (valid) login: HTML pages redirect to the login page, the API answers 401."""


def settings_of(request: Request) -> WebSettings:
    return request.app.state.settings  # type: ignore[no-any-return]


def _factory(request: Request) -> sessionmaker[Session]:
    state = request.app.state
    factory = getattr(state, "session_factory", None)
    if factory is None:
        factory = sessionmaker(bind=get_engine(settings_of(request).database_url), expire_on_commit=False)
        state.session_factory = factory
    return factory  # type: ignore[no-any-return]


async def db(request: Request) -> AsyncIterator[Session]:
    """A transactional session: committed when the route returns normally, rolled back on error.

    The schema was migrated when the app was built.  Creating a session does no I/O, so it happens
    on the event loop; commit and rollback run in the thread pool, and only if the session was used
    (a page served from the cache costs no thread hop here).
    """
    session = _factory(request)()
    try:
        yield session
    except BaseException:
        await run_in_threadpool(_end, session, False)
        raise
    else:
        if session.in_transaction():
            await run_in_threadpool(_end, session, True)
        else:
            session.close()


def _end(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


DB = Annotated[Session, Depends(db, scope="function")]


def principal(request: Request, session: DB) -> Principal | None:
    """The current principal: the local analyst (single-user) or the logged-in account."""
    cached = getattr(request.state, "principal", False)
    if cached is not False:
        return cached  # type: ignore[no-any-return]
    settings = settings_of(request)
    who: Principal | None
    if not settings.multi_user:
        name = request.session.get("coder") or settings.local_user
        who = Principal(str(name), "admin")
    else:
        who = None
        uid, version = request.session.get("uid"), request.session.get("sv")
        if isinstance(uid, int):
            user = session.get(User, uid)
            if user is not None and user.active and user.session_version == version:
                who = principal_of(user)
    request.state.principal = who
    return who


async def check_csrf(request: Request) -> None:
    """Reject an unsafe request without the session's CSRF token (form field or header)."""
    if request.method not in UNSAFE_METHODS:
        return
    token = request.headers.get(CSRF_HEADER)
    if not token:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            token = value if isinstance(value, str) else None
    if not csrf_valid(request.session, token):
        raise HTTPException(403, "missing or invalid CSRF token: reload the page and try again")


def _require(role: str):  # type: ignore[no-untyped-def]
    async def dependency(request: Request, session: DB, _csrf: None = Depends(check_csrf)) -> Principal:
        if settings_of(request).multi_user:
            who = await run_in_threadpool(principal, request, session)  # reads the account
        else:
            who = principal(request, session)  # the local analyst: no I/O
        if who is None:
            raise AuthRequired()
        if not who.can(role):
            raise HTTPException(403, f"this needs the {role} role; you are {who.role}")
        return who

    dependency.__name__ = f"require_{role}"
    return dependency


require_viewer = _require("viewer")
require_coder = _require("coder")
require_admin = _require("admin")
ROLE_DEPENDENCIES = (require_viewer, require_coder, require_admin)

Viewer = Annotated[Principal, Depends(require_viewer)]
Coder = Annotated[Principal, Depends(require_coder)]
Admin = Annotated[Principal, Depends(require_admin)]


def case_view(request: Request, session: Session, case_id: str) -> CaseView:
    """The case, or 404."""
    if session.get(m.Case, case_id) is None:
        raise HTTPException(404, f"no case {case_id!r}")
    settings = settings_of(request)
    from redline.web.render import language_of

    # pages name the case's terms in the reader's language; the JSON API keeps the case's own names
    lang = "en" if request.url.path.startswith("/api/") else language_of(request)
    return CaseView(session, case_id, request.app.state.cache, settings.replicates, lang)
