"""The region-status mapping of the territory page (redline.analysis.territory)."""

from __future__ import annotations

from pathlib import Path

import yaml

from redline.analysis.territory import LEVEL_STATUS, REGIONS, level_status, region_status

CASE_YAML = Path(__file__).resolve().parents[2] / "redline/cases/ukraine-2025/case.yaml"


def test_one_tile_per_region_on_distinct_cells() -> None:
    assert len(REGIONS) == 27  # 24 oblasts, Kyiv city, Crimea, Sevastopol
    assert len({(r.row, r.col) for r in REGIONS}) == 27
    assert {"crimea", "sevastopol", "kyiv"} <= {r.id for r in REGIONS}


def test_level_table_matches_the_codebook_anchors() -> None:
    dims = {d["id"]: d for d in yaml.safe_load(CASE_YAML.read_text(encoding="utf-8"))["dimensions"]}
    for dim, table in LEVEL_STATUS.items():
        assert sorted(table) == sorted(lv["value"] for lv in dims[dim]["levels"]), dim


def test_nearest_level_with_ties_toward_ukraine() -> None:
    assert level_status("crimea", None) == ("not-addressed", "not-addressed")
    assert level_status("crimea", 100) == ("de-jure", "ukrainian")
    assert level_status("crimea", 62.5) == ("frozen", "ukrainian")  # tie 50/75: the lower level
    assert level_status("donbas", 86) == ("frozen", "dmz")


def test_regions_by_occupation() -> None:
    by_id = {r.id: r for r in REGIONS}
    assert region_status(by_id["lviv"], None) == {"occupied": "ukrainian", "held": "ukrainian"}
    assert region_status(by_id["luhansk"], 75) == {"occupied": "de-facto", "held": "de-facto"}  # whole region
    assert region_status(by_id["donetsk"], 75) == {"occupied": "de-facto", "held": "ukrainian"}
    assert region_status(by_id["donetsk"], 85) == {"occupied": "frozen", "held": "dmz"}
    assert region_status(by_id["chernihiv"], 100) == {"occupied": "ukrainian", "held": "dmz"}  # border strip
    assert region_status(by_id["mykolaiv"], 100) == {"occupied": "de-facto", "held": "ukrainian"}
    assert region_status(by_id["kherson"], None) == {"occupied": "not-addressed", "held": "not-addressed"}
