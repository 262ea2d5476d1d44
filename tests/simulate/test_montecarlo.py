"""Monte Carlo over input uncertainty."""

from __future__ import annotations

import numpy as np
import pytest

from redline.simulate.data import make_issue
from redline.simulate.eum import ExpectedUtilityModel
from redline.simulate.montecarlo import MonteCarlo
from redline.simulate.simple import CompromiseModel
from redline.simulate.uncertainty import DefaultSpread, Uncertainty, sample

ISSUE = make_issue("a", ["us", "ru", "eu"], [80, 100, 10], [0.6, 0.9, 0.7], [30, 25, 15])


def _spread(**kw: list[float]) -> Uncertainty:
    nan = np.full(3, np.nan)
    fields = ("position", "salience", "capability")
    return Uncertainty(
        low={f: np.array(kw.get(f"{f}_low", nan)) for f in fields},
        high={f: np.array(kw.get(f"{f}_high", nan)) for f in fields},
        sd={f: np.array(kw.get(f"{f}_sd", nan)) for f in fields},
    )


def test_reproducible_with_a_seed() -> None:
    a = MonteCarlo(CompromiseModel(), runs=50, seed=3).run([ISSUE])["a"].values
    b = MonteCarlo(CompromiseModel(), runs=50, seed=3).run([ISSUE])["a"].values
    c = MonteCarlo(CompromiseModel(), runs=50, seed=4).run([ISSUE])["a"].values
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_draws_respect_ranges_and_bounds() -> None:
    spread = _spread(
        position_low=[70, np.nan, 0], position_high=[90, np.nan, 20], salience_sd=[np.nan, 0.5, np.nan]
    )
    draws = sample(ISSUE, spread, 400, np.random.default_rng(0))
    pos = np.array([d.positions for d in draws])
    sal = np.array([d.saliences for d in draws])
    assert pos[:, 0].min() >= 70 and pos[:, 0].max() <= 90 and pos[:, 0].std() > 3
    assert np.all(pos[:, 1] == 100)  # no spread stated: held fixed
    assert sal[:, 1].min() >= 0 and sal[:, 1].max() <= 1 and sal[:, 1].std() > 0.1
    assert np.all(sal[:, 0] == 0.6)


def test_no_spread_gives_a_point() -> None:
    dist = MonteCarlo(CompromiseModel(), runs=20).run([ISSUE], {"a": _spread()})["a"]
    summary = dist.to_json()
    assert summary["p05"] == summary["p95"] == pytest.approx(CompromiseModel().predict([ISSUE])[0])
    assert summary["runs"] == 20 and summary["sd"] == pytest.approx(0, abs=1e-9)


def test_defaults_apply_when_nothing_is_stated() -> None:
    dist = MonteCarlo(CompromiseModel(), runs=200, defaults=DefaultSpread(position_sd=5.0)).run([ISSUE])["a"]
    s = dist.to_json()
    assert s["p05"] < CompromiseModel().predict([ISSUE])[0] < s["p95"]
    assert 0.5 < s["sd"] < 10


def test_eum_draws_run_as_one_batch_and_match_single_runs() -> None:
    mc = MonteCarlo(ExpectedUtilityModel(rounds=5), runs=8, seed=1)
    other = make_issue("b", ["x", "y"], [0, 100], [0.5, 0.5], [1, 3])
    dists = mc.run([ISSUE, other])
    draws = sample(ISSUE, DefaultSpread().for_issue(ISSUE), 8, np.random.default_rng(1))
    singles = [ExpectedUtilityModel(rounds=5).predict([d])[0] for d in draws]
    np.testing.assert_allclose(dists["a"].values, singles)
    assert len(dists["b"].values) == 8
