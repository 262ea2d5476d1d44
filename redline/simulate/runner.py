"""Run a model on issues and build the JSON of ``redline simulate`` (see ``CONTRACTS.md``).

``{"model": ..., "variant": ..., "params": {...}, "issues": [{"id", "prediction", "rounds"?,
"distribution"?, ...}]}`` — ``rounds`` only for iterative models, ``distribution`` only when the
Monte Carlo ran (``runs`` > 1).  ``params`` (and ``monte_carlo``) record everything needed to
repeat the run on the same input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from redline.errors import InputError
from redline.simulate.base import BargainingModel
from redline.simulate.data import Issue, stack_issues
from redline.simulate.montecarlo import MonteCarlo
from redline.simulate.uncertainty import Uncertainty


def simulate(
    issues: Sequence[Issue],
    model: BargainingModel,
    *,
    runs: int = 1,
    seed: int = 0,
    uncertainty: Mapping[str, Uncertainty] | None = None,
) -> dict[str, Any]:
    """The contract JSON for ``model`` on ``issues``; ``runs`` > 1 adds Monte Carlo distributions."""
    results = model.run(issues, record=model.iterative)
    out: dict[str, Any] = {"model": model.name, "variant": model.variant, "params": model.get_params()}
    issues_json = [r.to_json() for r in results]
    if runs > 1:
        mc = MonteCarlo(model, runs=runs, seed=seed)
        dists = mc.run(issues, uncertainty)
        for item in issues_json:
            item["distribution"] = dists[item["id"]].to_json()
        out["monte_carlo"] = mc.get_params() | {"input_uncertainty": sorted(uncertainty or {})}
    out["issues"] = issues_json
    return out


def simulate_joint(issues: Sequence[Issue], model: BargainingModel) -> dict[str, Any]:
    """Run the spatial model once with the issues as dimensions; report each issue as in :func:`simulate`."""
    if model.name != "smp":
        raise InputError(f"a joint run over all issues needs the spatial model (smp), not {model.name!r}")
    try:
        joint = stack_issues(issues)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    result = model.run([joint])[0]
    assert isinstance(result.prediction, list) and result.rounds is not None
    items = []
    for d, iss in enumerate(issues):
        rounds = []
        for r in result.rounds:
            rj = r.to_json()
            rj["positions"] = {a: v[d] for a, v in r.positions.items()}  # type: ignore[index]
            rj["moves"] = [m | {"from": m["from"][d], "to": m["to"][d]} for m in rj["moves"]]
            rj.pop("mean", None)
            rounds.append(rj)
        items.append({"id": iss.id, "prediction": result.prediction[d], "rounds": rounds} | result.details)
    return {
        "model": model.name,
        "variant": f"{model.variant}, joint",
        "params": model.get_params(),
        "issues": items,
    }


def summary_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per issue for the human table."""
    rows = []
    for item in result["issues"]:
        pred = item["prediction"]
        row: dict[str, Any] = {
            "issue": item["id"],
            "prediction": f"{pred:.2f}" if isinstance(pred, float) else ", ".join(f"{v:.2f}" for v in pred),
        }
        if "rounds" in item:
            row["rounds"] = len(item["rounds"])
            row["stop"] = item.get("stop", "")
        if "distribution" in item:
            d = item["distribution"]
            row.update({"p05": f"{d['p05']:.2f}", "p50": f"{d['p50']:.2f}", "p95": f"{d['p95']:.2f}"})
        rows.append(row)
    return rows
