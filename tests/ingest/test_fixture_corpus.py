"""Every document of the fixture corpus is split exactly as its source model says.

The corpus (tests/fixtures/ingest) holds drafts in .txt (several encodings), .md, .html,
.pdf and .docx in English, German, Russian, Ukrainian and French; the expected splits
come from the source models, not from the splitter.  benchmarks/bench_split.py reports
the same comparison as figures.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures" / "ingest"))

from fixture_compare import cases, compare  # noqa: E402

from redline.ingest import read_document  # noqa: E402

CASES = cases()


def test_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 30
    assert {c["format"] for c in CASES} == {"txt", "md", "html", "pdf", "docx"}
    assert len({c["language"] for c in CASES}) >= 4


@pytest.mark.parametrize("want", CASES, ids=[c["file"] for c in CASES])
def test_fixture_split_exactly(want: dict[str, Any]) -> None:
    doc = read_document(want["path"])
    result = compare(doc, want)
    assert result.exact, result.first_difference
    assert doc.language == want["language"]
    assert doc.title == want["title"]
    for p in doc.provisions:
        assert doc.text[p.start : p.end] == p.text
