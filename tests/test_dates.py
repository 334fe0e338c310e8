"""Partial dates keep the precision the source gave."""

from __future__ import annotations

from datetime import date

import pytest

from tumen_crossing.dates import (
    date_start,
    format_day,
    format_in_year,
    format_partial_date,
    parse_partial_date,
)


@pytest.mark.parametrize(
    ("text", "start", "precision", "shown"),
    [
        ("2024", date(2024, 1, 1), "year", "2024"),
        ("2024-06", date(2024, 6, 1), "month", "June 2024"),
        ("2024-06-19", date(2024, 6, 19), "day", "19 June 2024"),
        (" 1959-08-09 ", date(1959, 8, 9), "day", "9 August 1959"),
    ],
)
def test_each_precision_parses_and_reads_as_written(text, start, precision, shown) -> None:
    assert parse_partial_date(text) == (start, precision)
    assert date_start(text) == start
    assert format_partial_date(text) == shown


@pytest.mark.parametrize(
    "text", ["", "24", "2024-6", "2024-13", "2024-02-30", "June 2024", "2024-06-19T00"]
)
def test_malformed_or_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_partial_date(text)


def test_a_full_day_reads_without_a_leading_zero() -> None:
    assert format_day(date(2025, 4, 3)) == "3 April 2025"


@pytest.mark.parametrize(("text", "why"), [("2024-13", "calendar"), ("June 2024", "form")])
def test_a_refusal_names_the_text_and_why(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=f"{text!r}.*{why}"):
        parse_partial_date(text)


def test_a_date_that_is_not_text_is_refused_as_malformed() -> None:
    with pytest.raises(ValueError):
        parse_partial_date(2024)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "short"), [("2024", "2024"), ("2024-06", "Jun"), ("2025-02-27", "27 Feb")]
)
def test_a_date_within_its_year_is_short(text: str, short: str) -> None:
    assert format_in_year(text) == short
