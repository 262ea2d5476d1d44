"""KTAB spatial model: golden first step (1e-3) and the first turns of KTAB's own reference log."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from redline.simulate import smp_core as core
from redline.simulate.data import Issue, make_issue
from redline.simulate.smp import SpatialModel

# From KTAB's reference run of this scenario (examples/smp/doc/20170530_ref-dummyData_3Dim.txt,
# MIT licence): each actor's best target in turn 0, its expected gain and victory probability ...
TURN0_CHALLENGES = {0: (6, 0.0947, 0.7643), 1: (0, 0.2810, 0.7964), 2: (6, 0.4711, 0.8334),
                    3: (0, 0.2839, 0.8056), 4: (0, 0.0116, 0.5836), 5: (1, 0.2986, 0.8510),
                    6: (1, 0.0286, 0.3970)}  # fmt: skip
# ... the positions after turn 0 ...
TURN1_POSITIONS = [[79.54, 44.71, 72.05], [78.93, 56.33, 72.52], [82.45, 90.89, 0.07], [65.82, 50.76, 63.02],
                   [79.54, 44.72, 72.05], [84.39, 34.05, 86.34], [75.61, 24.79, 71.95]]  # fmt: skip
# ... and some challenges of turn 1, on those positions.
TURN1_CHALLENGES = {
    2: (1, 0.4317, 0.8683),
    0: (5, 0.0012, 0.4720),
    4: (5, 0.0029, 0.4085),
    3: (6, 0.2065, 0.8283),
}


def _first_assessment(issue: Issue) -> core.Assessment:
    x, s, cap = SpatialModel().prepare(issue)
    return core.assess(x, s, cap)


def test_first_step_matches_reference(ktab_scenario: Issue, ktab_expected: dict[str, Any]) -> None:
    a = _first_assessment(ktab_scenario)
    np.testing.assert_allclose(a.neutral_utility, ktab_expected["risk_neutral_utility"], atol=1e-3)
    np.testing.assert_allclose(a.probability, ktab_expected["outcome_probability"], atol=1e-3)
    np.testing.assert_allclose(a.risk, ktab_expected["risk_attitude_R"], atol=1e-3)
    np.testing.assert_allclose(a.utility, ktab_expected["risk_aware_utility"], atol=1e-3)


def _challenges(x: np.ndarray, s: np.ndarray, cap: np.ndarray) -> dict[int, tuple[int, float, float]]:
    a = core.assess(x, s, cap)
    prob, gain = core.challenge_gains(a, s.sum(axis=1), cap)
    np.fill_diagonal(gain, -np.inf)
    return {
        i: (int(gain[i].argmax()), float(gain[i].max()), float(prob[i, gain[i].argmax()]))
        for i in range(len(cap))
    }


def test_first_turns_match_ktab_log(ktab_scenario: Issue) -> None:
    model = SpatialModel()
    x, s, cap = model.prepare(ktab_scenario)
    got = _challenges(x, s, cap)
    for i, (target, gain, prob) in TURN0_CHALLENGES.items():
        assert got[i][0] == target
        assert got[i][1] == pytest.approx(gain, abs=1e-4)
        assert got[i][2] == pytest.approx(prob, abs=1e-4)
    new_x, partners, _ = model.step(x, s, cap)
    np.testing.assert_allclose(new_x * 100, TURN1_POSITIONS, atol=1e-6)
    assert dict(partners) == {0: 4, 1: 6, 3: 0, 4: 0, 5: 1, 6: 0}
    got = _challenges(new_x, s, cap)
    for i, (target, gain, prob) in TURN1_CHALLENGES.items():
        assert got[i][0] == target
        assert got[i][1] == pytest.approx(gain, abs=1e-4)
        assert got[i][2] == pytest.approx(prob, abs=1e-4)


def test_run_records_rounds_and_stops(ktab_scenario: Issue) -> None:
    result = SpatialModel().run([ktab_scenario])[0]
    assert result.rounds is not None and 2 <= len(result.rounds) < 100
    assert result.details["stop"] == "converged"
    assert isinstance(result.prediction, list) and len(result.prediction) == 3
    assert all(0 <= v <= 100 for v in result.prediction)
    first = result.rounds[0]
    assert first.positions["SActor-06"] == pytest.approx([75.61, 24.79, 71.95], abs=1e-6)
    assert {m.actor for m in first.moves} == {
        "SActor-00",
        "SActor-01",
        "SActor-03",
        "SActor-04",
        "SActor-05",
        "SActor-06",
    }
    probs = result.details["outcome_probabilities"]
    assert sum(probs.values()) == pytest.approx(1.0)
    capped = SpatialModel(rounds=1).run([ktab_scenario])[0]
    assert capped.details["stop"] == "rounds" and capped.details["rounds_played"] == 1


def test_one_dimension_near_symmetry() -> None:
    # two equal actors at the ends, one weak in the middle: they meet near the middle (KTAB's
    # bargains are deliberately a little asymmetric and rounded to 1e-4, so not exactly at 50)
    issue = make_issue("sym", ["a", "b", "c"], [0, 100, 50], [0.8, 0.8, 0.8], [10, 10, 1])
    result = SpatialModel().run([issue])[0]
    assert result.prediction == pytest.approx(50, abs=0.5)
    assert result.rounds is not None
    assert len(set(result.rounds[-1].positions.values())) == 1


def test_zero_salience_actor_is_indifferent() -> None:
    d = core.salience_distance(np.array([[0.0], [1.0]]), np.array([[0.0], [0.5]]))
    assert d[0, 1] == 0.0 and d[1, 0] == pytest.approx(1.0)


def test_saliences_above_one_in_total_are_rescaled(ktab_scenario: Issue) -> None:
    doubled = ktab_scenario.with_values(saliences=ktab_scenario.saliences * 2)
    _, s, _ = SpatialModel().prepare(doubled)
    assert s.sum(axis=1).max() == pytest.approx(1.0)


def test_stack_issues_orders_actors() -> None:
    from redline.simulate.data import stack_issues

    a = make_issue("a", ["x", "y"], [10, 90], [0.5, 0.4], [1, 2])
    b = make_issue("b", ["y", "x"], [30, 70], [0.2, 0.3], [2, 1])
    joint = stack_issues([a, b])
    assert joint.dimensions == ("a", "b") and joint.actors == ("x", "y")
    np.testing.assert_allclose(joint.positions, [[10, 70], [90, 30]])
    np.testing.assert_allclose(joint.saliences, [[0.5, 0.3], [0.4, 0.2]])
    with pytest.raises(ValueError, match="capability"):
        stack_issues([a, make_issue("c", ["x", "y"], [1, 2], [0.1, 0.1], [5, 2])])
