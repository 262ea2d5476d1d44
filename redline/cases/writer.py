"""Write a case bundle in its canonical form (so write -> read -> write is byte-identical)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from redline.cases.schema import CODING_COLUMNS, CaseSpec, CodingRow

if TYPE_CHECKING:
    from redline.cases.bundle import Bundle, BundleDocument


def _dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def _clean(d: dict[str, Any], keep: Iterable[str] = ()) -> dict[str, Any]:
    """Drop empty optional values so written files stay short; keep named keys."""
    keep = set(keep)
    return {k: v for k, v in d.items() if k in keep or v not in (None, "", [], {})}


def case_yaml(case: CaseSpec) -> str:
    data = case.model_dump(mode="json")
    data["actors"] = [_clean(a, ("id", "name")) for a in data["actors"]]
    for d in data["dimensions"]:
        d["levels"] = [_clean(lv, ("value", "label")) for lv in d["levels"]]
        d["salience"] = {k: _clean(v, ("value",)) for k, v in d["salience"].items()}
    data["dimensions"] = [_clean(d, ("id", "name", "kind", "levels")) for d in data["dimensions"]]
    data["red_lines"] = [_clean(r, ("actor", "dimension")) for r in data["red_lines"]]
    data["claims"] = [_clean(c, ("id", "text", "kind", "a", "expect")) for c in data["claims"]]
    for cs in data["criteria_sets"]:
        for c in cs["criteria"]:
            c["conditions"] = [_clean(x, ("dimension",)) for x in c["conditions"]]
    data["translations"] = {lang: tr.plain() for lang, tr in case.translations.items()}
    return _dump_yaml(_clean(data, ("id", "title", "scale", "actors", "dimensions")))


def document_md(doc: BundleDocument) -> str:
    meta = doc.meta.model_dump(mode="json")
    meta["sources"] = [_clean(s, ("url",)) for s in meta["sources"]]
    meta = _clean(meta, ("id", "title", "date", "actor", "kind", "status", "reliability", "language"))
    return "---\n" + _dump_yaml(meta) + "---\n" + doc.text


def codings_csv(rows: Iterable[CodingRow]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CODING_COLUMNS)
    for r in rows:
        w.writerow(
            [
                r.document,
                r.provision,
                r.dimension,
                f"{r.value:g}",
                r.quote,
                r.coder,
                f"{r.confidence:g}",
                r.note,
            ]
        )
    return buf.getvalue()


def write_bundle(bundle: Bundle, root: str | Path) -> None:
    """Write the canonical files of a bundle into ``root`` (created; stale documents removed)."""
    root = Path(root)
    (root / "documents").mkdir(parents=True, exist_ok=True)
    (root / "case.yaml").write_text(case_yaml(bundle.case), encoding="utf-8")
    wanted = {f"{d.meta.id}.md" for d in bundle.documents}
    for old in (root / "documents").glob("*.md"):
        if old.name not in wanted:
            old.unlink()
    for d in bundle.documents:
        (root / "documents" / f"{d.meta.id}.md").write_text(document_md(d), encoding="utf-8")
    (root / "codings.csv").write_text(codings_csv(bundle.codings), encoding="utf-8")
    folder = root / "scenarios"
    if bundle.scenarios or folder.is_dir():
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.yaml"):
            if old.stem not in bundle.scenarios:
                old.unlink()
        for key, text in bundle.scenarios.items():
            (folder / f"{key}.yaml").write_text(text, encoding="utf-8")
