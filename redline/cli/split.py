"""`redline split FILE`: a document's provisions; `redline ingest FILE --case CASE`: store them.

``split`` reads any supported format (or ``-`` for stdin) and prints the provisions as a
table (default), the JSON contract of ``CONTRACTS.md`` (``--format json``) or CSV rows;
``--text`` prints the normalized text the offsets refer to.  Warnings go to stderr.
"""

from __future__ import annotations

import datetime as dt
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

FileArgument = Annotated[
    str, typer.Argument(help="The document: .txt .md .html .htm .pdf .docx, or - for stdin.")
]
LanguageOption = Annotated[
    str | None,
    typer.Option("--language", "-l", help="ISO 639-1 code (en, de, ru, uk ...); overrides detection."),
]


def _warn(source: str, warnings: list[str]) -> None:
    for w in warnings:
        err_console.print(f"[yellow]warning:[/] {source}: {w}", highlight=False, markup=True, soft_wrap=True)


def split_cmd(
    file: FileArgument,
    fmt: FormatOption = Format.table,
    language: LanguageOption = None,
    text: Annotated[
        bool, typer.Option("--text", help="Print the normalized text instead of provisions.")
    ] = False,
) -> None:
    """Split a document into provisions with character offsets.

    Example: redline split draft.pdf --format json
    """
    from redline.ingest import read_document

    doc = read_document(file, language=language)
    _warn(doc.source, doc.warnings)
    if text:
        typer.echo(doc.text)
        return
    rows = [
        {
            "index": p.index,
            "label": p.label,
            "level": p.level,
            "parent": p.parent,
            "start": p.start,
            "end": p.end,
            "text": p.text if fmt is Format.csv else ("  " * p.level) + _short(p.text),
        }
        for p in doc.provisions
    ]
    about = ", ".join(
        x for x in (doc.format, doc.encoding, doc.language, f"{doc.pages} pages" if doc.pages else None) if x
    )
    emit(fmt, json_obj=doc.to_contract(), rows=rows, title=f"{doc.title or doc.source} ({about})")


def _short(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def ingest_cmd(
    file: FileArgument,
    case: CaseOption,
    actor: Annotated[str | None, typer.Option("--actor", help="Author actor id (as in the case).")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Document date, YYYY-MM-DD.")] = None,
    status: Annotated[str, typer.Option("--status", help="official | leaked | reported.")] = "reported",
    kind: Annotated[
        str, typer.Option("--kind", help="proposal | memorandum | declaration | statement | strategy.")
    ] = "proposal",
    key: Annotated[
        str | None, typer.Option("--id", help="Document id (default: from the file name).")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title (default: from the document).")] = None,
    language: LanguageOption = None,
    database: DatabaseOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Store a document and its provisions in a case (idempotent; a changed file becomes a new version).

    Example: redline ingest plan-v2.pdf --case ukraine-2025 --actor us --date 2025-11-20 --status leaked
    """
    from redline.errors import InputError
    from redline.ingest import read_document
    from redline.ingest.store import ingest_document

    when: dt.date | None = None
    if date:
        try:
            when = dt.date.fromisoformat(date)
        except ValueError as exc:
            raise InputError(f"--date must be YYYY-MM-DD, not {date!r}") from exc
    doc = read_document(file, language=language)
    _warn(doc.source, doc.warnings)
    with db_session(database) as session:
        result = ingest_document(
            session, case, doc, key=key, title=title, actor=actor, date=when, status=status, kind=kind
        )
        summary = result.summary()
    emit(fmt, json_obj=summary, rows=[summary], title="ingested")
    if fmt is Format.table:
        console.print(result.message(), highlight=False)


def register(app: typer.Typer) -> None:
    app.command("split")(split_cmd)
    app.command("ingest")(ingest_cmd)
