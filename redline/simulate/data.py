"""Inputs of the bargaining models: one :class:`Issue` per contested question.

Every model reads the same plain structure — who takes part, where they stand, how much they care
and how much they can bring to bear — so scenario files, the long CSV of ``redline simulate`` and
reference data sets (DEU, the 1994 emissions example) all feed every model without conversion code.
Positions are on the case scale (0-100 by convention), saliences on 0-1, capabilities positive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Issue:
    """One issue: the actors taking part and their positions, saliences and capabilities.

    ``positions`` has shape ``(n,)`` for a single dimension or ``(n, d)`` for the multi-dimensional
    spatial model; ``saliences`` has the same shape (one salience per actor and dimension).
    ``status_quo`` is the reference point (what happens without agreement) where known.
    """

    id: str
    actors: tuple[str, ...]
    positions: FloatArray
    saliences: FloatArray
    capabilities: FloatArray
    status_quo: float | None = None
    dimensions: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        n = len(self.actors)
        pos = np.asarray(self.positions, dtype=float)
        sal = np.asarray(self.saliences, dtype=float)
        cap = np.asarray(self.capabilities, dtype=float)
        if pos.shape[:1] != (n,) or sal.shape != pos.shape or cap.shape != (n,):
            raise ValueError(
                f"issue {self.id!r}: positions, saliences and capabilities must match the actors"
            )
        if len(set(self.actors)) != n:
            raise ValueError(f"issue {self.id!r}: an actor appears twice")
        object.__setattr__(self, "positions", pos)
        object.__setattr__(self, "saliences", sal)
        object.__setattr__(self, "capabilities", cap)
        if pos.ndim == 2 and not self.dimensions:
            object.__setattr__(self, "dimensions", tuple(f"dim{k + 1}" for k in range(pos.shape[1])))

    @property
    def n_actors(self) -> int:
        return len(self.actors)

    @property
    def weights(self) -> FloatArray:
        """Capability × salience, the effective power every model uses in one way or another."""
        sal = self.saliences if self.saliences.ndim == 1 else self.saliences.sum(axis=1)
        return self.capabilities * sal

    def with_values(
        self,
        positions: FloatArray | None = None,
        saliences: FloatArray | None = None,
        capabilities: FloatArray | None = None,
    ) -> Issue:
        """A copy with some inputs replaced (used by the Monte Carlo and by scenario variants)."""
        return replace(
            self,
            positions=self.positions if positions is None else positions,
            saliences=self.saliences if saliences is None else saliences,
            capabilities=self.capabilities if capabilities is None else capabilities,
        )


def make_issue(
    issue_id: str,
    actors: Sequence[str],
    positions: Sequence[float],
    saliences: Sequence[float],
    capabilities: Sequence[float],
    status_quo: float | None = None,
) -> Issue:
    """Build a one-dimensional :class:`Issue` from plain sequences."""
    return Issue(
        id=issue_id,
        actors=tuple(actors),
        positions=np.asarray(positions, dtype=float),
        saliences=np.asarray(saliences, dtype=float),
        capabilities=np.asarray(capabilities, dtype=float),
        status_quo=status_quo,
    )


def stack_issues(issues: Sequence[Issue], issue_id: str = "joint") -> Issue:
    """One multi-dimensional issue whose dimensions are the given one-dimensional issues.

    For the spatial model, which lets actors trade across dimensions.  Every actor must take part
    in every issue with the same capability.
    """
    if not issues:
        raise ValueError("no issues to stack")
    actors = issues[0].actors
    for iss in issues:
        if iss.positions.ndim != 1:
            raise ValueError(f"issue {iss.id!r} is already multi-dimensional")
        if set(iss.actors) != set(actors):
            raise ValueError(
                f"issue {iss.id!r} has other actors than {issues[0].id!r}; a joint run needs the same actors"
            )
    order = [[iss.actors.index(a) for a in actors] for iss in issues]
    caps = np.array([iss.capabilities[o] for iss, o in zip(issues, order, strict=True)])
    if not np.allclose(caps, caps[0]):
        raise ValueError(
            "an actor's capability differs between issues; a joint run needs one capability per actor"
        )
    return Issue(
        id=issue_id,
        actors=actors,
        positions=np.column_stack([iss.positions[o] for iss, o in zip(issues, order, strict=True)]),
        saliences=np.column_stack([iss.saliences[o] for iss, o in zip(issues, order, strict=True)]),
        capabilities=caps[0],
        dimensions=tuple(iss.id for iss in issues),
    )
