"""The dashboard's charts as print figures: one function per kind, a caption and a source line each.

Kinds (``redline figure KIND``): ``timeline``, ``positions``, ``drift``, ``territory``, ``criteria``,
``redlines``, ``affinity``, ``simulation``.  :func:`make_figure` computes only what the kind needs;
:func:`draw` draws from report content already computed (the report uses it, so its figures and the
exported ones are the same).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure

from redline.errors import InputError
from redline.report import i18n
from redline.report.context import Context
from redline.report.figures import grids, simulation, territory, timecharts
from redline.report.figures.style import add_caption, close, save, to_svg

KINDS = ("timeline", "positions", "drift", "territory", "criteria", "redlines", "affinity", "simulation")


@dataclass
class FigureSpec:
    """A drawn figure with its caption and source line."""

    kind: str
    figure: Figure
    caption: str
    source: str

    def save(self, path: str, dpi: int = 300) -> None:
        """Write the figure with its caption and source line (PNG, SVG or PDF)."""
        add_caption(self.figure, self.caption, self.source)
        save(self.figure, path, dpi)

    def svg(self) -> str:
        """The figure alone (the report sets caption and source as text under it)."""
        return to_svg(self.figure)

    def close(self) -> None:
        close(self.figure)


def numbers_of(chronology: list[dict[str, Any]]) -> dict[str, int]:
    """Each document's number in the chronology (1 = earliest)."""
    return {d["id"]: i + 1 for i, d in enumerate(chronology)}


def source_line(values: dict[str, str], lang: str, extra: str = "") -> str:
    line = i18n.text("fig_source", lang, **values)
    return f"{line[:-1]}; {extra}." if extra else line


def draw(
    kind: str,
    part: Any,
    lang: str,
    *,
    numbers: dict[str, int],
    actors: dict[str, str],
    source: dict[str, str],
    model: str = "eum",
) -> FigureSpec:
    """Draw ``kind`` from its part of the report content (see :func:`make_figure` for which part)."""
    src = source_line(source, lang)
    if kind == "timeline":
        docs = [{**d, "number": numbers[d["id"]]} for d in part]
        return FigureSpec(kind, timecharts.timeline(docs, actors, lang), i18n.text("fig_timeline", lang), src)
    if kind == "positions":
        return FigureSpec(kind, grids.positions(part, numbers, lang), i18n.text("fig_positions", lang), src)
    if kind == "drift":
        cap = i18n.text("fig_drift", lang, target=part["target_name"])
        return FigureSpec(kind, timecharts.drift(part, numbers, list(actors), lang), cap, src)
    if kind == "territory":
        return FigureSpec(
            kind, territory.territory(part, numbers, lang), i18n.text("fig_territory", lang), src
        )
    if kind == "criteria":
        return FigureSpec(kind, grids.criteria(part, numbers, lang), i18n.text("fig_criteria", lang), src)
    if kind == "redlines":
        return FigureSpec(
            kind, grids.red_lines(part, numbers, actors, lang), i18n.text("fig_redlines", lang), src
        )
    if kind == "affinity":
        return FigureSpec(kind, grids.affinity(part, numbers, lang), i18n.text("fig_affinity", lang), src)
    if kind == "simulation":
        cap = i18n.text("fig_simulation", lang, scenario=part["title"])
        src = source_line(
            source, lang, f"model {model}, " + ", ".join(f"run {v['run']}" for v in part["variants"])
        )
        return FigureSpec(kind, simulation.outcomes(part, model, lang), cap, src)
    raise InputError(f"unknown figure kind {kind!r} (choose from {', '.join(KINDS)})")


def make_figure(
    ctx: Context,
    kind: str,
    lang: str = "en",
    *,
    document: str | None = None,
    scenario: str | None = None,
    model: str = "eum",
    actors: list[str] | None = None,
) -> FigureSpec:
    """Compute what ``kind`` needs from the case and draw it."""
    from redline.report import content
    from redline.report.scenarios import scenario_outcomes

    if kind not in KINDS:
        raise InputError(f"unknown figure kind {kind!r} (choose from {', '.join(KINDS)})")
    chron = content.chronology(ctx)
    kw = {
        "numbers": numbers_of(chron),
        "actors": {a: ctx.actor_name(a) for a in ctx.data.actors},
        "source": ctx.source_line_values(),
        "model": model,
    }
    part: Any
    if kind == "timeline":
        part = chron
    elif kind == "positions":
        part = content.positions_matrix(ctx)
    elif kind == "drift":
        if ctx.target is None:
            raise InputError(
                f"no actor of case {ctx.case_id!r} has a maximal demand to measure drift against"
            )
        part = content.drift(ctx, actors)
    elif kind == "territory":
        part = content.territory_maps(ctx)
        if document is not None:
            ctx.data.doc(document)
            part = [m for m in part if m["document"] == document]
        if not part:
            raise InputError(
                f"no document of case {ctx.case_id!r} addresses the territorial issues"
                + (f" ({document})" if document else "")
            )
    elif kind == "criteria":
        part = content.criteria(ctx)
        if not part:
            raise InputError(f"case {ctx.case_id!r} defines no criteria")
    elif kind == "redlines":
        part = content.red_lines(ctx)
        if not part["lines"]:
            raise InputError(f"case {ctx.case_id!r} defines no red lines")
    elif kind == "affinity":
        part = content.affinity(ctx)
        if part is None:
            raise InputError(f"case {ctx.case_id!r} has no coded strategy documents")
    else:
        outcomes = scenario_outcomes(ctx, model=model, only=scenario)["scenarios"]
        if not outcomes:
            raise InputError(f"case {ctx.case_id!r} has no scenarios (see `redline scenario create`)")
        part = outcomes[0]
    return draw(kind, part, lang, **kw)
