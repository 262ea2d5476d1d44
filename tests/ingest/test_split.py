"""The splitter on the numbering styles of real drafts, nesting, offsets and exclusions."""

from __future__ import annotations

import pytest

from redline.ingest import normalize_text, split_text
from redline.ingest.split import guess_title, split_document


def _outline(text: str) -> list[tuple[str | None, int, int | None, str]]:
    text = normalize_text(text)
    out = []
    for p in split_text(text):
        assert text[p.start : p.end] == p.text
        out.append((p.label, p.level, p.parent, " ".join(p.text.split())))
    return out


def test_numbered_points_with_letter_subpoints_and_bullets() -> None:
    text = """Peace Framework

The parties, desiring a lasting peace, agree as follows:

1. Sovereignty will be confirmed.
2. A ceasefire will take effect:
a) monitoring by observers;
b) withdrawal of heavy weapons.
3. Elections within 100 days.
• free
• fair
"""
    assert _outline(text) == [
        ("1", 0, None, "Sovereignty will be confirmed."),
        (
            "2",
            0,
            None,
            "A ceasefire will take effect: a) monitoring by observers; b) withdrawal of heavy weapons.",
        ),
        ("a", 1, 2, "monitoring by observers;"),
        ("b", 1, 2, "withdrawal of heavy weapons."),
        ("3", 0, None, "Elections within 100 days. • free • fair"),
        (None, 1, 5, "free"),
        (None, 1, 5, "fair"),
    ]


@pytest.mark.parametrize(
    ("first", "second", "label"),
    [
        ("1)", "2)", "1"),
        ("(1)", "(2)", "1"),
        ("I.", "II.", "I"),
        ("a)", "b)", "a"),
        ("(a)", "(b)", "a"),
        ("Point 1", "Point 2", "1"),
        ("Punkt 1", "Punkt 2", "1"),
        ("Пункт 1", "Пункт 2", "1"),
        ("Пункт 1.", "Пункт 2.", "1"),
        ("Article 1", "Article 2", "1"),
        ("Artikel 1", "Artikel 2", "1"),
        ("Статья 1", "Статья 2", "1"),
        ("Стаття 1.", "Стаття 2.", "1"),
        ("§ 1", "§ 2", "§1"),
        ("Section I", "Section II", "I"),
        ("Раздел I.", "Раздел II.", "I"),
    ],
)
def test_each_numbering_style_gives_two_top_level_provisions(first: str, second: str, label: str) -> None:
    text = f"Title\n\n{first} The first provision text.\n{second} The second provision text.\n"
    out = _outline(text)
    assert [(lbl, lvl) for lbl, lvl, _, _ in out] == [(label, 0), (out[1][0], 0)]
    assert out[0][3] == "The first provision text."
    assert out[1][3] == "The second provision text."


def test_word_marker_on_its_own_line_with_numbered_paragraphs() -> None:
    text = """Agreement

Article 1
General provisions
(1) The parties agree.
(2) They also agree:
1. first,
2. second.

Article 2
Final provisions.
"""
    assert _outline(text) == [
        ("1", 0, None, "General provisions (1) The parties agree. (2) They also agree: 1. first, 2. second."),
        ("1", 1, 1, "The parties agree."),
        ("2", 1, 1, "They also agree: 1. first, 2. second."),
        ("1", 2, 3, "first,"),
        ("2", 2, 3, "second."),
        ("2", 0, None, "Final provisions."),
    ]


def test_sections_contain_points_and_cyrillic_letters() -> None:
    text = """Меморандум

Раздел I. Общие положения
1. Признание.
2. Вывод войск:
а) первое;
б) второе;
в) третье.
Раздел II. Прочее
3. Выборы.
"""
    out = _outline(text)
    assert [(lbl, lvl, par) for lbl, lvl, par, _ in out] == [
        ("I", 0, None),
        ("1", 1, 1),
        ("2", 1, 1),
        ("а", 2, 3),
        ("б", 2, 3),
        ("в", 2, 3),
        ("II", 0, None),
        ("3", 1, 7),
    ]


def test_german_paragraph_sign_with_absatz_numbers() -> None:
    text = "§ 1 Geltung\n(1) Erster Absatz.\n(2) Zweiter Absatz.\n§ 2 Inkrafttreten\nSofort.\n"
    out = _outline(text)
    assert [(lbl, lvl) for lbl, lvl, _, _ in out] == [("§1", 0), ("1", 1), ("2", 1), ("§2", 0)]


def test_case_bundle_body_format() -> None:
    text = """# Optional heading

Optional preamble paragraph.

1. First top-level provision, in our own words.
2. Second provision, which has sub-points:
   a. sub-point
   b. another sub-point
      i. level 2
I. Roman-numbered section header line is a provision too
"""
    assert _outline(text) == [
        ("1", 0, None, "First top-level provision, in our own words."),
        (
            "2",
            0,
            None,
            "Second provision, which has sub-points: a. sub-point b. another sub-point i. level 2",
        ),
        ("a", 1, 2, "sub-point"),
        ("b", 1, 2, "another sub-point i. level 2"),
        ("i", 2, 4, "level 2"),
        ("I", 0, None, "Roman-numbered section header line is a provision too"),
    ]


def test_bundle_bullet_items_after_preamble_are_provisions() -> None:
    text = "# Strategy\n\nPreamble.\n\n- Key passage one.\n- Key passage two.\n- Key passage three.\n"
    out = _outline(text)
    assert [(lbl, lvl, t) for lbl, lvl, _, t in out] == [
        (None, 0, "Key passage one."),
        (None, 0, "Key passage two."),
        (None, 0, "Key passage three."),
    ]


def test_decimal_subpoints_nest_under_their_number() -> None:
    text = "1. Scope\n1.1 First.\n1.2 Second.\n2. Other\n2.1 Third.\n"
    out = _outline(text)
    assert [(lbl, lvl, par) for lbl, lvl, par, _ in out] == [
        ("1", 0, None),
        ("1.1", 1, 1),
        ("1.2", 1, 1),
        ("2", 0, None),
        ("2.1", 1, 4),
    ]


def test_preamble_title_heading_signature_and_footnotes_are_left_out() -> None:
    text = """Joint Statement

Preamble that is not a provision.

1. The first point.¹
2. The second point.

¹ A footnote about the first point.

Security

3. The third point
continues on a second line.

Done at Geneva on 3 May 2025.
For the United States of America
For Ukraine
"""
    out = _outline(text)
    assert [t for _, _, _, t in out] == [
        "The first point.¹",
        "The second point.",
        "The third point continues on a second line.",
    ]


def test_date_and_wrapped_numbers_are_not_markers() -> None:
    text = "1. The talks began on\n3. Mai in Istanbul.\n2. A second point.\n"
    out = _outline(text)
    assert [lbl for lbl, _, _, _ in out] == ["1", "2"]
    assert out[0][3] == "The talks began on 3. Mai in Istanbul."


def test_number_that_continues_no_sequence_is_text() -> None:
    text = "1. The army is capped at\n600. The rest is text.\n2. Next point.\n"
    assert [lbl for lbl, _, _, _ in _outline(text)] == ["1", "2"]


def test_numbering_gap_is_accepted_with_a_warning() -> None:
    result = split_document("1. One.\n2. Two.\n\n5. Five.\n6. Six.\n")
    assert [p.label for p in result.provisions] == ["1", "2", "5", "6"]
    assert any("jumps from 2 to 5" in w for w in result.warnings)


def test_unnumbered_document_splits_by_paragraph_without_headings() -> None:
    text = (
        "News headline\n\nFirst paragraph of the story.\n\nSecond paragraph.\n\nA subheading\n\nThird one.\n"
    )
    result = split_document(text)
    assert result.mode == "paragraphs"
    assert [p.text for p in result.provisions] == [
        "First paragraph of the story.",
        "Second paragraph.",
        "Third one.",
    ]
    assert all(p.label is None and p.level == 0 for p in result.provisions)


def test_no_recognisable_provisions_gives_one_provision_and_a_warning() -> None:
    text = "A single block of prose without numbering that goes on\nand on over two lines."
    result = split_document(text)
    assert result.mode == "whole"
    assert len(result.provisions) == 1 and result.provisions[0].text == text
    assert "one provision" in result.warnings[0]


def test_news_text_with_a_short_list_is_split_by_paragraph() -> None:
    paras = "\n\n".join(
        f"Paragraph {i} of the article says quite a lot of things about talks." for i in range(8)
    )
    text = paras + "\n\n1. one\n2. two\n"
    result = split_document(text)
    assert result.mode == "paragraphs"
    assert len(result.provisions) == 10
    assert [p.text for p in result.provisions[-2:]] == ["1. one", "2. two"]


def test_parent_text_includes_children_and_offsets_slice() -> None:
    text = normalize_text("1. Parent text:\n   a) child one\n   b) child two\n2. Next.")
    provs = split_text(text)
    parent, a, b = provs[0], provs[1], provs[2]
    assert parent.start <= a.start < a.end <= b.start < b.end <= parent.end
    assert text[parent.start : parent.end] == "Parent text:\n   a) child one\n   b) child two"


def test_empty_provision_is_kept_with_a_warning() -> None:
    result = split_document("1. First.\n2.\n3. Third.\n")
    assert [p.text for p in result.provisions] == ["First.", "", "Third."]
    assert any("empty" in w for w in result.warnings)


def test_titles() -> None:
    assert guess_title("# The Plan\n\n1. x") == "The Plan"
    assert guess_title("Das Chaos hat System:\n\nEin Jahr Verhandlungen\n\nText.") == (
        "Das Chaos hat System: Ein Jahr Verhandlungen"
    )
    assert guess_title("This is a sentence, not a title.\n\n1. x") is None
    assert guess_title("1. Numbered first line\n2. x") is None


def test_empty_text() -> None:
    assert split_text("") == []
    assert split_text("   \n\n ") == []


def test_paragraph_after_top_level_bullets_is_not_a_provision() -> None:
    assert [p.text for p in split_text("- a\n- b\n\nplain text\n\n2.")] == ["a", "b", "plain text", "2."]


def test_telegram_keycap_numbers_and_emoji_bullets() -> None:
    text = "⚡️ Главное из заявления:\n\n1️⃣ Первый пункт.\n2️⃣ Второй пункт:\n🔹 деталь\n🔹 ещё деталь\n3⃣ Третий пункт.\n"
    assert [(lbl, lvl, t) for lbl, lvl, _, t in _outline(text)] == [
        ("1", 0, "Первый пункт."),
        ("2", 0, "Второй пункт: 🔹 деталь 🔹 ещё деталь"),
        (None, 1, "деталь"),
        (None, 1, "ещё деталь"),
        ("3", 0, "Третий пункт."),
    ]
