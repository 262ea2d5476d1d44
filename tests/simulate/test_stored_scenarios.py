"""Scenarios fed from a case: build from coded positions, store, run and keep runs, travel with the bundle."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from redline.analysis.data import load_case_data
from redline.cases.loader import export_bundle, import_bundle
from redline.cli.main import main
from redline.simulate.stored import get_scenario, run_scenario, save_scenario, scenario_from_case
from redline.store.db import session_scope


@pytest.fixture
def loaded(db_url: str, mini_bundle: Path) -> str:
    with session_scope(db_url) as s:
        import_bundle(s, mini_bundle)
    return db_url


def test_scenario_from_latest_positions_and_stored_run(loaded: str) -> None:
    with session_scope(loaded) as s:
        sc = scenario_from_case(load_case_data(s, "mini"))
        # a's latest document is b-plan (co-authored): border 50, army-cap 50; b's: the same document
        assert set(sc.actors) == {"a", "b"}
        assert sc.issues["border"].positions == {"a": 50.0, "b": 50.0}
        assert sc.issues["border"].saliences == {"a": 1.0, "b": 0.8}
        assert sc.actors["b"].capability == 0.6
        save_scenario(s, "mini", sc)
    with session_scope(loaded) as s:
        run, result = run_scenario(s, "mini", "baseline", model="compromise")
        assert result["issues"][0]["prediction"] == pytest.approx(50.0)
        assert run.inputs_csv.startswith("issue,actor,position,salience,capability")
        rows = list(csv.DictReader(io.StringIO(run.inputs_csv)))
        assert {r["actor"] for r in rows} == {"a", "b"}
    with session_scope(loaded) as s:
        rec, _ = get_scenario(s, "mini", "baseline")
        assert len(rec.runs) == 1 and rec.runs[0].params["model"] == "compromise"


def test_scenarios_travel_with_the_bundle(loaded: str, tmp_path: Path) -> None:
    with session_scope(loaded) as s:
        save_scenario(s, "mini", scenario_from_case(load_case_data(s, "mini"), "base-2"))
    with session_scope(loaded) as s:
        export_bundle(s, "mini", tmp_path / "one")
    text = (tmp_path / "one" / "scenarios" / "base-2.yaml").read_text()
    assert "scenario: base-2" in text
    with session_scope(loaded) as s:
        import_bundle(s, tmp_path / "one", replace=True)
    with session_scope(loaded) as s:
        export_bundle(s, "mini", tmp_path / "two")
    assert (tmp_path / "two" / "scenarios" / "base-2.yaml").read_text() == text


def test_cli_scenario_create_run_list_runs(
    sqlite_url: str, mini_bundle: Path, tmp_path: Path, capsys
) -> None:
    assert main(["case", "import", str(mini_bundle)]) == 0
    assert main(["scenario", "create", "mini", "--id", "base", "-o", str(tmp_path / "base.yaml")]) == 0
    assert (tmp_path / "base.yaml").is_file()
    capsys.readouterr()
    assert main(["scenario", "run", "mini/base", "--model", "median", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["model"] == "median" and out["scenario"]["id"] == "base" and out["run"] >= 1
    assert main(["scenario", "list", "--case", "mini", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["scenarios"][0]["runs"] == 1
    assert main(["scenario", "runs", "mini/base", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["runs"][0]["model"] == "median"
    assert main(["scenario", "run", "mini/nope"]) == 2
    # the file written by create runs the same way and gives the same prediction
    assert (
        main(["scenario", "run", str(tmp_path / "base.yaml"), "--model", "median", "--format", "json"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["issues"] == out["issues"]
