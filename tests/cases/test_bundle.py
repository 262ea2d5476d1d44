"""Case bundles: parsing, validation with file and line, canonical writing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from redline.cases.body import parse_body
from redline.cases.bundle import read_bundle, write_bundle
from redline.errors import InputError, ValidationErrors


def test_mini_bundle_reads(mini_bundle: Path) -> None:
    b = read_bundle(mini_bundle)
    assert b.case.id == "mini"
    assert [d.meta.id for d in b.documents] == ["a-opening", "b-plan"]  # date order
    plan = b.document("b-plan")
    refs = [p.ref for p in plan.provisions]
    assert refs == ["1", "2", "2.a", "2.b", "II", "II.1", "#7"]
    by_ref = plan.by_ref()
    # a parent's text includes its sub-points; the label marker is not part of the text
    assert by_ref["2"].text(plan.text).startswith("A's army is capped:")
    assert "600,000" in by_ref["2"].text(plan.text)
    assert by_ref["2.a"].text(plan.text) == "at 600,000 troops in peacetime;"
    assert by_ref["2.a"].parent == by_ref["2"].index
    assert by_ref["II.1"].level == 1
    assert len(b.codings) == 6


def test_body_offsets_slice_back() -> None:
    body = "Intro.\n\n1. One\n   continued.\n2. Two\n   a) sub\n# Heading\nnot a provision\n"
    provs = parse_body(body)
    assert [(p.label, p.level) for p in provs] == [("1", 0), ("2", 0), ("a", 1)]
    assert body[provs[0].start : provs[0].end] == "One\n   continued."
    assert body[provs[1].start : provs[1].end] == "Two\n   a) sub"  # heading ends the provision


def test_level_jump_is_reported_with_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        parse_body("1. One\n      i. too deep\n", path="x.md", first_line=10)
    assert "x.md:11" in str(exc.value)


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "bundle"
    shutil.copytree(src, dst)
    return dst


def test_every_problem_reported_with_file_and_line(mini_bundle: Path, tmp_path: Path) -> None:
    root = _copy(mini_bundle, tmp_path)
    codings = root / "codings.csv"
    text = codings.read_text()
    text = text.replace("contact line is frozen,coder-a", "contact line is melting,coder-a")
    text += "b-plan,9,border,50,x,final,1,\nnope,1,border,50,x,final,1,\na-opening,1,border,150,1991,zed,1,\n"
    codings.write_text(text)
    case = root / "case.yaml"
    case.write_text(case.read_text().replace("  capability: 0.6", "  capability: -1"))
    with pytest.raises(ValidationErrors) as exc:
        read_bundle(root)
    msgs = [str(p) for p in exc.value.problems]
    joined = "\n".join(msgs)
    assert "codings.csv:4: quote not found verbatim" in joined
    assert "codings.csv:8: document b-plan: no provision '9'" in joined
    assert "codings.csv:9: unknown document 'nope'" in joined
    assert "codings.csv:10: value 150 outside 0-100" in joined
    assert "case.yaml:" in joined and "capability" in joined
    # the capability error points at the line of that actor
    cap = next(m for m in msgs if "capability" in m)
    line = int(cap.split("case.yaml:")[1].split(":")[0])
    assert case.read_text().splitlines()[line - 1].strip().startswith(("capability", "- id: b", "name"))


def test_unknown_actor_and_bad_yaml(mini_bundle: Path, tmp_path: Path) -> None:
    root = _copy(mini_bundle, tmp_path)
    doc = root / "documents" / "a-opening.md"
    doc.write_text(doc.read_text().replace("actor: a\n", "actor: zz\n"))
    plan = root / "documents" / "b-plan.md"
    plan.write_text(plan.read_text().replace("kind: proposal", "kind: [unclosed"))
    with pytest.raises(ValidationErrors) as exc:
        read_bundle(root)
    joined = "\n".join(str(p) for p in exc.value.problems)
    assert "a-opening.md: unknown actor 'zz'" in joined
    assert "b-plan.md:" in joined and "invalid YAML" in joined


def test_write_read_write_is_byte_identical(mini_bundle: Path, tmp_path: Path) -> None:
    b = read_bundle(mini_bundle)
    write_bundle(b, tmp_path / "one")
    b2 = read_bundle(tmp_path / "one")
    write_bundle(b2, tmp_path / "two")
    for f in ["case.yaml", "codings.csv", "documents/a-opening.md", "documents/b-plan.md"]:
        assert (tmp_path / "one" / f).read_bytes() == (tmp_path / "two" / f).read_bytes(), f


def test_check_separate_codings_file(mini_bundle: Path, tmp_path: Path) -> None:
    from redline.cases.bundle import check_codings_file

    good = tmp_path / "coder-x.csv"
    good.write_text((mini_bundle / "codings.csv").read_text())
    assert len(check_codings_file(mini_bundle, good)) == 6
    bad = tmp_path / "coder-y.csv"
    bad.write_text(good.read_text() + "b-plan,1,border,50,thawed,x,1,\n")
    with pytest.raises(ValidationErrors) as exc:
        check_codings_file(mini_bundle, bad)
    assert str(exc.value).startswith(f"{bad}:8: quote not found")


def test_translations_are_checked_against_the_case(mini_bundle: Path, tmp_path: Path) -> None:
    root = _copy(mini_bundle, tmp_path)
    case = root / "case.yaml"
    text = case.read_text(encoding="utf-8")
    text = text.replace(
        "      border: Grenzverlauf\n", "      border: Grenzverlauf\n      nowhere: Nirgends\n"
    )
    text = text.replace(
        "        '0': Vollständiger Rückzug\n", "        '0': Vollständiger Rückzug\n        '33': Drittel\n"
    )
    text = text.replace(
        "    actors:\n      a: Seite A\n", "    actors:\n      a: Seite A\n      zz: Niemand\n"
    )
    case.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationErrors) as exc:
        read_bundle(root)
    joined = "\n".join(str(p) for p in exc.value.problems)
    assert "translations.de.dimensions: unknown id 'nowhere'" in joined
    assert "translations.de.levels.border: no level 33" in joined
    assert "translations.de.actors: unknown id 'zz'" in joined
    case.write_text(case.read_text(encoding="utf-8").replace("translations:\n  de:", "translations:\n  deu:"))
    with pytest.raises(ValidationErrors, match="not a two-letter language code"):
        read_bundle(root)


def test_translations_survive_the_round_trip(mini_bundle: Path, tmp_path: Path) -> None:
    b = read_bundle(mini_bundle)
    assert b.case.translations["de"].levels == {"border": {0.0: "Vollständiger Rückzug"}}
    write_bundle(b, tmp_path / "one")
    assert read_bundle(tmp_path / "one").case.translations == b.case.translations
