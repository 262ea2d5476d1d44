"""The report's notes: what stands behind each number (provisions with quotes, sources, runs).

A note is plain data (a dict with a ``kind``) collected while the report's content is gathered,
stored under a stable key (e.g. ``pos:us-28-point-plan:crimea``).  Notes are numbered in reading
order when the report is rendered (:class:`Numbering`), so the same note cited twice keeps one number,
and rendered to HTML in the report's language by :func:`render_note`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from redline.report import i18n

QUOTE_MAX = 400


def _quote(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1].rstrip() + "…"


class Numbering:
    """Assigns note numbers on first citation and renders the superscript links."""

    def __init__(self, notes: dict[str, dict[str, Any]]) -> None:
        self.notes = notes
        self.order: list[str] = []
        self.number: dict[str, int] = {}
        self.first: dict[str, str] = {}
        self._refs = 0

    def cite(self, *keys: str) -> Markup:
        """Superscript links to the notes ``keys`` (unknown or empty keys are skipped)."""
        links = []
        for key in keys:
            if not key or key not in self.notes:
                continue
            if key not in self.number:
                self.order.append(key)
                self.number[key] = len(self.order)
            n = self.number[key]
            self._refs += 1
            ref_id = f"ref-{n}-{self._refs}"
            self.first.setdefault(key, ref_id)
            links.append(f'<a class="fn" href="#note-{n}" id="{ref_id}">{n}</a>')
        return Markup(f"<sup>{','.join(links)}</sup>") if links else Markup("")

    def first_ref(self, key: str) -> str:
        """The element id of the first citation of ``key`` (the note's back link goes there)."""
        return self.first[key]


def _sources(note: dict[str, Any], lang: str, doc_number: Callable[[str], int | None]) -> str:
    """A document note lists its sources; every other note points to its documents' notes."""
    items = []
    for s in note.get("sources") or []:
        label = escape(s.get("title") or s.get("url") or "")
        if s.get("publisher"):
            label = Markup(f"{label} ({escape(s['publisher'])})")
        url = s.get("url")
        items.append(f'<a href="{escape(url)}">{label}</a>' if url else str(label))
    numbers = list(dict.fromkeys(n for n in (doc_number(d) for d in note.get("docs") or []) if n is not None))
    if numbers:
        links = ", ".join(f'<a href="#note-{n}">{n}</a>' for n in numbers)
        items.append(i18n.text("see_note", lang, n=links))
    if not items:
        return ""
    return f' <span class="src">{i18n.text("note_sources", lang)}: {"; ".join(items)}.</span>'


def _provisions(provs: list[dict[str, Any]], lang: str, title: str | None = None) -> str:
    parts = []
    for p in provs:
        meta = []
        if p.get("value") is not None:
            meta.append(f"{i18n.text('note_value', lang)} {i18n.number(p['value'], lang, 0)}")
        if p.get("confidence") is not None and p["confidence"] != 1:
            meta.append(f"{i18n.text('note_confidence', lang)} {i18n.number(p['confidence'], lang, 2)}")
        head = f"{escape(title)} " if title else ""
        extra = f" ({'; '.join(meta)})" if meta else ""
        parts.append(
            f'{head}<span class="ref">{escape(p["provision"])}</span>: '
            f"“{escape(_quote(p.get('quote', '')))}”{extra}"
        )
    return "; ".join(parts)


def _refs(refs: list[str]) -> str:
    return ", ".join(str(escape(r)) for r in refs) or "–"


def render_note(
    note: dict[str, Any], lang: str, doc_number: Callable[[str], int | None] = lambda _: None
) -> Markup:
    """One note as HTML in ``lang``; ``doc_number`` gives the number of a document's own note."""
    t, num = i18n.text, i18n.number
    kind = note["kind"]
    if kind == "position":
        head = t(
            "note_position", lang, doc=note["title"], dim=note["dimension"], value=num(note["value"], lang)
        )
        body = f"{escape(head)}. {_provisions(note['provisions'], lang)}."
    elif kind == "document":
        head = t(
            "note_document",
            lang,
            doc=note["title"],
            kind=i18n.kind_name(note["doc_kind"], lang),
            status=i18n.status_name(note["status"], lang),
            grade=note["grade"],
            date=i18n.date(note["date"], lang),
        )
        body = str(escape(head))
        if note.get("venue"):
            body += f" {escape(note['venue'])}."
        if note.get("notes"):
            body += f' <span class="docnote">{escape(_quote(note["notes"]))}</span>'
    elif kind == "distance":
        head = t("note_distance", lang, doc=note["title"], actor=note["actor"])
        rows = [
            f"{escape(r['dimension'])}: {num(r['value'], lang)} ({_refs(r['refs'])}) vs {num(r['max_value'], lang)} "
            f"({escape(t('note_maximal_from', lang, doc=r['max_title']))}, {_refs(r['max_refs'])})"
            for r in note["rows"]
        ]
        body = f"{escape(head)} {'; '.join(rows)}."
    elif kind == "concession":
        head = t("note_concession", lang, a=note["a_title"], b=note["b_title"])
        rows = [
            f"{escape(r['dimension'])}: {num(r['from'], lang)} ({_refs(r['a_refs'])}) → {num(r['to'], lang)} "
            f"({_refs(r['b_refs'])})"
            for r in note["rows"]
        ]
        body = f"{escape(head)} {'; '.join(rows) or '–'}."
    elif kind == "alignment":
        body = str(
            escape(t("note_alignment", lang, a=note["a_title"], b=note["b_title"], encoder=note["encoder"]))
        )
    elif kind == "frame":
        head = t(
            "note_frame", lang, doc=note["title"], frame=note["frame"], value=num(note["value"], lang, 0)
        )
        body = f"{escape(head)}. {_provisions(note['passages'], lang)}."
    elif kind == "affinity":
        body = str(escape(t("note_affinity", lang, a=note["a_title"], b=note["b_title"])))
    elif kind == "criterion":
        head = t(
            "note_criterion", lang, doc=note["title"], crit=note["criterion"], status=t(note["status"], lang)
        )
        conds = []
        for c in note["conditions"]:
            pos = num(c["position"], lang) if c["position"] is not None else t("not_coded_position", lang)
            line = escape(t("note_condition", lang, dim=c["dimension"], value=pos, cond=c["condition"]))
            if c["provisions"]:
                line = Markup(f"{line} – {_provisions(c['provisions'], lang)}")
            conds.append(str(line))
        body = f"{escape(head)}. {'; '.join(conds)}."
    elif kind == "redline":
        head = t(
            "note_redline",
            lang,
            doc=note["title"],
            actor=note["actor"],
            dim=note["dimension"],
            limit=note["limit"],
            status=t(note["status"], lang),
        )
        body = f"{escape(head)}. {_provisions(note['provisions'], lang)}."
    elif kind == "run":
        body = str(
            escape(
                t(
                    "note_run",
                    lang,
                    run=note["run"],
                    scenario=note["scenario"],
                    variant=note["variant"] or t("baseline", lang),
                    model=note["model"],
                    params=note["params"],
                    case=note["case"],
                )
            )
        )
    elif kind == "claim":
        body = str(escape(t("note_claim", lang, source=note["source"] or "–", measure=note["measure"])))
    else:  # pragma: no cover - a programming error
        raise ValueError(f"unknown note kind {kind!r}")
    return Markup(body + _sources(note, lang, doc_number))
