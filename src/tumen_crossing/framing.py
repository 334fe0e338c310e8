"""Where the map looks: the centre and zoom that frame some features, as plain numbers.

Why a module of its own: the Streamlit map, the static export and the story's chapters all move
the map to frame features, and the view model must compute that without importing folium.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from shapely.geometry.base import BaseGeometry

DEFAULT_CENTER = (42.4134, 130.6425)  # between the two bridges
DEFAULT_ZOOM = 15
MIN_ZOOM, MAX_ZOOM = 8, 16
"""The zooms a framed view keeps to: wide enough for the railway to Rajin, close enough for a
bridge without losing its banks."""
MIN_SPAN_DEG = 0.006
"""A point or a short bridge is framed as if it were about 500 m across, not as a pinhole."""
TILE_PX = 256
"""Web Mercator: at zoom z the world is 256 × 2^z pixels wide."""
FRAME_PX = (358, 320)
"""The smallest map a framed view must fit (width, height): a phone's (390 px wide less the
page's margins, 38% of 844 px high) while it reads a chapter of the story. The server does not
know the reader's screen, so a view that fits there fits everywhere; a laptop's map shows more
around it."""
MARGIN = 0.1
"""The share of each side of the map kept clear around the framed features: context, and room
for the map's own controls in the corners."""
FOOT_PX = 64
"""The strip along the map's foot that the legend, the scale and the attribution cover: the
features are framed above it (the centre moves down by half of it)."""


def _mercator_y(lat: float) -> float:
    """Latitude as a Web Mercator y in world units (0 at the equator, the world 1 unit wide)."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)


def _latitude(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y * 2 * math.pi)) - math.pi / 2)


def frame(
    geometries: Iterable[BaseGeometry],
    size: tuple[int, int] = FRAME_PX,
    margin: float = MARGIN,
    foot: int = FOOT_PX,
) -> tuple[tuple[float, float], int]:
    """Centre ([lat, lon]) and zoom that show every geometry at once inside a map of `size`
    pixels, above its `foot`, with `margin` of each side left around them; the default view
    (both bridges) when there are none. Widths and heights are compared on the map's own
    (Mercator) projection."""
    bounds = [g.bounds for g in geometries if not g.is_empty]
    if not bounds:
        return DEFAULT_CENTER, DEFAULT_ZOOM
    minx = min(b[0] for b in bounds)
    maxx = max(b[2] for b in bounds)
    low = _mercator_y(min(b[1] for b in bounds))
    high = _mercator_y(max(b[3] for b in bounds))
    floor = MIN_SPAN_DEG / 360  # in world units, across or along (Mercator keeps shapes)
    wide = max((maxx - minx) / 360, floor)
    tall = max(high - low, floor)
    usable = 1 - 2 * margin
    scale = min(size[0] * usable / wide, (size[1] - foot) * usable / tall) / TILE_PX
    zoom = max(MIN_ZOOM, min(MAX_ZOOM, math.floor(math.log2(scale))))
    below = foot / 2 / (TILE_PX * 2**zoom)  # the centre, half the foot south of the features'
    return (_latitude((low + high) / 2 - below), (minx + maxx) / 2), zoom
