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
from tumen_crossing.vocab import KINDS, Base, Kind, Status, Tab, TradeMeasure

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
HttpUrl = Annotated[AnyUrl, UrlConstraints(allowed_schemes=["http", "https"], max_length=2083)]
SourceIds = Annotated[list[Slug], Field(min_length=1)]


class Strict(BaseModel):
    """Unknown fields are typos until proven otherwise."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Names(Strict):
    en: Text
    ru: Text
    ko: Text


QUOTE_MAX_WORDS = 40
"""A receipt quotes the few words that carry the fact (about 30), never a paragraph."""


class Receipt(Strict):
    """The proof that one cited source says what the record says: its own words and where they
    stand, or the plain reason there are none and which source was read instead.

    Exactly one of `quote` (with `where`) or `unread` is given. `via` names the intermediary that
    was actually read when the source itself was not; its id must resolve (validate.py checks it).
    """

    source: Slug
    quote: Text | None = None
    where: Text | None = None
    unread: Text | None = None
    via: Slug | None = None

    @model_validator(mode="after")
    def _quote_or_reason(self) -> Receipt:
        if (self.quote is None) == (self.unread is None):
            raise ValueError("give exactly one of 'quote' (the source's words) or 'unread'")
        if self.quote is not None:
            if self.where is None:
                raise ValueError("a quote needs 'where' (section, paragraph, table row or field)")
            if self.via is not None:
                raise ValueError("'via' belongs to an unread source; a quote is the source's own")
            words = len(self.quote.split())
            if words > QUOTE_MAX_WORDS:
                raise ValueError(
                    f"quote has {words} words; keep the supporting words only "
                    f"(at most {QUOTE_MAX_WORDS})"
                )
        if self.via is not None and self.via == self.source:
            raise ValueError("'via' must name another source than the one not read")
        return self


Receipts = Annotated[list[Receipt], Field(default_factory=list)]


StatusStep = Literal["state", "milestone", "resumption"]


class StatusEntry(Strict):
    """One dated step in a feature's life; sources default to the feature's.

    `kind` says what the step does to the status line's "since" (validate.py checks the order):
    - "state" (the default): the feature enters a new state, which began on `since`;
    - "milestone": news within the state in force (same status as the entry before), e.g. the
      structure is complete but the bridge not yet open; the state still began earlier;
    - "resumption": the state from before a suspension returns; the state counts from its
      first start, and readers see the suspension as an interruption.
    """

    status: Status
    since: PartialDate | None = None
    kind: StatusStep = "state"
    sources: list[Slug] = Field(default_factory=list)
    note: Text | None = None
    receipts: Receipts

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
        if kind and KINDS[kind].shape == "point":
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


Trust = Literal["normal", "low"]
CopyKind = Literal["aggregator", "archive"]


class Source(Strict):
    """One publication in the registry.

    `reader_note` is written for readers (plain words, shown beside the source); `editor_note` is
    for the people who keep the content and is never shown. `url` may be missing only for a source
    that has no public address (the founding article); `reader_note` must then say so.
    `copy_url` is where the text was actually read when the original could not be (a syndicated
    or mirror copy). A `low` trust source needs `trust_reason`, in plain words for readers.
    """

    id: Slug
    title: Text
    publisher: Text
    url: HttpUrl | None = None
    published: PartialDate | None = None
    accessed: date
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    reader_note: Text | None = None
    editor_note: Text | None = None
    copy_url: HttpUrl | None = None
    read_in: CopyKind | None = None
    """What was read when it is not the publisher's own page: an aggregator's copy or an
    archived one (readers see it beside the publisher's name, in their language)."""
    read_at: Text | None = None
    """The site that carried the copy, when it is not the publisher ('AFBytes')."""
    trust: Trust = "normal"
    trust_reason: Text | None = None

    @model_validator(mode="after")
    def _explained(self) -> Source:
        if self.url is None and self.reader_note is None:
            raise ValueError("a source without 'url' needs a 'reader_note' saying why")
        if (self.trust == "low") != (self.trust_reason is not None):
            raise ValueError("'trust_reason' is given exactly when 'trust' is 'low'")
        if self.read_at is not None and self.read_in is None:
            raise ValueError("'read_at' names where a copy was read: give 'read_in' too")
        return self

    @property
    def note(self) -> str | None:
        """The reader-facing note (kept for renderers written before the split)."""
        return self.reader_note


class Event(Strict):
    id: Slug
    date: PartialDate
    title: Text
    text: Text
    sources: SourceIds
    features: list[Slug] = Field(default_factory=list)
    receipts: Receipts


class TradeFigure(Strict):
    year: Annotated[int, Field(ge=1950, le=2100)]
    value_usd: Annotated[float, Field(ge=0)]
    measure: TradeMeasure
    sources: SourceIds
    note: Text | None = None
    annotation: Annotated[str, StringConstraints(max_length=80)] | None = None
    """Short label drawn beside the point, e.g. for the founding article's figures."""
    receipts: Receipts


Qualifier = Literal["exact", "about", "at-least", "at-most", "by"]


class Claim(Strict):
    """One thing a source says about a feature or topic, kept even when others disagree.

    `claimed_on` is the date the source said it (its publication date), never the date it was
    read: a claim from an undated page has none, and validate.py enforces both ways.
    """

    subject: Slug
    attribute: Slug
    value: float | Text
    unit: Annotated[str, StringConstraints(max_length=16)] = ""
    qualifier: Qualifier = "exact"
    sources: SourceIds
    claimed_on: PartialDate | None = None
    note: Text | None = None
    receipts: Receipts


class Meta(Strict):
    """Facts about the content as a whole, shown beside it.

    `checked_on` is the day every record was last checked against its sources; the page shows it
    beside the newest source's date, and `validate` warns when it grows old.
    """

    checked_on: date


CHAPTER_WORDS = (40, 90)
"""A chapter says one thing: long enough to explain it to a newcomer, short enough to read
beside its map on a phone."""
MAP_ZOOMS = (5, 18)
"""The zooms the map allows (folium's min_zoom and max_zoom)."""


def _check_lat_lon(position: tuple[float, float]) -> tuple[float, float]:
    lat, lon = position
    if abs(lat) > 90 and abs(lon) <= 90:
        raise ValueError(f"[{lat}, {lon}] looks like [lon, lat]; a centre is [lat, lon]")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"[{lat}, {lon}] is out of range ([lat, lon]: lat -90..90, lon -180..180)")
    return position


LatLon = Annotated[tuple[float, float], AfterValidator(_check_lat_lon)]
"""A map centre as Leaflet takes it: [lat, lon] (unlike GeoJSON's [lon, lat])."""


class Chapter(Strict):
    """One step of the guided story: a few sentences in our own words, the sources and receipts
    behind every figure, date and name in them, and the view they show.

    The view is the highlighted `features` (the first one is the one Details opens on), the
    `date` the map and time control show (none: the newest sourced state), the map's extent
    (`fit` to the features, or `center` and `zoom`), the `base` map and the `panel` to open.
    Cross-field and cross-record rules (one extent, ids resolve, figures traced, the date on
    the time control) are in validate.py, where they can name the field.
    """

    id: Slug
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    text: Text
    sources: SourceIds
    receipts: Receipts
    features: list[Slug] = Field(default_factory=list)
    date: PartialDate | None = None
    fit: bool = False
    center: LatLon | None = None
    zoom: Annotated[int, Field(ge=MAP_ZOOMS[0], le=MAP_ZOOMS[1])] | None = None
    base: Base = "osm"
    panel: Tab | None = None

    @field_validator("id")
    @classmethod
    def _not_a_number(cls, value: str) -> str:
        if value.isdigit():
            raise ValueError(
                "needs a letter: in links a bare number is the chapter's position (story=3)"
            )
        return value

    @field_validator("text")
    @classmethod
    def _one_short_step(cls, text: str) -> str:
        words = len(text.split())
        low, high = CHAPTER_WORDS
        if not low <= words <= high:
            raise ValueError(f"has {words} words; a chapter says one thing in {low}–{high} words")
        return text
