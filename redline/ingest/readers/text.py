"""Plain text and Markdown (files or stdin), in any of the encodings analysts meet.

Markdown is kept as written (it is what the analyst will quote); only a YAML front
matter block is taken off and read for ``title`` and ``language`` (as in case-bundle
documents, whose text starts after the front matter).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from redline.ingest.encoding import decode_bytes
from redline.ingest.readers import RawText

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def read_text(data: bytes, source: str, *, markdown: bool = False) -> RawText:
    """Decode a text file; for Markdown, split off and read the front matter."""
    text, encoding = decode_bytes(data, source)
    raw = RawText(text=text, encoding=encoding)
    if text.startswith("\ufeff"):
        text = raw.text = text[1:]
    if markdown:
        m = _FRONT_MATTER.match(text)
        if m:
            meta = _front_matter(m.group("yaml"))
            if meta is None:
                raw.warnings.append("front matter is not valid YAML: kept as text")
            else:
                raw.text = text[m.end() :]
                title, language = meta.get("title"), meta.get("language")
                raw.title = str(title).strip() if title else None
                raw.language = str(language).strip().lower() if language else None
    return raw


def _front_matter(block: str) -> dict[str, Any] | None:
    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError:
        return None
    return meta if isinstance(meta, dict) else None
