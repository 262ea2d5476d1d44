"""`redline simulate` and `redline scenario`: bargaining models on a long CSV or a scenario file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from redline.cli.common import Format, FormatOption, emit, err_console

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
    scenario_file: Annotated[Path, typer.Argument(metavar="SCENARIO.yaml", help="Scenario file.")],
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
) -> None:
    """Run a model on a scenario (or one of its variants)."""
    from redline.simulate.registry import build_model
    from redline.simulate.scenario import load_scenario

    bargaining_model = build_model(model, variant=model_variant, rounds=rounds)
    scenario = load_scenario(scenario_file)
    issues, spread = scenario.to_issues(variant)
    result = _run(issues, bargaining_model, runs, seed, spread, joint)
    result["scenario"] = {"id": scenario.id, "variant": variant}
    _emit(result, fmt)


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate_cmd)
    app.add_typer(scenario_app, name="scenario")
