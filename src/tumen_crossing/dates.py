"""Partial dates ("2024", "2024-06", "2024-06-19"): sources often give only a year or a month."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated, Literal

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from pydantic import AfterValidator

Precision = Literal["year", "month", "day"]
ENGLISH = "en_GB"
"""Our English is British: '30 April 2025' (CLDR's en_GB)."""

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(text: str) -> tuple[date, Precision]:
    """Return the first day the text can mean and how precise it is; ValueError if malformed."""
    match = _PATTERN.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        start = date(int(year), int(month or 1), int(day or 1))
    except ValueError as err:
        raise ValueError(f"{text!r} is not a calendar date ({err})") from None
    precision: Precision = "day" if day else "month" if month else "year"
    return start, precision


def _check(text: str) -> str:
    parse_partial_date(text)
    return text.strip()


PartialDate = Annotated[str, AfterValidator(_check)]
"""A date string that may stop at the year or the month; validated, kept as written."""


def date_start(text: str) -> date:
    """First day of the period a partial date names (for ordering and time filters)."""
    return parse_partial_date(text)[0]


def format_partial_date(text: str, locale: str = ENGLISH, governed: bool = False) -> str:
    """A partial date at its own precision, in a locale's own form (Babel/CLDR): '2024',
    'June 2024', '19 June 2024'; 'июнь 2024 г.', '2024년 6월 19일'.

    `governed` gives a month the form it takes after a preposition where the language
    declines it ('с июня 2024 г.', 'since June 2024'): CLDR's format-context month name
    instead of the stand-alone one."""
    start, precision = parse_partial_date(text)
    if precision == "year":
        return format_skeleton("y", start, locale=locale)
    if precision == "month":
        if governed:
            pattern = Locale.parse(locale).datetime_skeletons["yMMMM"].pattern
            return format_date(start, pattern.replace("L", "M"), locale=locale)
        return format_skeleton("yMMMM", start, locale=locale)
    return format_day(start, locale)


def format_in_year(text: str, locale: str = ENGLISH) -> str:
    """A partial date short, for a list already grouped by year: '19 Jun', 'Jun', or the year
    itself when the source gives only the year ('19 июн.', '6월 19일')."""
    start, precision = parse_partial_date(text)
    if precision == "year":
        return format_skeleton("y", start, locale=locale)
    if precision == "month":
        return format_skeleton("MMM", start, locale=locale)
    return format_skeleton("MMMd", start, locale=locale)


def format_day(day: date, locale: str = ENGLISH) -> str:
    """A full date as the locale writes it: '19 June 2024', '19 июня 2024 г.', '2024년 6월 19일'."""
    return format_date(day, "long", locale=locale)


def date_end(text: str) -> date:
    """Last day of the period a partial date names: '2026' ends on 31 December 2026."""
    start, precision = parse_partial_date(text)
    if precision == "year":
        return date(start.year, 12, 31)
    if precision == "month":
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return start


def format_date_range(
    first: str, last: str, locale: str = ENGLISH, joined: str = "{first} to {last}"
) -> str:
    """Two partial dates as one range at their own precision: CLDR's interval when both are
    years or months ('June – December 2026', '2025 – 2026'), else both dates in full, `joined`
    in the language's words ('June 2024 to 30 April 2025'); one date when both are the same."""
    if first == last:
        return format_partial_date(first, locale)
    (a, pa), (b, pb) = parse_partial_date(first), parse_partial_date(last)
    if pa == pb and pa != "day":
        return format_interval(a, b, "y" if pa == "year" else "yMMMM", locale=locale)
    return joined.format(
        first=format_partial_date(first, locale), last=format_partial_date(last, locale)
    )
