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


@code_app.command("suggest")
def suggest_cmd(
    document: Annotated[
        str, typer.Argument(help="A stored document (case-id/document-id or its id) or a file.")
    ],
    case: CaseOption,
    fmt: FormatOption = Format.table,
    store: Annotated[
        bool, typer.Option("--store/--no-store", help="Store suggestions for accept/reject.")
    ] = True,
    frames: Annotated[
        bool, typer.Option("--frames", help="Suggest strategic frames (0-3) instead of issue positions.")
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Suggest dimensions and values for each provision, with the nearest coded provisions as reasons.

    Examples:
      redline code suggest ukraine-2025/joint-20-point-framework-2025-12 --case ukraine-2025
      redline code suggest new-draft.pdf --case ukraine-2025 --format json
    """
    from pathlib import Path

    from redline.coding import suggest_store as ss

    key = document.split("/", 1)[1] if document.startswith(f"{case}/") else document
    with db_session(database) as s:
        from redline.store import models as m

        stored = s.query(m.Document).filter_by(case_id=case, key=key).first()
        if stored is not None:
            out = ss.suggest_document(s, case, key, store=store, kind="frame" if frames else "position")
        elif Path(document).exists() or document == "-":
            from redline.ingest import read_document

            parsed = read_document(document)
            targets = ss.targets_from_parsed(parsed)
            kind = "frame" if frames else "position"
            out = ss.contract(
                document, targets, ss.suggest_targets(ss.make_suggester(s, case, kind=kind), targets)
            )
        else:
            from redline.errors import InputError

            raise InputError(f"no stored document {key!r} in case {case!r} and no such file", path=document)
    rows = [
        {
            "provision": p["label"] or f"#{p['index']}",
            "issue": sg["issue"],
            "value": sg["value"],
            "confidence": sg["confidence"],
            "because": ", ".join(f"{b['document']}/{b['label']}" for b in sg["because"][:2]),
        }
        for p in out["provisions"]
        for sg in p["suggestions"]
    ]
    emit(fmt, json_obj=out, rows=rows, title=f"Suggestions for {out['document']}")


@code_app.command("suggestions")
def suggestions_cmd(
    document: Annotated[str, typer.Argument(help="Document id.")],
    case: CaseOption,
    status: Annotated[str, typer.Option(help="pending | accepted | edited | rejected | all")] = "pending",
    fmt: FormatOption = Format.table,
    database: DatabaseOption = None,
) -> None:
    """List stored suggestions of a document (to accept, edit or reject).

    Example: redline code suggestions joint-20-point-framework-2025-12 --case ukraine-2025
    """
    from redline.coding.suggest_store import list_suggestions

    with db_session(database) as s:
        rows = [
            {
                "id": x.id,
                "provision": x.provision.ref,
                "issue": x.dimension.key,
                "value": x.value,
                "confidence": x.confidence,
                "source": x.source,
                "needs_review": x.needs_review,
                "status": x.status,
                "quote": x.quote,
                "because": x.because,
            }
            for x in list_suggestions(s, case, document, None if status == "all" else status)
        ]
    emit(
        fmt,
        json_obj={"document": document, "suggestions": rows},
        rows=rows,
        columns=["id", "provision", "issue", "value", "confidence", "source", "needs_review", "status"],
        title=f"Suggestions for {document}",
    )


@code_app.command("accept")
def accept_cmd(
    suggestion_id: Annotated[int, typer.Argument(help="Suggestion id (see `redline code suggestions`).")],
    value: Annotated[float | None, typer.Option(help="Accept with this value instead (an edit).")] = None,
    quote: Annotated[
        str | None, typer.Option("--quote", "-q", help="Accept with this evidence quote.")
    ] = None,
    coder: Annotated[str | None, typer.Option("--coder", help="Your coder name.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Accept a suggestion (optionally edited); the coding records that it came from a suggestion.

    Example: redline code accept 12 --value 75
    """
    from redline.coding.suggest_store import decide

    with db_session(database) as s:
        sg = decide(s, suggestion_id, who=coder or _default_coder(), accept=True, value=value, quote=quote)
        status, cid = sg.status, sg.coding_id
    err_console.print(f"suggestion {suggestion_id} {status}: coding {cid}")


@code_app.command("reject")
def reject_cmd(
    suggestion_id: Annotated[int, typer.Argument(help="Suggestion id.")],
    coder: Annotated[str | None, typer.Option("--coder", help="Your coder name.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Reject a suggestion (kept, marked rejected).

    Example: redline code reject 13
    """
    from redline.coding.suggest_store import decide

    with db_session(database) as s:
        decide(s, suggestion_id, who=coder or _default_coder(), accept=False)
    err_console.print(f"suggestion {suggestion_id} rejected")


def reliability_cmd(
    case: CaseOption,
    fmt: FormatOption = Format.table,
    database: DatabaseOption = None,
) -> None:
    """Inter-coder agreement: Krippendorff's alpha per dimension and overall, disagreements.

    Example: redline reliability --case ukraine-2025 --format json
    """
    from redline.coding.reliability import reliability

    with db_session(database) as s:
        rep = reliability(s, case)
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
