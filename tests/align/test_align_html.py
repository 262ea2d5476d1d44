"""The HTML redline page is self-contained and escapes document text."""

import re

from align_fakes import BagEncoder

from redline.align.aligner import align
from redline.align.html import render_html
from redline.align.result import DocMeta

A = [
    "The army is limited to 600,000 personnel.",
    "Elections are held within 100 days.",
    "<script>alert('x')</script> Sanctions are lifted in stages & <b>quickly</b>.",
]
B = [
    "Elections are held within 180 days.",
    "The army is limited to 800,000 personnel.",
    "A referendum on the agreement is held <img src=x onerror=alert(1)>.",
]


def test_page_is_self_contained_and_escaped() -> None:
    res = align(A, B, "en", "en", BagEncoder())
    page = render_html(res, A, B, DocMeta("Draft <1>", "en", 3), DocMeta("Draft 2", "en", 3))
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x" in page and "Draft &lt;1&gt;" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page
    assert "<del>600,000</del>" in page and "<ins>800,000</ins>" in page
    assert 'class="dropped"' in page and 'class="added"' in page
