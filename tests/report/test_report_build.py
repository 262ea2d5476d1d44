"""The report: content with a note behind every number, English and German HTML, a PDF a reader can use."""

from __future__ import annotations

import html
import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_helpers import load_mini

from redline.report import i18n


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        if a.get("src"):
            self.srcs.append(a["src"] or "")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The mini case's report content and its renderings (built once for the module)."""
    from redline.report.build import render_html, write_report
    from redline.report.content import build_content
    from redline.report.context import Context
    from redline.store.db import session_scope

    tmp = tmp_path_factory.mktemp("report")
    url = f"sqlite:///{tmp / 'db.sqlite'}"
    load_mini(url)
    with session_scope(url) as s:
        content = build_content(Context(s, "mini", replicates=20))
        content_de = build_content(Context(s, "mini", replicates=20, lang="de"))
    pdf = write_report(content_de, tmp / "report.pdf", "de")
    return {
        "url": url,
        "content": content,
        "content_de": content_de,
        "en": render_html(content, "en"),
        "de": render_html(content_de, "de"),
        "pdf": pdf,
        "tmp": tmp,
    }


def test_content_follows_the_seed_structure(built: dict) -> None:
    c = built["content"]
    assert [d["id"] for d in c.chronology] == ["a-opening", "b-plan"]
    plan = next(d for d in c.issues["documents"] if d["id"] == "b-plan")
    border = next(r for r in plan["rows"] if r["dimension"] == "border")
    assert border["value"] == 50 and border["level"] == "Frozen at the contact line"
    assert border["maxima"]["a"]["value"] == 0  # a-opening is side A's maximal demand
    assert plan["distances"]["a"]["distance"] == 50 and plan["distances"]["a"]["dimensions"] == 2
    assert c.drift["target"] == "a"
    assert [v["b"] for v in c.versions] == ["b-plan"]
    assert sum(c.versions[0]["counts"].values()) == len(c.versions[0]["rows"])
    verdicts = {r["document"]: r["cells"][0]["status"] for r in c.criteria[0]["rows"]}
    assert verdicts == {"a-opening": "pass", "b-plan": "pass"}  # border <= 50 in both
    assert [s["id"] for s in c.scenarios["scenarios"]] == ["talks"]
    assert {f["id"]: f["holds"] for f in c.findings} == {
        "b-moves-toward-max": True,
        "border-higher": True,
        "border-lower-wrong": False,
    }


def test_every_number_has_a_note_with_its_provisions(built: dict) -> None:
    c = built["content"]
    note = c.notes["pos:b-plan:border"]
    assert note["provisions"][0]["provision"] == "1"
    assert note["provisions"][0]["quote"] == "contact line is frozen"
    army = c.notes["pos:b-plan:army-cap"]
    assert [p["provision"] for p in army["provisions"]] == ["2.a"]
    assert c.notes["doc:a-opening"]["sources"][0]["url"] == "https://example.org/a"
    page = built["en"]
    # each note is cited, and each cited note exists
    notes = re.findall(r'<li id="note-(\d+)">', page)
    cited = set(re.findall(r'href="#note-(\d+)"', page))
    assert notes == [str(i) for i in range(1, len(notes) + 1)]
    assert cited == set(notes)
    assert "contact line is frozen" in page and "https://example.org/a" in page


def test_html_is_self_contained_and_its_links_resolve(built: dict) -> None:
    for lang in ("en", "de"):
        p = _Links()
        p.feed(built[lang])
        assert "script" not in p.tags and "link" not in p.tags
        assert all(s.startswith("data:image/svg+xml;base64,") for s in p.srcs) and len(p.srcs) >= 5
        internal = [h[1:] for h in p.hrefs if h.startswith("#")]
        assert internal and all(i in p.ids for i in internal)
        for section in (
            "findings",
            "chronology",
            "issues",
            "drift",
            "versions",
            "criteria",
            "scenarios",
            "notes",
        ):
            assert section in p.ids


def test_german_report_translates_the_fixed_text(built: dict) -> None:
    de, en = built["de"], built["en"]
    for key in ("sec_chronology", "sec_issues", "sec_versions", "sec_notes", "this_document"):
        assert i18n.text(key, "de") in de and i18n.text(key, "de") not in en
        assert i18n.text(key, "en") not in de
    assert '<html lang="de">' in de
    assert "A's opening position" in html.unescape(de)  # document texts stay as they are
    # the case's own terms come from its translations where it has them, English otherwise
    text_de, text_en = html.unescape(de), html.unescape(en)
    for german, english in (
        ("Grenzverlauf", "Border line"),
        ("Seite A", "Side A"),
        ("Kleiner Fall", "Mini case"),
    ):
        assert german in text_de and german not in text_en and english in text_en
    assert "Army cap" in text_de  # not translated: kept
    rows = {r["id"]: r for r in built["content_de"].chronology}
    assert rows["a-opening"]["actor_name"] == "Seite A" and rows["b-plan"]["co_actor_names"] == ["Seite A"]
    assert {r["id"]: r for r in built["content"].chronology}["a-opening"]["actor_name"] == "Side A"
    assert "Gerechter Frieden" in text_de and "Der Plan von B bewegt sich" in text_de
    assert "10.01.2025" in de and "10 Jan 2025" in en


def test_catalogue_is_complete_in_both_languages() -> None:
    fields = string.Formatter()
    for key, (en, de) in i18n.keys().items():
        assert en and de, key
        names_en = {f[1] for f in fields.parse(en) if f[1]}
        names_de = {f[1] for f in fields.parse(de) if f[1]}
        assert names_en == names_de, key
    assert i18n.number(-24.14, "de") == "−24,1" and i18n.number(1234.5, "en") == "1234.5"


def test_pdf_has_pages_with_the_report_on_them(built: dict) -> None:
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    path: Path = built["pdf"]
    assert path.read_bytes()[:5] == b"%PDF-"
    reader = PdfReader(path)
    assert len(reader.pages) >= 8  # title page + one page per section
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Chronologie der Dokumente" in text and "Anmerkungen" in text
    assert "contact line is frozen" in text
    assert not path.with_name(path.name + ".part").exists()
    # the figures are drawn: a page with a figure is far from blank
    pdf = pdfium.PdfDocument(str(path))
    image = pdf[2].render(scale=0.5).to_pil().convert("L")
    dark = sum(image.histogram()[:200])
    assert dark > 2000


def test_report_command_writes_html_and_pdf(built: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    from redline.cli.main import main

    monkeypatch.setenv("REDLINE_DATABASE_URL", built["url"])
    out = built["tmp"] / "cli.html"
    assert main(["report", "--case", "mini", "--out", str(out), "--replicates", "0", "--lang", "de"]) == 0
    assert "Punkt für Punkt" in out.read_text(encoding="utf-8")
    bad = built["tmp"] / "report.docx"
    assert main(["report", "--case", "mini", "--out", str(bad), "--replicates", "0"]) == 2
    assert not bad.exists()
    assert main(["report", "--case", "nope", "--out", str(out), "--replicates", "0"]) != 0
