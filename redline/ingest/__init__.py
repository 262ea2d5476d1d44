"""Ingestion: read drafts in any format, normalize them, split them into provisions.

Public API (used by the aligner, coder, store and CLI)::

    from redline.ingest import read_document, split_text, ParsedDocument, Provision
    doc = read_document("draft.pdf", language=None, max_bytes=None)   # raises InputError
    provisions = split_text(doc.text)                                  # the splitter alone

See ``docs/ingest.md`` for formats, splitting rules and limits.
"""

from redline.ingest.language import detect_language
from redline.ingest.model import ParsedDocument, Provision
from redline.ingest.normalize import normalize_text
from redline.ingest.read import DEFAULT_MAX_INPUT_BYTES, MAX_INPUT_ENV, max_input_bytes, read_document
from redline.ingest.split import SplitResult, split_document, split_text

__all__ = [
    "DEFAULT_MAX_INPUT_BYTES",
    "MAX_INPUT_ENV",
    "ParsedDocument",
    "Provision",
    "SplitResult",
    "detect_language",
    "max_input_bytes",
    "normalize_text",
    "read_document",
    "split_document",
    "split_text",
]
