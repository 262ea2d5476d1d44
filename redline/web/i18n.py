"""Interface languages: gettext catalogues (``locale/<lang>/LC_MESSAGES/redline.mo``) and their choice.

English is the source language; German is translated in ``locale/de/LC_MESSAGES/redline.po``
(compiled to ``.mo`` with ``pybabel compile -d redline/web/locale -D redline``; a test checks the
compiled catalogue matches the source and every message is translated).  A request's language is
the ``redline_lang`` cookie (set by the switch in the page), else the best match of the browser's
``Accept-Language``, else English.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "redline"
LANGUAGES = {"en": "English", "de": "Deutsch"}
DEFAULT = "en"
COOKIE = "redline_lang"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang])


def pick_language(cookie: str | None, accept_language: str | None) -> str:
    """The language of a request (see the module docstring)."""
    if cookie in LANGUAGES:
        return cookie  # type: ignore[return-value]
    best, best_q = DEFAULT, -1.0
    for part in (accept_language or "").split(","):
        piece = part.strip()
        if not piece:
            continue
        tag, _, params = piece.partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        code = tag.strip().lower().split("-")[0]
        if code in LANGUAGES and q > best_q:
            best, best_q = code, q
    return best
