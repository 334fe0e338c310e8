"""Partial dates ("2024", "2024-06", "2024-06-19"): sources often give only a year or a month."""

from __future__ import annotations

import re
from datetime import date
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


def format_partial_date(text: str | None) -> str:
    """Human form: '19 June 2024', 'June 2024' or '2024', depending on precision.

    None (a claim from an undated page) reads 'undated'; renderers should rather show the day
    the source was read (claims.read_on).
    """
    if text is None:
        return "undated"
    start, precision = parse_partial_date(text)
    if precision == "year":
        return f"{start.year}"
    if precision == "month":
        return start.strftime("%B %Y")
    return f"{start.day} {start.strftime('%B %Y')}"
