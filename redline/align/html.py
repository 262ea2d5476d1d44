"""A self-contained side-by-side redline page for one comparison.

One HTML file with inline CSS and no script or external resource, so it can be mailed or archived.
Rows follow document A (then B's added provisions at B's position): kept (same), changed (modified: the
word diff for same-language pairs, changed numbers and entities highlighted on both sides), dropped,
added; a split or merge is one row whose cell lists the group's members.  Every piece of document text is
escaped with :func:`html.escape`: provisions are untrusted input.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from redline.align.changes import Change
from redline.align.entities import entity_spans
from redline.align.numbers import extract_quantities
from redline.align.result import Alignment, DocMeta, Link

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1d1d1f}
h1{font-size:1.3rem;margin:0 0 .3rem}p.meta{color:#555;margin:.2rem 0 1rem}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border-bottom:1px solid #ddd;padding:.5rem .6rem;vertical-align:top;text-align:left}
th{background:#f4f4f6;position:sticky;top:0}
td.rel{width:7rem;font-size:.85rem;font-weight:600}th.rel{width:7rem}
td.num{color:#777;font-size:.8rem;width:2.5rem}th.num{width:2.5rem}
tr.same td.rel{color:#2e7d32}tr.modified td.rel{color:#b26a00}tr.split td.rel,tr.merged td.rel{color:#1565c0}
tr.dropped{background:#fdecea}tr.dropped td.rel{color:#c62828}
tr.added{background:#e8f5e9}tr.added td.rel{color:#2e7d32}
del{background:#f9c0c0;text-decoration:line-through}ins{background:#bfe8c4;text-decoration:none}
mark.n{background:#ffe08a;border-radius:2px}mark.e{background:#d6e4ff;border-radius:2px}
div.part{margin-bottom:.4rem}div.part span.lab{color:#777;font-size:.8rem;margin-right:.3rem}
ul.ch{margin:.3rem 0 0;padding-left:1rem;font-size:.8rem;color:#555}
.legend span{margin-right:1rem}
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _highlight(text: str, language: str | None, changes: Sequence[Change], side: str) -> str:
    """Escape ``text``, marking the numbers/dates and entities that changed on this side."""
    changed_values = {getattr(c, side) for c in changes if c.kind in ("number", "date")} - {None}
    changed_entities = {getattr(c, side) for c in changes if c.kind == "entity"} - {None}
    spans = [(q.start, q.end, "n") for q in extract_quantities(text, language) if q.value in changed_values]
    spans += [(s, e, "e") for s, e, name in entity_spans(text) if name in changed_entities]
    out, pos = [], 0
    for start, end, cls in sorted(spans):
        if start < pos:
            continue
        out.append(_esc(text[pos:start]))
        out.append(f'<mark class="{cls}">{_esc(text[start:end])}</mark>')
        pos = end
    out.append(_esc(text[pos:]))
    return "".join(out)


def _diff_cells(link: Link) -> tuple[str, str]:
    """Both sides of a same-language link with deleted (A) and inserted (B) words marked."""
    left, right = [], []

    def marked(text: str, tag: str) -> str:
        core = text.rstrip()
        return f"<{tag}>{_esc(core)}</{tag}>{_esc(text[len(core) :])}" if core else _esc(text)

    for op in link.diff or []:
        if op.op == "equal":
            left.append(_esc(op.a))
            right.append(_esc(op.b))
        else:
            left.append(marked(op.a, "del"))
            right.append(marked(op.b, "ins"))
    return "".join(left), "".join(right)


def _cell(
    ids: Sequence[int],
    texts: Sequence[str],
    idx: Sequence[int],
    lang: str | None,
    changes: Sequence[Change],
    side: str,
) -> str:
    parts = [
        f'<div class="part"><span class="lab">#{ids[i]}</span>{_highlight(texts[i], lang, changes, side)}</div>'
        for i in idx
    ]
    return "".join(parts)


def _changes_list(changes: Sequence[Change]) -> str:
    if not changes:
        return ""
    items = []
    for c in changes:
        unit = f" ({_esc(c.unit)})" if c.unit else ""
        items.append(f"<li>{_esc(c.kind)}{unit}: {_esc(c.a or '—')} → {_esc(c.b or '—')}</li>")
    return f'<ul class="ch">{"".join(items)}</ul>'


def render_html(
    alignment: Alignment, a_texts: Sequence[str], b_texts: Sequence[str], a_meta: DocMeta, b_meta: DocMeta
) -> str:
    """The full page as a string."""
    rows: list[tuple[float, str]] = []
    al = alignment
    for link in al.links:
        if link.relation in ("same", "modified") and link.diff is not None and link.relation == "modified":
            left, right = _diff_cells(link)
            left = f'<div class="part"><span class="lab">#{al.a_ids[link.a[0]]}</span>{left}</div>'
            right = f'<div class="part"><span class="lab">#{al.b_ids[link.b[0]]}</span>{right}</div>'
        else:
            left = _cell(al.a_ids, a_texts, link.a, al.lang_a, link.changes, "a")
            right = _cell(al.b_ids, b_texts, link.b, al.lang_b, link.changes, "b")
        flag = " (borderline)" if link.borderline else ""
        rel = f"{_esc(link.relation)}{flag}<br><small>{link.score:.2f}</small>"
        row = (
            f'<tr class="{_esc(link.relation)}"><td class="rel">{rel}</td><td>{left}</td>'
            f"<td>{right}{_changes_list(link.changes)}</td></tr>"
        )
        rows.append((min(link.a), row))
    for i in al.dropped:
        rows.append(
            (
                i,
                f'<tr class="dropped"><td class="rel">dropped</td>'
                f"<td>{_cell(al.a_ids, a_texts, [i], al.lang_a, [], 'a')}</td><td></td></tr>",
            )
        )
    b_to_a = {j: min(link.a) for link in al.links for j in link.b}
    for j in al.added:
        before = [
            b_to_a[x] for x in range(j) if x in b_to_a
        ]  # place after the A row B's predecessor links to
        key = (max(before) if before else -1) + 0.5
        rows.append(
            (
                key,
                f'<tr class="added"><td class="rel">added</td><td></td>'
                f"<td>{_cell(al.b_ids, b_texts, [j], al.lang_b, [], 'b')}</td></tr>",
            )
        )
    body = "\n".join(r for _, r in sorted(rows, key=lambda x: x[0]))
    counts = {r: sum(1 for x in al.links if x.relation == r) for r in ("same", "modified", "split", "merged")}
    summary = (
        ", ".join(f"{v} {k}" for k, v in counts.items())
        + f", {len(al.dropped)} dropped, {len(al.added)} added"
    )

    def title(meta: DocMeta, fallback: str) -> str:
        return _esc(meta.title or fallback) + (
            f" <small>({_esc(meta.language)})</small>" if meta.language else ""
        )

    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>redline: {_esc(a_meta.title or "A")} → {_esc(b_meta.title or "B")}</title>
<style>{_CSS}</style></head><body>
<h1>{_esc(a_meta.title or "A")} → {_esc(b_meta.title or "B")}</h1>
<p class="meta">{summary}. Encoder: {_esc(al.encoder)}. Link threshold {al.threshold} (borderline ±{al.band}).</p>
<p class="meta legend"><span><del>deleted words</del></span><span><ins>inserted words</ins></span>
<span><mark class="n">changed number or date</mark></span><span><mark class="e">changed place or organisation</mark></span></p>
<table><thead><tr><th class="rel">relation</th><th>A: {title(a_meta, "A")}</th><th>B: {title(b_meta, "B")}</th></tr></thead>
<tbody>
{body}
</tbody></table></body></html>
"""
