"""Fixtures of the web tests: the web test bundle in a database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

BUNDLE = Path(__file__).parent / "bundle-web"
PG_ENV = "REDLINE_TEST_DATABASE_URL"
SECRET = "test-secret-" + "x" * 40


def _postgres_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set in CI: .ci/run must start PostgreSQL")
        pytest.skip(f"PostgreSQL not configured: set {PG_ENV}")
    return url


def load_bundle(url: str) -> None:
    from redline.cases.loader import import_bundle
    from redline.store import db
    from redline.store.db import session_scope

    if url.startswith("postgresql"):
        engine = db.get_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        db._UPGRADED.discard(url)
    with session_scope(url) as s:
        import_bundle(s, BUNDLE)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def web_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database holding the web test case (``webcase``), fresh per test module."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.sqlite'}"
    else:
        url = _postgres_url()
    load_bundle(url)
    yield url


def make_app(url: str, **kw):  # type: ignore[no-untyped-def]
    from web_fakes import BagEncoder

    from redline.web.app import create_app
    from redline.web.settings import WebSettings

    defaults = dict(
        database_url=url,
        secret_key=SECRET,
        allowed_hosts=("testserver", "127.0.0.1", "localhost"),
        warm=False,
        replicates=40,
        encoder=BagEncoder(),
    )
    defaults.update(kw)
    return create_app(WebSettings(**defaults))


def csrf_of(client) -> str:  # type: ignore[no-untyped-def]
    """The session's CSRF token (via the API)."""
    return client.get("/api/session").json()["csrf_token"]
