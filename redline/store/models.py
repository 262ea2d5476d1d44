"""SQLAlchemy ORM models: the database schema of redline.

Schema changes go through Alembic migrations (``redline/store/migrations``); the
models here and the newest migration must describe the same schema (a test checks
it with ``alembic check``-style autogenerate comparison).

Entity overview::

    Case ─┬─ Actor
          ├─ Category ── Dimension ── ScaleLevel
          │              └─ Salience (actor × dimension)
          ├─ Document ── Provision ── Coding ── CodingHistory
          ├─ RedLine, CriterionSet ── Criterion
          └─ AlignmentLink (provision groups of two documents)
    Embedding (model, text hash) cache, independent of cases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints stably."""

    from sqlalchemy import MetaData

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Case(Base):
    __tablename__ = "case"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    codebook_version: Mapped[int] = mapped_column(Integer, default=1)
    primary_coder: Mapped[str] = mapped_column(String(100), default="final")
    scale: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    actors: Mapped[list[Actor]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Actor.position"
    )
    categories: Mapped[list[Category]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Category.position"
    )
    dimensions: Mapped[list[Dimension]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Dimension.position"
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Document.position"
    )
    red_lines: Mapped[list[RedLine]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="RedLine.position"
    )
    criterion_sets: Mapped[list[CriterionSet]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CriterionSet.position"
    )


class Actor(Base):
    __tablename__ = "actor"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30), default="state")
    capability: Mapped[float] = mapped_column(Float, default=1.0)
    capability_note: Mapped[str] = mapped_column(Text, default="")
    maximal_demand: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)

    case: Mapped[Case] = relationship(back_populates="actors")


class Category(Base):
    __tablename__ = "category"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)

    case: Mapped[Case] = relationship(back_populates="categories")


class Dimension(Base):
    """An issue dimension (kind ``position``, 0-100) or a frame (kind ``frame``, 0-3)."""

    __tablename__ = "dimension"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="position")
    category_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    case: Mapped[Case] = relationship(back_populates="dimensions")
    levels: Mapped[list[ScaleLevel]] = relationship(
        back_populates="dimension", cascade="all, delete-orphan", order_by="ScaleLevel.value"
    )
    saliences: Mapped[list[Salience]] = relationship(
        back_populates="dimension", cascade="all, delete-orphan", order_by="Salience.position"
    )


class ScaleLevel(Base):
    __tablename__ = "scale_level"
    __table_args__ = (UniqueConstraint("dimension_id", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dimension_id: Mapped[int] = mapped_column(ForeignKey("dimension.id", ondelete="CASCADE"), index=True)
    value: Mapped[float] = mapped_column(Float)
    label: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    example: Mapped[str] = mapped_column(Text, default="")

    dimension: Mapped[Dimension] = relationship(back_populates="levels")


class Salience(Base):
    __tablename__ = "salience"
    __table_args__ = (UniqueConstraint("dimension_id", "actor_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dimension_id: Mapped[int] = mapped_column(ForeignKey("dimension.id", ondelete="CASCADE"), index=True)
    actor_key: Mapped[str] = mapped_column(String(100))
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    dimension: Mapped[Dimension] = relationship(back_populates="saliences")


class Document(Base):
    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(150))
    title: Mapped[str] = mapped_column(String(500))
    date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    actor_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    co_actors: Mapped[list[str]] = mapped_column(JSON, default=list)
    venue: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(30), default="proposal")
    status: Mapped[str] = mapped_column(String(30), default="reported")
    reliability: Mapped[str] = mapped_column(String(5), default="C")
    language: Mapped[str] = mapped_column(String(10), default="en")
    version_of: Mapped[str | None] = mapped_column(String(150), nullable=True)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    source_name: Mapped[str | None] = mapped_column(String(500), nullable=True)
    origin: Mapped[str] = mapped_column(String(20), default="bundle")
    closed_for_comparison: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    case: Mapped[Case] = relationship(back_populates="documents")
    provisions: Mapped[list[Provision]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Provision.index"
    )


class Provision(Base):
    __tablename__ = "provision"
    __table_args__ = (UniqueConstraint("document_id", "index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    index: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(100))
    label: Mapped[str | None] = mapped_column(String(50), nullable=True)
    level: Mapped[int] = mapped_column(Integer, default=0)
    parent_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="provisions")
    codings: Mapped[list[Coding]] = relationship(back_populates="provision", cascade="all, delete-orphan")


class Coding(Base):
    """One coder's value for one provision on one dimension, with its evidence.

    ``version`` implements optimistic locking: an update must name the version it
    read; a mismatch raises a conflict instead of silently overwriting.  Deleting
    marks ``deleted`` (the history keeps every state).
    """

    __tablename__ = "coding"
    __table_args__ = (UniqueConstraint("provision_id", "dimension_id", "coder"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provision_id: Mapped[int] = mapped_column(ForeignKey("provision.id", ondelete="CASCADE"), index=True)
    dimension_id: Mapped[int] = mapped_column(ForeignKey("dimension.id", ondelete="CASCADE"), index=True)
    coder: Mapped[str] = mapped_column(String(100))
    value: Mapped[float] = mapped_column(Float)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    note: Mapped[str] = mapped_column(Text, default="")
    codebook_version: Mapped[int] = mapped_column(Integer, default=1)
    origin: Mapped[str] = mapped_column(String(30), default="manual")
    needs_review: Mapped[bool] = mapped_column(default=False)
    deleted: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)

    __mapper_args__ = {"version_id_col": version}

    provision: Mapped[Provision] = relationship(back_populates="codings")
    dimension: Mapped[Dimension] = relationship()
    history: Mapped[list[CodingHistory]] = relationship(
        back_populates="coding", cascade="all, delete-orphan", order_by="CodingHistory.id"
    )


class CodingHistory(Base):
    """Every change of a coding: who, when, the old and the new state (JSON)."""

    __tablename__ = "coding_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coding_id: Mapped[int] = mapped_column(ForeignKey("coding.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # create | edit | delete | restore | import
    who: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, server_default=func.now())
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    coding: Mapped[Coding] = relationship(back_populates="history")


class RedLine(Base):
    __tablename__ = "red_line"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    actor_key: Mapped[str] = mapped_column(String(100))
    dimension_key: Mapped[str] = mapped_column(String(100))
    min_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    case: Mapped[Case] = relationship(back_populates="red_lines")


class CriterionSet(Base):
    __tablename__ = "criterion_set"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    case: Mapped[Case] = relationship(back_populates="criterion_sets")
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="criterion_set", cascade="all, delete-orphan", order_by="Criterion.position"
    )


class Criterion(Base):
    __tablename__ = "criterion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    criterion_set_id: Mapped[int] = mapped_column(
        ForeignKey("criterion_set.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    definition: Mapped[str] = mapped_column(Text, default="")
    passes_if: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)

    criterion_set: Mapped[CriterionSet] = relationship(back_populates="criteria")


class AlignmentLink(Base):
    """One link of a stored alignment between two documents (provision index groups)."""

    __tablename__ = "alignment_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    a_document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    b_document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    a_indices: Mapped[list[int]] = mapped_column(JSON, default=list)
    b_indices: Mapped[list[int]] = mapped_column(JSON, default=list)
    relation: Mapped[str] = mapped_column(String(20))  # same | modified | split | merged | dropped | added
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    encoder: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Embedding(Base):
    """Embedding cache keyed by (model name, sha256 of the text)."""

    __tablename__ = "embedding"
    __table_args__ = (UniqueConstraint("model", "text_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model: Mapped[str] = mapped_column(String(200))
    text_hash: Mapped[str] = mapped_column(String(64))
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32 little-endian
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Suggestion(Base):
    """A machine-suggested coding awaiting an analyst's decision (accept, edit, reject)."""

    __tablename__ = "suggestion"
    __table_args__ = (UniqueConstraint("provision_id", "dimension_id", "source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    provision_id: Mapped[int] = mapped_column(ForeignKey("provision.id", ondelete="CASCADE"), index=True)
    dimension_id: Mapped[int] = mapped_column(ForeignKey("dimension.id", ondelete="CASCADE"), index=True)
    value: Mapped[float] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float)
    quote: Mapped[str] = mapped_column(Text, default="")
    because: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(30), default="neighbours")  # neighbours | carry-over
    needs_review: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(
        String(20), default="pending"
    )  # pending | accepted | edited | rejected
    decided_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    coding_id: Mapped[int | None] = mapped_column(ForeignKey("coding.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    provision: Mapped[Provision] = relationship()
    dimension: Mapped[Dimension] = relationship()


class ScenarioRecord(Base):
    """A bargaining scenario of a case: its editable YAML text (see redline.simulate.scenario)."""

    __tablename__ = "scenario"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(150))
    title: Mapped[str] = mapped_column(String(500), default="")
    yaml: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)

    runs: Mapped[list[ScenarioRun]] = relationship(
        back_populates="scenario", cascade="all, delete-orphan", order_by="ScenarioRun.id"
    )


class ScenarioRun(Base):
    """One model run of a scenario, with the exact inputs and parameters, so it can be reproduced."""

    __tablename__ = "scenario_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario.id", ondelete="CASCADE"), index=True)
    variant: Mapped[str | None] = mapped_column(String(150), nullable=True)
    model: Mapped[str] = mapped_column(String(50))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    scenario_yaml: Mapped[str] = mapped_column(Text)
    inputs_csv: Mapped[str] = mapped_column(Text)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    who: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    scenario: Mapped[ScenarioRecord] = relationship(back_populates="runs")
