"""Version comparison of consecutive drafts: what was kept, changed, dropped and added.

A document with ``version_of`` is compared with the document it revises.  The alignment is the one
``redline compare case/a case/b`` stores; where none is stored yet it is computed with the aligner
(embeddings cached in the database) and stored, so the report, ``redline compare`` and the
alignment export all show the same links.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from redline.report.context import Context
from redline.store import models as m

TEXT_MAX = 240
CHANGED = ("modified", "split", "merged")


def version_pairs(ctx: Context) -> list[tuple[str, str]]:
    """(earlier, later) document pairs, in the later document's date order."""
    ids = {d.id for d in ctx.data.documents}
    return [
        (ctx.orm_docs[d.id].version_of, d.id)  # type: ignore[misc]
        for d in ctx.data.documents
        if ctx.orm_docs[d.id].version_of in ids
    ]


def stored_links(ctx: Context, a: str, b: str) -> list[m.AlignmentLink]:
    return list(
        ctx.session.scalars(
            select(m.AlignmentLink)
            .where(
                m.AlignmentLink.a_document_id == ctx.orm_docs[a].id,
                m.AlignmentLink.b_document_id == ctx.orm_docs[b].id,
            )
            .order_by(m.AlignmentLink.id)
        )
    )


def ensure_alignment(ctx: Context, a: str, b: str, encoder: Any = None) -> list[m.AlignmentLink]:
    """The stored links of (a, b), aligning and storing them first if there are none."""
    links = stored_links(ctx, a, b)
    if links:
        return links
    from redline.align.aligner import align
    from redline.align.encoders import get_encoder
    from redline.align.persist import DBEmbeddingCache, store_alignment, stored_document

    side_a = stored_document(ctx.session, f"{ctx.case_id}/{a}")
    side_b = stored_document(ctx.session, f"{ctx.case_id}/{b}")
    result = align(
        side_a.texts,
        side_b.texts,
        side_a.language,
        side_b.language,
        encoder or get_encoder("default"),
        DBEmbeddingCache(ctx.session),
        a_ids=side_a.indices,
        b_ids=side_b.indices,
    )
    store_alignment(ctx.session, side_a.id, side_b.id, result)
    return stored_links(ctx, a, b)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 1].rstrip() + "…"


def compare_versions(ctx: Context, a: str, b: str, encoder: Any = None) -> dict[str, Any]:
    """One pair's rows (in reading order), counts, movement on the issues and a note on the alignment."""
    links = ensure_alignment(ctx, a, b, encoder)
    prov_a = {p.index: p for p in ctx.orm_docs[a].provisions}
    prov_b = {p.index: p for p in ctx.orm_docs[b].provisions}

    def side(prov: dict[int, m.Provision], indices: list[int]) -> list[dict[str, str]]:
        return [{"ref": prov[i].ref, "text": _short(prov[i].text)} for i in indices if i in prov]

    rows = []
    for link in links:
        rows.append(
            {
                "relation": link.relation,
                "a": side(prov_a, link.a_indices),
                "b": side(prov_b, link.b_indices),
                "a_indices": list(link.a_indices),
                "b_indices": list(link.b_indices),
                "score": link.score,
                "changes": [
                    f"{c.get('kind')}: {c.get('a') or '—'} → {c.get('b') or '—'}"
                    for c in (link.changes or [])
                ],
            }
        )
    # reading order: by A; an added provision follows the row holding the B provision before it
    b_key: dict[int, float] = {}
    for r in rows:
        if r["a_indices"]:
            for j in r["b_indices"]:
                b_key[j] = min(r["a_indices"])
    for r in rows:
        if r["a_indices"]:
            r["_key"] = (min(r["a_indices"]), 0, 0)
        else:
            j = min(r["b_indices"])
            before = [k for k in b_key if k < j]
            r["_key"] = (b_key[max(before)] if before else 0, 1, j)
    rows.sort(key=lambda r: r["_key"])
    for r in rows:
        del r["_key"]
    counts = {
        "kept": sum(1 for r in rows if r["relation"] == "same"),
        "changed": sum(1 for r in rows if r["relation"] in CHANGED),
        "dropped": sum(1 for r in rows if r["relation"] == "dropped"),
        "added": sum(1 for r in rows if r["relation"] == "added"),
    }
    encoder_name = next((lk.encoder for lk in links if lk.encoder), "")
    key = f"aln:{a}:{b}"
    ctx.notes[key] = {
        "kind": "alignment",
        "a_title": ctx.title(a),
        "b_title": ctx.title(b),
        "encoder": encoder_name,
        "docs": [a, b],
    }
    con = ctx.measures.concession(a, b)
    movement = None
    if con["movement"] is not None:
        movement = {
            "movement": con["movement"],
            "interval": con["interval"],
            "dimensions": con["dimensions"],
            "note": ctx.note_concession(a, b, con["moves"]),
        }
    return {
        "a": a,
        "b": b,
        "a_title": ctx.title(a),
        "b_title": ctx.title(b),
        "a_date": ctx.orm_docs[a].date.isoformat() if ctx.orm_docs[a].date else None,
        "b_date": ctx.orm_docs[b].date.isoformat() if ctx.orm_docs[b].date else None,
        "encoder": encoder_name,
        "counts": counts,
        "rows": rows,
        "note": key,
        "movement": movement,
    }


def version_comparisons(ctx: Context, encoder: Any = None) -> list[dict[str, Any]]:
    return [compare_versions(ctx, a, b, encoder) for a, b in version_pairs(ctx)]
