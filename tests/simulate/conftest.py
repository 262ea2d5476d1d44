"""Fixtures of the bargaining-model tests: the shared reference data (skipped when absent)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from redline.simulate.data import Issue, make_issue

BARGAINING = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "bargaining"


@pytest.fixture
def bargaining_dir() -> Path:
    if not BARGAINING.is_dir():
        pytest.skip(
            f"reference data folder {BARGAINING} is absent (../shared/data/bargaining from the project root)"
        )
    return BARGAINING


@pytest.fixture
def emissions(bargaining_dir: Path) -> Issue:
    """Bueno de Mesquita's 1994 car-emissions example."""
    with (bargaining_dir / "bdm1994_emissions.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    return make_issue(
        "emissions",
        [r["Actor"] for r in rows],
        [float(r["Position"]) for r in rows],
        [float(r["Salience"]) for r in rows],
        [float(r["Capability"]) for r in rows],
    )


@pytest.fixture
def emissions_expected(bargaining_dir: Path) -> dict[str, Any]:
    return json.loads((bargaining_dir / "bdm1994_emissions.expected.json").read_text())


@pytest.fixture
def ktab_scenario(bargaining_dir: Path) -> Issue:
    """KTAB's 7-actor, 3-dimension dummy scenario (KTAB CSV: saliences and positions on 0-100)."""
    with (bargaining_dir / "ktab_dummy_3dim.csv").open(newline="") as fh:
        rows = list(csv.reader(fh))
    n_actors, n_dims = int(rows[0][2]), int(rows[0][3])
    body = rows[2 : 2 + n_actors]
    return Issue(
        id="ktab-dummy",
        actors=tuple(r[0].strip() for r in body),
        positions=np.array([[float(r[3 + 2 * d]) for d in range(n_dims)] for r in body]),
        saliences=np.array([[float(r[4 + 2 * d]) for d in range(n_dims)] for r in body]) / 100.0,
        capabilities=np.array([float(r[2]) for r in body]),
    )


@pytest.fixture
def ktab_expected(bargaining_dir: Path) -> dict[str, Any]:
    return json.loads((bargaining_dir / "ktab_dummy_3dim.expected.json").read_text())
