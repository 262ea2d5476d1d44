"""Bueno de Mesquita's expected utility model (EUM), as reconstructed by Scholz, Calbert & Smith (2011).

Two variants (see ``docs/simulate.md``):

- ``code``: as in the authors' code, which reproduces their published rounds — the probability of
  success divides by the |votes| summed over all actor pairs, and an actor with several offers takes
  a confrontation first, then a compromise, then a capitulation;
- ``printed``: the paper's printed equations — the denominator sums over the pair compared only,
  and an actor takes whichever offer moves it least.

The forecast is the weighted median after the last round (the model's prediction in the
literature); the weighted mean is reported too.  The arithmetic lives in
:mod:`redline.simulate.eum_engine` (vectorised over issues) and :mod:`redline.simulate.eum_loop`
(plain loops, the oracle).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from redline.simulate.base import BargainingModel, IssueResult
from redline.simulate.data import Issue
from redline.simulate.eum_engine import KINDS, BatchTrace, run_batch
from redline.simulate.rounds import Move, Round

VARIANTS = ("code", "printed")


def pad_issues(issues: Sequence[Issue]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stack one-dimensional issues into (b, n) arrays padded to the largest issue, plus a mask."""
    n = max((iss.n_actors for iss in issues), default=0)
    b = len(issues)
    x, c, s = np.zeros((b, n)), np.zeros((b, n)), np.zeros((b, n))
    mask = np.zeros((b, n), dtype=bool)
    for row, iss in enumerate(issues):
        if iss.positions.ndim != 1:
            raise ValueError(f"issue {iss.id!r}: the EUM is one-dimensional")
        m = iss.n_actors
        x[row, :m], c[row, :m], s[row, :m] = iss.positions, iss.capabilities, iss.saliences
        mask[row, :m] = True
    return x, c, s, mask


class ExpectedUtilityModel(BargainingModel):
    """The EUM: rounds of challenges, offers and moves until the positions settle or cycle.

    ``rounds`` caps the number of rounds; ``tol`` stops an issue once no actor moves by more than
    ``tol`` × the issue's position range; ``stop_on_cycle`` stops it when its positions repeat an
    earlier round (the model often cycles); ``q`` is the probability that the status quo holds
    if nobody challenges (1 in the reconstruction).
    """

    name = "eum"
    iterative = True
    description = "Bueno de Mesquita's expected utility model (Scholz et al. 2011 reconstruction)"

    def __init__(
        self,
        variant: str = "code",
        rounds: int = 10,
        tol: float = 1e-6,
        stop_on_cycle: bool = True,
        q: float = 1.0,
    ) -> None:
        if variant not in VARIANTS:
            raise ValueError(f"unknown EUM variant {variant!r} (choose from {', '.join(VARIANTS)})")
        self._variant = variant
        self.rounds = rounds
        self.tol = tol
        self.stop_on_cycle = stop_on_cycle
        self.q = q

    @property
    def variant(self) -> str:
        return self._variant

    def get_params(self) -> dict[str, object]:
        return {
            "variant": self._variant,
            "rounds": self.rounds,
            "tol": self.tol,
            "stop_on_cycle": self.stop_on_cycle,
            "q": self.q,
        }

    def set_params(self, **params: object) -> ExpectedUtilityModel:
        if "variant" in params:
            variant = str(params.pop("variant"))
            if variant not in VARIANTS:
                raise ValueError(f"unknown EUM variant {variant!r}")
            self._variant = variant
        super().set_params(**params)
        return self

    def trace(self, issues: Sequence[Issue]) -> BatchTrace:
        """The raw round-by-round arrays for a batch of issues."""
        x, c, s, mask = pad_issues(issues)
        return run_batch(
            x,
            c,
            s,
            mask,
            variant=self._variant,
            rounds=self.rounds,
            tol=self.tol,
            stop_on_cycle=self.stop_on_cycle,
            q=self.q,
        )

    def run(self, issues: Sequence[Issue], *, record: bool = True) -> list[IssueResult]:
        tr = self.trace(issues)
        results = []
        for b, iss in enumerate(issues):
            t_end = int(tr.n_rounds[b])
            details: dict[str, object] = {
                "mean": float(tr.mean[t_end, b]),
                "stop": tr.stop[b],
                "rounds_played": t_end,
            }
            if tr.cycle_period[b]:
                details["cycle_period"] = int(tr.cycle_period[b])
            rounds = [self._round(tr, b, t, iss) for t in range(t_end)] if record else None
            results.append(IssueResult(iss.id, float(tr.median[t_end, b]), rounds, details))
        return results

    @staticmethod
    def _round(tr: BatchTrace, b: int, t: int, iss: Issue) -> Round:
        names = iss.actors
        n = len(names)
        before, after = tr.positions[t, b, :n], tr.positions[t + 1, b, :n]
        moves = [
            Move(
                names[i],
                names[int(tr.proposer[t, b, i])],
                KINDS[int(tr.kind[t, b, i])],
                float(before[i]),
                float(after[i]),
            )
            for i in range(n)
            if tr.proposer[t, b, i] >= 0
        ]
        return Round(
            round=t + 1,
            positions={a: float(v) for a, v in zip(names, after, strict=True)},
            risk={a: float(v) for a, v in zip(names, tr.risk[t, b, :n], strict=True)},
            moves=moves,
            median=float(tr.median[t + 1, b]),
            mean=float(tr.mean[t + 1, b]),
        )
