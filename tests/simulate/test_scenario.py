"""Scenario YAML: actors, issues, named variants, validation with line numbers, round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from redline.errors import InputError, ValidationErrors
from redline.simulate.scenario import load_scenario, parse_scenario, save_scenario, scenario_from_positions

SCENARIO = Path(__file__).parent / "europe_options.yaml"


def test_baseline_issues() -> None:
    issues, spread = load_scenario(SCENARIO).to_issues()
    territory, sanctions = issues
    assert territory.actors == ("us", "ru", "ua", "eu")
    np.testing.assert_allclose(territory.capabilities, [40, 30, 10, 20])
    np.testing.assert_allclose(sanctions.saliences, [0.5, 0.9, 0.5, 0.5])  # issue default, one override
    assert sanctions.status_quo == 30 and territory.status_quo is None
    np.testing.assert_allclose(spread["sanctions"].low["position"], [60, np.nan, np.nan, np.nan])
    np.testing.assert_allclose(spread["sanctions"].sd["position"], [np.nan, np.nan, np.nan, 5])
    assert "territory" not in spread


def test_variants_override_and_exclude() -> None:
    sc = load_scenario(SCENARIO)
    excluded, spread = sc.to_issues("europe-excluded")
    assert all("eu" not in i.actors for i in excluded)
    assert spread["sanctions"].sd["position"].shape == (3,)
    raised, _ = sc.to_issues("us-raises-sanctions")
    assert raised[1].saliences[0] == 0.9 and raised[0].saliences[0] == 0.5
    stronger, _ = sc.to_issues("stronger-coalition")  # builds on us-raises-sanctions
    assert stronger[1].saliences[0] == 0.9 and stronger[1].positions[0] == 40
    assert stronger[0].capabilities[3] == 35
    baseline, _ = sc.to_issues()
    assert baseline[1].positions[0] == 80  # variants never change the baseline


def _yaml(extra: str = "", issue_extra: str = "") -> str:
    return (
        "scenario: t\nactors:\n  a: {capability: 1}\n  b: {capability: 2}\n"
        f"issues:\n  x:\n    positions: {{a: 10, b: 90}}\n    salience: 0.5\n{issue_extra}{extra}"
    )


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (_yaml(issue_extra="    status_quo: 120\n"), 9, "status_quo"),
        ("scenario: t\nactors:\n  a: {capability: 0}\nissues: {}\n", 3, "capability"),
        (_yaml("variants:\n  v:\n    colour: red\n"), 11, "colour"),
        ("scenario: t\nactors: [1, 2\n", 3, "not valid YAML"),
    ],
)
def test_errors_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        parse_scenario(text, "sc.yaml")
    assert err.value.line == line and fragment in str(err.value) and "sc.yaml" in str(err.value)


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ("variants:\n  v:\n    exclude: [zz]\n", "unknown actor(s): zz"),
        ("variants:\n  v:\n    positions: {y: {a: 3}}\n", "unknown issue(s): y"),
        ("variants:\n  v:\n    base: w\n  w:\n    base: v\n", "circle"),
        ("variants:\n  v:\n    base: nope\n", "unknown variant 'nope'"),
    ],
)
def test_reference_errors(extra: str, fragment: str) -> None:
    with pytest.raises(InputError, match=None) as err:
        parse_scenario(_yaml(extra), "sc.yaml")
    assert fragment in str(err.value)


def test_several_problems_reported_together() -> None:
    text = "scenario: t\nactors:\n  a: {capability: -1}\n  b: {capability: 0}\nissues: {}\n"
    with pytest.raises(ValidationErrors) as err:
        parse_scenario(text, "sc.yaml")
    assert [p.line for p in err.value.problems] == [3, 4]


def test_variant_that_breaks_validity() -> None:
    sc = parse_scenario(_yaml("variants:\n  v:\n    positions: {x: {a: 150}}\n"), "sc.yaml")
    with pytest.raises(InputError, match="variant 'v'"):
        sc.to_issues("v")


def test_round_trip(tmp_path: Path) -> None:
    sc = load_scenario(SCENARIO)
    out = tmp_path / "copy.yaml"
    save_scenario(sc, out)
    again = load_scenario(out)
    assert again == sc
    for variant in [None, *sc.variants]:
        a, _ = sc.to_issues(variant)
        b, _ = again.to_issues(variant)
        assert [i.id for i in a] == [i.id for i in b]
        for x, y in zip(a, b, strict=True):
            np.testing.assert_array_equal(x.positions, y.positions)


def test_from_positions() -> None:
    sc = scenario_from_positions(
        "ukraine-2025",
        {"us": "United States", "ru": "Russia", "ua": None},
        {
            "territory": {"us": 70, "ru": 100, "ua": 0},
            "sanctions": {"us": 80, "ru": None, "ua": 0},
            "empty": {"ua": None},
        },
        {"territory": {"us": 50, "ru": 90, "ua": 100}, "sanctions": 0.6},
        {"us": 40, "ru": 30, "ua": 10},
    )
    issues, _ = sc.to_issues()
    assert [i.id for i in issues] == ["territory", "sanctions"]
    np.testing.assert_allclose(issues[0].saliences, [0.5, 0.9, 1.0])  # percentages read as such
    assert issues[1].actors == ("us", "ua")  # no position: no part in the issue
    assert sc.case == "ukraine-2025" and sc.actors["us"].name == "United States"
    assert parse_scenario(sc.to_yaml(), "x.yaml") == sc
    with pytest.raises(InputError, match="no capability"):
        scenario_from_positions("c", ["us"], {"t": {"us": 1}}, {"t": 0.5}, {})
