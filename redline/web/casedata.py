"""One case as the pages see it: the core's results, cached per data fingerprint.

Every page and its JSON twin under ``/api`` read through :class:`CaseView`, so both show the same
numbers as the CLI (the same functions of :mod:`redline.analysis`), computed once per change of
the case's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from redline.analysis.data import CaseData, DimInfo, DocInfo, load_case_data
from redline.web.cache import CaseCache


def to_plain(obj: Any) -> Any:
    """Nested dicts/lists with numpy scalars turned into Python ones (JSON-ready, ``is True`` works)."""
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_plain(v) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    return obj


@dataclass
class CaseView:
    """Cached access to one case's data and measures within one request."""

    session: Session
    case_id: str
    cache: CaseCache
    replicates: int = 400
    lang: str = "en"  # the case's terms in this language where the case translates them (HTML pages)

    def cached(self, name: str, compute: Any) -> Any:
        """A result cached per data fingerprint (and per language: names differ, numbers do not)."""
        key = name if self.lang == "en" else f"{name}@{self.lang}"
        return self.cache.get(self.session, self.case_id, key, compute)

    def _plain(self, name: str, compute: Any) -> Any:
        """A cached JSON-ready result: numpy scalars become Python numbers and booleans."""
        return self.cached(name, lambda: to_plain(compute()))

    @property
    def data(self) -> CaseData:
        from redline.analysis.localize import localized

        raw = self.cache.get(
            self.session, self.case_id, "data", lambda: load_case_data(self.session, self.case_id)
        )
        return self.cached("data:localized", lambda: localized(raw, self.lang))  # type: ignore[no-any-return]

    def summary(self) -> dict[str, Any]:
        from redline.cases.summary import case_summary

        return self.cached("summary", lambda: case_summary(self.session, self.case_id))  # type: ignore[no-any-return]

    def matrix(self) -> pd.DataFrame:
        from redline.analysis.positions import position_matrix

        return self.cached("matrix", lambda: position_matrix(self.data))  # type: ignore[no-any-return]

    def positions(self) -> dict[str, Any]:
        from redline.analysis.positions import positions_contract

        return self._plain("positions", lambda: positions_contract(self.data))  # type: ignore[no-any-return]

    def measures(self) -> Any:
        from redline.analysis.movement import Measures

        return self.cached("measures", lambda: Measures(self.data, replicates=self.replicates))

    def drift(self, actor: str) -> dict[str, Any]:
        return self._plain(f"drift:{actor}", lambda: self.measures().drift(actor))  # type: ignore[no-any-return]

    def red_lines(self) -> dict[str, Any]:
        from redline.analysis.criteria import red_lines

        return self._plain("red_lines", lambda: red_lines(self.data))  # type: ignore[no-any-return]

    def criteria(self) -> dict[str, Any]:
        from redline.analysis.criteria import criteria

        return self._plain("criteria", lambda: criteria(self.data))  # type: ignore[no-any-return]

    def affinity(self) -> dict[str, Any]:
        from redline.analysis.affinity import affinity_report

        return self._plain("affinity", lambda: affinity_report(self.data))  # type: ignore[no-any-return]

    def territory(self, document: str) -> dict[str, Any]:
        from redline.analysis.territory import territory_map

        return self.cached(  # type: ignore[no-any-return]
            f"territory:{document}", lambda: to_plain(territory_map(self.data, document, self.matrix()))
        )

    def territory_documents(self) -> list[str]:
        from redline.analysis.territory import territory_documents

        return self.cached("territory_docs", lambda: territory_documents(self.data, self.matrix()))  # type: ignore[no-any-return]

    # small lookups used by many templates
    def doc(self, key: str) -> DocInfo:
        return self.data.doc(key)

    def dim(self, key: str) -> DimInfo | None:
        return next((d for d in self.data.dimensions if d.id == key), None)

    def actor_name(self, key: str | None) -> str:
        if key is None:
            return "?"
        return str(self.data.actors.get(key, {}).get("name", key))

    def level_label(self, dimension: str, value: float | None) -> str:
        """The label of the anchored level nearest to a value (for tooltips and tables)."""
        dim = self.dim(dimension)
        if dim is None or value is None or not dim.levels:
            return ""
        return min(dim.levels, key=lambda lv: (abs(lv[0] - value), lv[0]))[1]
