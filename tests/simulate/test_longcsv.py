"""The long CSV of `redline simulate`: validation with file:line errors, scales, round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from redline.errors import InputError
from redline.simulate.csvio import long_csv_text, read_long_csv, write_long_csv

HEADER = "issue,actor,position,salience,capability\n"


def _write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_issues_in_order(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + "b,us,80,0.6,30\nb,ru,100,0.9,25\na,us,10,0.5,30\n")
    table = read_long_csv(path)
    assert [i.id for i in table.issues] == ["b", "a"]
    assert table.issues[0].actors == ("us", "ru")
    np.testing.assert_allclose(table.issues[0].saliences, [0.6, 0.9])
    assert table.uncertainty == {}


def test_saliences_on_0_100_are_rescaled(tmp_path: Path) -> None:
    table = read_long_csv(_write(tmp_path, HEADER + "a,us,80,60,30\na,ru,100,1,25\n"))
    np.testing.assert_allclose(table.issues[0].saliences, [0.6, 0.01])


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ("a,us,80,0.6,30\na,us,70,0.6,30\n", 3, "appears twice"),
        ("a,us,eighty,0.6,30\n", 2, "not a number"),
        ("a,us,120,0.6,30\n", 2, "outside 0-100"),
        ("a,us,80,0.6,0\n", 2, "capability must be > 0"),
        ("a,us,80,0.6,-1\n", 2, "capability must be > 0"),
        ("a,us,80,,30\n", 2, "missing salience"),
        ("a,us,80,0.6\n", 2, "expected 5 fields"),
        ("a,,80,0.6,30\n", 2, "must not be empty"),
        ("a,us,80,0.6,30\nb,ru,50,150,3\n", 3, "salience 150 is outside 0-100"),
        ("a,us,80,0.6,nan\n", 2, "finite"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path: Path, body: str, line: int, fragment: str) -> None:
    path = _write(tmp_path, HEADER + body)
    with pytest.raises(InputError) as err:
        read_long_csv(path)
    assert err.value.line == line and err.value.path == str(path)
    assert fragment in str(err.value) and f"{path}:{line}" in str(err.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty file"),
        ("issue,actor,position,salience\n", "missing column(s): capability"),
        ("issue,actor,position,salience,capability,colour\n", "unknown column(s): colour"),
        (HEADER, "no data rows"),
    ],
)
def test_bad_headers(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(InputError, match=None) as err:
        read_long_csv(_write(tmp_path, text))
    assert fragment in str(err.value)


def test_missing_file() -> None:
    with pytest.raises(InputError, match="file not found"):
        read_long_csv("/nonexistent/in.csv")


def test_status_quo_and_uncertainty_columns(tmp_path: Path) -> None:
    text = (
        "issue,actor,position,salience,capability,status_quo,position_low,position_high,salience_sd\n"
        "a,us,80,60,30,50,70,90,\n"
        "a,ru,100,90,25,50,,,10\n"
    )
    table = read_long_csv(_write(tmp_path, text))
    assert table.issues[0].status_quo == 50
    u = table.uncertainty["a"]
    np.testing.assert_allclose(u.low["position"], [70, np.nan])
    np.testing.assert_allclose(u.sd["salience"], [np.nan, 0.1])  # same scale as the salience column
    with pytest.raises(InputError, match="different status_quo"):
        read_long_csv(
            _write(tmp_path, HEADER.strip() + ",status_quo\na,us,80,0.6,30,50\na,ru,10,0.6,30,40\n")
        )
    with pytest.raises(InputError, match="position_low and position_high"):
        read_long_csv(_write(tmp_path, HEADER.strip() + ",position_low\na,us,80,0.6,30,50\n"))
    with pytest.raises(InputError, match="does not hold"):
        bad = HEADER.strip() + ",position_low,position_high\na,us,80,0.6,30,85,90\n"
        read_long_csv(_write(tmp_path, bad))


def test_round_trip(tmp_path: Path) -> None:
    text = (
        "issue,actor,position,salience,capability,status_quo,position_sd\n"
        "a,us,80,0.6,30,50,5\na,ru,100,0.9,25,50,\nb,us,10,0.5,30,,\n"
    )
    table = read_long_csv(_write(tmp_path, text))
    out = tmp_path / "out.csv"
    write_long_csv(out, table.issues, table.uncertainty)
    assert out.read_text() == text
    assert long_csv_text(read_long_csv(out).issues).startswith(HEADER.strip() + ",status_quo\n")


def test_write_failure_leaves_nothing(tmp_path: Path) -> None:
    table = read_long_csv(_write(tmp_path, HEADER + "a,us,80,0.6,30\n"))
    with pytest.raises(InputError, match="cannot write"):
        write_long_csv(tmp_path / "missing-dir" / "out.csv", table.issues)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
