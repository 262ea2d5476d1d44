"""Speed of the vectorised expected utility model on the DEU III issues.

Target: all 353 issues (up to 30 actors) × 10 rounds in at most 10 s.  The stop rule is switched
off so every issue plays all 10 rounds.  Prints the median of several runs per variant and the
speed-up over the plain-loop implementation of the same equations (measured on an evenly spread
sample of issues, and extrapolated to all of them unless ``--full-loop``).

Run from the project root:  .venv/bin/python benchmarks/bench_simulate_speed.py [--repeats 5] [--full-loop]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from redline.simulate.data import Issue
from redline.simulate.deu import load_deu
from redline.simulate.eum import ExpectedUtilityModel
from redline.simulate.eum_loop import LoopEUM

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "bargaining" / "deu3.tsv"
TARGET_SECONDS = 10.0
ROUNDS = 10


def timed(fn: Callable[[], object], repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def vectorised(issues: Sequence[Issue], variant: str) -> Callable[[], object]:
    model = ExpectedUtilityModel(variant, rounds=ROUNDS, tol=0.0, stop_on_cycle=False)
    return lambda: model.trace(issues)


def loop(issues: Sequence[Issue], variant: str) -> Callable[[], object]:
    return lambda: [LoopEUM(i, variant).run(ROUNDS) for i in issues]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeats", type=int, default=5, help="timed runs of the vectorised model (median reported)"
    )
    parser.add_argument("--sample", type=int, default=20, help="issues in the plain-loop sample")
    parser.add_argument(
        "--full-loop", action="store_true", help="time the plain loop on all issues (minutes)"
    )
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"SKIP: {DATA} not found (the shared reference data folder is absent)")
        return 0
    issues = [c.issue for c in load_deu(DATA)]
    n_actors = sum(i.n_actors for i in issues)
    step = max(1, len(issues) // args.sample)
    sample = issues if args.full_loop else issues[::step][: args.sample]
    print(
        f"{len(issues)} DEU issues, {n_actors} actor positions (max {max(i.n_actors for i in issues)}), {ROUNDS} rounds"
    )
    status = 0
    for variant in ("code", "printed"):
        vec_all = timed(vectorised(issues, variant), args.repeats)
        med_all = statistics.median(vec_all)
        vec_sample = statistics.median(timed(vectorised(sample, variant), args.repeats))
        loop_sample = statistics.median(timed(loop(sample, variant), 1 if args.full_loop else 3))
        sample_actors = sum(i.n_actors**3 for i in sample)
        loop_all = (
            loop_sample * sum(i.n_actors**3 for i in issues) / sample_actors
        )  # the loop is O(n^3) a round
        verdict = "PASS" if med_all <= TARGET_SECONDS else "FAIL"
        status |= verdict == "FAIL"
        print(f"\nvariant {variant}:")
        print(
            f"  vectorised, all issues: median {med_all:.2f} s of {args.repeats} runs "
            f"(min {min(vec_all):.2f}, max {max(vec_all):.2f})  {verdict} target <= {TARGET_SECONDS:.0f} s"
        )
        print(
            f"  plain loop vs vectorised on {len(sample)} issues: {loop_sample:.2f} s vs {vec_sample:.3f} s "
            f"= {loop_sample / vec_sample:.0f}x"
        )
        label = "measured" if args.full_loop else "extrapolated by sum of n^3"
        print(
            f"  plain loop, all issues ({label}): {loop_all:.0f} s = {loop_all / med_all:.0f}x the vectorised time"
        )
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
