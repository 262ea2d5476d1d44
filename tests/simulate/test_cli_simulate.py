"""`redline simulate` and `redline scenario`: the JSON contract, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redline.cli.main import main

SCENARIO = Path(__file__).parent / "europe_options.yaml"
CSV = "issue,actor,position,salience,capability\nsanctions,us,80,0.6,30\nsanctions,ru,100,0.9,25\nsanctions,ua,0,0.8,10\nsanctions,eu,10,0.7,15\nseat,us,30,30,30\nseat,ru,0,60,25\nseat,ua,100,90,10\nseat,eu,100,100,15\n"


@pytest.fixture
def input_csv(tmp_path: Path) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(CSV)
    return path


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:  # type: ignore[type-arg]
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("model", ["compromise", "median", "nash", "eum", "smp"])
def test_contract_shape(capsys: pytest.CaptureFixture[str], input_csv: Path, model: str) -> None:
    out = _json(capsys, ["simulate", str(input_csv), "--model", model, "--format", "json"])
    assert out["model"] == model and isinstance(out["variant"], str)
    assert [i["id"] for i in out["issues"]] == ["sanctions", "seat"]
    for item in out["issues"]:
        assert isinstance(item["prediction"], float) and 0 <= item["prediction"] <= 100
        assert "distribution" not in item
        if model in ("eum", "smp"):
            assert item["rounds"][0]["round"] == 1
            assert set(item["rounds"][0]["positions"]) == {"us", "ru", "ua", "eu"}
            assert all(isinstance(v, float) for v in item["rounds"][0]["positions"].values())
        else:
            assert "rounds" not in item


def test_eum_options(capsys: pytest.CaptureFixture[str], input_csv: Path) -> None:
    out = _json(
        capsys,
        [
            "simulate",
            str(input_csv),
            "--model",
            "eum",
            "--rounds",
            "2",
            "--variant",
            "printed",
            "--format",
            "json",
        ],
    )
    assert out["variant"] == "printed" and out["params"]["rounds"] == 2
    assert all(len(i["rounds"]) <= 2 for i in out["issues"])
    move = next(m for i in out["issues"] for r in i["rounds"] for m in r["moves"])
    assert set(move) == {"actor", "by", "kind", "from", "to"}


def test_monte_carlo_distribution(capsys: pytest.CaptureFixture[str], input_csv: Path) -> None:
    argv = [
        "simulate",
        str(input_csv),
        "--model",
        "compromise",
        "--runs",
        "50",
        "--seed",
        "2",
        "--format",
        "json",
    ]
    out = _json(capsys, argv)
    for item in out["issues"]:
        d = item["distribution"]
        assert d["p05"] <= d["p50"] <= d["p95"] and d["runs"] == 50
    assert out["monte_carlo"]["seed"] == 2
    assert _json(capsys, argv) == out  # same seed, same numbers


def test_table_output(capsys: pytest.CaptureFixture[str], input_csv: Path) -> None:
    assert main(["simulate", str(input_csv), "--model", "compromise"]) == 0
    assert "sanctions" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--model", "nope"], "unknown model 'nope'"),
        (["--model", "compromise", "--rounds", "3"], "--rounds applies to the iterative models"),
        (["--model", "median", "--variant", "code"], "has no variants"),
        (["--model", "eum", "--variant", "typo"], "unknown variant 'typo'"),
        (["--runs", "0"], "--runs must be at least 1"),
    ],
)
def test_bad_options_exit_2(
    capsys: pytest.CaptureFixture[str], input_csv: Path, extra: list[str], message: str
) -> None:
    assert main(["simulate", str(input_csv), *extra, "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err


def test_bad_input_exit_2_with_file_and_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("issue,actor,position,salience,capability\na,us,80,0.6,30\na,ru,101,0.6,30\n")
    assert main(["simulate", str(path), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and f"{path}:3" in captured.err.replace("\n", "")


def test_scenario_export_then_simulate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_csv = tmp_path / "sc.csv"
    assert main(["scenario", "export", str(SCENARIO), "-o", str(out_csv)]) == 0
    lines = out_csv.read_text().splitlines()
    assert lines[0].startswith(
        "issue,actor,position,salience,capability,status_quo,position_low,position_high"
    )
    assert len(lines) == 1 + 8
    capsys.readouterr()
    direct = _json(capsys, ["scenario", "run", str(SCENARIO), "--model", "compromise", "--format", "json"])
    via_csv = _json(capsys, ["simulate", str(out_csv), "--model", "compromise", "--format", "json"])
    assert [i["prediction"] for i in direct["issues"]] == pytest.approx(
        [i["prediction"] for i in via_csv["issues"]]
    )
    assert direct["scenario"] == {"id": "europe-options", "variant": None}


def test_scenario_variant(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_csv = tmp_path / "excluded.csv"
    assert (
        main(["scenario", "export", str(SCENARIO), "--variant", "europe-excluded", "-o", str(out_csv)]) == 0
    )
    assert ",eu," not in out_csv.read_text()
    base = _json(capsys, ["scenario", "run", str(SCENARIO), "--model", "eum", "--format", "json"])
    excluded = _json(
        capsys,
        [
            "scenario",
            "run",
            str(SCENARIO),
            "--variant",
            "europe-excluded",
            "--model",
            "eum",
            "--format",
            "json",
        ],
    )
    assert excluded["scenario"]["variant"] == "europe-excluded"
    assert "eu" not in excluded["issues"][0]["rounds"][0]["positions"]
    assert "eu" in base["issues"][0]["rounds"][0]["positions"]


def test_scenario_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["scenario", "run", str(SCENARIO), "--variant", "nope"]) == 2
    assert "no variant 'nope'" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "scenario: x\nactors:\n  us: {capability: -1}\nissues:\n  a:\n    positions: {us: 10}\n    salience: 0.5\n"
    )
    assert main(["scenario", "export", str(bad), "-o", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err.replace("\n", "")
    assert f"{bad}:3" in err and "capability" in err
    assert not (tmp_path / "x.csv").exists()


def test_joint_spatial_run(capsys: pytest.CaptureFixture[str], input_csv: Path) -> None:
    out = _json(capsys, ["simulate", str(input_csv), "--model", "smp", "--joint", "--format", "json"])
    assert out["variant"].endswith("joint") and [i["id"] for i in out["issues"]] == ["sanctions", "seat"]
    for item in out["issues"]:
        assert isinstance(item["prediction"], float)
        assert all(isinstance(v, float) for v in item["rounds"][0]["positions"].values())
    # the same actors move in every dimension in one run
    assert len(out["issues"][0]["rounds"]) == len(out["issues"][1]["rounds"])
    assert main(["simulate", str(input_csv), "--model", "eum", "--joint"]) == 2
    assert main(["simulate", str(input_csv), "--model", "smp", "--joint", "--runs", "5"]) == 2


def test_joint_needs_the_same_actors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("issue,actor,position,salience,capability\na,us,10,0.5,1\na,ru,90,0.5,1\nb,us,10,0.5,1\n")
    assert main(["simulate", str(path), "--model", "smp", "--joint"]) == 2
    assert "same actors" in capsys.readouterr().err
