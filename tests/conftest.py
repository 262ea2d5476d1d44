"""Shared fixtures: databases (SQLite always; PostgreSQL when REDLINE_TEST_DATABASE_URL is set).

Tests that need PostgreSQL skip with a clear reason when no server is configured,
except in CI (``CI=true``), where a missing server is an error: CI must run them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

FIXTURES = Path(__file__).parent / "fixtures"
PG_ENV = "REDLINE_TEST_DATABASE_URL"


def _reset_postgres(url: str) -> None:
    from redline.store import db

    engine = db.get_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    db._UPGRADED.discard(url)


def postgres_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set in CI: .ci/run must start PostgreSQL")
        pytest.skip(
            f"PostgreSQL not configured: set {PG_ENV} (e.g. postgresql+psycopg://user@localhost/redline_test)"
        )
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, empty database URL; parametrised over SQLite and PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    else:
        url = postgres_url()
        _reset_postgres(url)
    monkeypatch.setenv("REDLINE_DATABASE_URL", url)
    yield url


@pytest.fixture
def sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite database URL (for tests that need no PostgreSQL variant)."""
    url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    monkeypatch.setenv("REDLINE_DATABASE_URL", url)
    return url


@pytest.fixture
def mini_bundle() -> Path:
    """A small valid case bundle used across tests."""
    return FIXTURES / "bundle-mini"
