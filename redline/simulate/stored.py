"""Scenarios of a case in the database: build from coded positions, store, run and keep every run.

- :func:`scenario_from_case` builds a scenario from each actor's latest coded positions (earlier
  stated positions carried forward on issues the latest document does not address), the case's
  saliences and the actors' capabilities.  Actors without negotiation documents take no part.
- Scenarios are stored as their YAML text (:class:`~redline.store.models.ScenarioRecord`) and
  travel with the case bundle as ``scenarios/<id>.yaml``.
- :func:`run_scenario` runs a model and stores the run with the exact scenario text, the long CSV
  of inputs, the model parameters and the result, so every run can be reproduced.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from redline.analysis.data import CaseData
from redline.analysis.movement import Measures
from redline.errors import InputError, NotFoundError
from redline.simulate.csvio import long_csv_text
from redline.simulate.scenario import Scenario, parse_scenario, scenario_from_positions
from redline.store import models as m


def scenario_from_case(
    data: CaseData,
    scenario_id: str | None = None,
    *,
    title: str | None = None,
    carry_forward: bool = True,
    actors: list[str] | None = None,
) -> Scenario:
    meas = Measures(data, replicates=0)
    latest: dict[str, pd.Series] = {}
    for a in actors or list(data.actors):
        row = meas.latest(a, carry_forward=carry_forward)
        if row is not None and row.notna().any():
            latest[a] = row
    if len(latest) < 2:
        raise InputError(f"case {data.case_id!r} has fewer than two actors with coded positions")
    positions = {
        d.id: {a: (None if pd.isna(r[d.id]) else round(float(r[d.id]), 2)) for a, r in latest.items()}
        for d in data.position_dims
    }
    saliences = {d.id: {a: data.salience.get((a, d.id), 0.5) for a in latest} for d in data.position_dims}
    names = {a: data.actors[a]["name"] for a in latest}
    caps = {a: data.actors[a]["capability"] for a in latest}
    return scenario_from_positions(
        data.case_id,
        names,
        positions,
        saliences,
        caps,
        scenario_id=scenario_id or "baseline",
        title=title or f"Latest coded positions of {data.case_id}",
    )


def save_scenario(
    session: Session, case_id: str, scenario: Scenario | str, *, path: str = "<scenario>"
) -> m.ScenarioRecord:
    """Store (or replace) a scenario of a case; ``scenario`` may be its YAML text."""
    text = scenario if isinstance(scenario, str) else scenario.to_yaml()
    sc = parse_scenario(text, path) if isinstance(scenario, str) else scenario
    if sc.case not in (None, case_id):
        raise InputError(f"scenario {sc.id!r} belongs to case {sc.case!r}, not {case_id!r}", path=path)
    rec = session.scalars(
        select(m.ScenarioRecord).where(m.ScenarioRecord.case_id == case_id, m.ScenarioRecord.key == sc.id)
    ).first()
    if rec is None:
        rec = m.ScenarioRecord(case_id=case_id, key=sc.id)
        session.add(rec)
    rec.title, rec.yaml = sc.title or "", text
    session.flush()
    return rec


def list_scenarios(session: Session, case_id: str) -> list[m.ScenarioRecord]:
    return list(
        session.scalars(
            select(m.ScenarioRecord).where(m.ScenarioRecord.case_id == case_id).order_by(m.ScenarioRecord.key)
        )
    )


def get_scenario(session: Session, case_id: str, key: str) -> tuple[m.ScenarioRecord, Scenario]:
    rec = session.scalars(
        select(m.ScenarioRecord).where(m.ScenarioRecord.case_id == case_id, m.ScenarioRecord.key == key)
    ).first()
    if rec is None:
        raise NotFoundError(f"no scenario {key!r} in case {case_id!r} (see `redline scenario list`)")
    return rec, parse_scenario(rec.yaml, f"{case_id}/{key}")


def run_scenario(
    session: Session,
    case_id: str,
    key: str,
    *,
    model: str = "eum",
    variant: str | None = None,
    model_variant: str | None = None,
    rounds: int | None = None,
    runs: int = 1,
    seed: int = 0,
    who: str = "",
) -> tuple[m.ScenarioRun, dict[str, Any]]:
    """Run a model on a stored scenario and store the run (inputs, parameters, result)."""
    from redline.simulate.registry import build_model
    from redline.simulate.runner import simulate

    if runs < 1:
        raise InputError("runs must be at least 1")
    rec, sc = get_scenario(session, case_id, key)
    bargaining = build_model(model, variant=model_variant, rounds=rounds)
    issues, spread = sc.to_issues(variant)
    result = simulate(issues, bargaining, runs=runs, seed=seed, uncertainty=spread)
    result["scenario"] = {"id": sc.id, "variant": variant, "case": case_id}
    params = {"model": model, "model_variant": model_variant, "rounds": rounds, "runs": runs, "seed": seed}
    run = m.ScenarioRun(
        scenario_id=rec.id,
        variant=variant,
        model=model,
        params=params,
        scenario_yaml=rec.yaml,
        inputs_csv=long_csv_text(issues, spread),
        result=result,
        who=who,
    )
    session.add(run)
    session.flush()
    result["run"] = run.id
    return run, result
