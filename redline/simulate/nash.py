"""The (asymmetric) Nash bargaining solution on one issue dimension.

The outcome x maximises the weighted product of the actors' utility gains over the disagreement
point, prod_i (u_i(x) - d_i)^(w_i), with w_i = capability × salience and
u_i(x) = -(|x - x_i| / width)^p (p = 1 linear, p = 2 quadratic loss; width = scale width).
The disagreement utility d_i is either

- ``worst``: the utility of the scale end farthest from the actor (breakdown is the worst
  outcome), or
- ``status-quo``: the utility of the issue's status quo (reference point), where one is known;
  only outcomes that leave every weighted actor better off than the status quo are feasible,
  and if there are none (actors on both sides of it) the solution is the status quo itself.

The log of the product is concave in x, so the bounded scalar optimiser of SciPy finds the
unique maximum.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import minimize_scalar

from redline.simulate.base import BargainingModel, IssueResult
from redline.simulate.data import FloatArray, Issue

DISAGREEMENTS = ("worst", "status-quo")


class NashBargainingModel(BargainingModel):
    """Weighted Nash bargaining solution (see the module docstring for the definition)."""

    name = "nash"
    description = "asymmetric Nash bargaining solution (weighted product of utility gains)"

    def __init__(
        self,
        disagreement: str = "worst",
        utility_power: float = 1.0,
        scale_min: float = 0.0,
        scale_max: float = 100.0,
    ) -> None:
        if disagreement not in DISAGREEMENTS:
            raise ValueError(
                f"unknown disagreement point {disagreement!r} (choose from {', '.join(DISAGREEMENTS)})"
            )
        if utility_power <= 0:
            raise ValueError("utility_power must be positive")
        self.disagreement = disagreement
        self.utility_power = utility_power
        self.scale_min = scale_min
        self.scale_max = scale_max

    @property
    def variant(self) -> str:
        shape = {1.0: "linear", 2.0: "quadratic"}.get(
            float(self.utility_power), f"power {self.utility_power:g}"
        )
        return f"{self.disagreement}, {shape} utility"

    def _utility(self, x: float | FloatArray, ideal: FloatArray) -> FloatArray:
        width = max(self.scale_max - self.scale_min, float(np.ptp(ideal)), 1e-12)
        return -((np.abs(np.asarray(x)[..., None] - ideal) / width) ** self.utility_power)

    def solve(self, issue: Issue) -> tuple[float, str]:
        """The solution for one issue and the disagreement point actually used."""
        if issue.positions.ndim != 1:
            raise ValueError(f"issue {issue.id!r}: the Nash model is one-dimensional")
        w = issue.weights
        keep = w > 0
        if not keep.any():
            return float(np.median(issue.positions)), "none"
        x, w = issue.positions[keep], w[keep]
        used = self.disagreement
        if used == "status-quo" and issue.status_quo is not None:
            sq = float(issue.status_quo)
            reach = np.abs(sq - x)
            lo, hi = float(np.max(x - reach)), float(np.min(x + reach))
            if not hi > lo:
                return sq, used
            d = self._utility(sq, x)
        else:
            used = "worst"
            lo, hi = float(x.min()), float(x.max())
            ends = np.maximum(np.abs(x - self.scale_min), np.abs(x - self.scale_max))
            d = -(
                (ends / max(self.scale_max - self.scale_min, float(np.ptp(x)), 1e-12)) ** self.utility_power
            )
            d = d - 1e-12  # an actor at a scale end still gains (a little) from its own position
        if hi - lo <= 1e-12:
            return lo, used

        def neg_log_product(v: float) -> float:
            gain = self._utility(v, x) - d
            if np.any(gain <= 0):
                return float("inf")
            return -float(np.sum(w * np.log(gain)))

        res = minimize_scalar(neg_log_product, bounds=(lo, hi), method="bounded", options={"xatol": 1e-8})
        return float(res.x), used

    def run(self, issues: Sequence[Issue], *, record: bool = True) -> list[IssueResult]:
        out = []
        for iss in issues:
            value, used = self.solve(iss)
            details = {"disagreement": used} if used != self.disagreement else {}
            out.append(IssueResult(iss.id, value, None, details))
        return out
