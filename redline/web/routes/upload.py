"""Upload a new draft: read and split it, store it in the case, link it to its previous version, suggest codings.

The file is checked before anything is read (size, type, content matching the type, see
:func:`redline.web.security.check_upload`), written to a private temporary folder under its own
base name (the ingest layer recognises new versions of a file by name) and read by
:func:`redline.ingest.store.ingest_file`.  Everything happens in one transaction.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path, PurePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from redline.errors import InputError
from redline.store import models as m
from redline.web.deps import DB, Coder, settings_of
from redline.web.pagecache import cached_page
from redline.web.routes.common import get_view, page
from redline.web.security import check_upload

router = APIRouter(prefix="/cases/{case_id}", include_in_schema=False)


def ingest_available() -> bool:
    try:
        from redline.ingest.store import ingest_file  # noqa: F401
    except ImportError:
        return False
    return True


def store_upload(
    request: Request,
    session: Session,
    case_id: str,
    filename: str,
    data: bytes,
    *,
    actor: str | None,
    date: dt.date | None,
    status: str,
    kind: str,
    title: str | None,
    language: str | None,
    version_of: str | None,
) -> dict[str, Any]:
    """Check and store an uploaded draft; returns the ingest summary (plus the version link)."""
    from redline.ingest.store import ingest_file

    max_bytes = settings_of(request).max_upload_bytes
    check_upload(filename, data, max_bytes)
    name = PurePath(filename.replace("\\", "/")).name
    if version_of:
        previous = session.scalars(
            select(m.Document).where(m.Document.case_id == case_id, m.Document.key == version_of)
        ).first()
        if previous is None:
            raise InputError(f"no document {version_of!r} in case {case_id!r} to be the previous version")
    with tempfile.TemporaryDirectory(prefix="redline-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        result = ingest_file(
            session,
            case_id,
            path,
            actor=actor or None,
            date=date,
            status=status,
            kind=kind,
            title=title or None,
            language=language or None,
            max_bytes=max_bytes,
        )
    summary = result.summary()
    summary["source"] = name
    if result.created and version_of:
        doc = session.get(m.Document, result.document_id)
        assert doc is not None
        doc.version_of = version_of
        session.flush()
        summary["version_of"] = version_of
    request.app.state.cache.invalidate(case_id)
    return summary


@router.get("/upload", response_class=HTMLResponse)
@cached_page
def upload_form(request: Request, case_id: str, session: DB, user: Coder) -> Response:
    view = get_view(request, session, case_id)
    ctx = {
        "available": ingest_available(),
        "max_mb": settings_of(request).max_upload_bytes / 1024 / 1024,
        "error": None,
    }
    return page(request, session, view, "upload.html", "/upload", ctx)


@router.post("/upload", response_class=HTMLResponse)
async def upload(
    request: Request,
    case_id: str,
    user: Coder,
    file: Annotated[UploadFile, File()],
    actor: Annotated[str, Form(max_length=100)] = "",
    date: Annotated[str, Form(max_length=10)] = "",
    status: Annotated[str, Form(max_length=20)] = "reported",
    kind: Annotated[str, Form(max_length=20)] = "proposal",
    title: Annotated[str, Form(max_length=500)] = "",
    language: Annotated[str, Form(max_length=10)] = "",
    version_of: Annotated[str, Form(max_length=150)] = "",
    suggest: Annotated[bool, Form()] = False,
) -> Response:
    from starlette.concurrency import run_in_threadpool

    if not ingest_available():
        raise HTTPException(503, "reading uploaded files is not available in this build (redline.ingest)")
    max_bytes = settings_of(request).max_upload_bytes
    data = await file.read(max_bytes + 1)
    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        raise InputError(f"not a date: {date!r} (use YYYY-MM-DD)") from None

    def work() -> str:
        from redline.store.db import session_scope

        with session_scope(settings_of(request).database_url) as session:
            get_view(request, session, case_id)
            summary = store_upload(
                request,
                session,
                case_id,
                file.filename or "",
                data,
                actor=actor,
                date=day,
                status=status,
                kind=kind,
                title=title,
                language=language,
                version_of=version_of or None,
            )
            key = summary["document"]
        message = (
            f"stored {key}: {summary['provisions']} provisions"
            if summary["created"]
            else (f"already stored as {key} (same content)")
        )
        if suggest and summary["created"]:
            with session_scope(settings_of(request).database_url) as session:
                from redline.coding.suggest_store import suggest_document
                from redline.web.routes.documents import encoder_of

                try:
                    out = suggest_document(session, case_id, key, store=True, encoder=encoder_of(request))
                    n = sum(len(p["suggestions"]) for p in out["provisions"]) + int(
                        out.get("carried_over", 0)
                    )
                    message += f"; {n} suggestions"
                except InputError as exc:
                    message += f"; no suggestions: {exc}"
        request.session["flash"] = message
        return key

    key = await run_in_threadpool(work)
    return RedirectResponse(f"/cases/{case_id}/coding/{key}", status_code=303)
