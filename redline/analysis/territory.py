"""What a document proposes for each of Ukraine's regions: the data of the territory tile map.

Each region (24 oblasts, Kyiv city, the Autonomous Republic of Crimea and Sevastopol) is tied to
the position dimension that covers it in the built-in codebook (``crimea``, ``donbas``, ``south``,
``other-occupied``) and to how much of it Russia occupies (``whole``, ``part`` or ``none``).  A
document's position on the dimension is read at the nearest anchored level (ties toward the lower,
Ukrainian end) and mapped to a status for the occupied part and for the part Ukraine holds:

- ``ukrainian``: under Ukrainian control (restored, or kept);
- ``frozen``: Russian control at the contact line, not recognised (also "status deferred");
- ``dmz``: a demilitarised or buffer zone Ukraine must leave, not recognised as Russian;
- ``de-facto``: recognised or handed over as Russian de facto;
- ``de-jure``: recognised as Russian in law;
- ``not-addressed``: the document has no position on the region's dimension.

The level table (:data:`LEVEL_STATUS`) follows the anchor definitions of ``case.yaml``; regions
without occupation are Ukrainian in every document, except that the border strip of Chernihiv,
Sumy and Kharkiv becomes a demilitarised zone where a document demands a Ukrainian pull-back from
Russia's border (``other-occupied`` = 100).  The grid places the tiles roughly as on a map; no
external map data is used.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from redline.analysis.data import CaseData
from redline.analysis.positions import explain_position, position_matrix

STATUSES = ("ukrainian", "frozen", "dmz", "de-facto", "de-jure", "not-addressed")
DIMENSIONS = ("crimea", "donbas", "south", "other-occupied")


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    name_de: str
    row: int
    col: int
    dimension: str | None
    occupied: str  # whole | part | none
    border: bool = False  # borders Russia: affected by a demanded pull-back from the border


REGIONS: tuple[Region, ...] = (
    Region("volyn", "Volyn", "Wolhynien", 0, 1, None, "none"),
    Region("rivne", "Rivne", "Riwne", 0, 2, None, "none"),
    Region("zhytomyr", "Zhytomyr", "Schytomyr", 0, 3, None, "none"),
    Region("kyiv-oblast", "Kyiv oblast", "Oblast Kiew", 0, 4, None, "none"),
    Region("chernihiv", "Chernihiv", "Tschernihiw", 0, 5, "other-occupied", "none", border=True),
    Region("sumy", "Sumy", "Sumy", 0, 6, "other-occupied", "part", border=True),
    Region("lviv", "Lviv", "Lwiw", 1, 0, None, "none"),
    Region("ternopil", "Ternopil", "Ternopil", 1, 1, None, "none"),
    Region("khmelnytskyi", "Khmelnytskyi", "Chmelnyzkyj", 1, 2, None, "none"),
    Region("vinnytsia", "Vinnytsia", "Winnyzja", 1, 3, None, "none"),
    Region("kyiv", "Kyiv city", "Stadt Kiew", 1, 4, None, "none"),
    Region("poltava", "Poltava", "Poltawa", 1, 5, None, "none"),
    Region("kharkiv", "Kharkiv", "Charkiw", 1, 6, "other-occupied", "part", border=True),
    Region("luhansk", "Luhansk", "Luhansk", 1, 7, "donbas", "whole"),
    Region("zakarpattia", "Zakarpattia", "Transkarpatien", 2, 0, None, "none"),
    Region("ivano-frankivsk", "Ivano-Frankivsk", "Iwano-Frankiwsk", 2, 1, None, "none"),
    Region("chernivtsi", "Chernivtsi", "Czernowitz", 2, 2, None, "none"),
    Region("cherkasy", "Cherkasy", "Tscherkassy", 2, 3, None, "none"),
    Region("kirovohrad", "Kirovohrad", "Kirowohrad", 2, 4, None, "none"),
    Region("dnipropetrovsk", "Dnipropetrovsk", "Dnipropetrowsk", 2, 5, "other-occupied", "part"),
    Region("donetsk", "Donetsk", "Donezk", 2, 6, "donbas", "part"),
    Region("odesa", "Odesa", "Odessa", 3, 2, None, "none"),
    Region("mykolaiv", "Mykolaiv", "Mykolajiw", 3, 3, "other-occupied", "part"),
    Region("kherson", "Kherson", "Cherson", 3, 4, "south", "part"),
    Region("zaporizhzhia", "Zaporizhzhia", "Saporischschja", 3, 5, "south", "part"),
    Region("sevastopol", "Sevastopol", "Sewastopol", 4, 3, "crimea", "whole"),
    Region("crimea", "Crimea", "Krim", 4, 4, "crimea", "whole"),
)

U, F, Z, DF, DJ = "ukrainian", "frozen", "dmz", "de-facto", "de-jure"
# dimension -> anchored level -> (status of the occupied part, status of the Ukrainian-held part)
LEVEL_STATUS: dict[str, dict[float, tuple[str, str]]] = {
    "crimea": {0: (U, U), 25: (F, U), 50: (F, U), 75: (DF, U), 90: (DJ, U), 100: (DJ, U)},
    "donbas": {
        0: (U, U),
        25: (F, U),
        50: (F, U),
        60: (F, U),  # a special zone only as an option: nothing binding changes
        75: (DF, U),
        85: (F, Z),  # binding Ukrainian withdrawal into a zone not recognised as Russian
        90: (DF, DF),
        100: (DJ, DJ),
    },
    "south": {0: (U, U), 25: (F, U), 50: (F, U), 75: (DF, U), 90: (DJ, U), 100: (DJ, DJ)},
    "other-occupied": {0: (U, U), 25: (U, U), 50: (F, U), 75: (DF, U), 100: (DF, Z)},
}


def level_status(dimension: str, value: float | None) -> tuple[str, str]:
    """(occupied part, held part) for a position, read at the nearest anchored level."""
    if value is None or pd.isna(value):
        return "not-addressed", "not-addressed"
    table = LEVEL_STATUS[dimension]
    level = min(table, key=lambda lv: (abs(lv - value), lv))
    return table[level]


def region_status(region: Region, value: float | None) -> dict[str, str]:
    """The statuses of one region's occupied and held parts under a position on its dimension."""
    if region.dimension is None:
        return {"occupied": "ukrainian", "held": "ukrainian"}
    occupied, held = level_status(region.dimension, value)
    if region.occupied == "none":
        # nothing occupied: only a demanded pull-back from the border changes anything
        border_zone = region.border and held == "dmz"
        if value is None or pd.isna(value):
            return {"occupied": "ukrainian", "held": "ukrainian"}
        return {"occupied": "ukrainian", "held": "dmz" if border_zone else "ukrainian"}
    if region.occupied == "whole":
        held = occupied
    elif held == "dmz" and not region.border and region.dimension == "other-occupied":
        held = "ukrainian"  # the border pull-back concerns border regions only
    return {"occupied": occupied, "held": held}


def available(data: CaseData) -> bool:
    """Whether the case's codebook has the territorial dimensions the map needs."""
    ids = {d.id for d in data.position_dims}
    return any(d in ids for d in DIMENSIONS)


def territory_map(data: CaseData, document: str, matrix: pd.DataFrame | None = None) -> dict:
    """Per region: the document's position on the region's dimension and the resulting statuses."""
    data.doc(document)
    matrix = position_matrix(data) if matrix is None else matrix
    row = matrix.loc[document]
    regions = []
    explained: dict[str, list[dict]] = {}
    for r in REGIONS:
        value = None
        if r.dimension is not None and r.dimension in row.index and not pd.isna(row[r.dimension]):
            value = round(float(row[r.dimension]), 2)
        status = region_status(r, value)
        if r.dimension is not None and value is not None and r.dimension not in explained:
            explained[r.dimension] = explain_position(data, document, r.dimension)
        regions.append(
            {
                "id": r.id,
                "name": r.name,
                "name_de": r.name_de,
                "row": r.row,
                "col": r.col,
                "dimension": r.dimension,
                "occupied_share": r.occupied,
                "value": value,
                "occupied": status["occupied"],
                "held": status["held"],
            }
        )
    return {"case": data.case_id, "document": document, "regions": regions, "provisions": explained}


def territory_documents(data: CaseData, matrix: pd.DataFrame | None = None) -> list[str]:
    """Documents (date order) that address at least one territorial dimension: the slider's stops."""
    matrix = position_matrix(data) if matrix is None else matrix
    cols = [d for d in DIMENSIONS if d in matrix.columns]
    if not cols:
        return []
    return [d.id for d in data.documents if matrix.loc[d.id, cols].notna().any()]
