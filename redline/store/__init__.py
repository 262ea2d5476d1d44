"""Storage layer: SQLAlchemy models, engine/session helpers and Alembic migrations."""

from redline.store.db import default_url, get_engine, session_scope, upgrade
from redline.store.models import (
    Actor,
    AlignmentLink,
    Base,
    Case,
    Category,
    Coding,
    CodingHistory,
    Criterion,
    CriterionSet,
    Dimension,
    Document,
    Embedding,
    Provision,
    RedLine,
    Salience,
    ScaleLevel,
)

__all__ = [
    "Actor",
    "AlignmentLink",
    "Base",
    "Case",
    "Category",
    "Coding",
    "CodingHistory",
    "Criterion",
    "CriterionSet",
    "Dimension",
    "Document",
    "Embedding",
    "Provision",
    "RedLine",
    "Salience",
    "ScaleLevel",
    "default_url",
    "get_engine",
    "session_scope",
    "upgrade",
]
