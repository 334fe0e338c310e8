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
Language = Literal["en", "ru", "ko"]
LANGUAGES: tuple[Language, ...] = ("en", "ru", "ko")
"""The languages the explainer is written in (BCP 47); the link key `lang` takes these."""
LANGUAGE: Language = "en"
"""The language the words below are written in, and the one a reader gets by default;
geodata/locale/ holds the others (see i18n)."""
LANGUAGE_SELF_NAMES: dict[Language, str] = {"en": "English", "ru": "Русский", "ko": "한국어"}
"""Each language by its own name, for the static export's links (never translated)."""
LANGUAGE_CODES: dict[Language, str] = {"en": "EN", "ru": "RU", "ko": "KO"}
"""Each language's short code, for the app's switcher beside the title."""
OG_LOCALES: dict[Language, str] = {"en": "en_GB", "ru": "ru_RU", "ko": "ko_KR"}
"""The Open Graph locale of each language (og:locale takes language_TERRITORY)."""
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
    "length-russian-section": "Russian section length",
    "length-korean-section": "Korean section length",
    "length-with-approaches": "Length with the approach roads",
    "approach-roads-russian": "Russian approach roads",
    "width": "Width",
    "lanes": "Lanes",
    "height": "Height",
    "distance-downstream": "Distance downstream of the rail bridge",
    "construction-start": "Start of construction",
    "construction-duration": "Construction time",
    "completion": "Completion",
    "opening": "Opening",
    "opened": "Opened",
    "cost": "Cost",
    "cost-in-pounds": "Cost in pounds",
    "piers-extent-from-russian-bank": "Piers out from the Russian bank",
    "temporary-structure-length": "Temporary structure length",
    "width-at-road-bridge": "Width at the road bridge",
    "distance-china-to-sea": "Distance from China to the sea",
    "track-gauges": "Track gauges",
    "distance-to-china": "Distance to China",
    "distance-upstream-of-friendship-bridge": "Distance upstream of the Friendship Bridge",
    "checkpoint-vehicles-per-day": "Vehicles a day",
    "checkpoint-people-per-day": "People a day",
    "checkpoint-lanes": "Lanes",
    "trade-growth-2023": "Trade in 2023, against 2022",
    "russian-exports-annual-change-2016-2021": "Yearly change in Russian exports, 2016–2021",
    "trade-2021": "Trade in 2021",
}
"""Every claim attribute in geodata/claims.json, in sentence case (a test checks none is
missing: a new attribute gets its label here)."""
ATTRIBUTE_ORDER = (
    "length",
    "completion",
    "opening",
    "opened",
    "construction-start",
    "width",
    "lanes",
    "height",
    "cost",
)
"""The ledger's order: the figures readers ask about first; the rest alphabetically."""
SUMMARY_ATTRIBUTES = ("length", "completion")
"""The claims whose range the Details summary gives in one line."""
PROPER_WORDS = {
    "china": "China",
    "russia": "Russia",
    "russian": "Russian",
    "korea": "Korea",
    "korean": "Korean",
    "friendship": "Friendship",
}


def attribute_label(attribute: str) -> str:
    """A claim attribute as a reader reads it: 'length-korean-section' -> 'Korean section
    length'; one not in the table is at least in sentence case ('distance-to-china' ->
    'Distance to China')."""
    if attribute in ATTRIBUTE_LABELS:
        return ATTRIBUTE_LABELS[attribute]
    words = attribute.split("-")
    return " ".join(
        [
            PROPER_WORDS.get(words[0], words[0].capitalize()),
            *(PROPER_WORDS.get(w, w) for w in words[1:]),
        ]
    )


def inline(label: str) -> str:
    """A sentence-case label inside a sentence: 'Length' -> 'length', 'Russian section length'
    stays (a proper word keeps its capital)."""
    first = label.split(" ", 1)[0]
    return label if first.lower() in PROPER_WORDS else label[:1].lower() + label[1:]


# --- how a claimed figure is said -------------------------------------------------------------

QUALIFIERS: dict[str, str] = {
    "exact": "",
    "about": "about {value}",
    "at-least": "at least {value}",
    "at-most": "at most {value}",
    "by": "by {value}",
}
"""How a claim's qualifier wraps its value ('about 850 m'); exact says the value alone."""
UNIT_WORDS: dict[str, str] = {
    "x": "{number} times",
    "years": "{number} years",
    "vehicles": "{number} vehicles",
    "people": "{number} people",
    "USD": "US$ {amount}",
    "GBP": "£{amount}",
}
"""Claim units said in words around their figure; lengths (m) are CLDR units (i18n.metres)."""

# --- languages of the sources -----------------------------------------------------------------

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "ru": "Russian",
    "ko": "Korean",
    "zh": "Chinese",
    "ja": "Japanese",
    "de": "German",
    "fr": "French",
    "it": "Italian",
    "pl": "Polish",
    "uk": "Ukrainian",
}
"""A source's language code as a reader reads it; validate rejects a code missing here."""
FOUNDING_SOURCE = "founding-article"
"""The article this project started from: its figures are marked * in the Trade panel."""


# --- panels and the link format ---------------------------------------------------------------

Tab = Literal["details", "trade", "timeline", "facts", "sources"]
TAB_LABELS: dict[Tab, str] = {
    "details": "Details",
    "trade": "Trade",
    "timeline": "Timeline",
    "facts": "All claims",
    "sources": "Reading list",
}
"""What each panel is for, in its name: Details (one feature: its summary and its ledger),
All claims (every figure from every source, side by side, to compare and download) and Reading
list (every source: what it is, how it was read and what it supports). The ids stay the same
in links."""
LINK_KEYS = ("story", "feature", "event", "date", "base", "tab", "lang")
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
    as_of: str = "Newest sourced report: {date}."
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
    measured_on_map: str = "Measured on our map"
    drawn_to: str = "Our map's shape was drawn to {what}: not an independent measure."
    disagree: str = "Sources disagree on this figure."
    position: str = "Where our map puts it: accurate to about {accuracy}"
    history: str = "History"
    status_again: str = "{status} again"
    since: str = "{status} since {date}"
    interrupted: str = "Suspended from {start} to {end}."
    latest: str = "Latest, {date}: {note}"
    not_yet: str = "not yet {status} on {date}, from {start}"
    not_yet_short: str = "not yet {status} (from {start})"
    as_of_suffix: str = "(as of {date})"
    claims_range: str = "Sources give its {ranges}."
    claims_range_part: str = "{attribute} as {range}"
    claims_range_join: str = " and its "
    range_to: str = "{first} to {last}"
    figures: str = "What the sources say"
    sources_count: str = "Sources ({count})"
    timeline: str = "Timeline"
    facts: str = "All claims"
    facts_subjects: str = "Subjects"
    facts_all_subjects: str = "All subjects"
    facts_filter: str = "Filter"
    facts_filter_hint: str = "e.g. length, Reuters, 2026"
    facts_shown: str = "{shown} of {total} claims."
    sources_filter: str = "Filter sources"
    sources_filter_hint: str = "e.g. TASS, 2025"
    sources_shown: str = "{shown} of {total} sources."
    facts_intro: str = (
        "Every figure and date the sources give, who gave it and when, side by side where "
        "they disagree. Each feature's Details sums its own up; lengths measured on our map "
        "are there too."
    )
    reading_list: str = "Reading list"
    reading_list_intro: str = (
        "Every source this explainer uses: what it is, how we read it and what it supports."
    )
    in_language: str = "In {language}"
    read_on_day: str = "Read on {date}"
    uses_map: str = "Map: {name}"
    uses_event: str = "Timeline: {title}"
    uses_trade: str = "Trade: {series}, {year}"
    uses_claim: str = "Claim: {subject}, {attribute}"
    trade_topic: str = "Trade"
    trade_title: str = "Russia–North Korea trade, US$ million"
    trade_star_note: str = (
        "* Figures as reported in \u201c{title}\u201d ({publisher}), the article this project "
        "started from."
    )
    trade_gaps: str = (
        "A line joins only figures for consecutive years; a gap is a year with no figure in "
        "our sources."
    )
    trade_caveat: str = (
        "Russian exports and bilateral turnover are different series and are never joined into "
        "one line. Official figures leave out sanctioned goods and military transfers — such as "
        "the more than a million barrels of oil tracked by satellite in 2024"
    )
    trade_change_claimed: str = " {publisher} gives {value}."
    trade_change: str = (
        "Russian exports fell from US$ {first} M ({first_year}) to US$ {last} M ({last_year}): "
        "{rate} a year on average, recomputed here from the two figures."
    )
    no_trade: str = "No trade figures could be loaded."
    no_claims: str = "No claims could be loaded."
    show_on_map: str = "Show on map"
    on_the_map: str = "On the map"
    timeline_progress: str = (
        "{done} of {total} events had happened by {date}; later ones are marked ⏳."
    )
    read_on: str = "read"
    copy_aggregator: str = "aggregator"
    copy_archive: str = "archived copy"
    publisher_copy: str = "{publisher} ({copy})"
    """A source read in a copy: 'Dagens (aggregator)'."""
    publisher_copy_via: str = "{publisher}, via {site} ({copy})"
    read_via: str = "read via"
    receipts: str = "The sources' own words"
    checked_on: str = "Checked against its sources on {date}."
    tagline: str = "Russia–North Korea crossings over the Tumen River"
    name_on_day: str = "{name} on {date}"
    as_of_lead: str = "As of {date}: "
    measured_on_our_map: str = "measured on our map"
    disagree_short: str = "sources disagree"
    trade_figure: str = "US$ {value} million in {year}"
    and_join: str = " and "
    """Joins two figures in a sentence: 'US$ 20.1 million in 2016 and US$ 2.6 million in 2021'."""
    trade_point: str = "{year} · {series}: US$ {value} M"
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
    download_trade: str = "Download CSV"
    download_claims: str = "Download all claims (CSV)"
    shell_loading: str = "Loading the interactive map…"
    """Under the first paint's picture, until the app replaces it."""
    share: str = "🔗 Share this view"
    share_hint: str = "The link reopens this feature, date, base map and panel."
    copy_link: str = "Copy link"
    link_copied: str = "Link copied."
    copy_failed: str = "Could not copy: select the link above and copy it."
    share_native: str = "Share…"
    share_link: str = "Link to share"
    about: str = "About this explainer"
    needs_javascript: str = "{site} is an interactive map: it needs JavaScript."
    noscript_sources: str = "Sources"
    feature_control: str = "Feature"
    feature_placeholder: str = "Choose a bridge, border or place…"
    base_control: str = "Base map"
    date_control: str = "Show the map as it stood on"
    latest_state: str = "Latest sourced state"
    date_help: str = (
        "Move back through the key dates, each as precise as its sources: features appear "
        "with the status they had then. The right end is the latest sourced state."
    )
    key_dates: str = "Key dates"
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
        "The map shows this day; a feature's details give its newest sourced state."
    )
    untranslated: str = "[not yet translated]"
    """After a content text shown in English because its translation is missing."""
    language_control: str = "Language"
    preview_as_of: str = "as of {date}"
    preview_newest: str = "newest sourced state"
    preview_map: str = "map: {when}"
    fullscreen: str = "Full screen"
    fullscreen_exit: str = "Exit full screen"
    locator: str = "Locator"
    what_feature: str = "map feature"
    what_event: str = "timeline event"
    what_date: str = "date"
    what_base: str = "base map"
    what_tab: str = "panel"
    what_story: str = "chapter of the story"
    what_lang: str = "language"
    notice_repeated: str = "The link gives more than one {what}; showing the default."
    notice_invalid: str = "The link's {what} is not valid; showing the default."
    notice_unknown_feature: str = (
        "The link names a map feature we do not have; showing the default."
    )
    notice_unknown_event: str = (
        "The link names a timeline event we do not have; showing the default."
    )
    notice_unknown_base: str = "The link's base map is not one we offer; showing the street map."
    notice_unknown_tab: str = "The link's panel is not one we have; showing Details."
    notice_unknown_lang: str = (
        "The link's language is not one this explainer is written in; showing the default."
    )
    notice_bad_date: str = (
        "The link's date is not a date (use YYYY-MM-DD); showing the newest state."
    )
    notice_date_range: str = "The link's date is outside 1950 to today; showing the newest state."
    notice_unknown_chapter: str = (
        "The link names a chapter of the story we do not have; showing the map."
    )
    content_problem: str = (
        "Part of this explainer's content has a problem and may be missing or incomplete "
        "({files}). Everything else is shown as usual."
    )


UI = InterfaceText()
