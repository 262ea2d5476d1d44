"""`redline code suggest|suggestions|accept|reject`: machine coding suggestions and the analyst's decisions."""

from __future__ import annotations

from typing import Annotated

import typer

from redline.cli.code import _default_coder, code_app
from redline.cli.common import CaseOption, DatabaseOption, Format, FormatOption, db_session, emit, err_console


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
            suggester = ss.make_suggester(s, case, kind=kind, language=parsed.language)
            out = ss.contract(
                document, targets, ss.suggest_targets(suggester, targets, language=parsed.language)
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


def register(app: typer.Typer) -> None:
    code_app.command("suggest")(suggest_cmd)
    code_app.command("suggestions")(suggestions_cmd)
    code_app.command("accept")(accept_cmd)
    code_app.command("reject")(reject_cmd)
