"""Partial dates keep the precision the source gave."""

from __future__ import annotations

from datetime import date

import pytest

from tumen_crossing.dates import (
    ENGLISH,
    date_start,
    format_date_range,
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


@pytest.mark.parametrize(
    ("locale", "joined", "ranges"),
    [
        (
            ENGLISH,
            None,  # the default words
            [
                "2025\u2009–\u20092026",
                "June\u2009–\u2009December 2026",
                "19 June 2024 to 30 April 2025",
                "June 2024 to 30 April 2025",
                "30 April 2025",
                "June 2024",
            ],
        ),
        (
            "ru",
            "{first} — {last}",  # as the Russian catalogue has it
            [
                "2025—2026",
                "июнь\xa0— декабрь 2026\u202fг.",
                "19 июня 2024\u202fг. — 30 апреля 2025\u202fг.",
                "июнь 2024\u202fг. — 30 апреля 2025\u202fг.",
                "30 апреля 2025\u202fг.",
                "июнь 2024\u202fг.",
            ],
        ),
        (
            "ko",
            "{first}~{last}",  # as the Korean catalogue has it
            [
                "2025년 ~ 2026년",
                "2026년 6월~12월",
                "2024년 6월 19일~2025년 4월 30일",
                "2024년 6월~2025년 4월 30일",
                "2025년 4월 30일",
                "2024년 6월",
            ],
        ),
    ],
)
def test_a_range_is_one_interval_at_a_shared_precision_else_two_dates_joined(
    locale: str, joined: str | None, ranges: list[str]
) -> None:
    """Two years or two months: CLDR's interval; two days or mixed precisions: both dates in
    full, joined in the language's words; the same date twice: that date once."""
    pairs = [
        ("2025", "2026"),
        ("2026-06", "2026-12"),
        ("2024-06-19", "2025-04-30"),
        ("2024-06", "2025-04-30"),
        ("2025-04-30", "2025-04-30"),
        ("2024-06", "2024-06"),
    ]
    extra = {"joined": joined} if joined else {}
    assert [format_date_range(a, b, locale, **extra) for a, b in pairs] == ranges
