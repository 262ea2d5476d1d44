"""`redline codebook`: show, export and import the codebook (table, JSON, CSV, REFI-QDA .qdc)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from redline.cli.common import (
    CaseOption,
    DatabaseOption,
    Format,
    FormatOption,
    console,
    db_session,
    emit,
    err_console,
)

codebook_app = typer.Typer(
    help="The codebook: issue dimensions, anchored levels, frames.", no_args_is_help=True
)


@codebook_app.command("show")
def show_cmd(
    case: CaseOption,
    dimension: Annotated[str | None, typer.Option(help="Only this dimension.")] = None,
    fmt: FormatOption = Format.table,
    database: DatabaseOption = None,
) -> None:
    """Show the codebook: dimensions with their anchored levels.

    Example: redline codebook show --case ukraine-2025 --dimension crimea
    """
    from redline.coding.codebook import codebook_dict, codebook_rows

    with db_session(database) as s:
        book = codebook_dict(s, case)
    if dimension:
        book["dimensions"] = [d for d in book["dimensions"] if d["id"] == dimension]
    emit(
        fmt,
        json_obj=book,
        rows=codebook_rows(book),
        columns=["dimension", "kind", "value", "label", "example"],
        title=f"Codebook of {case} v{book['version']}",
    )


@codebook_app.command("export")
def export_cmd(
    case: CaseOption,
    out: Annotated[Path, typer.Argument(help="File: .qdc (REFI-QDA), .csv or .json.")],
    database: DatabaseOption = None,
) -> None:
    """Export the codebook as REFI-QDA (.qdc), CSV or JSON, by the file's extension.

    Example: redline codebook export --case ukraine-2025 codebook.qdc
    """
    import json

    from redline.coding.codebook import codebook_csv, codebook_dict, to_qdc
    from redline.errors import InputError

    with db_session(database) as s:
        book = codebook_dict(s, case)
    suffix = out.suffix.lower()
    if suffix == ".qdc":
        data = to_qdc(book)
    elif suffix == ".csv":
        data = codebook_csv(book).encode()
    elif suffix == ".json":
        data = (json.dumps(book, ensure_ascii=False, indent=2) + "\n").encode()
    else:
        raise InputError("use a .qdc, .csv or .json file name", path=out)
    out.write_bytes(data)
    err_console.print(f"wrote {out} ({len(book['dimensions'])} dimensions)")


@codebook_app.command("import")
def import_cmd(
    case: CaseOption,
    source: Annotated[Path, typer.Argument(help="File: .qdc (REFI-QDA), .csv or .json, as exported.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report the changes, store nothing.")] = False,
    fmt: FormatOption = Format.table,
    database: DatabaseOption = None,
) -> None:
    """Import an edited codebook: dimensions merged by id, a new codebook version if anything changed.

    Levels are matched by value. Dimensions missing from the file are kept; a level that codings use
    cannot be removed. Nothing is stored on any error.

    Examples:
      redline codebook import --case ukraine-2025 codebook.qdc --dry-run
      redline codebook import --case ukraine-2025 codebook.csv
    """
    from redline.coding.codebook_import import import_codebook, read_codebook_file

    book = read_codebook_file(source)
    with db_session(database) as s:
        result = import_codebook(s, case, book, source=str(source), dry_run=dry_run).as_dict()
    rows = [{"dimension": d, "change": "added"} for d in result["added"]] + [
        {
            "dimension": u["dimension"],
            "change": ", ".join(
                part
                for part in (
                    ", ".join(u["fields"]),
                    f"levels added {_values(u['levels_added'])}" if u["levels_added"] else "",
                    f"levels changed {_values(u['levels_changed'])}" if u["levels_changed"] else "",
                    f"levels removed {_values(u['levels_removed'])}" if u["levels_removed"] else "",
                )
                if part
            ),
        }
        for u in result["updated"]
    ]
    verb = "would become" if dry_run else "is now"
    title = (
        f"Codebook of {case}: version {result['version_before']} {verb} {result['version']}"
        if result["changed"]
        else f"Codebook of {case}: unchanged (version {result['version']})"
    )
    if not rows and fmt is Format.table:
        console.print(title)
        return
    emit(fmt, json_obj=result, rows=rows, columns=["dimension", "change"], title=title)


def _values(values: list[float]) -> str:
    return "/".join(f"{v:g}" for v in values)


def register(app: typer.Typer) -> None:
    app.add_typer(codebook_app, name="codebook")
