"""Bundles <-> database: import, export round trip, nothing written on error; SQLite and PostgreSQL."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from redline.cases.loader import export_bundle, import_bundle
from redline.cli.main import main
from redline.errors import InputError, ValidationErrors
from redline.store import models as m
from redline.store.db import session_scope


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_import_export_reimport_export_identical(db_url: str, mini_bundle: Path, tmp_path: Path) -> None:
    with session_scope(db_url) as s:
        import_bundle(s, mini_bundle)
    with session_scope(db_url) as s:
        export_bundle(s, "mini", tmp_path / "one")
    with session_scope(db_url) as s:
        import_bundle(s, tmp_path / "one", replace=True)
    with session_scope(db_url) as s:
        export_bundle(s, "mini", tmp_path / "two")
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    for f in _files(tmp_path / "one"):
        assert filecmp.cmp(tmp_path / "one" / f, tmp_path / "two" / f, shallow=False), f


def test_import_stores_evidence_offsets_and_history(db_url: str, mini_bundle: Path) -> None:
    with session_scope(db_url) as s:
        import_bundle(s, mini_bundle)
    with session_scope(db_url) as s:
        coding = s.scalars(select(m.Coding).where(m.Coding.quote == "at 600,000 troops")).one()
        doc = coding.provision.document
        assert doc.text[coding.evidence_start : coding.evidence_end] == "at 600,000 troops"
        assert coding.history[0].action == "import"
        assert s.scalar(select(func.count(m.Coding.id))) == 6


def test_existing_case_is_refused_without_replace(db_url: str, mini_bundle: Path) -> None:
    with session_scope(db_url) as s:
        import_bundle(s, mini_bundle)
    with pytest.raises(InputError, match="already exists"), session_scope(db_url) as s:
        import_bundle(s, mini_bundle)


def test_nothing_written_on_error(db_url: str, mini_bundle: Path, tmp_path: Path) -> None:
    root = tmp_path / "bad"
    shutil.copytree(mini_bundle, root)
    (root / "codings.csv").write_text(
        (root / "codings.csv").read_text() + "b-plan,1,border,50,not there,x,1,\n"
    )
    with pytest.raises(ValidationErrors), session_scope(db_url) as s:
        import_bundle(s, root)
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count(m.Case.id))) == 0
        assert s.scalar(select(func.count(m.Document.id))) == 0


def test_cli_import_error_exit_code_2(sqlite_url: str, mini_bundle: Path, tmp_path: Path, capsys) -> None:
    root = tmp_path / "bad"
    shutil.copytree(mini_bundle, root)
    (root / "codings.csv").write_text(
        (root / "codings.csv").read_text() + "b-plan,1,border,50,not there,x,1,\n"
    )
    assert main(["case", "import", str(root)]) == 2
    err = capsys.readouterr().err
    assert "codings.csv:8" in err and "quote not found" in err
    assert "Traceback" not in err


def test_cli_import_list_show_export(sqlite_url: str, mini_bundle: Path, tmp_path: Path, capsys) -> None:
    import json

    assert main(["case", "import", str(mini_bundle)]) == 0
    assert main(["case", "import", str(mini_bundle), "--skip-existing"]) == 0
    capsys.readouterr()
    assert main(["case", "list", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"cases": [{"id": "mini", "title": "Mini case", "documents": 2, "dimensions": 3}]}
    assert main(["case", "show", "mini", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in summary["documents"]] == ["a-opening", "b-plan"]
    assert summary["documents"][1]["provisions"] == 4  # top-level: 1, 2, II, #7
    assert main(["case", "export", "mini", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "documents" / "b-plan.md").is_file()
    assert main(["case", "show", "nope"]) == 2


def test_cli_format_defaults_to_table_on_a_terminal_and_json_when_piped(
    sqlite_url: str, mini_bundle: Path, capsys, monkeypatch
) -> None:
    import json
    import sys

    assert main(["case", "import", str(mini_bundle)]) == 0
    capsys.readouterr()
    assert main(["case", "list"]) == 0  # captured output is no terminal: JSON, as a script expects
    assert json.loads(capsys.readouterr().out)["cases"][0]["id"] == "mini"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["case", "list"]) == 0
    table = capsys.readouterr().out
    assert "Cases" in table and "mini" in table and not table.lstrip().startswith("{")
    assert main(["case", "list", "--format", "csv"]) == 0  # an explicit choice always wins
    assert capsys.readouterr().out.splitlines()[0] == "id,title,documents,dimensions"


def test_skip_existing_says_when_the_bundle_changed_since_and_keeps_the_case(
    sqlite_url: str, mini_bundle: Path, tmp_path: Path, capsys
) -> None:
    import shutil

    from redline.cases.loader import bundle_fingerprint

    root = tmp_path / "bundle"
    shutil.copytree(mini_bundle, root)
    assert main(["case", "import", str(root)]) == 0
    with session_scope(sqlite_url) as s:
        assert s.get(m.Case, "mini").extra["source_sha256"] == bundle_fingerprint(root)
    capsys.readouterr()
    assert main(["case", "import", str(root), "--skip-existing"]) == 0
    assert "already loaded; reusing it" in capsys.readouterr().err
    plan = root / "documents" / "b-plan.md"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("Elections within 100 days", "Elections within 90 days")
    )
    assert bundle_fingerprint(root) != bundle_fingerprint(mini_bundle)
    assert main(["case", "import", str(root), "--skip-existing"]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "another version of the bundle" in err and "--replace" in err
    with session_scope(sqlite_url) as s:  # kept as it was
        doc = next(d for d in s.get(m.Case, "mini").documents if d.key == "b-plan")
        assert "100 days" in doc.text
