"""Suggestions for stored documents and files: training data from the case, storage, accept/edit/reject.

- :func:`training_examples` builds the suggester's examples from the primary coder's codings.
  A provision with sub-points contributes only its lead-in text (before its first sub-point),
  because its full text repeats the sub-points, which are examples of their own.
- :func:`suggest_document` returns the JSON of ``redline code suggest`` (CONTRACTS.md) and, for a
  stored document, stores the suggestions (pending) so an analyst can accept, edit or reject each.
- When the document is a new version of a coded one (``version_of``), codings are carried over along
  the alignment of their top-level provisions: unchanged provisions (relation ``same``) keep their
  coding; changed ones are suggested with ``needs_review``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from redline.coding.codings import add_coding, locate_evidence
from redline.coding.suggest import DimensionSpec, Example, Suggester, first_sentence, lead_in
from redline.errors import InputError, NotFoundError
from redline.store import models as m


@dataclass(frozen=True)
class TargetProvision:
    index: int
    label: str | None
    ref: str
    level: int
    parent: int | None
    text: str
    own_text: str  # lead-in before the first sub-point (= text for leaves)


def own_texts(provs: Sequence[tuple[int, int | None, int, int, str]]) -> dict[int, str]:
    """(index, parent, start, end, text) -> index: text before the first child's start."""
    first_child: dict[int, int] = {}
    for _index, parent, start, _end, _text in provs:
        if parent is not None and parent not in first_child:
            first_child[parent] = start
    out = {}
    for index, _parent, start, _end, text in provs:
        cut = first_child.get(index)
        own = text[: cut - start] if cut is not None else text
        out[index] = own.strip() or text
    return out


def dimension_specs(case: m.Case, kind: str = "position") -> list[DimensionSpec]:
    return [
        DimensionSpec(
            d.key,
            d.name,
            d.description,
            tuple((lv.value, lv.label, lv.example) for lv in d.levels),
            tuple(lv.description for lv in d.levels),
        )
        for d in case.dimensions
        if d.kind == kind
    ]


def training_examples(
    session: Session, case_id: str, *, exclude: set[str] | None = None, kind: str = "position"
) -> list[Example]:
    case = session.get(m.Case, case_id)
    if case is None:
        raise NotFoundError(f"no case {case_id!r}")
    coded: dict[int, list[tuple[str, float]]] = defaultdict(list)
    rows = session.execute(
        select(m.Coding.provision_id, m.Dimension.key, m.Coding.value)
        .join(m.Dimension, m.Coding.dimension_id == m.Dimension.id)
        .where(
            m.Dimension.case_id == case_id,
            m.Dimension.kind == kind,
            m.Coding.coder == case.primary_coder,
            m.Coding.deleted.is_(False),
        )
    ).all()
    for pid, dim, value in rows:
        coded[pid].append((dim, value))
    examples = []
    for doc in case.documents:
        if exclude and doc.key in exclude:
            continue
        if not any(p.id in coded for p in doc.provisions):
            continue  # an uncoded document says nothing about what is not addressed
        owns = own_texts([(p.index, p.parent_index, p.start, p.end, p.text) for p in doc.provisions])
        for p in doc.provisions:
            codings = tuple(sorted(coded.get(p.id, [])))
            context = lead_in(owns[p.parent_index]) if p.parent_index is not None else ""
            examples.append(Example(owns[p.index], doc.key, p.ref, codings, doc.language, context))
    return examples


def make_suggester(
    session: Session,
    case_id: str,
    *,
    exclude: set[str] | None = None,
    encoder=None,
    kind: str = "position",
    language: str | None = None,
) -> Suggester:  # type: ignore[no-untyped-def]
    """A suggester fitted on the case's primary codings; ``language``: the language of the texts to come.

    A combined encoder (the default, or one given) is narrowed to the case's languages and ``language``
    together (e.g. e5 alone for Ukrainian, where USE is weak).
    """
    from redline.align.encoders import default_encoder
    from redline.align.persist import DBEmbeddingCache

    case = session.get(m.Case, case_id)
    if case is None:
        raise NotFoundError(f"no case {case_id!r}")
    languages = {d.language for d in case.documents} | ({language} if language else set())
    enc = encoder or default_encoder()
    if hasattr(enc, "for_languages"):
        enc = enc.for_languages(*languages)
    sugg = Suggester(enc, cache=DBEmbeddingCache(session))
    return sugg.fit(
        training_examples(session, case_id, exclude=exclude, kind=kind), dimension_specs(case, kind)
    )


def _targets_from_stored(doc: m.Document) -> list[TargetProvision]:
    owns = own_texts([(p.index, p.parent_index, p.start, p.end, p.text) for p in doc.provisions])
    return [
        TargetProvision(p.index, p.label, p.ref, p.level, p.parent_index, p.text, owns[p.index])
        for p in doc.provisions
    ]


def targets_from_parsed(parsed) -> list[TargetProvision]:  # type: ignore[no-untyped-def]
    """Target provisions of a file read by :func:`redline.ingest.read_document`."""
    provs = parsed.provisions
    owns = own_texts([(p.index, p.parent, p.start, p.end, p.text) for p in provs])
    labels = {p.index: p.label for p in provs}
    out = []
    for p in provs:
        ref = p.label or f"#{p.index}"
        if p.parent is not None and labels.get(p.parent):
            ref = f"{labels[p.parent]}.{ref}"
        out.append(TargetProvision(p.index, p.label, ref, p.level, p.parent, p.text, owns[p.index]))
    return out


def suggest_targets(
    suggester: Suggester, targets: Sequence[TargetProvision], language: str | None = None
) -> list[list]:
    if not targets:
        return []
    owns = {t.index: t.own_text for t in targets}
    contexts = [lead_in(owns[t.parent]) if t.parent in owns else "" for t in targets]
    return suggester.predict([t.own_text for t in targets], language, contexts)


def contract(document: str, targets: Sequence[TargetProvision], suggestions: Sequence[Sequence]) -> dict:
    return {
        "document": document,
        "provisions": [
            {
                "index": t.index,
                "label": t.label,
                "text": t.text,
                "suggestions": [
                    {
                        "issue": s.dimension,
                        "value": s.value,
                        "confidence": s.confidence,
                        "because": [
                            {"document": d, "label": r, "similarity": sim} for d, r, sim in s.because
                        ],
                    }
                    for s in sugg
                ],
            }
            for t, sugg in zip(targets, suggestions, strict=True)
        ],
    }


def suggest_document(
    session: Session, case_id: str, document: str, *, store: bool = True, encoder=None, kind: str = "position"
) -> dict:  # type: ignore[no-untyped-def]
    """Suggestions for a stored document (``document`` = its id), stored as pending when ``store``.

    ``kind="frame"`` suggests strategic frames (0-3) instead of issue positions, learnt from the case's
    frame-coded strategy documents.
    """
    from redline.coding.codings import find_document

    doc = find_document(session, case_id, document)
    suggester = make_suggester(
        session, case_id, exclude={doc.key}, encoder=encoder, kind=kind, language=doc.language
    )
    targets = _targets_from_stored(doc)
    suggestions = suggest_targets(suggester, targets, doc.language)
    out = contract(doc.key, targets, suggestions)
    if store:
        _store(session, doc, targets, suggestions, "neighbours" if kind == "position" else "frame-neighbours")
        out["carried_over"] = carry_over(session, doc, encoder=encoder) if kind == "position" else 0
    return out


def _store(
    session: Session,
    doc: m.Document,
    targets: Sequence[TargetProvision],
    suggestions,
    source: str = "neighbours",
) -> None:  # type: ignore[no-untyped-def]
    session.execute(
        delete(m.Suggestion).where(
            m.Suggestion.document_id == doc.id,
            m.Suggestion.status == "pending",
            m.Suggestion.source == source,
        )
    )
    dims = {d.key: d for d in doc.case.dimensions}
    provs = {p.index: p for p in doc.provisions}
    for t, sugg in zip(targets, suggestions, strict=True):
        prov = provs[t.index]
        for s in sugg:
            exists = session.scalars(
                select(m.Suggestion).where(
                    m.Suggestion.provision_id == prov.id,
                    m.Suggestion.dimension_id == dims[s.dimension].id,
                    m.Suggestion.source == source,
                )
            ).first()
            if exists is not None:
                continue  # already decided earlier
            session.add(
                m.Suggestion(
                    document_id=doc.id,
                    provision_id=prov.id,
                    dimension_id=dims[s.dimension].id,
                    value=s.value,
                    confidence=s.confidence,
                    quote=first_sentence(t.own_text if t.own_text in prov.text else prov.text),
                    because=[{"document": d, "label": r, "similarity": sim} for d, r, sim in s.because],
                    source=source,
                )
            )
    session.flush()


def carry_over(session: Session, doc: m.Document, encoder=None) -> int:  # type: ignore[no-untyped-def]
    """Suggest the codings of the earlier version along the alignment; returns how many were suggested."""
    if not doc.version_of:
        return 0
    old = session.scalars(
        select(m.Document).where(m.Document.case_id == doc.case_id, m.Document.key == doc.version_of)
    ).first()
    if old is None:
        return 0
    case = doc.case
    old_codings = [
        c
        for p in old.provisions
        for c in p.codings
        if c.coder == case.primary_coder and not c.deleted and c.dimension.kind == "position"
    ]
    if not old_codings:
        return 0
    from redline.align.aligner import align
    from redline.align.encoders import default_encoder
    from redline.align.persist import DBEmbeddingCache

    a_top = [p for p in old.provisions if p.level == 0]
    b_top = [p for p in doc.provisions if p.level == 0]
    if not a_top or not b_top:
        return 0
    result = align(
        [p.text for p in a_top],
        [p.text for p in b_top],
        old.language,
        doc.language,
        encoder=encoder or default_encoder(),
        cache=DBEmbeddingCache(session),
        a_ids=list(range(len(a_top))),  # links then name positions in a_top / b_top
        b_ids=list(range(len(b_top))),
    )
    top_of = {}  # old provision index -> its top-level index
    for p in old.provisions:
        top = p
        while top.parent_index is not None:
            top = next(x for x in old.provisions if x.index == top.parent_index)
        top_of[p.index] = top.index
    count = 0
    for link in result.links:
        if len(link.a) != 1:
            continue  # merged: no single source to carry over
        a_prov = a_top[link.a[0]]
        for b_i in link.b:
            b_prov = b_top[b_i]
            b_children = {x.label: x for x in doc.provisions if x.parent_index == b_prov.index}
            for c in old_codings:
                if top_of[c.provision.index] != a_prov.index:
                    continue
                target = b_children.get(c.provision.label, b_prov) if c.provision.level > 0 else b_prov
                exists = session.scalars(
                    select(m.Suggestion).where(
                        m.Suggestion.provision_id == target.id,
                        m.Suggestion.dimension_id == c.dimension_id,
                        m.Suggestion.source == "carry-over",
                    )
                ).first()
                if exists is not None:
                    continue
                quote = c.quote if c.quote in target.text else first_sentence(target.text)
                same = link.relation == "same" and len(link.b) == 1
                session.add(
                    m.Suggestion(
                        document_id=doc.id,
                        provision_id=target.id,
                        dimension_id=c.dimension_id,
                        value=c.value,
                        confidence=0.95 if same else 0.6,
                        quote=quote,
                        source="carry-over",
                        needs_review=not same,
                        because=[
                            {
                                "document": old.key,
                                "label": c.provision.ref,
                                "similarity": round(link.score, 3),
                            }
                        ],
                    )
                )
                count += 1
    session.flush()
    return count


def list_suggestions(session: Session, case_id: str, document: str, status: str | None = "pending") -> list:
    from redline.coding.codings import find_document

    doc = find_document(session, case_id, document)
    q = select(m.Suggestion).where(m.Suggestion.document_id == doc.id)
    if status:
        q = q.where(m.Suggestion.status == status)
    rows = list(session.scalars(q))
    return sorted(rows, key=lambda s: (s.provision.index, -s.confidence))


def decide(
    session: Session,
    suggestion_id: int,
    *,
    who: str,
    accept: bool,
    value: float | None = None,
    quote: str | None = None,
    note: str = "",
) -> m.Suggestion:
    """Accept (optionally edited: a new value or quote) or reject a suggestion."""
    s = session.get(m.Suggestion, suggestion_id)
    if s is None:
        raise NotFoundError(f"no suggestion {suggestion_id}")
    if s.status != "pending":
        raise InputError(f"suggestion {suggestion_id} was already {s.status}")
    s.decided_by, s.decided_at = who, dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if not accept:
        s.status = "rejected"
        session.flush()
        return s
    edited = (value is not None and value != s.value) or (quote is not None and quote != s.quote)
    q = quote if quote is not None else s.quote
    locate_evidence(s.provision, q)
    coding = add_coding(
        session,
        s.provision,
        s.dimension,
        coder=who,
        value=s.value if value is None else value,
        quote=q,
        confidence=s.confidence,
        note=note or f"from suggestion {s.id} ({s.source})",
        origin="suggestion-edited" if edited else "suggestion",
        needs_review=s.needs_review,
    )
    s.status = "edited" if edited else "accepted"
    s.coding_id = coding.id
    session.flush()
    return s
