"""`redline split`: the JSON contract of CONTRACTS.md, --text, --language, table output and errors."""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

import pytest

from redline.cli.main import main

DRAFT = "Draft Agreement\n\nThe parties agree:\n\n1. Ceasefire.\n2. Exchange of prisoners:\n   a) all for all;\n   b) within 30 days.\n"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_contract_exact_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(DRAFT.encode("utf-8"))
    code, out, _ = _run(["split", str(path), "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["document", "provisions"]
    assert data["document"] == {
        "title": "Draft Agreement",
        "language": "en",
        "source": str(path),
        "sha256": hashlib.sha256(DRAFT.encode()).hexdigest(),
        "characters": len(DRAFT.strip()),
    }
    assert data["provisions"][0] == {
        "index": 1,
        "label": "1",
        "level": 0,
        "parent": None,
        "text": "Ceasefire.",
        "start": DRAFT.index("Ceasefire."),
        "end": DRAFT.index("Ceasefire.") + len("Ceasefire."),
    }
    assert [(p["label"], p["level"], p["parent"]) for p in data["provisions"]] == [
        ("1", 0, None),
        ("2", 0, None),
        ("a", 1, 2),
        ("b", 1, 2),
    ]
    assert all(
        set(p) == {"index", "label", "level", "parent", "text", "start", "end"} for p in data["provisions"]
    )


def test_text_option_prints_the_text_offsets_refer_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(DRAFT.replace("\n", "\r\n").encode("cp1252"))
    code, text_out, _ = _run(["split", "--text", str(path)], capsys)
    assert code == 0
    code, json_out, _ = _run(["split", str(path), "--format", "json"], capsys)
    text = text_out[:-1]  # echo adds a newline
    for p in json.loads(json_out)["provisions"]:
        assert text[p["start"] : p["end"]] == p["text"]


def test_language_override_and_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    code, out, _ = _run(["split", str(path), "--language", "de", "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["document"]["language"] == "de"
    code, out, _ = _run(["split", str(path)], capsys)
    assert code == 0 and "Exchange of prisoners" in out and "Draft Agreement" in out


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DRAFT.encode("utf-16"))))
    code, out, _ = _run(["split", "-", "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["document"]["source"] == "-"


def test_bad_input_exit_code_2_with_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF")
    code, out, err = _run(["split", str(path), "--format", "json"], capsys)
    assert code == 2 and out == "" and "scan.pdf" in err and "Traceback" not in err


def test_warnings_go_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "prose.txt"
    path.write_text("One block of prose without numbers.", encoding="utf-8")
    code, out, err = _run(["split", str(path), "--format", "json"], capsys)
    assert code == 0 and len(json.loads(out)["provisions"]) == 1
    assert "warning" in err and "prose.txt" in err
