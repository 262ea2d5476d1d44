"""The two closed-form models: the compromise (weighted mean) and the weighted median.

Both weigh each actor by capability × salience.  The compromise model is the "mean voter" of
Achen (2006) and the strongest simple benchmark on EU legislation; the weighted median is the
position a majority of weighted votes prefers to any other (the median voter in one dimension).
Exponents on capability and salience (default 1) make the weights tunable; the DEU benchmark
tunes them only under cross-validation.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from redline.simulate.base import BargainingModel, IssueResult
from redline.simulate.data import FloatArray, Issue


def _weights(issue: Issue, cap_power: float, sal_power: float) -> FloatArray:
    sal = issue.saliences if issue.saliences.ndim == 1 else issue.saliences.sum(axis=1)
    return issue.capabilities**cap_power * sal**sal_power


def weighted_median_1d(x: FloatArray, w: FloatArray) -> float:
    """The lowest position at which the cumulative weight reaches half of the total.

    With no weight at all, the plain median of the positions.
    """
    if w.sum() <= 0:
        return float(np.median(x))
    order = np.argsort(x, kind="stable")
    xs, cw = x[order], np.cumsum(w[order])
    k = int(np.searchsorted(cw, cw[-1] / 2.0 * (1 - 1e-12)))
    return float(xs[min(k, len(xs) - 1)])


class _CapabilitySalienceWeighted(BargainingModel):
    """Shared parameters of the models weighting actors by capability^cap_power × salience^sal_power."""

    _label = ""

    def __init__(self, cap_power: float = 1.0, sal_power: float = 1.0) -> None:
        self.cap_power = cap_power
        self.sal_power = sal_power

    @property
    def variant(self) -> str:
        if (self.cap_power, self.sal_power) == (1.0, 1.0):
            return self._label
        return f"{self._label}(cap^{self.cap_power:g}, sal^{self.sal_power:g})"


class CompromiseModel(_CapabilitySalienceWeighted):
    """Outcome = sum(w x) / sum(w) with w = capability^cap_power × salience^sal_power."""

    name = "compromise"
    description = "capability × salience weighted mean (compromise model)"
    _label = "weighted-mean"

    def run(self, issues: Sequence[Issue], *, record: bool = True) -> list[IssueResult]:
        out = []
        for iss in issues:
            w = _weights(iss, self.cap_power, self.sal_power)
            x = iss.positions
            if w.sum() > 0:
                pred = (w[:, None] * x.reshape(len(w), -1)).sum(axis=0) / w.sum()
            else:
                pred = x.reshape(len(w), -1).mean(axis=0)
            out.append(IssueResult(iss.id, float(pred[0]) if x.ndim == 1 else [float(v) for v in pred]))
        return out


class WeightedMedianModel(_CapabilitySalienceWeighted):
    """Outcome = the capability × salience weighted median of the positions (per dimension)."""

    name = "median"
    description = "capability × salience weighted median"
    _label = "weighted-median"

    def run(self, issues: Sequence[Issue], *, record: bool = True) -> list[IssueResult]:
        out = []
        for iss in issues:
            if iss.positions.ndim == 1:
                pred: float | list[float] = weighted_median_1d(
                    iss.positions, _weights(iss, self.cap_power, self.sal_power)
                )
            else:
                pred = [
                    weighted_median_1d(
                        iss.positions[:, d],
                        iss.capabilities**self.cap_power * iss.saliences[:, d] ** self.sal_power,
                    )
                    for d in range(iss.positions.shape[1])
                ]
            out.append(IssueResult(iss.id, pred))
        return out
