"""Measures on the mini case: positions contract, parent rule, distances, drift, red lines, criteria, affinity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redline.analysis.affinity import affinity_report
from redline.analysis.criteria import criteria, red_lines
from redline.analysis.data import load_case_data
from redline.analysis.movement import Measures
from redline.analysis.positions import position_matrix, positions_contract
from redline.cases.loader import import_bundle
from redline.cli.main import main
from redline.coding.codings import add_coding, find_dimension, find_provision
from redline.store.db import session_scope


@pytest.fixture
def data(sqlite_url: str, mini_bundle: Path):  # type: ignore[no-untyped-def]
    with session_scope(sqlite_url) as s:
        import_bundle(s, mini_bundle)
        # a second coded sub-point: the document takes the confidence-weighted mean of 2.a and 2.b
        add_coding(
            s,
            find_provision(s, "mini", "b-plan", "2.b"),
            find_dimension(s, "mini", "army-cap"),
            coder="final",
            value=70,
            quote="no long-range missiles",
            confidence=1.0,
        )
    with session_scope(sqlite_url) as s:
        return load_case_data(s, "mini")


def test_positions_parent_rule_and_not_addressed(data) -> None:  # type: ignore[no-untyped-def]
    mat = position_matrix(data)
    assert mat.loc["b-plan", "army-cap"] == pytest.approx(60)  # mean of 2.a (50) and 2.b (70)
    assert mat.loc["a-opening", "army-cap"] == 0  # addressed at 0 ...
    out = positions_contract(data)
    a = next(d for d in out["documents"] if d["id"] == "a-opening")
    assert a["positions"] == {"border": 0.0, "army-cap": 0.0}
    assert set(out) == {"case", "scale", "issues", "documents"}
    assert set(out["scale"]) == {"min", "max", "min_means", "max_means"}
    assert set(a) == {"id", "title", "date", "actor", "positions", "index"}


def test_coded_parent_stands_for_its_sub_points(data, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    with session_scope(sqlite_url) as s:
        add_coding(
            s,
            find_provision(s, "mini", "b-plan", "2"),
            find_dimension(s, "mini", "army-cap"),
            coder="final",
            value=90,
            quote="A's army is capped",
        )
    with session_scope(sqlite_url) as s:
        mat = position_matrix(load_case_data(s, "mini"))
    assert mat.loc["b-plan", "army-cap"] == pytest.approx(90)


def test_not_addressed_is_null_not_zero(sqlite_url: str, mini_bundle: Path) -> None:
    with session_scope(sqlite_url) as s:
        import_bundle(s, mini_bundle)
    with session_scope(sqlite_url) as s:
        data = load_case_data(s, "mini")
    out = positions_contract(data)
    b = next(d for d in out["documents"] if d["id"] == "b-plan")
    assert b["positions"] == {"border": 50.0, "army-cap": 50.0}
    # b's index weights by b's saliences: border 0.8, army-cap none -> 1
    assert b["index"] == pytest.approx(50.0)


def test_distance_drift_and_intervals(data) -> None:  # type: ignore[no-untyped-def]
    meas = Measures(data, replicates=200)
    dist = meas.distance("a-opening", "b-plan")
    assert dist["dimensions"] == 2
    # weights: border (1.0 + 0.8)/2 = 0.9 for a ... b uses its own: a: border 1.0, army 1; b: border .8, army 1
    w_border, w_army = (1.0 + 0.8) / 2, 1.0
    expected = (w_border * 50 + w_army * 60) / (w_border + w_army)
    assert dist["distance"] == pytest.approx(expected, abs=0.01)
    lo, hi = dist["interval"]
    assert lo <= dist["distance"] <= hi
    conc = meas.concession("a-opening", "b-plan")
    assert conc["movement"] > 0 and conc["toward"] == "max"
    drift = meas.drift("a")
    assert [d["document"] for d in drift["documents"]] == ["a-opening", "b-plan"]  # b-plan co-authored by a
    assert drift["documents"][1]["role"] == "co-author"
    assert drift["documents"][0]["distance_to_maximal_demand"]["a"]["distance"] == 0


def test_red_lines_and_criteria(data) -> None:  # type: ignore[no-untyped-def]
    rl = red_lines(data)
    b = next(d for d in rl["documents"] if d["document"] == "b-plan")
    assert b["red_lines"][0]["status"] == "respected" and b["violated"] == []
    cr = criteria(data)["criterion_sets"][0]
    verdicts = {d["document"]: d["criteria"][0]["status"] for d in cr["documents"]}
    assert verdicts == {"a-opening": "pass", "b-plan": "pass"}
    deciding = next(d for d in cr["documents"] if d["document"] == "b-plan")["criteria"][0]["conditions"][0]
    assert deciding["provisions"][0]["quote"] == "contact line is frozen"


def test_affinity_profile(data) -> None:  # type: ignore[no-untyped-def]
    rep = affinity_report(data, documents=["a-opening", "b-plan"])
    assert rep["documents"][1]["profile"] == {"spheres": 2.0}
    assert rep["matrix"]["a-opening"]["b-plan"] == pytest.approx(1 - 2 / 3, abs=1e-4)


def test_cli_positions_json(sqlite_url: str, mini_bundle: Path, capsys) -> None:
    assert main(["case", "import", str(mini_bundle)]) == 0
    capsys.readouterr()
    assert main(["positions", "--case", "mini", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["case"] == "mini" and [i["id"] for i in out["issues"]] == ["border", "army-cap"]
    assert main(["drift", "--case", "mini", "--actor", "b", "--format", "json", "--replicates", "50"]) == 0
    assert json.loads(capsys.readouterr().out)["actor"] == "b"
    assert main(["distance", "a-opening", "b-plan", "--case", "mini", "--format", "json", "--explain"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["dimensions"] == 2 and "border" in rep["explain"]
    assert main(["drift", "--case", "mini", "--actor", "zz"]) == 2


def test_claims_checked_with_intervals(data) -> None:  # type: ignore[no-untyped-def]
    from redline.analysis.claims import check_claims

    rep = check_claims(data, replicates=100)
    by_id = {c["id"]: c for c in rep["claims"]}
    assert by_id["b-moves-toward-max"]["holds"] is True
    assert by_id["border-higher"]["holds"] is True and by_id["border-higher"]["value"] == 50
    assert by_id["border-lower-wrong"]["holds"] is False
    assert rep["summary"] == {"claims": 3, "hold": 2, "robust": 2}


def test_cli_claims(sqlite_url: str, mini_bundle: Path, capsys) -> None:
    assert main(["case", "import", str(mini_bundle)]) == 0
    capsys.readouterr()
    assert main(["claims", "--case", "mini", "--format", "json", "--replicates", "20"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in out["claims"]] == ["b-moves-toward-max", "border-higher", "border-lower-wrong"]


def test_actor_distance_and_convergence(data) -> None:  # type: ignore[no-untyped-def]
    meas = Measures(data, replicates=50)
    d = meas.actor_distance("a", "b")
    # a's latest document is b-plan (co-authored), so both actors stand at the same place
    assert d["distance"] == 0 and d["dimensions"] == 2
    conv = meas.convergence("a", "b", carry_forward=True)
    assert [c["date"] for c in conv] == ["2025-03-01"]  # b has no document before b-plan
    assert conv[0]["interval"] is not None


def test_cli_actor_distance_and_drift_explain(sqlite_url: str, mini_bundle: Path, capsys) -> None:
    assert main(["case", "import", str(mini_bundle)]) == 0
    capsys.readouterr()
    assert main(["distance", "a", "b", "--case", "mini", "--format", "json", "--replicates", "20"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["a"] == "a" and "convergence" in out
    assert (
        main(
            ["drift", "--case", "mini", "--actor", "a", "--explain", "--format", "json", "--replicates", "0"]
        )
        == 0
    )
    drift = json.loads(capsys.readouterr().out)
    assert drift["documents"][0]["explain"]["border"][0]["quote"].startswith("withdraws")


def test_a_violated_condition_fails_the_criterion_and_crosses_the_red_line(
    sqlite_url: str, mini_bundle: Path
) -> None:
    with session_scope(sqlite_url) as s:
        import_bundle(s, mini_bundle)
        add_coding(
            s,
            find_provision(s, "mini", "b-plan", "II.1"),
            find_dimension(s, "mini", "border"),
            coder="final",
            value=100,
            quote="Elections within 100 days",
        )
    with session_scope(sqlite_url) as s:
        data = load_case_data(s, "mini")
    cr = criteria(data)["criterion_sets"][0]
    verdict = next(d for d in cr["documents"] if d["document"] == "b-plan")["criteria"][0]
    assert verdict["status"] == "fail"  # border (0.8 * 50 + 1.0 * 100) / 1.8 = 77.8 > 50
    assert verdict["conditions"][0]["holds"] is False
    rl = next(d for d in red_lines(data)["documents"] if d["document"] == "b-plan")
    assert (
        rl["violated"] == ["a:border"] and rl["red_lines"][0]["status"] == "violated"
    )  # 77.8 > A's max of 75


def test_localized_names_change_and_numbers_do_not(data) -> None:  # type: ignore[no-untyped-def]
    from redline.analysis.localize import localized

    de = localized(data, "de")
    assert localized(data, "fr") is data  # no translations for French: unchanged
    assert de.title == "Kleiner Fall" and de.actors["a"]["name"] == "Seite A"
    assert de.scale["max_means"] == "Maximalforderung von Seite B"
    assert (
        de.scale["min_means"] == data.scale["min_means"]
        and data.scale["max_means"] == "Side B's maximal demand"
    )
    assert de.actors["b"]["name"] == "Side B"  # not translated: kept
    border = next(d for d in de.dimensions if d.id == "border")
    assert border.name == "Grenzverlauf" and border.levels[0] == (0.0, "Vollständiger Rückzug")
    assert border.levels[1] == next(d for d in data.dimensions if d.id == "border").levels[1]
    assert de.criterion_sets[0]["name"] == "Gerechter Frieden"
    assert de.claims[0]["text"].startswith("Der Plan von B")
    assert position_matrix(de).equals(position_matrix(data))
