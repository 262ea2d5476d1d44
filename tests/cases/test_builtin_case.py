"""The built-in case bundle validates, imports, and round-trips byte-identically."""

from __future__ import annotations

import filecmp
from pathlib import Path

from redline.cases.bundle import builtin_case_dir, read_bundle
from redline.cases.loader import export_bundle, import_bundle
from redline.store.db import session_scope

BUILTIN = builtin_case_dir("ukraine-2025")


def test_builtin_bundle_is_valid_and_complete() -> None:
    b = read_bundle(BUILTIN)
    ids = {d.meta.id for d in b.documents}
    assert {
        "us-28-point-plan",
        "joint-20-point-framework-2025-12",
        "ru-memorandum-2025-06",
        "us-witkoff-framework-2025-04",
        "us-hegseth-parameters-2025-02",
        "ru-putin-conditions-2024-06",
        "coalition-paris-declaration-2026-01",
        "us-nss-2025",
        "ru-foreign-policy-concept-2023",
        "nato-strategic-concept-2022",
    } <= ids
    for d in b.documents:  # data honesty: every document carries its provenance
        assert d.meta.date and d.meta.actor and d.meta.status and d.meta.reliability, d.meta.id
        assert d.meta.sources and all(s.url.startswith("http") for s in d.meta.sources), d.meta.id
    positions = [x for x in b.case.dimensions if x.kind == "position"]
    assert len(positions) >= 15 and all(len(x.levels) >= 5 for x in positions)
    assert all(all(lv.example for lv in x.levels) for x in positions)
    assert len([x for x in b.case.dimensions if x.kind == "frame"]) >= 8
    sets = {s.id: s for s in b.case.criteria_sets}
    assert len(sets["just-peace"].criteria) == 3 and len(sets["credible-guarantees"].criteria) == 4
    plan = b.document("us-28-point-plan")
    assert [p.label for p in plan.provisions if p.level == 0] == [str(i) for i in range(1, 29)]


def test_builtin_case_round_trips(sqlite_url: str, tmp_path: Path) -> None:
    with session_scope(sqlite_url) as s:
        import_bundle(s, BUILTIN)
    with session_scope(sqlite_url) as s:
        export_bundle(s, "ukraine-2025", tmp_path / "one")
    with session_scope(sqlite_url) as s:
        import_bundle(s, tmp_path / "one", replace=True)
    with session_scope(sqlite_url) as s:
        export_bundle(s, "ukraine-2025", tmp_path / "two")
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert len(files) >= 18
    for f in files:
        assert filecmp.cmp(tmp_path / "one" / f, tmp_path / "two" / f, shallow=False), f


def test_builtin_scenarios_run(sqlite_url: str) -> None:
    from redline.simulate.stored import list_scenarios, run_scenario

    with session_scope(sqlite_url) as s:
        import_bundle(s, BUILTIN)
    with session_scope(sqlite_url) as s:
        keys = [r.key for r in list_scenarios(s, "ukraine-2025")]
        assert len(keys) >= 3
        base = run_scenario(s, "ukraine-2025", "europe-at-the-table", model="compromise")[1]
        without = run_scenario(
            s, "ukraine-2025", "europe-at-the-table", model="compromise", variant="europe-excluded"
        )[1]
        crimea = {r["id"]: r["prediction"] for r in base["issues"]}["crimea"]
        crimea_wo = {r["id"]: r["prediction"] for r in without["issues"]}["crimea"]
        assert crimea_wo > crimea  # without Europe the compromise on Crimea moves toward Russia
        eum = run_scenario(
            s, "ukraine-2025", "stronger-coalition", model="eum", variant="stronger-coalition"
        )[1]
        assert all("rounds" in r for r in eum["issues"])
