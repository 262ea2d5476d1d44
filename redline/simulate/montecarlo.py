"""Monte Carlo over input uncertainty: run a model on many draws of the inputs, summarise the outcomes.

All draws of all issues go to the model in one call, so the vectorised EUM simulates them as one
batch.  The random generator is seeded (``seed``), so a run can be reproduced exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from redline.simulate.base import BargainingModel
from redline.simulate.data import FloatArray, Issue
from redline.simulate.uncertainty import DefaultSpread, Uncertainty, sample


@dataclass(frozen=True)
class Distribution:
    """Summary of one issue's simulated outcomes."""

    values: FloatArray

    def to_json(self) -> dict[str, Any]:
        p05, p50, p95 = np.percentile(self.values, [5, 50, 95])
        return {
            "p05": float(p05),
            "p50": float(p50),
            "p95": float(p95),
            "mean": float(self.values.mean()),
            "sd": float(self.values.std(ddof=1)) if len(self.values) > 1 else 0.0,
            "runs": len(self.values),
        }


class MonteCarlo:
    """Run ``model`` on ``runs`` draws of each issue's inputs."""

    def __init__(
        self, model: BargainingModel, runs: int = 100, seed: int = 0, defaults: DefaultSpread | None = None
    ) -> None:
        if runs < 1:
            raise ValueError("runs must be at least 1")
        self.model = model
        self.runs = runs
        self.seed = seed
        self.defaults = defaults or DefaultSpread()

    def get_params(self) -> dict[str, Any]:
        return {"runs": self.runs, "seed": self.seed, "defaults": vars(self.defaults)}

    def run(
        self, issues: Sequence[Issue], uncertainty: Mapping[str, Uncertainty] | None = None
    ) -> dict[str, Distribution]:
        """Outcome distributions by issue id; issues without stated uncertainty use the defaults."""
        uncertainty = uncertainty or {}
        rng = np.random.default_rng(self.seed)
        draws: list[Issue] = []
        for iss in issues:
            spread = uncertainty.get(iss.id) or self.defaults.for_issue(iss)
            draws.extend(sample(iss, spread, self.runs, rng))
        predictions = self.model.predict(draws).reshape(len(issues), self.runs)
        return {iss.id: Distribution(predictions[k]) for k, iss in enumerate(issues)}
