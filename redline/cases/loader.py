"""Move cases between bundles (files) and the database.

:func:`import_bundle` validates the whole bundle first and writes it in one
transaction (nothing is written on any error); :func:`bundle_from_db` rebuilds the
canonical bundle from the database, so ``export → import → export`` is
byte-identical.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from redline.cases.body import BodyProvision, parse_body
from redline.cases.bundle import Bundle, BundleDocument, read_bundle, write_bundle
from redline.cases.schema import (
    ActorSpec,
    CaseSpec,
    CategorySpec,
    ClaimSpec,
    CodingRow,
    ConditionSpec,
    CriterionSetSpec,
    CriterionSpec,
    DimensionSpec,
    DocumentMeta,
    LevelSpec,
    ProvisionSpan,
    RedLineSpec,
    SalienceSpec,
    ScaleSpec,
    SourceSpec,
    TranslationSpec,
)
from redline.errors import InputError, NotFoundError
from redline.store import models as m


def bundle_fingerprint(root: str | Path) -> str:
    """SHA-256 over a bundle folder's files (``case.yaml``, ``codings.csv``, documents, scenarios), so a
    stored case can tell whether it was imported from this version of the bundle."""
    import hashlib

    root = Path(root)
    files = [root / "case.yaml", root / "codings.csv", *sorted((root / "documents").glob("*.md"))]
    files += sorted((root / "scenarios").glob("*.yaml"))
    h = hashlib.sha256()
    for f in files:
        if f.is_file():
            h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def import_bundle(session: Session, root: str | Path, *, replace: bool = False) -> m.Case:
    """Validate the bundle at ``root`` and store it as a case (remembering the bundle's fingerprint).

    Raises InputError if the case exists and ``replace`` is false.
    """
    bundle = read_bundle(root)
    existing = session.get(m.Case, bundle.case.id)
    if existing is not None:
        if not replace:
            raise InputError(
                f"case {bundle.case.id!r} already exists (use --replace to overwrite it)", path=root
            )
        session.delete(existing)
        session.flush()
    case = store_bundle(session, bundle)
    case.extra = {**(case.extra or {}), "source_sha256": bundle_fingerprint(root)}
    return case


def _extra(c: CaseSpec) -> dict:
    """Case parts kept as JSON: the claims and the translations of the case's terms."""
    extra: dict = {}
    if c.claims:
        extra["claims"] = [x.model_dump(exclude_defaults=True) for x in c.claims]
    if c.translations:
        extra["translations"] = {lang: tr.plain() for lang, tr in c.translations.items()}
    return extra


def store_bundle(session: Session, bundle: Bundle) -> m.Case:
    c = bundle.case
    case = m.Case(
        id=c.id,
        title=c.title,
        description=c.description,
        codebook_version=c.codebook_version,
        primary_coder=c.primary_coder,
        scale=c.scale.model_dump(),
        extra=_extra(c),
    )
    for i, a in enumerate(c.actors):
        case.actors.append(
            m.Actor(
                key=a.id,
                name=a.name,
                kind=a.kind,
                capability=a.capability,
                capability_note=a.capability_note,
                maximal_demand=list(a.maximal_demand),
                position=i,
            )
        )
    for i, cat in enumerate(c.categories):
        case.categories.append(m.Category(key=cat.id, name=cat.name, position=i))
    dims: dict[str, m.Dimension] = {}
    for i, d in enumerate(c.dimensions):
        dim = m.Dimension(
            key=d.id, name=d.name, kind=d.kind, category_key=d.category, description=d.description, position=i
        )
        dim.levels = [
            m.ScaleLevel(value=lv.value, label=lv.label, description=lv.description, example=lv.example)
            for lv in d.levels
        ]
        dim.saliences = [
            m.Salience(actor_key=k, value=s.value, note=s.note, position=j)
            for j, (k, s) in enumerate(d.salience.items())
        ]
        case.dimensions.append(dim)
        dims[d.id] = dim
    for i, r in enumerate(c.red_lines):
        case.red_lines.append(
            m.RedLine(
                actor_key=r.actor,
                dimension_key=r.dimension,
                min_value=r.min,
                max_value=r.max,
                note=r.note,
                source=r.source,
                position=i,
            )
        )
    for i, cs in enumerate(c.criteria_sets):
        s = m.CriterionSet(key=cs.id, name=cs.name, source=cs.source, position=i)
        s.criteria = [
            m.Criterion(
                key=x.id,
                name=x.name,
                definition=x.definition,
                passes_if=x.passes_if,
                conditions=[cond.model_dump(exclude_none=True) for cond in x.conditions],
                position=j,
            )
            for j, x in enumerate(cs.criteria)
        ]
        case.criterion_sets.append(s)
    session.add(case)
    provisions: dict[tuple[str, str], tuple[m.Provision, BundleDocument]] = {}
    for i, d in enumerate(bundle.documents):
        doc = _document_row(d, i)
        case.documents.append(doc)
        for p, row in zip(d.provisions, doc.provisions, strict=True):
            provisions[(d.meta.id, p.ref)] = (row, d)
    session.flush()
    for row in bundle.codings:
        prov, bdoc = provisions[(row.document, row.provision)]
        offset = prov.text.index(row.quote)
        coding = m.Coding(
            provision=prov,
            dimension=dims[row.dimension],
            coder=row.coder,
            value=row.value,
            evidence_start=prov.start + offset,
            evidence_end=prov.start + offset + len(row.quote),
            quote=row.quote,
            confidence=row.confidence,
            note=row.note,
            codebook_version=c.codebook_version,
            origin="bundle",
        )
        coding.history.append(
            m.CodingHistory(action="import", who=row.coder, old=None, new=coding_state(coding))
        )
        session.add(coding)
    for key, text in bundle.scenarios.items():
        session.add(m.ScenarioRecord(case_id=c.id, key=key, title=_scenario_title(text), yaml=text))
    session.flush()
    return case


def _scenario_title(text: str) -> str:
    from redline.simulate.scenario import parse_scenario

    return parse_scenario(text).title or ""


def _document_row(d: BundleDocument, position: int) -> m.Document:
    meta = d.meta
    doc = m.Document(
        key=meta.id,
        title=meta.title,
        date=meta.date,
        actor_key=meta.actor,
        co_actors=list(meta.co_actors),
        venue=meta.venue,
        kind=meta.kind,
        status=meta.status,
        reliability=meta.reliability,
        language=meta.language,
        version_of=meta.version_of,
        sources=[s.model_dump(exclude_defaults=True) for s in meta.sources],
        notes=meta.notes,
        text=d.text,
        sha256=d.sha256,
        origin="bundle",
        position=position,
    )
    doc.provisions = [
        m.Provision(
            index=p.index,
            ref=p.ref,
            label=p.label,
            level=p.level,
            parent_index=p.parent,
            text=d.text[p.start : p.end],
            start=p.start,
            end=p.end,
        )
        for p in d.provisions
    ]
    return doc


def coding_state(c: m.Coding) -> dict:
    """The JSON state of a coding kept in its history."""
    return {
        "value": c.value,
        "quote": c.quote,
        "evidence_start": c.evidence_start,
        "evidence_end": c.evidence_end,
        "confidence": c.confidence,
        "note": c.note,
        "deleted": bool(c.deleted),
        "needs_review": bool(c.needs_review),
        "origin": c.origin,
        "codebook_version": c.codebook_version,
    }


# ---------------------------------------------------------------- export


def load_case(session: Session, case_id: str) -> m.Case:
    case = session.scalars(
        select(m.Case)
        .where(m.Case.id == case_id)
        .options(
            selectinload(m.Case.documents).selectinload(m.Document.provisions),
            selectinload(m.Case.dimensions).selectinload(m.Dimension.levels),
            selectinload(m.Case.dimensions).selectinload(m.Dimension.saliences),
        )
    ).first()
    if case is None:
        raise NotFoundError(f"no case {case_id!r} (see `redline case list`)")
    return case


def bundle_from_db(session: Session, case_id: str) -> Bundle:
    case = load_case(session, case_id)
    spec = CaseSpec(
        id=case.id,
        title=case.title,
        description=case.description,
        codebook_version=case.codebook_version,
        primary_coder=case.primary_coder,
        scale=ScaleSpec(**case.scale),
        actors=[
            ActorSpec(
                id=a.key,
                name=a.name,
                kind=a.kind,
                capability=a.capability,
                capability_note=a.capability_note,
                maximal_demand=a.maximal_demand,
            )
            for a in case.actors
        ],
        categories=[CategorySpec(id=c.key, name=c.name) for c in case.categories],
        dimensions=[
            DimensionSpec(
                id=d.key,
                name=d.name,
                kind=d.kind,
                category=d.category_key,
                description=d.description,
                levels=[
                    LevelSpec(value=lv.value, label=lv.label, description=lv.description, example=lv.example)
                    for lv in d.levels
                ],
                salience={s.actor_key: SalienceSpec(value=s.value, note=s.note) for s in d.saliences},
            )
            for d in case.dimensions
        ],
        red_lines=[
            RedLineSpec(
                actor=r.actor_key,
                dimension=r.dimension_key,
                min=r.min_value,
                max=r.max_value,
                note=r.note,
                source=r.source,
            )
            for r in case.red_lines
        ],
        criteria_sets=[
            CriterionSetSpec(
                id=s.key,
                name=s.name,
                source=s.source,
                criteria=[
                    CriterionSpec(
                        id=c.key,
                        name=c.name,
                        definition=c.definition,
                        passes_if=c.passes_if,
                        conditions=[ConditionSpec(**x) for x in c.conditions],
                    )
                    for c in s.criteria
                ],
            )
            for s in case.criterion_sets
        ],
        claims=[ClaimSpec(**x) for x in (case.extra or {}).get("claims", [])],
        translations={
            lang: TranslationSpec(**tr) for lang, tr in (case.extra or {}).get("translations", {}).items()
        },
    )
    docs = sorted(case.documents, key=lambda d: d.position)
    bdocs = [_bundle_document(d) for d in docs]
    dim_order = {d.key: i for i, d in enumerate(case.dimensions)}
    doc_order = {d.id: i for i, d in enumerate(docs)}
    codings = session.scalars(
        select(m.Coding)
        .join(m.Provision)
        .join(m.Document)
        .where(m.Document.case_id == case_id, m.Coding.deleted.is_(False))
        .options(selectinload(m.Coding.provision), selectinload(m.Coding.dimension))
    ).all()
    codings = sorted(
        codings,
        key=lambda c: (
            doc_order[c.provision.document_id],
            c.provision.index,
            dim_order[c.dimension.key],
            c.coder,
        ),
    )
    keys = {d.id: d.key for d in docs}
    rows = [
        CodingRow(
            document=keys[c.provision.document_id],
            provision=c.provision.ref,
            dimension=c.dimension.key,
            value=c.value,
            quote=c.quote,
            coder=c.coder,
            confidence=c.confidence,
            note=c.note,
        )
        for c in codings
    ]
    scenarios = {
        r.key: r.yaml
        for r in session.scalars(
            select(m.ScenarioRecord).where(m.ScenarioRecord.case_id == case_id).order_by(m.ScenarioRecord.key)
        )
    }
    return Bundle(case=spec, documents=bdocs, codings=rows, scenarios=scenarios)


def _bundle_document(d: m.Document) -> BundleDocument:
    stored = [
        BodyProvision(p.index, p.label, p.level, p.parent_index, p.ref, p.start, p.end, 0)
        for p in d.provisions
    ]
    explicit = None
    try:
        parsed = parse_body(d.text)
        same = [(p.index, p.label, p.level, p.parent, p.start, p.end) for p in parsed] == [
            (p.index, p.label, p.level, p.parent, p.start, p.end) for p in stored
        ]
    except InputError:
        same = False
    if not same:
        explicit = [
            ProvisionSpan(
                index=p.index, label=p.label, level=p.level, parent=p.parent, start=p.start, end=p.end
            )
            for p in stored
        ]
    meta = DocumentMeta(
        id=d.key,
        title=d.title,
        date=d.date,
        actor=d.actor_key,
        co_actors=d.co_actors,
        venue=d.venue,
        kind=d.kind,
        status=d.status,
        reliability=d.reliability,
        language=d.language,
        version_of=d.version_of,
        sources=[SourceSpec(**s) for s in d.sources],
        notes=d.notes,
        provisions=explicit,
    )
    return BundleDocument(meta=meta, text=d.text, provisions=stored)


def export_bundle(session: Session, case_id: str, root: str | Path) -> Bundle:
    bundle = bundle_from_db(session, case_id)
    write_bundle(bundle, root)
    return bundle


def list_cases(session: Session) -> list[m.Case]:
    return list(session.scalars(select(m.Case).order_by(m.Case.id)))
