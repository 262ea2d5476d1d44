"""Numbers, dates and deadlines are normalised across languages and formats."""

import pytest

from redline.align.numbers import extract_quantities


def values(text: str, lang: str) -> list[tuple[str, str, str | None]]:
    return [(q.kind, q.value, q.unit) for q in extract_quantities(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("limited to 600,000 personnel", "en"),
        ("auf 600.000 Soldaten begrenzt", "de"),
        ("limited to 600 000 personnel", "en"),
        ("ограничена 600 тыс. военнослужащих", "ru"),
        ("обмежена 600 тисячами військовослужбовців", "uk"),
        ("auf 600 Tausend Soldaten", "de"),
        ("limited to six hundred thousand personnel", "en"),
        ("не более шестьсот тысяч военнослужащих", "ru"),
    ],
)
def test_six_hundred_thousand_in_every_format(text: str, lang: str) -> None:
    found = [v for k, v, _ in values(text, lang) if k == "number"]
    assert found == ["600000"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("1,5 Mio. Euro", "de", ("1500000", "eur")),
        ("$1.5 million", "en", ("1500000", "usd")),
        ("100 млрд долларов США", "ru", ("100000000000", "usd")),
        ("within 120 days", "en", ("120", "day")),
        ("innerhalb von 120 Tagen", "de", ("120", "day")),
        ("протягом 120 днів", "uk", ("120", "day")),
        ("for ten years", "en", ("10", "year")),
        ("50% of the profits", "en", ("50", "percent")),
        ("50 Prozent der Gewinne", "de", ("50", "percent")),
        ("0.125 of the total", "en", ("0.125", None)),
    ],
)
def test_amounts_units_and_deadlines(text: str, lang: str, expected: tuple[str, str | None]) -> None:
    assert values(text, lang) == [("number", *expected)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("on 1 December 2025", "en"),
        ("on December 1, 2025", "en"),
        ("am 1. Dezember 2025", "de"),
        ("1 декабря 2025 года", "ru"),
        ("1 грудня 2025 року", "uk"),
        ("am 01.12.2025", "de"),
        ("on 2025-12-01", "en"),
        ("on 12/01/2025", "en"),
        ("le 01/12/2025", "fr"),
    ],
)
def test_dates(text: str, lang: str) -> None:
    assert values(text, lang) == [("date", "2025-12-01", None)]


def test_labels_and_names_with_digits_are_not_numbers() -> None:
    assert values("6. Russia rejoins the G8.", "en") == []
    assert values("in May 2026", "en") == [("date", "2026-05", None)]
    assert values("No one may be punished.", "en") == []
