"""Fixtures of the coding tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from redline.cases.loader import import_bundle
from redline.store.db import session_scope


@pytest.fixture
def mini_db(db_url: str, mini_bundle: Path) -> str:
    """The mini case imported into the test database (SQLite, and PostgreSQL when configured)."""
    with session_scope(db_url) as s:
        import_bundle(s, mini_bundle)
    return db_url
