"""Load on the dashboard: 20 concurrent clients over the main pages of the built-in case, on loopback.

Starts ``redline serve`` (uvicorn, as users run it) on a scratch SQLite database holding the
built-in case, warms every page once, then runs a bounded closed-loop load: each client requests
the page list ``--rounds`` times in its own order.  Prints p50/p95 latency per page and the errors,
and compares them with the targets (p95 <= 100 ms on every page, 0 errors): exit code 1 if missed.

Run from the project root:
    .venv/bin/python benchmarks/bench_web_load.py [--clients 20] [--rounds 15] [--workers 1] [--case ukraine-2025]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
TARGET_P95_MS = 100.0


def pages(case: str, document: str) -> dict[str, str]:
    base = f"/cases/{case}"
    return {
        "overview": base,
        "positions": f"{base}/positions",
        "drift": f"{base}/drift",
        "territory": f"{base}/territory",
        "document": f"{base}/documents/{document}",
        "criteria": f"{base}/criteria",
        "affinity": f"{base}/affinity",
        "search": f"{base}/search?q=Crimea",
        "simulation": f"{base}/simulate",
        "coding": f"{base}/coding",
        "api-positions": f"/api/cases/{case}/positions",
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db_url: str, case: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, REDLINE_DATABASE_URL=db_url, REDLINE_SECRET_KEY="bench-" + "k" * 40)
    redline = str(Path(sys.executable).with_name("redline"))
    subprocess.run([redline, "case", "import", case, "--skip-existing"], env=env, check=True)
    return subprocess.Popen(
        [redline, "serve", "--port", str(port), "--case", case, "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def wait_ready(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get(f"{base}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise SystemExit("the server did not start")


async def client_loop(
    base: str, plan: dict[str, str], rounds: int, seed: int, times: dict[str, list[float]], errors: list[str]
) -> None:
    rng = random.Random(seed)
    names = list(plan)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        for _ in range(rounds):
            rng.shuffle(names)
            for name in names:
                start = time.perf_counter()
                try:
                    r = await client.get(plan[name])
                    ok = r.status_code == 200
                    detail = f"{name}: HTTP {r.status_code}"
                except httpx.HTTPError as exc:
                    ok, detail = False, f"{name}: {type(exc).__name__}"
                times[name].append((time.perf_counter() - start) * 1000)
                if not ok:
                    errors.append(detail)


async def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="redline-bench-web-") as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        port = free_port()
        server = start_server(db_url, args.case, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            await wait_ready(base)
            async with httpx.AsyncClient(base_url=base, timeout=120) as client:
                summary = (await client.get(f"/api/cases/{args.case}")).json()
                document = summary["documents"][0]["id"]
                plan = pages(args.case, document)
                warm_start = time.perf_counter()
                for path in plan.values():  # first requests compute and cache the measures
                    r = await client.get(path)
                    r.raise_for_status()
                warm = time.perf_counter() - warm_start
            times: dict[str, list[float]] = {name: [] for name in plan}
            errors: list[str] = []
            cpu0 = cpu_seconds(server.pid)
            start = time.perf_counter()
            await asyncio.gather(
                *(client_loop(base, plan, args.rounds, k, times, errors) for k in range(args.clients))
            )
            elapsed = time.perf_counter() - start
            server_cpu = cpu_seconds(server.pid) - cpu0
        finally:
            server.terminate()
            server.wait(timeout=20)
    total = sum(len(v) for v in times.values())
    print(
        f"case {args.case}: {args.clients} clients x {args.rounds} rounds x {len(plan)} pages = {total} requests "
        f"in {elapsed:.1f} s ({total / elapsed:.0f} req/s), {args.workers} worker(s); warm-up {warm:.1f} s; "
        f"server CPU {server_cpu / total * 1000:.2f} ms per request (workers' CPU counted when they exit)"
    )
    print(f"{'page':<14} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    worst = 0.0
    for name, values in times.items():
        values.sort()
        p50 = statistics.median(values)
        p95 = values[max(0, int(round(0.95 * len(values))) - 1)]
        worst = max(worst, p95)
        print(f"{name:<14} {p50:8.1f} {p95:8.1f} {values[-1]:8.1f}")
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    ok = worst <= TARGET_P95_MS and not errors
    print(
        f"target p95 <= {TARGET_P95_MS:.0f} ms on every page and 0 errors: {'met' if ok else 'MISSED'} (worst p95 {worst:.1f} ms)"
    )
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--case", default="ukraine-2025")
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
