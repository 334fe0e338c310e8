"""Claims as readers read them, and when sources count as disagreeing."""

from __future__ import annotations

import pytest

from tumen_crossing.claims import ClaimGroup, format_value
from tumen_crossing.models import Claim


def claim(value, unit: str = "m", qualifier: str = "exact") -> Claim:
    return Claim(
        subject="road-bridge",
        attribute="length",
        value=value,
        unit=unit,
        qualifier=qualifier,
        sources=["s"],
        claimed_on="2025",
    )


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "shown"),
    [
        (850, "m", "about", "about 850 m"),
        (1300, "m", "at-least", "at least 1,300 m"),
        (100000000, "USD", "exact", "US$ 100,000,000"),
        (9, "x", "exact", "9×"),
        (2.5, "years", "at-most", "at most 2.5 years"),
        ("2026-06", "", "by", "by June 2026"),
        ("end of 2026", "", "exact", "end of 2026"),
    ],
)
def test_values_read_with_their_qualifier_and_unit(value, unit, qualifier, shown) -> None:
    assert format_value(claim(value, unit, qualifier)) == shown


def test_numbers_within_five_percent_agree_and_further_apart_disagree() -> None:
    assert not ClaimGroup("length", (claim(850), claim(880))).disagree
    assert ClaimGroup("length", (claim(850), claim(1000))).disagree
    assert ClaimGroup("completion", (claim("2026", ""), claim("2027", ""))).disagree
    assert not ClaimGroup("completion", (claim("2026", ""), claim(" 2026 ", ""))).disagree
    assert not ClaimGroup("length", (claim(850),)).disagree
