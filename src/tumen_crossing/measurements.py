"""Figures measured from our own geometry, for the panels and the CLI: what the map itself says."""

from __future__ import annotations

from dataclasses import dataclass

from shapely.geometry import LineString

from tumen_crossing import measure
from tumen_crossing.content import Content, Feature
from tumen_crossing.vocab import LINE_KINDS


@dataclass(frozen=True)
class Measurement:
    subject: str
    attribute: str
    value_m: float
    label: str

    def __str__(self) -> str:
        return f"{self.label}: {format_metres(self.value_m)}"


def format_metres(value_m: float) -> str:
    """'606 m' below 10 km, '33.6 km' above: the precision a reader can use."""
    return f"{value_m:,.0f} m" if value_m < 10_000 else f"{value_m / 1000:,.1f} km"


def feature_length(feature: Feature) -> Measurement | None:
    """Geodesic length of a line feature; None for points and areas."""
    if feature.props.kind not in LINE_KINDS:
        return None
    return Measurement(
        feature.id, "length", measure.length_m(feature.geometry), f"{feature.props.name.en} length"
    )


def bridge_separation(content: Content) -> Measurement | None:
    """Distance between the midpoints of the rail and road bridges."""
    rail, road = content.feature("friendship-bridge"), content.feature("road-bridge")
    if not (rail and road):
        return None
    if not (isinstance(rail.geometry, LineString) and isinstance(road.geometry, LineString)):
        return None
    gap = measure.distance_m(measure.midpoint(rail.geometry), measure.midpoint(road.geometry))
    return Measurement("road-bridge", "distance-from-rail-bridge", gap, "Between the bridges")


def summary(content: Content) -> list[Measurement]:
    """Every measured figure: each line feature's length and the distance between the bridges."""
    found = [m for f in content.features if (m := feature_length(f))]
    separation = bridge_separation(content)
    return [*found, separation] if separation else found
