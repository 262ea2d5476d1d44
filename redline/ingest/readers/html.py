"""Web pages: the main text only (trafilatura), with list numbering kept.

trafilatura drops navigation, headers/footers, scripts, styles, comments and ads, but
renders ordered lists as bullets.  Numbers in ``<ol>`` live in the markup, not the text,
so before extraction each ``<li>`` of an ``<ol>`` gets its printed label ("3.", "b.")
prepended, honouring ``start``, ``type`` and ``value``.  The extracted XML is rendered
as plain text: one paragraph per block, one line per list item, nested lists indented.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from redline.errors import InputError
from redline.ingest.encoding import decode_bytes
from redline.ingest.markers import roman_value
from redline.ingest.readers import RawText

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_INDENT = "   "
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
)


def _decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode by BOM / ``<meta charset>`` / UTF-8 / legacy code pages."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii").lower()
            try:
                return data.decode(declared), declared
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_bytes(data, source)


def _ordinal(n: int, kind: str) -> str:
    """Label of item ``n`` for an ``<ol type=...>``."""
    if kind in ("a", "A") and 1 <= n <= 26:
        letter = chr(ord("a") + n - 1)
        return letter.upper() if kind == "A" else letter
    if kind in ("i", "I") and n >= 1:
        numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L")]
        numerals += [(40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        out, rest = "", n
        for value, sym in numerals:
            while rest >= value:
                out, rest = out + sym, rest - value
        assert roman_value(out) == n
        return out.lower() if kind == "i" else out
    return str(n)


def _number_ordered_lists(tree: lxml_html.HtmlElement) -> None:
    for ol in tree.iter("ol"):
        kind = ol.get("type") or "1"
        try:
            n = int(ol.get("start") or 1)
        except ValueError:
            n = 1
        for li in ol.findall("li"):
            value = li.get("value")
            if value and value.strip().lstrip("-").isdigit():
                n = int(value)
            li.text = f"{_ordinal(n, kind)}. " + (li.text or "").lstrip()
            n += 1


def _inline(el: etree._Element) -> str:
    """Text of an element without its nested lists; ``<lb/>`` becomes a line break."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if child.tag == "list":
            parts.append(child.tail or "")
            continue
        parts.append("\n" if child.tag == "lb" else _inline(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split(" ")).strip()


def _render_list(lst: etree._Element, depth: int, out: list[str]) -> None:
    ordered = lst.get("rend") == "ol"
    for item in lst.findall("item"):
        text = " ".join(_inline(item).split())
        if text:
            out.append(_INDENT * depth + ("" if ordered else "• ") + text)
        for sub in item.findall("list"):
            _render_list(sub, depth + 1, out)


def _render(main: etree._Element) -> str:
    blocks: list[str] = []
    for el in main:
        if el.tag == "list":
            lines: list[str] = []
            _render_list(el, 0, lines)
            blocks.append("\n".join(lines))
        elif el.tag == "table":
            rows = [" | ".join(" ".join(_inline(c).split()) for c in row) for row in el.iter("row")]
            blocks.append("\n".join(r for r in rows if r.strip(" |")))
        else:
            text = "\n".join(" ".join(part.split()) for part in _inline(el).split("\n"))
            if el.tag == "head" and text:  # headings become Markdown heading lines
                level = (
                    int(el.get("rend", "h2")[1:] or 2) if re.fullmatch(r"h[1-6]", el.get("rend", "")) else 2
                )
                text = "#" * level + " " + text.replace("\n", " ")
            blocks.append(text)
    return "\n\n".join(b for b in blocks if b.strip())


def _fallback(tree: lxml_html.HtmlElement) -> str:
    """Visible text of the body, for pages too short or odd for trafilatura."""
    for bad in tree.xpath("|".join(f"//{t}" for t in _DROP_TAGS)):
        bad.drop_tree()
    body = tree.find("body")
    root = body if body is not None else tree
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    chunks = []
    for block in root.iter("p", "li", "h1", "h2", "h3", "h4", "td", "div", "pre", "blockquote"):
        if block.tag == "div" and block.find(".//p") is not None:
            continue
        text = " ".join((block.text_content() or "").split())
        if text:
            chunks.append(text)
    return "\n\n".join(chunks) if chunks else " ".join((root.text_content() or "").split())


def read_html(data: bytes, source: str) -> RawText:
    """Extract the main text of a web page."""
    import trafilatura

    text, encoding = _decode(data, source)
    text = _XML_DECL.sub("", text)
    if not text.strip():
        raise InputError("empty HTML page", path=source)
    try:
        tree = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot parse HTML: {exc}", path=source) from exc
    for comment in tree.xpath("//comment()"):
        if comment.getparent() is not None:
            comment.drop_tree()
    _number_ordered_lists(tree)
    page_title = " ".join((tree.findtext(".//title") or "").split()) or None
    xml = trafilatura.extract(
        tree,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_links=False,
        include_images=False,
        with_metadata=True,
        deduplicate=False,
    )
    warnings: list[str] = []
    title = page_title
    body = ""
    if xml:
        doc = etree.fromstring(xml.encode("utf-8"))
        title = doc.get("title") or page_title
        main = doc.find("main")
        body = _render(main) if main is not None else ""
    if not body.strip():
        body = _fallback(lxml_html.document_fromstring(text))
        if body.strip():
            warnings.append("main text not recognised: used all visible text of the page")
    if not body.strip():
        raise InputError(
            "no readable text in the HTML page (only scripts, styles or navigation?)", path=source
        )
    return RawText(text=body, title=title, encoding=encoding, warnings=warnings)
