"""Turning a PDF text layer (positioned words) back into running text.

A PDF knows only where each word is drawn.  This module rebuilds lines (superscript
footnote marks join the line they are raised above), drops running headers/footers and
page numbers repeated across pages, moves footnotes (small print at the page bottom,
opening with a number) out of the body, and joins lines into paragraphs: a paragraph
ends at extra vertical space, a short line, a first-line indent or a change of font
size; a numbered item starts a new line.  Words hyphenated across lines are re-joined
unless the hyphen is real ("US-russische", "well-known" seen elsewhere, "Sicherheits- und").

All functions are pure (plain data in, plain data out), so they are tested without PDFs.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from redline.ingest.markers import parse_markers

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:(?:page|seite|s\.|p\.|стр\.?|страница|сторінка|с\.)\s*)?\d{1,4}"
    r"(?:\s*(?:of|von|из|з|/)\s*\d{1,4})?[-–—\s]*$",
    re.IGNORECASE,
)
_FOOTNOTE_START = re.compile(r"^(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d{1,3}(?=[\s.)]|[^\W\d])|[*†‡])")
_CONJUNCTIONS = {"und", "oder", "bzw", "and", "or", "и", "или", "та", "і", "й", "або", "et", "ou"}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_TERMINAL = tuple(".:;!?…")
_HYPHENS = ("-", "‐", "¬")


@dataclass
class Word:
    """A word as pdfplumber reports it (points, origin top-left)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class PdfLine:
    """One rebuilt line of a page."""

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    word_x0s: list[float] = field(default_factory=list)


def build_lines(words: list[Word], page: int) -> list[PdfLine]:
    """Group a page's words into lines, top to bottom; raised small digits become superscripts."""
    groups: list[list[Word]] = []
    spans: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: (-w.size, w.top, w.x0)):
        centre = (w.top + w.bottom) / 2
        for i, (top, bottom) in enumerate(spans):
            if top - 0.5 <= centre <= bottom + 0.5:
                groups[i].append(w)
                break
        else:
            groups.append([w])
            spans.append((w.top, w.bottom))
    lines: list[PdfLine] = []
    for group, (top, bottom) in zip(groups, spans, strict=True):
        group.sort(key=lambda w: w.x0)
        sizes: Counter[float] = Counter()
        for w in group:
            sizes[round(w.size, 1)] += len(w.text)
        size = sizes.most_common(1)[0][0]
        parts: list[str] = []
        prev: Word | None = None
        for w in group:
            raised = w.size < 0.85 * size and w.bottom < bottom - 0.2 * size
            text = w.text.translate(SUPERSCRIPT) if raised and w.text.isdigit() else w.text
            if prev is not None and not raised and w.x0 - prev.x1 > 0.12 * min(size, w.size):
                parts.append(" ")
            parts.append(text)
            prev = w
        x0s = [w.x0 for w in group]
        lines.append(
            PdfLine(page, "".join(parts), group[0].x0, max(w.x1 for w in group), top, bottom, size, x0s)
        )
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def body_font_size(pages: list[list[PdfLine]]) -> float:
    """The most common font size, weighted by characters."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for ln in page:
            sizes[round(ln.size * 2) / 2] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _key(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", text.lower()).split())


def _margins(page: list[PdfLine], zone: int) -> list[PdfLine]:
    """The first and last lines of a page (fewer on short pages, so body lines are never candidates)."""
    k = min(zone, max(1, (len(page) - 1) // 3))
    return page[:k] + page[-k:] if len(page) > 1 else list(page)


def strip_running_lines(pages: list[list[PdfLine]], body_size: float, zone: int = 2) -> int:
    """Remove page numbers and headers/footers repeated across pages (in place); return how many.

    Only the first and last ``zone`` lines of a page are candidates.  A header must recur
    (digits aside) at about the same height on at least half the pages; a line opening
    with a provision marker is removed only if it recurs verbatim.
    """
    n = len(pages)
    seen: dict[str, list[tuple[int, float, str]]] = {}
    for p, page in enumerate(pages):
        for ln in _margins(page, zone):
            seen.setdefault(_key(ln.text), []).append((p, ln.top, ln.text))
    running: set[str] = set()
    if n >= 2:
        for key, hits in seen.items():
            pages_hit = {p for p, _, _ in hits}
            tops = [t for _, t, _ in hits]
            if len(pages_hit) >= max(2, (n + 1) // 2) and max(tops) - min(tops) <= 6:
                verbatim = len({t for _, _, t in hits}) == 1
                if verbatim or not parse_markers(hits[0][2]):
                    running.add(key)
    removed = 0
    for p, page in enumerate(pages):
        candidates = {id(ln) for ln in _margins(page, zone)}
        keep = []
        for ln in page:
            is_title = p == 0 and ln.size > 1.1 * body_size
            if (
                id(ln) in candidates
                and not is_title
                and (_key(ln.text) in running or _PAGE_NUMBER.match(ln.text))
            ):
                removed += 1
                continue
            keep.append(ln)
        removed += _strip_isolated_small_print(keep, body_size)
        page[:] = keep
    return removed


def _strip_isolated_small_print(page: list[PdfLine], body_size: float) -> int:
    """Drop a small-print first/last line standing apart from the text (a header or footer on a lone page)."""
    removed = 0
    if len(page) >= 3:
        first, second = page[0], page[1]
        if first.size <= 0.9 * body_size and second.top - first.bottom > 1.5 * body_size:
            del page[0]
            removed += 1
        last, before = page[-1], page[-2]
        if (
            last.size <= 0.9 * body_size
            and last.top - before.bottom > 1.5 * body_size
            and not _FOOTNOTE_START.match(last.text)
            and before.size > 0.9 * body_size
        ):
            del page[-1]
            removed += 1
    return removed


def split_footnotes(page: list[PdfLine], body_size: float) -> tuple[list[PdfLine], list[PdfLine]]:
    """Separate the footnote block (small print at the bottom, opening with a number)."""
    run = 0
    for ln in reversed(page):
        if ln.size <= 0.88 * body_size:
            run += 1
        else:
            break
    if run == 0 or run == len(page):
        return page, []
    block = page[len(page) - run :]
    for i, ln in enumerate(block):
        if _FOOTNOTE_START.match(ln.text):
            return page[: len(page) - run + i], block[i:]
    return page, []


def footnote_paragraphs(lines: list[PdfLine], vocab: set[str]) -> list[str]:
    """Footnote lines -> one paragraph per footnote, opening with a superscript number."""
    notes: list[str] = []
    for ln in lines:
        m = _FOOTNOTE_START.match(ln.text)
        if m or not notes:
            mark = m.group(0) if m else ""
            rest = ln.text[len(mark) :].lstrip(" .)")
            notes.append((mark.translate(SUPERSCRIPT) + " " + rest).strip())
        else:
            notes[-1] = join_lines(notes[-1], ln.text, vocab)
    return notes


def vocabulary(pages: list[list[PdfLine]]) -> set[str]:
    """Lower-cased words (hyphenated compounds kept whole) occurring anywhere on the pages."""
    vocab: set[str] = set()
    for page in pages:
        for ln in page:
            vocab.update(w.lower() for w in _WORD.findall(ln.text))
    return vocab


def join_lines(a: str, b: str, vocab: set[str]) -> str:
    """Join a wrapped line ``b`` to ``a``, undoing end-of-line hyphenation where it is one."""
    if not a:
        return b
    if a.endswith("\u00ad"):
        return a[:-1] + b
    if a.endswith(_HYPHENS) and len(a) >= 2 and b:
        before, first = a[-2], b[0]
        if before.isdigit() and first.isdigit():
            return a + b
        if before.isalpha() and first.isalpha():
            head_match = _WORD.findall(a[:-1][-60:])
            head = head_match[-1] if head_match else ""
            tail_match = _WORD.match(b)
            tail = tail_match.group(0) if tail_match else ""
            if not first.islower():
                return a[:-1] + "-" + b
            if tail.lower() in _CONJUNCTIONS:
                return a[:-1] + "- " + b
            if head.isupper() and len(head) <= 5:
                return a[:-1] + "-" + b
            joined, hyphenated = (head + tail).lower(), (head + "-" + tail).lower()
            if hyphenated in vocab and joined not in vocab:
                return a[:-1] + "-" + b
            return a[:-1] + b
    return a + " " + b


def _marker_text_x(ln: PdfLine) -> float | None:
    """x where the text after a line's opening marker starts (for hanging indents)."""
    markers = parse_markers(ln.text)
    if not markers:
        return None
    words_in_marker = len(ln.text[: markers[0].end].split())
    return ln.word_x0s[words_in_marker] if words_in_marker < len(ln.word_x0s) else None


def _ends_early(prev: PdfLine, cur: PdfLine, right: float, size: float) -> bool:
    """Did ``prev`` end before the margin although the first word of ``cur`` would have fitted?"""
    first_word = (cur.word_x0s[1] - cur.word_x0s[0]) if len(cur.word_x0s) > 1 else (cur.x1 - cur.x0)
    return prev.x1 + first_word + 0.3 * size < right - 0.5 * size


def assemble(pages: list[list[PdfLine]], body_size: float, vocab: set[str]) -> str:
    """Join body lines of all pages into paragraphs (blank-line separated) and items."""
    lines = [ln for page in pages for ln in page]
    if not lines:
        return ""
    x1s = sorted(ln.x1 for ln in lines)
    right = x1s[(len(x1s) * 19) // 20]
    steps = [
        b.top - a.top
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and abs(a.size - b.size) < 0.5 and b.top > a.top
    ]
    pitch = statistics.median(steps) if steps else 1.2 * body_size
    height = statistics.median(ln.bottom - ln.top for ln in lines)
    leading = max(0.0, min(pitch, 2.5 * body_size) - height)
    out: list[str] = [lines[0].text]
    item_x = _marker_text_x(lines[0])
    for prev, cur in zip(lines, lines[1:], strict=False):
        size = max(body_size, 1.0)
        short_prev = _ends_early(prev, cur, right, size)
        prev_done = prev.text.rstrip().endswith(_TERMINAL)
        cur_marker = bool(parse_markers(cur.text))
        prev_label_only = bool(parse_markers(prev.text)) and len(prev.text) < 20
        big_gap = prev.page == cur.page and cur.top - prev.bottom > leading + 0.45 * size
        if big_gap or abs(cur.size - prev.size) > 1.0:
            sep = "\n\n"
        elif cur_marker and (prev_done or short_prev or prev_label_only):
            sep = "\n"
        elif short_prev:
            sep = "\n\n"
        elif cur.x0 > prev.x0 + 0.8 * size and not (item_x is not None and abs(cur.x0 - item_x) < 2.0):
            sep = "\n\n"
        elif prev.page != cur.page and prev_done:
            sep = "\n"  # a page ending with a full stop: keep the break, the next page may start anew
        else:
            out[-1] = join_lines(out[-1], cur.text, vocab)
            continue
        if cur_marker:
            item_x = _marker_text_x(cur)
        elif sep == "\n\n":
            item_x = None
        out.append(sep)
        out.append(cur.text)
    return "".join(out)
