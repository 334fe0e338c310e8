"""Claims grouped per attribute, beside what our geometry measures, with disagreement marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tumen_crossing import i18n
from tumen_crossing.content import Content
from tumen_crossing.dates import date_start
from tumen_crossing.i18n import Words
from tumen_crossing.measurements import Measurement, feature_length
from tumen_crossing.models import Claim
from tumen_crossing.vocab import ATTRIBUTE_ORDER, UNIT_WORDS

MONEY_UNITS = ("USD", "GBP")
"""Currency units of claims: said in words ('US$ 111 million') by vocab.UNIT_WORDS."""

DISAGREEMENT_TOLERANCE = 0.05
"""Numeric claims further apart than 5 % of the smaller one count as a disagreement."""


@dataclass(frozen=True)
class ClaimGroup:
    attribute: str
    claims: tuple[Claim, ...]
    measured: Measurement | None = None
    """Our own independent measurement of this attribute; None when the shape was drawn to it."""
    drawn_to: str | None = None
    """When the shape was drawn to a claimed figure for this attribute, what it was drawn to
    (words completing 'drawn to …'); a reader must not take the shape as evidence for it."""

    @property
    def disagree(self) -> bool:
        """True when the sources give values that do not agree within the tolerance."""
        numbers = [c.value for c in self.claims if isinstance(c.value, int | float)]
        texts = {str(c.value).strip().lower() for c in self.claims if isinstance(c.value, str)}
        if len(texts) > 1:
            return True
        if len(numbers) > 1:
            low, high = min(numbers), max(numbers)
            return high - low > DISAGREEMENT_TOLERANCE * max(abs(low), 1e-9)
        return False


def groups_for(content: Content, subject: str) -> list[ClaimGroup]:
    """Every attribute claimed about a subject, oldest claim first; a line's length is measured
    unless the line was drawn to a claimed length, and then the group says what it was drawn to."""
    by_attribute: dict[str, list[Claim]] = {}
    for claim in content.claims_about(subject):
        by_attribute.setdefault(claim.attribute, []).append(claim)
    feature = content.feature(subject)
    length = feature_length(feature) if feature else None
    if length and "length" not in by_attribute:
        by_attribute["length"] = []
    drawn = feature.props.drawn_to if feature else {}
    rank = {a: i for i, a in enumerate(ATTRIBUTE_ORDER)}
    groups = []
    for attribute in sorted(by_attribute, key=lambda a: (rank.get(a, len(rank)), a)):
        claims = sorted(by_attribute[attribute], key=claim_order)
        measured = length if attribute == "length" and length and length.independent else None
        groups.append(ClaimGroup(attribute, tuple(claims), measured, drawn.get(attribute)))
    return groups


def claim_order(claim: Claim) -> tuple[bool, date]:
    """Oldest first; claims from undated pages first of all, never as the newest."""
    if claim.claimed_on is None:
        return (False, date.min)
    return (True, date_start(claim.claimed_on))


def read_on(content: Content, claim: Claim) -> date | None:
    """For a claim from undated pages, the day its sources were read (the latest, if several);
    None when the claim has a date of its own."""
    if claim.claimed_on is not None:
        return None
    days = [content.sources[s].accessed for s in claim.sources if s in content.sources]
    return max(days) if days else None


def _decimals(value: float) -> int:
    """How many decimals a figure was given with (135.6 -> 1, 4700 -> 0)."""
    return len(repr(float(value)).split(".")[1].rstrip("0"))


def format_money(value: float, currency: str, words: Words) -> str:
    """'US$ 111 million', '£73 million', 'US$ 950,000'; '111 миллионов долларов США',
    '1.11억 달러': every digit the source gave, large amounts in the language's words (CLDR)."""
    amount = (
        words.compact(value, _decimals(value / 1e6) + 3)
        if abs(value) >= 1e6
        else words.number(value, _decimals(value))
    )
    return words.unit(currency).format(amount=amount)


def format_value(claim: Claim, words: Words | None = None) -> str:
    """'about 850 m', 'at least 1.3 km', 'by December 2026' — plain text in a language (English
    by default), lengths in m below 1 km and km above (measurements.format_metres)."""
    words = words or i18n.words()
    value = claim.value
    if isinstance(value, int | float) and claim.unit == "m":
        said = words.metres(value, _decimals(value))
    elif isinstance(value, int | float) and claim.unit in MONEY_UNITS:
        said = format_money(value, claim.unit, words)
    elif isinstance(value, int | float):
        number = words.number(value, 0 if float(value).is_integer() else _decimals(value))
        if claim.unit == "%":
            said = f"{number}%"
        elif claim.unit in UNIT_WORDS:
            said = words.unit(claim.unit).format(number=number)
        else:
            said = f"{number} {claim.unit}".strip()
    else:
        try:
            said = words.partial_date(value)
        except ValueError:
            said = (
                value
                if claim.unit not in UNIT_WORDS
                else words.unit(claim.unit).format(number=value)
            )
    return (
        words.qualifier(claim.qualifier).format(value=said) if claim.qualifier != "exact" else said
    )
