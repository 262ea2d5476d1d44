"""Change detection on links: numbers, dates, entities; word diff."""

from redline.align.changes import Change, changed_word_share, detect_changes, word_diff
from redline.align.entities import entities


def test_number_change_across_languages_and_formats() -> None:
    a = "The armed forces of Ukraine will be limited to 600,000 personnel."
    b = "Численность вооружённых сил Украины будет ограничена 800 тыс. военнослужащих."
    assert detect_changes(a, b, "en", "ru") == [Change("number", "600000", "800000")]


def test_same_number_in_other_format_is_no_change() -> None:
    a = "Limited to 600,000 personnel within 100 days."
    b = "Auf 600.000 Soldaten innerhalb von 100 Tagen begrenzt."
    assert detect_changes(a, b, "en", "de") == []


def test_deadline_pairs_by_unit_and_new_values_stand_alone() -> None:
    a = "Elections within 100 days; a fund of 100 billion euros."
    b = "Elections within 180 days; a fund of 100 billion euros, 50% to the United States and Eurasia Group."
    changes = detect_changes(a, b, "en", "en")
    assert Change("number", "100", "180", "day") in changes
    assert Change("number", None, "50", "percent") in changes
    assert Change("entity", None, "United States") in changes
    assert Change("entity", None, "Eurasia Group") in changes


def test_dates_and_entities() -> None:
    a = "Ein Waffenstillstand tritt am 1. Dezember 2025 in Kraft, überwacht von der OSZE."
    b = "A ceasefire takes effect on January 15, 2026, monitored by the OSCE."
    assert detect_changes(a, b, "de", "en") == [Change("date", "2025-12-01", "2026-01-15")]


def test_entities_match_across_languages() -> None:
    assert entities("Das Kernkraftwerk Saporischschja unter Aufsicht der IAEO") == {"Zaporizhzhia", "IAEA"}
    assert entities("Запорізьку АЕС під наглядом МАГАТЕ") == {"Zaporizhzhia", "IAEA"}
    assert "United States" not in entities("Let us talk")


def test_word_diff() -> None:
    ops = word_diff("A full amnesty will be granted.", "An amnesty will be granted, except for war crimes.")
    assert [o.op for o in ops] == ["replace", "equal", "insert", "equal"]
    assert ops[2].b == ", except for war crimes"
    assert "".join(o.b for o in ops) == "An amnesty will be granted, except for war crimes."
    assert [
        o.a for o in word_diff("limited to 600,000 men", "limited to 800,000 men") if o.op != "equal"
    ] == ["600,000 "]
    assert 0 < changed_word_share(ops) < 1
    assert changed_word_share(word_diff("same text here", "same text here")) == 0
