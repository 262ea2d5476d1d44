"""Align the top-level provisions of two documents: links, dropped, added, and what changed.

Steps (see docs/compare.md for the reasoning and the calibration):

1. Embed all provisions (cached), score all pairs and normalise them to margins (:mod:`.scoring`).
2. One-to-one matching with ``scipy.optimize.linear_sum_assignment`` on the margins: order-free, so
   reordered, renumbered and shuffled provisions align, unlike monotonic sentence aligners.
3. Links with a margin below ``threshold`` are undone: their provisions are dropped (A) or added (B).
   Pairs within ``band`` of the threshold are flagged borderline.
4. Split/merge pass: a provision may link to a group of 2-3 provisions of the other side (not necessarily
   adjacent) taken from its own link and the unlinked provisions, when the group's margin clears the
   threshold and beats the single link by ``group_gain``.
5. Every link gets number/date/entity changes, a word diff for same-language pairs and a relation.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from redline.align.cache import EmbeddingCache, embed
from redline.align.changes import changed_word_share, detect_changes, word_diff
from redline.align.encoders import CombinedEncoder, Encoder, default_encoder
from redline.align.result import Alignment, Link
from redline.align.scoring import Scorer, char_tfidf


@dataclass(frozen=True)
class AlignParams:
    """Tunable constants; the defaults are calibrated on the gold sets in tests/fixtures/align/."""

    threshold: float = 0.55  # minimum margin of a link
    band: float = 0.3  # margins within threshold +- band are reported as borderline
    member_threshold: float = -0.25  # minimum margin of each member of a split/merge group
    group_gain: float = 0.3  # a group must beat the best single link's margin by this much
    max_candidates: int = 4  # unlinked provisions considered as group members, best margins first
    same_threshold: float = 0.0  # 1-1 links below this margin are "modified" even without other evidence
    same_language_share: float = 1.0  # same-language links changing more content words are "modified"
    length_tolerance: float = (
        0.3  # a length ratio this far (in log) from the document's typical one: modified
    )
    lexical_weight: float = 0.3  # char TF-IDF weight in the similarity of same-language pairs
    k: int = 3  # CSLS neighbourhood size


def _import_all(names: Sequence[str]) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # the aligner's own import of the module reports the error where it matters
            return


def _import_in_background(names: Sequence[str]) -> threading.Thread | None:
    """Import ``names`` in a daemon thread, one after the other (the thread, or None if all are imported).
    A later import of the same module in the calling thread waits for it (Python's per-module import lock),
    so this only ever saves time."""
    todo = [name for name in names if name not in sys.modules]
    if not todo:
        return None
    thread = threading.Thread(target=_import_all, args=(todo,), name="redline-imports", daemon=True)
    thread.start()
    return thread


def _start_imports(lexical: bool = False) -> threading.Thread | None:
    """Start importing what :func:`align` needs after embedding: SciPy's assignment solver (~0.3-0.4 s of
    CPU), number-parser and, with ``lexical`` (same-language pairs), scikit-learn's TfidfVectorizer (~1 s).

    :func:`align` calls this before embedding: the imports hold the GIL, e5 (C) does not, so on a cold run
    they finish while the models embed.  (Calling it earlier in ``redline compare``, while the files are
    read, gained nothing measurable: that work holds the GIL too.)"""
    later = ["scipy.optimize", "number_parser"] + (["sklearn.feature_extraction.text"] if lexical else [])
    return _import_in_background(later)


def _same_language(lang_a: str | None, lang_b: str | None) -> bool:
    return bool(lang_a) and (lang_a or "")[:2].lower() == (lang_b or "")[:2].lower()


def _best_group(
    scorer: Scorer, pivot: int, candidates: list[int], pivot_is_a: bool, params: AlignParams
) -> tuple[list[int], float, float] | None:
    """The best 2-3 member group for ``pivot`` among ``candidates`` (members of the other side)."""
    best: tuple[list[int], float, float] | None = None
    for size in (2, 3):
        for group in combinations(sorted(candidates), size):
            a_idx, b_idx = ([pivot], list(group)) if pivot_is_a else (list(group), [pivot])
            sim, margin = scorer.group_scores(a_idx, b_idx)
            if best is None or margin > best[2]:
                best = (list(group), sim, margin)
    return best


def _group_pass(scorer: Scorer, links: dict[int, int], params: AlignParams) -> list[Link]:
    """Find split and merge groups; removes the 1-1 links they absorb from ``links`` (A index -> B index)."""
    n, m = scorer.margin.shape
    groups: list[Link] = []
    for pivot_is_a in (True, False):
        size = n if pivot_is_a else m
        margin = scorer.margin if pivot_is_a else scorer.margin.T
        mine = dict(links) if pivot_is_a else {b: a for a, b in links.items()}
        linked_other = set(mine.values())
        taken_other = {x for g in groups for x in (g.b if pivot_is_a else g.a)}
        taken_self = {x for g in groups for x in (g.a if pivot_is_a else g.b)}
        proposals = []
        for p in range(size):
            if p in taken_self:
                continue
            free = [
                q
                for q in range(margin.shape[1])
                if q not in linked_other and q not in taken_other and margin[p, q] >= params.member_threshold
            ]
            free = sorted(free, key=lambda q: -margin[p, q])[: params.max_candidates]
            own = mine.get(p)
            candidates = free + ([own] if own is not None else [])
            if len(candidates) < 2:
                continue
            best = _best_group(scorer, p, candidates, pivot_is_a, params)
            single = margin[p, own] if own is not None else -np.inf
            if best and best[2] >= params.threshold and best[2] >= single + params.group_gain:
                proposals.append((best[2] - max(single, params.threshold), p, best))
        used: set[int] = set()
        for _, p, (group, sim, mg) in sorted(proposals, reverse=True):
            if used & set(group):
                continue
            used |= set(group)
            for q in group:  # members' old 1-1 links are absorbed
                for a, b in list(links.items()):
                    if (pivot_is_a and b == q) or (not pivot_is_a and a == q):
                        del links[a]
            if pivot_is_a:
                links.pop(p, None)
                groups.append(Link([p], sorted(group), "split", sim, mg))
            else:
                for a, b in list(links.items()):
                    if b == p:
                        del links[a]
                groups.append(Link(sorted(group), [p], "merged", sim, mg))
    return groups


def align(
    a_texts: Sequence[str],
    b_texts: Sequence[str],
    lang_a: str | None = None,
    lang_b: str | None = None,
    encoder: Encoder | None = None,
    cache: EmbeddingCache | None = None,
    *,
    a_ids: Sequence[int] | None = None,
    b_ids: Sequence[int] | None = None,
    params: AlignParams | None = None,
) -> Alignment:
    """Align two lists of top-level provision texts (``a_ids``/``b_ids``: their provision indexes)."""
    params = params or AlignParams()
    same = _same_language(lang_a, lang_b)
    lexical = same and params.lexical_weight > 0
    _start_imports(lexical)
    encoder = encoder or default_encoder()
    if isinstance(encoder, CombinedEncoder):
        encoder = encoder.for_languages(lang_a, lang_b)
    a_texts, b_texts = list(a_texts), list(b_texts)
    a_ids = list(a_ids) if a_ids is not None else list(range(1, len(a_texts) + 1))
    b_ids = list(b_ids) if b_ids is not None else list(range(1, len(b_texts) + 1))
    if len(a_ids) != len(a_texts) or len(b_ids) != len(b_texts):
        raise ValueError("ids and texts differ in length")
    result = Alignment(a_ids, b_ids, [], [], [], encoder.name, params.threshold, params.band, lang_a, lang_b)
    if not a_texts or not b_texts:
        result.dropped, result.added = list(range(len(a_texts))), list(range(len(b_texts)))
        return result

    vectors = embed(encoder, a_texts + b_texts, cache)
    lex = char_tfidf(a_texts + b_texts) if lexical else None
    n = len(a_texts)
    scorer = Scorer(
        vectors[:n],
        vectors[n:],
        lex[:n] if lex is not None else None,
        lex[n:] if lex is not None else None,
        params.lexical_weight if same else 0.0,
        params.k,
    )
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(-scorer.margin)
    links: dict[int, int] = {}
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        mg = float(scorer.margin[i, j])
        if mg >= params.threshold:
            links[i] = j
        elif mg >= params.threshold - params.band:
            result.borderline_unlinked.append((i, j, mg))

    out = _group_pass(scorer, links, params)
    for i, j in links.items():
        sim, mg = scorer.group_scores([i], [j])
        out.append(Link([i], [j], "same", sim, mg))
    lengths = [
        np.log(len(b_texts[x.b[0]]) / max(len(a_texts[x.a[0]]), 1)) for x in out if x.relation == "same"
    ]
    typical_ratio = float(np.median(lengths)) if lengths else 0.0
    for link in out:
        a_text = "\n".join(a_texts[i] for i in link.a)
        b_text = "\n".join(b_texts[j] for j in link.b)
        link.changes = detect_changes(a_text, b_text, lang_a, lang_b)
        link.diff = word_diff(a_text, b_text) if same else None
        link.borderline = link.margin < params.threshold + params.band
        length_shift = abs(np.log(len(b_text) / max(len(a_text), 1)) - typical_ratio)
        if link.relation == "same" and _is_modified(link, length_shift, params):
            link.relation = "modified"
    result.links = out
    linked_a = {i for link in out for i in link.a}
    linked_b = {j for link in out for j in link.b}
    result.dropped = [i for i in range(len(a_texts)) if i not in linked_a]
    result.added = [j for j in range(len(b_texts)) if j not in linked_b]
    result.borderline_unlinked = [
        (i, j, mg) for i, j, mg in result.borderline_unlinked if i not in linked_a and j not in linked_b
    ]
    return result


def _is_modified(link: Link, length_shift: float, params: AlignParams) -> bool:
    """A 1-1 link is ``modified`` when a number, date or entity changed, its length ratio departs from the
    document's typical one (content added or removed; translations change length by a steady factor), the
    wording changed a lot (same language), or the margin is too low for a faithful rewording."""
    if link.changes or length_shift > params.length_tolerance:
        return True
    if link.diff is not None and changed_word_share(link.diff) > params.same_language_share:
        return True
    return link.margin < params.same_threshold
