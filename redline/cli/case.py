"""`redline case`: import, export, list and show cases (bundles <-> database)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from redline.cli.common import DatabaseOption, Format, FormatOption, console, db_session, emit, err_console

case_app = typer.Typer(help="Cases: import and export bundles, list and show cases.", no_args_is_help=True)


def _resolve_bundle(source: str) -> Path:
    from redline.cases.bundle import builtin_case_dir
    from redline.errors import InputError

    p = Path(source)
    if p.is_dir():
        return p
    builtin = builtin_case_dir(source)
    if (builtin / "case.yaml").is_file():
        return builtin
    raise InputError("no such folder, and no built-in case of that name", path=source)


@case_app.command("import")
def import_cmd(
    source: Annotated[
        str, typer.Argument(help="Bundle folder, or the name of a built-in case (ukraine-2025).")
    ],
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite a case with the same id.")] = False,
    skip_existing: Annotated[
        bool,
        typer.Option(
            "--skip-existing",
            help="Do nothing if the case is already in the database (and say so if the bundle changed since).",
        ),
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Validate a case bundle and store it; on any problem nothing is written.

    Examples:
      redline case import ukraine-2025
      redline case import ./my-case --replace
    """
    from redline.cases.bundle import read_bundle
    from redline.cases.loader import bundle_fingerprint, import_bundle
    from redline.store import models as m

    root = _resolve_bundle(source)
    with db_session(database) as s:
        if skip_existing:
            bundle = read_bundle(root)
            stored = s.get(m.Case, bundle.case.id)
            if stored is not None:
                if (stored.extra or {}).get("source_sha256") == bundle_fingerprint(root):
                    err_console.print(f"case {stored.id} already loaded; reusing it")
                else:
                    err_console.print(
                        f"case {stored.id} is already loaded from another version of the bundle "
                        f"({len(stored.documents)} documents stored, {len(bundle.documents)} in the bundle); "
                        f"kept as it is. To load the new version: redline case import {source} --replace "
                        f"(this replaces the stored case and every coding made in the database since: "
                        f"redline case export {stored.id} DIR keeps them first)"
                    )
                return
        case = import_bundle(s, root, replace=replace)
        n_docs = len(case.documents)
        case_id = case.id
    err_console.print(f"imported case {case_id}: {n_docs} documents")


@case_app.command("export")
def export_cmd(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    out: Annotated[Path, typer.Argument(help="Folder to write the bundle into (created).")],
    database: DatabaseOption = None,
) -> None:
    """Write a case as a bundle folder (case.yaml, documents/*.md, codings.csv).

    Example: redline case export ukraine-2025 ./ukraine-2025
    """
    from redline.cases.loader import export_bundle

    with db_session(database) as s:
        b = export_bundle(s, case_id, out)
    err_console.print(f"wrote {out}: {len(b.documents)} documents, {len(b.codings)} codings")


@case_app.command("list")
def list_cmd(fmt: FormatOption = Format.table, database: DatabaseOption = None) -> None:
    """List the cases in the database.

    Example: redline case list --format json
    """
    from redline.cases.loader import list_cases

    with db_session(database) as s:
        rows = [
            {"id": c.id, "title": c.title, "documents": len(c.documents), "dimensions": len(c.dimensions)}
            for c in list_cases(s)
        ]
    emit(fmt, json_obj={"cases": rows}, rows=rows, title="Cases")


@case_app.command("show")
def show_cmd(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    fmt: FormatOption = Format.table,
    database: DatabaseOption = None,
) -> None:
    """Summarise a case: its documents by date and actor, and its issue dimensions.

    Example: redline case show ukraine-2025
    """
    from redline.cases.summary import case_summary

    with db_session(database) as s:
        summary = case_summary(s, case_id)
    if fmt is Format.json:
        emit(fmt, json_obj=summary)
        return
    if fmt is Format.csv:
        emit(fmt, json_obj=None, rows=summary["documents"])
        return
    _print_summary(summary)


def _print_summary(summary: dict) -> None:
    from rich.table import Table

    console.print(f"[bold]{summary['title']}[/] ({summary['id']})")
    if summary["description"]:
        console.print(summary["description"], highlight=False)
    t = Table(title="Documents by date")
    for col in ("date", "actor", "document", "kind", "status", "rel.", "prov.", "codings"):
        t.add_column(col, no_wrap=col != "document", overflow="fold")
    for d in summary["documents"]:
        actors = "+".join([d["actor"] or "?", *d["co_actors"]])
        t.add_row(
            d["date"] or "?",
            actors,
            d["id"],
            d["kind"],
            d["status"],
            d["reliability"],
            str(d["provisions"]),
            str(d["codings"]),
        )
    console.print(t)
    t = Table(title="Documents by actor")
    t.add_column("actor")
    t.add_column("documents")
    for a in summary["actors"]:
        t.add_row(a["name"], ", ".join(a["documents"]) or "-")
    console.print(t)
    t = Table(title="Issue dimensions")
    for col in ("id", "name", "kind", "category", "levels"):
        t.add_column(col)
    for d in summary["dimensions"]:
        t.add_row(d["id"], d["name"], d["kind"], d["category"] or "", str(d["levels"]))
    console.print(t)


def register(app: typer.Typer) -> None:
    app.add_typer(case_app, name="case")
