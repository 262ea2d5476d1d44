"""``read_document``: any supported file (or stdin) -> :class:`ParsedDocument`.

Steps: refuse inputs above the size limit *before* reading them; read the bytes once
(their sha256 identifies the file); pick the reader by extension (or by content for
files without one); normalize the text; detect the language unless given; split.

The size limit is :data:`DEFAULT_MAX_INPUT_BYTES` (50 MiB), overridable with the
environment variable ``REDLINE_MAX_INPUT_BYTES`` or the ``max_bytes`` argument.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import BinaryIO

from redline.errors import InputError
from redline.ingest.encoding import sniff_binary
from redline.ingest.language import UNDETERMINED, check_language, detect_language
from redline.ingest.model import ParsedDocument
from redline.ingest.normalize import normalize_text
from redline.ingest.readers import RawText
from redline.ingest.split import guess_title, split_document

DEFAULT_MAX_INPUT_BYTES = 50 * 1024 * 1024
MAX_INPUT_ENV = "REDLINE_MAX_INPUT_BYTES"
STDIN = "-"
FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}


def max_input_bytes(override: int | None = None) -> int:
    """The size limit in force: the argument, else ``$REDLINE_MAX_INPUT_BYTES``, else 50 MiB."""
    if override is not None:
        return override
    raw = os.environ.get(MAX_INPUT_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_INPUT_BYTES
    try:
        value = int(raw)
    except ValueError as exc:
        raise InputError(f"{MAX_INPUT_ENV} must be a number of bytes, not {raw!r}") from exc
    if value <= 0:
        raise InputError(f"{MAX_INPUT_ENV} must be positive, not {value}")
    return value


def _too_big(size: int, limit: int, source: str) -> InputError:
    return InputError(
        f"input is {size:,} bytes, above the limit of {limit:,} bytes (raise it with {MAX_INPUT_ENV})",
        path=source,
    )


def _read_limited(stream: BinaryIO, limit: int, source: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_big(len(data), limit, source)
    return data


def _sniff_format(data: bytes) -> str:
    head = data[:1024].lstrip().lower()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "html"
    return "txt"


def _load(path: str | Path, limit: int) -> tuple[bytes, str, str]:
    """Read the input's bytes (checking the limit first); return (data, source, format)."""
    if str(path) == STDIN:
        data = _read_limited(sys.stdin.buffer, limit, STDIN)
        what = sniff_binary(data)
        if what:
            raise InputError(f"stdin holds binary data ({what}): pass the file path instead", path=STDIN)
        return data, STDIN, "stdin"
    source = str(path)
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError as exc:
        raise InputError("no such file", path=source) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=source) from exc
    if p.is_dir():
        raise InputError("is a directory, not a file", path=source)
    suffix = p.suffix.lower()
    fmt = FORMATS.get(suffix)
    if fmt is None and suffix and suffix not in (".", ""):
        supported = " ".join(sorted(FORMATS))
        hint = " (save it as .docx)" if suffix in (".doc", ".odt", ".rtf") else ""
        raise InputError(f"unsupported file type {suffix!r}{hint}; supported: {supported}", path=source)
    if st.st_size > limit:
        raise _too_big(st.st_size, limit, source)
    try:
        with p.open("rb") as fh:
            data = _read_limited(fh, limit, source)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=source) from exc
    return data, source, fmt or _sniff_format(data)


def _read_format(data: bytes, source: str, fmt: str) -> RawText:
    if fmt == "pdf":
        from redline.ingest.readers.pdf import read_pdf

        return read_pdf(data, source)
    if fmt == "docx":
        from redline.ingest.readers.docx import read_docx

        return read_docx(data, source)
    if fmt == "html":
        from redline.ingest.readers.html import read_html

        return read_html(data, source)
    from redline.ingest.readers.text import read_text

    return read_text(data, source, markdown=fmt == "md")


def read_document(
    path: str | Path, language: str | None = None, max_bytes: int | None = None
) -> ParsedDocument:
    """Read, normalize, and split one document; ``"-"`` reads text from stdin.

    Raises :class:`InputError` (with the file name) for anything the user must fix:
    missing or oversized files, empty or binary input, corrupt/encrypted/scanned PDFs,
    files that are not what their extension says.
    """
    limit = max_input_bytes(max_bytes)
    lang = check_language(language) if language else None
    data, source, fmt = _load(path, limit)
    if not data.strip():
        raise InputError("empty file" if data == b"" else "file holds only whitespace", path=source)
    raw = _read_format(data, source, fmt)
    text = normalize_text(raw.text)
    if not text.strip():
        raise InputError("no text found in the document", path=source)
    warnings = list(raw.warnings)
    if lang is None and raw.language:
        try:
            lang = check_language(raw.language)
        except InputError:
            warnings.append(f"ignored unknown language {raw.language!r} from the front matter")
    if lang is None:
        lang = detect_language(text)
        if lang == UNDETERMINED:
            warnings.append("language could not be detected; pass --language")
    split = split_document(text)
    warnings.extend(split.warnings)
    return ParsedDocument(
        title=raw.title or guess_title(text),
        language=lang,
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        characters=len(text),
        text=text,
        encoding=raw.encoding,
        format=fmt,
        provisions=split.provisions,
        warnings=warnings,
        pages=raw.pages,
    )
