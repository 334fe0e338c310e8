"""The map's extent as plain numbers: centre and zoom framing features, without folium."""

from __future__ import annotations

from shapely.geometry import LineString, Point

from tumen_crossing import framing
from tumen_crossing.content import load_content
from tumen_crossing.mapview import view_for


def test_nothing_to_frame_is_the_default_view() -> None:
    assert framing.frame([]) == (framing.DEFAULT_CENTER, framing.DEFAULT_ZOOM)
    assert framing.frame([Point()]) == (framing.DEFAULT_CENTER, framing.DEFAULT_ZOOM)


def test_a_point_is_framed_close_but_not_closer_than_the_limit() -> None:
    (lat, lon), zoom = framing.frame([Point(130.64, 42.41)])
    assert (lat, lon) == (42.41, 130.64)
    assert zoom == framing.MAX_ZOOM


def test_several_features_are_framed_together() -> None:
    west, east = Point(130.60, 42.40), Point(130.70, 42.44)
    (lat, lon), zoom = framing.frame([west, east])
    assert (round(lat, 6), round(lon, 6)) == (42.42, 130.65)
    assert zoom == 12  # 0.1° across: log2(360 × 2.2 / 0.1) = 12.95
    wide = LineString([(129.6, 41.9), (132.4, 43.5)])
    assert framing.frame([wide])[1] == framing.MIN_ZOOM


def test_the_map_frames_a_feature_with_the_same_math() -> None:
    content, _ = load_content()
    road = content.feature("road-bridge")
    assert view_for(road) == framing.frame([road.geometry])
    assert view_for(None) == (framing.DEFAULT_CENTER, framing.DEFAULT_ZOOM)
