"""Plain-loop implementation of the expected utility model (test oracle and speed baseline).

It spells out the equations of Scholz, Calbert & Smith (2011) actor by actor, exactly as
:mod:`redline.simulate.eum` computes them with arrays, so the two can check each other.  See
``docs/simulate.md`` for the equations and the two variants (``code`` and ``printed``).
"""

from __future__ import annotations

from redline.simulate.data import Issue
from redline.simulate.rounds import Move, Round

VARIANTS = ("code", "printed")


class LoopEUM:
    """One issue of the expected utility model, computed with Python loops over actors."""

    def __init__(self, issue: Issue, variant: str = "code", q: float = 1.0) -> None:
        if variant not in VARIANTS:
            raise ValueError(f"unknown EUM variant {variant!r}")
        self.variant = variant
        self.q = q
        self.names = list(issue.actors)
        self.c = [float(v) for v in issue.capabilities]
        self.s = [float(v) for v in issue.saliences]
        self.x = [float(v) for v in issue.positions]
        self.r = [1.0] * len(self.x)
        self.range = max(self.x) - min(self.x)
        self._den_key: tuple[tuple[float, ...], tuple[float, ...]] | None = None
        self._den = 0.0

    # --- the equations -------------------------------------------------------------------------
    def compare(self, k: int, xa: float, xb: float, r: float | None = None) -> float:
        """Actor k's weighted vote for position xa over xb."""
        rk = self.r[k] if r is None else r
        db = (abs(self.x[k] - xb) / self.range) ** rk
        da = (abs(self.x[k] - xa) / self.range) ** rk
        return self.c[k] * self.s[k] * (db - da)

    def probability(self, i: int, j: int) -> float:
        """Probability that i's position prevails over j's."""
        xi, xj = self.x[i], self.x[j]
        if xi == xj:
            return 0.0
        n = len(self.x)
        num = sum(max(0.0, self.compare(k, xi, xj)) for k in range(n))
        if self.variant == "code":
            den = self._all_votes()
        else:
            den = sum(abs(self.compare(k, xi, xj)) for k in range(n))
        return num / den if den > 0 else 0.0

    def _all_votes(self) -> float:
        """Sum of |votes| over all voters and all pairs of actor positions (cached per state)."""
        key = (tuple(self.x), tuple(self.r))
        if key != self._den_key:
            n = len(self.x)
            self._den = sum(
                abs(self.compare(k, self.x[a], self.x[b]))
                for k in range(n)
                for a in range(n)
                for b in range(n)
            )
            self._den_key = key
        return self._den

    def eu_challenge(self, i: int, j: int, persp: int) -> float:
        """Expected utility, in persp's eyes, of i challenging j (utilities curved by persp's r)."""
        rp = self.r[persp]
        d = abs(self.x[i] - self.x[j]) / self.range
        us = 2 - 4 * (0.5 - 0.5 * d) ** rp
        uf = 2 - 4 * (0.5 + 0.5 * d) ** rp
        usq = 2 - 4 * 0.5**rp
        p = self.probability(i, j)
        resist = self.s[j] * (p * us + (1 - p) * uf)
        return resist + (1 - self.s[j]) * us - self.q * usq

    # --- one round ---------------------------------------------------------------------------
    def update_risk(self) -> None:
        n = len(self.x)
        self.r = [1.0] * n
        danger = [sum(self.eu_challenge(j, i, i) for j in range(n) if j != i) for i in range(n)]
        hi, lo = max(danger), min(danger)
        new = []
        for i in range(n):
            big_r = (2 * danger[i] - hi - lo) / (hi - lo) if hi > lo else 0.0
            new.append((1 - big_r / 3) / (1 + big_r / 3))
        self.r = new

    def best_offers(self) -> list[tuple[int, str, float] | None]:
        n = len(self.x)
        chosen: list[tuple[int, str, float] | None] = []
        for i in range(n):
            offers: list[tuple[str, int, float, float]] = []  # kind, proposer, new position, key
            for j in range(n):
                if self.x[i] == self.x[j]:
                    continue
                eu_ij = self.eu_challenge(i, j, i)
                eu_ji = self.eu_challenge(j, i, i)
                if eu_ji > eu_ij > 0:
                    offers.append(("confrontation", j, self.x[j], abs(self.x[i] - self.x[j])))
                elif eu_ji > 0 > eu_ij and eu_ji > abs(eu_ij):
                    new = self.x[i] + (self.x[j] - self.x[i]) * abs(eu_ij / eu_ji)
                    if self.variant == "code":
                        key = (abs(eu_ij) * self.x[i] + abs(eu_ji) * self.x[j]) / (abs(eu_ij) + abs(eu_ji))
                    else:
                        key = abs(self.x[i] - new)
                    offers.append(("compromise", j, new, key))
                elif eu_ji > 0 > eu_ij and eu_ji < abs(eu_ij):
                    offers.append(("capitulation", j, self.x[j], abs(self.x[i] - self.x[j])))
            best = None
            if self.variant == "code":
                for kind in ("confrontation", "compromise", "capitulation"):
                    of_kind = [o for o in offers if o[0] == kind]
                    if of_kind:
                        best = min(of_kind, key=lambda o: o[3])
                        break
            elif offers:
                best = min(offers, key=lambda o: abs(self.x[i] - o[2]))
            chosen.append(None if best is None else (best[1], best[0], best[2]))
        return chosen

    def median(self) -> float:
        """The position that beats every other actor position in pairwise linear votes."""
        candidates = sorted(set(self.x))
        med = candidates[0]
        for pos in candidates[1:]:
            if sum(self.compare(k, pos, med, r=1.0) for k in range(len(self.x))) > 0:
                med = pos
        return med

    def mean(self) -> float:
        w = [c * s for c, s in zip(self.c, self.s, strict=True)]
        return sum(wi * xi for wi, xi in zip(w, self.x, strict=True)) / sum(w)

    def run(self, rounds: int = 10) -> list[Round]:
        """Play ``rounds`` rounds (no stop rule: the oracle mirrors every round)."""
        history: list[Round] = []
        for t in range(1, rounds + 1):
            if self.range == 0:
                break
            self.update_risk()
            risk = dict(zip(self.names, self.r, strict=True))
            offers = self.best_offers()
            moves = []
            new_x = list(self.x)
            for i, offer in enumerate(offers):
                if offer is not None:
                    j, kind, pos = offer
                    new_x[i] = pos
                    moves.append(Move(self.names[i], self.names[j], kind, self.x[i], pos))
            self.x = new_x
            history.append(
                Round(t, dict(zip(self.names, self.x, strict=True)), risk, moves, self.median(), self.mean())
            )
        return history
