"""Measures: `redline positions|drift|distance|redlines|criteria|affinity`."""

from __future__ import annotations

from typing import Annotated

import pandas as pd
import typer

from redline.cli.common import CaseOption, DatabaseOption, Format, FormatOption, db_session, emit, emit_json

ExplainOption = Annotated[
    bool, typer.Option("--explain", help="Add the provisions and quotes behind each number.")
]
ReplicatesOption = Annotated[
    int, typer.Option("--replicates", help="Bootstrap replicates for intervals (0 = none).")
]


def _data(database: str | None, case: str):  # type: ignore[no-untyped-def]
    from redline.analysis.data import load_case_data

    with db_session(database) as s:
        return load_case_data(s, case)


def positions_cmd(
    case: CaseOption,
    fmt: FormatOption = Format.table,
    explain: ExplainOption = False,
    database: DatabaseOption = None,
) -> None:
    """Each document's position on every issue (0-100; null = not addressed) and its index.

    Example: redline positions --case ukraine-2025 --format json
    """
    from redline.analysis.positions import explain_position, positions_contract

    data = _data(database, case)
    out = positions_contract(data, kinds={"proposal", "memorandum", "declaration", "statement"})
    if explain:
        for d in out["documents"]:
            d["explain"] = {
                k: explain_position(data, d["id"], k) for k, v in d["positions"].items() if v is not None
            }
    issues = [i["id"] for i in out["issues"]]
    rows = [
        {"document": d["id"], "date": d["date"], "actor": d["actor"], "index": d["index"], **d["positions"]}
        for d in out["documents"]
    ]
    emit(
        fmt,
        json_obj=out,
        rows=rows,
        columns=["document", "date", "actor", "index", *issues],
        title="Positions (0 = Ukraine's maximal position, 100 = Russia's maximal demand)",
    )


def drift_cmd(
    case: CaseOption,
    actor: Annotated[str, typer.Option("--actor", "-a", help="Actor id, e.g. us.")],
    explain: ExplainOption = False,
    fmt: FormatOption = Format.table,
    replicates: ReplicatesOption = 400,
    database: DatabaseOption = None,
) -> None:
    """An actor's documents over time: index, distance to each maximal demand, concessions.

    Example: redline drift --case ukraine-2025 --actor us
    """
    from redline.analysis.movement import Measures

    meas = Measures(_data(database, case), replicates)
    rep = meas.drift(actor)
    if explain:
        from redline.analysis.positions import explain_position

        for d in rep["documents"]:
            row = meas.matrix.loc[d["document"]]
            d["explain"] = {
                k: explain_position(meas.data, d["document"], k) for k in row.index if not pd.isna(row[k])
            }
    rows = []
    for d in rep["documents"]:
        row = {
            "date": d["date"],
            "document": d["document"],
            "index": d["index"],
            "interval": d["index_interval"],
            "addressed": d["addressed"],
        }
        for a, v in d["distance_to_maximal_demand"].items():
            row[f"to {a} max"] = v["distance"]
        c = d["concession"]
        row["movement"] = None if c is None else f"{c['movement']} ({c['dimensions']} dims)"
        rows.append(row)
    emit(fmt, json_obj=rep, rows=rows, title=f"Drift of {actor} (movement + = toward the scale max)")


def distance_cmd(
    a: Annotated[str, typer.Argument(help="Document id, or actor id (its latest position).")],
    b: Annotated[str, typer.Argument(help="Document id, or actor id (its latest position).")],
    case: CaseOption,
    fmt: FormatOption = Format.table,
    replicates: ReplicatesOption = 400,
    explain: ExplainOption = False,
    database: DatabaseOption = None,
) -> None:
    """Salience-weighted distance between two documents (or two actors' latest positions) over the issues both
    address.

    Examples:
      redline distance us-28-point-plan joint-20-point-framework-2025-12 --case ukraine-2025
      redline distance us ru --case ukraine-2025
    """
    from redline.analysis.movement import Measures
    from redline.analysis.positions import explain_position

    meas = Measures(_data(database, case), replicates)
    if a in meas.data.actors and b in meas.data.actors:
        rep = meas.actor_distance(a, b)
        rep["convergence"] = meas.convergence(a, b, carry_forward=True)
        emit(
            fmt,
            json_obj=rep,
            rows=rep["convergence"],
            title=f"{a} ↔ {b}: distance {rep['distance']} {rep['interval']} over {rep['dimensions']} issues "
            "(latest positions, carried forward); over time:",
        )
        return
    rep = meas.distance(a, b)
    rep["concession"] = meas.concession(a, b)
    if explain:
        rep["explain"] = {
            dim: {"a": explain_position(meas.data, a, dim), "b": explain_position(meas.data, b, dim)}
            for dim in rep["shared"]
        }
    emit(
        fmt,
        json_obj=rep,
        rows=rep["concession"]["moves"],
        title=f"{a} → {b}: distance {rep['distance']} {rep['interval']} over {rep['dimensions']} issues",
    )


def redlines_cmd(case: CaseOption, fmt: FormatOption = Format.table, database: DatabaseOption = None) -> None:
    """Which documents cross which actor's red lines (with the deciding provisions in JSON).

    Example: redline redlines --case ukraine-2025
    """
    from redline.analysis.criteria import red_lines

    rep = red_lines(_data(database, case))
    rows = [
        {"document": d["document"], "date": d["date"], "violated": ", ".join(d["violated"]) or "-"}
        for d in rep["documents"]
    ]
    emit(fmt, json_obj=rep, rows=rows, title="Red lines violated")


def criteria_cmd(
    case: CaseOption,
    criterion_set: Annotated[str | None, typer.Option("--set", help="Criterion set id.")] = None,
    fmt: FormatOption = Format.table,
    database: DatabaseOption = None,
) -> None:
    """Pass / fail / not addressed per document and criterion (deciding provisions in JSON).

    Example: redline criteria --case ukraine-2025 --set just-peace
    """
    from redline.analysis.criteria import criteria

    rep = criteria(_data(database, case), criterion_set)
    if fmt is Format.json:
        emit_json(rep)
        return
    for s in rep["criterion_sets"]:
        rows = [
            {"document": d["document"], **{c["criterion"]: c["status"] for c in d["criteria"]}}
            for d in s["documents"]
        ]
        emit(fmt, json_obj=None, rows=rows, title=s["name"])


def affinity_cmd(
    case: CaseOption,
    fmt: FormatOption = Format.table,
    frames: Annotated[str | None, typer.Option(help="Comma-separated frame ids to compare on.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Affinity of strategy documents by their frame profiles, with shared frames and passages.

    Example: redline affinity --case ukraine-2025
    """
    from redline.analysis.affinity import affinity_report

    rep = affinity_report(_data(database, case), frames=frames.split(",") if frames else None)
    rows = [{"document": a, **vals} for a, vals in rep["matrix"].items()]
    emit(fmt, json_obj=rep, rows=rows, title="Affinity (1 = identical frame profiles)")


def claims_cmd(
    case: CaseOption,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print a Markdown table (as in the README).")
    ] = False,
    fmt: FormatOption = Format.table,
    replicates: ReplicatesOption = 400,
    database: DatabaseOption = None,
) -> None:
    """Check the case's stated findings (claims in case.yaml) against the codings.

    Example: redline claims --case ukraine-2025
    """
    from redline.analysis.claims import check_claims

    rep = check_claims(_data(database, case), replicates=replicates)
    if markdown:
        from redline.analysis.claims import claims_markdown

        typer.echo(claims_markdown(rep), nl=False)
        return
    rows = [
        {
            "claim": c["text"],
            "measured": c["measure"],
            "value": c["value"],
            "vs": c["compared_with"],
            "interval of the difference": c["interval"],
            "holds": c["holds"],
            "robust": c["robust"],
        }
        for c in rep["claims"]
    ]
    emit(
        fmt,
        json_obj=rep,
        rows=rows,
        title=f"{rep['summary']['hold']} of {rep['summary']['claims']} claims hold "
        f"({rep['summary']['robust']} robustly)",
    )


def register(app: typer.Typer) -> None:
    app.command("positions")(positions_cmd)
    app.command("drift")(drift_cmd)
    app.command("distance")(distance_cmd)
    app.command("redlines")(redlines_cmd)
    app.command("criteria")(criteria_cmd)
    app.command("affinity")(affinity_cmd)
    app.command("claims")(claims_cmd)
