"""Text normalization: the one canonical form every provision offset refers to.

Readers produce raw text in many shapes (Windows/Mac/Unix line endings, no-break spaces,
soft hyphens, byte-order marks, tabs).  :func:`normalize_text` turns all of it into the
same plain form, so that the splitter sees one kind of line break and evidence quotes
can be highlighted by character offset later.  It is idempotent:
``normalize_text(normalize_text(s)) == normalize_text(s)``.
"""

from __future__ import annotations

import re
import unicodedata

# Every line separator becomes "\n" (after "\r\n" has been folded).
_LINE_BREAKS = str.maketrans(
    {"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\x0b": "\n", "\x0c": "\n"}
)
# Exotic spaces become a plain space; invisible characters disappear.
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE = "\ufeff\u200b\u2060\u00ad\u180e\ufffe"
_TRANSLATE = str.maketrans({**{c: " " for c in _SPACES}, **{c: None for c in _INVISIBLE}})
# Control characters other than newline and tab (C0 and C1 ranges, DEL).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_BLANK_RUN = re.compile(r"\n{3,}")
_LEADING_WS = re.compile(r"^[ \t]+")


def _fix_line(line: str) -> str:
    """Expand leading tabs (indentation matters to the splitter), flatten inner ones, strip the end."""
    m = _LEADING_WS.match(line)
    if m:
        line = m.group(0).expandtabs(4) + line[m.end() :]
    return line.replace("\t", " ").rstrip(" ")


def normalize_text(raw: str) -> str:
    """Return the canonical form of ``raw``.

    - line endings (CRLF, CR, Unicode separators, form feeds) become ``\\n``;
    - no-break and other Unicode spaces become a plain space; BOM, zero-width spaces,
      soft hyphens and control characters are removed;
    - Unicode NFC composition (so "é" is one character wherever it came from);
    - leading tabs are expanded to 4 spaces, other tabs become one space,
      trailing spaces are stripped from every line;
    - runs of blank lines collapse to one blank line; blank lines at both ends go.
    """
    text = raw.replace("\r\n", "\n").translate(_LINE_BREAKS).translate(_TRANSLATE)
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = "\n".join(_fix_line(line) for line in text.split("\n"))
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n")
