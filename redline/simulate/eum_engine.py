"""Vectorised expected utility model: many issues at once, one numpy array axis per actor role.

The equations are those of Scholz, Calbert & Smith (2011) (see ``docs/simulate.md``); this module
evaluates them for a batch of issues padded to the same number of actors (``mask`` marks who takes
part).  :mod:`redline.simulate.eum_loop` is the same model written with loops and checks this one.

Array axes: ``b`` issue, ``k`` voter, ``i``/``j`` actors (``i`` receives offers and is the
perspective of every expected utility), ``a``/``c`` positions compared in a vote.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from redline.simulate.data import FloatArray

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

KINDS = ("confrontation", "compromise", "capitulation")
NONE, CONFRONTATION, COMPROMISE, CAPITULATION = -1, 0, 1, 2
STOP_ROUNDS, STOP_CONVERGED, STOP_CYCLE, STOP_STATIC = "rounds", "converged", "cycle", "no-range"
_CHUNK_ELEMENTS = 2_000_000  # issues per chunk so that the (b, k, a, c) tensor stays ~16 MB


@dataclass
class BatchTrace:
    """Everything the engine computed, round by round (``t`` axis first)."""

    positions: FloatArray  # (t+1, b, n): initial positions, then after each round
    risk: FloatArray  # (t, b, n): risk exponents before the moves of each round
    proposer: IntArray  # (t, b, n): who made the accepted offer, -1 for none
    kind: IntArray  # (t, b, n): index into KINDS, -1 for none
    median: FloatArray  # (t+1, b)
    mean: FloatArray  # (t+1, b)
    n_rounds: IntArray  # (b,) rounds actually played per issue
    stop: list[str]  # why each issue stopped
    cycle_period: IntArray  # (b,) length of the cycle found, 0 if none


def _probabilities(xn: FloatArray, w: FloatArray, r: FloatArray, mask: BoolArray, variant: str) -> FloatArray:
    """P[b, a, c]: probability that actor a's position beats actor c's.

    Votes v_k(a, c) = w_k (|x_k - x_c|^r_k - |x_k - x_a|^r_k) on the normalised scale.  The code
    variant divides the votes for a over c by the sum of |votes| over all voters and all pairs;
    the printed variant by the |votes| on the pair (a, c) alone.  Padding actors (``mask`` False)
    neither vote nor count as positions.
    """
    dist = np.abs(xn[:, :, None] - xn[:, None, :]) ** r[:, :, None]  # (b, k, a)
    out = np.empty_like(dist)
    per_chunk = max(1, _CHUNK_ELEMENTS // max(1, xn.shape[1] ** 3))
    for lo in range(0, xn.shape[0], per_chunk):
        sl = slice(lo, lo + per_chunk)
        d = dist[sl]
        votes = w[sl, :, None, None] * (d[:, :, None, :] - d[:, :, :, None])  # (b, k, a, c)
        pairs = mask[sl, :, None] & mask[sl, None, :]
        num = np.where(pairs, np.maximum(votes, 0.0).sum(axis=1), 0.0)  # (b, a, c)
        if variant == "code":
            # sum over k, a, c of |v| is twice the sum of the positive parts (v is antisymmetric)
            den = np.broadcast_to(2.0 * num.sum(axis=(1, 2))[:, None, None], num.shape)
        else:
            den = num + num.transpose(0, 2, 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[sl] = np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)
    same = xn[:, :, None] == xn[:, None, :]
    return np.where(same, 0.0, out)


def _expected_utilities(
    xn: FloatArray, s: FloatArray, p: FloatArray, r: FloatArray, q: float
) -> tuple[FloatArray, FloatArray]:
    """(eu_ij, eu_ji)[b, i, j] in i's eyes: i challenging j, and j challenging i."""
    d = np.minimum(np.abs(xn[:, :, None] - xn[:, None, :]), 1.0)  # round-off can exceed the range
    rp = r[:, :, None]
    us = 2 - 4 * (0.5 - 0.5 * d) ** rp
    uf = 2 - 4 * (0.5 + 0.5 * d) ** rp
    usq = 2 - 4 * 0.5**rp
    s_j = s[:, None, :]
    s_i = s[:, :, None]
    pt = p.transpose(0, 2, 1)  # pt[b, i, j] = P(j beats i)
    eu_ij = s_j * (p * us + (1 - p) * uf) + (1 - s_j) * us - q * usq
    eu_ji = s_i * (pt * us + (1 - pt) * uf) + (1 - s_i) * us - q * usq
    return eu_ij, eu_ji


def _risk_exponents(
    xn: FloatArray, w: FloatArray, s: FloatArray, mask: BoolArray, variant: str, q: float
) -> FloatArray:
    """r_i from the danger each actor faces when everybody is risk neutral (r = 1)."""
    ones = np.ones_like(xn)
    p1 = _probabilities(xn, w, ones, mask, variant)
    _, eu_ji = _expected_utilities(xn, s, p1, ones, q)
    n = xn.shape[1]
    others = mask[:, None, :] & ~np.eye(n, dtype=bool)[None]
    danger = np.where(others, eu_ji, 0.0).sum(axis=2)
    hi = np.where(mask, danger, -np.inf).max(axis=1, keepdims=True)
    lo = np.where(mask, danger, np.inf).min(axis=1, keepdims=True)
    spread = hi - lo
    big_r = np.where(spread > 0, (2 * danger - hi - lo) / np.where(spread > 0, spread, 1.0), 0.0)
    return np.where(mask, (1 - big_r / 3) / (1 + big_r / 3), 1.0)


def _best_offers(
    x: FloatArray, eu_ij: FloatArray, eu_ji: FloatArray, mask: BoolArray, variant: str
) -> tuple[FloatArray, IntArray, IntArray]:
    """New positions, proposer index and offer kind for every receiving actor i."""
    xi = x[:, :, None]
    xj = x[:, None, :]
    valid = mask[:, :, None] & mask[:, None, :] & (xi != xj)
    conf = valid & (eu_ji > eu_ij) & (eu_ij > 0)
    lose = valid & (eu_ji > 0) & (eu_ij < 0)
    comp = lose & (eu_ji > np.abs(eu_ij))
    capit = lose & (eu_ji < np.abs(eu_ij))
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.abs(eu_ij / np.where(comp, eu_ji, 1.0))
    comp_pos = xi + (xj - xi) * ratio
    new_pos = np.where(comp, comp_pos, np.broadcast_to(xj, comp.shape))
    dist = np.abs(xi - new_pos)
    inf = np.inf
    b_idx = np.arange(x.shape[0])[:, None]
    i_idx = np.arange(x.shape[1])[None, :]
    if variant == "code":
        a_i, a_j = np.abs(eu_ij), np.abs(eu_ji)
        with np.errstate(invalid="ignore", divide="ignore"):
            comp_key = (a_i * xi + a_j * xj) / (a_i + a_j)
        choice = np.full(x.shape, -1, dtype=np.int64)
        kind = np.full(x.shape, NONE, dtype=np.int64)
        for code, hit, key in (
            (CAPITULATION, capit, dist),
            (COMPROMISE, comp, comp_key),
            (CONFRONTATION, conf, dist),
        ):
            keyed = np.where(hit, key, inf)
            best = keyed.argmin(axis=2)
            has = hit.any(axis=2)
            choice = np.where(has, best, choice)  # later kinds in this loop take precedence
            kind = np.where(has, code, kind)
    else:
        any_offer = conf | comp | capit
        keyed = np.where(any_offer, dist, inf)
        choice = keyed.argmin(axis=2)
        has = any_offer.any(axis=2)
        kinds = np.where(conf, CONFRONTATION, np.where(comp, COMPROMISE, CAPITULATION))
        kind = np.where(has, kinds[b_idx, i_idx, choice], NONE)
        choice = np.where(has, choice, -1)
    took = choice >= 0
    safe = np.where(took, choice, 0)
    moved = np.where(took, new_pos[b_idx, i_idx, safe], x)
    return moved, choice, kind


def weighted_median(x: FloatArray, w: FloatArray, mask: BoolArray) -> FloatArray:
    """The actor position that wins every pairwise vote with linear utilities.

    That is the position minimising sum_k w_k |x_k - y| (the weighted median); ties go to the
    lowest position, and if nobody has weight the unweighted median of the positions is used.
    """
    f = (w[:, :, None] * np.abs(x[:, :, None] - x[:, None, :])).sum(axis=1)  # (b, candidate)
    f = np.where(mask, f, np.inf)
    eps = 1e-12 * (w.sum(axis=1, keepdims=True) * (np.abs(x).max(axis=1, keepdims=True) + 1.0))
    tied = f <= f.min(axis=1, keepdims=True) + eps
    return np.where(tied, x, np.inf).min(axis=1)


def weighted_mean(x: FloatArray, w: FloatArray, mask: BoolArray) -> FloatArray:
    tot = w.sum(axis=1)
    plain = np.where(mask, x, 0.0).sum(axis=1) / np.maximum(mask.sum(axis=1), 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(tot > 0, (w * x).sum(axis=1) / np.where(tot > 0, tot, 1.0), plain)


def run_batch(
    x: FloatArray,
    c: FloatArray,
    s: FloatArray,
    mask: BoolArray,
    *,
    variant: str = "code",
    rounds: int = 10,
    tol: float = 1e-6,
    stop_on_cycle: bool = True,
    q: float = 1.0,
) -> BatchTrace:
    """Play up to ``rounds`` rounds on every issue of the batch (arrays of shape (b, n)).

    An issue stops early when no actor moves by more than ``tol`` × its position range
    (converged) or, with ``stop_on_cycle``, when its positions repeat an earlier round exactly
    (the model cycles and every further round would repeat the cycle).
    """
    x = np.where(mask, np.asarray(x, dtype=float), np.nan)
    fill = np.nanmin(np.where(mask, x, np.inf), axis=1, keepdims=True)
    fill = np.where(np.isfinite(fill), fill, 0.0)
    x = np.where(mask, x, fill)
    w = np.where(mask, c * s, 0.0)
    s = np.where(mask, s, 0.0)
    b, n = x.shape
    hi = np.where(mask, x, -np.inf).max(axis=1)
    lo = np.where(mask, x, np.inf).min(axis=1)
    span = np.where(np.isfinite(hi - lo), hi - lo, 0.0)
    active = span > 0
    scale = np.where(active, span, 1.0)[:, None]
    history = [x.copy()]
    risks, proposers, kinds = [], [], []
    medians = [weighted_median(x, w, mask)]
    means = [weighted_mean(x, w, mask)]
    n_rounds = np.zeros(b, dtype=np.int64)
    stop = np.array([STOP_ROUNDS if a else STOP_STATIC for a in active], dtype=object)
    period = np.zeros(b, dtype=np.int64)
    for _ in range(rounds):
        if not active.any():
            break
        idx = np.flatnonzero(active)
        xa, ma, wa, sa = x[idx], mask[idx], w[idx], s[idx]
        xn = xa / scale[idx]
        r = _risk_exponents(xn, wa, sa, ma, variant, q)
        p = _probabilities(xn, wa, r, ma, variant)
        eu_ij, eu_ji = _expected_utilities(xn, sa, p, r, q)
        moved, choice, kind = _best_offers(xa, eu_ij, eu_ji, ma, variant)
        new_x = x.copy()
        new_x[idx] = moved
        full_r = np.ones((b, n))
        full_r[idx] = r
        full_choice = np.full((b, n), -1, dtype=np.int64)
        full_choice[idx] = choice
        full_kind = np.full((b, n), NONE, dtype=np.int64)
        full_kind[idx] = kind
        risks.append(full_r)
        proposers.append(full_choice)
        kinds.append(full_kind)
        n_rounds[idx] += 1
        change = np.abs(moved - xa).max(axis=1)
        converged = change <= tol * span[idx]
        stopped = converged.copy()
        stop[idx[converged]] = STOP_CONVERGED
        if stop_on_cycle:
            past = np.stack(history)[:, idx]  # (t, len(idx), n), most recent last
            same = (np.abs(past - moved[None]).max(axis=2) <= 1e-9 * span[idx][None]) & ~converged[None]
            cyc = same.any(axis=0)
            last_hit = past.shape[0] - 1 - same[::-1].argmax(axis=0)
            stop[idx[cyc]] = STOP_CYCLE
            period[idx[cyc]] = (past.shape[0] - last_hit)[cyc]
            stopped |= cyc
        history.append(new_x)
        x = new_x
        medians.append(weighted_median(x, w, mask))
        means.append(weighted_mean(x, w, mask))
        active[idx[stopped]] = False
    t = len(risks)
    return BatchTrace(
        positions=np.stack(history),
        risk=np.stack(risks) if t else np.zeros((0, b, n)),
        proposer=np.stack(proposers) if t else np.zeros((0, b, n), dtype=np.int64),
        kind=np.stack(kinds) if t else np.zeros((0, b, n), dtype=np.int64),
        median=np.stack(medians),
        mean=np.stack(means),
        n_rounds=n_rounds,
        stop=[str(v) for v in stop],
        cycle_period=period,
    )
