"""Home, login and logout, language switch, user administration, health check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from redline.errors import InputError
from redline.web import auth, i18n
from redline.web.auth_models import ROLES
from redline.web.deps import DB, Admin, Viewer, check_csrf, principal, settings_of
from redline.web.render import gettext, render
from redline.web.routes.common import case_list, default_case

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login or a language switch (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: DB, user: Viewer) -> Response:
    case_id = default_case(session, settings_of(request))
    if case_id is None:
        return render(request, "empty.html", {"cases": []})
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.get("/cases", response_class=HTMLResponse)
def pick_case(request: Request, session: DB, user: Viewer, case: str | None = None) -> Response:
    known = dict(case_list(session))
    if case in known:
        return RedirectResponse(f"/cases/{case}", status_code=303)
    return render(request, "empty.html", {"cases": list(known.items())})


@router.get("/healthz")
def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, session: DB, next: str | None = None) -> Response:
    settings = settings_of(request)
    if not settings.multi_user:
        return RedirectResponse(_safe_next(next), status_code=303)
    principal(request, session)
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login", response_class=HTMLResponse, dependencies=[Depends(check_csrf)])
def login(
    request: Request,
    session: DB,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    settings = settings_of(request)
    if not settings.multi_user:
        return RedirectResponse("/", status_code=303)
    limiter = request.app.state.login_limiter
    client = request.client.host if request.client else "?"
    keys = (f"ip:{client}", f"user:{username.lower()}")
    wait = limiter.blocked(*keys)
    if wait:
        msg = gettext(
            request, "Too many failed logins. Try again in %(seconds)d seconds.", seconds=int(wait) + 1
        )
        response = render(request, "login.html", {"next": _safe_next(next), "error": msg}, 429)
        response.headers["Retry-After"] = str(int(wait) + 1)
        return response
    user = auth.authenticate(session, username, password)
    if user is None:
        limiter.fail(*keys)
        msg = gettext(request, "Unknown user name or wrong password.")
        return render(request, "login.html", {"next": _safe_next(next), "error": msg}, 401)
    limiter.reset(f"user:{username.lower()}")
    request.session.clear()  # a fresh session (and CSRF token) after login: no session fixation
    request.session.update({"uid": user.id, "sv": user.session_version})
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login" if settings_of(request).multi_user else "/", status_code=303)


@router.post("/lang", dependencies=[Depends(check_csrf)])
def switch_language(
    request: Request,
    lang: Annotated[str, Form(max_length=10)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    if lang not in i18n.LANGUAGES:
        raise HTTPException(400, f"unknown language {lang!r}")
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        i18n.COOKIE,
        lang,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=settings_of(request).secure_cookies,
    )
    return response


@router.post("/coder", dependencies=[Depends(check_csrf)])
def set_coder(
    request: Request,
    user: Viewer,
    coder: Annotated[str, Form(max_length=100)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Single-user mode: choose the coder name your codings are recorded under."""
    if settings_of(request).multi_user:
        raise HTTPException(403, "in multi-user mode you code under your account name")
    name = coder.strip()
    if not name or not all(c.isalnum() or c in "._-" for c in name):
        raise InputError("a coder name is letters, digits, '.', '_' or '-'")
    request.session["coder"] = name
    return RedirectResponse(_safe_next(next), status_code=303)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, session: DB, user: Admin, message: str | None = None) -> Response:
    users = auth.list_users(session)
    return render(request, "users.html", {"users": users, "roles": ROLES, "message": message})


@router.post("/admin/users", response_class=HTMLResponse)
def users_action(
    request: Request,
    session: DB,
    user: Admin,
    action: Annotated[str, Form(max_length=20)],
    username: Annotated[str, Form(max_length=100)],
    role: Annotated[str, Form(max_length=20)] = "viewer",
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    if not settings_of(request).multi_user:
        raise HTTPException(400, "user accounts exist only in multi-user mode (redline serve --multi-user)")
    if action == "create":
        auth.create_user(session, username, password, role)
    elif action == "role":
        auth.set_role(session, username, role)
    elif action == "password":
        auth.set_password(session, username, password)
    elif action in ("deactivate", "activate"):
        if username == user.name and action == "deactivate":
            raise InputError("you cannot deactivate your own account")
        auth.set_active(session, username, action == "activate")
    else:
        raise InputError(f"unknown action {action!r}")
    return RedirectResponse("/admin/users", status_code=303)
