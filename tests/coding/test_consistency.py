"""Coding consistency review: near-identical provisions of different documents coded differently."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from align.align_fakes import BagEncoder

import redline.align.encoders as enc
from redline.cases.loader import import_bundle
from redline.cli.main import main
from redline.coding.consistency import find_inconsistencies
from redline.store.db import session_scope

COUNTER = """---
id: c-counter
title: C's counter-proposal
date: 2025-04-01
actor: a
co_actors: []
kind: proposal
status: official
reliability: A
language: en
version_of: null
notes: Test twin of b-plan.
---
1. The contact line is frozen.
2. A's army is capped:
   a. at 800,000 troops in peacetime;
   b. with no long-range missiles.
3. Something else entirely about grain exports.
"""
ROWS = (
    "c-counter,2,army-cap,0,A's army is capped,final,1,\n"  # parent coded: stands for 2.a and 2.b
    "c-counter,3,border,100,grain exports,final,1,\n"
)


@pytest.fixture
def twins(tmp_path: Path, mini_bundle: Path, sqlite_url: str, monkeypatch) -> str:
    bundle = tmp_path / "bundle"
    shutil.copytree(mini_bundle, bundle)
    (bundle / "documents" / "c-counter.md").write_text(COUNTER, encoding="utf-8")
    with (bundle / "codings.csv").open("a", encoding="utf-8") as f:
        f.write(ROWS)
    with session_scope(sqlite_url) as s:
        import_bundle(s, bundle)
    monkeypatch.setattr(enc, "default_encoder", BagEncoder)
    return sqlite_url


def test_lists_twins_coded_once_and_values_apart_with_the_parent_rule(twins: str) -> None:
    with session_scope(twins) as s:
        found = find_inconsistencies(s, "mini", min_similarity=0.8)
    got = {(r.kind, r.dimension, r.a.document, r.a.ref, r.b.document, r.b.ref) for r in found}
    # "The contact line is frozen." is coded on border in b-plan, not in c-counter
    assert ("coded-once", "border", "b-plan", "1", "c-counter", "1") in got
    # 2.a: 50 in b-plan, 0 inherited from the coded parent in c-counter: two levels apart
    apart = [r for r in found if r.kind == "values-differ"]
    assert [(r.a.ref, r.b.ref, r.a.value, r.b.value, r.b.inherited, r.levels_apart) for r in apart] == [
        ("2.a", "2.a", 50.0, 0.0, True, 2)
    ]
    # the parents differ (coded in c-counter only): reported once for them, not again for 2.b, which
    # only inherits
    assert ("coded-once", "army-cap", "b-plan", "2", "c-counter", "2") in got
    assert not any(r.a.ref == "2.b" for r in found)
    # an unrelated provision is no twin, and pairs within one document are never listed
    assert not any("3" in (r.a.ref, r.b.ref) for r in found)
    assert all(r.a.document != r.b.document for r in found)
    assert [r.similarity for r in found] == sorted((r.similarity for r in found), reverse=True)
    with session_scope(twins) as s:
        assert not [
            r
            for r in find_inconsistencies(s, "mini", min_similarity=0.8, max_levels=2)
            if r.kind == "values-differ"
        ]


def test_cli_check_json_and_bad_case(twins: str, capsys) -> None:
    assert (
        main(
            [
                "code",
                "check",
                "--case",
                "mini",
                "--min-similarity",
                "0.95",
                "--format",
                "json",
                "--database",
                twins,
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["case"] == "mini" and out["min_similarity"] == 0.95
    first = out["pairs"][0]
    assert set(first) == {"kind", "dimension", "similarity", "levels_apart", "a", "b"}
    assert set(first["a"]) == {"document", "provision", "value", "inherited", "text"}
    assert main(["code", "check", "--case", "nope", "--database", twins]) == 2
