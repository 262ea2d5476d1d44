"""Quality and speed of ``redline compare`` against baselines, on the gold sets in tests/fixtures/align/.

Run:  .venv/bin/python benchmarks/bench_align.py [--encoder default|e5|use|st:/path] [--verbose]
Speed (cold and warm medians against the targets) is measured by benchmarks/bench_compare_speed.py.

Tasks:
1. shuffled: the same 20-provision plan in en/de/ru/uk; B is shuffled (fixed seed), unnumbered.
2. versions: plan v1 -> v2 (kept, reworded, modified incl. numbers and dates, dropped, added, split, merged),
   same language and across languages.

Systems, all on the same inputs:
- redline: the full aligner (margins, threshold, split/merge, labels, change detection);
- plain: the same embeddings, one-to-one assignment on raw cosine, no threshold, every link "same";
- tfidf: character 2-4-gram TF-IDF cosine, the same assignment, cosine threshold 0.3, "same" above 0.8;
- difflib: ``difflib.SequenceMatcher`` ratio, the same assignment, threshold 0.4, "same" above 0.8.
Baselines find number changes the naive way (digit strings that differ); redline uses its normaliser.

Metrics are strict: a link counts only with exactly the gold members on both sides.
"""

from __future__ import annotations

import argparse
import difflib
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOLD = ROOT / "tests" / "fixtures" / "align"

from redline.align.aligner import align  # noqa: E402
from redline.align.cache import MemoryCache, embed  # noqa: E402
from redline.align.encoders import Encoder, get_encoder  # noqa: E402
from redline.align.scoring import char_tfidf  # noqa: E402

LANGS = ["en", "de", "ru", "uk"]
SHUFFLED_PAIRS = [("en", "de"), ("en", "ru"), ("de", "ru"), ("en", "uk"), ("de", "uk"), ("ru", "uk")]
VERSION_PAIRS = [
    ("en", "en"),
    ("de", "de"),
    ("ru", "ru"),
    ("uk", "uk"),
    ("en", "de"),
    ("en", "ru"),
    ("en", "uk"),
    ("de", "en"),
    ("ru", "en"),
    ("uk", "en"),
    ("de", "ru"),
]


@dataclass
class Case:
    """One document pair with its gold alignment (by provision id)."""

    name: str
    lang_a: str
    lang_b: str
    a_ids: list[str]
    b_ids: list[str]
    a_texts: list[str]
    b_texts: list[str]
    links: list[tuple[frozenset[str], frozenset[str], str]]
    numbers: dict[tuple[frozenset[str], frozenset[str]], set[tuple[str | None, str | None]]]
    unlinked: set[str]


@dataclass
class Pred:
    links: list[tuple[frozenset[str], frozenset[str], str]]
    unlinked: set[str]
    numbers: dict[tuple[frozenset[str], frozenset[str]], set[tuple[str | None, str | None]]] = field(
        default_factory=dict
    )


def load_cases() -> tuple[list[Case], list[Case]]:
    v1 = yaml.safe_load((GOLD / "plan_v1.yaml").read_text(encoding="utf-8"))["provisions"]
    v2 = yaml.safe_load((GOLD / "plan_v2.yaml").read_text(encoding="utf-8"))["provisions"]
    gold = yaml.safe_load((GOLD / "gold_v1_v2.yaml").read_text(encoding="utf-8"))
    shuffled = []
    for la, lb in SHUFFLED_PAIRS:
        order = list(range(len(v1)))
        random.Random(f"{la}-{lb}").shuffle(order)
        b = [v1[i] for i in order]
        shuffled.append(
            Case(
                f"{la}-{lb}",
                la,
                lb,
                [p["id"] for p in v1],
                [p["id"] + "'" for p in b],
                [p[la] for p in v1],
                [p[lb] for p in b],
                [(frozenset([p["id"]]), frozenset([p["id"] + "'"]), "same") for p in v1],
                {},
                set(),
            )
        )
    versions = []
    for la, lb in VERSION_PAIRS:
        links = [(frozenset(x["a"]), frozenset(x["b"]), x["relation"]) for x in gold["links"]]
        numbers = {
            (frozenset(x["a"]), frozenset(x["b"])): {tuple(v) for v in x.get("numbers", [])}
            for x in gold["links"]
        }
        versions.append(
            Case(
                f"{la}-{lb}",
                la,
                lb,
                [p["id"] for p in v1],
                [p["id"] for p in v2],
                [p[la] for p in v1],
                [p[lb] for p in v2],
                links,
                numbers,
                set(gold["dropped"]) | set(gold["added"]),
            )
        )
    return shuffled, versions


def run_redline(case: Case, encoder: Encoder, cache: MemoryCache) -> Pred:
    res = align(case.a_texts, case.b_texts, case.lang_a, case.lang_b, encoder, cache)
    pred = Pred([], {case.a_ids[i] for i in res.dropped} | {case.b_ids[j] for j in res.added})
    for link in res.links:
        key = (frozenset(case.a_ids[i] for i in link.a), frozenset(case.b_ids[j] for j in link.b))
        pred.links.append((*key, link.relation))
        pred.numbers[key] = {(c.a, c.b) for c in link.changes if c.kind in ("number", "date")}
    return pred


def _naive_numbers(a: str, b: str) -> set[tuple[str | None, str | None]]:
    na, nb = re.findall(r"\d[\d,.]*\d|\d", a), re.findall(r"\d[\d,.]*\d|\d", b)
    ra, rb = list((Counter(na) - Counter(nb)).elements()), list((Counter(nb) - Counter(na)).elements())
    pairs = set(zip(ra, rb, strict=False))
    pairs |= {(x, None) for x in ra[len(rb) :]} | {(None, x) for x in rb[len(ra) :]}
    return pairs


def run_matrix(case: Case, sim: np.ndarray, threshold: float | None, same_above: float | None) -> Pred:
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(-sim)
    pred = Pred([], set())
    linked_a, linked_b = set(), set()
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if threshold is not None and sim[i, j] < threshold:
            continue
        rel = "same" if same_above is None or sim[i, j] >= same_above else "modified"
        key = (frozenset([case.a_ids[i]]), frozenset([case.b_ids[j]]))
        pred.links.append((*key, rel))
        pred.numbers[key] = _naive_numbers(case.a_texts[i], case.b_texts[j])
        linked_a.add(i)
        linked_b.add(j)
    pred.unlinked = {case.a_ids[i] for i in range(len(case.a_ids)) if i not in linked_a}
    pred.unlinked |= {case.b_ids[j] for j in range(len(case.b_ids)) if j not in linked_b}
    return pred


def baselines(encoder: Encoder, cache: MemoryCache) -> dict[str, Callable[[Case], Pred]]:
    def plain(case: Case) -> Pred:
        v = embed(encoder, case.a_texts + case.b_texts, cache)
        n = len(case.a_texts)
        return run_matrix(case, v[:n] @ v[n:].T, None, None)

    def tfidf(case: Case) -> Pred:
        x = char_tfidf(case.a_texts + case.b_texts)
        n = len(case.a_texts)
        return run_matrix(case, x[:n] @ x[n:].T, 0.3, 0.8)

    def diffl(case: Case) -> Pred:
        sim = np.array(
            [[difflib.SequenceMatcher(None, a, b).ratio() for b in case.b_texts] for a in case.a_texts]
        )
        return run_matrix(case, sim, 0.4, 0.8)

    return {"plain": plain, "tfidf": tfidf, "difflib": diffl}


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Tally:
    link_tp: int = 0
    link_pred: int = 0
    link_gold: int = 0
    un_tp: int = 0
    un_pred: int = 0
    un_gold: int = 0
    label_ok: int = 0
    label_n: int = 0
    num_found: int = 0
    num_gold: int = 0
    num_spurious: int = 0
    confusion: Counter = field(default_factory=Counter)

    def add(self, case: Case, pred: Pred) -> None:
        gold = {(a, b): r for a, b, r in case.links}
        got = {(a, b): r for a, b, r in pred.links}
        self.link_gold += len(gold)
        self.link_pred += len(got)
        self.link_tp += len(gold.keys() & got.keys())
        self.un_gold += len(case.unlinked)
        self.un_pred += len(pred.unlinked)
        self.un_tp += len(case.unlinked & pred.unlinked)
        for key, rel in gold.items():
            self.confusion[(rel, got.get(key, "(no link)"))] += 1
            if key in got and rel in ("same", "modified"):
                self.label_n += 1
                self.label_ok += got[key] == rel
            want = case.numbers.get(key, set())
            self.num_gold += len(want)
            found = pred.numbers.get(key, set()) if key in got else set()
            self.num_found += len(want & found)
            self.num_spurious += len(found - want)
        for key, rel in got.items():
            if key not in gold:
                self.confusion[("(no link)", rel)] += 1

    def row(self) -> dict[str, float]:
        lp, lr, lf = prf(self.link_tp, self.link_pred, self.link_gold)
        up, ur, uf = prf(self.un_tp, self.un_pred, self.un_gold)
        return {
            "link_P": lp,
            "link_R": lr,
            "link_F1": lf,
            "drop/add_P": up,
            "drop/add_R": ur,
            "drop/add_F1": uf,
            "labels": self.label_ok / self.label_n if self.label_n else float("nan"),
            "numbers": self.num_found / self.num_gold if self.num_gold else float("nan"),
            "spurious_num": self.num_spurious,
        }


def print_table(title: str, rows: dict[str, dict[str, float]]) -> None:
    cols = list(next(iter(rows.values())).keys())
    print(f"\n{title}")
    print(f"{'system':<10}" + "".join(f"{c:>13}" for c in cols))
    for name, row in rows.items():
        print(
            f"{name:<10}"
            + "".join(f"{row[c]:>13.3f}" if isinstance(row[c], float) else f"{row[c]:>13}" for c in cols)
        )


def quality(encoder_spec: str, verbose: bool) -> None:
    encoder = get_encoder(encoder_spec)
    cache = MemoryCache()
    shuffled, versions = load_cases()
    systems: dict[str, Callable[[Case], Pred]] = {"redline": lambda c: run_redline(c, encoder, cache)}
    systems.update(baselines(encoder, cache))
    print(f"encoder: {encoder.name}")
    for title, cases, groups in [
        (
            "1. shuffled cross-lingual",
            shuffled,
            {"en/de/ru": lambda c: "uk" not in c.name, "with uk": lambda c: "uk" in c.name},
        ),
        (
            "2. versions v1->v2",
            versions,
            {"same-lang": lambda c: c.lang_a == c.lang_b, "cross-lang": lambda c: c.lang_a != c.lang_b},
        ),
    ]:
        for group, keep in groups.items():
            tallies = {name: Tally() for name in systems}
            for case in cases:
                if not keep(case):
                    continue
                for name, run in systems.items():
                    pred = run(case)
                    tallies[name].add(case, pred)
                    if verbose and name == "redline":
                        want = {(tuple(sorted(a)), tuple(sorted(b)), r) for a, b, r in case.links}
                        got = {(tuple(sorted(a)), tuple(sorted(b)), r) for a, b, r in pred.links}
                        print(
                            f"  {title[:2]} {case.name}: missing {sorted(want - got)} wrong {sorted(got - want)}"
                        )
            print_table(f"{title} — {group}", {n: t.row() for n, t in tallies.items()})
            if group in ("cross-lang", "same-lang"):
                conf = tallies["redline"].confusion
                rels = ["same", "modified", "split", "merged", "(no link)"]
                print("  redline relation confusion (rows gold, columns predicted):")
                print("  " + " " * 10 + "".join(f"{r:>10}" for r in rels))
                for g in rels[:-1]:
                    print("  " + f"{g:<10}" + "".join(f"{conf[(g, p)]:>10}" for p in rels))
                print("  " + f"{'(no link)':<10}" + "".join(f"{conf[('(no link)', p)]:>10}" for p in rels))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--encoder", default="default")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    t = time.perf_counter()
    quality(args.encoder, args.verbose)
    print(f"\nquality run: {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
