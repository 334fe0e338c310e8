"""Figures measured from our own geometry, for the panels and the CLI: what the map itself says.

A shape drawn to a claimed figure (its `drawn_to`) measures back that figure, not the world: such a
Measurement carries the words saying what it was drawn to and is not `independent`.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal
from babel.units import format_unit
from shapely.geometry import LineString, Point

from tumen_crossing import measure
from tumen_crossing.content import Content, Feature
from tumen_crossing.dates import ENGLISH
from tumen_crossing.vocab import LINE_KINDS


@dataclass(frozen=True)
class Measurement:
    subject: str
    attribute: str
    value_m: float
    label: str
    drawn_to: str | None = None
    """What the shape was drawn to for this attribute (words completing 'drawn to …'), if it was
    drawn from a claim; None when the figure is an independent measurement."""

    @property
    def independent(self) -> bool:
        """True when the shape was not drawn to a claim about this attribute."""
        return self.drawn_to is None

    def __str__(self) -> str:
        figure = f"{self.label}: {format_metres(self.value_m)}"
        if self.independent:
            return figure
        return f"{figure}, drawn to {self.drawn_to} (not an independent measure)"


def format_metres(value_m: float, digits: int | None = None, locale: str = ENGLISH) -> str:
    """A length as readers read it (the copy style in geodata/README.md), in a locale's own
    form (CLDR units): metres below 1 km, kilometres from 1 km on — '606 m', '1 km', '4.7 km',
    '54 km'; '606 м'; '606m'.

    Our own measurements (`digits=None`) round to the metre below 1 km and to 0.1 km above; a
    sourced figure keeps every digit its source gave (`digits`: the decimals of the figure in
    metres, so 4,700 m reads '4.7 km' and 1,250 m '1.25 km', never rounded)."""
    if digits is None:  # a measurement: whole metres, or tenths of a kilometre
        value_m = round(value_m)
        if abs(value_m) < 1000:
            return format_unit(value_m, "length-meter", "short", locale=locale)
        km = format_decimal(value_m / 1000, format="#,##0.0", locale=locale)
        return format_unit(km, "length-kilometer", "short", locale=locale)
    if abs(value_m) < 1000:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        metres = format_decimal(value_m, format=pattern, locale=locale, decimal_quantization=True)
        return format_unit(metres, "length-meter", "short", locale=locale)
    km = format_decimal(value_m / 1000, format="#,##0." + "#" * (digits + 3), locale=locale)
    return format_unit(km, "length-kilometer", "short", locale=locale)


def feature_length(feature: Feature) -> Measurement | None:
    """Geodesic length of a line feature; None for points and areas."""
    if feature.props.kind not in LINE_KINDS:
        return None
    return Measurement(
        feature.id,
        "length",
        measure.length_m(feature.geometry),
        f"{feature.props.name.en} length",
        feature.props.drawn_to.get("length"),
    )


SEPARATION_ATTRIBUTE = "distance-downstream"
"""The road bridge's claim attribute that the distance between the bridges answers."""


def bridge_separation(content: Content) -> Measurement | None:
    """Distance along the river between where the rail and road bridges cross it (None unless
    each crosses it once); drawn, not independent, when the road bridge was placed at a claimed
    distance."""
    river = content.feature("tumen-river")
    rail, road = content.feature("friendship-bridge"), content.feature("road-bridge")
    if not (river and rail and road and isinstance(river.geometry, LineString)):
        return None
    crossings = [river.geometry.intersection(bridge.geometry) for bridge in (rail, road)]
    if not all(isinstance(c, Point) for c in crossings):
        return None
    gap = measure.length_between(river.geometry, *crossings)
    drawn_to = road.props.drawn_to.get(SEPARATION_ATTRIBUTE)
    return Measurement(
        "road-bridge", SEPARATION_ATTRIBUTE, gap, "Between the bridges, along the river", drawn_to
    )


def summary(content: Content) -> list[Measurement]:
    """Every figure taken from the map: each line feature's length and the distance between the
    bridges, independent or not (see Measurement.independent)."""
    found = [m for f in content.features if (m := feature_length(f))]
    separation = bridge_separation(content)
    return [*found, separation] if separation else found
