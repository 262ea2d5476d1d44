"""The FastAPI application: middleware, error pages, routers.

``create_app(WebSettings(...))`` builds one app; ``redline serve`` runs it with uvicorn.  Pages
are server-rendered (Jinja2, progressive enhancement with the vendored htmx); ``/api`` serves the
same data as JSON, documented by the OpenAPI schema at ``/api/openapi.json`` (browsable at
``/api``).  No page loads anything from another origin.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from redline.errors import ConflictError, InputError, NotFoundError, RedlineError
from redline.web.cache import CaseCache
from redline.web.deps import AuthRequired
from redline.web.pagecache import PageCache
from redline.web.security import RateLimiter, SecurityHeadersMiddleware
from redline.web.settings import WebSettings

STATIC = Path(__file__).with_name("static")
log = logging.getLogger("redline.web")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    from redline.web.render import render

    return render(request, "error.html", {"status": status, "message": message}, status_code=status)


def _back_target(request: Request) -> str | None:
    """The same-site page a failed form post came from (None for the API and other requests)."""
    from urllib.parse import urlsplit

    if request.method != "POST" or _wants_json(request):
        return None
    ref = urlsplit(request.headers.get("referer", ""))
    if ref.netloc and ref.netloc != request.headers.get("host"):
        return None
    if not ref.path.startswith("/") or ref.path.startswith("//"):
        return None
    return ref.path + (f"?{ref.query}" if ref.query else "")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AuthRequired)
    async def auth_required(request: Request, exc: AuthRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "login required"}, status_code=401)
        from urllib.parse import quote

        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.headers.get("hx-request") == "true":
            return Response(status_code=401, headers={"HX-Redirect": f"/login?next={quote(target)}"})
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        response = _error(request, exc.status_code, str(exc.detail))
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": jsonable(exc.errors())}, status_code=422)
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return _error(request, 422, problems)

    @app.exception_handler(RedlineError)
    async def redline_error(request: Request, exc: RedlineError) -> Response:
        back = _back_target(request)
        if back is not None and isinstance(exc, InputError | ConflictError):
            # a form of a page: show the problem on the page the form came from
            request.session["flash"] = str(exc)
            request.session["flash_error"] = True
            return RedirectResponse(back, status_code=303)
        if isinstance(exc, NotFoundError):
            return _error(request, 404, str(exc))
        if isinstance(exc, InputError):
            return _error(request, 400, str(exc))
        if isinstance(exc, ConflictError):
            return _error(request, 409, str(exc))
        log.exception("internal error", exc_info=exc)
        return _error(request, 500, str(exc))


def jsonable(obj: Any) -> Any:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(obj, custom_encoder={Exception: str})


def _warm(app: FastAPI) -> None:
    """Compute the default case's measures in the background, so the first visitor waits less."""
    from redline.store.db import session_scope
    from redline.web.casedata import CaseView
    from redline.web.routes.common import default_case

    settings: WebSettings = app.state.settings
    try:
        with session_scope(settings.database_url) as session:
            case_id = default_case(session, settings)
            if case_id is None:
                return
            view = CaseView(session, case_id, app.state.cache, settings.replicates)
            view.summary()
            view.positions()
            view.measures()
            for actor in view.data.actors:
                view.drift(actor)
            view.criteria()
            view.red_lines()
            view.affinity()
    except Exception:  # warming is an optimisation only
        log.exception("warming the cache failed")


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """The dashboard application for ``settings`` (defaults: single-user demo on localhost)."""
    from redline.store.db import upgrade
    from redline.web.routes import (
        account,
        api,
        api_coding,
        cases,
        coding,
        consistency,
        documents,
        search,
        simulate,
        upload,
    )

    settings = settings or WebSettings()
    upgrade(settings.database_url)
    app = FastAPI(
        title="redline",
        version="1",
        description=(
            "JSON API of the redline dashboard: the same data as the pages. Contract outputs "
            "(positions, compare, suggestions, simulate) have the shapes of CONTRACTS.md. "
            "Unsafe methods need the X-CSRF-Token header (GET /api/session gives it); in multi-user "
            "mode every call needs a logged-in session cookie with a sufficient role."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.cache = CaseCache(settings.fingerprint_ttl)
    app.state.page_cache = PageCache()
    app.state.login_limiter = RateLimiter(settings.login_attempts, settings.login_window_seconds)
    app.state.compare_cache = {}
    app.state.compare_lock = threading.Lock()
    _install_error_handlers(app)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.resolved_secret(),
        session_cookie="redline_session",
        same_site="lax",
        https_only=settings.secure_cookies,
        max_age=14 * 24 * 3600,
    )
    if settings.allowed_hosts and "*" not in settings.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for module in (account, cases, documents, coding, consistency, simulate, upload, search, api, api_coding):
        app.include_router(module.router)
    if settings.warm:
        threading.Thread(target=_warm, args=(app,), name="redline-warm", daemon=True).start()
    return app
