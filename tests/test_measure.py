"""Geodesic measures against independently known values, and the shipped shapes' accuracy."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, Point

from tumen_crossing import measure, measurements
from tumen_crossing.validate import validate

# Control points from ../shared/research/control_points.csv (Wikipedia, WGS 84).
FRIENDSHIP_BRIDGE_CENTRE = Point(130.641056, 42.415167)
MARKER_423 = Point(130.639275, 42.419787)
KOREAN_MARKER = Point(130.635139, 42.416528)


def test_one_degree_of_longitude_on_the_equator() -> None:
    # WGS 84: a = 6,378,137 m, so 1° of the equator is 2πa/360 = 111,319.491 m.
    assert measure.length_m(LineString([(0, 0), (1, 0)])) == pytest.approx(111_319.491, abs=0.01)


def test_one_degree_of_latitude_from_the_equator() -> None:
    # Meridian arc 0°–1° on WGS 84: 110,574.389 m (standard geodesy tables).
    assert measure.distance_m(Point(0, 0), Point(0, 1)) == pytest.approx(110_574.389, abs=0.01)


def test_vladivostok_to_khasan_is_about_130_km() -> None:
    # Great-circle figure from independent tools: about 128 km between these two points.
    d = measure.distance_m(Point(131.88528, 43.115), Point(130.645560, 42.428330))
    assert 125_000 < d < 132_000


def test_midpoint_is_halfway_by_geodesic_length() -> None:
    mid = measure.midpoint(LineString([(0, 0), (1, 0), (3, 0)]))
    assert mid.x == pytest.approx(1.5, abs=1e-9) and mid.y == pytest.approx(0, abs=1e-9)


def test_distance_to_a_line_is_in_metres() -> None:
    line = LineString([(130.63, 42.42), (130.65, 42.42)])
    # 0.001° of latitude at 42.4° N is 111.06 m on WGS 84.
    assert measure.distance_to_m(Point(130.64, 42.421), line) == pytest.approx(111.06, abs=0.5)


def test_side_of_a_line() -> None:
    line = LineString([(130.60, 42.42), (130.68, 42.42)])  # heading east
    assert measure.side_of(line, Point(130.64, 42.43)) == 1  # north is on the left
    assert measure.side_of(line, Point(130.64, 42.41)) == -1


@pytest.fixture(scope="module")
def content():
    content, problems = validate()
    assert not problems
    return content


def test_friendship_bridge_is_where_and_as_long_as_sources_say(content) -> None:
    bridge = content.feature("friendship-bridge").geometry
    assert measure.distance_m(measure.midpoint(bridge), FRIENDSHIP_BRIDGE_CENTRE) < 100
    assert 560 < measure.length_m(bridge) < 655  # sources: 590 m and 623 m


@pytest.mark.parametrize("bridge_id", ["friendship-bridge", "road-bridge"])
def test_bridges_cross_the_river(content, bridge_id: str) -> None:
    assert content.feature(bridge_id).geometry.intersects(content.feature("tumen-river").geometry)


def test_river_passes_the_tripoint(content) -> None:
    tripoint = Point((MARKER_423.x + KOREAN_MARKER.x) / 2, (MARKER_423.y + KOREAN_MARKER.y) / 2)
    assert measure.distance_to_m(tripoint, content.feature("tumen-river").geometry) < 100


def test_river_runs_from_above_the_tripoint_to_the_sea(content) -> None:
    river = content.feature("tumen-river").geometry
    start, end = Point(river.coords[0]), Point(river.coords[-1])
    tripoint = content.feature("tripoint").geometry
    assert measure.distance_m(start, tripoint) > 7_000  # ~10 km of river above the tripoint
    assert end.y < 42.30  # the mouth, on the Sea of Japan


def test_road_bridge_lies_downstream_within_the_reported_range(content) -> None:
    gap = measurements.bridge_separation(content)
    assert gap is not None and 350 < gap.value_m < 550  # sources: ~400, 415, ~500 m


def test_point_along_walks_the_geodesic_segments() -> None:
    # Along the equator 1° is 111,319.491 m, so 1.5° along a line bent at 1° is at (1, 0.5).
    line = LineString([(0, 0), (1, 0), (1, 2)])
    end = measure.point_along(line, 111_319.491 + 55_288.0)  # half a degree of meridian ≈ 55.3 km
    assert end.x == pytest.approx(1, abs=1e-9) and end.y == pytest.approx(0.5, abs=1e-3)
    assert measure.point_along(line, 1e9) == Point(1, 2)  # past the end: the end


def test_offset_and_azimuth_are_inverse() -> None:
    start = Point(130.641056, 42.415167)
    there = measure.offset(start, 62.0, 424.0)
    assert measure.distance_m(start, there) == pytest.approx(424.0, abs=1e-6)
    assert measure.azimuth(start, there) == pytest.approx(62.0, abs=1e-9)


def test_length_between_two_points_on_a_line() -> None:
    line = LineString([(0, 0), (1, 0), (2, 0)])
    # The points project onto the line at 0.5° and 1.5°: one degree of equator apart.
    assert measure.length_between(line, Point(1.5, 0.3), Point(0.5, -0.1)) == pytest.approx(
        111_319.491, abs=0.01
    )


def test_point_along_keeps_walking_past_the_second_segment() -> None:
    line = LineString([(0, 0), (1, 0), (2, 0), (3, 0)])
    end = measure.point_along(line, 2.5 * 111_319.491)
    assert end.x == pytest.approx(2.5, abs=1e-6) and end.y == pytest.approx(0, abs=1e-9)


def test_side_of_a_bent_line_uses_the_nearest_segment() -> None:
    # east along 42.40° N, then north: a point east of the northward leg is on its right,
    # though it lies north of (left of) the first leg
    line = LineString([(130.60, 42.40), (130.62, 42.40), (130.62, 42.44)])
    assert measure.side_of(line, Point(130.625, 42.43)) == -1
    assert measure.side_of(line, Point(130.615, 42.43)) == 1
    assert measure.side_of(line, Point(130.61, 42.39)) == -1  # south of the first leg: right
    assert measure.side_of(line, Point(130.60, 42.40)) == 0  # on the line


def test_side_of_walks_the_whole_line_to_the_nearest_segment() -> None:
    # a long leg east, a leg north, a short leg east: a point south of the short last leg is on
    # its right, found only by adding up every leg before it
    line = LineString([(130.60, 42.40), (130.64, 42.40), (130.64, 42.42), (130.65, 42.42)])
    assert measure.side_of(line, Point(130.645, 42.419)) == -1
    assert measure.side_of(line, Point(130.645, 42.421)) == 1
