"""Codebook export: REFI-QDA .qdc round trip, CSV, CLI."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from redline.cases.loader import import_bundle
from redline.cli.main import main
from redline.coding.codebook import NS, codebook_csv, codebook_dict, from_qdc, to_qdc
from redline.errors import InputError
from redline.store.db import session_scope


@pytest.fixture
def book(sqlite_url: str, mini_bundle: Path) -> dict:
    with session_scope(sqlite_url) as s:
        import_bundle(s, mini_bundle)
        return codebook_dict(s, "mini")


def test_qdc_is_refi_xml_and_round_trips(book: dict) -> None:
    data = to_qdc(book)
    root = ET.fromstring(data)
    assert root.tag == f"{{{NS}}}CodeBook"
    top = root.find(f"{{{NS}}}Codes").findall(f"{{{NS}}}Code")
    names = [c.get("name") for c in top]
    assert "Territory" in names  # category
    territory = top[names.index("Territory")]
    assert territory.get("isCodable") == "false"
    border = territory.find(f"{{{NS}}}Code")
    assert border.get("name") == "Border line" and len(border.findall(f"{{{NS}}}Code")) == 5
    back = from_qdc(data)
    assert [d["id"] for d in back["dimensions"]] == ["border", "army-cap", "spheres"]
    assert back["dimensions"][0]["category"] == "territory"
    assert [lv["value"] for lv in back["dimensions"][0]["levels"]] == [0, 25, 50, 75, 100]
    assert back["dimensions"][0]["levels"][0]["example"] == "B withdraws behind the old border."
    assert back["dimensions"][2]["kind"] == "frame"
    assert to_qdc(book) == data  # stable GUIDs


def test_qdc_rejects_other_xml() -> None:
    with pytest.raises(InputError, match="not a REFI-QDA codebook"):
        from_qdc(b"<html/>", "x.qdc")
    with pytest.raises(InputError, match="not a REFI-QDA codebook"):
        from_qdc(b"not xml", "x.qdc")


def test_csv_has_a_row_per_level(book: dict) -> None:
    rows = list(csv.DictReader(io.StringIO(codebook_csv(book))))
    assert len(rows) == 5 + 5 + 4
    assert rows[1]["dimension"] == "border" and rows[1]["value"] == "25"


def test_cli_codebook(sqlite_url: str, mini_bundle: Path, tmp_path: Path, capsys) -> None:
    assert main(["case", "import", str(mini_bundle)]) == 0
    assert main(["codebook", "export", "--case", "mini", str(tmp_path / "cb.qdc")]) == 0
    assert from_qdc((tmp_path / "cb.qdc").read_bytes())["dimensions"][1]["id"] == "army-cap"
    capsys.readouterr()
    assert main(["codebook", "show", "--case", "mini", "--format", "json", "--dimension", "border"]) == 0
    assert [d["id"] for d in json.loads(capsys.readouterr().out)["dimensions"]] == ["border"]
    assert main(["codebook", "export", "--case", "mini", str(tmp_path / "cb.txt")]) == 2
