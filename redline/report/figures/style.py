"""The look shared by every figure: Okabe-Ito colours, fonts, short labels, captions, saving.

Figures are matplotlib figures sized for an A4 page (text width 6.3 in) with 7-8 pt text, so they
print at their natural size.  Text stays text in SVG (``svg.fonttype = none``); PNG is written at
300 dpi.  Output is deterministic (fixed SVG hash salt, no creation dates), so an unchanged case gives
byte-identical figures.
"""

from __future__ import annotations

import functools
import io
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from redline.errors import InputError  # noqa: E402

P = ParamSpec("P")

# Okabe & Ito (2008), colour-blind safe; ordered so the first actors get the most distinct colours
OKABE_ITO = {
    "vermillion": "#D55E00",
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "black": "#000000",
    "yellow": "#F0E442",
}
SERIES = list(OKABE_ITO.values())
MARKERS = ["o", "s", "D", "^", "v", "P", "X", "*"]
GREY = "#BBBBBB"
LIGHT = "#EEEEEE"
TEXT_WIDTH = 6.3  # inches: A4 with 2.5 cm margins
DPI = 300
FORMATS = (".png", ".svg", ".pdf")

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 7.5,
    "axes.titlesize": 8,
    "axes.labelsize": 7.5,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "svg.fonttype": "none",
    "svg.hashsalt": "redline",
    "pdf.fonttype": 42,
    "figure.dpi": 100,
}


def actor_colours(actors: list[str]) -> dict[str, str]:
    """A fixed colour per actor, in the case's actor order."""
    return {a: SERIES[i % len(SERIES)] for i, a in enumerate(actors)}


def actor_markers(actors: list[str]) -> dict[str, str]:
    return {a: MARKERS[i % len(MARKERS)] for i, a in enumerate(actors)}


def short_label(text: str, width: int = 40) -> str:
    """A title shortened for axes: parentheticals and subtitles after ':' dropped, cut at a word."""
    short = re.sub(r"\s*\([^)]*\)", "", text).split(":")[0].strip() or text
    short = re.sub(r"\s+", " ", short)
    return textwrap.shorten(short, width=width, placeholder="…")


def styled(draw: Callable[P, Figure]) -> Callable[P, Figure]:
    """Run a drawing function with the figures' rc settings (they apply when artists are created)."""

    @functools.wraps(draw)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Figure:
        with plt.rc_context(RC):
            return draw(*args, **kwargs)

    return wrapper


def new_figure(width: float, height: float) -> Figure:
    return plt.figure(figsize=(width, height))


def add_caption(fig: Figure, caption: str, source: str) -> None:
    """Put the caption (bold) and the source line under the figure, wrapped to its width."""
    width_chars = int(fig.get_figwidth() * 15)
    cap = textwrap.fill(caption, width_chars)
    src = textwrap.fill(source, int(width_chars * 1.15))
    y = -0.02
    fig.text(0.0, y, cap, ha="left", va="top", fontsize=8, fontweight="bold", family="DejaVu Sans")
    lines = cap.count("\n") + 1
    fig.text(
        0.0,
        y - (lines * 11 + 3) / (fig.get_figheight() * 72),
        src,
        ha="left",
        va="top",
        fontsize=6.5,
        color="#444444",
        family="DejaVu Sans",
    )


def save(fig: Figure, path: str | Path, dpi: int = DPI) -> None:
    """Write ``fig`` as PNG (``dpi``), SVG or PDF by the file's extension; nothing half-written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError("use a .png, .svg or .pdf file name", path=path)
    tmp = path.with_name(path.name + ".part")
    metadata = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}[suffix[1:]]
    with plt.rc_context(RC):
        fig.savefig(
            tmp,
            format=suffix[1:],
            dpi=dpi,
            bbox_inches="tight",
            pad_inches=0.08,
            metadata=metadata,
        )
    tmp.replace(path)


def to_svg(fig: Figure) -> str:
    """The figure as an SVG document (text kept as text)."""
    buf = io.StringIO()
    with plt.rc_context(RC):
        fig.savefig(buf, format="svg", bbox_inches="tight", pad_inches=0.04, metadata={"Date": None})
    return buf.getvalue()


def close(fig: Figure) -> None:
    plt.close(fig)
