"""Every export re-read and compared with the database: tables in CSV, XLSX, JSON and Parquet, the codebook as
REFI-QDA, the case as a bundle (folder and zip)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from report_helpers import load_mini
from sqlalchemy import select

from redline.cli.main import main
from redline.report.exports import read_csv, read_json, read_parquet, read_xlsx
from redline.report.tables import TABLES, build_tables, codebook_table
from redline.store import models as m
from redline.store.db import session_scope

FORMATS = ("csv", "xlsx", "json", "parquet")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('exports') / 'db.sqlite'}"
    load_mini(url)
    return url


def expected(url: str, table: str) -> list[dict[str, Any]]:
    """What the database holds, read independently of the export code."""
    from redline.analysis.data import load_case_data
    from redline.analysis.positions import positions_contract

    with session_scope(url) as s:
        if table == "codings":
            data = load_case_data(s, "mini")
            return sorted(
                (r.document, r.ref, r.dimension, r.coder, float(r.value), float(r.confidence), r.quote)
                for r in data.codings.itertuples()
            )
        if table == "positions":
            out = positions_contract(
                load_case_data(s, "mini"), {"proposal", "memorandum", "declaration", "statement"}
            )
            return [(d["id"], d["index"], d["positions"]) for d in out["documents"]]
        if table == "alignments":
            return sorted(
                (lk.relation, list(lk.a_indices), list(lk.b_indices), lk.score, lk.changes)
                for lk in s.scalars(select(m.AlignmentLink))
            )
        runs = s.scalars(select(m.ScenarioRun)).all()
        return sorted((r.id, i["id"], float(i["prediction"])) for r in runs for i in r.result["issues"])


def project(table: str, rows: list[dict[str, Any]], dims: list[str]) -> list[Any]:
    """The exported rows reduced to what :func:`expected` reads."""
    if table == "codings":
        return sorted(
            (r["document"], r["ref"], r["dimension"], r["coder"], r["value"], r["confidence"], r["quote"])
            for r in rows
        )
    if table == "positions":
        return [(r["document"], r["index"], {d: r[d] for d in dims}) for r in rows]
    if table == "alignments":
        return sorted(
            (r["relation"], r["a_provisions"], r["b_provisions"], r["score"], r["changes"]) for r in rows
        )
    return sorted((r["run"], r["issue"], r["prediction"]) for r in rows)


def read_back(fmt: str, path: Path, table: str, columns: list) -> list[dict[str, Any]]:
    if fmt == "csv":
        return read_csv(path, columns)
    if fmt == "parquet":
        return read_parquet(path, columns)
    if fmt == "xlsx":
        return read_xlsx(path, {table: columns})[table]
    return read_json(path)["tables"][table]["rows"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("table", TABLES)
def test_table_round_trips(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, fmt: str
) -> None:
    monkeypatch.setenv("REDLINE_DATABASE_URL", db)
    out = tmp_path / f"{table}.{fmt}"
    assert main(["export", "--case", "mini", "--what", table, "--format", fmt, "--out", str(out)]) == 0
    with session_scope(db) as s:
        spec = build_tables(s, "mini", table)[0]
    rows = read_back(fmt, out, table, spec.columns)
    assert rows == spec.rows  # every column, typed, in order
    dims = [c.name for c in spec.columns[5:]] if table == "positions" else []
    want = expected(db, table)
    assert want, f"the fixture has no {table}"
    assert project(table, rows, dims) == want


@pytest.mark.parametrize("fmt", FORMATS)
def test_all_tables_with_codebook_and_dictionary(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    from redline.coding.codebook import codebook_dict

    monkeypatch.setenv("REDLINE_DATABASE_URL", db)
    out = tmp_path / f"all.{fmt}"
    assert main(["export", "--case", "mini", "--format", fmt, "--out", str(out)]) == 0
    with session_scope(db) as s:
        specs = build_tables(s, "mini", "all")
        book = codebook_dict(s, "mini")
        cb = codebook_table(s, "mini")
    if fmt == "json":
        doc = read_json(out)
        assert doc["codebook"] == json.loads(json.dumps(book))
        assert list(doc["tables"]) == list(TABLES)
        for spec in specs:
            assert doc["tables"][spec.name]["rows"] == json.loads(json.dumps(spec.rows))
            assert [c["name"] for c in doc["tables"][spec.name]["columns"]] == spec.names
        return
    if fmt == "xlsx":
        sheets = read_xlsx(out, {**{t.name: t.columns for t in specs}, "codebook": cb.columns})
        got = {name: rows for name, rows in sheets.items()}
    else:
        assert sorted(p.name for p in out.iterdir()) == sorted(
            f"{n}.{fmt}" for n in (*TABLES, "codebook", "columns")
        )
        reader = read_csv if fmt == "csv" else read_parquet
        got = {t.name: reader(out / f"{t.name}.{fmt}", t.columns) for t in [*specs, cb]}
    for spec in specs:
        assert got[spec.name] == spec.rows
    levels = [(d["id"], float(lv["value"]), lv["label"]) for d in book["dimensions"] for lv in d["levels"]]
    assert [(r["dimension"], r["value"], r["label"]) for r in got["codebook"]] == levels


def test_codebook_as_refi_qda(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from redline.coding.codebook import codebook_dict, from_qdc

    monkeypatch.setenv("REDLINE_DATABASE_URL", db)
    out = tmp_path / "codebook.qdc"
    assert main(["export", "--case", "mini", "--format", "qdc", "--out", str(out)]) == 0
    back = from_qdc(out.read_bytes(), str(out))
    with session_scope(db) as s:
        book = codebook_dict(s, "mini")
    assert [
        (d["id"], d["kind"], [(lv["value"], lv["label"]) for lv in d["levels"]]) for d in back["dimensions"]
    ] == [
        (d["id"], d["kind"], [(lv["value"], lv["label"]) for lv in d["levels"]]) for d in book["dimensions"]
    ]


@pytest.mark.parametrize("name", ["bundle", "bundle.zip"])
def test_bundle_imports_into_a_fresh_database(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from redline.cases.loader import import_bundle

    monkeypatch.setenv("REDLINE_DATABASE_URL", db)
    out = tmp_path / name
    assert main(["export", "--case", "mini", "--format", "bundle", "--out", str(out)]) == 0
    root = out
    if name.endswith(".zip"):
        with zipfile.ZipFile(out) as zf:
            zf.extractall(tmp_path / "unzipped")
        root = tmp_path / "unzipped" / "mini"
    assert (root / "case.yaml").exists() and (root / "scenarios" / "talks.yaml").exists()
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    with session_scope(fresh) as s:
        import_bundle(s, root)
    with session_scope(db) as s:
        before = build_tables(s, "mini", "codings")[0].rows
    with session_scope(fresh) as s:
        after = build_tables(s, "mini", "codings")[0].rows
    strip = [{k: v for k, v in r.items() if k not in ("updated_at", "origin")} for r in before]
    assert [{k: v for k, v in r.items() if k not in ("updated_at", "origin")} for r in after] == strip


def test_bad_exports_write_nothing(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDLINE_DATABASE_URL", db)
    wrong = tmp_path / "codings.txt"
    assert (
        main(["export", "--case", "mini", "--what", "codings", "--format", "csv", "--out", str(wrong)]) == 2
    )
    assert not wrong.exists()
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("x")
    assert main(["export", "--case", "mini", "--format", "csv", "--out", str(busy)]) == 2
    assert sorted(p.name for p in busy.iterdir()) == ["keep.txt"]
    assert main(["export", "--case", "nope", "--format", "json", "--out", str(tmp_path / "x.json")]) != 0
    assert not (tmp_path / "x.json").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".") or p.suffix == ".part"] == []
