"""Ingest benchmark: exact-split accuracy on the fixture corpus, and throughput.

Corpus: ``tests/fixtures/ingest`` (documents in five formats and five languages, each with
its expected provisions derived from a source model; regenerate with
``tests/fixtures/ingest/make_fixtures.py``).  Every .txt document is also read through
stdin.  A document counts as exactly split when it has the expected number of provisions
and every provision has the expected label, level, parent and text (whitespace-collapsed),
i.e. all boundaries are right.

Prints accuracy per format and per language, boundary precision/recall, language and
title accuracy, and throughput (end-to-end provisions/s, PDF pages/s, splitter-only
provisions/s on a synthetic 5,000-point draft); exits 1 if a figure falls below its
baseline.

    .venv/bin/python benchmarks/bench_split.py
"""

from __future__ import annotations

import io
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "ingest"))

from fixture_compare import cases, compare  # noqa: E402

from redline.ingest import read_document, split_text  # noqa: E402

BASELINES = {
    "exact_overall": 0.95,  # share of documents split exactly
    "exact_per_format": 0.85,
    "boundary_recall": 0.97,
    "language": 0.95,
    # speed floors sit ~4x below figures measured on an idle 2-core machine (22 pages/s, 500 and
    # 50,000 provisions/s): they catch real slowdowns, not the noise of a shared CI runner
    "pdf_pages_per_s": 5.0,
    "e2e_provisions_per_s": 120.0,
    "splitter_provisions_per_s": 10000.0,
}


def _read(want: dict[str, Any], via_stdin: bool) -> tuple[Any, float]:
    path: Path = want["path"]
    start = time.perf_counter()
    if via_stdin:
        old = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(path.read_bytes()))
        try:
            doc = read_document("-")
        finally:
            sys.stdin = old
    else:
        doc = read_document(path)
    return doc, time.perf_counter() - start


def _synthetic(points: int) -> str:
    body = []
    for i in range(1, points + 1):
        body.append(f"{i}. The parties agree on point {i}, which has a sentence of ordinary length.")
        if i % 5 == 0:
            body += ["   a) a first sub-point;", "   b) a second sub-point."]
    return "Synthetic draft\n\nPreamble.\n\n" + "\n".join(body)


def main() -> int:
    corpus = cases()
    read_document(corpus[0]["path"])  # warm up: lingua loads its models once per process
    runs = [(w, False) for w in corpus] + [(w, True) for w in corpus if w["format"] == "txt"]
    by_format: dict[str, list[bool]] = defaultdict(list)
    by_language: dict[str, list[bool]] = defaultdict(list)
    matched = expected = actual = 0
    lang_ok = title_ok = 0
    total_time = pdf_time = 0.0
    provisions = pdf_pages = 0
    failures: list[str] = []
    for want, via_stdin in runs:
        doc, seconds = _read(want, via_stdin)
        result = compare(doc, want)
        fmt = "stdin" if via_stdin else want["format"]
        by_format[fmt].append(result.exact)
        by_language[want["language"]].append(result.exact)
        matched, expected, actual = (
            matched + result.matched,
            expected + result.expected,
            actual + result.actual,
        )
        lang_ok += doc.language == want["language"]
        title_ok += doc.title == want["title"]
        total_time += seconds
        provisions += len(doc.provisions)
        if fmt == "pdf":
            pdf_time += seconds
            pdf_pages += doc.pages or 0
        if not result.exact:
            failures.append(f"  {want['file']} ({fmt}): {result.first_difference}")
    n = len(runs)
    exact = sum(sum(v) for v in by_format.values()) / n
    print(f"ingest benchmark: {n} readings of {len(corpus)} documents ({len(by_language)} languages)")
    print(f"{'format':8} {'docs':>5} {'exact':>7}")
    for fmt, values in sorted(by_format.items()):
        print(f"{fmt:8} {len(values):5d} {sum(values) / len(values):7.1%}")
    print(f"{'language':8} {'docs':>5} {'exact':>7}")
    for lang, values in sorted(by_language.items()):
        print(f"{lang:8} {len(values):5d} {sum(values) / len(values):7.1%}")
    recall, precision = matched / max(1, expected), matched / max(1, actual)
    print(f"exact-split accuracy: {exact:.1%}   boundaries: recall {recall:.1%}, precision {precision:.1%}")
    print(f"language detection: {lang_ok / n:.1%}   titles: {title_ok / n:.1%}")
    synthetic = _synthetic(5000)
    start = time.perf_counter()
    split_count = len(split_text(synthetic))
    split_rate = split_count / (time.perf_counter() - start)
    e2e_rate = provisions / total_time
    pdf_rate = pdf_pages / pdf_time if pdf_time else 0.0
    print(
        f"throughput: {e2e_rate:,.0f} provisions/s end to end ({n / total_time:.1f} documents/s), "
        f"PDF {pdf_rate:.1f} pages/s, splitter alone {split_rate:,.0f} provisions/s"
    )
    if failures:
        print("documents not split exactly:")
        print("\n".join(failures))
    checks = {
        "exact_overall": exact,
        "exact_per_format": min(sum(v) / len(v) for v in by_format.values()),
        "boundary_recall": recall,
        "language": lang_ok / n,
        "pdf_pages_per_s": pdf_rate,
        "e2e_provisions_per_s": e2e_rate,
        "splitter_provisions_per_s": split_rate,
    }
    below = [f"{k}: {v:.3g} < baseline {BASELINES[k]}" for k, v in checks.items() if v < BASELINES[k]]
    print("baselines: " + ("all met" if not below else "NOT MET: " + "; ".join(below)))
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
