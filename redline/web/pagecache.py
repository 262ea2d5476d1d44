"""Whole-page cache for the read-only case pages.

A page is rendered once per (path and query, htmx or not, language, user and role, data
fingerprint of the case) and then served from memory: the pages must answer in milliseconds under
load.  The session-bound CSRF token is the one per-request part of a page: pages are rendered with
a per-process placeholder, replaced by the requester's token on every response, so no token is
ever shared between sessions.  Pages that show a flash message are not cached.
"""

from __future__ import annotations

import functools
import inspect
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from redline.web.security import csrf_token

PLACEHOLDER = "csrf-" + secrets.token_hex(16)
MAX_PAGES = 2000


class PageCache:
    """An LRU map from page keys to rendered HTML (with the CSRF placeholder)."""

    def __init__(self, size: int = MAX_PAGES) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[Any, ...], tuple[int, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> tuple[int, str] | None:
        with self._lock:
            hit = self._pages.get(key)
            if hit is not None:
                self._pages.move_to_end(key)
            return hit

    def put(self, key: tuple[Any, ...], status: int, html: str) -> None:
        with self._lock:
            self._pages[key] = (status, html)
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


def _respond(request: Request, status: int, html: str) -> HTMLResponse:
    return HTMLResponse(html.replace(PLACEHOLDER, csrf_token(request.session)), status_code=status)


def cached_page(fn: Callable[..., Response]) -> Callable[..., Response]:
    """Decorate a read-only case page route (with ``request``, ``session`` and ``case_id`` parameters)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        request: Request = kwargs["request"]
        app_state = request.app.state
        who = getattr(request.state, "principal", None)
        from redline.web.render import language_of

        fp = app_state.cache.current(kwargs["session"], kwargs["case_id"])
        key = (
            request.url.path,
            request.url.query,
            request.headers.get("hx-request") == "true",
            language_of(request),
            (who.name, who.role) if who else None,
            fp,
        )
        if kwargs.get("run") or "flash" in request.session:  # a simulation run, or a message to show
            return fn(*args, **kwargs)
        hit = app_state.page_cache.get(key)
        if hit is not None:
            return _respond(request, *hit)
        request.state.csrf_placeholder = True
        response = fn(*args, **kwargs)
        if not isinstance(response, HTMLResponse):
            return response
        html = bytes(response.body).decode("utf-8")
        if response.status_code == 200 and not getattr(request.state, "had_flash", False):
            app_state.page_cache.put(key, response.status_code, html)
        fresh = _respond(request, response.status_code, html)
        for name, value in response.headers.items():
            if name.lower() not in ("content-length", "content-type"):
                fresh.headers[name] = value
        return fresh

    wrapper.__signature__ = inspect.signature(fn)  # type: ignore[attr-defined]
    return wrapper
