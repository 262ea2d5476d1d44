"""Render a report: one self-contained HTML file (figures as embedded SVG), or a PDF from it (WeasyPrint).

The HTML has no external resources (styles inline, figures as ``data:`` SVG, fonts from the system),
so it can be mailed or archived as one file.  The PDF is the same HTML laid out for A4 by the
stylesheet's print rules: a title page with a table of contents with page numbers, each section on a
new page, running footers, vector figures, and the numbered notes at the end.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import asdict
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from redline.errors import InputError
from redline.report import i18n
from redline.report.content import ReportContent
from redline.report.figures import draw, numbers_of
from redline.report.figures.style import short_label
from redline.report.notes import Numbering, render_note

TEMPLATES = Path(__file__).with_name("templates")
FORMATS = (".html", ".htm", ".pdf")
SECTIONS = (
    ("findings", "sec_findings"),
    ("chronology", "sec_chronology"),
    ("issues", "sec_issues"),
    ("drift", "sec_drift"),
    ("versions", "sec_versions"),
    ("affinity", "sec_affinity"),
    ("criteria", "sec_criteria"),
    ("scenarios", "sec_scenarios"),
    ("method", "sec_method"),
    ("notes", "sec_notes"),
)
RELATION_KEYS = {
    "same": "kept",
    "modified": "changed",
    "split": "split",
    "merged": "merged",
    "dropped": "dropped",
    "added": "added",
}
SYMBOLS = {"pass": "✓", "respected": "✓", "fail": "✗", "violated": "✗", "not addressed": "–"}


def report_figures(content: ReportContent, lang: str) -> dict[str, dict[str, Any]]:
    """The report's figures in reading order: name -> {kind, number, data (base64 SVG), caption, source}."""
    numbers = numbers_of(content.chronology)
    source = {"case": content.case["id"], "coder": content.case["primary_coder"], "date": content.generated}
    kw = {"numbers": numbers, "actors": content.actors, "source": source, "model": content.scenarios["model"]}
    wanted: list[tuple[str, str, Any]] = [("timeline", "timeline", content.chronology)]
    if any(v is not None for row in content.positions["values"] for v in row):
        wanted.append(("positions", "positions", content.positions))
    if content.territory:
        wanted.append(("territory", "territory", content.territory))
    if content.drift["target"] and content.drift["series"]:
        wanted.append(("drift", "drift", content.drift))
    if content.affinity:
        wanted.append(("affinity", "affinity", content.affinity))
    if content.criteria:
        wanted.append(("criteria", "criteria", content.criteria))
    if content.red_lines["lines"]:
        wanted.append(("redlines", "redlines", content.red_lines))
    for sc in content.scenarios["scenarios"]:
        wanted.append((f"simulation-{sc['id']}", "simulation", sc))
    out = {}
    for number, (name, kind, part) in enumerate(wanted, start=1):
        spec = draw(kind, part, lang, **kw)
        try:
            svg = spec.svg()
        finally:
            spec.close()
        out[name] = {
            "kind": kind,
            "number": number,
            "data": base64.b64encode(svg.encode()).decode("ascii"),
            "caption": spec.caption,
            "source": spec.source,
        }
    return out


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(content: ReportContent, lang: str = "en") -> str:
    """The report as one self-contained HTML document in ``lang`` (``en`` or ``de``)."""
    if lang not in i18n.LANGUAGES:
        raise InputError(f"unknown report language {lang!r} (choose from {', '.join(i18n.LANGUAGES)})")
    numbering = Numbering(content.notes)

    def t(key: str, **values: Any) -> str:
        return i18n.text(key, lang, **values)

    def signed(v: float | None) -> str:
        if v is None:
            return "–"
        s = i18n.number(abs(v), lang)
        return f"+{s}" if v > 0 else (f"−{s}" if v < 0 else s)

    def yesno(v: bool | None) -> str:
        return "–" if v is None else t("yes" if v else "no")

    env = _environment()
    template = env.get_template("report.html.j2")
    return template.render(
        lang=lang,
        c=content,
        css=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
        figures=report_figures(content, lang),
        numbers=numbers_of(content.chronology),
        sections=[(sid, t(key)) for sid, key in SECTIONS],
        t=t,
        num=lambda v, digits=1: i18n.number(v, lang, digits),
        date=lambda v, long=False: i18n.date(v, lang, long),
        iv=lambda v: i18n.interval(v, lang),
        signed=signed,
        yesno=yesno,
        kind_name=lambda k: i18n.kind_name(k, lang),
        status_name=lambda s: i18n.status_name(s, lang),
        relation=lambda r: t(RELATION_KEYS.get(r, r)) if r in RELATION_KEYS else r,
        symbol=lambda s: SYMBOLS.get(s, ""),
        short=short_label,
        cite=numbering.cite,
        notes_order=lambda: list(numbering.order),
        render_note=lambda key: render_note(
            content.notes[key], lang, lambda doc: numbering.number.get(f"doc:{doc}")
        ),
        first_ref=numbering.first_ref,
    )


def write_pdf(html: str, path: Path) -> None:
    from weasyprint import HTML

    HTML(string=html, base_url=str(TEMPLATES)).write_pdf(str(path), uncompressed_pdf=False)


def write_report(content: ReportContent, out: str | Path, lang: str = "en") -> Path:
    """Write the report to ``out`` (.html or .pdf); nothing half-written on error."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise InputError("use a .html or .pdf file name", path=out)
    if not out.parent.exists():
        raise InputError("the folder does not exist", path=out.parent)
    html = render_html(content, lang)
    tmp = out.with_name(out.name + ".part")
    try:
        if suffix == ".pdf":
            write_pdf(html, tmp)
        else:
            tmp.write_text(html, encoding="utf-8")
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def content_json(content: ReportContent) -> dict[str, Any]:
    """The report's content as JSON-ready data (for tests and scripting)."""
    data = asdict(content)
    data["generated"] = content.generated or dt.date.today().isoformat()
    return data
