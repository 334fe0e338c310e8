"""Rebuild the river, border and crossing shapes from the snapshots committed in geodata/upstream/.

Why a build: hand-placed vertices cannot say where they came from. Here every vertex of the
river, the three borders, the tripoint and the two bridges is derived from OpenStreetMap's
country borders (about 2022, plus the more detailed 2017 line upstream) and the Wikipedia control
points, and the texts that tell readers how each shape was made and how accurate it is are
written from the same numbers. The build replaces only `geometry`, `accuracy_m`, `method`,
`accuracy_stretches` and `drawn_to` of the features it owns; every other property (names,
descriptions, sources, statuses, receipts) stays as an editor left it.

Running it twice gives identical bytes: coordinates are rounded to 6 decimals (about 0.1 m),
texts quote whole metres, and files keep their feature order and JSON layout.
"""

from __future__ import annotations

import csv
import hashlib
import json
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import geopandas as gpd
from shapely.geometry import LineString, MultiLineString, Point, box
from shapely.geometry.base import BaseGeometry

from tumen_crossing import measure
from tumen_crossing.content import CLAIMS_FILE, PACKAGED_ROOT
from tumen_crossing.measurements import format_metres

UPSTREAM_DIR = "upstream"
MANIFEST_FILE = "SOURCE.json"
OSM_2022_FILE = "borders_tumen.geojson"
OSM_2017_FILE = "osm2017_prk_boundary_tumen.geojson"
CONTROL_FILE = "control_points.csv"
LAYER_FILES = ("river.geojson", "borders.geojson", "bridges.geojson", "places.geojson")
"""The layer files that hold built features; each is rewritten whole, in its own layout."""

DECIMALS = 6
"""Coordinates are rounded to 1e-6° (about 0.1 m), far below any shape's accuracy."""
SNAP_M = 50.0
"""A control point is joined to an OpenStreetMap line only if the line passes this close; a
larger gap means one of the two is wrong, and the build stops rather than bend the line."""
DETAILED_MAX_GAP_M = 500.0
"""The 2017 line counts as detailed upstream of its last gap between vertices longer than this."""
JOIN_MAX_M = 150.0
"""Where the 2017 line hands over to the 2022 one, the two must lie this close."""

OSM_2022_SOURCE = "osm-borders-2022"
OSM_2017_SOURCE = "osm-geoboundaries-prk"

BRIDGE_CENTRE = "friendship-bridge-center"
MARKER_423 = "tripoint-marker-423-wgs84"
KOREAN_MARKER = "tripoint-marker-korea"
KHASAN = "khasan-settlement"

ROAD_BRIDGE_BEARING = 62.0
"""Degrees from north, Korean end to Russian end: CSIS imagery notes put the Russian shore east
and the Korean shore west (the bridge's own coordinates are unpublished)."""
CHECKPOINT_BEYOND_M = 400.0
"""Sources say only that the road checkpoint will stand next to the bridge on the Russian side."""

# Accuracy judgements, in metres, and why. Each is the largest error we think likely.
ACCURACY_UPSTREAM_DETAILED = 200  # the 2017 and 2022 OpenStreetMap lines differ by up to ~190 m
ACCURACY_UPSTREAM_BEND = 300  # 0.8–1.4 km straight 2022 segments round the bend
ACCURACY_TRIPOINT_TO_BRIDGE = 50  # both ends checked against control points
ACCURACY_BELOW_BRIDGE = 100  # the checked straight segment continued, no control point
ACCURACY_DOWNSTREAM = 500  # vertices ~850 m apart, up to 2.2 km: chords cut the bends
ACCURACY_CN_RU_NEAR = 30  # runs through marker 423 to the tripoint
ACCURACY_CN_RU_FAR = 150  # detailed OpenStreetMap line, but no control point to check it
ACCURACY_TRIPOINT = 50
ACCURACY_FRIENDSHIP_BRIDGE = 100
ACCURACY_ROAD_BRIDGE = 300
ACCURACY_CHECKPOINT = 800


class BuildError(Exception):
    """An input is missing, has changed, or contradicts a control point: nothing is written."""


@dataclass(frozen=True)
class ClaimedFigure:
    """A figure from claims.json that a shape is drawn to; the build checks it is still claimed."""

    subject: str
    attribute: str
    source: str
    value: float


FRIENDSHIP_LENGTHS = (
    ClaimedFigure("friendship-bridge", "length", "krogh-friendship", 590),
    ClaimedFigure("friendship-bridge", "length", "wp-friendship", 623),
)
ROAD_RUSSIAN_SECTION = ClaimedFigure(
    "road-bridge", "length-russian-section", "kommersant-8009995", 424
)
ROAD_KOREAN_SECTION = ClaimedFigure(
    "road-bridge", "length-korean-section", "kommersant-8009995", 581
)
ROAD_DOWNSTREAM = ClaimedFigure(
    "road-bridge", "distance-downstream", "wp-khasan-tumangang-bridge", 415
)
"""Of the three distances sources give (about 400 m, 415 m, about 500 m) the only exact one,
and the middle one."""
CLAIMED_FIGURES = (*FRIENDSHIP_LENGTHS, ROAD_RUSSIAN_SECTION, ROAD_KOREAN_SECTION, ROAD_DOWNSTREAM)


@dataclass(frozen=True)
class Inputs:
    """The upstream snapshots, read and checked against their recorded hashes."""

    osm: dict[str, LineString]
    """OpenStreetMap borders of about 2022, by the snapshot's line id."""
    osm_2017: LineString
    """North Korea's boundary of 2017, from the river mouth upstream."""
    control: dict[str, Point]


@dataclass(frozen=True)
class Built:
    """One feature's new geometry and the words that say how it was made."""

    geometry: BaseGeometry
    accuracy_m: float
    method: str
    stretches: tuple[dict[str, Any], ...] = ()
    drawn_to: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    """Source ids the feature must cite because the build used them."""


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise BuildError(f"{path.name}: cannot be read ({err}); `make validate` says more") from err


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_inputs(root: Path = PACKAGED_ROOT) -> Inputs:
    """Read the snapshots under root/upstream, refusing any whose bytes differ from SOURCE.json."""
    upstream = root / UPSTREAM_DIR
    manifest = _read_json(upstream / MANIFEST_FILE)
    recorded = {entry["file"]: entry["sha256"] for entry in manifest["files"]}
    for name in (OSM_2022_FILE, OSM_2017_FILE, CONTROL_FILE):
        path = upstream / name
        if name not in recorded:
            raise BuildError(f"{UPSTREAM_DIR}/{MANIFEST_FILE}: no record for {name}")
        if not path.is_file():
            raise BuildError(f"{UPSTREAM_DIR}/{name}: file is missing")
        if _sha256(path) != recorded[name]:
            raise BuildError(
                f"{UPSTREAM_DIR}/{name}: differs from the SHA-256 in {MANIFEST_FILE}; "
                "record where the new copy came from before building from it"
            )
    borders = gpd.read_file(upstream / OSM_2022_FILE)
    boundary_2017 = gpd.read_file(upstream / OSM_2017_FILE)
    for name, frame in ((OSM_2022_FILE, borders), (OSM_2017_FILE, boundary_2017)):
        if frame.crs is None or frame.crs.to_epsg() != 4326:
            raise BuildError(f"{UPSTREAM_DIR}/{name}: expected WGS 84 (EPSG:4326), got {frame.crs}")
    with (upstream / CONTROL_FILE).open(encoding="utf-8", newline="") as handle:
        # Only id, lat and lon are read: the research file leaves a comma unquoted in a later
        # column of one row, which a strict CSV reader would reject.
        rows = [row[:3] for row in csv.reader(handle)][1:]
    points = gpd.GeoSeries(
        gpd.points_from_xy([float(r[2]) for r in rows], [float(r[1]) for r in rows]),
        index=[r[0] for r in rows],
        crs="EPSG:4326",
    )
    return Inputs(
        osm=dict(zip(borders["id"], borders.geometry, strict=True)),
        osm_2017=boundary_2017.geometry.iloc[0],
        control=dict(points.items()),
    )


def check_claimed_figures(root: Path = PACKAGED_ROOT) -> None:
    """Every figure a shape is drawn to must still be claimed, by that source, in claims.json."""
    claims = _read_json(root / CLAIMS_FILE)
    for figure in CLAIMED_FIGURES:
        if not any(
            c.get("subject") == figure.subject
            and c.get("attribute") == figure.attribute
            and c.get("value") == figure.value
            and figure.source in c.get("sources", ())
            for c in claims
        ):
            raise BuildError(
                f"{CLAIMS_FILE}: no claim that {figure.subject} {figure.attribute} is "
                f"{figure.value:g} from {figure.source}; the build draws to that figure"
            )


# --- line surgery -------------------------------------------------------------------------------

Coords = list[tuple[float, float]]


def _xy(point: Point) -> tuple[float, float]:
    return (point.x, point.y)


def _gap_m(a: tuple[float, float], b: Point) -> float:
    return measure.distance_m(Point(a), b)


def _along_m(coords: Coords) -> list[float]:
    """Geodesic distance of each vertex from the line's start."""
    walked = [0.0]
    for a, b in pairwise(coords):
        walked.append(walked[-1] + _gap_m(a, Point(b)))
    return walked


def _pin_start(coords: Coords, point: Point, what: str) -> Coords:
    """Start a line at a control point: its leading vertices within SNAP_M of it are replaced."""
    gap = _gap_m(coords[0], point)
    if gap > SNAP_M:
        raise BuildError(f"{what} starts {gap:.0f} m from its control point (at most {SNAP_M:g})")
    rest = list(coords)
    while rest and _gap_m(rest[0], point) <= SNAP_M:
        rest.pop(0)
    return [_xy(point), *rest]


def _pin_through(coords: Coords, point: Point, what: str) -> Coords:
    """Make a line pass through a control point it passes near, inserting it where it projects
    and dropping inner vertices within SNAP_M of it (so the line gains no zigzag)."""
    line = LineString(coords)
    gap = measure.distance_to_m(point, line)
    if gap > SNAP_M:
        raise BuildError(f"{what} passes {gap:.0f} m from its control point (at most {SNAP_M:g})")
    local = measure.to_local(line)
    along = local.project(measure.to_local(point))
    walked = [local.project(measure.to_local(Point(c))) for c in coords]
    inner = range(1, len(coords) - 1)
    keep = [i for i in range(len(coords)) if i not in inner or _gap_m(coords[i], point) > SNAP_M]
    before = [coords[i] for i in keep if walked[i] < along]
    after = [coords[i] for i in keep if walked[i] >= along]
    return [*before, _xy(point), *after]


def _rounded(coords: Sequence[tuple[float, float]]) -> Coords:
    """Round to DECIMALS and drop vertices that rounding made repeat."""
    out: Coords = []
    for lon, lat in coords:
        vertex = (round(lon, DECIMALS), round(lat, DECIMALS))
        if not out or vertex != out[-1]:
            out.append(vertex)
    return out


def _detailed_2017(line: LineString) -> Coords:
    """The 2017 line upstream of its last long gap, upstream end first."""
    coords = [(x, y) for x, y in line.coords]
    long_gaps = [
        i for i, (a, b) in enumerate(pairwise(coords)) if _gap_m(a, Point(b)) > DETAILED_MAX_GAP_M
    ]
    start = long_gaps[-1] + 1 if long_gaps else 0
    return coords[start:][::-1]


def _clip_north(line: LineString, latitude: float, start: Point) -> Coords:
    """The part of a line south of a latitude that begins at `start` (geopandas clip)."""
    series = gpd.GeoSeries([line], crs="EPSG:4326")
    clipped = gpd.clip(series, box(-180.0, -90.0, 180.0, latitude)).geometry.iloc[0]
    parts = list(clipped.geoms) if isinstance(clipped, MultiLineString) else [clipped]
    part = min(parts, key=lambda p: p.distance(start))
    coords = [(x, y) for x, y in part.coords]
    return coords if _gap_m(coords[0], start) <= _gap_m(coords[-1], start) else coords[::-1]


# --- the shapes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """Numbers measured while building, quoted in the method texts and the build report."""

    tripoint_to_osm_vertex_m: float
    tripoint_to_osm_line_m: float
    bridge_to_osm_line_m: float
    straight_below_bridge_m: float
    downstream_spacing_median_m: float
    downstream_spacing_max_m: float
    upstream_length_m: float
    bend_length_m: float
    bend_spacing_m: tuple[float, ...]
    detailed_spacing_median_m: float
    vintages_median_m: float
    vintages_max_m: float
    join_gap_m: float
    marker_423_to_cn_ru_m: float
    marker_423_along_m: float
    cn_ru_spacing_median_m: float


def _m(value: float) -> str:
    return format_metres(value)


def _within(value: float) -> str:
    return "within 1 m" if value < 1 else f"{_m(value)} away"


def _km(value: float) -> str:
    return f"{value / 1000:.1f} km"


def build_shapes(inputs: Inputs) -> tuple[dict[str, Built], Figures]:
    """Every built feature's geometry and texts, from the snapshots and the control points."""
    osm, control = inputs.osm, inputs.control
    centre = control[BRIDGE_CENTRE]
    markers = LineString([control[KOREAN_MARKER], control[MARKER_423]])
    tripoint = measure.midpoint(markers)

    # Tripoint to the mouth: the 2022 Russia–North Korea border, pinned to both control points.
    ru_osm = [(x, y) for x, y in osm["ru_kp_river"].coords]
    ru = _pin_through(
        _pin_start(ru_osm, tripoint, "the Russia–North Korea border"),
        centre,
        "the Russia–North Korea border",
    )
    at_bridge = ru.index(_xy(centre))
    bend_below = ru[at_bridge + 1]  # end of the straight stretch past both bridges
    downstream = ru[at_bridge + 1 :]
    downstream_gaps = [_gap_m(a, Point(b)) for a, b in pairwise(downstream)]

    # Upstream: the detailed 2017 line, then the 2022 line round the bend to the tripoint.
    cn_osm = _pin_start(
        [(x, y) for x, y in osm["cn_kp_river"].coords], tripoint, "the China–North Korea border"
    )
    detailed = _detailed_2017(inputs.osm_2017)
    junction = Point(detailed[-1])
    join_gap = measure.distance_to_m(junction, LineString(cn_osm))
    if join_gap > JOIN_MAX_M:
        raise BuildError(
            f"the 2017 line ends {join_gap:.0f} m from the 2022 one (at most {JOIN_MAX_M:g})"
        )
    cn_local = measure.to_local(LineString(cn_osm))
    cut = cn_local.project(measure.to_local(junction))
    bend = [c for c in cn_osm if cn_local.project(measure.to_local(Point(c))) < cut]
    upstream = [*detailed, *bend[::-1]]  # ends at the tripoint
    vintages = [measure.distance_to_m(Point(c), LineString(cn_osm)) for c in detailed]
    bend_path = [detailed[-1], *bend[::-1]]

    # China–Russia: the 2022 land border from the tripoint, as far north as the river is drawn.
    cn_ru_pinned = _pin_start(
        [(x, y) for x, y in osm["cn_ru_land"].coords], tripoint, "the China–Russia border"
    )
    cn_ru = _clip_north(LineString(cn_ru_pinned), detailed[0][1], tripoint)
    marker_423 = control[MARKER_423]
    cn_ru_line = measure.to_local(LineString(cn_ru))
    marker_along = cn_ru_line.project(measure.to_local(marker_423))

    figures = Figures(
        tripoint_to_osm_vertex_m=_gap_m(ru_osm[0], tripoint),
        tripoint_to_osm_line_m=measure.distance_to_m(tripoint, osm["ru_kp_river"]),
        bridge_to_osm_line_m=measure.distance_to_m(centre, osm["ru_kp_river"]),
        straight_below_bridge_m=_gap_m(bend_below, centre),
        downstream_spacing_median_m=statistics.median(downstream_gaps),
        downstream_spacing_max_m=max(downstream_gaps),
        upstream_length_m=_along_m(upstream)[-1],
        bend_length_m=_along_m(bend_path)[-1],
        bend_spacing_m=tuple(_gap_m(a, Point(b)) for a, b in pairwise(bend_path)),
        detailed_spacing_median_m=statistics.median(
            _gap_m(a, Point(b)) for a, b in pairwise(detailed)
        ),
        vintages_median_m=statistics.median(vintages),
        vintages_max_m=max(vintages),
        join_gap_m=join_gap,
        marker_423_to_cn_ru_m=measure.distance_to_m(marker_423, LineString(cn_ru)),
        marker_423_along_m=marker_along,
        cn_ru_spacing_median_m=statistics.median(_gap_m(a, Point(b)) for a, b in pairwise(cn_ru)),
    )

    river_line = LineString(_rounded([*upstream, *ru[1:]]))
    shapes = {
        "tumen-river": _river(river_line, figures),
        "border-ru-kp": _border_ru_kp(LineString(_rounded(ru)), figures),
        "border-cn-kp": _border_cn_kp(LineString(_rounded(upstream)), figures),
        "border-cn-ru": _border_cn_ru(LineString(_rounded(cn_ru)), figures),
        "tripoint": _tripoint(Point(_rounded([_xy(tripoint)])[0]), figures),
    }
    shapes.update(_crossings(centre, markers, river_line))
    return shapes, figures


def _upstream_stretches(f: Figures) -> list[dict[str, Any]]:
    return [
        {
            "stretch": f"From {_km(f.upstream_length_m)} upstream of the tripoint (along the "
            f"river) to {_km(f.bend_length_m)} above it",
            "accuracy_m": ACCURACY_UPSTREAM_DETAILED,
            "method": "North Korea's boundary in OpenStreetMap of 2017 (via geoBoundaries), which "
            f"follows the river with a point every {_m(f.detailed_spacing_median_m)} or so. "
            "OpenStreetMap's 2022 border, coarser here, lies a median of "
            f"{_m(f.vintages_median_m)} and at most {_m(f.vintages_max_m)} from it.",
        },
        {
            "stretch": f"The last {_km(f.bend_length_m)} above the tripoint, round the bend",
            "accuracy_m": ACCURACY_UPSTREAM_BEND,
            "method": "OpenStreetMap's 2022 China–North Korea border, whose points here lie "
            + " to ".join(_m(g) for g in (min(f.bend_spacing_m), max(f.bend_spacing_m)))
            + " apart: straight segments that may cut the bend. The 2017 line is coarser still "
            f"here; the two meet {_m(f.join_gap_m)} apart.",
        },
    ]


def _ru_kp_stretches(f: Figures) -> list[dict[str, Any]]:
    return [
        {
            "stretch": "From the tripoint to the Friendship Bridge",
            "accuracy_m": ACCURACY_TRIPOINT_TO_BRIDGE,
            "method": "OpenStreetMap's 2022 Russia–North Korea border, which passes "
            f"{_m(f.tripoint_to_osm_line_m)} from the midpoint of the two tripoint markers and "
            f"{_m(f.bridge_to_osm_line_m)} from the Friendship Bridge's centre (Wikipedia); "
            "the line is pinned to both points.",
        },
        {
            "stretch": f"From the Friendship Bridge to {_m(f.straight_below_bridge_m)} "
            "downstream, past the road bridge",
            "accuracy_m": ACCURACY_BELOW_BRIDGE,
            "method": "The same straight segment of OpenStreetMap's 2022 border, continued "
            "below the checked bridge centre; nothing checks it here.",
        },
        {
            "stretch": f"From {_m(f.straight_below_bridge_m)} below the Friendship Bridge to "
            "the mouth",
            "accuracy_m": ACCURACY_DOWNSTREAM,
            "method": "OpenStreetMap's 2022 border, with a point about every "
            f"{_m(f.downstream_spacing_median_m)} (up to {_km(f.downstream_spacing_max_m)}): "
            "a chain of straight segments that can cut across bends by a few hundred metres. "
            "It ends where OpenStreetMap's sea boundary begins.",
        },
    ]


def _worst(stretches: list[dict[str, Any]]) -> float:
    return max(s["accuracy_m"] for s in stretches)


def _river(line: LineString, f: Figures) -> Built:
    stretches = [*_upstream_stretches(f), *_ru_kp_stretches(f)]
    return Built(
        line,
        _worst(stretches),
        "Centre line built from OpenStreetMap's country borders, which follow the river here: "
        "the borders of about 2022, and the more detailed 2017 line "
        "upstream of the bend above the tripoint. It is pinned to two known positions: the "
        "tripoint (midway between the boundary markers on either bank) and the Friendship "
        "Bridge's centre. "
        "It is not a survey of the banks. The stated accuracy is the worst stretch's.",
        tuple(stretches),
        sources=(OSM_2022_SOURCE, OSM_2017_SOURCE),
    )


def _border_ru_kp(line: LineString, f: Figures) -> Built:
    stretches = _ru_kp_stretches(f)
    return Built(
        line,
        _worst(stretches),
        "OpenStreetMap's 2022 Russia–North Korea border from the tripoint to the river mouth, "
        "pinned to the tripoint and the Friendship Bridge's centre; the same line as the river "
        "below the tripoint. The legal line is the main channel (1985 treaty), which this "
        "approximates. The stated accuracy is the worst stretch's.",
        tuple(stretches),
        sources=(OSM_2022_SOURCE,),
    )


def _border_cn_kp(line: LineString, f: Figures) -> Built:
    stretches = _upstream_stretches(f)
    return Built(
        line,
        _worst(stretches),
        "OpenStreetMap's boundary along the river from about "
        f"{_km(f.upstream_length_m)} upstream to the tripoint: the detailed 2017 line, then the "
        "2022 border round the last bend; the same line as the river above the tripoint. "
        "The stated accuracy is the worst stretch's.",
        tuple(stretches),
        sources=(OSM_2022_SOURCE, OSM_2017_SOURCE),
    )


def _border_cn_ru(line: LineString, f: Figures) -> Built:
    stretches = [
        {
            "stretch": f"The last {_m(f.marker_423_along_m)}, from boundary marker 423 on the "
            "left bank to the tripoint",
            "accuracy_m": ACCURACY_CN_RU_NEAR,
            "method": "OpenStreetMap's 2022 China–Russia border, which runs through marker "
            f"423's published position ({_within(f.marker_423_to_cn_ru_m)}) and on to the "
            "tripoint; "
            "Krogh's field notes agree that it meets the river just south-west of the marker.",
        },
        {
            "stretch": "North-west of marker 423, along the Fangchuan strip",
            "accuracy_m": ACCURACY_CN_RU_FAR,
            "method": "OpenStreetMap's 2022 China–Russia border, with a point about every "
            f"{_m(f.cn_ru_spacing_median_m)}, drawn as far north as the river line; nothing "
            "checks it here.",
        },
    ]
    return Built(
        line,
        _worst(stretches),
        "OpenStreetMap's 2022 China–Russia land border from the tripoint north-west along the "
        "Fangchuan strip, ending at the latitude where the river line starts. The stated "
        "accuracy is the worst stretch's.",
        tuple(stretches),
        sources=(OSM_2022_SOURCE,),
    )


def _tripoint(point: Point, f: Figures) -> Built:
    return Built(
        point,
        ACCURACY_TRIPOINT,
        "Midway between the boundary markers on either bank (positions from Wikipedia); the "
        "legal point lies "
        "mid-river between them. OpenStreetMap's 2022 borders meet "
        f"{_m(f.tripoint_to_osm_vertex_m)} from it; the river and the three borders are joined "
        "here.",
    )


def _crossings(centre: Point, markers: LineString, river: LineString) -> dict[str, Built]:
    """The two bridges and the road checkpoint, placed on the built river line."""
    a, b = (Point(c) for c in markers.coords)
    across = measure.azimuth(a, b)  # Korean shore to Russian shore, across the river
    half = sum(f.value for f in FRIENDSHIP_LENGTHS) / len(FRIENDSHIP_LENGTHS) / 2
    low, high = sorted(f.value for f in FRIENDSHIP_LENGTHS)
    friendship = LineString(
        _rounded(
            [
                _xy(measure.offset(centre, across + 180, half)),
                _xy(measure.offset(centre, across, half)),
            ]
        )
    )
    coords = list(river.coords)
    below = LineString(coords[coords.index(_rounded([_xy(centre)])[0]) :])
    crossing = measure.point_along(below, ROAD_DOWNSTREAM.value)
    korean_end = measure.offset(crossing, ROAD_BRIDGE_BEARING + 180, ROAD_KOREAN_SECTION.value)
    russian_end = measure.offset(crossing, ROAD_BRIDGE_BEARING, ROAD_RUSSIAN_SECTION.value)
    road = LineString(_rounded([_xy(korean_end), _xy(russian_end)]))
    checkpoint = measure.offset(Point(road.coords[-1]), ROAD_BRIDGE_BEARING, CHECKPOINT_BEYOND_M)
    return {
        "friendship-bridge": Built(
            friendship,
            ACCURACY_FRIENDSHIP_BRIDGE,
            "Straight line centred on the Wikipedia infobox coordinates (English and German "
            f"editions agree), {2 * half:g} m long — midway between the {low:g} m and {high:g} m "
            f"that sources give — on a bearing of {across:.0f}°, perpendicular to the river as "
            "set by the boundary markers on either bank at the tripoint. Russian Wikipedia "
            "places the centre about "
            "275 m further west-south-west.",
            drawn_to={
                "length": f"midway between the two claimed lengths, {low:g} m and {high:g} m"
            },
        ),
        "road-bridge": Built(
            road,
            ACCURACY_ROAD_BRIDGE,
            "Schematic: no published coordinates. It crosses the river line "
            f"{ROAD_DOWNSTREAM.value:g} m downstream of the Friendship Bridge's centre, measured "
            "along the river — Wikipedia's figure, the only exact one (other sources say about "
            f"400 m and about 500 m) — on a bearing of {ROAD_BRIDGE_BEARING:g}° (the Russian "
            "shore east, the Korean shore west, per CSIS imagery notes). It runs "
            f"{ROAD_KOREAN_SECTION.value:g} m west and {ROAD_RUSSIAN_SECTION.value:g} m east of "
            "the river line: the official lengths of the Korean and Russian sections.",
            drawn_to={
                "length": "the official section lengths, "
                f"{ROAD_RUSSIAN_SECTION.value:g} m (Russian) and "
                f"{ROAD_KOREAN_SECTION.value:g} m (Korean)",
                "distance-downstream": f"{ROAD_DOWNSTREAM.value:g} m downstream of the Friendship "
                "Bridge along the river (Wikipedia's figure)",
            },
        ),
        "khasan-road-checkpoint": Built(
            Point(_rounded([_xy(checkpoint)])[0]),
            ACCURACY_CHECKPOINT,
            f"Schematic: placed {CHECKPOINT_BEYOND_M:g} m beyond the road bridge's Russian end, "
            "since sources say only that it will stand next to the bridge.",
        ),
    }


# --- writing ------------------------------------------------------------------------------------


def _geometry_json(geometry: BaseGeometry) -> dict[str, Any]:
    if isinstance(geometry, Point):
        return {"type": "Point", "coordinates": [geometry.x, geometry.y]}
    return {"type": "LineString", "coordinates": [[x, y] for x, y in geometry.coords]}


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _updated(props: dict[str, Any], built: Built) -> dict[str, Any]:
    """The feature's properties with the built fields replaced, other keys in their order."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        if key in ("accuracy_stretches", "drawn_to"):
            continue
        out[key] = value
        if key == "accuracy_m":
            out[key] = _number(built.accuracy_m)
        if key == "method":
            out[key] = built.method
            if built.stretches:
                out["accuracy_stretches"] = [
                    {**s, "accuracy_m": _number(s["accuracy_m"])} for s in built.stretches
                ]
            if built.drawn_to:
                out["drawn_to"] = dict(built.drawn_to)
    return out


def dump_layer(data: Any) -> str:
    """The layer files' own layout: one-space indents, UTF-8 text, a final newline."""
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def render(root: Path, shapes: Mapping[str, Built]) -> dict[str, str]:
    """The layer files with the built features' fields replaced, as text, by file name."""
    texts: dict[str, str] = {}
    seen: dict[str, str] = {}
    for name in LAYER_FILES:
        data = _read_json(root / name)
        for feature in data["features"]:
            props = feature["properties"]
            built = shapes.get(props["id"])
            if built is None:
                continue
            if props["id"] in seen:
                raise BuildError(f"{name}: {props['id']}: also in {seen[props['id']]}")
            seen[props["id"]] = name
            missing = [s for s in built.sources if s not in props.get("sources", ())]
            if missing:
                raise BuildError(
                    f"{name}: {props['id']}: sources: the build uses {', '.join(missing)}, "
                    "so the feature must cite it"
                )
            feature["properties"] = _updated(props, built)
            feature["geometry"] = _geometry_json(built.geometry)
        texts[name] = dump_layer(data)
    absent = sorted(set(shapes) - set(seen))
    if absent:
        raise BuildError(f"built features missing from the layers: {', '.join(absent)}")
    return texts


def build(root: Path = PACKAGED_ROOT) -> dict[str, str]:
    """The rebuilt layer files as text, by file name; raises BuildError and writes nothing when
    an input is missing or inconsistent."""
    check_claimed_figures(root)
    shapes, _ = build_shapes(read_inputs(root))
    return render(root, shapes)


# --- the report: how far the shapes lie from the control points ---------------------------------


def layer_geometries(texts: Mapping[str, str]) -> dict[str, BaseGeometry]:
    """Feature id → shapely geometry for every feature in the given layer texts."""
    from shapely.geometry import shape

    out = {}
    for text in texts.values():
        for feature in json.loads(text)["features"]:
            out[feature["properties"]["id"]] = shape(feature["geometry"])
    return out


def read_layers(root: Path = PACKAGED_ROOT) -> dict[str, str]:
    """The committed layer files that the build rewrites, as text, by file name."""
    return {name: (root / name).read_text(encoding="utf-8") for name in LAYER_FILES}


def report(root: Path, texts: Mapping[str, str]) -> list[tuple[str, float, float]]:
    """Each control-point check for the committed layers under root and for the built texts:
    (what, metres before, metres after)."""
    inputs = read_inputs(root)
    before = control_report(inputs, layer_geometries(read_layers(root)))
    after = control_report(inputs, layer_geometries(texts))
    return [(label, old, new) for (label, old), (_, new) in zip(before, after, strict=True)]


def write(texts: Mapping[str, str], outdir: Path) -> list[str]:
    """Write the layer texts into outdir; return the names of the files whose bytes changed."""
    outdir.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in texts.items():
        path, data = outdir / name, text.encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
            changed.append(name)
    return changed


def control_report(
    inputs: Inputs, geometries: Mapping[str, BaseGeometry]
) -> list[tuple[str, float]]:
    """Distances, in metres, between the drawn shapes and every control point, plus how far the
    river's vertices below the tripoint lie from OpenStreetMap's 2022 line."""
    c = inputs.control
    tripoint = measure.midpoint(LineString([c[KOREAN_MARKER], c[MARKER_423]]))
    river = geometries["tumen-river"]
    rows = [
        ("Friendship Bridge centre → river line", measure.distance_to_m(c[BRIDGE_CENTRE], river)),
        (
            "Friendship Bridge centre → Russia–North Korea border",
            measure.distance_to_m(c[BRIDGE_CENTRE], geometries["border-ru-kp"]),
        ),
        (
            "Friendship Bridge centre → drawn bridge's midpoint",
            measure.distance_m(c[BRIDGE_CENTRE], measure.midpoint(geometries["friendship-bridge"])),
        ),
        ("Tripoint marker midpoint → river line", measure.distance_to_m(tripoint, river)),
        (
            "Tripoint marker midpoint → tripoint",
            measure.distance_m(tripoint, geometries["tripoint"]),
        ),
        (
            "Marker 423 → China–Russia border",
            measure.distance_to_m(c[MARKER_423], geometries["border-cn-ru"]),
        ),
        ("Marker 423 (left bank) → river line", measure.distance_to_m(c[MARKER_423], river)),
        ("Korean marker (right bank) → river line", measure.distance_to_m(c[KOREAN_MARKER], river)),
        ("Khasan settlement → river line", measure.distance_to_m(c[KHASAN], river)),
    ]
    osm = inputs.osm["ru_kp_river"]
    below = [
        measure.distance_to_m(Point(v), osm) for v in ru_kp_vertices(river, geometries["tripoint"])
    ]
    rows += [
        ("River vertices below the tripoint → OSM 2022 line, median", statistics.median(below)),
        ("River vertices below the tripoint → OSM 2022 line, largest", max(below)),
    ]
    crossings = [river.intersection(geometries[b]) for b in ("friendship-bridge", "road-bridge")]
    between = (
        measure.length_between(river, *crossings)
        if all(isinstance(c, Point) for c in crossings)
        else float("nan")  # a bridge misses the river (or crosses it twice): nothing to measure
    )
    rows.append(("Road bridge crossing, along the river below the rail one", between))
    return rows


def ru_kp_vertices(river: LineString, tripoint: Point) -> Coords:
    """The river's vertices from the tripoint to the mouth (the Russia–North Korea stretch)."""
    coords = [(x, y) for x, y in river.coords]
    start = min(range(len(coords)), key=lambda i: _gap_m(coords[i], tripoint))
    return coords[start:]
