"""Shared set-up for the report tests: the mini case in a scratch database, with a stored alignment of its
two versions (made with a deterministic stand-in encoder) and a stored scenario run."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = FIXTURES / "bundle-mini"


class BagEncoder:
    """Hashed bags of word prefixes: same-language similarity without a model."""

    name = "test-bag-v1"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 256), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(word[:5].encode()).hexdigest(), 16) % 256] += 1.0
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        return out


def load_mini(url: str, *, align: bool = True, scenario: bool = True) -> None:
    """Import the mini bundle into ``url``; store an alignment of b-plan with a-opening and a scenario run."""
    from redline.analysis.data import load_case_data
    from redline.cases.loader import import_bundle
    from redline.report.context import Context
    from redline.report.versions import ensure_alignment
    from redline.simulate.stored import run_scenario, save_scenario, scenario_from_case
    from redline.store.db import session_scope

    with session_scope(url) as s:
        import_bundle(s, MINI)
    if align:
        with session_scope(url) as s:
            ensure_alignment(Context(s, "mini", replicates=0), "a-opening", "b-plan", BagEncoder())
    if scenario:
        with session_scope(url) as s:
            save_scenario(s, "mini", scenario_from_case(load_case_data(s, "mini"), "talks"))
        with session_scope(url) as s:
            run_scenario(s, "mini", "talks", model="compromise")
