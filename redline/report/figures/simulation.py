"""Simulation outcomes: each issue's predicted position under every variant of a scenario.

Rows are issues on the 0-100 scale; each variant is a marker of its own colour and shape; the actors'
input positions of the base case are drawn behind as small lettered ticks, so a reader sees whose
position the prediction lands near.
"""

from __future__ import annotations

import textwrap
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from redline.report import i18n
from redline.report.figures.style import GREY, MARKERS, SERIES, TEXT_WIDTH, new_figure, short_label, styled


@styled
def outcomes(scenario: dict[str, Any], model: str, lang: str) -> Figure:
    issues = scenario["issues"]
    variants = scenario["variants"]
    height = 1.3 + 0.24 * len(issues)
    fig = new_figure(TEXT_WIDTH, height)
    ax = fig.add_axes((0.3, 0.55 / height, 0.66, 1 - 1.05 / height))
    n = len(issues)
    base = variants[0]["positions"] if variants else {}
    for i, issue in enumerate(issues):
        y = n - 1 - i
        ax.axhline(y, color="#EEEEEE", lw=0.5, zorder=0)
        at: dict[float, list[str]] = {}
        for actor, pos in base.get(issue["id"], {}).items():
            at.setdefault(round(pos, 0), []).append(actor)
        for pos, names in sorted(at.items()):
            ax.plot([pos], [y], marker="|", markersize=7, color=GREY, zorder=1)
            ax.annotate(
                ", ".join(names),
                (pos, y),
                xytext=(0, -6.5),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=4.5,
                color="#777777",
            )
        for k, v in enumerate(variants):
            pred = v["predictions"].get(issue["id"])
            if pred is None:
                continue
            off = (k - (len(variants) - 1) / 2) * 0.12
            ax.plot(
                [pred],
                [y + off],
                ls="",
                marker=MARKERS[k % len(MARKERS)],
                markersize=4.5,
                color=SERIES[(k + 1) % len(SERIES)],
                zorder=3,
            )
    ax.set_yticks(range(n), [short_label(iss["name"], 34) for iss in reversed(issues)])
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlim(-2, 102)
    ax.set_xlabel(i18n.text("axis_outcome", lang))
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    handles = [
        Line2D(
            [],
            [],
            ls="",
            marker=MARKERS[k % len(MARKERS)],
            markersize=4.5,
            color=SERIES[(k + 1) % len(SERIES)],
            label=textwrap.shorten(v["id"] or i18n.text("baseline", lang), 30, placeholder="…"),
        )
        for k, v in enumerate(variants)
    ] + [
        Line2D([], [], ls="", marker="|", markersize=7, color=GREY, label=i18n.text("actors_positions", lang))
    ]
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.3, 1.0),
        ncol=min(len(handles), 4),
        frameon=False,
        title=f"{model}",
        title_fontsize=6.5,
        alignment="left",
    )
    return fig
