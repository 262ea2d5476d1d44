"""`redline report | figure | export`: publishable documents, print figures and data for colleagues."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from redline.cli.common import CaseOption, DatabaseOption, db_session, err_console


class Lang(StrEnum):
    en = "en"
    de = "de"


class What(StrEnum):
    codings = "codings"
    positions = "positions"
    alignments = "alignments"
    scenarios = "scenarios"
    all = "all"


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    parquet = "parquet"
    qdc = "qdc"
    bundle = "bundle"


LangOption = Annotated[Lang, typer.Option("--lang", "-l", help="Language of the fixed text: en or de.")]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="File (or folder) to write.")]
ReplicatesOption = Annotated[
    int, typer.Option("--replicates", help="Bootstrap replicates for the intervals (0 = none).")
]
ModelOption = Annotated[str, typer.Option("--model", help="Bargaining model for the scenario results.")]


def report_cmd(
    case: CaseOption,
    out: OutOption,
    lang: LangOption = Lang.en,
    replicates: ReplicatesOption = 400,
    model: ModelOption = "eum",
    encoder: Annotated[
        str, typer.Option("--encoder", help="Encoder for drafts not yet aligned: default, e5, use, st:/path.")
    ] = "default",
    target: Annotated[
        str | None, typer.Option("--target", help="Actor whose maximal demand the drift is measured against.")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Write a report on a case as one self-contained HTML file or a PDF (by the file's extension).

    The report follows the founding paper: findings, chronology, issue-by-issue comparison with the
    maximal demands, drift, version comparison, strategic affinity, criteria and red lines, scenario
    results; every number links to a note with its provisions and sources.  Alignments of drafts and
    scenario runs that are not yet stored are computed and stored.

    Examples:
      redline report --case ukraine-2025 --out report.pdf
      redline report --case ukraine-2025 --out bericht.html --lang de
    """
    from redline.align.encoders import get_encoder
    from redline.report.build import write_report
    from redline.report.content import build_content
    from redline.report.context import Context

    enc = get_encoder(encoder)
    with db_session(database) as session:
        ctx = Context(session, case, replicates=replicates, target=target, lang=lang.value)
        content = build_content(ctx, encoder=enc, model=model)
    write_report(content, out, lang.value)
    err_console.print(f"wrote {out} ({len(content.notes)} notes)")


def figure_cmd(
    kind: Annotated[
        str,
        typer.Argument(
            help="timeline, positions, drift, territory, criteria, redlines, affinity or simulation."
        ),
    ],
    case: CaseOption,
    out: OutOption,
    lang: LangOption = Lang.en,
    document: Annotated[str | None, typer.Option("--document", help="territory: one document's map.")] = None,
    scenario: Annotated[
        str | None, typer.Option("--scenario", help="simulation: the scenario (default: the first).")
    ] = None,
    actor: Annotated[list[str] | None, typer.Option("--actor", help="drift: only these actors.")] = None,
    target: Annotated[str | None, typer.Option("--target", help="drift: whose maximal demand.")] = None,
    model: ModelOption = "eum",
    replicates: ReplicatesOption = 400,
    dpi: Annotated[int, typer.Option("--dpi", help="Resolution of PNG output.")] = 300,
    database: DatabaseOption = None,
) -> None:
    """Draw one of the dashboard's charts as a print figure (.png at --dpi, .svg or .pdf) with caption and source.

    Examples:
      redline figure drift --case ukraine-2025 --out drift.pdf
      redline figure territory --case ukraine-2025 --document us-28-point-plan --out map.png --lang de
    """
    from redline.report.context import Context
    from redline.report.figures import make_figure

    with db_session(database) as session:
        ctx = Context(session, case, replicates=replicates, target=target, lang=lang.value)
        spec = make_figure(
            ctx, kind, lang.value, document=document, scenario=scenario, model=model, actors=actor
        )
    try:
        spec.save(str(out), dpi)
    finally:
        spec.close()
    err_console.print(f"wrote {out}")


def export_cmd(
    case: CaseOption,
    out: OutOption,
    what: Annotated[What, typer.Option("--what", help="Which table, or all.")] = What.all,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="csv, xlsx, json, parquet; qdc (codebook); bundle (the case)."),
    ] = ExportFormat.xlsx,
    database: DatabaseOption = None,
) -> None:
    """Export codings, positions, alignments and scenario results; the codebook as REFI-QDA; the case as a bundle.

    Examples:
      redline export --case ukraine-2025 --format xlsx --out ukraine.xlsx
      redline export --case ukraine-2025 --what codings --format csv --out codings.csv
      redline export --case ukraine-2025 --format qdc --out codebook.qdc
      redline export --case ukraine-2025 --format bundle --out ukraine-2025.zip
    """
    from redline.report.exports import export

    with db_session(database) as session:
        written = export(session, case, what.value, fmt.value, out)
    if len(written) == 1:
        err_console.print(f"wrote {written[0]}")
    else:
        err_console.print(f"wrote {out}/ ({len(written)} files: {', '.join(p.name for p in written)})")


def register(app: typer.Typer) -> None:
    app.command("report")(report_cmd)
    app.command("figure")(figure_cmd)
    app.command("export")(export_cmd)
