"""Storing ingested documents: idempotent by sha256, versions by file name, nothing stored on error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from redline.cli.main import main
from redline.errors import InputError, NotFoundError
from redline.ingest.split import split_text
from redline.ingest.store import ingest_file, provision_refs, slug
from redline.store import models as m
from redline.store.db import session_scope

V1 = "Plan\n\n1. First point.\n2. Second point:\n   a) detail;\n   b) another.\n"
V2 = "Plan\n\n1. First point, amended.\n2. Second point:\n   a) detail;\n   b) another.\n3. New point.\n"


@pytest.fixture()
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'redline.sqlite'}"
    with session_scope(url) as s:
        case = m.Case(id="demo", title="Demo case")
        case.actors = [m.Actor(key="us", name="United States"), m.Actor(key="ru", name="Russia")]
        s.add(case)
    return url


def _documents(url: str) -> list[m.Document]:
    with session_scope(url) as s:
        docs = list(s.scalars(select(m.Document).order_by(m.Document.id)))
        for d in docs:
            _ = d.provisions
        return docs


def test_ingest_stores_document_and_provisions(db: str, tmp_path: Path) -> None:
    path = tmp_path / "us-plan.txt"
    path.write_text(V1, encoding="utf-8")
    with session_scope(db) as s:
        result = ingest_file(s, "demo", path, actor="us", status="leaked")
    assert result.created and result.key == "us-plan" and result.provisions == 4
    (doc,) = _documents(db)
    assert (doc.title, doc.actor_key, doc.status, doc.origin, doc.source_name) == (
        "Plan",
        "us",
        "leaked",
        "ingest",
        "us-plan.txt",
    )
    assert [(p.ref, p.label, p.level, p.parent_index) for p in doc.provisions] == [
        ("1", "1", 0, None),
        ("2", "2", 0, None),
        ("2.a", "a", 1, 2),
        ("2.b", "b", 1, 2),
    ]
    assert all(doc.text[p.start : p.end] == p.text for p in doc.provisions)


def test_reingest_is_idempotent_and_changed_file_is_a_new_version(db: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(V1, encoding="utf-8")
    with session_scope(db) as s:
        first = ingest_file(s, "demo", path)
    with session_scope(db) as s:
        again = ingest_file(s, "demo", path)
    assert first.created and not again.created and again.key == first.key
    assert len(_documents(db)) == 1
    path.write_text(V2, encoding="utf-8")
    with session_scope(db) as s:
        second = ingest_file(s, "demo", path)
    path.write_text(V2 + "4. Yet another.\n", encoding="utf-8")
    with session_scope(db) as s:
        third = ingest_file(s, "demo", path)
    docs = _documents(db)
    assert [(d.key, d.version_of) for d in docs] == [("plan", None), ("plan-2", "plan"), ("plan-3", "plan-2")]
    assert second.version_of == "plan" and third.version_of == "plan-2"
    assert len(docs[1].provisions) == 5


def test_nothing_stored_on_error(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    with pytest.raises(InputError, match="broken.pdf"), session_scope(db) as s:
        ingest_file(s, "demo", bad)
    good = tmp_path / "good.txt"
    good.write_text(V1, encoding="utf-8")
    with pytest.raises(NotFoundError, match="no actor"), session_scope(db) as s:
        ingest_file(s, "demo", good, actor="nobody")
    with pytest.raises(NotFoundError, match="no case"), session_scope(db) as s:
        ingest_file(s, "missing", good)
    with pytest.raises(InputError, match="status"), session_scope(db) as s:
        ingest_file(s, "demo", good, status="rumoured")
    assert _documents(db) == []


def test_refs_and_slugs() -> None:
    provisions = split_text("1. a\n   a) x\n   b) y\n- free item\n2. b\n2. repeated\n")
    assert provision_refs(provisions) == ["1", "1.a", "1.b", "#4", "2", "#6"]
    assert slug("Мирный план v2 (final).docx") == "mirnyi-plan-v2-final-docx"
    assert slug("28-point Plan") == "28-point-plan"


def test_cli_ingest_json_and_errors(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "statement.md"
    path.write_text("# Statement\n\n1. One.\n2. Two.\n", encoding="utf-8")
    args = ["ingest", str(path), "--case", "demo", "--database", db, "--format", "json"]
    assert main([*args, "--actor", "ru", "--date", "2025-06-02", "--status", "official"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["created"] is True and out["document"] == "statement" and out["provisions"] == 2
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["created"] is False
    assert main([*args, "--date", "June 2"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["ingest", str(empty), "--case", "demo", "--database", db]) == 2
    assert "empty.txt" in capsys.readouterr().err
    with session_scope(db) as s:
        assert s.scalar(select(func.count()).select_from(m.Document)) == 1
