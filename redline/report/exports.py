"""Write a case's tables as CSV, XLSX, JSON or Parquet, and read them back; the codebook as REFI-QDA; the
whole case as a bundle.

Layout by format (``redline export --what W --format F --out PATH``):

- ``csv`` / ``parquet``: one table -> one file at PATH; ``all`` -> a folder with one file per table plus
  ``codebook`` and ``columns`` (the data dictionary).
- ``xlsx``: one workbook, one sheet per table, plus the ``codebook`` and ``columns`` sheets.
- ``json``: one file ``{"case", "tables": {name: {"description", "columns", "rows"}}, "codebook"}``.
- ``qdc``: the codebook as REFI-QDA (``--what`` is ignored); ``bundle``: the case bundle folder (or a
  ``.zip`` of it).

Lists and objects (``json`` columns) are JSON text in CSV, XLSX and Parquet; empty cells are nulls.  Files
appear only when complete (written under a temporary name, then renamed).
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from redline.errors import InputError
from redline.report.tables import Column, Table, build_tables, codebook_table, dictionary_table

FORMATS = ("csv", "xlsx", "json", "parquet", "qdc", "bundle")
SUFFIX = {"csv": ".csv", "xlsx": ".xlsx", "json": ".json", "parquet": ".parquet", "qdc": ".qdc"}


# --- cell encoding ---------------------------------------------------------------------------------
def to_text(col: Column, value: Any) -> str:
    """A value as CSV text ('' for null)."""
    if value is None:
        return ""
    if col.type == "json":
        return json.dumps(value, ensure_ascii=False)
    if col.type == "bool":
        return "true" if value else "false"
    if col.type == "float":
        return repr(float(value))
    return str(value)


def from_text(col: Column, text: str | None) -> Any:
    """Parse a CSV/XLSX cell back to the column's type."""
    if text is None or text == "":
        return "" if col.type == "str" and not col.nullable else None
    if col.type == "int":
        return int(text)
    if col.type == "float":
        return float(text)
    if col.type == "bool":
        return str(text).lower() in ("true", "1")
    if col.type == "json":
        return json.loads(text)
    return str(text)


def _cell(col: Column, value: Any) -> Any:
    """A value as an XLSX cell (numbers stay numbers)."""
    if value is None:
        return None
    if col.type == "json":
        return json.dumps(value, ensure_ascii=False)
    return value


def _uncell(col: Column, value: Any) -> Any:
    if value is None or value == "":
        return "" if col.type == "str" and not col.nullable else None
    if col.type in ("json",):
        return json.loads(value)
    if col.type == "int":
        return int(value)
    if col.type == "float":
        return float(value)
    if col.type == "bool":
        return bool(value) if not isinstance(value, str) else value.lower() == "true"
    return str(value)


# --- writers ---------------------------------------------------------------------------------------
def write_csv(table: Table, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(table.names)
        for row in table.rows:
            w.writerow([to_text(c, row.get(c.name)) for c in table.columns])


def write_parquet(table: Table, path: Path, case_id: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "json": pa.string(),
    }
    schema = pa.schema(
        [
            pa.field(
                c.name, types[c.type], nullable=True, metadata={"description": c.description, "type": c.type}
            )
            for c in table.columns
        ],
        metadata={"case": case_id, "table": table.name, "description": table.description},
    )
    cols = {
        c.name: [
            json.dumps(r.get(c.name), ensure_ascii=False)
            if c.type == "json" and r.get(c.name) is not None
            else r.get(c.name)
            for r in table.rows
        ]
        for c in table.columns
    }
    pq.write_table(pa.table(cols, schema=schema), path)


def write_xlsx(tables: list[Table], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for t in tables:
        ws = wb.create_sheet(t.name[:31])
        ws.append(t.names)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in t.rows:
            ws.append([_cell(c, row.get(c.name)) for c in t.columns])
        ws.freeze_panes = "A2"
    wb.save(path)


def write_json(tables: list[Table], path: Path, case_id: str, codebook: dict[str, Any]) -> None:
    doc = {
        "case": case_id,
        "tables": {
            t.name: {
                "description": t.description,
                "columns": [
                    {"name": c.name, "type": c.type, "nullable": c.nullable, "description": c.description}
                    for c in t.columns
                ],
                "rows": t.rows,
            }
            for t in tables
        },
        "codebook": codebook,
    }
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# --- readers (the round trip; also for scripts) -----------------------------------------------------
def read_csv(path: Path, columns: list[Column]) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        _check_header(path, reader.fieldnames or [], columns)
        return [{c.name: from_text(c, r[c.name]) for c in columns} for r in reader]


def read_parquet(path: Path, columns: list[Column]) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    _check_header(path, table.column_names, columns)
    out = []
    for rec in table.to_pylist():
        out.append(
            {
                c.name: (
                    json.loads(rec[c.name])
                    if c.type == "json" and rec[c.name] is not None
                    else ("" if rec[c.name] is None and c.type == "str" and not c.nullable else rec[c.name])
                )
                for c in columns
            }
        )
    return out


def read_xlsx(path: Path, sheets: dict[str, list[Column]]) -> dict[str, list[dict[str, Any]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    out = {}
    for name, columns in sheets.items():
        rows = list(wb[name[:31]].iter_rows(values_only=True))
        header = [str(h) for h in rows[0]] if rows else []
        _check_header(path, header, columns)
        idx = {h: i for i, h in enumerate(header)}
        out[name] = [{c.name: _uncell(c, r[idx[c.name]]) for c in columns} for r in rows[1:]]
    wb.close()
    return out


def read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _check_header(path: Path, header: list[str], columns: list[Column]) -> None:
    missing = [c.name for c in columns if c.name not in header]
    if missing:
        raise InputError(f"missing column(s): {', '.join(missing)}", path=path)


# --- export ----------------------------------------------------------------------------------------
def _fresh_dir(out: Path) -> Path:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError("exists and is not an empty folder: choose a new name", path=out)
    if not out.parent.exists():
        raise InputError("the folder does not exist", path=out.parent)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the export is an ordinary folder
    return tmp


def _place_dir(tmp: Path, out: Path) -> None:
    if out.exists():
        out.rmdir()
    tmp.rename(out)


def _file_target(out: Path, suffix: str) -> Path:
    if out.suffix.lower() != suffix:
        raise InputError(f"use a {suffix} file name", path=out)
    if not out.parent.exists():
        raise InputError("the folder does not exist", path=out.parent)
    return out.with_name(out.name + ".part")


def export(session: Session, case_id: str, what: str, fmt: str, out: str | Path) -> list[Path]:
    """Write ``what`` of ``case_id`` in ``fmt`` to ``out``; returns the files written."""
    out = Path(out)
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "qdc":
        from redline.coding.codebook import codebook_dict, to_qdc

        tmp = _file_target(out, ".qdc")
        tmp.write_bytes(to_qdc(codebook_dict(session, case_id)))
        tmp.replace(out)
        return [out]
    if fmt == "bundle":
        return [export_bundle_to(session, case_id, out)]
    tables = build_tables(session, case_id, what)
    extras = [codebook_table(session, case_id)]
    extras.append(dictionary_table(tables + extras))
    if fmt in ("csv", "parquet") and what != "all":
        tmp = _file_target(out, SUFFIX[fmt])
        try:
            write_csv(tables[0], tmp) if fmt == "csv" else write_parquet(tables[0], tmp, case_id)
            tmp.replace(out)
        finally:
            tmp.unlink(missing_ok=True)
        return [out]
    if fmt in ("csv", "parquet"):
        tmpdir = _fresh_dir(out)
        try:
            for t in tables + extras:
                target = tmpdir / f"{t.name}{SUFFIX[fmt]}"
                write_csv(t, target) if fmt == "csv" else write_parquet(t, target, case_id)
            _place_dir(tmpdir, out)
        except BaseException:
            shutil.rmtree(tmpdir, ignore_errors=True)
            raise
        return sorted(out.iterdir())
    tmp = _file_target(out, SUFFIX[fmt])
    try:
        if fmt == "xlsx":
            write_xlsx(tables + extras, tmp)
        else:
            from redline.coding.codebook import codebook_dict

            write_json(tables, tmp, case_id, codebook_dict(session, case_id))
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return [out]


def export_bundle_to(session: Session, case_id: str, out: Path) -> Path:
    """The case as a bundle folder, or a .zip of one when ``out`` ends in .zip."""
    from redline.cases.loader import export_bundle

    if out.suffix.lower() == ".zip":
        if not out.parent.exists():
            raise InputError("the folder does not exist", path=out.parent)
        with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
            root = Path(tmp) / case_id
            export_bundle(session, case_id, root)
            part = out.with_name(out.name + ".part")
            with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as zf:
                for f in sorted(root.rglob("*")):
                    if f.is_file():
                        zf.write(f, f"{case_id}/{f.relative_to(root).as_posix()}")
            part.replace(out)
        return out
    tmpdir = _fresh_dir(out)
    try:
        export_bundle(session, case_id, tmpdir)
        _place_dir(tmpdir, out)
    except BaseException:
        shutil.rmtree(tmpdir, ignore_errors=True)
        raise
    return out
