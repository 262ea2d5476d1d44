"""Word .docx files (python-docx), with list numbers, tables and footnotes.

The body is walked in order (paragraphs, tables, content controls).  List paragraphs get
the label Word would display (see :mod:`docx_numbering`), indented three spaces per
list level so the splitter sees the nesting.  Headings become Markdown ``#`` lines.
Tracked deletions are left out, insertions kept.  Footnotes are appended after the body,
each as a paragraph opening with its superscript number, and the body keeps the
superscript reference marks, so footnotes stay apart from provisions.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from redline.errors import InputError
from redline.ingest.readers import RawText
from redline.ingest.readers.docx_numbering import Numbering, W

MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MAX_UNCOMPRESSED = 1 << 30  # refuse zip bombs: more than 1 GiB unpacked
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_HEADING = re.compile(r"^(?:heading|überschrift|заголовок)\s*(\d)$", re.IGNORECASE)
_INDENT = "   "


def _check_zip(data: bytes, source: str) -> None:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        hint = " (an old binary .doc? save it as .docx)" if data.startswith(b"\xd0\xcf\x11\xe0") else ""
        raise InputError(f"not a Word .docx file: not a zip archive{hint}", path=source)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise InputError(f"corrupt .docx file: {exc}", path=source) from exc
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        shown = ", ".join(sorted(names)[:5]) + (" ..." if len(names) > 5 else "")
        raise InputError(
            f"not a Word document: the zip archive has no word/document.xml (it holds: {shown or 'nothing'})",
            path=source,
        )
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
        raise InputError("refusing a .docx that unpacks to more than 1 GiB", path=source)


class _Walker:
    """Renders the body of one document as text lines/blocks."""

    def __init__(self, doc: object) -> None:
        part = doc.part  # type: ignore[attr-defined]
        self.styles: dict[str, etree._Element] = {}
        self.style_names: dict[str, str] = {}
        try:
            styles_el = part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles_el = None
        if styles_el is not None:
            for st in styles_el.iter(W + "style"):
                sid = st.get(W + "styleId", "")
                self.styles[sid] = st
                name = st.find(W + "name")
                self.style_names[sid] = name.get(W + "val", "") if name is not None else ""
        try:
            numbering_el = part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering_el = None
        self.numbering = Numbering(numbering_el, self.styles)
        self.footnote_numbers: dict[str, int] = {}
        self.blocks: list[tuple[str, bool]] = []  # (text, is_list_item)
        self.first_heading: str | None = None

    def inline(self, el: etree._Element) -> str:
        """Visible text of a paragraph-like element (deletions and fallbacks skipped)."""
        out: list[str] = []
        for child in el:
            tag = child.tag
            if tag in (W + "del", MC_FALLBACK, W + "pPr", W + "rPr", W + "instrText", W + "delText"):
                continue
            if tag == W + "t":
                out.append(child.text or "")
            elif tag == W + "tab":
                out.append("\t")
            elif tag in (W + "br", W + "cr"):
                out.append("\n")
            elif tag == W + "noBreakHyphen":
                out.append("-")
            elif tag == W + "footnoteReference":
                fid = child.get(W + "id", "")
                number = self.footnote_numbers.setdefault(fid, len(self.footnote_numbers) + 1)
                out.append(str(number).translate(_SUPERSCRIPT))
            else:
                out.append(self.inline(child))
        return "".join(out)

    def paragraph(self, p: etree._Element) -> None:
        text = self.inline(p).strip()
        ppr = p.find(W + "pPr")
        pstyle = ppr.find(W + "pStyle") if ppr is not None else None
        style_id = pstyle.get(W + "val") if pstyle is not None else None
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id: str | None = None
        ilvl: int | None = None
        if numpr is not None:
            nid, lvl = numpr.find(W + "numId"), numpr.find(W + "ilvl")
            num_id = nid.get(W + "val") if nid is not None else None
            ilvl = int(lvl.get(W + "val", "0")) if lvl is not None else None
        if num_id is None:
            inherited = self.numbering.style_num(style_id)
            if inherited:
                num_id, style_lvl = inherited
                ilvl = ilvl if ilvl is not None else style_lvl
        label = self.numbering.label(num_id, ilvl or 0) if num_id else None  # empty items count too
        if not text and (not label or label in "•◦▪–"):
            return  # an empty numbered paragraph still shows its number ("Article 3" headings)
        name = self.style_names.get(style_id or "", "")
        heading = _HEADING.match(name)
        level = int(heading.group(1)) if heading else (1 if name.lower() == "title" else 0)
        if level and self.first_heading is None:
            self.first_heading = " ".join(text.split())
        if label:
            text = (label + " " + text).rstrip()
        if level:
            self.blocks.append(("#" * level + " " + " ".join(text.split()), False))
        elif label:
            self.blocks.append((_INDENT * (ilvl or 0) + text, True))
        else:
            self.blocks.append((text, False))

    def table(self, tbl: etree._Element) -> None:
        rows = []
        for tr in tbl.iter(W + "tr"):
            cells = [" ".join(self.inline(tc).split()) for tc in tr.findall(W + "tc")]
            if any(cells):
                rows.append(" | ".join(cells))
        if rows:
            self.blocks.append(("\n".join(rows), False))

    def walk(self, container: etree._Element) -> None:
        for child in container:
            if child.tag == W + "p":
                self.paragraph(child)
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.walk(content)

    def text(self) -> str:
        out: list[str] = []
        for i, (block, is_item) in enumerate(self.blocks):
            if i:
                out.append("\n" if is_item and self.blocks[i - 1][1] else "\n\n")
            out.append(block)
        return "".join(out)


def _footnotes(doc: object, walker: _Walker) -> list[str]:
    """Footnote texts in reference order, each opening with its superscript number."""
    part = doc.part  # type: ignore[attr-defined]
    blob = None
    for rel in part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            blob = rel.target_part.blob
    if blob is None or not walker.footnote_numbers:
        return []
    root = etree.fromstring(blob)
    texts: dict[str, str] = {}
    for fn in root.iter(W + "footnote"):
        if fn.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paras = [" ".join(walker.inline(p).split()) for p in fn.iter(W + "p")]
        texts[fn.get(W + "id", "")] = " ".join(p for p in paras if p)
    out = []
    for fid, number in sorted(walker.footnote_numbers.items(), key=lambda kv: kv[1]):
        body = texts.get(fid, "").strip()
        if body:
            out.append(str(number).translate(_SUPERSCRIPT) + " " + body.lstrip("⁰¹²³⁴⁵⁶⁷⁸⁹ "))
    return out


def read_docx(data: bytes, source: str) -> RawText:
    """Read a .docx file's body text with list labels, tables and footnotes."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_zip(data, source)
    try:
        doc = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise InputError(f"not a readable Word .docx file: {exc}", path=source) from exc
    walker = _Walker(doc)
    walker.walk(doc.element.body)
    text = walker.text()
    notes = _footnotes(doc, walker)
    if notes:
        text += "\n\n" + "\n\n".join(notes)
    if not text.strip():
        raise InputError("the Word document has no text", path=source)
    title = (doc.core_properties.title or "").strip() or walker.first_heading
    return RawText(text=text, title=title)
