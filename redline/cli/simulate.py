"""`redline simulate` and `redline scenario`: bargaining models on a long CSV or a scenario file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from redline.cli.common import DatabaseOption, Format, FormatOption, db_session, emit, err_console

ModelOption = Annotated[
    str,
    typer.Option("--model", "-m", help="compromise | median | nash | eum | smp (the KTAB spatial model)."),
]
RoundsOption = Annotated[
    int | None,
    typer.Option(
        "--rounds", help="Round cap of the iterative models (eum: 10, smp: 100).", show_default=False
    ),
]
RunsOption = Annotated[
    int, typer.Option("--runs", help="Monte Carlo runs over input uncertainty (> 1 adds distributions).")
]
VariantOption = Annotated[
    str | None,
    typer.Option(
        "--variant", help="Model variant: eum code|printed, nash worst|status-quo.", show_default=False
    ),
]
SeedOption = Annotated[int, typer.Option("--seed", help="Random seed of the Monte Carlo.")]
JointOption = Annotated[
    bool,
    typer.Option(
        "--joint", help="smp only: one run with the issues as dimensions (actors trade across issues)."
    ),
]

scenario_app = typer.Typer(
    help="Scenarios: editable YAML inputs (actors, positions, variants) for the models.", no_args_is_help=True
)


def _run(issues: list, model: object, runs: int, seed: int, spread: dict, joint: bool) -> dict:  # type: ignore[type-arg]
    from redline.errors import InputError
    from redline.simulate.runner import simulate, simulate_joint

    if runs < 1:
        raise InputError("--runs must be at least 1")
    if joint:
        if runs > 1:
            raise InputError("--joint runs once; it does not combine with --runs > 1")
        return simulate_joint(issues, model)  # type: ignore[arg-type]
    return simulate(issues, model, runs=runs, seed=seed, uncertainty=spread)  # type: ignore[arg-type]


def _emit(result: dict, fmt: Format) -> None:  # type: ignore[type-arg]
    from redline.simulate.runner import summary_rows

    title = f"{result['model']} ({result['variant']})"
    emit(fmt, json_obj=result, rows=summary_rows(result), title=title)


def simulate_cmd(
    input_csv: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT.csv", help="Long CSV: issue,actor,position,salience,capability ('-' for stdin)."
        ),
    ],
    model: ModelOption = "eum",
    rounds: RoundsOption = None,
    runs: RunsOption = 1,
    variant: VariantOption = None,
    seed: SeedOption = 0,
    joint: JointOption = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Predict the outcome of each issue of INPUT.csv with a bargaining model."""
    from redline.simulate.csvio import read_long_csv
    from redline.simulate.registry import build_model

    bargaining_model = build_model(model, variant=variant, rounds=rounds)
    table = read_long_csv(input_csv)
    _emit(_run(table.issues, bargaining_model, runs, seed, table.uncertainty, joint), fmt)


@scenario_app.command("export")
def export_cmd(
    scenario_file: Annotated[Path, typer.Argument(metavar="SCENARIO.yaml", help="Scenario file.")],
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", metavar="FILE.csv", help="Where to write the long CSV ('-' for stdout)."
        ),
    ],
    variant: Annotated[
        str | None, typer.Option("--variant", help="Named variant of the scenario.", show_default=False)
    ] = None,
) -> None:
    """Write a scenario (or one of its variants) as the long CSV that `redline simulate` reads."""
    from redline.simulate.csvio import write_long_csv
    from redline.simulate.scenario import load_scenario

    scenario = load_scenario(scenario_file)
    issues, spread = scenario.to_issues(variant)
    write_long_csv(output, issues, spread)
    if output != "-":
        err_console.print(f"wrote {sum(i.n_actors for i in issues)} rows ({len(issues)} issues) to {output}")


@scenario_app.command("run")
def run_cmd(
    scenario_ref: Annotated[
        str,
        typer.Argument(metavar="SCENARIO", help="A scenario file, or a stored scenario CASE/SCENARIO-ID."),
    ],
    variant: Annotated[
        str | None, typer.Option("--variant", help="Named variant of the scenario.", show_default=False)
    ] = None,
    model: ModelOption = "eum",
    model_variant: Annotated[
        str | None,
        typer.Option(
            "--model-variant",
            help="Model variant: eum code|printed, nash worst|status-quo.",
            show_default=False,
        ),
    ] = None,
    rounds: RoundsOption = None,
    runs: RunsOption = 1,
    seed: SeedOption = 0,
    joint: JointOption = False,
    fmt: FormatOption = Format.table,
    database: DatabaseOption = None,
) -> None:
    """Run a model on a scenario (or one of its variants). A stored scenario's run is stored with its inputs.

    Examples:
      redline scenario run ukraine-2025/europe-at-the-table --variant europe-excluded --model eum
      redline scenario run my-scenario.yaml --model smp --runs 200
    """
    from redline.simulate.registry import build_model
    from redline.simulate.scenario import load_scenario

    path = Path(scenario_ref)
    if not path.exists() and scenario_ref.count("/") == 1 and not scenario_ref.endswith((".yaml", ".yml")):
        if joint:
            from redline.errors import InputError

            raise InputError("--joint runs are not stored; export the scenario and run the file")
        from redline.simulate.stored import run_scenario

        case, key = scenario_ref.split("/")
        with db_session(database) as s:
            _, result = run_scenario(
                s,
                case,
                key,
                model=model,
                variant=variant,
                model_variant=model_variant,
                rounds=rounds,
                runs=runs,
                seed=seed,
            )
        _emit(result, fmt)
        return
    bargaining_model = build_model(model, variant=model_variant, rounds=rounds)
    scenario = load_scenario(path)
    issues, spread = scenario.to_issues(variant)
    result = _run(issues, bargaining_model, runs, seed, spread, joint)
    result["scenario"] = {"id": scenario.id, "variant": variant}
    _emit(result, fmt)


@scenario_app.command("create")
def create_cmd(
    case: Annotated[str, typer.Argument(help="Case id.")],
    scenario_id: Annotated[str, typer.Option("--id", help="Scenario id.")] = "baseline",
    title: Annotated[str | None, typer.Option(help="Title.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Also write the YAML here.")] = None,
    carry_forward: Annotated[
        bool,
        typer.Option(
            help="Carry an actor's earlier stated positions forward where its latest document is silent."
        ),
    ] = True,
    database: DatabaseOption = None,
) -> None:
    """Build a scenario from the actors' latest coded positions, the case's saliences and capabilities.

    Example: redline scenario create ukraine-2025 --id baseline -o baseline.yaml
    """
    from redline.analysis.data import load_case_data
    from redline.simulate.scenario import save_scenario as write_file
    from redline.simulate.stored import save_scenario, scenario_from_case

    with db_session(database) as s:
        sc = scenario_from_case(
            load_case_data(s, case), scenario_id, title=title, carry_forward=carry_forward
        )
        save_scenario(s, case, sc)
    if output is not None:
        write_file(sc, output)
    err_console.print(
        f"scenario {case}/{sc.id}: {len(sc.actors)} actors, {len(sc.issues)} issues"
        + (f"; written to {output}" if output else "")
    )


@scenario_app.command("list")
def list_cmd(
    case: Annotated[str, typer.Option("--case", "-c", help="Case id.")],
    fmt: FormatOption = Format.table,
    database: DatabaseOption = None,
) -> None:
    """List a case's stored scenarios with their variants and number of runs.

    Example: redline scenario list --case ukraine-2025
    """
    from redline.simulate.scenario import parse_scenario
    from redline.simulate.stored import list_scenarios

    with db_session(database) as s:
        rows = []
        for r in list_scenarios(s, case):
            sc = parse_scenario(r.yaml, f"{case}/{r.key}")
            rows.append(
                {
                    "id": r.key,
                    "title": r.title,
                    "actors": len(sc.actors),
                    "issues": len(sc.issues),
                    "variants": ", ".join(sc.variants) or "-",
                    "runs": len(r.runs),
                }
            )
    emit(fmt, json_obj={"case": case, "scenarios": rows}, rows=rows, title=f"Scenarios of {case}")


@scenario_app.command("runs")
def runs_cmd(
    scenario_ref: Annotated[str, typer.Argument(metavar="CASE/SCENARIO", help="A stored scenario.")],
    fmt: FormatOption = Format.table,
    database: DatabaseOption = None,
) -> None:
    """List the stored runs of a scenario (each with its inputs and parameters, reproducible).

    Example: redline scenario runs ukraine-2025/baseline --format json
    """
    from redline.errors import InputError
    from redline.simulate.stored import get_scenario

    if scenario_ref.count("/") != 1:
        raise InputError("name a stored scenario as CASE/SCENARIO-ID", path=scenario_ref)
    case, key = scenario_ref.split("/")
    with db_session(database) as s:
        rec, _ = get_scenario(s, case, key)
        full = [
            {
                "id": r.id,
                "at": r.created_at.isoformat(timespec="seconds"),
                "model": r.model,
                "variant": r.variant,
                "params": r.params,
                "inputs_csv": r.inputs_csv,
                "result": r.result,
            }
            for r in rec.runs
        ]
    rows = [
        {
            "id": r["id"],
            "at": r["at"],
            "model": r["model"],
            "variant": r["variant"] or "-",
            **{i["id"]: i["prediction"] for i in r["result"].get("issues", [])[:6]},
        }
        for r in full
    ]
    emit(fmt, json_obj={"scenario": scenario_ref, "runs": full}, rows=rows, title=f"Runs of {scenario_ref}")


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate_cmd)
    app.add_typer(scenario_app, name="scenario")
