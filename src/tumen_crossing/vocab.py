"""The vocabulary: every kind, status, base map, trade measure, attribute and panel, once.

Labels, colours and traits shown to readers are written here and nowhere else; the content
model, the view model, the map and every renderer derive from these tables. The ids (kinds,
statuses, base maps, tabs, link keys) are part of the data format and the public link format,
so they are never renamed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args
from urllib.parse import urlsplit

import xyzservices.providers as xyz
from xyzservices import TileProvider

SITE_NAME = "Tumen Crossing"
LANGUAGE = "en"
"""The language of the interface text below (BCP 47), declared on every page."""
EARLIEST_DATE = date(1950, 1, 1)
"""The time control starts here: a year before the first bridge was begun."""

# --- kinds of feature -------------------------------------------------------------------------

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
Shape = Literal["line", "point", "area"]


@dataclass(frozen=True)
class KindInfo:
    """What a kind of feature is to a reader and to the map."""

    label: str
    shape: Shape
    colour: str
    bridge: bool = False
    always_drawn: bool = False
    """Geography that frames the story is drawn on every date, whatever its status."""


KINDS: dict[Kind, KindInfo] = {
    "river": KindInfo("River", "line", "#2e86c1", always_drawn=True),
    "rail-bridge": KindInfo("Rail bridge", "line", "#1b2631", bridge=True),
    "road-bridge": KindInfo("Road bridge", "line", "#e67e22", bridge=True),
    "border": KindInfo("Border", "line", "#922b21", always_drawn=True),
    "rail-line": KindInfo("Railway", "line", "#2c3e50"),
    "road": KindInfo("Road", "line", "#566573"),
    "station": KindInfo("Railway station", "point", "#222222"),
    "checkpoint": KindInfo("Border checkpoint", "point", "#d35400"),
    "viewpoint": KindInfo("Viewpoint", "point", "#16a085"),
    "port": KindInfo("Port", "point", "#1f5f99"),
    "city": KindInfo("City", "point", "#566573", always_drawn=True),
    "tripoint": KindInfo("Tripoint", "point", "#b03a2e", always_drawn=True),
    "area": KindInfo("Area", "area", "#566573"),
}
GEOMETRY_TYPES: dict[Shape, tuple[str, ...]] = {
    "line": ("LineString", "MultiLineString"),
    "point": ("Point",),
    "area": ("Polygon",),
}
BRIDGE_GEOMETRY = ("LineString",)
"""A bridge is one straight or bent line, never several pieces."""


def geometry_types(kind: Kind) -> tuple[str, ...]:
    """Which GeoJSON geometry a kind may have: a bridge is a line, a station a point."""
    info = KINDS[kind]
    return BRIDGE_GEOMETRY if info.bridge else GEOMETRY_TYPES[info.shape]


LINE_KINDS = frozenset(k for k, info in KINDS.items() if info.shape == "line")
ALWAYS_DRAWN = frozenset(k for k, info in KINDS.items() if info.always_drawn)

# --- statuses ---------------------------------------------------------------------------------

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
STATUS_LABELS: dict[Status, str] = {
    "natural": "natural feature",
    "in-force": "in force",
    "existing": "existing",
    "planned": "planned",
    "under-construction": "under construction",
    "open": "open",
    "suspended": "suspended",
    "historic": "historic",
}
SUSPENDED_COLOUR = "#95a5a6"
HIGHLIGHT_COLOUR = "#ffd400"

# --- the map's legend: one row per style a reader can meet ------------------------------------


@dataclass(frozen=True)
class LegendRow:
    shape: Literal["line", "dot"]
    colour: str
    label: str
    dash: str = ""
    weight: int = 0


LEGEND: tuple[LegendRow, ...] = (
    LegendRow("line", KINDS["rail-bridge"].colour, "Rail bridge (1959)", weight=6),
    LegendRow("line", KINDS["road-bridge"].colour, "Road bridge, built", weight=6),
    LegendRow(
        "line", KINDS["road-bridge"].colour, "Road bridge, under construction", "7 4", weight=6
    ),
    LegendRow("line", KINDS["road-bridge"].colour, "Planned", "2 5", weight=6),
    LegendRow("line", SUSPENDED_COLOUR, "Suspended", weight=6),
    LegendRow("line", KINDS["river"].colour, "Tumen River", weight=4),
    LegendRow("line", KINDS["border"].colour, "Border", "6 4", weight=2),
    LegendRow("line", KINDS["rail-line"].colour, "Railway", "8 3", weight=2),
    LegendRow("dot", KINDS["station"].colour, "Station"),
    LegendRow("dot", KINDS["checkpoint"].colour, "Checkpoint (hollow: planned)"),
    LegendRow("dot", KINDS["viewpoint"].colour, "Viewpoint · other places"),
)
LEGEND_TITLE = "Legend"

# --- base maps --------------------------------------------------------------------------------

Base = Literal["osm", "satellite", "terrain"]


@dataclass(frozen=True)
class BaseMap:
    label: str
    provider: TileProvider

    @property
    def url(self) -> str:
        return self.provider.build_url(fill_subdomain=False)

    @property
    def attribution(self) -> str:
        """The provider's own attribution, as HTML (it carries its links)."""
        return self.provider.html_attribution

    @property
    def max_zoom(self) -> int:
        return int(self.provider.get("max_zoom", 19))

    @property
    def host(self) -> str:
        """The tile host, without a subdomain placeholder: tests and the bench answer it."""
        return (urlsplit(self.url).hostname or "").removeprefix("{s}.")


BASE_MAPS: dict[Base, BaseMap] = {
    "osm": BaseMap("Street map", xyz.OpenStreetMap.Mapnik),
    "satellite": BaseMap("Satellite", xyz.Esri.WorldImagery),
    "terrain": BaseMap("Terrain", xyz.OpenTopoMap),
}
TILE_HOSTS = tuple(b.host for b in BASE_MAPS.values())

# --- trade ------------------------------------------------------------------------------------

TradeMeasure = Literal["russian-exports", "bilateral-turnover"]


@dataclass(frozen=True)
class MeasureInfo:
    label: str
    colour: str


TRADE_MEASURES: dict[TradeMeasure, MeasureInfo] = {
    "russian-exports": MeasureInfo("Russian exports to North Korea", "#1f5f99"),
    "bilateral-turnover": MeasureInfo("Bilateral turnover", "#c0392b"),
}
TRADE_CAVEAT_SOURCES = ("bi-oil-2024-11", "nknews-2025-06-11")
"""The sources of the caveat under the trade chart (oil shipments outside official figures)."""

# --- claim attributes -------------------------------------------------------------------------

ATTRIBUTE_LABELS: dict[str, str] = {
    "length": "Length",
    "width": "Width",
    "lanes": "Lanes",
    "height": "Height",
    "completion": "Completion",
    "cost": "Cost",
}
ATTRIBUTE_ORDER = ("length", "width", "lanes", "height", "completion")


def attribute_label(attribute: str) -> str:
    """A claim attribute as a reader reads it: 'distance-to-china' -> 'Distance to China'."""
    if attribute in ATTRIBUTE_LABELS:
        return ATTRIBUTE_LABELS[attribute]
    words = attribute.split("-")
    proper = {
        "china": "China",
        "russia": "Russia",
        "russian": "Russian",
        "korea": "Korea",
        "korean": "Korean",
    }
    return " ".join(
        [proper.get(words[0], words[0].capitalize()), *(proper.get(w, w) for w in words[1:])]
    )


# --- panels and the link format ---------------------------------------------------------------

Tab = Literal["details", "trade", "timeline", "facts", "sources"]
TAB_LABELS: dict[Tab, str] = {
    "details": "Details",
    "trade": "Trade",
    "timeline": "Timeline",
    "facts": "Facts & sources",
    "sources": "Sources",
}
LINK_KEYS = ("story", "feature", "event", "date", "base", "tab")
"""The query keys of the public link format."""
REQUIRED_FEATURE_IDS = (
    "tumen-river",
    "friendship-bridge",
    "road-bridge",
    "border-ru-kp",
    "tripoint",
)
"""Feature ids that public links and the crossing rules rely on: never renamed."""

KINDS_IDS: tuple[Kind, ...] = get_args(Kind)
STATUS_IDS: tuple[Status, ...] = get_args(Status)
BASE_IDS: tuple[Base, ...] = get_args(Base)
TAB_IDS: tuple[Tab, ...] = get_args(Tab)
MEASURE_IDS: tuple[TradeMeasure, ...] = get_args(TradeMeasure)

# --- interface text: every heading, label and fixed sentence readers see ----------------------


@dataclass(frozen=True)
class InterfaceText:
    """The words around the content, written once for every renderer (and, later, translated)."""

    intro: str = (
        "Where Russia and North Korea meet on the Tumen River: the 1959 rail Friendship Bridge, "
        "the road bridge rising beside it, and the trade and history around them — "
        "every figure with its source."
    )
    as_of: str = "Content as of {date} (newest source)."
    choose_hint: str = (
        "Click a bridge, the river, a border or a place on the map — or pick one above."
    )
    choose_hint_list: str = (
        "Click a bridge, the river, a border or a place on the map — or pick one:"
    )
    all_features: str = "← All features"
    attribution: str = (
        "Map data © OpenStreetMap contributors (ODbL); imagery © Esri; terrain © OpenTopoMap "
        "(CC-BY-SA). Shapes carry their own accuracy and method in Details."
    )
    export_note: str = "Static export of the Tumen Crossing app."
    measured_on_map: str = "Measured on this map"
    measured_how: str = "geodesic, WGS 84"
    drawn_to: str = "Our map's shape was drawn to {what}: not an independent measure."
    disagree: str = "Sources disagree on this figure."
    position: str = "Position"
    accurate_to: str = "accurate to about"
    history: str = "History"
    sources: str = "Sources"
    timeline: str = "Timeline"
    facts: str = "Facts & sources"
    facts_intro: str = (
        "Every figure and date the sources give, who gave it and when — kept side by side "
        "where they disagree. Lengths measured on our map are in each feature's Details."
    )
    trade_title: str = "Russia–North Korea trade, US$ million"
    trade_star_note: str = "* Figures cited in the founding article."
    trade_caveat: str = (
        "Russian exports and bilateral turnover are different series and are never joined into "
        "one line. Official figures leave out sanctioned goods and military transfers — such as "
        "the more than a million barrels of oil tracked by satellite in 2024"
    )
    trade_change: str = (
        "Russian exports fell from US$ {first} M ({first_year}) to US$ {last} M ({last_year}): "
        "{rate} a year on average — the founding article's −12.1 %, recomputed from the two "
        "figures."
    )
    no_trade: str = "No trade figures could be loaded."
    no_claims: str = "No claims could be loaded."
    show_on_map: str = "Show on map"
    on_the_map: str = "On the map"
    timeline_progress: str = (
        "{done} of {total} events had happened by {date}; later ones are marked ⏳."
    )
    read_on: str = "read"
    read_via: str = "read via"
    receipts: str = "The sources' own words"
    receipt_column: str = "What the source says"
    checked_on: str = "Checked against its sources on {date}."
    tagline: str = "Russia–North Korea crossings over the Tumen River"
    name_on_day: str = "{name} on {date}"
    as_of_lead: str = "As of {date}: "
    measured_on_our_map: str = "measured on our map"
    disagree_short: str = "sources disagree"
    trade_figure: str = "US$ {value} million in {year}"
    trade_short_title: str = "Russia–North Korea trade"
    alt_text: str = (
        "Map of the {tagline} {when}{marked}: bridges, the river, the borders and nearby "
        "places, with a scale bar."
    )
    alt_on_day: str = "on {date}"
    alt_newest: str = "in the newest sourced state"
    alt_highlighted: str = ", with {names} highlighted"
    supports: str = "Supports"
    year: str = "Year"
    measure: str = "Measure"
    us_million: str = "US$ million"
    source: str = "Source"
    note: str = "Note"
    attribute: str = "Attribute"
    value: str = "Value"
    claimed_on: str = "Claimed on"
    link: str = "Link"
    download_trade: str = "Download CSV"
    download_claims: str = "Download all claims (CSV)"
    shell_loading: str = "Loading the interactive map…"
    """Under the first paint's picture, until the app replaces it."""
    share: str = "🔗 Share this view"
    share_hint: str = "Copy the link: it reopens this feature, date, base map and panel."
    share_link: str = "Link to share"
    about: str = "About this explainer"
    feature_control: str = "Feature"
    feature_placeholder: str = "Choose a bridge, border or place…"
    base_control: str = "Base map"
    date_control: str = "Show the map as it stood on"
    date_help: str = (
        "Drag back in time: features appear with the status they had then. "
        "The right end is the newest sourced state."
    )
    previous_event: str = "Previous event"
    next_event: str = "Next event"
    story_heading: str = "The story"
    story_progress: str = "{index} of {total}"
    story_chapter: str = "Chapter {index} of {total}: {title}"
    story_previous: str = "Previous"
    story_next: str = "Next"
    story_start: str = "Read the story"
    story_resume: str = "Back to the story"
    story_leave: str = "Explore the map"
    story_contents: str = "Chapters"
    story_keys: str = "Use the ← and → keys to turn the chapters."
    story_newest: str = "Now: the newest sourced state"
    story_export_map: str = (
        "This page's map shows the newest sourced state; the interactive app shows it as it "
        "stood on this day."
    )
    content_problem: str = (
        "Part of this explainer's content has a problem and may be missing or incomplete "
        "({files}). Everything else is shown as usual."
    )


UI = InterfaceText()
