"""Search over all provisions of a case: full text (every word must occur) and semantic (embeddings).

The unit is a provision's *own* text (a parent's lead-in before its first sub-point, so a hit in a
sub-point is not reported twice).  Full-text hits contain every query word (case-insensitive)
and are ranked by TF-IDF cosine (scikit-learn); semantic hits are ranked by the cosine between
the query's and the provisions' multilingual embeddings (the encoder of ``redline compare``,
cached in the database), so a German query finds an English provision.  Filters: dimension (a
provision coded on it by any coder), actor (author or co-author) and a date range.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from redline.store import models as m

MAX_RESULTS = 50


@dataclass(frozen=True)
class Row:
    document: str
    title: str
    date: dt.date | None
    actor: str | None
    co_actors: tuple[str, ...]
    index: int
    ref: str
    text: str
    dimensions: frozenset[str]


def provision_rows(session: Session, case_id: str) -> list[Row]:
    """Every provision of the case with its document's metadata and the dimensions it is coded on."""
    docs = session.scalars(
        select(m.Document)
        .where(m.Document.case_id == case_id)
        .options(
            selectinload(m.Document.provisions)
            .selectinload(m.Provision.codings)
            .selectinload(m.Coding.dimension)
        )
        .order_by(m.Document.date, m.Document.key)
    ).all()
    rows = []
    for d in docs:
        starts: dict[int | None, list[int]] = {}
        for p in d.provisions:
            starts.setdefault(p.parent_index, []).append(p.start)
        for p in d.provisions:
            end = min([s for s in starts.get(p.index, []) if s > p.start] or [p.end])
            own = d.text[p.start : end].strip() if d.text else p.text
            dims = frozenset(c.dimension.key for c in p.codings if not c.deleted)
            rows.append(
                Row(
                    d.key,
                    d.title,
                    d.date,
                    d.actor_key,
                    tuple(d.co_actors),
                    p.index,
                    p.ref,
                    own or p.text,
                    dims,
                )
            )
    return rows


def tokens(query: str) -> list[str]:
    return [t for t in re.findall(r"\w+", query.casefold()) if t]


class TextIndex:
    """TF-IDF over the provisions' own texts (word unigrams and bigrams)."""

    def __init__(self, rows: list[Row]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.rows = rows
        self.vectorizer = TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True)
        texts = [r.text for r in rows] or [""]
        self.matrix = self.vectorizer.fit_transform(texts)

    def search(self, query: str, allowed: list[int]) -> list[tuple[int, float]]:
        words = tokens(query)
        if not words:
            return []
        hits = [i for i in allowed if all(w in self.rows[i].text.casefold() for w in words)]
        if not hits:
            return []
        q = self.vectorizer.transform([query])
        scores = (self.matrix[hits] @ q.T).toarray().ravel()
        order = np.argsort(-scores, kind="stable")
        return [(hits[k], float(scores[k])) for k in order]


def semantic_vectors(session: Session, rows: list[Row], encoder: Any) -> np.ndarray:
    from redline.align.cache import embed
    from redline.align.persist import DBEmbeddingCache

    return embed(encoder, [r.text for r in rows], DBEmbeddingCache(session)) if rows else np.zeros((0, 1))


def semantic_search(
    session: Session, vectors: np.ndarray, query: str, encoder: Any, allowed: list[int]
) -> list[tuple[int, float]]:
    from redline.align.cache import embed
    from redline.align.persist import DBEmbeddingCache

    if not allowed or not query.strip():
        return []
    q = embed(encoder, [query], DBEmbeddingCache(session))[0]
    scores = vectors[allowed] @ q
    order = np.argsort(-scores, kind="stable")
    return [(allowed[k], float(scores[k])) for k in order]


def allowed_rows(
    rows: list[Row],
    *,
    dimension: str | None = None,
    actor: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[int]:
    out = []
    for i, r in enumerate(rows):
        if dimension and dimension not in r.dimensions:
            continue
        if actor and actor != r.actor and actor not in r.co_actors:
            continue
        if date_from and (r.date is None or r.date < date_from):
            continue
        if date_to and (r.date is None or r.date > date_to):
            continue
        out.append(i)
    return out


def hit_json(row: Row, score: float) -> dict[str, Any]:
    return {
        "document": row.document,
        "title": row.title,
        "date": row.date.isoformat() if row.date else None,
        "actor": row.actor,
        "provision": row.index,
        "ref": row.ref,
        "text": row.text,
        "score": round(score, 4),
        "dimensions": sorted(row.dimensions),
    }
