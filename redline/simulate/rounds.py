"""Round-by-round records of the iterative models (who challenged whom, offers, moves)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Move:
    """One actor accepting an offer: ``actor`` moves from ``start`` to ``end`` because of ``by``.

    ``kind`` is the EUM's name for the offer (``confrontation``, ``compromise``, ``capitulation``)
    or ``bargain`` in the spatial model.
    """

    actor: str
    by: str
    kind: str
    start: float | list[float]
    end: float | list[float]

    def to_json(self) -> dict[str, Any]:
        return {"actor": self.actor, "by": self.by, "kind": self.kind, "from": self.start, "to": self.end}


@dataclass(frozen=True)
class Round:
    """State after one round: positions, the summary statistics and the moves that led there.

    ``risk`` holds each actor's risk exponent (EUM) or risk attitude (spatial model) as used in the
    round, i.e. computed before the moves.
    """

    round: int
    positions: dict[str, float | list[float]]
    risk: dict[str, float] = field(default_factory=dict)
    moves: list[Move] = field(default_factory=list)
    median: float | None = None
    mean: float | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"round": self.round, "positions": self.positions}
        if self.median is not None:
            out["median"] = self.median
        if self.mean is not None:
            out["mean"] = self.mean
        if self.risk:
            out["risk"] = self.risk
        out["moves"] = [m.to_json() for m in self.moves]
        return out
