"""Cross-file checks of a case bundle: references between case.yaml, documents, codings and claims.

Every problem is collected (with file and line where known) so the user sees them all at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from redline.cases.schema import FRAME_MAX, CaseSpec, CodingRow
from redline.errors import InputError

if TYPE_CHECKING:
    from redline.cases.bundle import BundleDocument


def cross_check(
    case: CaseSpec | None,
    documents: list[BundleDocument],
    codings: list[tuple[int, CodingRow]],
    root: Path,
    coding_path: Path | None = None,
) -> list[InputError]:
    problems: list[InputError] = []
    case_path = root / "case.yaml"
    if case is None:  # case.yaml itself is invalid (reported already): still check documents and codings
        case = CaseSpec.model_construct(
            id="?",
            title="?",
            scale=CaseSpec.model_fields["scale"].annotation(min_means="", max_means=""),
            actors=[],
            categories=[],
            dimensions=[],
            red_lines=[],
            criteria_sets=[],
        )
        known_case = False
    else:
        known_case = True
    actors = {a.id for a in case.actors}
    dims = {d.id: d for d in case.dimensions}
    cats = {c.id for c in case.categories}
    docs: dict[str, BundleDocument] = {}
    for d in documents:
        if d.meta.id in docs:
            problems.append(InputError(f"duplicate document id {d.meta.id!r}", path=d.path))
        docs[d.meta.id] = d
    for kind, seq in (("actor", [a.id for a in case.actors]), ("dimension", [d.id for d in case.dimensions])):
        dupes = {x for x in seq if seq.count(x) > 1}
        for x in sorted(dupes):
            problems.append(InputError(f"duplicate {kind} id {x!r}", path=case_path))
    for a in case.actors:
        for m in a.maximal_demand:
            if m not in docs:
                problems.append(
                    InputError(f"actor {a.id}: maximal_demand names unknown document {m!r}", path=case_path)
                )
    for d in case.dimensions:
        if d.category is not None and d.category not in cats:
            problems.append(InputError(f"dimension {d.id}: unknown category {d.category!r}", path=case_path))
        for actor in d.salience:
            if actor not in actors:
                problems.append(
                    InputError(f"dimension {d.id}: salience for unknown actor {actor!r}", path=case_path)
                )
        if d.kind == "position":
            for lv in d.levels:
                if not case.scale.min <= lv.value <= case.scale.max:
                    problems.append(
                        InputError(f"dimension {d.id}: level {lv.value} outside the scale", path=case_path)
                    )
    for r in case.red_lines:
        if r.actor not in actors:
            problems.append(InputError(f"red line: unknown actor {r.actor!r}", path=case_path))
        if r.dimension not in dims:
            problems.append(InputError(f"red line: unknown dimension {r.dimension!r}", path=case_path))
    for cs in case.criteria_sets:
        for c in cs.criteria:
            for cond in c.conditions:
                if cond.dimension not in dims:
                    problems.append(
                        InputError(
                            f"criterion {cs.id}/{c.id}: unknown dimension {cond.dimension!r}", path=case_path
                        )
                    )
    for cl in case.claims:
        refs = [x for x in (cl.a, cl.b, cl.c, *cl.among) if x is not None]
        for x in refs:
            if known_case and x not in {d.meta.id for d in documents}:
                problems.append(InputError(f"claim {cl.id}: unknown document {x!r}", path=case_path))
        if cl.dimension is not None and cl.dimension not in dims:
            problems.append(InputError(f"claim {cl.id}: unknown dimension {cl.dimension!r}", path=case_path))
        if cl.target is not None and cl.target not in actors:
            problems.append(InputError(f"claim {cl.id}: unknown actor {cl.target!r}", path=case_path))
    known = {
        "actors": actors,
        "categories": cats,
        "dimensions": set(dims),
        "levels": set(dims),
        "criteria_sets": {cs.id for cs in case.criteria_sets},
        "criteria": {c.id for cs in case.criteria_sets for c in cs.criteria},
        "claims": {cl.id for cl in case.claims},
    }
    for lang, tr in case.translations.items():
        for part, ids in known.items():
            for x in getattr(tr, part):
                if x not in ids:
                    problems.append(
                        InputError(f"translations.{lang}.{part}: unknown id {x!r}", path=case_path)
                    )
        for dim, labels in tr.levels.items():
            values = {lv.value for lv in dims[dim].levels} if dim in dims else set()
            for v in labels:
                if dim in dims and float(v) not in values:
                    problems.append(
                        InputError(f"translations.{lang}.levels.{dim}: no level {v:g}", path=case_path)
                    )
    for d in documents:
        for a in [d.meta.actor, *d.meta.co_actors]:
            if known_case and a is not None and a not in actors:
                problems.append(InputError(f"unknown actor {a!r}", path=d.path))
        if d.meta.version_of is not None and d.meta.version_of not in docs:
            problems.append(
                InputError(f"version_of names unknown document {d.meta.version_of!r}", path=d.path)
            )
    seen: dict[tuple[str, str, str, str], int] = {}
    coding_path = coding_path or root / "codings.csv"
    for line, c in codings:
        doc = docs.get(c.document)
        if doc is None:
            problems.append(InputError(f"unknown document {c.document!r}", path=coding_path, line=line))
            continue
        prov = doc.by_ref().get(c.provision)
        if prov is None:
            problems.append(
                InputError(
                    f"document {c.document}: no provision {c.provision!r}", path=coding_path, line=line
                )
            )
            continue
        dim = dims.get(c.dimension)
        if dim is None and known_case:
            problems.append(InputError(f"unknown dimension {c.dimension!r}", path=coding_path, line=line))
            continue
        lo, hi = (
            (0, FRAME_MAX) if dim is not None and dim.kind == "frame" else (case.scale.min, case.scale.max)
        )
        if not lo <= c.value <= hi:
            problems.append(
                InputError(
                    f"value {c.value:g} outside {lo:g}-{hi:g} for {c.dimension}", path=coding_path, line=line
                )
            )
        if c.quote not in prov.text(doc.text):
            problems.append(
                InputError(
                    f"quote not found verbatim in {c.document} provision {c.provision}: {c.quote[:60]!r}",
                    path=coding_path,
                    line=line,
                )
            )
        key = (c.document, c.provision, c.dimension, c.coder)
        if key in seen:
            problems.append(
                InputError(
                    f"duplicate coding {'/'.join(key)} (first at line {seen[key]})",
                    path=coding_path,
                    line=line,
                )
            )
        seen[key] = line
    return problems
