"""Claims as readers read them, when sources disagree, and our own measurement only where the
shape is independent of them."""

from __future__ import annotations

import pytest

from tumen_crossing import claims, i18n
from tumen_crossing.claims import ClaimGroup, format_value, groups_for, read_on
from tumen_crossing.models import Claim
from tumen_crossing.validate import validate
from tumen_crossing.vocab import ATTRIBUTE_ORDER

from .conftest import ContentCopy


@pytest.fixture(scope="module")
def content():
    content, problems = validate()
    assert not problems
    return content


def _group(content, subject: str, attribute: str):
    return next(g for g in groups_for(content, subject) if g.attribute == attribute)


def test_a_length_drawn_to_claims_is_not_offered_as_measured(content) -> None:
    length = _group(content, "road-bridge", "length")
    assert length.measured is None
    assert length.drawn_to == "the official section lengths, 424 m (Russian) and 581 m (Korean)"
    assert len(length.claims) >= 6 and length.disagree  # the sources' own figures stay


def test_the_claimed_distance_the_road_bridge_was_placed_at_says_so(content) -> None:
    distance = _group(content, "road-bridge", "distance-downstream")
    assert distance.measured is None
    assert distance.drawn_to is not None and "415 m" in distance.drawn_to
    assert sorted(c.value for c in distance.claims) == [400, 415, 500]


def test_an_independent_length_is_measured(content) -> None:
    length = _group(content, "border-ru-kp", "length")
    assert length.drawn_to is None
    assert length.measured is not None and length.measured.independent
    assert length.measured.value_m > 17_000


def test_attributes_not_drawn_to_have_no_drawn_to(content) -> None:
    assert _group(content, "road-bridge", "width").drawn_to is None
    assert _group(content, "friendship-bridge", "height").drawn_to is None


def test_removing_drawn_to_brings_the_measurement_back(content_copy: ContentCopy) -> None:
    content_copy.edit_feature(
        "bridges.geojson", "friendship-bridge", lambda f: f["properties"].pop("drawn_to")
    )
    content, problems = validate(content_copy.root)
    assert not problems
    length = _group(content, "friendship-bridge", "length")
    assert length.drawn_to is None
    assert length.measured is not None
    assert length.measured.value_m == pytest.approx(606.5, abs=0.5)


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
        (1300, "m", "at-least", "at least 1.3 km"),  # m below 1 km, km above
        (54000, "m", "about", "about 54 km"),
        (135.6, "m", "exact", "135.6 m"),
        (100000000, "USD", "exact", "US$ 100 million"),
        (73000000, "GBP", "about", "about £73 million"),
        (9, "x", "exact", "9 times"),
        (-12.1, "%", "exact", "-12.1%"),
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


def test_a_number_without_a_unit_reads_bare() -> None:
    assert format_value(claim(5, "", "exact")) == "5"
    assert format_value(claim(1.5, "", "about")) == "about 1.5"


def test_an_undated_claim_is_read_on_its_sources_latest_reading(content) -> None:
    undated = next(c for c in content.claims if c.claimed_on is None and len(c.sources) > 1)
    assert read_on(content, undated) == max(content.sources[s].accessed for s in undated.sources)
    dated = next(c for c in content.claims if c.claimed_on is not None)
    assert read_on(content, dated) is None
    unknown = claim(850).model_copy(update={"claimed_on": None, "sources": ["no-such-source"]})
    assert read_on(content, unknown) is None


def test_attributes_come_in_the_vocabulary_order_then_alphabetically(content) -> None:
    attributes = [g.attribute for g in groups_for(content, "road-bridge")]
    known = [a for a in ATTRIBUTE_ORDER if a in attributes]
    assert attributes[: len(known)] == known
    assert attributes[len(known) :] == sorted(attributes[len(known) :])
    assert attributes != sorted(attributes)  # the vocabulary order is not the alphabet's


def test_a_line_without_length_claims_still_gets_its_measured_length(content) -> None:
    river = groups_for(content, "tumen-river")
    [length] = [g for g in river if g.attribute == "length"]
    assert length.claims == () and length.measured is not None and length.measured.independent


def test_a_subject_that_is_no_feature_has_claims_but_no_measure(content) -> None:
    groups = groups_for(content, "trade")
    assert groups and all(g.measured is None and g.drawn_to is None for g in groups)


@pytest.mark.parametrize(
    ("lang", "figures"),
    [
        ("en", ["US$ 950,000", "US$ 111 million", "US$ 135.6 million", "US$ 2.5 billion"]),
        (
            "ru",
            [
                "950\xa0000 долларов США",
                "111 миллионов долларов США",
                "135,6 миллиона долларов США",
                "2,5 миллиарда долларов США",
            ],
        ),
        ("ko", ["950,000 달러", "1.11억 달러", "1.356억 달러", "25억 달러"]),
    ],
)
def test_money_keeps_every_digit_given_and_large_sums_in_words(
    lang: str, figures: list[str]
) -> None:
    """Below a million the figure in full; from a million on, in the language's own words
    (CLDR's compact forms, with Russian's plural agreement), with the decimals the source gave
    and no more."""
    w = i18n.words(lang)
    values = (950_000, 111e6, 135.6e6, 2.5e9)
    assert [claims.format_money(v, "USD", w) for v in values] == figures


def test_money_from_a_million_on_is_in_words() -> None:
    w = i18n.words("en")
    assert claims.format_money(999_999, "USD", w) == "US$ 999,999"
    assert claims.format_money(1_000_000, "USD", w) == "US$ 1 million"
