"""Schema only through migrations: the models and the migrations describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from redline.store import db
from redline.store.models import Base


def test_migrations_match_models(db_url: str) -> None:
    db.upgrade(db_url)
    with db.get_engine(db_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], diff


def test_upgrade_is_idempotent_and_reports_revision(db_url: str) -> None:
    db.upgrade(db_url, force=True)
    db.upgrade(db_url, force=True)
    assert db.current_revision(db_url) is not None


def test_default_url_is_user_data_sqlite(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("REDLINE_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    url = db.default_url()
    assert url.startswith("sqlite:///") and url.endswith("redline.sqlite")
    assert str(tmp_path) in url
