"""Typed schemas for everything in geodata/: features, sources, events, trade figures, claims.

Pydantic does the field-level checks so that an editor's mistake comes back as a message naming
the field; cross-record rules (ids resolve, geometry agrees with the river) live in validate.py.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AnyUrl,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    UrlConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from tumen_crossing.dates import PartialDate, date_start

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
HttpUrl = Annotated[AnyUrl, UrlConstraints(allowed_schemes=["http", "https"], max_length=2083)]
SourceIds = Annotated[list[Slug], Field(min_length=1)]

Kind = Literal[
    "river",
    "rail-bridge",
    "road-bridge",
    "border",
    "rail-line",
    "road",
    "station",
    "checkpoint",
    "viewpoint",
    "port",
    "city",
    "tripoint",
    "area",
]
Status = Literal[
    "natural",
    "in-force",
    "existing",
    "planned",
    "under-construction",
    "open",
    "suspended",
    "historic",
]

GEOMETRY_TYPES_BY_KIND: dict[str, tuple[str, ...]] = {
    "river": ("LineString", "MultiLineString"),
    "rail-bridge": ("LineString",),
    "road-bridge": ("LineString",),
    "border": ("LineString", "MultiLineString"),
    "rail-line": ("LineString", "MultiLineString"),
    "road": ("LineString", "MultiLineString"),
    "station": ("Point",),
    "checkpoint": ("Point",),
    "viewpoint": ("Point",),
    "port": ("Point",),
    "city": ("Point",),
    "tripoint": ("Point",),
    "area": ("Polygon",),
}
"""Which GeoJSON geometry each kind of feature may have: a bridge is a line, a station a point."""


class Strict(BaseModel):
    """Unknown fields are typos until proven otherwise."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Names(Strict):
    en: Text
    ru: Text
    ko: Text


class StatusEntry(Strict):
    """One state of a feature and when it took effect; sources default to the feature's."""

    status: Status
    since: PartialDate | None = None
    sources: list[Slug] = Field(default_factory=list)
    note: Text | None = None

    @model_validator(mode="after")
    def _since_required(self) -> StatusEntry:
        if self.since is None and self.status != "natural":
            raise ValueError(f"status {self.status!r} needs the date it took effect ('since')")
        return self


Accuracy = Annotated[float, Field(gt=0, le=50_000)]
"""Positional accuracy in metres: how far the drawn shape may be from the real one."""


class AccuracyStretch(Strict):
    """How well one stretch of a line is placed: a river pinned to control points at the
    crossings and drawn from coarse data elsewhere is not equally good along its length."""

    stretch: Text
    """Which part of the line, in plain words ('from the tripoint to the Friendship Bridge')."""
    accuracy_m: Accuracy
    method: Text
    """How this stretch was made, in plain words."""


class FeatureProperties(Strict):
    id: Slug
    name: Names
    kind: Kind
    statuses: Annotated[list[StatusEntry], Field(min_length=1)]
    description: Text
    sources: SourceIds
    accuracy_m: Accuracy
    """The worst case; a line may detail its stretches in accuracy_stretches."""
    method: Text
    accuracy_stretches: Annotated[list[AccuracyStretch], Field(min_length=2)] | None = None
    drawn_to: dict[Slug, Text] = Field(default_factory=dict)
    """Claimed figures the shape was drawn to, by claim attribute ('length'), each in words that
    complete 'drawn to …'. A figure measured from such a shape only echoes the claim, so it is
    never presented as an independent measurement."""

    @field_validator("accuracy_stretches")
    @classmethod
    def _stretches_fit(
        cls, stretches: list[AccuracyStretch] | None, info: ValidationInfo
    ) -> list[AccuracyStretch] | None:
        if not stretches:
            return stretches
        kind = info.data.get("kind")
        if kind and GEOMETRY_TYPES_BY_KIND[kind] == ("Point",):
            raise ValueError(f"a {kind} is a point: it has no stretches")
        worst = max(s.accuracy_m for s in stretches)
        stated = info.data.get("accuracy_m")
        if stated is not None and stated != worst:
            raise ValueError(
                f"the worst stretch is ±{worst:g} m, so accuracy_m must be {worst:g}, "
                f"not {stated:g}"
            )
        return stretches

    @field_validator("statuses")
    @classmethod
    def _in_date_order(cls, statuses: list[StatusEntry]) -> list[StatusEntry]:
        dated = [date_start(s.since) for s in statuses if s.since]
        if dated != sorted(dated):
            raise ValueError("statuses must be listed oldest first")
        return statuses

    @property
    def status(self) -> StatusEntry:
        """The newest status: what the feature is now."""
        return self.statuses[-1]


def _check_position(position: tuple[float, float]) -> tuple[float, float]:
    lon, lat = position
    if abs(lat) > 90 and abs(lon) <= 90:
        raise ValueError(f"[{lon}, {lat}] looks like [lat, lon]; GeoJSON positions are [lon, lat]")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(f"[{lon}, {lat}] is out of range (lon -180..180, lat -90..90)")
    return position


Position = Annotated[tuple[float, float], AfterValidator(_check_position)]


class PointGeometry(Strict):
    type: Literal["Point"]
    coordinates: Position


class LineStringGeometry(Strict):
    type: Literal["LineString"]
    coordinates: Annotated[list[Position], Field(min_length=2)]


class MultiLineStringGeometry(Strict):
    type: Literal["MultiLineString"]
    coordinates: Annotated[
        list[Annotated[list[Position], Field(min_length=2)]], Field(min_length=1)
    ]


class PolygonGeometry(Strict):
    type: Literal["Polygon"]
    coordinates: Annotated[
        list[Annotated[list[Position], Field(min_length=4)]], Field(min_length=1)
    ]


Geometry = Annotated[
    PointGeometry | LineStringGeometry | MultiLineStringGeometry | PolygonGeometry,
    Field(discriminator="type"),
]


class GeoFeature(Strict):
    type: Literal["Feature"]
    properties: FeatureProperties
    geometry: Geometry


class Source(Strict):
    id: Slug
    title: Text
    publisher: Text
    url: HttpUrl
    published: PartialDate | None = None
    accessed: date
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    note: Text | None = None


class Event(Strict):
    id: Slug
    date: PartialDate
    title: Text
    text: Text
    sources: SourceIds
    features: list[Slug] = Field(default_factory=list)


TradeMeasure = Literal[
    "russian-exports",
    "bilateral-turnover",
]


class TradeFigure(Strict):
    year: Annotated[int, Field(ge=1950, le=2100)]
    value_usd: Annotated[float, Field(ge=0)]
    measure: TradeMeasure
    sources: SourceIds
    note: Text | None = None
    annotation: Annotated[str, StringConstraints(max_length=80)] | None = None
    """Short label drawn beside the point, e.g. for the founding article's figures."""


Qualifier = Literal["exact", "about", "at-least", "at-most", "by"]


class Claim(Strict):
    """One thing a source says about a feature or topic, kept even when others disagree."""

    subject: Slug
    attribute: Slug
    value: float | Text
    unit: Annotated[str, StringConstraints(max_length=16)] = ""
    qualifier: Qualifier = "exact"
    sources: SourceIds
    claimed_on: PartialDate
    note: Text | None = None
