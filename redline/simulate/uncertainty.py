"""Input uncertainty for the Monte Carlo: ranges or normal spreads on positions, saliences, capabilities.

Per actor and input, a uniform range (``low``/``high``) wins over a normal spread (``sd``); an
input with neither is held fixed.  When an issue states no uncertainty at all, the defaults of
:class:`DefaultSpread` apply (documented in ``docs/simulate.md``).  Draws are clipped to the valid
scale: positions to 0-100, saliences to 0-1, capabilities to at least 1 % of their stated value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from redline.simulate.data import FloatArray, Issue

FIELDS = ("position", "salience", "capability")


@dataclass
class Uncertainty:
    """Per-actor spreads of one issue: ``low[field]``, ``high[field]``, ``sd[field]`` (NaN = none)."""

    low: dict[str, FloatArray]
    high: dict[str, FloatArray]
    sd: dict[str, FloatArray]

    def column(self, name: str) -> FloatArray | None:
        """The values of a CSV column such as ``position_sd`` (None if no actor has one)."""
        fld, kind = name.rsplit("_", 1)
        vals = getattr(self, kind)[fld]
        return None if np.all(np.isnan(vals)) else vals


@dataclass(frozen=True)
class DefaultSpread:
    """Uncertainty assumed for an issue whose input states none.

    Positions: normal, sd 5 points on the 0-100 scale; saliences: normal, sd 0.05 on 0-1;
    capabilities: normal with sd 10 % of the value.
    """

    position_sd: float = 5.0
    salience_sd: float = 0.05
    capability_rel_sd: float = 0.10

    def for_issue(self, issue: Issue) -> Uncertainty:
        n = issue.n_actors
        nan = np.full(n, np.nan)
        return Uncertainty(
            low={f: nan for f in FIELDS},
            high={f: nan for f in FIELDS},
            sd={
                "position": np.full(n, self.position_sd),
                "salience": np.full(n, self.salience_sd),
                "capability": issue.capabilities * self.capability_rel_sd,
            },
        )


def sample(issue: Issue, spread: Uncertainty, runs: int, rng: np.random.Generator) -> list[Issue]:
    """``runs`` copies of a one-dimensional issue with inputs drawn from ``spread``."""
    base = {"position": issue.positions, "salience": issue.saliences, "capability": issue.capabilities}
    bounds = {"position": (0.0, 100.0), "salience": (0.0, 1.0)}
    drawn: dict[str, FloatArray] = {}
    for f in FIELDS:
        value = np.broadcast_to(base[f], (runs, issue.n_actors))
        lo, hi, sd = spread.low[f], spread.high[f], spread.sd[f]
        uniform = rng.uniform(np.nan_to_num(lo), np.nan_to_num(hi), size=value.shape)
        normal = value + rng.standard_normal(value.shape) * np.nan_to_num(sd)
        out = np.where(~np.isnan(lo), uniform, np.where(~np.isnan(sd), normal, value))
        if f in bounds:
            out = np.clip(out, *bounds[f])
        else:
            out = np.maximum(out, 0.01 * value)
        drawn[f] = out
    return [
        issue.with_values(drawn["position"][r], drawn["salience"][r], drawn["capability"][r])
        for r in range(runs)
    ]
