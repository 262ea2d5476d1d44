"""Every dashboard chart exports as a print figure (PNG at 300 dpi, SVG, PDF) with caption and source line."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from report_helpers import load_mini

from redline.cli.main import main
from redline.report.figures import KINDS

MINI_KINDS = ("timeline", "positions", "drift", "criteria", "redlines", "simulation")


@pytest.fixture(scope="module")
def mini_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('figures') / 'db.sqlite'}"
    load_mini(url)
    return url


@pytest.fixture(scope="module")
def builtin_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from redline.cases.bundle import builtin_case_dir
    from redline.cases.loader import import_bundle
    from redline.store.db import session_scope

    url = f"sqlite:///{tmp_path_factory.mktemp('builtin') / 'db.sqlite'}"
    with session_scope(url) as s:
        import_bundle(s, builtin_case_dir("ukraine-2025"))
    return url


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def svg_text(path: Path) -> str:
    root = ET.parse(path).getroot()
    return " ".join(t for el in root.iter() for t in (el.text or "",) if t.strip())


@pytest.mark.parametrize("kind", MINI_KINDS)
def test_figure_kinds_export_in_every_format(
    mini_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setenv("REDLINE_DATABASE_URL", mini_db)
    base = ["figure", kind, "--case", "mini", "--replicates", "10"]
    assert main([*base, "--out", str(tmp_path / "f.svg")]) == 0
    text = svg_text(tmp_path / "f.svg")
    assert "Source: redline, case mini, codings by final" in text  # the source line
    assert main([*base, "--out", str(tmp_path / "f.pdf")]) == 0
    assert (tmp_path / "f.pdf").read_bytes()[:5] == b"%PDF-"
    assert main([*base, "--out", str(tmp_path / "f.png"), "--lang", "de"]) == 0
    width, height = png_size(tmp_path / "f.png")
    assert width >= 6 * 300 and height >= 300  # print resolution: 300 dpi over a 6.3 in text width
    assert not list(tmp_path.glob("*.part"))


def test_caption_is_translated(mini_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDLINE_DATABASE_URL", mini_db)
    out = tmp_path / "f.svg"
    assert main(["figure", "criteria", "--case", "mini", "--out", str(out), "--lang", "de"]) == 0
    text = svg_text(out)
    assert "Kriterien: erfüllt, verfehlt oder nicht behandelt" in text and "Quelle: redline" in text


def test_figures_that_the_case_cannot_draw_say_why(
    mini_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDLINE_DATABASE_URL", mini_db)
    for kind in (
        "territory",
        "affinity",
    ):  # the mini case has no territorial dimensions, no strategy documents
        assert main(["figure", kind, "--case", "mini", "--out", str(tmp_path / "f.png")]) == 2
    assert main(["figure", "nonsense", "--case", "mini", "--out", str(tmp_path / "f.png")]) == 2
    assert main(["figure", "timeline", "--case", "mini", "--out", str(tmp_path / "f.jpg")]) == 2
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("kind", ["territory", "affinity", "positions", "timeline", "drift"])
def test_builtin_case_figures(
    builtin_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setenv("REDLINE_DATABASE_URL", builtin_db)
    out = tmp_path / f"{kind}.svg"
    assert main(["figure", kind, "--case", "ukraine-2025", "--out", str(out), "--replicates", "0"]) == 0
    text = svg_text(out)
    if kind == "territory":
        assert "Russian de facto" in text and "US 28-point peace plan" in text
    if kind == "affinity":
        assert "National Security Strategy of" in text and "Spheres of influence" in text


def test_single_territory_map_names_the_regions(
    builtin_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDLINE_DATABASE_URL", builtin_db)
    out = tmp_path / "map.svg"
    args = ["figure", "territory", "--case", "ukraine-2025", "--document", "us-28-point-plan", "--lang", "de"]
    assert main([*args, "--out", str(out)]) == 0
    text = svg_text(out)
    assert "Saporischschja" in text and "de facto russisch" in text


def test_every_kind_is_covered() -> None:
    assert set(KINDS) == set(MINI_KINDS) | {"territory", "affinity"}
