"""Partial dates ("2024", "2024-06", "2024-06-19"): sources often give only a year or a month."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator

Precision = Literal["year", "month", "day"]

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


def format_partial_date(text: str) -> str:
    """Human form: '19 June 2024', 'June 2024' or '2024', depending on precision."""
    start, precision = parse_partial_date(text)
    if precision == "year":
        return f"{start.year}"
    if precision == "month":
        return start.strftime("%B %Y")
    return format_day(start)


def format_in_year(text: str) -> str:
    """A partial date short, for a list already grouped by year: '19 Jun', 'Jun', or the year
    itself when the source gives only the year."""
    start, precision = parse_partial_date(text)
    if precision == "year":
        return f"{start.year}"
    if precision == "month":
        return start.strftime("%b")
    return f"{start.day} {start.strftime('%b')}"


def format_day(day: date) -> str:
    """A full date as readers write it: '19 June 2024'."""
    return f"{day.day} {day.strftime('%B %Y')}"


def date_end(text: str) -> date:
    """Last day of the period a partial date names: '2026' ends on 31 December 2026."""
    start, precision = parse_partial_date(text)
    if precision == "year":
        return date(start.year, 12, 31)
    if precision == "month":
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return start


def format_date_range(first: str, last: str) -> str:
    """Two partial dates as one range at their own precision: 'June–December 2026',
    '2025–2026', 'June 2024 to 30 April 2025'; one date when both are the same."""
    if first == last:
        return format_partial_date(first)
    (a, pa), (b, pb) = parse_partial_date(first), parse_partial_date(last)
    if pa == pb == "year":
        return f"{a.year}–{b.year}"
    if pa == pb == "month" and a.year == b.year:
        return f"{a.strftime('%B')}–{format_partial_date(last)}"
    return f"{format_partial_date(first)} to {format_partial_date(last)}"
