"""Benchmark: machine coding suggestions, leave-one-document-out over the built-in case.

For each negotiation document with codings, the suggester is fitted on the *other* documents'
primary codings and predicts for this document's provisions; the predictions are compared with
the human (primary) codings:

- dimension top-1 accuracy: over provisions a human coded, the share whose top suggestion names
  one of the dimensions the human coded (no suggestion counts as wrong);
- value within one level: over the human (provision, dimension) units, the share where the
  predicted value on that dimension is at most one anchored level away from the human value;
- next to a majority-class baseline (most frequent dimension; its most frequent value).

Cross-language: the same, for de/ru/uk translations of three documents
(``benchmarks/fixtures/suggest/``), fitted on the English documents.

Targets (issue 6): dimension top-1 >= 0.85, value within one level >= 0.75.
Run: ``.venv/bin/python benchmarks/bench_suggest.py``
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from redline.cases.body import normalize_body, parse_body  # noqa: E402
from redline.cases.bundle import builtin_case_dir, split_front_matter  # noqa: E402
from redline.cases.loader import import_bundle  # noqa: E402
from redline.coding.suggest import majority_baseline  # noqa: E402
from redline.coding.suggest_store import make_suggester, own_texts, training_examples  # noqa: E402
from redline.store import models as m  # noqa: E402
from redline.store.db import session_scope  # noqa: E402

TARGET_DIM, TARGET_VALUE = 0.85, 0.75
FIXTURES = ROOT / "benchmarks" / "fixtures" / "suggest"


def level_index(levels: list[float], value: float) -> int:
    return int(np.argmin([abs(v - value) for v in levels]))


def evaluate(suggester, texts, human, levels, baseline):  # type: ignore[no-untyped-def]
    """texts: ref -> own text; human: ref -> {dim: value}."""
    refs = [r for r in texts if human.get(r)]
    if not refs:
        return None
    scores, values, _ = suggester.scores([texts[r] for r in refs])
    dims = [d.id for d in suggester.dimensions_]
    top_ok = value_ok = units = base_top = base_val = 0
    for i, r in enumerate(refs):
        order = np.argsort(-scores[i])
        top = dims[order[0]] if scores[i, order[0]] >= suggester.min_score else None
        top_ok += top in human[r]
        base_top += baseline[0] in human[r]
        for dim, v in human[r].items():
            units += 1
            j = dims.index(dim)
            pred = values[i, j]
            if not np.isnan(pred):
                value_ok += abs(level_index(levels[dim], pred) - level_index(levels[dim], v)) <= 1
            bv = baseline[1].get(dim)
            if bv is not None:
                base_val += abs(level_index(levels[dim], bv) - level_index(levels[dim], v)) <= 1
    return {"provisions": len(refs), "units": units, "top1": top_ok / len(refs), "value": value_ok / units,
            "base_top1": base_top / len(refs), "base_value": base_val / units}


def main() -> int:
    tmp = tempfile.mkdtemp()
    url = f"sqlite:///{tmp}/bench.sqlite"
    with session_scope(url) as s:
        import_bundle(s, builtin_case_dir("ukraine-2025"))
    results = []
    timings = []
    with session_scope(url) as s:
        case = s.get(m.Case, "ukraine-2025")
        levels = {d.key: [lv.value for lv in d.levels] for d in case.dimensions}
        all_examples = training_examples(s, "ukraine-2025")
        coded_docs = sorted({e.document for e in all_examples if e.codings})
        docs = {d.key: d for d in case.documents}
        for key in coded_docs:
            if docs[key].kind == "strategy":
                continue
            t0 = time.perf_counter()
            sugg = make_suggester(s, "ukraine-2025", exclude={key})
            ex = [e for e in all_examples if e.document == key]
            texts = {e.ref: e.text for e in ex}
            human = {e.ref: dict(e.codings) for e in ex}
            base = majority_baseline([e for e in all_examples if e.document != key])
            r = evaluate(sugg, texts, human, levels, base)
            timings.append(time.perf_counter() - t0)
            if r:
                results.append(("en", key, r))
        for path in sorted(FIXTURES.glob("*.md")):
            key, lang = path.name.split(".")[0], path.name.split(".")[1]
            fm, body, first = split_front_matter(path.read_text(encoding="utf-8"), str(path))
            text = normalize_body(body)
            provs = parse_body(text, path=str(path), first_line=first)
            owns = own_texts([(p.index, p.parent, p.start, p.end, text[p.start:p.end]) for p in provs])
            texts = {p.ref: owns[p.index] for p in provs}
            ex = [e for e in all_examples if e.document == key]
            human = {e.ref: dict(e.codings) for e in ex}
            sugg = make_suggester(s, "ukraine-2025", exclude={key})
            base = majority_baseline([e for e in all_examples if e.document != key])
            r = evaluate(sugg, texts, human, levels, base)
            if r:
                results.append((lang, key, r))
    print(f"{'lang':4} {'document':38} {'prov':>4} {'units':>5} {'top1':>6} {'base':>6} {'value':>6} {'base':>6}")
    agg: dict[str, list] = defaultdict(list)
    for lang, key, r in results:
        print(f"{lang:4} {key:38} {r['provisions']:4d} {r['units']:5d} {r['top1']:6.3f} {r['base_top1']:6.3f} "
              f"{r['value']:6.3f} {r['base_value']:6.3f}")
        agg["en" if lang == "en" else "xl"].append(r)
    ok = True
    for group, rs in agg.items():
        n = sum(r["provisions"] for r in rs)
        u = sum(r["units"] for r in rs)
        top1 = sum(r["top1"] * r["provisions"] for r in rs) / n
        base = sum(r["base_top1"] * r["provisions"] for r in rs) / n
        val = sum(r["value"] * r["units"] for r in rs) / u
        bval = sum(r["base_value"] * r["units"] for r in rs) / u
        label = "English, leave-one-document-out" if group == "en" else "other languages (de/ru/uk)"
        print(f"\n{label}: {n} provisions, {u} units")
        print(f"  dimension top-1   {top1:.3f}  (majority baseline {base:.3f}, target >= {TARGET_DIM})")
        print(f"  value within 1 lv {val:.3f}  (majority baseline {bval:.3f}, target >= {TARGET_VALUE})")
        ok &= top1 >= TARGET_DIM and val >= TARGET_VALUE
    if timings:
        print(f"\nmedian time per document (fit + predict, cached embeddings after the first): "
              f"{statistics.median(timings):.2f} s")
    print("targets met" if ok else "targets NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
