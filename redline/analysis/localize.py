"""A case's own terms in another language: dimension and level names, actors, criteria, claims.

Reports and figures in German (or any language the case translates into) should not mix German
prose with English dimension names.  A case bundle may carry ``translations`` in ``case.yaml``
(see :class:`redline.cases.schema.TranslationSpec`); :func:`localized` returns a copy of a
:class:`CaseData` whose names are replaced where a translation exists.  Ids, values and codings
are untouched, so every measure gives the same numbers.
"""

from __future__ import annotations

import dataclasses

from redline.analysis.data import CaseData, DimInfo


def localized(data: CaseData, lang: str) -> CaseData:
    """``data`` with the names of language ``lang`` where the case provides them (else unchanged)."""
    tr = data.translations.get(lang)
    if not tr:
        return data
    dims = tr.get("dimensions", {})
    levels = tr.get("levels", {})

    def dim(d: DimInfo) -> DimInfo:
        labels = {float(v): t for v, t in levels.get(d.id, {}).items()}
        return dataclasses.replace(
            d,
            name=dims.get(d.id, d.name),
            levels=tuple((v, labels.get(float(v), label)) for v, label in d.levels),
        )

    actors = {
        a: {**info, "name": tr.get("actors", {}).get(a, info.get("name", a))}
        for a, info in data.actors.items()
    }
    criteria = tr.get("criteria", {})
    sets = [
        {
            **s,
            "name": tr.get("criteria_sets", {}).get(s["id"], s["name"]),
            "criteria": [{**c, "name": criteria.get(c["id"], c["name"])} for c in s["criteria"]],
        }
        for s in data.criterion_sets
    ]
    claims = [{**c, "text": tr.get("claims", {}).get(c.get("id"), c.get("text", ""))} for c in data.claims]
    return dataclasses.replace(
        data,
        title=tr.get("title") or data.title,
        scale={
            **data.scale,
            **{k: tr[k] for k in ("min_means", "max_means") if tr.get(k)},
        },
        dimensions=[dim(d) for d in data.dimensions],
        actors=actors,
        criterion_sets=sets,
        claims=claims,
    )
