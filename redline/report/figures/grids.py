"""Matrix charts: the positions heatmap, the criteria and red-line matrices, strategic affinity.

Every cell carries its value or a symbol (✓ ✗ –) as text, so no reading depends on colour alone; the
sequential colour map is cividis (colour-blind safe, monotone in lightness).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from redline.report import i18n
from redline.report.figures.style import GREY, LIGHT, OKABE_ITO, TEXT_WIDTH, new_figure, short_label, styled

CMAP = colormaps["cividis"]
STATUS_STYLE = {
    "pass": (OKABE_ITO["green"], "✓", "white"),
    "respected": (OKABE_ITO["green"], "✓", "white"),
    "fail": (OKABE_ITO["vermillion"], "✗", "white"),
    "violated": (OKABE_ITO["vermillion"], "✗", "white"),
    "not addressed": (LIGHT, "–", "#555555"),
}


def _text_colour(rgba: tuple[float, ...]) -> str:
    r, g, b = rgba[:3]
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


def _row_labels(ax: Axes, labels: list[str]) -> None:
    ax.set_yticks(range(len(labels)), labels)
    ax.tick_params(axis="both", length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)


def doc_label(doc: dict[str, Any], numbers: dict[str, int], width: int = 40) -> str:
    n = numbers.get(doc.get("id") or doc.get("document") or "", "")
    return f"{n}  {short_label(doc['title'], width)}" if n else short_label(doc["title"], width)


@styled
def positions(matrix: dict[str, Any], numbers: dict[str, int], lang: str) -> Figure:
    """Documents (rows) × issues (columns); cells coloured and labelled with the position, blank = not addressed."""
    docs, dims = matrix["documents"], matrix["dimensions"]
    values = np.array([[np.nan if v is None else v for v in row] for row in matrix["values"]], dtype=float)
    height = 1.75 + 0.2 * len(docs)
    fig = new_figure(TEXT_WIDTH, height)
    ax = fig.add_axes((0.34, 0.62 / height, 0.6, 1 - (1.2 + 0.62) / height))
    norm = Normalize(0, 100)
    ax.imshow(np.ma.masked_invalid(values), cmap=CMAP, norm=norm, aspect="auto")
    for i in range(len(docs)):
        for j in range(len(dims)):
            v = values[i, j]
            if np.isnan(v):
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="white", edgecolor=LIGHT, lw=0.4))
                ax.text(j, i, "·", ha="center", va="center", fontsize=6, color=GREY)
            else:
                ax.text(
                    j,
                    i,
                    f"{v:.0f}",
                    ha="center",
                    va="center",
                    fontsize=5.2,
                    color=_text_colour(CMAP(norm(v))),
                )
    _row_labels(ax, [doc_label(d, numbers, 38) for d in docs])
    ax.xaxis.tick_top()
    ax.set_xticks(
        range(len(dims)),
        [short_label(d["name"], 26) for d in dims],
        rotation=55,
        ha="left",
        rotation_mode="anchor",
        fontsize=6.3,
    )
    ax.set_xlim(-0.5, len(dims) - 0.5)
    ax.set_ylim(len(docs) - 0.5, -0.5)
    cax = fig.add_axes((0.34, 0.34 / height, 0.3, 0.08 / height))
    sm = fig.colorbar(ax.images[0], cax=cax, orientation="horizontal")
    sm.ax.tick_params(labelsize=6, length=2)
    sm.outline.set_linewidth(0.4)
    scale = matrix.get("scale") or {}
    legend = i18n.text(
        "legend_positions",
        lang,
        min=short_label(scale.get("min_means", "0"), 60),
        max=short_label(scale.get("max_means", "100"), 40),
    )
    fig.text(0.34, 0.0, legend, fontsize=5.8, va="bottom")
    return fig


def _status_grid(
    ax: Axes, rows: list[str], statuses: list[list[str]], columns: list[str], lang: str, fontsize: float = 7
) -> None:
    for i, row in enumerate(statuses):
        for j, st in enumerate(row):
            face, sym, colour = STATUS_STYLE.get(st, (LIGHT, "?", "black"))
            ax.add_patch(Rectangle((j - 0.45, i - 0.45), 0.9, 0.9, facecolor=face, edgecolor="white", lw=0.5))
            ax.text(j, i, sym, ha="center", va="center", fontsize=fontsize, color=colour)
    ax.set_xlim(-0.5, len(columns) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    _row_labels(ax, rows)
    ax.xaxis.tick_top()
    ax.set_xticks(range(len(columns)), columns, rotation=55, ha="left", rotation_mode="anchor", fontsize=6.3)


def _status_legend(fig: Figure, keys: list[str], lang: str, y: float) -> None:
    handles = [
        Patch(
            facecolor=STATUS_STYLE[k][0],
            edgecolor="#999999",
            lw=0.4,
            label=f"{STATUS_STYLE[k][1]} {i18n.text(k, lang)}",
        )
        for k in keys
    ]
    fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.02, y),
        ncol=len(keys),
        frameon=False,
        fontsize=6.5,
    )


@styled
def criteria(sets: list[dict[str, Any]], numbers: dict[str, int], lang: str) -> Figure:
    """Documents × criteria (all sets side by side): pass ✓, fail ✗, not addressed –."""
    columns, groups = [], []
    for s in sets:
        groups.append((len(columns), len(s["criteria"]), s["name"]))
        columns += [short_label(c["name"], 34) for c in s["criteria"]]
    docs = sets[0]["rows"] if sets else []
    rows = [doc_label({"id": d["document"], "title": d["title"]}, numbers, 38) for d in docs]
    statuses = [[c["status"] for s in sets for c in s["rows"][i]["cells"]] for i in range(len(docs))]
    height = 1.9 + 0.2 * len(rows)
    fig = new_figure(TEXT_WIDTH, height)
    ax = fig.add_axes((0.36, 0.45 / height, 0.6, 1 - 1.85 / height))
    _status_grid(ax, rows, statuses, columns, lang)
    for start, n, name in groups:
        ax.annotate(
            short_label(name, 9 * n),
            xy=(start - 0.4, len(rows) - 0.5),
            xycoords="data",
            xytext=(0, -3),
            textcoords="offset points",
            fontsize=6.5,
            fontweight="bold",
            va="top",
            annotation_clip=False,
        )
        if start:
            ax.axvline(start - 0.5, color="#333333", lw=0.8)
    _status_legend(fig, ["pass", "fail", "not addressed"], lang, 0.0)
    return fig


@styled
def red_lines(report: dict[str, Any], numbers: dict[str, int], actors: dict[str, str], lang: str) -> Figure:
    """Documents × red lines grouped by actor: respected ✓, violated ✗, not addressed –."""
    lines = report["lines"]
    columns = [f"{short_label(rl['name'], 20)} {rl['limit']}" for rl in lines]
    rows = [doc_label({"id": d["document"], "title": d["title"]}, numbers, 36) for d in report["documents"]]
    statuses = [d["statuses"] for d in report["documents"]]
    width = max(TEXT_WIDTH, 2.4 + 0.13 * len(columns))
    height = 2.3 + 0.18 * len(rows)
    fig = new_figure(width, height)
    left = 2.2 / width
    ax = fig.add_axes((left, 0.3 / height + 0.08, 1 - left - 0.02, 1 - (2.0 / height) - 0.08))
    _status_grid(ax, rows, statuses, columns, lang, fontsize=5.5)
    ax.tick_params(axis="x", labelsize=5.5)
    start = 0
    for j in range(1, len(lines) + 1):
        if j == len(lines) or lines[j]["actor"] != lines[start]["actor"]:
            ax.annotate(
                short_label(actors.get(lines[start]["actor"], lines[start]["actor"]), 3 + 3 * (j - start)),
                xy=(start - 0.4, len(rows) - 0.5),
                xytext=(0, -3),
                textcoords="offset points",
                fontsize=6,
                fontweight="bold",
                va="top",
                annotation_clip=False,
            )
            if start:
                ax.axvline(start - 0.5, color="#333333", lw=0.8)
            start = j
    _status_legend(fig, ["respected", "violated", "not addressed"], lang, 0.0)
    return fig


@styled
def affinity(aff: dict[str, Any], numbers: dict[str, int], lang: str) -> Figure:
    """Left: affinity of the strategy documents (0-1); right: their frame profiles (0-3)."""
    docs = aff["documents"]
    ids = [d["id"] for d in docs]
    labels = [doc_label(d, numbers, 30) for d in docs]
    mat = np.array([[aff["matrix"][a][b] for b in ids] for a in ids], dtype=float)
    frames = aff["frames"]
    prof = np.array([[p["value"] for p in d["profile"]] for d in docs], dtype=float)
    height = 1.75 + 0.3 * len(docs)
    fig = new_figure(TEXT_WIDTH, height)
    top = 1 - 1.3 / height
    bottom = 0.25 / height
    ax1 = fig.add_axes((0.27, bottom, 0.2, top - bottom))
    norm1 = Normalize(0, 1)
    ax1.imshow(mat, cmap=CMAP, norm=norm1, aspect="auto")
    for i in range(len(ids)):
        for j in range(len(ids)):
            ax1.text(
                j,
                i,
                i18n.number(mat[i, j], lang, 2),
                ha="center",
                va="center",
                fontsize=6,
                color=_text_colour(CMAP(norm1(mat[i, j]))),
            )
    _row_labels(ax1, labels)
    ax1.xaxis.tick_top()
    ax1.set_xticks(range(len(ids)), [str(numbers.get(i, "")) for i in ids])
    ax1.set_xlabel(i18n.text("affinity_01", lang), fontsize=6.5, loc="left")
    ax2 = fig.add_axes((0.52, bottom, 0.46, top - bottom))
    norm2 = Normalize(0, 3)
    ax2.imshow(prof, cmap=CMAP, norm=norm2, aspect="auto")
    for i in range(prof.shape[0]):
        for j in range(prof.shape[1]):
            ax2.text(
                j,
                i,
                f"{prof[i, j]:.0f}",
                ha="center",
                va="center",
                fontsize=6,
                color=_text_colour(CMAP(norm2(prof[i, j]))),
            )
    _row_labels(ax2, [str(numbers.get(i, "")) for i in ids])
    ax2.xaxis.tick_top()
    ax2.set_xticks(
        range(len(frames)),
        [short_label(f["name"], 30) for f in frames],
        rotation=55,
        ha="left",
        rotation_mode="anchor",
        fontsize=6,
    )
    ax2.set_xlabel(i18n.text("frame_profiles", lang), fontsize=6.5, loc="left")
    return fig
