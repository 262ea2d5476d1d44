"""The territory tile map: Ukraine's regions as tiles coloured by the status a document proposes.

The data come from :mod:`redline.analysis.territory` (regions, grid positions, statuses).  A partly
occupied region is a split tile: the left half shows the occupied part, the right half the part Ukraine
holds.  Statuses differ in colour *and* hatching.  One document gives one map with region names;
several give small multiples for comparison.
"""

from __future__ import annotations

import math
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from redline.report import i18n
from redline.report.figures.style import OKABE_ITO, TEXT_WIDTH, new_figure, short_label, styled

STATUS_STYLE: dict[str, tuple[str, str]] = {
    "ukrainian": (OKABE_ITO["sky"], ""),
    "frozen": (OKABE_ITO["yellow"], ""),
    "dmz": (OKABE_ITO["orange"], "...."),
    "de-facto": (OKABE_ITO["vermillion"], "////"),
    "de-jure": (OKABE_ITO["purple"], "xxxx"),
    "not-addressed": ("#FFFFFF", ""),
}


def _tile(ax: Axes, x: float, y: float, w: float, status: str) -> None:
    face, hatch = STATUS_STYLE.get(status, ("#FFFFFF", ""))
    ax.add_patch(Rectangle((x, y), w, 0.9, facecolor=face, hatch=hatch, edgecolor="#555555", lw=0.3))


def draw_map(ax: Axes, regions: list[dict[str, Any]], lang: str, names: bool) -> None:
    rows = max(r["row"] for r in regions) + 1
    cols = max(r["col"] for r in regions) + 1
    for r in regions:
        x, y = r["col"], rows - 1 - r["row"]
        if r["occupied_share"] == "part":
            _tile(ax, x, y, 0.45, r["occupied"])
            _tile(ax, x + 0.45, y, 0.45, r["held"])
        else:
            _tile(ax, x, y, 0.9, r["occupied"] if r["occupied_share"] == "whole" else r["held"])
        if names:
            name = r["name_de"] if lang == "de" else r["name"]
            ax.text(
                x + 0.45,
                y + 0.45,
                short_label(name, 14),
                ha="center",
                va="center",
                fontsize=4.6,
                bbox={"facecolor": "white", "alpha": 0.75, "lw": 0, "pad": 0.6},
            )
    ax.set_xlim(-0.1, cols)
    ax.set_ylim(-0.1, rows)
    ax.set_aspect("equal")
    ax.axis("off")


def legend(fig: Figure, lang: str, y: float = 0.0) -> None:
    handles = [
        Patch(facecolor=face, hatch=hatch, edgecolor="#555555", lw=0.3, label=i18n.text(f"st_{status}", lang))
        for status, (face, hatch) in STATUS_STYLE.items()
    ]
    fig.legend(
        handles=handles, loc="lower left", bbox_to_anchor=(0.0, y), ncol=3, frameon=False, fontsize=6.3
    )
    fig.text(0.0, y, i18n.text("territory_note", lang), fontsize=6, va="top", color="#444444")


@styled
def territory(maps: list[dict[str, Any]], numbers: dict[str, int], lang: str) -> Figure:
    """One map per document (small multiples), each titled with the document's number, date and title."""
    n = len(maps)
    cols = 1 if n == 1 else min(3, n)
    rows = math.ceil(n / cols) if n else 1
    panel_h = 3.0 if n == 1 else 1.45
    height = rows * (panel_h + 0.35) + 0.7
    fig = new_figure(TEXT_WIDTH, height)
    for k, mp in enumerate(maps):
        r, c = divmod(k, cols)
        left = c / cols + 0.01
        bottom = 1 - (r + 1) * (panel_h + 0.35) / height
        ax = fig.add_axes((left, bottom + 0.6 / height, 1 / cols - 0.02, panel_h / height))
        draw_map(ax, mp["regions"], lang, names=(n == 1))
        title = f"{numbers.get(mp['document'], '')}  {i18n.date(mp.get('date'), lang)}\n{short_label(mp['title'], 42)}"
        ax.set_title(title, fontsize=6.3, loc="left", pad=2)
    legend(fig, lang, 0.18 / height)
    return fig
