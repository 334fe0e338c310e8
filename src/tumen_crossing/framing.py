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


def frame(geometries: Iterable[BaseGeometry]) -> tuple[tuple[float, float], int]:
    """Centre ([lat, lon]) and zoom that frame every geometry at once; the default view (both
    bridges) when there are none."""
    bounds = [g.bounds for g in geometries if not g.is_empty]
    if not bounds:
        return DEFAULT_CENTER, DEFAULT_ZOOM
    minx = min(b[0] for b in bounds)
    miny = min(b[1] for b in bounds)
    maxx = max(b[2] for b in bounds)
    maxy = max(b[3] for b in bounds)
    centre = ((miny + maxy) / 2, (minx + maxx) / 2)
    span = max(maxx - minx, (maxy - miny) / math.cos(math.radians(centre[0])), MIN_SPAN_DEG)
    zoom = math.floor(math.log2(360 * 2.2 / span))
    return centre, max(MIN_ZOOM, min(MAX_ZOOM, zoom))
