"""Scenario results for reports and figures: every stored scenario and variant under one model.

Each (scenario, variant) uses the latest stored run of the model on the scenario's current text with
default parameters; where there is none the scenario is run (:func:`redline.simulate.stored.run_scenario`)
and the run stored, so every number in a report names a reproducible run.
"""

from __future__ import annotations

from typing import Any

from redline.report.context import Context
from redline.simulate.scenario import parse_scenario
from redline.simulate.stored import list_scenarios, run_scenario
from redline.store import models as m

DEFAULT_PARAMS = {"model_variant": None, "rounds": None, "runs": 1, "seed": 0}


def _latest_run(rec: m.ScenarioRecord, model: str, variant: str | None) -> m.ScenarioRun | None:
    for run in reversed(rec.runs):
        params = run.params or {}
        if (
            run.model == model
            and run.variant == variant
            and run.scenario_yaml == rec.yaml
            and all(params.get(k) == v for k, v in DEFAULT_PARAMS.items())
        ):
            return run
    return None


def _params_text(result: dict[str, Any]) -> str:
    params = result.get("params") or {}
    return ", ".join(f"{k}={v}" for k, v in params.items() if not isinstance(v, dict | list)) or "defaults"


def scenario_outcomes(ctx: Context, model: str = "eum", only: str | None = None) -> dict[str, Any]:
    """Per scenario: the issues, the actors' input positions and each variant's predictions."""
    scenarios = []
    for rec in list_scenarios(ctx.session, ctx.case_id):
        if only is not None and rec.key != only:
            continue
        sc = parse_scenario(rec.yaml, f"{ctx.case_id}/{rec.key}")
        variants: list[dict[str, Any]] = []
        for variant in [None, *sc.variants]:
            run = _latest_run(rec, model, variant)
            if run is None:
                run, _ = run_scenario(
                    ctx.session, ctx.case_id, rec.key, model=model, variant=variant, who="report"
                )
            key = f"run:{run.id}"
            ctx.notes[key] = {
                "kind": "run",
                "run": run.id,
                "scenario": rec.key,
                "variant": variant,
                "model": model,
                "params": _params_text(run.result),
                "case": ctx.case_id,
            }
            predictions = {
                i["id"]: (
                    round(float(i["prediction"]), 2) if isinstance(i["prediction"], int | float) else None
                )
                for i in run.result.get("issues", [])
            }
            resolved = sc.resolve(variant)
            variants.append(
                {
                    "id": variant,
                    "description": (sc.variants[variant].description if variant else None),
                    "run": run.id,
                    "note": key,
                    "predictions": predictions,
                    "positions": {iid: dict(spec.positions) for iid, spec in resolved.issues.items()},
                }
            )
        scenarios.append(
            {
                "id": rec.key,
                "title": sc.title or rec.key,
                "description": sc.description or "",
                "issues": [{"id": i, "name": _dim_name(ctx, i)} for i in sc.issues],
                "actors": {a: spec.name or a for a, spec in sc.actors.items()},
                "variants": variants,
            }
        )
    if only is not None and not scenarios:
        from redline.errors import NotFoundError

        raise NotFoundError(f"no scenario {only!r} in case {ctx.case_id!r} (see `redline scenario list`)")
    return {"model": model, "scenarios": scenarios}


def _dim_name(ctx: Context, issue: str) -> str:
    known = {d.id: d.name for d in ctx.data.dimensions}
    return known.get(issue, issue)
