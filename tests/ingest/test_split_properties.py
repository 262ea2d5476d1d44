"""Property tests: the splitter never crashes, and offsets always slice back to the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline.ingest import normalize_text, split_text

MARKERS = [
    "1.",
    "2.",
    "3.",
    "10.",
    "1)",
    "2)",
    "(1)",
    "(2)",
    "I.",
    "II.",
    "IV.",
    "i.",
    "ii)",
    "(iii)",
    "a)",
    "b)",
    "(a)",
    "(b)",
    "c.",
    "а)",
    "б)",
    "A.",
    "B.",
    "•",
    "–",
    "-",
    "*",
    "Article 1",
    "Article 2",
    "Artikel 3",
    "Статья 1",
    "Стаття 2",
    "Пункт 1.",
    "Punkt 2",
    "Point 3",
    "§ 1",
    "§ 2",
    "Section II",
    "Раздел I.",
    "1.1",
    "1.2",
    "2.1.",
    "# ",
    "## Heading",
    "¹",
    "[1]",
    "For the Russian Federation",
    "Done at Geneva",
]
WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
LINE = st.one_of(
    st.builds(lambda i, m, w: " " * i + m + " " + w, st.integers(0, 8), st.sampled_from(MARKERS), WORDS),
    st.builds(lambda m: m, st.sampled_from(MARKERS)),
    WORDS,
    st.just(""),
)
DOCUMENT = st.lists(LINE, max_size=40).map("\n".join)


def _check(text: str) -> None:
    provisions = split_text(text)
    for i, p in enumerate(provisions, 1):
        assert p.index == i
        assert 0 <= p.start <= p.end <= len(text)
        assert text[p.start : p.end] == p.text
        if p.parent is None:
            assert p.level == 0
        else:
            parent = provisions[p.parent - 1]
            assert parent.index < p.index
            assert p.level == parent.level + 1
            assert parent.start <= p.start and p.end <= parent.end


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_structured_noise_never_crashes_and_offsets_slice_back(raw: str) -> None:
    _check(normalize_text(raw))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes(raw: str) -> None:
    _check(normalize_text(raw))
    _check(raw)  # even text that was not normalized keeps slicing right


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_normalize_is_idempotent(raw: str) -> None:
    once = normalize_text(raw)
    assert normalize_text(once) == once
    assert "\r" not in once and not once.startswith("\n") and not once.endswith("\n")
