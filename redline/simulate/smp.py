"""KTAB's spatial model of politics (``smp``): challenges, bargains and risk attitudes, in d dimensions.

Each turn (see ``docs/simulate.md`` for the equations):

1. every actor assesses the state: salience-weighted distances, the probability that each
   position prevails (coalition strengths with capabilities as votes), risk attitudes from those
   probabilities, and everyone's estimate of everyone's risk-aware utilities;
2. every actor picks the target it expects to gain most from challenging (if any gain) and
   proposes a bargain interpolated between the two positions;
3. every actor looks at the bargains it is party to, plus keeping its own position, and the
   coalition-weighted vote of all actors over them (conditional PCE) picks the one it adopts.

The run stops after ``rounds`` turns or, from ``min_rounds`` on, when a turn moves the actors by
less than ``min_delta_ratio`` of the first turn's move (KTAB's rule).  The forecast is the
expected outcome: the positions of the final state weighted by their outcome probabilities.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from redline.simulate import smp_core as core
from redline.simulate.base import BargainingModel, IssueResult
from redline.simulate.data import FloatArray, Issue
from redline.simulate.rounds import Move, Round


class SpatialModel(BargainingModel):
    """KTAB's spatial model; ``rounds`` caps the turns (KTAB's default is 100)."""

    name = "smp"
    iterative = True
    description = "KTAB spatial model of politics (salience-weighted distances, coalitions, bargains)"

    def __init__(
        self,
        rounds: int = 100,
        min_rounds: int = 2,
        min_delta_ratio: float = 0.02,
        scale_min: float = 0.0,
        scale_max: float = 100.0,
    ) -> None:
        self.rounds = rounds
        self.min_rounds = min_rounds
        self.min_delta_ratio = min_delta_ratio
        self.scale_min = scale_min
        self.scale_max = scale_max

    @property
    def variant(self) -> str:
        return "ktab-default"

    # ----------------------------------------------------------------------------------------
    def prepare(self, issue: Issue) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Positions on 0-1 and saliences (n, d), scaled so no actor's saliences sum above 1."""
        width = self.scale_max - self.scale_min
        x = (issue.positions.reshape(issue.n_actors, -1) - self.scale_min) / width
        s = issue.saliences.reshape(issue.n_actors, -1).astype(float)
        top = s.sum(axis=1).max(initial=0.0)
        if top > 1:
            s = s / top
        return x, s, issue.capabilities.astype(float)

    def step(
        self, x: FloatArray, s: FloatArray, cap: FloatArray
    ) -> tuple[FloatArray, list[tuple[int, int]], core.Assessment]:
        """One turn: new positions, (actor, partner) for every actor that moved, and the assessment."""
        n = len(cap)
        a = core.assess(x, s, cap)
        s_tot = s.sum(axis=1)
        prob, gain = core.challenge_gains(a, s_tot, cap)
        np.fill_diagonal(gain, -np.inf)
        target = gain.argmax(axis=1)
        inits = np.flatnonzero(gain[np.arange(n), target] > core.MIN_GAIN)
        rcvrs = target[inits]
        p_win = prob[inits, rcvrs][:, None]
        pos_i, pos_j = core.interpolate_bargain(x[inits], s[inits], x[rcvrs], s[rcvrs], p_win)
        own = a.utility  # own[k, m] = u_k(position of m), with k's own risk attitude
        base = own.sum(axis=1)
        # each actor's mean utility over the state where a bargain is implemented (one column per bargain)
        u_i = core.utility(core.distance_to(x, s, pos_i), a.risk[:, None])
        u_j = core.utility(core.distance_to(x, s, pos_j), a.risk[:, None])
        util_all = (u_i + u_j + base[:, None] - own[:, inits] - own[:, rcvrs]) / n
        # each actor's options, in KTAB's order: bargains are queued as initiators are visited
        queues: list[list[int]] = [[] for _ in range(n)]  # -1 stands for keeping one's position
        bargain_of = dict(zip(inits.tolist(), range(len(inits)), strict=True))
        for i in range(n):
            queues[i].append(-1)
            if i in bargain_of:
                queues[i].append(bargain_of[i])
                queues[int(target[i])].append(bargain_of[i])
        new_x = x.copy()
        partners: list[tuple[int, int]] = []
        for k in range(n):
            util = np.column_stack([base / n if q < 0 else util_all[:, q] for q in queues[k]])
            chosen = queues[k][int(np.argmax(core.outcome_probabilities(core.coalitions(util, cap))))]
            if chosen >= 0:
                init, rcvr = int(inits[chosen]), int(rcvrs[chosen])
                new_x[k] = pos_i[chosen] if init == k else pos_j[chosen]
                partners.append((k, rcvr if init == k else init))
        return new_x, partners, a

    def expected_outcome(
        self, x: FloatArray, s: FloatArray, cap: FloatArray
    ) -> tuple[FloatArray, dict[int, float]]:
        """Probability-weighted position over the distinct positions, and those probabilities."""
        a = core.assess(x, s, cap)
        reps = core.unique_positions(x)
        p = core.outcome_probabilities(core.coalitions(a.utility[:, reps], cap))
        return (p[:, None] * x[reps]).sum(axis=0), dict(zip(reps, p.tolist(), strict=True))

    def _to_scale(self, v: FloatArray) -> float | list[float]:
        out = [float(self.scale_min + t * (self.scale_max - self.scale_min)) for t in np.ravel(v)]
        return out[0] if len(out) == 1 else out

    def run(self, issues: Sequence[Issue], *, record: bool = True) -> list[IssueResult]:
        return [self._run_one(iss, record) for iss in issues]

    def _run_one(self, issue: Issue, record: bool) -> IssueResult:
        x, s, cap = self.prepare(issue)
        names = issue.actors
        rounds: list[Round] = []
        first_move = None
        stop, played = "rounds", 0
        for t in range(1, self.rounds + 1):
            if len(cap) < 2:
                stop = "single-actor"
                break
            new_x, partners, a = self.step(x, s, cap)
            moved = float(np.linalg.norm(new_x - x, axis=1).sum())
            played = t
            if record:
                rounds.append(self._round(t, names, x, new_x, s, cap, partners, a))
            x = new_x
            if first_move is None:
                first_move = moved + 1e-4
            if t >= self.min_rounds and moved / first_move < self.min_delta_ratio:
                stop = "converged"
                break
        outcome, probs = self.expected_outcome(x, s, cap)
        details = {
            "stop": stop,
            "rounds_played": played,
            "outcome_probabilities": {names[k]: v for k, v in probs.items()},
        }
        return IssueResult(issue.id, self._to_scale(outcome), rounds if record else None, details)

    def _round(
        self,
        t: int,
        names: tuple[str, ...],
        x: FloatArray,
        new_x: FloatArray,
        s: FloatArray,
        cap: FloatArray,
        partners: list[tuple[int, int]],
        a: core.Assessment,
    ) -> Round:
        outcome = self._to_scale(self.expected_outcome(new_x, s, cap)[0])
        return Round(
            round=t,
            positions={nm: self._to_scale(new_x[k]) for k, nm in enumerate(names)},
            risk={nm: float(a.risk[k]) for k, nm in enumerate(names)},
            moves=[
                Move(names[k], names[o], "bargain", self._to_scale(x[k]), self._to_scale(new_x[k]))
                for k, o in partners
            ],
            mean=outcome if isinstance(outcome, float) else None,
        )
