"""Geodesic measures on WGS 84 (pyproj.Geod) and metric geometry in a local projection.

Lengths and point-to-point distances are geodesic; nearest-point questions (how far is the tripoint
from the river, which side of the border is a bridge end on) use UTM zone 52N, which covers the
whole area of interest with distortion far below the data's accuracy.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise

import shapely
from pyproj import Geod, Transformer
from shapely import ops
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

GEOD = Geod(ellps="WGS84")
LOCAL_CRS = "EPSG:32652"  # UTM zone 52N


@cache
def _to_local() -> Transformer:
    return Transformer.from_crs("EPSG:4326", LOCAL_CRS, always_xy=True)


def _to_local_xy(x, y):
    return _to_local().transform(x, y)


def to_local(geometry: BaseGeometry) -> BaseGeometry:
    """Project a lon/lat geometry to metres so shapely distances mean metres."""
    return shapely.transform(geometry, _to_local_xy, interleaved=False)


def length_m(geometry: BaseGeometry) -> float:
    """Geodesic length of a line (0 for a point)."""
    return float(GEOD.geometry_length(geometry))


def distance_m(a: Point, b: Point) -> float:
    """Geodesic distance between two points."""
    return float(GEOD.inv(a.x, a.y, b.x, b.y)[2])


def distance_to_m(point: Point, geometry: BaseGeometry) -> float:
    """Shortest distance from a point to any geometry, in metres."""
    return float(to_local(point).distance(to_local(geometry)))


def point_along(line: LineString, distance: float) -> Point:
    """The point `distance` metres along a line from its start, walking its geodesic segments
    (the end point when the line is shorter)."""
    coords = list(line.coords)
    walked = 0.0
    for (lon1, lat1), (lon2, lat2) in pairwise(coords):
        azimuth, _, step = GEOD.inv(lon1, lat1, lon2, lat2)
        if walked + step >= distance:
            lon, lat, _ = GEOD.fwd(lon1, lat1, azimuth, distance - walked)
            return Point(lon, lat)
        walked += step
    return Point(coords[-1])


def length_between(line: LineString, a: Point, b: Point) -> float:
    """Geodesic length of the stretch of a line between the points on it nearest to a and b."""
    low, high = sorted((line.project(a), line.project(b)))
    return length_m(ops.substring(line, low, high))


def midpoint(line: LineString) -> Point:
    """The point halfway along a line, measured geodesically."""
    return point_along(line, length_m(line) / 2)


def offset(point: Point, azimuth: float, distance: float) -> Point:
    """The point `distance` metres from `point` on a geodesic leaving at `azimuth` degrees."""
    lon, lat, _ = GEOD.fwd(point.x, point.y, azimuth, distance)
    return Point(lon, lat)


def azimuth(a: Point, b: Point) -> float:
    """Bearing in degrees (clockwise from north) of the geodesic from a towards b."""
    return float(GEOD.inv(a.x, a.y, b.x, b.y)[0])


def side_of(line: LineString, point: Point) -> int:
    """+1 if the point lies left of the line (seen along its direction), -1 if right, 0 on it."""
    local_line, local_point = to_local(line), to_local(point)
    along = local_line.project(local_point)
    coords = list(local_line.coords)
    # find the segment that holds the nearest point
    walked = 0.0
    for (x1, y1), (x2, y2) in pairwise(coords):
        seg = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        if walked + seg >= along:
            cross = (x2 - x1) * (local_point.y - y1) - (y2 - y1) * (local_point.x - x1)
            return (cross > 0) - (cross < 0)
        walked += seg
    return 0
