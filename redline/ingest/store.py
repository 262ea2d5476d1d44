"""Storing an ingested document and its provisions in a case.

Re-ingesting the same bytes is idempotent (recognised by sha256 within the case: nothing
changes).  A file whose content changed but whose name is the same as an earlier
ingested file becomes a new version: a new document whose ``version_of`` is the key of
the newest earlier version.  Everything happens in the caller's transaction; this
module only adds and flushes, so an error anywhere leaves nothing stored.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from redline.errors import InputError, NotFoundError
from redline.ingest.model import ParsedDocument, Provision
from redline.ingest.read import STDIN, read_document
from redline.store import models as m

STATUSES = ("official", "leaked", "reported")
KINDS = ("proposal", "memorandum", "declaration", "statement", "strategy")
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ie",
        "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
        "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
        "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
        "я": "ia",
    }
)  # fmt: skip


@dataclass(frozen=True)
class IngestResult:
    """What ``ingest`` did: the stored (or already present) document."""

    case: str
    key: str
    document_id: int
    created: bool
    version_of: str | None
    provisions: int
    sha256: str
    source: str

    def summary(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "document": self.key,
            "id": self.document_id,
            "created": self.created,
            "version_of": self.version_of,
            "provisions": self.provisions,
            "sha256": self.sha256,
            "source": self.source,
        }

    def message(self) -> str:
        if not self.created:
            return f"{self.source}: already stored as {self.case}/{self.key} (same content); nothing changed"
        version = f", new version of {self.version_of}" if self.version_of else ""
        return f"{self.source}: stored as {self.case}/{self.key} with {self.provisions} provisions{version}"


def slug(text: str) -> str:
    """A document key from a file name: lower-case ASCII letters, digits and hyphens."""
    low = text.lower().translate(_TRANSLIT)
    ascii_text = unicodedata.normalize("NFKD", low).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:100]


def provision_refs(provisions: list[Provision]) -> list[str]:
    """Refs as in case bundles: ancestor labels joined by "." ("10.a"), "#N" if unnumbered or repeated."""
    refs: dict[int, str] = {}
    used: set[str] = set()
    for p in provisions:
        parent = refs.get(p.parent) if p.parent else None
        if p.label is None:
            ref = f"#{p.index}"
        elif parent and not parent.startswith("#"):
            ref = f"{parent}.{p.label}"
        else:
            ref = p.label
        if ref in used:
            ref = f"#{p.index}"
        used.add(ref)
        refs[p.index] = ref
    return [refs[p.index] for p in provisions]


def _unique_key(session: Session, case_id: str, wanted: str) -> str:
    taken = set(session.scalars(select(m.Document.key).where(m.Document.case_id == case_id)))
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def _check_metadata(session: Session, case_id: str, actor: str | None, status: str, kind: str) -> None:
    if session.get(m.Case, case_id) is None:
        raise NotFoundError(f"no case {case_id!r} in the database (import it first: redline case import)")
    if status not in STATUSES:
        raise InputError(f"--status must be one of {', '.join(STATUSES)}, not {status!r}")
    if kind not in KINDS:
        raise InputError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if actor is not None:
        actors = list(session.scalars(select(m.Actor.key).where(m.Actor.case_id == case_id)))
        if actor not in actors:
            raise NotFoundError(
                f"no actor {actor!r} in case {case_id!r} (actors: {', '.join(sorted(actors))})"
            )


def ingest_document(
    session: Session,
    case_id: str,
    doc: ParsedDocument,
    *,
    key: str | None = None,
    title: str | None = None,
    actor: str | None = None,
    date: dt.date | None = None,
    status: str = "reported",
    kind: str = "proposal",
) -> IngestResult:
    """Store a parsed document in case ``case_id`` (see the module docstring for versions)."""
    _check_metadata(session, case_id, actor, status, kind)
    if key is not None and not _KEY.match(key):
        raise InputError(f"document id must match [a-z0-9-]+, not {key!r}")
    source_name = None if doc.source == STDIN else Path(doc.source).name
    same = session.scalars(
        select(m.Document).where(m.Document.case_id == case_id, m.Document.sha256 == doc.sha256).limit(1)
    ).first()
    if same is not None:
        return IngestResult(
            case_id, same.key, same.id, False, same.version_of, len(same.provisions), doc.sha256, doc.source
        )
    versions: list[m.Document] = []
    if source_name is not None:
        versions = list(
            session.scalars(
                select(m.Document)
                .where(m.Document.case_id == case_id, m.Document.source_name == source_name)
                .order_by(m.Document.id)
            )
        )
    previous = versions[-1] if versions else None
    base = key or (versions[0].key if versions else None)
    base = (
        base or slug(Path(source_name).stem if source_name else (doc.title or "")) or f"doc-{doc.sha256[:8]}"
    )
    position = session.scalar(select(func.max(m.Document.position)).where(m.Document.case_id == case_id))
    notes = (
        f"ingested from {source_name or 'stdin'} ({doc.format}{', ' + doc.encoding if doc.encoding else ''})"
    )
    row = m.Document(
        case_id=case_id,
        key=_unique_key(session, case_id, base),
        title=(title or doc.title or (Path(source_name).stem if source_name else "untitled"))[:500],
        date=date,
        actor_key=actor,
        kind=kind,
        status=status,
        language=doc.language,
        version_of=previous.key if previous is not None else None,
        notes=notes,
        text=doc.text,
        sha256=doc.sha256,
        source_name=source_name,
        origin="ingest",
        position=(position or 0) + 1,
    )
    row.provisions = [
        m.Provision(
            index=p.index,
            ref=ref,
            label=p.label,
            level=p.level,
            parent_index=p.parent,
            text=p.text,
            start=p.start,
            end=p.end,
        )
        for p, ref in zip(doc.provisions, provision_refs(doc.provisions), strict=True)
    ]
    session.add(row)
    session.flush()
    return IngestResult(
        case_id, row.key, row.id, True, row.version_of, len(doc.provisions), doc.sha256, doc.source
    )


def ingest_file(
    session: Session,
    case_id: str,
    path: str | Path,
    *,
    actor: str | None = None,
    date: dt.date | None = None,
    status: str = "reported",
    kind: str = "proposal",
    key: str | None = None,
    title: str | None = None,
    language: str | None = None,
    max_bytes: int | None = None,
) -> IngestResult:
    """Read ``path`` (any format ``read_document`` reads) and store it in case ``case_id``."""
    _check_metadata(session, case_id, actor, status, kind)
    doc = read_document(path, language=language, max_bytes=max_bytes)
    return ingest_document(
        session, case_id, doc, key=key, title=title, actor=actor, date=date, status=status, kind=kind
    )
