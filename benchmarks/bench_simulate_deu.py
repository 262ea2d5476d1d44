"""Accuracy of every bargaining model on the 353 DEU III issues with known outcomes.

Prints each model's mean absolute error (0-100 scale) next to the reference figures of
``../shared/data/bargaining/README.md``, checks that the compromise model reproduces 23.22 with
GDP capabilities, names the best model and its margin over the compromise model with a paired
bootstrap interval.  Parameters are never fitted on the issues they are scored on: the one tuned
model (compromise with capability/salience exponents) is scored by 10-fold cross-validation.

Run from the project root:  .venv/bin/python benchmarks/bench_simulate_deu.py [--skip-smp]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from redline.simulate.data import Issue
from redline.simulate.deu import load_deu
from redline.simulate.eum import ExpectedUtilityModel
from redline.simulate.nash import NashBargainingModel
from redline.simulate.simple import CompromiseModel, WeightedMedianModel
from redline.simulate.smp import SpatialModel

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "bargaining" / "deu3.tsv"
REFERENCE = {  # from the README of the reference data
    "compromise (GDP capabilities)": 23.22,
    "compromise (equal capabilities)": 23.68,
    "weighted median": 27.58,
    "Commission's position": 37.7,
    "reference point (status quo)": 51.1,
}
GRID = (0.0, 0.5, 1.0, 1.5, 2.0)


def cross_validated_compromise(
    issues: Sequence[Issue], outcome: np.ndarray, folds: int = 10, seed: int = 0
) -> np.ndarray:
    """Out-of-fold predictions: exponents chosen on the other folds only."""
    order = np.random.default_rng(seed).permutation(len(issues))
    pred = np.empty(len(issues))
    for k in range(folds):
        test = order[k::folds]
        train = np.setdiff1d(order, test)

        def train_mae(a: float, b: float, train: np.ndarray = train) -> float:
            model = CompromiseModel(cap_power=a, sal_power=b)
            return float(np.mean(np.abs(model.predict([issues[i] for i in train]) - outcome[train])))

        a, b = min(itertools.product(GRID, GRID), key=lambda ab: train_mae(*ab))
        pred[test] = CompromiseModel(cap_power=a, sal_power=b).predict([issues[i] for i in test])
    return pred


def bootstrap_difference(
    err_a: np.ndarray, err_b: np.ndarray, draws: int = 5000, seed: int = 0
) -> tuple[float, float]:
    """95 % interval of MAE(a) - MAE(b) over issues resampled with replacement (paired)."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(err_a), size=(draws, len(err_a)))
    diffs = err_a[idx].mean(axis=1) - err_b[idx].mean(axis=1)
    lo, hi = np.percentile(diffs, [2.5, 97.5])
    return float(lo), float(hi)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-smp", action="store_true", help="leave out the (slowest) KTAB spatial model")
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"SKIP: {DATA} not found (the shared reference data folder is absent)")
        return 0
    cases = load_deu(DATA)
    issues = [c.issue for c in cases]
    equal = [c.issue for c in load_deu(DATA, equal_capabilities=True)]
    outcome = np.array([c.outcome for c in cases])
    print(
        f"DEU III: {len(cases)} issues with a known outcome, up to {max(i.n_actors for i in issues)} actors each\n"
    )

    rows: list[tuple[str, np.ndarray, float]] = []  # name, prediction (NaN = not applicable), seconds

    def add(name: str, fn: Callable[[], np.ndarray]) -> None:
        start = time.perf_counter()
        pred = np.asarray(fn(), dtype=float)
        rows.append((name, pred, time.perf_counter() - start))

    commission = np.array(
        [i.positions[i.actors.index("com")] if "com" in i.actors else np.nan for i in issues]
    )
    add("Commission's position", lambda: commission)
    add(
        "reference point (status quo)",
        lambda: np.array([np.nan if i.status_quo is None else i.status_quo for i in issues]),
    )
    add("compromise (GDP capabilities)", lambda: CompromiseModel().predict(issues))
    add("compromise (equal capabilities)", lambda: CompromiseModel().predict(equal))
    add("compromise, exponents tuned (10-fold CV)", lambda: cross_validated_compromise(issues, outcome))
    add("weighted median", lambda: WeightedMedianModel().predict(issues))
    add("Nash, worst-case disagreement, linear", lambda: NashBargainingModel("worst", 1.0).predict(issues))
    add("Nash, worst-case disagreement, quadratic", lambda: NashBargainingModel("worst", 2.0).predict(issues))
    with_sq = [i for i in issues if i.status_quo is not None]
    has_sq = np.array([i.status_quo is not None for i in issues])

    def nash_sq() -> np.ndarray:
        pred = np.full(len(issues), np.nan)
        pred[has_sq] = NashBargainingModel("status-quo", 1.0).predict(with_sq)
        return pred

    add("Nash, status-quo disagreement, linear", nash_sq)
    for variant in ("code", "printed"):
        model = ExpectedUtilityModel(variant)
        add(f"EUM ({variant}), final median", lambda model=model: model.predict(issues))
        add(
            f"EUM ({variant}), final weighted mean",
            lambda model=model: np.array([r.details["mean"] for r in model.run(issues, record=False)]),
        )
    if not args.skip_smp:
        add("KTAB spatial model, expected outcome", lambda: SpatialModel().predict(issues))

    print(f"{'model':48s} {'MAE':>7s} {'issues':>6s} {'README':>7s} {'seconds':>8s}")
    maes: dict[str, float] = {}
    for name, pred, secs in rows:
        ok = ~np.isnan(pred)
        mae = float(np.mean(np.abs(pred[ok] - outcome[ok])))
        maes[name] = mae
        ref = REFERENCE.get(name)
        ref_txt = f"{ref:7.2f}" if ref is not None else "       "
        print(f"{name:48s} {mae:7.2f} {int(ok.sum()):6d} {ref_txt} {secs:8.2f}")

    status = 0
    got = maes["compromise (GDP capabilities)"]
    if abs(got - 23.22) < 0.005:
        print("\nPASS compromise model reproduces the reference MAE 23.22 (GDP capabilities)")
    else:
        print(f"\nFAIL compromise model MAE {got:.4f}, reference 23.22")
        status = 1

    full = {n: p for n, p, _ in rows if not np.isnan(p).any()}
    best = min(full, key=lambda n: maes[n])
    base = "compromise (GDP capabilities)"
    err = {n: np.abs(p - outcome) for n, p in full.items()}
    print(f"best model on all {len(outcome)} issues: {best} (MAE {maes[best]:.2f})")
    if best != base:
        lo, hi = bootstrap_difference(err[base], err[best])
        noise = " - within noise, the interval includes 0" if lo <= 0 <= hi else ""
        print(
            f"  {maes[base] - maes[best]:.2f} points better than the compromise model "
            f"(paired bootstrap 95% interval {lo:.2f} to {hi:.2f}{noise})"
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
