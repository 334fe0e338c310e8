"""The map's extent as plain numbers: centre and zoom framing features, without folium."""

from __future__ import annotations

import math

import pytest
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from tumen_crossing import framing, views
from tumen_crossing.content import load_content
from tumen_crossing.mapview import view_for


def test_nothing_to_frame_is_the_default_view() -> None:
    assert framing.frame([]) == (framing.DEFAULT_CENTER, framing.DEFAULT_ZOOM)
    assert framing.frame([Point()]) == (framing.DEFAULT_CENTER, framing.DEFAULT_ZOOM)


def test_a_point_is_framed_as_a_small_span_not_as_a_pinhole() -> None:
    (lat, lon), zoom = framing.frame([Point(130.64, 42.41)], foot=0)
    assert (round(lat, 9), round(lon, 9)) == (42.41, 130.64)
    # 0.006° in the usable 264 px of the map's height: log2(264 × 360 / 0.006 / 256) = 15.9
    assert zoom == 15
    assert framing.frame([Point(130.64, 42.41)], size=(1000, 1000))[1] == framing.MAX_ZOOM


def test_the_features_sit_above_the_maps_foot() -> None:
    """The legend, scale and attribution cover the map's foot: the centre moves south so the
    features are framed in the part above it."""
    point = Point(130.64, 42.41)
    centre, zoom = framing.frame([point])
    top, bottom = pixels(point, centre, zoom)[1::2]
    assert round(top, 3) == round(bottom, 3) == -framing.FOOT_PX / 2


def test_several_features_are_framed_together() -> None:
    west, east = Point(130.60, 42.40), Point(130.70, 42.44)
    (lat, lon), zoom = framing.frame([west, east], foot=0)
    assert (round(lat, 3), round(lon, 6)) == (42.42, 130.65)
    assert zoom == 11  # 0.1° across in 286 usable px: log2(286.4 × 360 / 0.1 / 256) = 11.98
    assert framing.frame([west, east], size=(800, 600))[1] == 13  # a larger map: closer
    wide = LineString([(129.6, 41.9), (132.4, 43.5)])
    assert framing.frame([wide])[1] == framing.MIN_ZOOM


def pixels(geometry: BaseGeometry, centre: tuple[float, float], zoom: int) -> tuple[float, ...]:
    """A geometry's bounds as pixels from the map's centre (x right, y down), as Leaflet
    projects them (Web Mercator, 256 × 2^zoom pixels around the world)."""
    world = 256 * 2**zoom

    def y(lat: float) -> float:
        return -math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi) * world

    minx, miny, maxx, maxy = geometry.bounds
    x0, y0 = centre[1] / 360 * world, y(centre[0])
    return (minx / 360 * world - x0, y(maxy) - y0, maxx / 360 * world - x0, y(miny) - y0)


def fits(geometries: list[BaseGeometry], centre, zoom: int) -> bool:
    """Inside the phone's map, above its foot, a margin clear of every edge."""
    (width, height), margin, foot = framing.FRAME_PX, framing.MARGIN, framing.FOOT_PX
    half_w, half_h = width / 2 * (1 - 2 * margin), (height - foot) / 2 * (1 - 2 * margin)
    middle = -foot / 2  # the centre of the part above the foot, from the map's centre
    return all(
        -half_w - 0.5 <= left
        and right <= half_w + 0.5
        and middle - half_h - 0.5 <= top
        and bottom <= middle + half_h + 0.5
        for left, top, right, bottom in (pixels(g, centre, zoom) for g in geometries)
    )


CONTENT = load_content()[0]


@pytest.mark.parametrize("chapter", [c.id for c in CONTENT.story])
def test_each_chapter_shows_its_features_with_room_around_them_on_a_phone(chapter: str) -> None:
    """The railway chapter once cut Rajin off a phone's map (framed for ~560 px across): now
    every chapter's features sit inside the phone's map, a margin clear of each edge, and one
    zoom closer they would not (so the view is not needlessly wide either)."""
    view = views.story(CONTENT, chapter)
    assert view is not None
    shapes = [CONTENT.feature(ref.feature_id).geometry for ref in view.features]
    assert fits(shapes, view.center, view.zoom)
    if view.zoom < framing.MAX_ZOOM:  # one closer, centred the same way, they would not fit
        closer = framing.frame(shapes, size=(2 * framing.FRAME_PX[0], 2 * framing.FRAME_PX[1]))
        assert closer[1] == view.zoom + 1
        assert not fits(shapes, closer[0], closer[1])


def test_the_railway_to_rajin_is_framed_whole_on_a_phone() -> None:
    view = views.story(CONTENT, "railway-and-trade")
    assert view is not None
    ids = {ref.feature_id for ref in view.features}
    assert {"rajin-port", "khasan-station", "rail-khasan-rajin"} <= ids
    rail = CONTENT.feature("rail-khasan-rajin").geometry
    left, top, right, bottom = pixels(rail, view.center, view.zoom)
    width, height = framing.FRAME_PX
    assert right - left <= width * (1 - 2 * framing.MARGIN) + 1
    assert bottom - top <= (height - framing.FOOT_PX) * (1 - 2 * framing.MARGIN) + 1
    assert right - left >= width / 4  # still a line across the map, not a speck


def test_the_map_frames_a_feature_with_the_same_math() -> None:
    content, _ = load_content()
    road = content.feature("road-bridge")
    assert view_for(road) == framing.frame([road.geometry])
    assert view_for(None) == (framing.DEFAULT_CENTER, framing.DEFAULT_ZOOM)
