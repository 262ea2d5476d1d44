"""Format readers: Word numbering, HTML lists and boilerplate, Markdown front matter."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from redline.ingest import read_document
from redline.ingest.readers.docx_numbering import Numbering, format_number
from redline.ingest.readers.html import read_html
from redline.ingest.readers.text import read_text

W = nsdecls("w")


def test_word_number_formats() -> None:
    assert [format_number(n, "lowerLetter") for n in (1, 2, 26, 27)] == ["a", "b", "z", "aa"]
    assert [format_number(n, "upperRoman") for n in (1, 4, 9, 14)] == ["I", "IV", "IX", "XIV"]
    assert format_number(3, "russianLower") == "в"
    assert format_number(7, "decimalZero") == "07"


def _numbering_xml(levels: str, nums: str) -> etree._Element:
    return parse_xml(
        f"<w:numbering {W}><w:abstractNum w:abstractNumId='1'>{levels}</w:abstractNum>{nums}</w:numbering>"
    )


def test_word_counters_restart_and_continue() -> None:
    levels = (
        "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='decimal'/><w:lvlText w:val='%1.'/></w:lvl>"
        "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='lowerLetter'/><w:lvlText w:val='%1.%2)'/></w:lvl>"
    )
    nums = (
        "<w:num w:numId='5'><w:abstractNumId w:val='1'/></w:num>"
        "<w:num w:numId='6'><w:abstractNumId w:val='1'/>"
        "<w:lvlOverride w:ilvl='0'><w:startOverride w:val='10'/></w:lvlOverride></w:num>"
    )
    numbering = Numbering(_numbering_xml(levels, nums), {})
    got = [numbering.label(n, lvl) for n, lvl in [("5", 0), ("5", 1), ("5", 1), ("5", 0), ("5", 1), ("6", 0)]]
    assert got == ["1.", "1.a)", "1.b)", "2.", "2.a)", "10."]
    assert numbering.label("0", 0) is None


def test_docx_list_numbers_from_styles_and_empty_numbered_paragraphs(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Agreement", style="Title")
    document.add_paragraph("Preamble text.")
    for text in ("First point.", "Second point.", "Third point."):
        document.add_paragraph(text, style="List Number")  # numbering comes from the style
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Ukraine", "800,000"
    paragraph = document.add_paragraph("Tracked")
    paragraph._p.append(
        parse_xml(f"<w:del {W} w:id='1' w:author='x'><w:r><w:delText> deleted</w:delText></w:r></w:del>")
    )
    path = tmp_path / "styled.docx"
    document.save(path)
    doc = read_document(path, language="en")
    assert doc.title == "Agreement"
    assert [(p.label, p.text) for p in doc.provisions][:2] == [("1", "First point."), ("2", "Second point.")]
    assert "Ukraine | 800,000" in doc.text and "deleted" not in doc.text


def test_html_ordered_lists_keep_their_numbers() -> None:
    page = b"""<html><head><title>Plan</title></head><body><article><h1>Plan</h1>
    <p>The text as published by the ministry on Friday, in full and without changes.</p>
    <ol start="4"><li>Fourth point.</li><li value="7">Seventh point.<ol type="a"><li>sub one</li><li>sub two</li></ol></li></ol>
    <ol type="I"><li>Roman one.</li><li>Roman two.</li></ol>
    </article></body></html>"""
    raw = read_html(page, "page.html")
    assert "4. Fourth point.\n7. Seventh point.\n   a. sub one\n   b. sub two" in raw.text
    assert "I. Roman one.\nII. Roman two." in raw.text
    assert raw.title == "Plan" and raw.encoding == "utf-8"


def test_html_declared_legacy_charset() -> None:
    page = "<html><head><meta charset='windows-1251'><title>План</title></head><body><article>"
    page += "<p>Полный текст документа, опубликованного министерством в пятницу без изменений.</p>"
    page += "<p>1. Первый пункт.</p><p>2. Второй пункт.</p></article></body></html>"
    raw = read_html(page.encode("cp1251"), "page.htm")
    assert raw.encoding == "windows-1251" and "1. Первый пункт." in raw.text


def test_markdown_front_matter_gives_title_and_language(tmp_path: Path) -> None:
    raw = read_text(
        b'---\ntitle: "Plan"\nlanguage: de\nid: x\n---\n# Heading\n\n1. Eins.\n2. Zwei.\n',
        "a.md",
        markdown=True,
    )
    assert (raw.title, raw.language) == ("Plan", "de")
    assert raw.text.startswith("# Heading")
    path = tmp_path / "bundle-doc.md"
    path.write_text("---\ntitle: Statement\nlanguage: en\n---\n\nPreamble.\n\n1. One.\n   a. sub\n2. Two.\n")
    doc = read_document(path)
    assert (doc.title, doc.language, [p.label for p in doc.provisions]) == (
        "Statement",
        "en",
        ["1", "a", "2"],
    )


def test_markdown_with_broken_front_matter_keeps_the_text() -> None:
    raw = read_text(b"---\n: : [\n---\n1. One.\n", "a.md", markdown=True)
    assert raw.text.startswith("---") and raw.warnings


def test_docx_bytes_roundtrip_through_stream() -> None:
    document = docx.Document()
    document.add_paragraph("1. Typed number.")
    document.add_paragraph("2. Another.")
    buf = io.BytesIO()
    document.save(buf)
    from redline.ingest.readers.docx import read_docx

    assert read_docx(buf.getvalue(), "x.docx").text == "1. Typed number.\n\n2. Another."


def test_docx_empty_numbered_paragraph_shows_its_label(tmp_path: Path) -> None:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f"<w:abstractNum {W} w:abstractNumId='77'><w:lvl w:ilvl='0'><w:start w:val='1'/>"
            "<w:numFmt w:val='decimal'/><w:lvlText w:val='Article %1'/></w:lvl></w:abstractNum>"
        ),
    )
    numbering.append(parse_xml(f"<w:num {W} w:numId='77'><w:abstractNumId w:val='77'/></w:num>"))
    for heading, body in (("", "The parties agree."), ("", "They also agree.")):
        p = document.add_paragraph(heading)
        p._p.get_or_add_pPr().append(
            parse_xml(f"<w:numPr {W}><w:ilvl w:val='0'/><w:numId w:val='77'/></w:numPr>")
        )
        document.add_paragraph(body)
    path = tmp_path / "articles.docx"
    document.save(path)
    doc = read_document(path, language="en")
    assert [(p.label, p.text) for p in doc.provisions] == [
        ("1", "The parties agree."),
        ("2", "They also agree."),
    ]
