"""PDF layout reconstruction on synthetic word positions (no PDF needed)."""

from __future__ import annotations

from redline.ingest import pdf_layout as L


def _line(
    page: int, text: str, top: float, x0: float = 72.0, x1: float = 520.0, size: float = 10.0
) -> L.PdfLine:
    words = text.split()
    step = (x1 - x0) / max(1, len(words))
    return L.PdfLine(page, text, x0, x1, top, top + size, size, [x0 + i * step for i in range(len(words))])


def test_superscript_digits_join_their_line() -> None:
    words = [
        L.Word("Plan.", 72, 100, 100, 110, 10),
        L.Word("1", 100.5, 104, 97, 103, 6),  # raised and small: a footnote mark
        L.Word("Next", 108, 130, 100, 110, 10),
        L.Word("1", 72, 76, 700, 708, 8),  # the footnote itself, further down
        L.Word("Note.", 78, 100, 700, 708, 8),
    ]
    lines = L.build_lines(words, 1)
    assert [ln.text for ln in lines] == ["Plan.¹ Next", "1 Note."]


def test_running_headers_and_page_numbers_are_removed() -> None:
    pages = [
        [
            _line(p, "DRAFT – CONFIDENTIAL", 20, size=8),
            _line(p, f"Body text of page {p} that is long enough.", 80),
            _line(p, "More body text.", 93),
            _line(p, f"Page {p} of 3", 800, size=8),
        ]
        for p in (1, 2, 3)
    ]
    removed = L.strip_running_lines(pages, 10.0)
    assert removed == 6
    assert [ln.text for ln in pages[1]] == ["Body text of page 2 that is long enough.", "More body text."]


def test_repeated_article_headings_are_not_mistaken_for_headers() -> None:
    ends = {1: "Ceasefire.", 2: "Withdrawal.", 3: "Elections."}
    pages = [[_line(p, f"Article {p}", 80), _line(p, "Text.", 93), _line(p, ends[p], 106)] for p in (1, 2, 3)]
    assert L.strip_running_lines(pages, 10.0) == 0


def test_footnotes_are_split_from_the_body() -> None:
    page = [
        _line(1, "Body line.", 80),
        _line(1, "1 First note", 700, size=8),
        _line(1, "continues.", 710, size=8),
    ]
    body, notes = L.split_footnotes(page, 10.0)
    assert [ln.text for ln in body] == ["Body line."]
    assert L.footnote_paragraphs(notes, set()) == ["¹ First note continues."]


def test_dehyphenation() -> None:
    assert L.join_lines("the negoti-", "ations began", set()) == "the negotiations began"
    assert L.join_lines("the US-", "russische Gespräche", set()) == "the US-russische Gespräche"
    assert L.join_lines("Nord-", "Stream", set()) == "Nord-Stream"
    assert (
        L.join_lines("Sicherheits-", "und Verteidigungspolitik", set())
        == "Sicherheits- und Verteidigungspolitik"
    )
    assert L.join_lines("a well-", "known fact", {"well-known"}) == "a well-known fact"
    assert L.join_lines("2026-", "2027", set()) == "2026-2027"
    assert L.join_lines("end of line", "next", set()) == "end of line next"


def test_assemble_paragraphs_items_and_gaps() -> None:
    lines = [
        _line(1, "1. First item that wraps over", 100, x1=520),
        _line(1, "two lines.", 113, x0=90, x1=140),
        _line(1, "2. Second item.", 126, x1=160),
        _line(1, "A new paragraph after a gap that is", 160, x1=520),
        _line(1, "long.", 173, x1=100),
    ]
    lines[1].word_x0s = [90.0, 110.0]
    lines[0].word_x0s = [72.0, 90.0, 130.0, 170.0, 210.0, 250.0, 290.0]
    text = L.assemble([lines], 10.0, set())
    assert (
        text
        == "1. First item that wraps over two lines.\n2. Second item.\n\nA new paragraph after a gap that is long."
    )
