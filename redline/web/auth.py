"""Accounts of the multi-user server: argon2id password hashes, roles, management functions.

Roles are ordered: ``viewer`` (read everything, run comparisons and simulations) < ``coder``
(also code, accept suggestions, upload drafts) < ``admin`` (also manage users, close documents
for comparison, adjudicate).  Used by the web app and by ``redline user``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from redline.errors import InputError, NotFoundError
from redline.web.auth_models import ROLES, User

ROLE_RANK = {role: rank for rank, role in enumerate(ROLES, start=1)}
MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_hasher = PasswordHasher()  # argon2id with the library's recommended parameters
_DUMMY_HASH = _hasher.hash("redline-timing-equaliser")


@dataclass(frozen=True)
class Principal:
    """Who is making a request: an account, or the local analyst of single-user mode."""

    name: str
    role: str
    user_id: int | None = None
    session_version: int = 0

    def can(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


def check_role(role: str) -> str:
    if role not in ROLE_RANK:
        raise InputError(f"unknown role {role!r} (choose from {', '.join(ROLES)})")
    return role


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def find_user(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


def create_user(session: Session, username: str, password: str, role: str = "viewer") -> User:
    if not _USERNAME.match(username):
        raise InputError(
            "a user name is 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    check_role(role)
    if find_user(session, username) is not None:
        raise InputError(f"user {username!r} exists already")
    user = User(username=username, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, else None (same work either way: no timing oracle)."""
    user = find_user(session, username)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.last_login = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    session.flush()
    return user


def _get(session: Session, username: str) -> User:
    user = find_user(session, username)
    if user is None:
        raise NotFoundError(f"no user {username!r}")
    return user


def set_password(session: Session, username: str, password: str) -> User:
    """New password; ends the user's open sessions."""
    user = _get(session, username)
    user.password_hash = hash_password(password)
    user.session_version += 1
    session.flush()
    return user


def set_role(session: Session, username: str, role: str) -> User:
    user = _get(session, username)
    user.role = check_role(role)
    user.session_version += 1
    session.flush()
    return user


def set_active(session: Session, username: str, active: bool) -> User:
    user = _get(session, username)
    user.active = active
    user.session_version += 1
    session.flush()
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def principal_of(user: User) -> Principal:
    return Principal(user.username, user.role, user.id, user.session_version)
