"""The common shape of every bargaining model: scikit-learn-like objects.

Parameters go in the constructor (and come back from :meth:`BargainingModel.get_params`, so a run
can be stored and repeated); :meth:`run` returns full results, :meth:`predict` just the outcomes.
Models without free parameters accept :meth:`fit` and ignore it, as stateless scikit-learn
estimators do, so tuned and untuned models can be cross-validated by the same code.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from redline.simulate.data import FloatArray, Issue
from redline.simulate.rounds import Round


@dataclass
class IssueResult:
    """A model's outcome for one issue, with its trajectory where the model iterates."""

    id: str
    prediction: float | list[float]
    rounds: list[Round] | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "prediction": self.prediction}
        if self.rounds is not None:
            out["rounds"] = [r.to_json() for r in self.rounds]
        out.update(self.details)
        return out


class BargainingModel:
    """Base class: subclasses set ``name`` and implement :meth:`run`."""

    name: ClassVar[str] = ""
    iterative: ClassVar[bool] = False
    description: ClassVar[str] = ""

    @property
    def variant(self) -> str:
        """A short name for the model's configuration (printed in the JSON output)."""
        return "default"

    def get_params(self) -> dict[str, Any]:
        """Constructor parameters and their current values (scikit-learn convention)."""
        sig = inspect.signature(type(self).__init__)
        return {p: getattr(self, p) for p in sig.parameters if p != "self"}

    def set_params(self, **params: Any) -> BargainingModel:
        valid = self.get_params()
        for key, value in params.items():
            if key not in valid:
                raise ValueError(f"{self.name}: unknown parameter {key!r}")
            setattr(self, key, value)
        return self

    def fit(self, issues: Sequence[Issue], outcomes: Sequence[float] | None = None) -> BargainingModel:
        """Nothing to learn by default; tunable models override this."""
        return self

    def run(self, issues: Sequence[Issue], *, record: bool = True) -> list[IssueResult]:
        """Full results for each issue; ``record=False`` skips building trajectories (speed)."""
        raise NotImplementedError

    def predict(self, issues: Sequence[Issue]) -> FloatArray:
        """The predicted outcome of each one-dimensional issue."""
        return np.array([float(np.ravel(r.prediction)[0]) for r in self.run(issues, record=False)])
