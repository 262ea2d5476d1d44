"""Web safety: security headers, CSRF tokens, login rate limiting, upload checks.

- **Headers** on every response: a Content-Security-Policy without inline script or style
  (``script-src 'self'``), no framing by other sites, no MIME sniffing, no referrer leaks.
  The compare redline page (a self-contained HTML document with inline CSS and no script) is
  served with its own stricter policy: no script at all, sandboxed.
- **CSRF**: a random token per session; every unsafe request (POST, PUT, PATCH, DELETE) must
  carry it in the ``csrf_token`` form field or the ``X-CSRF-Token`` header (htmx sends it from
  the ``hx-headers`` attribute of ``<body>``), compared in constant time.
- **Login rate limit**: at most N failed logins per window per client address and per user name
  (in memory, per process).
- **Uploads**: size limit, allowed suffixes, and the content must match the suffix.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from redline.errors import InputError
from redline.web.settings import UPLOAD_SUFFIXES

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-src 'self'; frame-ancestors 'self'"
)
# the stand-alone redline page: inline CSS only, no script, no network, sandboxed
REDLINE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox"
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "SAMEORIGIN",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityHeadersMiddleware:
    """Adds :data:`HEADERS` and the CSP to every HTTP response (a route may set its own CSP)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.decode("latin-1").lower() for k, _ in headers}
                for key, value in HEADERS.items():
                    if key not in present:
                        headers.append((key.encode("latin-1"), value.encode("latin-1")))
                if "content-security-policy" not in present:
                    headers.append((b"content-security-policy", CSP.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """The session's CSRF token (created on first use)."""
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def csrf_valid(session: MutableMapping[str, Any], submitted: str | None) -> bool:
    expected = session.get("csrf")
    if not isinstance(expected, str) or not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())


class RateLimiter:
    """Sliding-window counter of failures per key (thread-safe, in memory)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._events: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        events = self._events[key]
        while events and events[0] <= now - self.window:
            events.popleft()
        return events

    def blocked(self, *keys: str) -> float:
        """Seconds until a blocked key frees up (0 = not blocked)."""
        now = time.monotonic()
        with self._lock:
            wait = 0.0
            for key in keys:
                events = self._prune(key, now)
                if len(events) >= self.limit:
                    wait = max(wait, events[0] + self.window - now)
            return wait

    def fail(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._prune(key, now).append(now)

    def reset(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._events.pop(key, None)


_MAGIC = {".pdf": (b"%PDF-",), ".docx": (b"PK\x03\x04",)}


def check_upload(filename: str, data: bytes, max_bytes: int) -> str:
    """Validate an uploaded draft; returns its lower-case suffix.  Raises InputError."""
    name = filename or ""
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(f"file type {suffix or '(none)'} not accepted; use {', '.join(UPLOAD_SUFFIXES)}")
    if len(data) > max_bytes:
        raise InputError(f"file too large: {len(data)} bytes (limit {max_bytes})")
    if not data:
        raise InputError("the file is empty")
    magic = _MAGIC.get(suffix)
    if magic is not None:
        if not data.startswith(magic):
            raise InputError(f"the content is not a {suffix} file")
    elif b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 has a BOM
        raise InputError(f"the content is binary, not a {suffix} text file")
    return suffix
