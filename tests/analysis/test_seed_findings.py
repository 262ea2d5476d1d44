"""The seed's findings, computed from the built-in case's codings (nothing here is hard-coded).

Each finding is a claim in ``redline/cases/ukraine-2025/case.yaml``; this module checks that every
claim holds and spells out the central ones directly, and that the README's findings table is the
one the current data produces (``redline claims --case ukraine-2025 --markdown``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from redline.analysis.affinity import affinity_matrix, frame_profiles
from redline.analysis.claims import check_claims, claims_markdown
from redline.analysis.data import load_case_data
from redline.analysis.movement import Measures
from redline.cases.bundle import builtin_case_dir
from redline.cases.loader import import_bundle
from redline.store.db import session_scope

README = Path(__file__).resolve().parents[2] / "README.md"
START, END = "<!-- findings:start -->", "<!-- findings:end -->"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path_factory.mktemp('seed') / 'seed.sqlite'}"
    with session_scope(url) as s:
        import_bundle(s, builtin_case_dir("ukraine-2025"))
    with session_scope(url) as s:
        return load_case_data(s, "ukraine-2025")


@pytest.fixture(scope="module")
def report(data):  # type: ignore[no-untyped-def]
    return check_claims(data)


def test_every_finding_of_the_seed_holds(report) -> None:  # type: ignore[no-untyped-def]
    failing = [c["id"] for c in report["claims"] if not c["holds"]]
    assert not failing, failing
    assert report["summary"]["claims"] >= 10


def test_us_drift_toward_russia_and_back(data) -> None:  # type: ignore[no-untyped-def]
    meas = Measures(data, replicates=0)
    order = [
        "us-hegseth-parameters-2025-02",
        "us-witkoff-framework-2025-04",
        "us-28-point-plan",
        "joint-20-point-framework-2025-12",
    ]
    moves = [meas.concession(a, b)["movement"] for a, b in zip(order, order[1:], strict=False)]
    assert moves[0] > 0 and moves[1] > 0 and moves[2] < 0, moves


def test_territorial_contrasts_and_army_cap(data) -> None:  # type: ignore[no-untyped-def]
    mat = Measures(data, replicates=0).matrix
    assert mat.loc["us-witkoff-framework-2025-04", "crimea"] > mat.loc["us-28-point-plan", "crimea"]
    assert mat.loc["us-28-point-plan", "donbas"] > mat.loc["us-witkoff-framework-2025-04", "donbas"]
    assert mat.loc["us-28-point-plan", "army-cap"] > mat.loc["joint-20-point-framework-2025-12", "army-cap"]


def test_nss_closer_to_russian_concept_than_to_nato(data) -> None:  # type: ignore[no-untyped-def]
    docs = ["us-nss-2025", "ru-foreign-policy-concept-2023", "nato-strategic-concept-2022"]
    aff = affinity_matrix(frame_profiles(data, docs))
    assert aff.loc["us-nss-2025", "ru-foreign-policy-concept-2023"] > aff.loc["us-nss-2025", docs[2]]


def test_readme_table_is_current(report) -> None:  # type: ignore[no-untyped-def]
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text, "README lacks the findings table markers"
    current = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert current == claims_markdown(report).strip(), (
        "README findings table is stale: regenerate it with `python scripts/update_readme_findings.py`"
    )
