"""Shared pieces of the CLI: consoles, output formats, option declarations.

Commands stay thin: they parse options, call the Python API, and hand the result
to :func:`emit` which renders JSON (stdout, machine-readable), CSV or a Rich table.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

console = Console()
err_console = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def format_default(ctx: typer.Context, param: typer.CallbackParam, value: StrEnum) -> StrEnum:
    """``--format`` not given: a table on a terminal, JSON when the output goes to a pipe or a file
    (CONTRACTS.md: table is "the default on a terminal"); works for any format enum with a ``json`` member."""
    source = ctx.get_parameter_source(param.name or "")
    # compared by name: typer may bundle its own copy of click, with its own ParameterSource
    if getattr(source, "name", None) == "DEFAULT" and not sys.stdout.isatty():
        return type(value)("json")
    return value


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="Output format: table (for people), json or csv (for scripts). "
        "Default: table on a terminal, json when piped.",
        callback=format_default,
    ),
]
CaseOption = Annotated[str, typer.Option("--case", "-c", help="Case id, e.g. ukraine-2025.")]
DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        envvar="REDLINE_DATABASE_URL",
        help="SQLAlchemy URL of the database.",
        show_default=False,
    ),
]


def emit_json(obj: Any) -> None:
    """Write JSON to stdout (UTF-8, not ASCII-escaped), newline-terminated."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def emit_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    columns = list(columns or (rows[0].keys() if rows else []))
    w = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow(r)


def emit_table(
    rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None, title: str | None = None
) -> None:
    columns = list(columns or (rows[0].keys() if rows else []))
    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c)
    for r in rows:
        table.add_row(*("" if r.get(c) is None else str(r.get(c)) for c in columns))
    console.print(table)


def emit(
    fmt: Format,
    *,
    json_obj: Any,
    rows: Sequence[dict[str, Any]] | None = None,
    columns: Sequence[str] | None = None,
    title: str | None = None,
) -> None:
    """Render a result: ``json_obj`` for json, ``rows`` for csv and table."""
    if fmt is Format.json:
        emit_json(json_obj)
    elif fmt is Format.csv:
        emit_csv(rows or [], columns)
    else:
        emit_table(rows or [], columns, title)


@contextmanager
def db_session(url: str | None = None) -> Iterator[Session]:
    """A transactional session on the configured database (migrated on first use)."""
    from redline.store.db import session_scope

    with session_scope(url) as s:
        yield s
