"""`redline compare A B`: what changed between two drafts, across versions and languages.

A and B are files (any format ``redline split`` reads) or stored documents (``case-id/document-id``).
Output: a table (default), the JSON contract (``--format json``) or a side-by-side redline page
(``--format html``, written to ``--output`` or stdout).  Embeddings are cached in the database, so comparing
the same documents again does no model work; alignments of two stored documents are stored as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from redline.cli.common import DatabaseOption, console, db_session, emit_json, err_console, format_default


class CompareFormat(StrEnum):
    table = "table"
    json = "json"
    html = "html"


@dataclass
class _Side:
    ref: str
    title: str | None
    language: str | None
    indices: list[int]
    texts: list[str]
    document_id: int | None = None


def _read_side(ref: str, language: str | None, session: Any) -> _Side:
    from redline.align.persist import parse_reference, stored_document
    from redline.errors import InputError, RedlineError

    path = Path(ref)
    if ref == "-" or path.exists():
        try:
            from redline.ingest import read_document
        except ImportError as exc:  # the ingest layer is developed in parallel
            raise RedlineError("this build cannot read files yet (redline.ingest.read_document)") from exc

        doc = read_document(ref, language=language)
        top = doc.top_level()
        return _Side(ref, doc.title, language or doc.language, [p.index for p in top], [p.text for p in top])
    if parse_reference(ref) is not None and session is not None:
        stored = stored_document(session, ref)
        return _Side(ref, stored.title, language or stored.language, stored.indices, stored.texts, stored.id)
    raise InputError("no such file (and not a case-id/document-id of a stored document)", path=ref)


def _table(result: dict[str, Any], a: _Side, b: _Side) -> None:
    from rich.table import Table

    def fmt_changes(changes: list[dict[str, Any]]) -> str:
        return "; ".join(f"{c['kind']}: {c['a'] or '—'} → {c['b'] or '—'}" for c in changes)

    colour = {"same": "green", "modified": "yellow", "split": "cyan", "merged": "cyan"}
    table = Table(title=f"{a.title or a.ref} → {b.title or b.ref}", caption=f"encoder: {result['encoder']}")
    for col in ("A", "B", "relation", "score", "changes"):
        table.add_column(col, overflow="fold")
    for link in result["links"]:
        rel = link["relation"] + (" ?" if link["borderline"] else "")
        table.add_row(
            ", ".join(map(str, link["a"])),
            ", ".join(map(str, link["b"])),
            f"[{colour[link['relation']]}]{rel}[/]",
            f"{link['score']:.2f}",
            fmt_changes(link["changes"]),
            end_section=False,
        )
    for i in result["dropped"]:
        table.add_row(str(i), "", "[red]dropped[/]", "", "")
    for j in result["added"]:
        table.add_row("", str(j), "[green]added[/]", "", "")
    console.print(table)
    err_console.print("'?' marks borderline links (margin within the band above the threshold)")


def compare_cmd(
    a: Annotated[str, typer.Argument(help="Document A: a file or case-id/document-id.")],
    b: Annotated[str, typer.Argument(help="Document B: a file or case-id/document-id.")],
    fmt: Annotated[
        CompareFormat,
        typer.Option(
            "--format",
            "-f",
            help="table (for people), json (contract) or html. Default: table on a terminal, json when piped.",
            callback=format_default,
        ),
    ] = CompareFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (html); default stdout.")
    ] = None,
    encoder: Annotated[
        str, typer.Option("--encoder", help="default (e5 + USE), e5, use, or st:/path/to/model-folder.")
    ] = "default",
    language_a: Annotated[
        str | None, typer.Option("--language-a", help="Language of A (else detected).")
    ] = None,
    language_b: Annotated[
        str | None, typer.Option("--language-b", help="Language of B (else detected).")
    ] = None,
    threshold: Annotated[
        float | None, typer.Option("--threshold", help="Override the calibrated link threshold (margin).")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not use or fill the database embedding cache.")
    ] = False,
    no_store: Annotated[
        bool, typer.Option("--no-store", help="Do not store the links of two stored documents.")
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Align the top-level provisions of A and B: kept, modified, split, merged, dropped, added.

    Examples:
      redline compare plan-28.pdf plan-20.docx
      redline compare ukraine-2025/us-28-point-plan ukraine-2025/twenty-point-framework --format json
      redline compare draft-en.md draft-ru.md --format html -o redline.html
    """
    from dataclasses import replace

    from redline.align.aligner import AlignParams, align
    from redline.align.encoders import get_encoder
    from redline.align.persist import DBEmbeddingCache, parse_reference, store_alignment
    from redline.align.result import DocMeta

    enc = get_encoder(encoder)
    params = AlignParams() if threshold is None else replace(AlignParams(), threshold=threshold)
    needs_db = not no_cache or any(parse_reference(x) and not Path(x).exists() for x in (a, b))
    if needs_db:
        with db_session(database) as session:
            side_a = _read_side(a, language_a, session)
            side_b = _read_side(b, language_b, session)
            cache = None if no_cache else DBEmbeddingCache(session)
            result = align(
                side_a.texts,
                side_b.texts,
                side_a.language,
                side_b.language,
                enc,
                cache,
                a_ids=side_a.indices,
                b_ids=side_b.indices,
                params=params,
            )
            if side_a.document_id is not None and side_b.document_id is not None and not no_store:
                store_alignment(session, side_a.document_id, side_b.document_id, result)
    else:
        side_a = _read_side(a, language_a, None)
        side_b = _read_side(b, language_b, None)
        result = align(
            side_a.texts,
            side_b.texts,
            side_a.language,
            side_b.language,
            enc,
            None,
            a_ids=side_a.indices,
            b_ids=side_b.indices,
            params=params,
        )
    a_meta = DocMeta(side_a.title, side_a.language, len(side_a.texts))
    b_meta = DocMeta(side_b.title, side_b.language, len(side_b.texts))
    contract = result.to_contract(a_meta, b_meta)
    if fmt is CompareFormat.json:
        emit_json(contract)
    elif fmt is CompareFormat.html:
        from redline.align.html import render_html

        page = render_html(result, side_a.texts, side_b.texts, a_meta, b_meta)
        if output is None:
            typer.echo(page, nl=False)
        else:
            tmp = output.with_name(output.name + ".part")
            tmp.write_text(page, encoding="utf-8")
            tmp.replace(output)  # nothing half-written
            err_console.print(f"wrote {output}")
    else:
        _table(contract, side_a, side_b)


def register(app: typer.Typer) -> None:
    """Add ``redline compare`` to the app."""
    app.command("compare")(compare_cmd)
