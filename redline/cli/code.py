"""`redline code` and `redline reliability`: code provisions, review history, measure agreement."""

from __future__ import annotations

import getpass
import os
from typing import Annotated

import typer

from redline.cli.common import CaseOption, DatabaseOption, Format, FormatOption, db_session, emit, err_console

code_app = typer.Typer(
    help="Codings: add, edit, delete, list, history; blind mode; adjudication.", no_args_is_help=True
)

CoderOption = Annotated[str, typer.Option("--coder", envvar="REDLINE_CODER", help="Your coder name.")]


def _default_coder() -> str:
    return os.environ.get("REDLINE_CODER") or getpass.getuser()


def _split_unit(unit: str) -> tuple[str, str]:
    from redline.errors import InputError

    if "#" in unit and "/" not in unit:
        unit = unit.replace("#", "/", 1)
    if "/" not in unit:
        raise InputError(f"name a provision as DOCUMENT/REF, e.g. us-28-point-plan/6 (got {unit!r})")
    doc, ref = unit.split("/", 1)
    return doc, ref


def _row(c) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": c.id,
        "document": c.provision.document.key,
        "provision": c.provision.ref,
        "dimension": c.dimension.key,
        "value": c.value,
        "coder": c.coder,
        "confidence": c.confidence,
        "quote": c.quote,
        "evidence_start": c.evidence_start,
        "evidence_end": c.evidence_end,
        "note": c.note,
        "origin": c.origin,
        "needs_review": c.needs_review,
        "deleted": c.deleted,
        "version": c.version,
        "codebook_version": c.codebook_version,
    }


@code_app.command("add")
def add_cmd(
    unit: Annotated[
        str, typer.Argument(help="DOCUMENT/REF, e.g. us-28-point-plan/6 or ru-memorandum-2025-06/II.2")
    ],
    dimension: Annotated[str, typer.Argument(help="Dimension id, e.g. army-cap.")],
    value: Annotated[float, typer.Argument(help="Position on the scale (0-100; frames 0-3).")],
    quote: Annotated[
        str, typer.Option("--quote", "-q", help="Evidence: text copied verbatim from the provision.")
    ],
    case: CaseOption,
    coder: Annotated[
        str | None, typer.Option("--coder", help="Coder name (default $REDLINE_CODER or user).")
    ] = None,
    confidence: Annotated[float, typer.Option(help="0-1.")] = 1.0,
    note: Annotated[str, typer.Option(help="Free-text note.")] = "",
    fmt: FormatOption = Format.table,
    database: DatabaseOption = None,
) -> None:
    """Code one provision on one dimension, with its evidence quote.

    Example: redline code add us-28-point-plan/6 army-cap 50 -q "600,000" --case ukraine-2025
    """
    from redline.coding.codings import add_coding, find_dimension, find_provision

    doc, ref = _split_unit(unit)
    with db_session(database) as s:
        c = add_coding(
            s,
            find_provision(s, case, doc, ref),
            find_dimension(s, case, dimension),
            coder=coder or _default_coder(),
            value=value,
            quote=quote,
            confidence=confidence,
            note=note,
        )
        row = _row(c)
    emit(
        fmt,
        json_obj=row,
        rows=[row],
        columns=["id", "document", "provision", "dimension", "value", "coder", "version"],
        title="Coding added",
    )


@code_app.command("edit")
def edit_cmd(
    coding_id: Annotated[int, typer.Argument(help="Coding id (see `redline code list`).")],
    version: Annotated[
        int, typer.Option("--version", help="The version you are editing (optimistic locking).")
    ],
    value: Annotated[float | None, typer.Option(help="New value.")] = None,
    quote: Annotated[str | None, typer.Option("--quote", "-q", help="New evidence quote.")] = None,
    confidence: Annotated[float | None, typer.Option(help="New confidence.")] = None,
    note: Annotated[str | None, typer.Option(help="New note.")] = None,
    coder: Annotated[str | None, typer.Option("--coder", help="Who edits.")] = None,
    fmt: FormatOption = Format.table,
    database: DatabaseOption = None,
) -> None:
    """Edit a coding. If someone changed it since you read `--version`, you get a conflict, not an overwrite.

    Example: redline code edit 42 --version 1 --value 75 --note "de facto recognition"
    """
    from redline.coding.codings import edit_coding

    changes = {
        k: v
        for k, v in {"value": value, "quote": quote, "confidence": confidence, "note": note}.items()
        if v is not None
    }
    with db_session(database) as s:
        c = edit_coding(s, coding_id, expected_version=version, who=coder or _default_coder(), **changes)
        row = _row(c)
    emit(
        fmt,
        json_obj=row,
        rows=[row],
        columns=["id", "document", "provision", "dimension", "value", "version"],
        title="Coding edited",
    )


@code_app.command("delete")
def delete_cmd(
    coding_id: Annotated[int, typer.Argument(help="Coding id.")],
    version: Annotated[int, typer.Option("--version", help="The version you are deleting.")],
    coder: Annotated[str | None, typer.Option("--coder", help="Who deletes.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Delete a coding (kept in its history; nothing is lost).

    Example: redline code delete 42 --version 2
    """
    from redline.coding.codings import delete_coding

    with db_session(database) as s:
        delete_coding(s, coding_id, expected_version=version, who=coder or _default_coder())
    err_console.print(f"coding {coding_id} deleted (history kept)")


@code_app.command("list")
def list_cmd(
    case: CaseOption,
    document: Annotated[str | None, typer.Option(help="Only this document.")] = None,
    coder: Annotated[str | None, typer.Option(help="Only this coder.")] = None,
    dimension: Annotated[str | None, typer.Option(help="Only this dimension.")] = None,
    blind: Annotated[
        str | None, typer.Option(help="Blind mode: show only this coder's codings on open documents.")
    ] = None,
    deleted: Annotated[bool, typer.Option("--deleted", help="Include deleted codings.")] = False,
    fmt: FormatOption = Format.table,
    database: DatabaseOption = None,
) -> None:
    """List codings.

    Example: redline code list --case ukraine-2025 --document us-28-point-plan --coder final
    """
    from redline.coding.codings import list_codings

    with db_session(database) as s:
        rows = [
            _row(c)
            for c in list_codings(
                s,
                case,
                document=document,
                coder=coder,
                dimension=dimension,
                viewer=blind,
                include_deleted=deleted,
            )
        ]
    emit(
        fmt,
        json_obj={"case": case, "codings": rows},
        rows=rows,
        columns=["id", "document", "provision", "dimension", "value", "coder", "quote", "version"],
        title="Codings",
    )


@code_app.command("history")
def history_cmd(
    coding_id: Annotated[int, typer.Argument(help="Coding id.")],
    fmt: FormatOption = Format.table,
    database: DatabaseOption = None,
) -> None:
    """Every change of a coding: who, when, old and new.

    Example: redline code history 42
    """
    from redline.errors import NotFoundError
    from redline.store import models as m

    with db_session(database) as s:
        c = s.get(m.Coding, coding_id)
        if c is None:
            raise NotFoundError(f"no coding {coding_id}")
        rows = [
            {
                "at": h.at.isoformat(timespec="seconds"),
                "who": h.who,
                "action": h.action,
                "old": h.old,
                "new": h.new,
            }
            for h in c.history
        ]
    table_rows = [
        {**r, "old": (r["old"] or {}).get("value"), "new": (r["new"] or {}).get("value")} for r in rows
    ]
    emit(
        fmt,
        json_obj={"coding": coding_id, "history": rows},
        rows=table_rows,
        title=f"History of coding {coding_id}",
    )


@code_app.command("close")
def close_cmd(
    document: Annotated[str, typer.Argument(help="Document id.")],
    case: CaseOption,
    reopen: Annotated[bool, typer.Option("--reopen", help="Reopen (blind mode again).")] = False,
    database: DatabaseOption = None,
) -> None:
    """Close a document for comparison: coders now see each other's codings.

    Example: redline code close us-28-point-plan --case ukraine-2025
    """
    from redline.coding.codings import set_closed

    with db_session(database) as s:
        set_closed(s, case, document, not reopen)
    err_console.print(f"{document}: {'reopened (blind)' if reopen else 'closed for comparison'}")


@code_app.command("adjudicate")
def adjudicate_cmd(
    unit: Annotated[str, typer.Argument(help="DOCUMENT/REF")],
    dimension: Annotated[str, typer.Argument(help="Dimension id.")],
    value: Annotated[float, typer.Argument(help="Final value.")],
    quote: Annotated[str, typer.Option("--quote", "-q", help="Evidence quote.")],
    reasons: Annotated[str, typer.Option("--reasons", help="Why this value.")],
    case: CaseOption,
    coder: Annotated[str | None, typer.Option("--coder", help="Who adjudicates.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Record the final value of a unit with its reasons; every coder's own value is kept.

    Example: redline code adjudicate us-28-point-plan/21 donbas 90 -q "demilitarized" --reasons "..." --case ukraine-2025
    """
    from redline.coding.codings import adjudicate, find_dimension, find_provision

    doc, ref = _split_unit(unit)
    with db_session(database) as s:
        c = adjudicate(
            s,
            find_provision(s, case, doc, ref),
            find_dimension(s, case, dimension),
            value=value,
            quote=quote,
            reasons=reasons,
            who=coder or _default_coder(),
        )
        cid = c.id
    err_console.print(f"adjudicated: coding {cid}")


def reliability_cmd(
    case: CaseOption,
    document: Annotated[
        list[str] | None,
        typer.Option("--document", "-d", help="Only this document (repeat for several); default all."),
    ] = None,
    coder: Annotated[
        list[str] | None,
        typer.Option("--coder", help="Only this coder (repeat); default all but the primary."),
    ] = None,
    fmt: FormatOption = Format.table,
    database: DatabaseOption = None,
) -> None:
    """Inter-coder agreement: Krippendorff's alpha per dimension and overall, disagreements.

    Examples:
      redline reliability --case ukraine-2025 --format json
      redline reliability --case ukraine-2025 -d us-28-point-plan -d joint-20-point-framework-2025-12
    """
    from redline.coding.reliability import reliability

    with db_session(database) as s:
        rep = reliability(s, case, coders=coder or None, documents=document or None)
    rows = [{"dimension": "OVERALL", **rep["overall"]}] + [
        {"dimension": d["id"], **{k: v for k, v in d.items() if k != "id"}} for d in rep["dimensions"]
    ]
    emit(
        fmt,
        json_obj=rep,
        rows=rows,
        columns=["dimension", "alpha_interval", "alpha_ordinal", "percent_agreement", "units"],
        title=f"Agreement of {', '.join(rep['coders'])} on {rep['documents']} documents",
    )


def register(app: typer.Typer) -> None:
    app.add_typer(code_app, name="code")
    app.command("reliability")(reliability_cmd)
