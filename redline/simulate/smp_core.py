"""The arithmetic of KTAB's spatial model of politics (SMP), one state at a time, with numpy.

Follows KAPSARC's open-source KTAB (MIT licence) with its default settings: proportional voting,
linear victory probabilities (gamma = 1), conditional outcome probabilities, the "Mid" risk range,
one-third risk adjustment (an actor's estimate of i's risk attitude is (2 R_h + R_i) / 3),
semi-committed third parties, S2P2 bargain interpolation and initiator-only bargains.  Positions
are on 0-1, saliences on 0-1 per dimension (summing to at most 1 per actor).  Equations are in
``docs/simulate.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from redline.simulate.data import FloatArray

MIN_COALITION = 1e-8  # KTAB's floor on coalition strength (avoids 0/0)
MIN_CONTRIBUTION = 1e-10  # floor on the principals' own contributions to a challenge
MIN_GAIN = 1e-5  # a challenge must be expected to gain at least this much
MIN_BARGAIN_WEIGHT = 1e-6


def salience_distance(x: FloatArray, s: FloatArray) -> FloatArray:
    """sd[i, j] = sqrt(sum_d (s_id (x_id - x_jd))^2 / sum_d s_id^2): i's weighted distance to j.

    An actor with no salience at all is indifferent: its distances are 0.
    """
    diff = s[:, None, :] * (x[:, None, :] - x[None, :, :])
    norm = (s**2).sum(axis=1)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(norm > 0, np.sqrt((diff**2).sum(axis=2) / np.where(norm > 0, norm, 1.0)), 0.0)


def distance_to(x: FloatArray, s: FloatArray, points: FloatArray) -> FloatArray:
    """dist[k, b]: actor k's salience-weighted distance from its position to ``points[b]``."""
    norm = (s**2).sum(axis=1)[:, None]
    num = ((s[:, None, :] * (x[:, None, :] - points[None, :, :])) ** 2).sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(norm > 0, np.sqrt(num / np.where(norm > 0, norm, 1.0)), 0.0)


def utility(sd: FloatArray, risk: FloatArray | float) -> FloatArray:
    """u = (1 - sd)(1 + sd R) for 0 <= sd <= 1 (R in [-0.5, 1] bends it; R = 0 is risk neutral)."""
    return np.where(sd <= 1, (1 - sd) * (1 + sd * risk), (1 - sd) * (1 + risk))


def coalitions(u: FloatArray, w: FloatArray) -> FloatArray:
    """C[a, b] = 1e-8 + sum_k max(0, w_k (u[k, a] - u[k, b])): strength of the coalition for a over b."""
    votes = w[:, None, None] * (u[:, :, None] - u[:, None, :])
    c = MIN_COALITION + np.maximum(votes, 0.0).sum(axis=0)
    np.fill_diagonal(c, MIN_COALITION)
    return c


def outcome_probabilities(c: FloatArray) -> FloatArray:
    """Conditional PCE: P_a proportional to prod_b p[a, b], with p[a, b] = C_ab / (C_ab + C_ba)."""
    pv = c / (c + c.T)
    np.fill_diagonal(pv, 0.5)
    p = np.prod(pv, axis=1)
    return p / p.sum()


def risk_attitudes(p: FloatArray) -> FloatArray:
    """'Mid' range: R_i = (3 P_i - P_max - 2 P_min) / (2 (P_max - P_min)), in [-0.5, 1]."""
    hi, lo = p.max(), p.min()
    if hi - lo <= 0:
        return np.zeros_like(p)
    return (3 * p - hi - 2 * lo) / (2 * (hi - lo))


@dataclass
class Assessment:
    """What every actor believes in one state."""

    distance: FloatArray  # sd[i, j]
    neutral_utility: FloatArray  # 1 - sd
    probability: FloatArray  # P_i of each actor's position (risk neutral)
    risk: FloatArray  # R_i
    utility: FloatArray  # objective risk-aware u[i, j]
    estimated: FloatArray  # est[h, i, j]: h's estimate of u[i, j]


def assess(x: FloatArray, s: FloatArray, cap: FloatArray) -> Assessment:
    sd = salience_distance(x, s)
    neutral = utility(sd, 0.0)
    p = outcome_probabilities(coalitions(neutral, cap))
    r = risk_attitudes(p)
    est_r = (2 * r[:, None] + r[None, :]) / 3.0  # est_r[h, i]
    return Assessment(sd, neutral, p, r, utility(sd, r[:, None]), utility(sd[None], est_r[:, :, None]))


def challenge_gains(a: Assessment, s_tot: FloatArray, cap: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(prob[i, j], gain[i, j]): i's estimate that i beats j, and i's expected gain from challenging j.

    The principals contribute their own votes; each third party n joins the side it prefers in the
    little contest (i, j, n), voting with the sum of its utilities for the three positions
    (semi-committed: it keeps its own position when on the winning side with the initiator).
    """
    n = len(cap)
    u = a.estimated  # u[h, row, col] with h = i below
    ii = np.arange(n)
    w = s_tot * cap
    u_hi = u[ii, ii, :]  # u_hi[i, j] = est_i(u_ij)
    u_ii = u[ii, ii, ii][:, None]
    u_ji = u[ii, :, ii]  # est_i(u_ji)
    u_jj = u[ii[:, None], ii[None, :], ii[None, :]]  # est_i(u_jj)
    own_i = w[:, None] * (u_ii - u_hi)
    own_j = w[None, :] * (u_ji - u_jj)
    c_for = MIN_CONTRIBUTION + np.maximum(own_i, 0) + np.maximum(own_j, 0)
    c_against = MIN_CONTRIBUTION + np.maximum(-own_i, 0) + np.maximum(-own_j, 0)
    # third parties: t[i, j, m] with u_mi = est_i(u[m, i]), u_mj = est_i(u[m, j]), u_mm = est_i(u[m, m])
    u_mi = u[ii, :, ii][:, None, :]  # (i, 1, m)
    u_mj = np.transpose(u, (0, 2, 1))  # (i, j, m): est_i(u[m, j])
    u_mm = u[:, ii, ii][:, None, :]  # (i, 1, m)
    wm = w[None, None, :]
    little = wm * (u_mi - u_mj)
    cf, ca = c_for[:, :, None], c_against[:, :, None]
    p_in = (cf + np.maximum(little, 0)) / (cf + np.maximum(little, 0) + ca + np.maximum(-little, 0))
    with_i = p_in * (2 * u_mi + u_mm) + (1 - p_in) * 3 * u_mj
    with_j = p_in * 3 * u_mi + (1 - p_in) * (2 * u_mj + u_mm)
    vote = wm * (with_i - with_j)
    third = (ii[:, None, None] != ii[None, None, :]) & (ii[None, :, None] != ii[None, None, :])
    vote = np.where(third, vote, 0.0)
    c_for = c_for + np.maximum(vote, 0).sum(axis=2)
    c_against = c_against + np.maximum(-vote, 0).sum(axis=2)
    prob = c_for / (c_for + c_against)
    win, lose = 2 * u_ii, 2 * u_hi
    s_j = s_tot[None, :]
    gain = (1 - s_j) * win + s_j * (prob * win + (1 - prob) * lose) - (u_ii + u_hi)
    return prob, gain


def round4(v: FloatArray) -> FloatArray:
    """KTAB rounds interpolated bargains to 4 decimals (on the 0-1 scale)."""
    return np.floor(0.5 + v * 10000.0) / 10000.0


def interpolate_bargain(
    xi: FloatArray, si: FloatArray, xj: FloatArray, sj: FloatArray, p_i: FloatArray | float
) -> tuple[FloatArray, FloatArray]:
    """S2P2 bargain: each dimension weighted by salience² × victory probability².

    Works row-wise on (m, d) arrays with ``p_i`` of shape (m, 1) as well as on single actors.
    """
    wi = si**2 * p_i**2
    wj = sj**2 * (1 - p_i) ** 2
    tot = wi + MIN_BARGAIN_WEIGHT + wj
    return round4(((wi + MIN_BARGAIN_WEIGHT) * xi + wj * xj) / tot), round4(
        (wi * xi + (MIN_BARGAIN_WEIGHT + wj) * xj) / tot
    )


def unique_positions(x: FloatArray, tol: float = 1e-3) -> list[int]:
    """Indices of the first actor at each distinct position (KTAB's equivalence tolerance)."""
    reps: list[int] = []
    for i in range(len(x)):
        if not any(np.linalg.norm(x[i] - x[r]) < tol for r in reps):
            reps.append(i)
    return reps
