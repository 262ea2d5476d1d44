"""The splitter: normalized text -> provisions with nesting and character offsets.

Numbered documents are parsed with a stack of open provisions.  A marker either
*continues* an open sequence (same style, next value: "b)" after "a)", "Article 4" after
"Article 3") and closes everything opened since, or *opens* a new sequence one level
below the current provision (sub-points, usually starting at 1/a/i, or bullets).
Indentation, where the text has it, decides between the two; so do style ranks: a
container style (Part, Chapter, Section, Article, "I.", "A.") never nests under a
point-like style at the same indentation.  Lines that cannot be a marker in context
("3. Mai", a wrapped "5." that continues no sequence) are ordinary text.

Headings between provisions (``#`` lines, short unpunctuated lines before a marker),
footnotes (lines opening with superscript digits or "[1]") and a closing signature
block are kept out of provisions; text before the first provision is preamble.
Documents without numbering are split by paragraph; a document that yields no more than
one paragraph becomes a single provision with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from redline.ingest.lines import (
    Line,
    hard_wrap_width,
    heading_like,
    scan_lines,
    signature_start,
    starts_paragraph,
)
from redline.ingest.markers import Marker, follows
from redline.ingest.model import Provision

MAX_GAP = 3  # numbering may skip this many values (deleted points) at a paragraph start
MIN_COVERAGE = 0.5  # numbered provisions must cover this share of the body, else split by paragraph


@dataclass
class _Node:
    marker: Marker
    indent: int
    line: Line
    level: int
    parent: _Node | None
    start: int | None = None
    end: int | None = None
    paragraphs: int = 0  # continuation paragraphs (after a blank line)
    index: int = 0


@dataclass(frozen=True)
class SplitResult:
    """Provisions plus what the splitter noticed (``mode``: numbered, paragraphs or whole)."""

    provisions: list[Provision]
    warnings: list[str] = field(default_factory=list)
    mode: str = "numbered"


class _NumberedParser:
    """One pass over the lines, building provision nodes from markers."""

    def __init__(self, lines: list[Line], stop: int) -> None:
        self.lines = lines
        self.stop = stop
        self.wrap = hard_wrap_width(lines)
        self.stack: list[_Node] = []
        self.nodes: list[_Node] = []
        self.memory: dict[str, Marker] = {}
        self.seen: set[str] = set()
        self.warnings: list[str] = []
        self.orphans = 0  # paragraphs left outside provisions after a list of bullets

    def run(self) -> list[_Node]:
        blank_before = True
        for i, line in enumerate(self.lines[: self.stop]):
            if line.blank:
                blank_before = True
                continue
            if line.footnote:
                continue
            if line.md_heading:
                self._close_all()
            elif not (line.markers and self._try_marker(i, line)):
                if self._is_heading(i):
                    self._close_all()
                else:
                    self._content(line, blank_before)
            blank_before = False
        return self.nodes

    # -- placement -----------------------------------------------------------------
    def _try_marker(self, i: int, line: Line) -> bool:
        para = starts_paragraph(self.lines, i, self.wrap)
        placed = self._continuation(line, para) or self._new_sequence(line, para)
        if placed is None:
            return False
        marker, depth = placed
        for node in self.stack[depth:]:
            self.memory[node.marker.style] = node.marker
        del self.stack[depth:]
        parent = self.stack[-1] if self.stack else None
        node = _Node(marker, line.indent, line, len(self.stack), parent)
        if marker.end < len(line.content):
            node.start, node.end = line.content_start + marker.end, line.end
        for anc in self.stack:
            if anc.start is None:
                anc.start = line.content_start
            anc.end = line.end
        self.stack.append(node)
        self.nodes.append(node)
        self.seen.add(marker.style)
        return True

    def _continuation(self, line: Line, para: bool) -> tuple[Marker, int] | None:
        for k in range(len(self.stack) - 1, -1, -1):
            open_node = self.stack[k]
            for cand in line.markers:
                if cand.style != open_node.marker.style:
                    continue
                if cand.bullet and abs(line.indent - open_node.indent) > 1:
                    continue
                if line.indent < open_node.indent - 1:
                    continue
                if follows(open_node.marker, cand) or (para and follows(open_node.marker, cand, gap=MAX_GAP)):
                    if not follows(open_node.marker, cand):
                        self.warnings.append(
                            f"line {line.no + 1}: numbering jumps from {open_node.marker.label} to {cand.label}"
                        )
                    return cand, k
        return None

    def _new_sequence(self, line: Line, para: bool) -> tuple[Marker, int] | None:
        if not para:
            return None
        for cand in sorted(line.markers, key=lambda m: not m.is_first):
            previous = self.memory.get(cand.style)
            allowed = (
                cand.is_first
                or cand.bullet
                or cand.strong
                or (previous is not None and follows(previous, cand, gap=MAX_GAP))
                or (not self.stack and cand.style not in self.seen and cand.arabic)
            )
            if not allowed:
                continue
            depth = self._parent_depth(cand, line.indent)
            if depth is not None:
                return cand, depth
        return None

    def _parent_depth(self, cand: Marker, indent: int) -> int | None:
        """How many open provisions stay open when ``cand`` opens a new sequence."""
        depth = len(self.stack)
        while depth > 0:
            top = self.stack[depth - 1]
            if indent < top.indent - 1:
                depth -= 1
                continue
            same_indent = abs(indent - top.indent) <= 1
            if cand.container and same_indent and (not top.marker.container or top.marker.rank >= cand.rank):
                depth -= 1
                continue
            if cand.style == top.marker.style:
                if indent > top.indent + 1 and cand.is_first:
                    break
                depth -= 1
                continue
            break
        if any(n.marker.style == cand.style and indent <= n.indent + 1 for n in self.stack[:depth]):
            return None
        return depth

    # -- content -------------------------------------------------------------------
    def _content(self, line: Line, blank_before: bool) -> None:
        if blank_before:  # a bullet item ends at a blank line; what follows belongs to its parent
            while self.stack and self.stack[-1].marker.bullet:
                done = self.stack.pop()
                self.memory[done.marker.style] = done.marker
                if not self.stack:
                    self.orphans += 1
        if not self.stack:
            return  # preamble, or text between a heading and the next provision
        top = self.stack[-1]
        if blank_before and top.start is not None:
            top.paragraphs += 1
        for node in self.stack:
            if node.start is None:
                node.start = line.content_start
            node.end = line.end

    def _is_heading(self, i: int) -> bool:
        """A one-line block, heading-like, directly before a marker line, ending filled provisions."""
        line = self.lines[i]
        if not self.stack or self.stack[-1].start is None or not heading_like(line.content):
            return False
        if i > 0 and not self.lines[i - 1].blank:
            return False
        for nxt in self.lines[i + 1 : self.stop]:
            if nxt.blank:
                continue
            return bool(nxt.markers) and not nxt.markers[0].bullet
        return False

    def _close_all(self) -> None:
        for node in self.stack:
            self.memory[node.marker.style] = node.marker
        self.stack.clear()


def _body_span(lines: list[Line], stop: int) -> int:
    return sum(
        len(ln.content) for ln in lines[:stop] if not ln.blank and not ln.footnote and not ln.md_heading
    )


def _numbered_provisions(nodes: list[_Node]) -> tuple[list[Provision], list[str]]:
    provisions: list[Provision] = []
    warnings: list[str] = []
    for i, node in enumerate(nodes, 1):
        node.index = i
    for node in nodes:
        start = node.start if node.start is not None else node.line.end
        end = node.end if node.end is not None and node.end >= start else start
        if end == start:
            warnings.append(f"line {node.line.no + 1}: provision {node.marker.label or node.index} is empty")
        provisions.append(
            Provision(
                index=node.index,
                label=node.marker.label,
                level=node.level,
                parent=node.parent.index if node.parent else None,
                text="",
                start=start,
                end=end,
            )
        )
    return provisions, warnings


def _item_span(item: list[Line]) -> tuple[int, int]:
    """Span of a paragraph or bullet item; a bullet's marker is not part of its text."""
    first = item[0]
    skip = first.markers[0].end if first.markers and first.markers[0].bullet else 0
    return first.content_start + skip, item[-1].end


def _paragraph_spans(lines: list[Line], stop: int) -> list[tuple[int, int]]:
    """Paragraphs (blank-line separated blocks; list lines start new items), minus headings."""
    spans: list[tuple[int, int]] = []
    block: list[Line] = []

    def flush() -> None:
        body = [ln for ln in block if not ln.footnote]
        if not body:
            return
        if len(body) <= 3 and all(
            ln.md_heading or (heading_like(ln.content) and not ln.markers) for ln in body
        ):
            return
        item: list[Line] = []
        for ln in body:
            if item and ln.markers:
                spans.append(_item_span(item))
                item = []
            item.append(ln)
        spans.append(_item_span(item))

    for ln in lines[:stop]:
        if ln.blank:
            flush()
            block = []
        else:
            block.append(ln)
    flush()
    return spans


def split_document(text: str) -> SplitResult:
    """Split normalized ``text`` into provisions; also say how and what was noticed."""
    if not text.strip():
        return SplitResult([], [], "whole")
    lines = scan_lines(text)
    sig = signature_start(lines)
    stop = sig if sig is not None else len(lines)
    parser = _NumberedParser(lines, stop)
    nodes = parser.run()
    numbered = [n for n in nodes if not n.marker.bullet]
    body = max(1, _body_span(lines, stop))
    covered = sum(
        n.end - n.start for n in nodes if n.level == 0 and n.start is not None and n.end is not None
    )
    use_numbers = len(numbered) >= 2 and covered / body >= MIN_COVERAGE
    use_bullets = not numbered and len(nodes) >= 2 and not parser.orphans and covered / body >= MIN_COVERAGE
    if use_numbers or use_bullets:
        provisions, warnings = _numbered_provisions(nodes)
        return SplitResult(_with_text(text, provisions), parser.warnings + warnings, "numbered")
    spans = _paragraph_spans(lines, stop)
    if len(spans) >= 2:
        provisions = [Provision(i, None, 0, None, "", s, e) for i, (s, e) in enumerate(spans, 1)]
        note = "no numbered provisions found: split by paragraph"
        return SplitResult(_with_text(text, provisions), [note], "paragraphs")
    start, end = spans[0] if spans else (len(text) - len(text.lstrip()), len(text.rstrip()))
    note = "no recognisable provisions (no numbering, one paragraph): the whole text is one provision"
    return SplitResult(_with_text(text, [Provision(1, None, 0, None, "", start, end)]), [note], "whole")


def _with_text(text: str, provisions: list[Provision]) -> list[Provision]:
    return [
        Provision(p.index, p.label, p.level, p.parent, text[p.start : p.end], p.start, p.end)
        for p in provisions
    ]


def split_text(text: str) -> list[Provision]:
    """The provisions of normalized ``text`` (see :func:`split_document` for warnings)."""
    return split_document(text).provisions


def guess_title(text: str) -> str | None:
    """The document's first heading: a ``#`` line or a short unpunctuated first block.

    A first block ending in a colon continues with the next heading-like block
    ("Das Chaos hat System:" + "Ein Jahr Ukraine-Verhandlungen ...").
    """
    blocks: list[list[str]] = [[]]
    for raw in text.split("\n")[:40]:
        if raw.strip():
            blocks[-1].append(raw.strip())
        elif blocks[-1]:
            blocks.append([])
    first = blocks[0]
    if not first:
        return None
    if first[0].startswith("#"):
        return first[0].lstrip("#").strip().strip("*_") or None
    if len(first) > 3 or not all(heading_like(ln, allow_colon=True) for ln in first):
        return None
    if any(m for m in scan_lines(first[0])[0].markers if not m.bullet):
        return None
    title = " ".join(first)
    if title.endswith(":") and len(blocks) > 1 and blocks[1] and len(blocks[1]) <= 2:
        if all(heading_like(ln) for ln in blocks[1]):
            title += " " + " ".join(blocks[1])
    return title.strip("*_ ")
