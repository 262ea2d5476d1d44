"""Charts over time: the timeline of documents (swimlanes per actor) and the drift of positions.

Long quiet stretches (the case's strategy documents of 2022-2023, say) would squeeze the busy months
into a sliver, so the time axis is broken at gaps longer than 15% of the whole span (at most twice);
the panels share the y axis and the breaks are marked with diagonal strokes.  Documents carry their
number in the chronology, so the figure, its key and the report's tables refer to each other.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import matplotlib.dates as mdates
from babel.dates import format_date
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from redline.report import i18n
from redline.report.figures.style import (
    GREY,
    TEXT_WIDTH,
    actor_colours,
    actor_markers,
    new_figure,
    short_label,
    styled,
)

KIND_MARKERS = {"proposal": "o", "memorandum": "s", "declaration": "D", "statement": "^", "strategy": "p"}
STATUS_FILL = {"official": "full", "leaked": "left", "reported": "none"}


def time_segments(
    dates: list[dt.date], max_breaks: int = 2, share: float = 0.15
) -> list[tuple[dt.date, dt.date]]:
    """Split the date range at its longest gaps (each > ``share`` of the span and > 120 days)."""
    days = sorted(set(dates))
    if len(days) < 2:
        d = days[0] if days else dt.date.today()
        return [(d, d)]
    span = (days[-1] - days[0]).days
    gaps = sorted(
        ((days[i + 1] - days[i]).days, i) for i in range(len(days) - 1) if (days[i + 1] - days[i]).days > 120
    )
    cuts = sorted(i for g, i in gaps[::-1][:max_breaks] if g > share * span)
    segments, start = [], 0
    for i in cuts:
        segments.append((days[start], days[i]))
        start = i + 1
    segments.append((days[start], days[-1]))
    return segments


def _axes_over_time(
    fig: Figure, segments: list[tuple[dt.date, dt.date]], rect: tuple[float, float, float, float]
) -> list[Axes]:
    """One axes per segment in ``rect`` (left, bottom, width, height), widths by padded span."""
    pads = [max(20, int((b - a).days * 0.06)) for a, b in segments]
    spans = [(b - a).days + 2 * p for (a, b), p in zip(segments, pads, strict=True)]
    total = sum(spans)
    widths = [max(s / total, 0.1) for s in spans]
    gap = 0.012
    scale = (rect[2] - gap * (len(segments) - 1)) / sum(widths)
    axes, x = [], rect[0]
    for i, ((a, b), pad, w) in enumerate(zip(segments, pads, widths, strict=True)):
        ax = fig.add_axes((x, rect[1], w * scale, rect[3]), sharey=axes[0] if axes else None)
        ax.set_xlim(a - dt.timedelta(days=pad), b + dt.timedelta(days=pad))
        ax.set_facecolor("none")
        if i > 0:
            ax.spines["left"].set_visible(False)
            ax.tick_params(axis="y", left=False, labelleft=False)
        if len(segments) > 1:  # break marks: short diagonal strokes where the axis is cut
            kw = {
                "marker": [(-1, -1.6), (1, 1.6)],
                "markersize": 6,
                "linestyle": "none",
                "color": "k",
                "mec": "k",
                "mew": 0.7,
                "clip_on": False,
                "transform": ax.transAxes,
            }
            ends = ([0.0] if i > 0 else []) + ([1.0] if i < len(segments) - 1 else [])
            ax.plot(ends, [0.0] * len(ends), **kw)
        axes.append(ax)
        x += w * scale + gap
    return axes


def _date_axis(ax: Axes, lang: str, dates: list[dt.date]) -> None:
    """Month ticks in the language; a narrow panel gets one tick at its first document."""
    lo, hi = (mdates.num2date(x).date() for x in ax.get_xlim())
    inside = sorted(d for d in dates if lo <= d <= hi)
    if (hi - lo).days < 150 and inside:
        ax.set_xticks([mdates.date2num(inside[0])])
    else:  # automatic month ticks, minus those so close to a panel edge that they would meet a break mark
        a, b = ax.get_xlim()
        ticks = mdates.AutoDateLocator(minticks=2, maxticks=5).tick_values(
            mdates.num2date(a), mdates.num2date(b)
        )
        ax.set_xticks([x for x in ticks if a + 0.04 * (b - a) <= x <= b - 0.08 * (b - a)])
    locale = "de_DE" if lang == "de" else "en_GB"
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda x, _: format_date(mdates.num2date(x).date(), "MMM y", locale=locale))
    )


def _key(fig: Figure, docs: list[dict[str, Any]], y: float) -> None:
    """The numbered list of documents under the chart, in two columns."""
    half = (len(docs) + 1) // 2
    for col, chunk in enumerate((docs[:half], docs[half:])):
        lines = [f"{d['number']:>2}  {short_label(d['title'], 52)}" for d in chunk]
        fig.text(0.02 + col * 0.5, y, "\n".join(lines), ha="left", va="top", fontsize=6.2, linespacing=1.35)


@styled
def timeline(docs: list[dict[str, Any]], actors: dict[str, str], lang: str) -> Figure:
    """Swimlanes per actor: each document at its date, shape = kind, fill = status, co-authors linked."""
    dated = [d for d in docs if d.get("date")]
    for d in dated:
        d["_date"] = dt.date.fromisoformat(d["date"])
    lanes = [a for a in actors if any(d["actor"] == a or a in (d.get("co_actors") or []) for d in dated)]
    colours = actor_colours(list(actors))
    height = 1.05 + 0.42 * len(lanes) + 0.118 * ((len(dated) + 1) // 2)
    fig = new_figure(TEXT_WIDTH, height)
    chart_h = 0.42 * len(lanes) / height
    bottom = 1 - chart_h - 0.42 / height
    segments = time_segments([d["_date"] for d in dated])
    axes = _axes_over_time(fig, segments, (0.2, bottom, 0.78, chart_h))
    y_of = {a: len(lanes) - 1 - i for i, a in enumerate(lanes)}
    # a number goes below its marker when the previous document of the lane is close enough to collide
    span = sum((b - a).days for a, b in segments) or 1
    below_of: dict[str, bool] = {}
    last: dict[str, tuple[dt.date, bool]] = {}
    for d in sorted(dated, key=lambda d: d["_date"]):
        prev = last.get(d["actor"])
        below = bool(prev and not prev[1] and (d["_date"] - prev[0]).days < span * 0.035)
        below_of[d["id"]] = below
        last[d["actor"]] = (d["_date"], below)
    for ax in axes:
        for a in lanes:
            ax.axhline(y_of[a], color=GREY, lw=0.5, zorder=0)
        for d in dated:
            x = d["_date"]
            ys = [y_of[d["actor"]]] + [y_of[c] for c in d.get("co_actors") or [] if c in y_of]
            if len(ys) > 1:
                ax.plot([x, x], [min(ys), max(ys)], color="#666666", lw=0.6, zorder=1)
            for k, yy in enumerate(ys):
                colour = colours[d["actor"]] if k == 0 else colours[[c for c in lanes if y_of[c] == yy][0]]
                ax.plot(
                    [x],
                    [yy],
                    marker=KIND_MARKERS.get(d["kind"], "o"),
                    fillstyle=STATUS_FILL.get(d["status"], "full"),
                    markersize=7 if k == 0 else 5,
                    color=colour,
                    markeredgecolor=colour,
                    markerfacecoloralt="white",
                    zorder=3,
                )
            below = below_of[d["id"]]
            ax.annotate(
                str(d["number"]),
                (x, ys[0]),
                xytext=(0, -6 if below else 6),
                textcoords="offset points",
                ha="center",
                va="top" if below else "bottom",
                fontsize=6.5,
                fontweight="bold",
            )
        ax.set_ylim(-0.6, len(lanes) - 0.3)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", left=False)
        _date_axis(ax, lang, [d["_date"] for d in dated])
    axes[0].set_yticks([y_of[a] for a in lanes], [short_label(actors[a], 26) for a in lanes])
    kinds = sorted({d["kind"] for d in dated}, key=list(KIND_MARKERS).index)
    statuses = [s for s in STATUS_FILL if any(d["status"] == s for d in dated)]
    kind_handles = [
        Line2D([], [], ls="", marker=KIND_MARKERS[k], color="#444444", label=i18n.kind_name(k, lang))
        for k in kinds
    ]
    status_handles = [
        Line2D(
            [],
            [],
            ls="",
            marker="s",
            fillstyle=STATUS_FILL[s],
            color="#444444",
            markerfacecoloralt="white",
            label=i18n.status_name(s, lang),
        )
        for s in statuses
    ]
    common = {
        "frameon": False,
        "fontsize": 6.5,
        "handletextpad": 0.2,
        "columnspacing": 0.9,
        "title_fontsize": 6.5,
        "alignment": "left",
    }
    fig.add_artist(
        fig.legend(
            handles=kind_handles,
            loc="upper left",
            bbox_to_anchor=(0.0, 1.0),
            ncol=len(kind_handles),
            title=i18n.text("kind", lang),
            **common,
        )
    )
    fig.legend(
        handles=status_handles,
        loc="upper right",
        bbox_to_anchor=(1.0, 1.0),
        ncol=len(status_handles),
        title=i18n.text("status", lang),
        **common,
    )
    _key(fig, sorted(dated, key=lambda d: d["number"]), bottom - 0.4 / height)
    return fig


@styled
def drift(drift: dict[str, Any], numbers: dict[str, int], actors: list[str], lang: str) -> Figure:
    """Distance of each actor's documents to the target's maximal demand over time, with intervals."""
    series = [s for s in drift["series"] if any(p["distance"] is not None for p in s["points"])]
    colours, markers = actor_colours(actors), actor_markers(actors)
    dates = [
        dt.date.fromisoformat(p["date"]) for s in series for p in s["points"] if p["distance"] is not None
    ]
    fig = new_figure(TEXT_WIDTH, 3.3)
    axes = _axes_over_time(fig, time_segments(dates), (0.09, 0.12, 0.89, 0.74))
    for ax in axes:
        for s in series:
            pts = [p for p in s["points"] if p["distance"] is not None]
            xs = [dt.date.fromisoformat(p["date"]) for p in pts]
            ys = [p["distance"] for p in pts]
            lo = [p["distance"] - p["interval"][0] if p["interval"] else 0 for p in pts]
            hi = [p["interval"][1] - p["distance"] if p["interval"] else 0 for p in pts]
            c = colours[s["actor"]]
            ax.errorbar(
                xs,
                ys,
                yerr=[lo, hi],
                color=c,
                marker=markers[s["actor"]],
                markersize=4.5,
                lw=1.1,
                elinewidth=0.8,
                capsize=2,
                label=s["name"],
            )
            for p, x, y in zip(pts, xs, ys, strict=True):
                ax.annotate(
                    str(numbers.get(p["document"], "")),
                    (x, y),
                    xytext=(3, 3),
                    textcoords="offset points",
                    fontsize=5.5,
                    color=c,
                )
        ax.set_ylim(0, 100)
        ax.grid(axis="y", color=LIGHT_GRID, lw=0.5)
        _date_axis(ax, lang, dates)
    axes[0].set_ylabel(textwrap.fill(i18n.text("axis_distance", lang, target=drift["target_name"]), 40))
    handles = [
        Line2D(
            [],
            [],
            color=colours[s["actor"]],
            marker=markers[s["actor"]],
            markersize=4.5,
            label=short_label(s["name"], 34),
        )
        for s in series
    ]
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.09, 1.0),
        ncol=min(len(handles), 4),
        frameon=False,
    )
    return fig


LIGHT_GRID = "#E5E5E5"
