"""Chart geometry for the server-rendered SVG charts (no JavaScript charting library needed).

Functions return plain dicts of coordinates that the templates draw; every chart's data is also
shown as a table next to it.  Markers differ in shape (document kind) and fill (status), and
series differ in colour *and* dash pattern and marker shape, so no reading depends on colour.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from babel.dates import format_date

KIND_SHAPES = {
    "proposal": "circle",
    "memorandum": "square",
    "declaration": "diamond",
    "statement": "triangle",
}
STATUS_FILL = {"official": "solid", "leaked": "half", "reported": "hollow"}
SERIES_SHAPES = ("circle", "square", "diamond", "triangle", "cross")


def shape_path(shape: str, cx: float, cy: float, r: float) -> str:
    """An SVG path for a marker of ``shape`` centred on (cx, cy)."""
    if shape == "square":
        s = r * 0.9
        return f"M{cx - s:.1f},{cy - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}z"
    if shape == "diamond":
        return f"M{cx:.1f},{cy - r * 1.2:.1f}L{cx + r:.1f},{cy:.1f}L{cx:.1f},{cy + r * 1.2:.1f}L{cx - r:.1f},{cy:.1f}z"
    if shape == "triangle":
        return (
            f"M{cx:.1f},{cy - r * 1.1:.1f}L{cx + r:.1f},{cy + r * 0.8:.1f}L{cx - r:.1f},{cy + r * 0.8:.1f}z"
        )
    if shape == "cross":
        a, b = r * 0.35, r
        return (
            f"M{cx - a:.1f},{cy - b:.1f}h{2 * a:.1f}v{b - a:.1f}h{b - a:.1f}v{2 * a:.1f}h{a - b:.1f}"
            f"v{b - a:.1f}h{-2 * a:.1f}v{a - b:.1f}h{a - b:.1f}v{-2 * a:.1f}h{b - a:.1f}z"
        )
    # circle as a path (two arcs)
    return f"M{cx - r:.1f},{cy:.1f}a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0z"


class TimeScale:
    """Linear map from dates to x pixels, with month ticks."""

    def __init__(self, dates: Sequence[dt.date], x0: float, x1: float, pad_days: int = 20) -> None:
        if not dates:
            dates = [dt.date.today()]
        self.start = min(dates) - dt.timedelta(days=pad_days)
        self.end = max(dates) + dt.timedelta(days=pad_days)
        self.x0, self.x1 = x0, x1

    def __call__(self, d: dt.date) -> float:
        span = max((self.end - self.start).days, 1)
        return self.x0 + (self.x1 - self.x0) * (d - self.start).days / span

    def ticks(self, lang: str, max_ticks: int = 12) -> list[dict[str, Any]]:
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        step = max(1, math.ceil(months / max_ticks))
        for nice in (1, 2, 3, 6, 12, 24, 60):
            if nice >= step:
                step = nice
                break
        out = []
        y, mth = self.start.year, self.start.month
        first = True
        while True:
            d = dt.date(y, mth, 1)
            if d > self.end:
                break
            if d >= self.start and ((y * 12 + mth - 1) % step == 0):
                fmt = "MMM yyyy" if (first or mth == 1 or step >= 12) else "MMM"
                out.append({"x": round(self(d), 1), "label": format_date(d, fmt, locale=lang)})
                first = False
            mth += 1
            if mth > 12:
                y, mth = y + 1, 1
        return out


def timeline(summary: dict[str, Any], lang: str, width: int = 1100) -> dict[str, Any]:
    """Swimlanes per actor: one marker per document (shape = kind, fill = status, letter = reliability)."""
    left, right, top, lane_h = 170, 30, 34, 52
    docs = summary["documents"]
    dated = [dt.date.fromisoformat(d["date"]) for d in docs if d["date"]]
    undated_x = width - right - 10
    scale = TimeScale(dated, left + 10, width - right - (40 if len(dated) < len(docs) else 10))
    lanes = [a for a in summary["actors"] if a["documents"]] or summary["actors"]
    lane_ids = [a["id"] for a in lanes]
    extra = sorted({d["actor"] or "?" for d in docs} - set(lane_ids))
    lane_ids += extra
    names = {a["id"]: a["name"] for a in summary["actors"]}
    rows = []
    for i, actor in enumerate(lane_ids):
        rows.append(
            {
                "id": actor,
                "name": names.get(actor, actor),
                "y": top + i * lane_h,
                "h": lane_h,
                "alt": i % 2 == 1,
                "cls": f"a{i % 8}",
            }
        )
    lane_of = {r["id"]: r for r in rows}
    markers = []
    taken: dict[str, list[float]] = {}
    for d in docs:
        x = scale(dt.date.fromisoformat(d["date"])) if d["date"] else undated_x
        for role, actor in [("author", d["actor"] or "?")] + [("co-author", a) for a in d["co_actors"]]:
            lane = lane_of.get(actor)
            if lane is None:
                continue
            near = sum(1 for px in taken.get(actor, []) if abs(px - x) < 16)
            taken.setdefault(actor, []).append(x)
            cy = lane["y"] + lane_h / 2 + (0 if near == 0 else (-1) ** near * 12 * ((near + 1) // 2))
            fill = STATUS_FILL.get(d["status"], "solid") if role == "author" else "hollow"
            markers.append(
                {
                    "doc": d,
                    "role": role,
                    "x": round(x, 1),
                    "y": round(cy, 1),
                    "path": shape_path(
                        KIND_SHAPES.get(d["kind"], "cross"), x, cy, 7 if role == "author" else 5
                    ),
                    "fill": fill,
                    "cls": lane["cls"],
                }
            )
    height = top + len(rows) * lane_h + 10
    return {
        "width": width,
        "height": height,
        "left": left,
        "top": top,
        "lanes": rows,
        "markers": markers,
        "ticks": scale.ticks(lang),
        "undated_x": undated_x if len(dated) < len(docs) else None,
        "legend_shapes": [(k, shape_path(s, 8, 8, 6)) for k, s in KIND_SHAPES.items()]
        + [("strategy", shape_path("cross", 8, 8, 6))],
    }


def line_chart(
    series: Sequence[dict[str, Any]],
    lang: str,
    *,
    y_min: float = 0,
    y_max: float = 100,
    width: int = 1000,
    height: int = 380,
) -> dict[str, Any]:
    """Lines over time with interval whiskers.  ``series``: [{"name", "points": [{"date", "y", "lo", "hi", ...}]}]."""
    left, right, top, bottom = 56, 24, 16, 40
    dates = [dt.date.fromisoformat(p["date"]) for s in series for p in s["points"] if p["date"]]
    scale = TimeScale(dates, left + 10, width - right - 10, pad_days=25)

    def y(v: float) -> float:
        return round(top + (height - top - bottom) * (1 - (v - y_min) / (y_max - y_min)), 1)

    out = []
    for i, s in enumerate(series):
        pts = []
        for p in s["points"]:
            if not p["date"] or p["y"] is None:
                continue
            x = round(scale(dt.date.fromisoformat(p["date"])), 1)
            pts.append(
                {
                    **p,
                    "x": x,
                    "py": y(p["y"]),
                    "plo": None if p.get("lo") is None else y(p["lo"]),
                    "phi": None if p.get("hi") is None else y(p["hi"]),
                    "path": shape_path(SERIES_SHAPES[i % len(SERIES_SHAPES)], x, y(p["y"]), 5),
                }
            )
        d = " ".join(f"{'M' if k == 0 else 'L'}{p['x']},{p['py']}" for k, p in enumerate(pts))
        out.append(
            {
                **s,
                "cls": s.get("cls", f"a{i % 8}"),
                "dash": f"dash{i % 4}" if i % 4 else "",
                "points": pts,
                "d": d,
                "legend": shape_path(SERIES_SHAPES[i % len(SERIES_SHAPES)], 8, 8, 5),
            }
        )
    grid = [{"y": y(v), "label": f"{v:g}"} for v in _nice_steps(y_min, y_max)]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "top": top,
        "bottom": height - bottom,
        "series": out,
        "ticks": scale.ticks(lang),
        "grid": grid,
    }


def _nice_steps(lo: float, hi: float) -> list[float]:
    span = hi - lo
    step = 10 ** math.floor(math.log10(span / 4)) if span > 0 else 1
    for mult in (1, 2, 2.5, 5, 10):
        if span / (step * mult) <= 6:
            step *= mult
            break
    start = math.ceil(lo / step) * step
    vals = []
    v = start
    while v <= hi + 1e-9:
        vals.append(round(v, 6))
        v += step
    return vals


def axis_x(value: float, x0: float, x1: float, lo: float = 0, hi: float = 100) -> float:
    """Position of a value on a horizontal value axis (simulation outcome charts)."""
    return round(x0 + (x1 - x0) * (value - lo) / (hi - lo), 1)
