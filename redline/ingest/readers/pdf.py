"""PDF files: the text layer, read with pdfplumber and rebuilt by :mod:`pdf_layout`.

Encrypted PDFs open if they need no password to read (owner-password only); otherwise
the user is told to decrypt them.  A PDF whose pages carry no text (a scan) is refused
with "no text layer: OCR it first" rather than returning nothing; pages without text in
an otherwise readable PDF are listed in a warning.
"""

from __future__ import annotations

import io
import re

from redline.errors import InputError
from redline.ingest import pdf_layout as layout
from redline.ingest.readers import RawText

_JUNK_TITLE = re.compile(
    r"^(?:untitled|microsoft word\s*-.*|document\d*|\S+\.(?:docx?|pdf|odt|rtf|txt))$", re.I
)


def _open(data: bytes, source: str):  # type: ignore[no-untyped-def]
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps pdfminer's many error types
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
            raise InputError(
                "encrypted PDF: it needs a password to open; decrypt it first (e.g. qpdf --decrypt)",
                path=source,
            ) from exc
        raise InputError(
            f"corrupt PDF, cannot be read ({inner or type(inner).__name__})", path=source
        ) from exc


def _title(metadata: dict[str, object]) -> str | None:
    raw = metadata.get("Title")
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="ignore")
    title = " ".join(str(raw or "").split())
    return None if not title or _JUNK_TITLE.match(title) else title


def read_pdf(data: bytes, source: str) -> RawText:
    """Extract a PDF's text layer as running text with footnotes at the end."""
    pdf = _open(data, source)
    pages: list[list[layout.PdfLine]] = []
    empty: list[int] = []
    try:
        with pdf:
            for number, page in enumerate(pdf.pages, 1):
                words = [
                    layout.Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], float(w.get("size") or 0))
                    for w in page.extract_words(extra_attrs=["size"], keep_blank_chars=False)
                    if w.get("upright", True) and w["text"].strip()
                ]
                if not words:
                    empty.append(number)
                pages.append(layout.build_lines(words, number))
            title = _title(pdf.metadata or {})
    except InputError:
        raise
    except Exception as exc:  # damaged page streams surface only while reading pages
        raise InputError(f"corrupt PDF, cannot be read ({exc or type(exc).__name__})", path=source) from exc
    if not pages or len(empty) == len(pages):
        raise InputError("no text layer: OCR it first (e.g. ocrmypdf in.pdf out.pdf)", path=source)
    body_size = layout.body_font_size(pages)
    layout.strip_running_lines(pages, body_size)
    body_pages: list[list[layout.PdfLine]] = []
    notes: list[layout.PdfLine] = []
    for page in pages:
        body, foot = layout.split_footnotes(page, body_size)
        body_pages.append(body)
        notes.extend(foot)
    vocab = layout.vocabulary(pages)
    text = layout.assemble(body_pages, body_size, vocab)
    if not text.strip():
        raise InputError("no text layer: OCR it first (only page numbers or headers were found)", path=source)
    footnotes = layout.footnote_paragraphs(notes, vocab)
    if footnotes:
        text += "\n\n" + "\n\n".join(footnotes)
    warnings = []
    if empty:
        shown = ", ".join(map(str, empty[:10])) + (" ..." if len(empty) > 10 else "")
        warnings.append(f"pages without a text layer (scanned?), OCR them: {shown}")
    return RawText(text=text, title=title, pages=len(pages), warnings=warnings)
