"""The shared state of one report or figure build: the case's data, measures and notes.

:class:`Context` loads a case once, computes the expensive measures (bootstrap, drift) lazily and only
once, and registers the notes (:mod:`redline.report.notes`) that tie each reported number to its
provisions and sources.  The section builders in :mod:`redline.report.content` read from it.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from redline.analysis.data import CaseData, DimInfo, load_case_data
from redline.analysis.movement import Measures
from redline.analysis.positions import explain_position, position_matrix
from redline.cases.loader import load_case
from redline.store import models as m


def redline_version() -> str:
    try:
        return version("redline")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        return "dev"


def build_date() -> dt.date:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` (reproducible builds) when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def nearest_level(dim: DimInfo, value: float | None) -> str:
    """The label of the anchored level nearest to ``value`` (ties toward the lower end)."""
    if value is None or pd.isna(value) or not dim.levels:
        return ""
    return min(dim.levels, key=lambda lv: (abs(lv[0] - value), lv[0]))[1]


def _r(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 2)


class Context:
    """One case loaded for reporting, with lazily computed measures and a registry of notes."""

    def __init__(
        self,
        session: Session,
        case_id: str,
        *,
        replicates: int = 400,
        target: str | None = None,
        generated: dt.date | None = None,
        lang: str = "en",
    ) -> None:
        from redline.analysis.localize import localized

        self.session = session
        # the case's own terms (dimensions, levels, actors, criteria, claims) in the report's language
        self.data: CaseData = localized(load_case_data(session, case_id), lang)
        self.case: m.Case = load_case(session, case_id)
        self.orm_docs: dict[str, m.Document] = {d.key: d for d in self.case.documents}
        self.description: str = (
            self.data.translations.get(lang, {}).get("description") or self.case.description
        )
        self.replicates = replicates
        self.generated = generated or build_date()
        self.notes: dict[str, dict[str, Any]] = {}
        self._drift: dict[str, dict] = {}
        self._target = target

    # --- basic lookups -------------------------------------------------------------------------
    @property
    def case_id(self) -> str:
        return self.data.case_id

    def title(self, doc: str) -> str:
        return self.data.doc(doc).title

    def actor_name(self, actor: str | None) -> str:
        if actor is None:
            return ""
        return str(self.data.actors.get(actor, {}).get("name", actor))

    def dim(self, key: str) -> DimInfo:
        return next(d for d in self.data.dimensions if d.id == key)

    def dim_name(self, key: str) -> str:
        return self.dim(key).name

    def sources(self, doc: str) -> list[dict[str, str]]:
        return [
            {"title": s.get("title", ""), "url": s.get("url", ""), "publisher": s.get("publisher", "")}
            for s in self.orm_docs[doc].sources
        ]

    @property
    def coders(self) -> list[str]:
        return sorted(set(self.data.codings["coder"]))

    def source_line_values(self) -> dict[str, str]:
        """What the figures' source line names: case, primary coder, date."""
        return {"case": self.case_id, "coder": self.data.primary_coder, "date": self.generated.isoformat()}

    # --- measures ------------------------------------------------------------------------------
    @cached_property
    def measures(self) -> Measures:
        return Measures(self.data, self.replicates)

    @cached_property
    def matrix(self) -> pd.DataFrame:
        return position_matrix(self.data)

    def drift(self, actor: str) -> dict:
        if actor not in self._drift:
            self._drift[actor] = self.measures.drift(actor)
        return self._drift[actor]

    @cached_property
    def negotiation_docs(self) -> list[str]:
        return [d.id for d in self.data.documents if d.kind != "strategy"]

    @cached_property
    def maxima(self) -> dict[str, dict[str, tuple[float, str]]]:
        """Per actor with a maximal demand: dimension -> (value, document that states it); later documents win."""
        out: dict[str, dict[str, tuple[float, str]]] = {}
        for actor, info in self.data.actors.items():
            docs = [d.id for d in self.data.documents if d.id in info.get("maximal_demand", [])]
            if not docs:
                continue
            prof: dict[str, tuple[float, str]] = {}
            for doc in docs:  # date order
                for dim, v in self.matrix.loc[doc].items():
                    if not pd.isna(v):
                        prof[str(dim)] = (round(float(v), 2), doc)
            out[actor] = prof
        return out

    @property
    def target(self) -> str | None:
        """The actor whose maximal demand the drift is measured against: the one nearest the scale's max."""
        if self._target:
            if self._target not in self.maxima:
                from redline.errors import InputError

                raise InputError(
                    f"actor {self._target!r} has no maximal demand in case {self.case_id!r} "
                    f"(actors with one: {', '.join(self.maxima) or 'none'})"
                )
            return self._target
        if not self.maxima:
            return None
        return max(
            self.maxima, key=lambda a: sum(v for v, _ in self.maxima[a].values()) / len(self.maxima[a])
        )

    # --- notes ---------------------------------------------------------------------------------
    def refs(self, doc: str, dim: str) -> list[str]:
        return [p["provision"] for p in explain_position(self.data, doc, dim)]

    def note_document(self, doc: str) -> str:
        key = f"doc:{doc}"
        if key not in self.notes:
            d, o = self.data.doc(doc), self.orm_docs[doc]
            self.notes[key] = {
                "kind": "document",
                "title": d.title,
                "doc_kind": d.kind,
                "status": d.status,
                "grade": d.reliability,
                "date": d.date.isoformat() if d.date else None,
                "venue": o.venue,
                "notes": o.notes,
                "sources": self.sources(doc),
            }
        return key

    def note_position(self, doc: str, dim: str, kind: str = "position") -> str:
        key = f"{'pos' if kind == 'position' else 'frame'}:{doc}:{dim}"
        if key not in self.notes:
            if kind == "position":
                provs = explain_position(self.data, doc, dim)
                self.notes[key] = {
                    "kind": "position",
                    "title": self.title(doc),
                    "dimension": self.dim_name(dim),
                    "value": _r(self.matrix.loc[doc, dim]),
                    "provisions": provs,
                    "docs": [doc],
                }
            else:
                from redline.analysis.affinity import frame_profiles, passages

                value = float(frame_profiles(self.data, [doc]).loc[doc, dim])
                self.notes[key] = {
                    "kind": "frame",
                    "title": self.title(doc),
                    "frame": self.dim_name(dim),
                    "value": value,
                    "passages": [
                        {"provision": p["provision"], "quote": p["quote"]}
                        for p in passages(self.data, doc, dim, min_strength=max(value, 1))
                    ],
                    "docs": [doc],
                }
        return key

    def note_distance(self, doc: str, actor: str) -> str:
        key = f"dist:{doc}:{actor}"
        if key not in self.notes:
            prof = self.maxima[actor]
            rows = []
            max_docs: list[str] = []
            for dim, v in self.matrix.loc[doc].items():
                if pd.isna(v) or dim not in prof:
                    continue
                max_value, max_doc = prof[str(dim)]
                max_docs.append(max_doc)
                rows.append(
                    {
                        "dimension": self.dim_name(str(dim)),
                        "value": _r(v),
                        "refs": self.refs(doc, str(dim)),
                        "max_value": max_value,
                        "max_title": self.title(max_doc),
                        "max_refs": self.refs(max_doc, str(dim)),
                    }
                )
            self.notes[key] = {
                "kind": "distance",
                "title": self.title(doc),
                "actor": self.actor_name(actor),
                "rows": rows,
                "docs": list(dict.fromkeys([doc, *max_docs])),
            }
        return key

    def note_concession(self, a: str, b: str, moves: list[dict]) -> str:
        key = f"con:{a}:{b}"
        if key not in self.notes:
            self.notes[key] = {
                "kind": "concession",
                "a_title": self.title(a),
                "b_title": self.title(b),
                "rows": [
                    {
                        "dimension": self.dim_name(mv["dimension"]),
                        "from": mv["from"],
                        "to": mv["to"],
                        "a_refs": self.refs(a, mv["dimension"]),
                        "b_refs": self.refs(b, mv["dimension"]),
                    }
                    for mv in moves
                ],
                "docs": [a, b],
            }
        return key
