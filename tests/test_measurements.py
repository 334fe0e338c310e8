"""Figures taken from our own shapes: independent measurements, or echoes of the claims a shape
was drawn to — never the second presented as the first."""

from __future__ import annotations

import pytest

from tumen_crossing import measurements
from tumen_crossing.validate import validate

from .conftest import ContentCopy


@pytest.fixture(scope="module")
def content():
    content, problems = validate()
    assert not problems
    return content


def test_a_line_drawn_from_data_is_an_independent_measurement(content) -> None:
    length = measurements.feature_length(content.feature("border-ru-kp"))
    assert length is not None and length.independent and length.drawn_to is None
    assert 17_000 < length.value_m < 18_500  # OpenStreetMap's line, tripoint to mouth
    assert str(length) == f"Russia–North Korea border length: {length.value_m / 1000:.1f} km"


@pytest.mark.parametrize(
    ("feature_id", "drawn_to"),
    [
        ("road-bridge", "the official section lengths, 424 m (Russian) and 581 m (Korean)"),
        ("friendship-bridge", "midway between the two claimed lengths, 590 m and 623 m"),
    ],
)
def test_a_line_drawn_to_claims_is_not_independent(content, feature_id: str, drawn_to: str) -> None:
    length = measurements.feature_length(content.feature(feature_id))
    assert length is not None and not length.independent
    assert length.drawn_to == drawn_to
    assert str(length).endswith(f"drawn to {drawn_to} (not an independent measure)")


def test_points_have_no_length(content) -> None:
    assert measurements.feature_length(content.feature("tripoint")) is None


def test_distance_between_the_bridges_is_drawn_from_the_claim(content) -> None:
    gap = measurements.bridge_separation(content)
    assert gap is not None and gap.attribute == "distance-downstream"
    assert gap.value_m == pytest.approx(
        415, abs=1
    )  # measured along the river, crossing to crossing
    assert not gap.independent
    assert not [
        m for m in measurements.summary(content) if m.independent and m.subject.endswith("bridge")
    ]


def test_without_drawn_to_the_same_shapes_count_as_measured(content_copy: ContentCopy) -> None:
    content_copy.edit_feature(
        "bridges.geojson", "road-bridge", lambda f: f["properties"].pop("drawn_to")
    )
    content, problems = validate(content_copy.root)
    assert not problems
    gap = measurements.bridge_separation(content)
    assert gap is not None and gap.independent
    assert measurements.feature_length(content.feature("road-bridge")).independent


def test_no_separation_when_a_bridge_misses_the_river(content_copy: ContentCopy) -> None:
    def shift(feature: dict) -> None:
        feature["geometry"]["coordinates"] = [
            [lon + 0.05, lat] for lon, lat in feature["geometry"]["coordinates"]
        ]

    content_copy.edit_feature("bridges.geojson", "road-bridge", shift)
    content, _ = validate(content_copy.root)
    assert measurements.bridge_separation(content) is None
