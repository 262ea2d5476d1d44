"""Bad input: every case gives a clear InputError naming the file (the CLI turns it into exit 2)."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from redline.errors import InputError
from redline.ingest import read_document
from redline.ingest.read import MAX_INPUT_ENV


def _pdf(draw_text: bool = True) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    if draw_text:
        c.drawString(72, 700, "1. First point of the draft.")
        c.drawString(72, 680, "2. Second point of the draft.")
    else:  # a "scan": only graphics, no text layer
        c.rect(72, 400, 300, 300, fill=1)
    c.showPage()
    c.save()
    return buf.getvalue()


def _error(path: Path | str, **kwargs: object) -> str:
    with pytest.raises(InputError) as err:
        read_document(path, **kwargs)  # type: ignore[arg-type]
    message = str(err.value)
    assert str(path) in message
    return message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "empty file" in _error(path)


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.md"
    path.write_bytes(b"  \r\n\t\n")
    assert "only whitespace" in _error(path)


def test_binary_data_with_a_text_extension(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(bytes(range(256)) * 64)
    assert "binary data" in _error(path)


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    data = _pdf()
    path.write_bytes(data[: len(data) // 3])
    assert "corrupt PDF" in _error(path)


def test_pdf_extension_on_something_else(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"this is plain text, not a PDF at all")
    assert "corrupt PDF" in _error(path)


def test_encrypted_pdf(tmp_path: Path) -> None:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(_pdf()))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    assert "encrypted PDF" in _error(path)


def test_pdf_with_owner_password_only_is_read(tmp_path: Path) -> None:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(_pdf()))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    path = tmp_path / "restricted.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    doc = read_document(path, language="en")
    assert [p.text for p in doc.provisions] == ["First point of the draft.", "Second point of the draft."]


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf(draw_text=False))
    assert "no text layer: OCR it first" in _error(path)


def test_huge_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    opened: list[object] = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    message = _error(path)
    assert "above the limit" in message and MAX_INPUT_ENV in message
    assert opened == []


def test_size_limit_from_environment_and_argument(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "small.txt"
    path.write_text("1. One point.\n2. Another point.\n", encoding="utf-8")
    monkeypatch.setenv(MAX_INPUT_ENV, "10")
    assert "above the limit of 10 bytes" in _error(path)
    assert len(read_document(path, max_bytes=1000).provisions) == 2
    monkeypatch.setenv(MAX_INPUT_ENV, "lots")
    with pytest.raises(InputError, match=MAX_INPUT_ENV):
        read_document(path)


def test_html_full_of_scripts(tmp_path: Path) -> None:
    script = "<script>var plan = '1. fake point'; document.write('<p>ad</p>');</script>"
    html = (
        "<html><head><title>Plan</title>" + script * 300 + "<style>p {color: red}</style></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>" + script * 50 + "<article>"
        "<p>1. The first real provision of the published text.</p>"
        "<!-- 3. a commented-out provision -->"
        "<p>2. The second real provision of the published text.</p>" + script + "</article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    doc = read_document(path, language="en")
    assert "fake" not in doc.text and "commented-out" not in doc.text and "color" not in doc.text
    assert [p.label for p in doc.provisions] == ["1", "2"]


def test_html_with_nothing_but_scripts(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>x=1</script></head><body><script>y()</script></body></html>")
    assert "no readable text" in _error(path)


def test_docx_that_is_a_zip_of_something_else(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("data.csv", "a,b\n1,2\n")
        zf.writestr("photo.jpg", b"\xff\xd8\xff")
    assert "no word/document.xml" in _error(path)


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    message = _error(path)
    assert "not a zip archive" in message and ".doc" in message


def test_mixed_line_endings_split_normally(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"Plan\r\n\r\n1. First.\r2. Second.\n3. Third\r\ncontinued.\r\n")
    doc = read_document(path, language="en")
    assert "\r" not in doc.text
    assert [p.text for p in doc.provisions] == ["First.", "Second.", "Third\ncontinued."]


def test_no_recognisable_provisions(tmp_path: Path) -> None:
    path = tmp_path / "prose.txt"
    path.write_text(
        "Just some prose without any numbering or paragraphs, written in one go.", encoding="utf-8"
    )
    doc = read_document(path)
    assert len(doc.provisions) == 1
    assert any("one provision" in w for w in doc.warnings)


def test_missing_directory_and_unsupported_files(tmp_path: Path) -> None:
    assert "no such file" in _error(tmp_path / "missing.txt")
    assert "directory" in _error(tmp_path)
    odt = tmp_path / "draft.odt"
    odt.write_bytes(b"x")
    assert "unsupported file type" in _error(odt)


def test_unknown_language_code(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("1. a\n2. b\n")
    with pytest.raises(InputError, match="unknown language"):
        read_document(path, language="xx")


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = "Заявление\n\n1) Первый пункт.\n2) Второй пункт.\n".encode("cp1251")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    doc = read_document("-")
    assert (doc.source, doc.format, doc.encoding, doc.language) == ("-", "stdin", "cp1251", "ru")
    assert [p.text for p in doc.provisions] == ["Первый пункт.", "Второй пункт."]


def test_stdin_with_binary_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(_pdf())))
    assert "pass the file path" in _error("-")
