"""Benchmark: machine coding suggestions on documents coded after the suggester was designed.

``bench_suggest.py`` scores the suggester by leave-one-document-out over documents that were also in view
while the suggester was designed, so its figures are optimistic.  The four statements below were added to
the built-in case afterwards (November 2026) and coded from the codebook alone, without suggestions.
Here the suggester is fitted on the case *without* them, with its default parameters (``min_score`` 0.2),
and predicts them; the measures are those of ``bench_suggest.py``, against each coder's codings: the two
coders coded blind to the suggestions; the adjudicated (final) codings were decided by someone who had
seen them, so that figure is not clean.

Run: ``.venv/bin/python benchmarks/bench_suggest_fresh.py`` (prints the figures; no target: it reports).
"""

from __future__ import annotations

import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_suggest import evaluate  # noqa: E402
from sqlalchemy import select  # noqa: E402

from redline.cases.bundle import builtin_case_dir  # noqa: E402
from redline.cases.loader import import_bundle  # noqa: E402
from redline.coding.suggest import majority_baseline  # noqa: E402
from redline.coding.suggest_store import make_suggester, training_examples  # noqa: E402
from redline.store import models as m  # noqa: E402
from redline.store.db import session_scope  # noqa: E402

CASE = "ukraine-2025"
FRESH = (
    "us-ua-jeddah-statement-2025-03",
    "us-ua-riyadh-statement-2025-03",
    "us-ru-riyadh-statement-2025-03",
    "europe-berlin-statement-2025-12",
)


LABELS = (
    ("coder-a", "first coder (blind to suggestions)"),
    ("coder-b", "second coder (blind to suggestions)"),
    ("final", "adjudicated (the adjudicator had seen these suggestions)"),
)


def coder_labels(session, case_id: str, coder: str, examples) -> dict[str, dict[str, dict[str, float]]]:  # type: ignore[no-untyped-def]
    """document -> ref -> {dimension: value} of one coder (position dimensions) for the fresh documents."""
    rows = session.execute(
        select(m.Document.key, m.Provision.ref, m.Dimension.key, m.Coding.value)
        .join(m.Provision, m.Coding.provision_id == m.Provision.id)
        .join(m.Document, m.Provision.document_id == m.Document.id)
        .join(m.Dimension, m.Coding.dimension_id == m.Dimension.id)
        .where(
            m.Document.case_id == case_id,
            m.Document.key.in_(FRESH),
            m.Dimension.kind == "position",
            m.Coding.coder == coder,
            m.Coding.deleted.is_(False),
        )
    ).all()
    out: dict[str, dict[str, dict[str, float]]] = {
        k: {e.ref: {} for e in examples if e.document == k} for k in FRESH
    }
    for doc, ref, dim, value in rows:
        out[doc][ref][dim] = value
    return out


def main() -> int:
    url = f"sqlite:///{tempfile.mkdtemp()}/fresh.sqlite"
    with session_scope(url) as s:
        import_bundle(s, builtin_case_dir(CASE))
    with session_scope(url) as s:
        case = s.get(m.Case, CASE)
        levels = {d.key: [lv.value for lv in d.levels] for d in case.dimensions}
        examples = training_examples(s, CASE)
        sugg = make_suggester(s, CASE, exclude=set(FRESH), language="en")
        dims = [d.id for d in sugg.dimensions_]
        base = majority_baseline([e for e in examples if e.document not in FRESH])
        predicted = {}
        for key in FRESH:
            ex = [e for e in examples if e.document == key]
            scores, values, _ = sugg.scores([e.text for e in ex], "en", [e.context for e in ex])
            predicted[key] = ([e.ref for e in ex], scores, values)
        labels = {coder: coder_labels(s, CASE, coder, examples) for coder, _ in LABELS}
    for coder, meaning in LABELS:
        total: dict[str, float] = defaultdict(float)
        print(f"\nlabels: {coder}, {meaning}")
        print(f"{'document':34} {'prov':>4} {'top1':>6} {'ranked':>6} {'base':>6} {'value':>6} {'alarm':>7}")
        for key in FRESH:
            refs, scores, values = predicted[key]
            r = evaluate(scores, values, dims, refs, labels[coder][key], levels, base, sugg.min_score)
            n = max(r["provisions"], 1)
            print(
                f"{key:34} {int(r['provisions']):4d} {r['top'] / n:6.3f} {r['rank_top'] / n:6.3f} "
                f"{r['base_top'] / n:6.3f} {r['value'] / max(r['units'], 1):6.3f} "
                f"{int(r['alarms']):3d}/{int(r['uncoded']):<3d}"
            )
            for name, v in r.items():
                total[name] += float(v)
        n, u = total["provisions"], total["units"]
        tp, fp, fn = total["tp"], total["fp"], total["fn"]
        print(f"  {int(n)} coded provisions, {int(u)} units, {int(total['uncoded'])} uncoded")
        print(
            f"  dimension top-1   {total['top'] / n:.3f} ({int(total['top'])} of {int(n)}; shown and right; "
            f"majority baseline {total['base_top'] / n:.3f})"
        )
        print(f"  best-ranked dim   {total['rank_top'] / n:.3f}")
        print(
            f"  value within 1 lv {total['value'] / u:.3f}  (majority baseline {total['base_value'] / u:.3f})"
        )
        print(f"  false alarms      {total['alarms'] / max(total['uncoded'], 1):.3f}")
        print(
            f"  pairs P/R/F1      {tp / max(tp + fp, 1):.3f} / {tp / max(tp + fn, 1):.3f} / "
            f"{2 * tp / max(2 * tp + fp + fn, 1):.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
