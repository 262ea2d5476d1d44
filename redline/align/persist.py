"""The database side of alignment: the embedding cache table and stored alignment links.

:class:`DBEmbeddingCache` implements :class:`redline.align.cache.EmbeddingCache` on the ``embedding`` table
(vectors as little-endian float32 bytes).  :func:`stored_document` reads a stored document's top-level
provisions; :func:`store_alignment` replaces the stored links of a document pair with a new alignment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from redline.align.result import Alignment
from redline.errors import InputError, NotFoundError
from redline.store import models as m


class DBEmbeddingCache:
    """Embedding cache in the database, keyed by (model, sha256 of the text)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(hashes), 500):  # stay below SQL parameter limits
            rows = self.session.execute(
                select(m.Embedding.text_hash, m.Embedding.vector).where(
                    m.Embedding.model == model, m.Embedding.text_hash.in_(hashes[start : start + 500])
                )
            )
            for text_hash, blob in rows:
                found[text_hash] = np.frombuffer(blob, dtype="<f4").astype(np.float32)
        return found

    def put_many(self, model: str, vectors: Mapping[str, np.ndarray]) -> None:
        known = set(self.get_many(model, list(vectors)))
        for text_hash, vector in vectors.items():
            if text_hash in known:
                continue
            v = np.asarray(vector, dtype="<f4")
            self.session.add(
                m.Embedding(model=model, text_hash=text_hash, dim=int(v.shape[0]), vector=v.tobytes())
            )
        self.session.flush()


@dataclass(frozen=True)
class StoredDocument:
    """A stored document's identity and top-level provisions, as the aligner needs them."""

    id: int
    ref: str
    title: str | None
    language: str | None
    indices: list[int]
    texts: list[str]


def parse_reference(ref: str) -> tuple[str, str] | None:
    """``case-id/document-id`` -> (case, document); None for anything else."""
    parts = ref.split("/")
    if len(parts) == 2 and all(parts) and all(" " not in p for p in parts):
        return parts[0], parts[1]
    return None


def stored_document(session: Session, ref: str) -> StoredDocument:
    """Load a stored document by ``case-id/document-id``."""
    parsed = parse_reference(ref)
    if parsed is None:
        raise InputError("not a case-id/document-id reference", path=ref)
    case_id, key = parsed
    doc = session.scalars(
        select(m.Document).where(m.Document.case_id == case_id, m.Document.key == key)
    ).first()
    if doc is None:
        raise NotFoundError(f"no document {key!r} in case {case_id!r}", path=ref)
    top = sorted((p for p in doc.provisions if p.level == 0), key=lambda p: p.index)
    return StoredDocument(doc.id, ref, doc.title, doc.language, [p.index for p in top], [p.text for p in top])


def store_alignment(session: Session, a_doc_id: int, b_doc_id: int, alignment: Alignment) -> int:
    """Replace the stored links of (A, B) with ``alignment`` (dropped and added rows included)."""
    session.execute(
        delete(m.AlignmentLink).where(
            m.AlignmentLink.a_document_id == a_doc_id, m.AlignmentLink.b_document_id == b_doc_id
        )
    )
    rows = [
        m.AlignmentLink(
            a_document_id=a_doc_id,
            b_document_id=b_doc_id,
            a_indices=[alignment.a_ids[i] for i in link.a],
            b_indices=[alignment.b_ids[j] for j in link.b],
            relation=link.relation,
            score=round(link.score, 4),
            changes=[c.to_dict() for c in link.changes],
            encoder=alignment.encoder[:200],
        )
        for link in alignment.links
    ]
    rows += [
        m.AlignmentLink(
            a_document_id=a_doc_id,
            b_document_id=b_doc_id,
            a_indices=[alignment.a_ids[i]],
            b_indices=[],
            relation="dropped",
            encoder=alignment.encoder[:200],
        )
        for i in alignment.dropped
    ]
    rows += [
        m.AlignmentLink(
            a_document_id=a_doc_id,
            b_document_id=b_doc_id,
            a_indices=[],
            b_indices=[alignment.b_ids[j]],
            relation="added",
            encoder=alignment.encoder[:200],
        )
        for j in alignment.added
    ]
    session.add_all(rows)
    session.flush()
    return len(rows)
