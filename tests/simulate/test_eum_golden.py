"""Golden test: the 1994 emissions example, 10 rounds of the EUM (authors'-code variant) to 1e-4."""

from __future__ import annotations

from typing import Any

import pytest

from redline.simulate.data import Issue
from redline.simulate.eum import ExpectedUtilityModel
from redline.simulate.eum_loop import LoopEUM

TOL = 1e-4


def _ten_rounds(issue: Issue, variant: str = "code") -> list:
    result = ExpectedUtilityModel(variant, rounds=10, tol=0.0, stop_on_cycle=False).run([issue])[0]
    assert result.rounds is not None
    return result.rounds


def test_code_variant_reproduces_all_ten_rounds(emissions: Issue, emissions_expected: dict[str, Any]) -> None:
    rounds = _ten_rounds(emissions)
    expected = emissions_expected["rounds"]
    assert len(rounds) == len(expected) == 10
    for got, exp in zip(rounds, expected, strict=True):
        assert got.round == exp["round"]
        for actor, r in exp["risk_exponent_before_moves"].items():
            assert got.risk[actor] == pytest.approx(r, abs=TOL), (got.round, actor)
        for actor, x in exp["positions_after"].items():
            assert got.positions[actor] == pytest.approx(x, abs=TOL), (got.round, actor)
        assert got.median == pytest.approx(exp["median_after"], abs=TOL)
        assert got.mean == pytest.approx(exp["mean_after"], abs=TOL)


def test_model_does_not_converge_on_the_example(emissions: Issue) -> None:
    medians = [r.median for r in _ten_rounds(emissions)]
    assert len({round(m, 6) for m in medians}) > 3  # the median oscillates
    assert medians[-1] == pytest.approx(7.0, abs=TOL)


def test_trajectory_names_challenges_and_offers(emissions: Issue) -> None:
    first = _ten_rounds(emissions)[0]
    moves = {m.actor: m for m in first.moves}
    assert moves["Belgium"].by == "France" and moves["Belgium"].kind == "compromise"
    assert moves["Belgium"].start == 7.0 and moves["Belgium"].end == pytest.approx(8.415932, abs=TOL)
    assert moves["Luxembourg"].kind == "confrontation" and moves["Luxembourg"].end == 7.0
    assert set(moves) == {"Belgium", "Luxembourg", "Ireland"}


def test_printed_variant_probability_of_the_paper(emissions: Issue) -> None:
    # README: with the printed denominator, P(Netherlands beats France) at r = 1 is 0.4247
    model = LoopEUM(emissions, variant="printed")
    nl, fr = emissions.actors.index("Netherlands"), emissions.actors.index("France")
    assert model.probability(nl, fr) == pytest.approx(0.4247, abs=1e-4)
    assert LoopEUM(emissions, variant="code").probability(nl, fr) != pytest.approx(0.4247, abs=1e-3)


def test_variants_differ(emissions: Issue) -> None:
    code = [r.median for r in _ten_rounds(emissions, "code")]
    printed = [r.median for r in _ten_rounds(emissions, "printed")]
    assert code != printed


def test_stop_rule_round_cap_and_cycle(emissions: Issue) -> None:
    capped = ExpectedUtilityModel(rounds=3, tol=0.0, stop_on_cycle=False).run([emissions])[0]
    assert capped.rounds is not None and len(capped.rounds) == 3 and capped.details["stop"] == "rounds"
    # a huge change threshold stops after the first round
    settled = ExpectedUtilityModel(rounds=10, tol=1.0).run([emissions])[0]
    assert settled.details["stop"] == "converged" and settled.details["rounds_played"] == 1


def test_cycle_is_detected() -> None:
    from redline.simulate.data import make_issue

    # the US swings between the two camps: round 6 repeats round 2, a cycle of period 4
    issue = make_issue(
        "sanctions", ["us", "ru", "ua", "eu"], [80, 100, 0, 10], [0.6, 0.9, 0.8, 0.7], [30, 25, 10, 15]
    )
    result = ExpectedUtilityModel(rounds=50).run([issue])[0]
    assert result.details["stop"] == "cycle"
    assert result.details["cycle_period"] == 4
    assert result.rounds is not None and len(result.rounds) == 6
    assert result.rounds[5].positions == result.rounds[1].positions
    no_stop = ExpectedUtilityModel(rounds=12, stop_on_cycle=False).run([issue])[0]
    assert no_stop.details["rounds_played"] == 12
