"""The results of ingestion: a parsed document and its provisions.

Both are frozen dataclasses so that other layers (aligner, coder, store) can pass them
around without fear of mutation.  :meth:`ParsedDocument.to_contract` renders exactly the
public JSON of ``redline split`` (see ``CONTRACTS.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Provision:
    """One provision (numbered point, article, sub-point or paragraph) of a document.

    ``text == document.text[start:end]``; the text excludes the label marker of its first
    line ("1.", "Article 3", "(b)") but includes the sub-points of a parent provision.
    ``level`` is 0 for top-level provisions; ``parent`` is the 1-based ``index`` of the
    enclosing provision (None at level 0).  ``label`` is the number or letter as printed
    ("10", "b", "II", "§3"), None for unnumbered paragraphs and bullets.
    """

    index: int
    label: str | None
    level: int
    parent: int | None
    text: str
    start: int
    end: int

    def to_contract(self) -> dict[str, Any]:
        """The provision as one element of the ``provisions`` array of ``redline split``."""
        return {
            "index": self.index,
            "label": self.label,
            "level": self.level,
            "parent": self.parent,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class ParsedDocument:
    """A document read from a file (or stdin), normalized and split into provisions.

    ``text`` is the normalized text every offset refers to; ``sha256`` is the digest of
    the raw input bytes (so re-ingesting the same file is recognisable); ``encoding`` is
    the character encoding used for text formats (None for PDF/DOCX/HTML parsed from
    their own declarations); ``pages`` is known for PDFs only.
    """

    title: str | None
    language: str
    source: str
    sha256: str
    characters: int
    text: str
    encoding: str | None
    format: str
    provisions: list[Provision] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None

    def to_contract(self) -> dict[str, Any]:
        """Exactly the JSON object printed by ``redline split FILE --format json``."""
        return {
            "document": {
                "title": self.title,
                "language": self.language,
                "source": self.source,
                "sha256": self.sha256,
                "characters": self.characters,
            },
            "provisions": [p.to_contract() for p in self.provisions],
        }

    def top_level(self) -> list[Provision]:
        """The level-0 provisions, in order (what alignment works on)."""
        return [p for p in self.provisions if p.level == 0]
