"""Create, edit, delete and list codings, keeping every change in the history.

Every change writes a :class:`~redline.store.models.CodingHistory` row (who, when,
old state, new state); deletes only mark a coding deleted, so nothing is ever
lost.  Edits name the version they were based on (optimistic locking): if another
coder changed the coding meanwhile, :class:`~redline.errors.ConflictError` is
raised instead of silently overwriting.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from redline.cases.loader import coding_state
from redline.cases.schema import FRAME_MAX
from redline.errors import ConflictError, InputError, NotFoundError
from redline.store import models as m


@dataclass(frozen=True)
class Evidence:
    """An evidence span: offsets into the document text and the quoted text."""

    start: int
    end: int
    quote: str


def find_document(session: Session, case_id: str, document_key: str) -> m.Document:
    doc = session.scalars(
        select(m.Document).where(m.Document.case_id == case_id, m.Document.key == document_key)
    ).first()
    if doc is None:
        raise NotFoundError(f"no document {document_key!r} in case {case_id!r}")
    return doc


def find_provision(session: Session, case_id: str, document_key: str, ref: str) -> m.Provision:
    doc = find_document(session, case_id, document_key)
    for p in doc.provisions:
        if p.ref == ref or (p.label == ref and p.level == 0):
            return p
    raise NotFoundError(f"document {document_key!r} has no provision {ref!r}")


def find_dimension(session: Session, case_id: str, key: str) -> m.Dimension:
    dim = session.scalars(
        select(m.Dimension).where(m.Dimension.case_id == case_id, m.Dimension.key == key)
    ).first()
    if dim is None:
        raise NotFoundError(f"no dimension {key!r} in case {case_id!r} (see `redline codebook show`)")
    return dim


def locate_evidence(provision: m.Provision, quote: str, start: int | None = None) -> Evidence:
    """Validate a quote against the provision text and return its document offsets.

    ``start`` (a document offset) picks one occurrence when the quote occurs more
    than once; otherwise the first occurrence is used.
    """
    if not quote or not quote.strip():
        raise InputError("evidence quote is empty")
    if start is not None:
        rel = start - provision.start
        if provision.text[rel : rel + len(quote)] != quote:
            raise InputError(f"quote does not occur at offset {start} of provision {provision.ref}")
        return Evidence(start, start + len(quote), quote)
    rel = provision.text.find(quote)
    if rel < 0:
        raise InputError(f"quote not found verbatim in provision {provision.ref}: {quote[:60]!r}")
    return Evidence(provision.start + rel, provision.start + rel + len(quote), quote)


def _check_value(dim: m.Dimension, value: float, scale: dict) -> None:
    lo, hi = (0, FRAME_MAX) if dim.kind == "frame" else (scale.get("min", 0), scale.get("max", 100))
    if not lo <= value <= hi:
        raise InputError(f"value {value:g} outside the scale {lo:g}-{hi:g} of {dim.key}")


def add_coding(
    session: Session,
    provision: m.Provision,
    dimension: m.Dimension,
    *,
    coder: str,
    value: float,
    quote: str,
    confidence: float = 1.0,
    note: str = "",
    origin: str = "manual",
    needs_review: bool = False,
) -> m.Coding:
    """Create a coding (or revive this coder's deleted coding of the same unit)."""
    case = session.get(m.Case, dimension.case_id)
    assert case is not None
    _check_value(dimension, value, case.scale)
    if not 0 <= confidence <= 1:
        raise InputError("confidence must be between 0 and 1")
    ev = locate_evidence(provision, quote)
    existing = session.scalars(
        select(m.Coding).where(
            m.Coding.provision_id == provision.id,
            m.Coding.dimension_id == dimension.id,
            m.Coding.coder == coder,
        )
    ).first()
    if existing is not None and not existing.deleted:
        raise InputError(
            f"{coder} already coded provision {provision.ref} on {dimension.key} (coding {existing.id}); edit it"
        )
    if existing is not None:
        return edit_coding(
            session,
            existing.id,
            expected_version=existing.version,
            who=coder,
            action="restore",
            value=value,
            quote=quote,
            confidence=confidence,
            note=note,
            deleted=False,
        )
    coding = m.Coding(
        provision=provision,
        dimension=dimension,
        coder=coder,
        value=value,
        evidence_start=ev.start,
        evidence_end=ev.end,
        quote=ev.quote,
        confidence=confidence,
        note=note,
        codebook_version=case.codebook_version,
        origin=origin,
        needs_review=needs_review,
    )
    session.add(coding)
    session.flush()
    coding.history.append(m.CodingHistory(action="create", who=coder, old=None, new=coding_state(coding)))
    session.flush()
    return coding


_EDITABLE = {"value", "quote", "confidence", "note", "needs_review", "deleted", "origin"}


def edit_coding(
    session: Session,
    coding_id: int,
    *,
    expected_version: int,
    who: str,
    action: str = "edit",
    **changes: object,
) -> m.Coding:
    """Change a coding; ``expected_version`` is the version the editor saw.

    Raises ConflictError if the coding changed since (another coder's edit).
    """
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise InputError(f"cannot edit {', '.join(sorted(unknown))}")
    coding = session.get(m.Coding, coding_id)
    if coding is None:
        raise NotFoundError(f"no coding {coding_id}")
    if coding.version != expected_version:
        raise ConflictError(
            f"coding {coding_id} was changed by someone else (now version {coding.version}, you edited "
            f"version {expected_version}); reload it and edit again"
        )
    old = coding_state(coding)
    if "value" in changes:
        case = session.get(m.Case, coding.dimension.case_id)
        assert case is not None
        _check_value(coding.dimension, float(changes["value"]), case.scale)  # type: ignore[arg-type]
        coding.value = float(changes["value"])  # type: ignore[arg-type]
        coding.codebook_version = case.codebook_version  # the new value is judged under today's codebook
    if "quote" in changes:
        ev = locate_evidence(coding.provision, str(changes["quote"]))
        coding.quote, coding.evidence_start, coding.evidence_end = ev.quote, ev.start, ev.end
    if "confidence" in changes:
        conf = float(changes["confidence"])  # type: ignore[arg-type]
        if not 0 <= conf <= 1:
            raise InputError("confidence must be between 0 and 1")
        coding.confidence = conf
    for key in ("note", "origin"):
        if key in changes:
            setattr(coding, key, str(changes[key]))
    for key in ("needs_review", "deleted"):
        if key in changes:
            setattr(coding, key, bool(changes[key]))
    new = coding_state(coding)
    coding.history.append(m.CodingHistory(action=action, who=who, old=old, new=new))
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        raise ConflictError(
            f"coding {coding_id} was changed by someone else meanwhile; reload and edit again"
        ) from None
    return coding


def delete_coding(session: Session, coding_id: int, *, expected_version: int, who: str) -> m.Coding:
    """Mark a coding deleted (kept in the history; restorable by adding it again)."""
    return edit_coding(
        session, coding_id, expected_version=expected_version, who=who, action="delete", deleted=True
    )


def list_codings(
    session: Session,
    case_id: str,
    *,
    document: str | None = None,
    coder: str | None = None,
    dimension: str | None = None,
    viewer: str | None = None,
    include_deleted: bool = False,
) -> list[m.Coding]:
    """Codings of a case in document/provision order.

    Blind mode: with ``viewer`` set, documents not yet closed for comparison show
    only the viewer's own codings.
    """
    q = (
        select(m.Coding)
        .join(m.Provision, m.Coding.provision_id == m.Provision.id)
        .join(m.Document, m.Provision.document_id == m.Document.id)
        .join(m.Dimension, m.Coding.dimension_id == m.Dimension.id)
        .where(m.Document.case_id == case_id)
        .options(
            selectinload(m.Coding.provision).selectinload(m.Provision.document),
            selectinload(m.Coding.dimension),
        )
        .order_by(m.Document.position, m.Provision.index, m.Dimension.position, m.Coding.coder)
    )
    if document:
        q = q.where(m.Document.key == document)
    if coder:
        q = q.where(m.Coding.coder == coder)
    if dimension:
        q = q.where(m.Dimension.key == dimension)
    if not include_deleted:
        q = q.where(m.Coding.deleted.is_(False))
    rows = list(session.scalars(q))
    if viewer is not None:
        rows = [c for c in rows if c.coder == viewer or c.provision.document.closed_for_comparison]
    return rows


def set_closed(session: Session, case_id: str, document_key: str, closed: bool = True) -> m.Document:
    """Close a document for comparison (ends blind mode for it) or reopen it."""
    doc = find_document(session, case_id, document_key)
    doc.closed_for_comparison = closed
    session.flush()
    return doc


def adjudicate(
    session: Session,
    provision: m.Provision,
    dimension: m.Dimension,
    *,
    value: float,
    quote: str,
    reasons: str,
    who: str,
    final_coder: str | None = None,
) -> m.Coding:
    """Record the final (adjudicated) value with its reasons; every coder's own value is kept."""
    case = session.get(m.Case, dimension.case_id)
    assert case is not None
    final_coder = final_coder or case.primary_coder
    existing = session.scalars(
        select(m.Coding).where(
            m.Coding.provision_id == provision.id,
            m.Coding.dimension_id == dimension.id,
            m.Coding.coder == final_coder,
        )
    ).first()
    if existing is None or existing.deleted:
        c = add_coding(
            session,
            provision,
            dimension,
            coder=final_coder,
            value=value,
            quote=quote,
            note=f"adjudicated by {who}: {reasons}",
            origin="adjudication",
        )
        return c
    return edit_coding(
        session,
        existing.id,
        expected_version=existing.version,
        who=who,
        action="adjudicate",
        value=value,
        quote=quote,
        note=f"adjudicated by {who}: {reasons}",
        origin="adjudication",
    )
