"""The vectorised EUM against the plain-loop oracle (same equations, written actor by actor)."""

from __future__ import annotations

import numpy as np
import pytest

from redline.simulate.data import Issue, make_issue
from redline.simulate.eum import ExpectedUtilityModel
from redline.simulate.eum_loop import LoopEUM


def _random_issue(rng: np.random.Generator, k: int) -> Issue:
    n = int(rng.integers(2, 12))
    # coarse positions produce ties and shared positions, the delicate cases
    positions = rng.choice([0, 10, 25, 40, 50, 60, 75, 90, 100], size=n).astype(float)
    if rng.random() < 0.5:
        positions = rng.uniform(0, 100, size=n).round(1)
    saliences = rng.uniform(0, 1, size=n).round(2)
    capabilities = rng.uniform(0.1, 5, size=n).round(2)
    return make_issue(f"i{k}", [f"a{j}" for j in range(n)], positions, saliences, capabilities)


def _compare(vec_rounds: list, loop_rounds: list) -> None:
    # the engine stops an issue once nobody moves (tol = 0); the oracle plays on without change.
    # Different summation orders leave ~1e-9 differences that a compromise ratio can amplify a little.
    assert 1 <= len(vec_rounds) <= len(loop_rounds)
    for later in loop_rounds[len(vec_rounds) :]:
        assert later.positions == loop_rounds[len(vec_rounds) - 1].positions
    for v, o in zip(vec_rounds, loop_rounds[: len(vec_rounds)], strict=True):
        for actor in o.positions:
            assert v.positions[actor] == pytest.approx(o.positions[actor], abs=1e-6)
            assert v.risk[actor] == pytest.approx(o.risk[actor], abs=1e-6)
        assert v.median == pytest.approx(o.median, abs=1e-6)
        assert v.mean == pytest.approx(o.mean, abs=1e-6)
        assert [(m.actor, m.by, m.kind) for m in v.moves] == [(m.actor, m.by, m.kind) for m in o.moves]


@pytest.mark.parametrize("variant", ["code", "printed"])
def test_batch_of_random_issues_matches_loop(variant: str) -> None:
    rng = np.random.default_rng(7)
    issues = [_random_issue(rng, k) for k in range(25)]
    model = ExpectedUtilityModel(variant, rounds=6, tol=0.0, stop_on_cycle=False)
    results = model.run(issues)  # one padded batch: issues of different sizes side by side
    for issue, result in zip(issues, results, strict=True):
        loop = LoopEUM(issue, variant).run(6)
        assert result.rounds is not None
        _compare(result.rounds, loop)


@pytest.mark.parametrize("variant", ["code", "printed"])
def test_emissions_matches_loop(emissions: Issue, variant: str) -> None:
    result = ExpectedUtilityModel(variant, rounds=10, tol=0.0, stop_on_cycle=False).run([emissions])[0]
    assert result.rounds is not None
    _compare(result.rounds, LoopEUM(emissions, variant).run(10))


def test_all_actors_agree_nothing_moves() -> None:
    issue = make_issue("same", ["a", "b"], [40, 40], [0.5, 0.9], [1, 2])
    result = ExpectedUtilityModel().run([issue])[0]
    assert result.prediction == 40
    assert result.rounds == [] and result.details["stop"] == "no-range"


def test_predict_is_the_final_median(emissions: Issue) -> None:
    model = ExpectedUtilityModel(rounds=10, tol=0.0, stop_on_cycle=False)
    run = model.run([emissions])[0]
    assert model.predict([emissions])[0] == pytest.approx(run.prediction)
    assert run.rounds is not None and run.prediction == pytest.approx(run.rounds[-1].median)


def test_unknown_variant_rejected() -> None:
    with pytest.raises(ValueError):
        ExpectedUtilityModel("typo")
