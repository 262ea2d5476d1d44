"""Codebook import: merge an edited .qdc / CSV / JSON codebook into a case as a new codebook version."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from redline.cli.main import main
from redline.coding.codebook import codebook_csv, codebook_dict, to_qdc
from redline.coding.codebook_import import import_codebook, read_codebook_file
from redline.coding.codings import add_coding, edit_coding, find_dimension, find_provision
from redline.errors import InputError
from redline.store import models as m
from redline.store.db import session_scope


def _book(url: str) -> dict:
    with session_scope(url) as s:
        return codebook_dict(s, "mini")


def test_unchanged_export_imports_as_no_change(mini_db: str, tmp_path: Path) -> None:
    for name, data in (("cb.qdc", to_qdc(_book(mini_db))), ("cb.csv", codebook_csv(_book(mini_db)).encode())):
        (tmp_path / name).write_bytes(data)
        with session_scope(mini_db) as s:
            r = import_codebook(s, "mini", read_codebook_file(tmp_path / name), source=name)
        assert (r.version_before, r.version, r.added, r.updated, r.kept) == (1, 1, [], [], [])


def test_edited_qdc_becomes_a_new_version_and_new_codings_record_it(mini_db: str, tmp_path: Path) -> None:
    book = _book(mini_db)
    border = book["dimensions"][0]
    border["levels"][1]["label"] = "Partial withdrawal (edited)"
    border["levels"].append(
        {"value": 90.0, "label": "Annexed, not recognised", "description": "", "example": ""}
    )
    book["dimensions"].append(
        {
            "id": "sanctions",
            "name": "Sanctions",
            "kind": "position",
            "category": "economy",
            "description": "Sanctions on B",
            "levels": [
                {"value": 0, "label": "kept", "description": "", "example": ""},
                {"value": 100, "label": "lifted", "description": "", "example": ""},
            ],
        }
    )
    book["categories"].append({"id": "economy", "name": "Economy"})
    del book["dimensions"][2]  # spheres: not in the file, kept
    (tmp_path / "cb.qdc").write_bytes(to_qdc(book))
    with session_scope(mini_db) as s:
        r = import_codebook(s, "mini", read_codebook_file(tmp_path / "cb.qdc"), source="cb.qdc")
    assert (r.version_before, r.version) == (1, 2)
    assert r.added == ["sanctions"] and r.categories_added == ["economy"] and r.kept == ["spheres"]
    [change] = r.updated
    assert (change.dimension, change.levels_added, change.levels_changed, change.levels_removed) == (
        "border",
        [90.0],
        [25.0],
        [],
    )
    after = _book(mini_db)
    assert after["version"] == 2
    assert [d["id"] for d in after["dimensions"]] == ["border", "army-cap", "spheres", "sanctions"]
    assert after["dimensions"][0]["levels"][1]["label"] == "Partial withdrawal (edited)"
    assert after["dimensions"][3]["category"] == "economy"
    with session_scope(mini_db) as s:
        border_id = find_dimension(s, "mini", "border").id
        old = s.scalars(
            select(m.Coding).where(m.Coding.dimension_id == border_id, m.Coding.coder == "final")
        ).all()
        assert {c.codebook_version for c in old} == {1}  # made under version 1: unchanged
        new = add_coding(
            s,
            find_provision(s, "mini", "a-opening", "1"),
            find_dimension(s, "mini", "border"),
            value=90,
            quote="withdraws all forces",
            coder="ann",
        )
        assert new.codebook_version == 2
        edited = edit_coding(s, old[0].id, expected_version=old[0].version, who="ann", value=90)
        assert edited.codebook_version == 2  # a new value is judged under the current codebook


def test_removing_a_used_level_or_changing_a_coded_kind_is_refused_and_nothing_changes(
    mini_db: str, tmp_path: Path
) -> None:
    book = _book(mini_db)
    book["dimensions"][0]["levels"] = [lv for lv in book["dimensions"][0]["levels"] if lv["value"] != 50]
    book["dimensions"][0]["name"] = "Renamed"
    (tmp_path / "cb.json").write_text(json.dumps(book), encoding="utf-8")
    with pytest.raises(InputError, match=r"level 50 is removed but 2 coding\(s\) use it"):
        with session_scope(mini_db) as s:
            import_codebook(s, "mini", read_codebook_file(tmp_path / "cb.json"), source="cb.json")
    assert _book(mini_db)["dimensions"][0]["name"] == "Border line" and _book(mini_db)["version"] == 1
    book = _book(mini_db)
    book["dimensions"][2]["kind"] = "position"  # spheres, a frame coded in b-plan
    with pytest.raises(InputError, match="cannot change its kind"):
        with session_scope(mini_db) as s:
            import_codebook(s, "mini", book)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["levels"].__setitem__(slice(1, None), []), "at least two anchored levels"),
        (lambda d: d["levels"][1].__setitem__("value", 0), "two levels have the same value"),
        (lambda d: d["levels"][1].__setitem__("value", 150), "outside the scale 0-100"),
        (lambda d: d.__setitem__("id", "Bad Id"), "ids are lower-case"),
        (lambda d: d["levels"][0].__setitem__("label", " "), "every level needs a label"),
    ],
)
def test_invalid_dimensions_are_refused(mini_db: str, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    book = _book(mini_db)
    edit(book["dimensions"][0])
    with pytest.raises(InputError, match=message):
        with session_scope(mini_db) as s:
            import_codebook(s, "mini", book, source="x.json")


def test_csv_errors_name_the_line(tmp_path: Path) -> None:
    (tmp_path / "cb.csv").write_text("dimension,value,label\nborder,0,a\nborder,x,b\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_codebook_file(tmp_path / "cb.csv")
    assert "cb.csv" in str(info.value) and "3" in str(info.value)
    (tmp_path / "cb.csv").write_text("dimension,label\nborder,a\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks the column"):
        read_codebook_file(tmp_path / "cb.csv")
    with pytest.raises(InputError, match="use a .qdc, .csv or .json"):
        read_codebook_file(tmp_path / "cb.txt")


def test_cli_import_dry_run_then_for_real(sqlite_url: str, mini_bundle: Path, tmp_path: Path, capsys) -> None:
    assert main(["case", "import", str(mini_bundle)]) == 0
    assert main(["codebook", "export", "--case", "mini", str(tmp_path / "cb.csv")]) == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "cb.csv").read_text(encoding="utf-8"))))
    rows[0]["label"] = "Full withdrawal"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (tmp_path / "cb.csv").write_text(buf.getvalue(), encoding="utf-8")
    capsys.readouterr()
    args = ["codebook", "import", "--case", "mini", str(tmp_path / "cb.csv"), "--format", "json"]
    assert main([*args, "--dry-run"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dry_run"] and out["changed"] and out["version"] == 2
    assert out["updated"][0]["levels_changed"] == [0.0]
    with session_scope(sqlite_url) as s:
        assert codebook_dict(s, "mini")["version"] == 1  # the dry run stored nothing
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["version"] == 2
    with session_scope(sqlite_url) as s:
        book = codebook_dict(s, "mini")
    assert book["version"] == 2 and book["dimensions"][0]["levels"][0]["label"] == "Full withdrawal"
    assert main(["codebook", "import", "--case", "mini", str(tmp_path / "missing.qdc")]) == 2
