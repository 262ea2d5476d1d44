"""Per-case cache of computed measures, keyed by a fingerprint of the case's data.

Pages must answer in milliseconds, but the measures (bootstrap intervals in particular) take
seconds.  Each result is cached under (case, name) together with the case's *fingerprint*: the
number and newest id/update time of its documents and codings.  Any change — an edit in this app,
a ``redline code`` command, an import — changes the fingerprint, and the next request recomputes.
The fingerprint itself is re-read at most every ``ttl`` seconds (writes through this app
invalidate at once).  One lock per (case, name) keeps concurrent first requests from computing
the same thing twice.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from redline.store import models as m

T = TypeVar("T")


def fingerprint(session: Session, case_id: str) -> tuple[Any, ...]:
    """What changes whenever the case's documents, codings, suggestions or scenarios change."""
    docs = session.execute(
        select(func.count(m.Document.id), func.max(m.Document.id), func.max(m.Document.created_at)).where(
            m.Document.case_id == case_id
        )
    ).one()
    codings = session.execute(
        select(func.count(m.Coding.id), func.max(m.Coding.id), func.max(m.Coding.updated_at))
        .join(m.Provision, m.Coding.provision_id == m.Provision.id)
        .join(m.Document, m.Provision.document_id == m.Document.id)
        .where(m.Document.case_id == case_id)
    ).one()
    closed = session.scalar(
        select(func.count(m.Document.id)).where(
            m.Document.case_id == case_id, m.Document.closed_for_comparison.is_(True)
        )
    )
    # shown on the coding and simulation pages: machine suggestions and scenarios
    suggestions = session.execute(
        select(func.count(m.Suggestion.id), func.max(m.Suggestion.id), func.max(m.Suggestion.decided_at))
        .join(m.Document, m.Suggestion.document_id == m.Document.id)
        .where(m.Document.case_id == case_id)
    ).one()
    scenarios = session.execute(
        select(func.count(m.ScenarioRecord.id), func.max(m.ScenarioRecord.updated_at)).where(
            m.ScenarioRecord.case_id == case_id
        )
    ).one()
    return (*docs, *codings, closed, *suggestions, *scenarios)


class CaseCache:
    """Computed values per case, dropped when the case's fingerprint changes."""

    def __init__(self, ttl: float = 1.0) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._prints: dict[str, tuple[float, tuple[Any, ...]]] = {}
        self._values: dict[tuple[str, str], tuple[tuple[Any, ...], Any]] = {}
        self._locks: dict[tuple[str, str], threading.Lock] = {}

    def current(self, session: Session, case_id: str) -> tuple[Any, ...]:
        now = time.monotonic()
        with self._lock:
            known = self._prints.get(case_id)
        if known is not None and now - known[0] < self.ttl:
            return known[1]
        fp = fingerprint(session, case_id)
        with self._lock:
            self._prints[case_id] = (now, fp)
        return fp

    def get(self, session: Session, case_id: str, name: str, compute: Callable[[], T]) -> T:
        """The cached value of ``name`` for the case, computed by ``compute()`` when stale."""
        fp = self.current(session, case_id)
        key = (case_id, name)
        hit = self._values.get(key)
        if hit is not None and hit[0] == fp:
            return hit[1]  # type: ignore[no-any-return]
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            hit = self._values.get(key)
            if hit is not None and hit[0] == fp:
                return hit[1]  # type: ignore[no-any-return]
            value = compute()
            self._values[key] = (fp, value)
            return value

    def invalidate(self, case_id: str) -> None:
        """Forget the fingerprint, so the next request re-reads it (after a write through the app)."""
        with self._lock:
            self._prints.pop(case_id, None)
