"""Simulation page: pick a stored scenario (or build one from the coded positions) and a model, run it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from redline.errors import InputError
from redline.web import charts
from redline.web.deps import DB, Coder, Viewer, settings_of
from redline.web.pagecache import cached_page
from redline.web.routes.common import get_view, page

router = APIRouter(prefix="/cases/{case_id}", include_in_schema=False)


def model_choices() -> list[dict[str, Any]]:
    from redline.simulate.registry import MODELS, VARIANT_PARAMETER

    return [
        {
            "id": name,
            "description": cls.description,
            "iterative": cls.iterative,
            "variants": list(VARIANT_PARAMETER.get(name, (None, ()))[1]),
        }
        for name, cls in MODELS.items()
    ]


def outcome_chart(result: dict[str, Any], scenario: Any, variant: str | None) -> dict[str, Any]:
    """Rows per issue on a 0-100 axis: actors' positions, the prediction and its 5-95% range."""
    x0, x1, row_h, top = 330, 1060, 34, 26
    resolved = scenario.resolve(variant)
    actor_ids = list(scenario.actors)
    rows = []
    for k, item in enumerate(result["issues"]):
        spec = resolved.issues.get(item["id"])
        y = top + k * row_h + row_h / 2
        pred = item["prediction"] if isinstance(item["prediction"], int | float) else None
        dist = item.get("distribution")
        rows.append(
            {
                "id": item["id"],
                "y": y,
                "pred": pred,
                "px": None if pred is None else charts.axis_x(pred, x0, x1),
                "dist": dist,
                "lo": None if not dist else charts.axis_x(dist["p05"], x0, x1),
                "hi": None if not dist else charts.axis_x(dist["p95"], x0, x1),
                "actors": [
                    {
                        "id": a,
                        "value": v,
                        "x": charts.axis_x(v, x0, x1),
                        "cls": f"a{actor_ids.index(a) % 8}",
                        "path": charts.shape_path(
                            charts.SERIES_SHAPES[actor_ids.index(a) % 5],
                            charts.axis_x(v, x0, x1),
                            y
                            + (actor_ids.index(a) - (len(actor_ids) - 1) / 2) * 3,  # same values stay visible
                            4,
                        ),
                    }
                    for a, v in (spec.positions.items() if spec else [])
                ],
                "diamond": None
                if pred is None
                else charts.shape_path("diamond", charts.axis_x(pred, x0, x1), y, 7),
            }
        )
    legend = [
        {"id": a, "cls": f"a{i % 8}", "path": charts.shape_path(charts.SERIES_SHAPES[i % 5], 8, 8, 4)}
        for i, a in enumerate(actor_ids)
    ]
    ticks = [{"x": charts.axis_x(v, x0, x1), "label": str(v)} for v in range(0, 101, 10)]
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "height": top + len(rows) * row_h + 30,
        "width": x1 + 30,
        "rows": rows,
        "ticks": ticks,
        "legend": legend,
    }


@router.get("/simulate", response_class=HTMLResponse)
@cached_page
def simulate_page(
    request: Request,
    case_id: str,
    session: DB,
    user: Viewer,
    scenario: str | None = None,
    variant: str | None = None,
    model: str = "eum",
    model_variant: str | None = None,
    rounds: str = "",
    runs: int = 1,
    seed: int = 0,
    run: bool = False,
) -> Response:
    from redline.simulate.stored import get_scenario, list_scenarios, run_scenario

    view = get_view(request, session, case_id)
    records = list_scenarios(session, case_id)
    try:
        n_rounds = int(rounds) if rounds.strip() else None
    except ValueError:
        raise InputError(f"rounds must be a whole number, not {rounds!r}") from None
    ctx: dict[str, Any] = {
        "scenarios": records,
        "models": model_choices(),
        "form": {
            "scenario": scenario or (records[0].key if records else None),
            "variant": variant or "",
            "model": model,
            "model_variant": model_variant or "",
            "rounds": n_rounds,
            "runs": runs,
            "seed": seed,
        },
        "max_runs": settings_of(request).max_runs,
        "result": None,
    }
    if ctx["form"]["scenario"]:
        _, sc = get_scenario(session, case_id, ctx["form"]["scenario"])
        ctx["scenario_obj"] = sc
        ctx["variants"] = list(sc.variants)
    if run and ctx["form"]["scenario"]:
        if not 1 <= runs <= settings_of(request).max_runs:
            raise InputError(f"runs must be between 1 and {settings_of(request).max_runs}")
        if n_rounds is not None and not 1 <= n_rounds <= 1000:
            raise InputError("rounds must be between 1 and 1000")
        _, result = run_scenario(
            session,
            case_id,
            ctx["form"]["scenario"],
            model=model,
            variant=variant or None,
            model_variant=model_variant or None,
            rounds=n_rounds,
            runs=runs,
            seed=seed,
            who=user.name,
        )
        ctx["result"] = result
        ctx["chart"] = outcome_chart(result, ctx["scenario_obj"], variant or None)
    return page(request, session, view, "simulate.html", "/simulate", ctx)


@router.post("/simulate/baseline")
def build_baseline(
    request: Request,
    case_id: str,
    session: DB,
    user: Coder,
    scenario_id: Annotated[str, Form(max_length=100, pattern=r"^[a-z0-9][a-z0-9-]*$")] = "baseline",
) -> Response:
    """Build (or rebuild) a scenario from the actors' latest coded positions and store it."""
    from redline.simulate.stored import save_scenario, scenario_from_case

    view = get_view(request, session, case_id)
    sc = scenario_from_case(view.data, scenario_id)
    save_scenario(session, case_id, sc)
    request.app.state.cache.invalidate(case_id)
    return RedirectResponse(f"/cases/{case_id}/simulate?scenario={scenario_id}", status_code=303)
