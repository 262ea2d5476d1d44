"""The table owned by the web shell: user accounts of the multi-user server.

It uses :class:`redline.store.models.Base`, so the Alembic migrations (``0003_web_users``) and
the schema comparison test cover it; ``redline/store/migrations/env.py`` imports this module.
Only SQLAlchemy is imported here, so the migration environment stays light.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from redline.store.models import Base

ROLES = ("viewer", "coder", "admin")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class User(Base):
    """An account of the multi-user server (``redline serve --multi-user``).

    ``password_hash`` is an argon2id hash (argon2-cffi).  ``session_version`` is stored in the
    session cookie; raising it (password change, deactivation) logs out every open session.
    """

    __tablename__ = "web_user"
    __table_args__ = (UniqueConstraint("username"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default="viewer")
    active: Mapped[bool] = mapped_column(default=True)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    last_login: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
