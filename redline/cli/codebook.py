"""`redline codebook`: show and export the codebook (table, JSON, CSV, REFI-QDA .qdc)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from redline.cli.common import CaseOption, DatabaseOption, Format, FormatOption, db_session, emit, err_console

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


def register(app: typer.Typer) -> None:
    app.add_typer(codebook_app, name="codebook")
