"""Format readers: bytes of one format -> raw text plus metadata.

Each reader returns a :class:`RawText`; :func:`redline.ingest.read.read_document`
normalizes the text, detects the language and splits it.  Readers raise
:class:`redline.errors.InputError` (naming the file) for input they cannot read.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawText:
    """What a reader extracted: the text and what it learned about the document."""

    text: str
    title: str | None = None
    encoding: str | None = None
    pages: int | None = None
    language: str | None = None
    warnings: list[str] = field(default_factory=list)
