"""Compromise, weighted median and Nash bargaining solution."""

from __future__ import annotations

import numpy as np
import pytest

from redline.simulate.data import make_issue
from redline.simulate.nash import NashBargainingModel
from redline.simulate.simple import CompromiseModel, WeightedMedianModel, weighted_median_1d

ISSUE = make_issue("t", ["a", "b", "c"], [0, 50, 100], [1.0, 0.5, 0.5], [1, 2, 4])


def test_compromise_is_the_weighted_mean() -> None:
    w = np.array([1.0, 1.0, 2.0])
    assert CompromiseModel().predict([ISSUE])[0] == pytest.approx((w * [0, 50, 100]).sum() / w.sum())
    assert CompromiseModel(cap_power=0).predict([ISSUE])[0] == pytest.approx((0 + 25 + 50) / 2.0)


def test_weighted_median() -> None:
    # weights 1, 1, 2: the cumulative weight reaches half at b; any point of [50, 100] minimises
    # sum w |x - y|, and the lowest is taken
    assert WeightedMedianModel().predict([ISSUE])[0] == 50.0
    assert WeightedMedianModel(cap_power=2).predict([ISSUE])[0] == 100.0
    assert weighted_median_1d(np.array([0.0, 50, 100]), np.array([1.0, 1, 1])) == 50
    assert weighted_median_1d(np.array([10.0, 20]), np.array([0.0, 0])) == 15  # nobody weighs: plain median


def _brute_nash(model: NashBargainingModel, x: np.ndarray, w: np.ndarray, d: np.ndarray) -> float:
    grid = np.linspace(x.min(), x.max(), 200001)
    u = -((np.abs(grid[:, None] - x) / 100.0) ** model.utility_power)
    gain = u - d
    ok = (gain > 0).all(axis=1)
    obj = np.where(ok, (w * np.log(np.where(gain > 0, gain, 1))).sum(axis=1), -np.inf)
    return float(grid[obj.argmax()])


@pytest.mark.parametrize("power", [1.0, 2.0])
def test_nash_maximises_the_weighted_product(power: float) -> None:
    model = NashBargainingModel("worst", utility_power=power)
    x, w = ISSUE.positions, ISSUE.weights
    d = -((np.maximum(x, 100 - x) / 100.0) ** power) - 1e-12
    assert model.predict([ISSUE])[0] == pytest.approx(_brute_nash(model, x, w, d), abs=1e-3)


def test_nash_status_quo() -> None:
    model = NashBargainingModel("status-quo")
    both_sides = make_issue("s", ["a", "b"], [20, 80], [1, 1], [1, 1], status_quo=50)
    assert model.predict([both_sides])[0] == 50  # any move hurts someone: the status quo stays
    one_side = make_issue("o", ["a", "b"], [60, 100], [1, 1], [1, 1], status_quo=0)
    value = model.predict([one_side])[0]
    assert 60 <= value <= 100
    d = -(np.array([60.0, 100.0]) / 100.0)
    assert value == pytest.approx(_brute_nash(model, one_side.positions, one_side.weights, d), abs=1e-3)
    no_sq = make_issue("n", ["a", "b"], [20, 80], [1, 1], [1, 1])
    result = model.run([no_sq])[0]
    assert result.details == {"disagreement": "worst"}


def test_nash_rejects_bad_parameters() -> None:
    with pytest.raises(ValueError):
        NashBargainingModel("typo")
    with pytest.raises(ValueError):
        NashBargainingModel(utility_power=0)


def test_reference_figures_on_deu(bargaining_dir) -> None:  # type: ignore[no-untyped-def]
    from redline.simulate.deu import load_deu

    cases = load_deu(bargaining_dir / "deu3.tsv")
    assert len(cases) == 353
    issues = [c.issue for c in cases]
    outcome = np.array([c.outcome for c in cases])

    def mae(pred: np.ndarray) -> float:
        return float(np.mean(np.abs(pred - outcome)))

    assert mae(CompromiseModel().predict(issues)) == pytest.approx(23.22, abs=0.005)
    equal = [c.issue for c in load_deu(bargaining_dir / "deu3.tsv", equal_capabilities=True)]
    assert mae(CompromiseModel().predict(equal)) == pytest.approx(23.68, abs=0.005)
    assert mae(WeightedMedianModel().predict(issues)) == pytest.approx(27.58, abs=0.005)
