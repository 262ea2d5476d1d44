"""Jinja2 rendering: one environment per interface language, with the filters the templates use.

Autoescaping is on for every template: document text, titles, quotes and notes are untrusted and
are only ever inserted as escaped text (no ``|safe`` on data).  Links taken from data pass through
:func:`http_url`, which lets only http(s) URLs become links.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from babel.dates import format_date
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

from redline.web import i18n
from redline.web.security import csrf_token

TEMPLATES = Path(__file__).with_name("templates")


def http_url(value: object) -> str | None:
    """The URL if it is an absolute http(s) URL, else None (no javascript:, data:, relative ...)."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not any(c in url for c in "\n\r\t"):
        return url
    return None


def heat_class(value: object) -> str:
    """CSS class of a 0-100 position on the diverging heat scale (``h0`` … ``h10``, ``hna``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "hna"
    return f"h{max(0, min(10, int(round(float(value) / 10))))}"  # type: ignore[arg-type]


def seq_class(value: object) -> str:
    """CSS class of a 0-1 share on the sequential scale (``s0`` … ``s10``)."""
    if value is None:
        return "hna"
    return f"s{max(0, min(10, int(round(float(value) * 10))))}"  # type: ignore[arg-type]


@cache
def environment(lang: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]

    def num(value: object, digits: int = 0) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        fmt = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(float(value), format=fmt, locale=lang)  # type: ignore[arg-type]

    def date(value: object) -> str:
        if value is None:
            return "?"
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                return value
        return format_date(value, format="medium", locale=lang)  # type: ignore[arg-type]

    env.filters.update(
        num=num,
        date=date,
        heat=heat_class,
        seq=seq_class,
        http_url=http_url,
        q=lambda v: quote(str(v), safe=""),
    )
    env.globals["languages"] = i18n.LANGUAGES
    return env


def language_of(request: Request) -> str:
    lang = getattr(request.state, "lang", None)
    if lang is None:
        lang = i18n.pick_language(request.cookies.get(i18n.COOKIE), request.headers.get("accept-language"))
        request.state.lang = lang
    return lang  # type: ignore[no-any-return]


def gettext(request: Request, message: str, **params: Any) -> str:
    """Translate a message of Python code into the request's language."""
    text = i18n.translations(language_of(request)).gettext(message)
    return text % params if params else text


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render a template with the common context (user, CSRF token, language, case list)."""
    from redline.web.pagecache import PLACEHOLDER

    lang = language_of(request)
    settings = request.app.state.settings
    token = PLACEHOLDER if getattr(request.state, "csrf_placeholder", False) else csrf_token(request.session)
    flash = request.session.pop("flash", None)
    if flash is not None:
        request.state.had_flash = True
    ctx: dict[str, Any] = {
        "request": request,
        "lang": lang,
        "csrf": token,
        "user": getattr(request.state, "principal", None),
        "multi_user": settings.multi_user,
        "path": request.url.path,
        "full_path": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
        "flash": flash,
        "flash_error": request.session.pop("flash_error", False),
    }
    ctx.update(context or {})
    html = environment(lang).get_template(template).render(ctx)
    return HTMLResponse(html, status_code=status_code)
