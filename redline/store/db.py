"""Database location, engine and sessions.

The default database is a SQLite file in the user's data directory
(``platformdirs.user_data_dir("redline")/redline.sqlite``).  ``REDLINE_DATABASE_URL``
overrides it with any SQLAlchemy URL, e.g. ``postgresql+psycopg://user@host/db``.
The schema is created and upgraded only by Alembic migrations (:func:`upgrade`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

ENV_URL = "REDLINE_DATABASE_URL"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def default_url() -> str:
    """The database URL in force: ``$REDLINE_DATABASE_URL`` or the per-user SQLite file."""
    url = os.environ.get(ENV_URL)
    if url:
        return url
    from platformdirs import user_data_dir

    data_dir = Path(user_data_dir("redline", appauthor=False))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'redline.sqlite'}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """One engine per URL (cached).  SQLite gets foreign keys and a busy timeout."""
    url = url or default_url()
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


_UPGRADED: set[str] = set()


def upgrade(url: str | None = None, revision: str = "head", *, force: bool = False) -> None:
    """Apply migrations up to ``revision`` (idempotent; done once per process and URL)."""
    from alembic import command

    url = url or default_url()
    if revision == "head" and url in _UPGRADED and not force:
        return
    engine = get_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    if revision == "head":
        _UPGRADED.add(url)


def current_revision(url: str | None = None) -> str | None:
    """The schema revision of the database, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    engine = get_engine(url or default_url())
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_initialised(url: str | None = None) -> bool:
    engine = get_engine(url or default_url())
    return inspect(engine).has_table("alembic_version")


@lru_cache(maxsize=8)
def _sessionmaker(url: str) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None, *, migrate: bool = True) -> Iterator[Session]:
    """A transactional session: commit on success, roll back on any error.

    With ``migrate`` the schema is brought up to date first, so a fresh database
    works without a separate ``redline db upgrade``.
    """
    url = url or default_url()
    if migrate:
        upgrade(url)
    session = _sessionmaker(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
