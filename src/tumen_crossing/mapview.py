"""The folium map built from content: layers, styles, tooltips, legend and controls.

The base map (vector overlays and controls) is identical on every rerun so streamlit-folium never
remounts it; what changes with the view (the tile layer chosen and the highlighted feature) comes
as small feature groups that streamlit-folium swaps in place.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import folium
from branca.element import MacroElement
from folium import plugins
from folium.template import Template

from tumen_crossing.content import Content, Feature
from tumen_crossing.dates import format_partial_date
from tumen_crossing.history import drawn_at, status_at
from tumen_crossing.models import StatusEntry
from tumen_crossing.viewstate import Base


@dataclass(frozen=True)
class Tiles:
    name: str
    url: str
    attribution: str
    max_zoom: int


OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
BASE_TILES: dict[Base, Tiles] = {
    "osm": Tiles(
        "Street map", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", OSM_ATTRIBUTION, 19
    ),
    "satellite": Tiles(
        "Satellite",
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Imagery &copy; Esri &mdash; Source: Esri, Maxar, Earthstar Geographics, "
        "and the GIS User Community",
        19,
    ),
    "terrain": Tiles(
        "Terrain",
        "https://{s}.tile.opentopomap.org/{z}/{x}/{y}.png",
        f"Map data: {OSM_ATTRIBUTION}, SRTM | Map style: &copy; "
        '<a href="https://opentopomap.org">OpenTopoMap</a> (CC-BY-SA)',
        17,
    ),
}
TILE_HOSTS = ("tile.openstreetmap.org", "server.arcgisonline.com", "tile.opentopomap.org")

DEFAULT_CENTER = (42.4134, 130.6425)  # between the two bridges
DEFAULT_ZOOM = 15
MAP_HEIGHT = 620

KIND_LABELS = {
    "river": "River",
    "rail-bridge": "Rail bridge",
    "road-bridge": "Road bridge",
    "border": "Border",
    "rail-line": "Railway",
    "road": "Road",
    "station": "Railway station",
    "checkpoint": "Border checkpoint",
    "viewpoint": "Viewpoint",
    "port": "Port",
    "city": "City",
    "tripoint": "Tripoint",
    "area": "Area",
}
STATUS_LABELS = {
    "natural": "natural feature",
    "in-force": "in force",
    "existing": "existing",
    "planned": "planned",
    "under-construction": "under construction",
    "open": "open",
    "suspended": "suspended",
    "historic": "historic",
}

POINT_COLOURS = {
    "station": "#222222",
    "checkpoint": "#d35400",
    "viewpoint": "#16a085",
    "port": "#1f5f99",
    "city": "#566573",
    "tripoint": "#b03a2e",
}
HIGHLIGHT = "#ffd400"
HALO_PANE = "halo"


def shown_status(feature: Feature, day: date | None) -> StatusEntry:
    """The status a feature is drawn with on a day (its first one if it predates them all)."""
    return status_at(feature, day) or feature.props.statuses[0]


def status_line(feature: Feature, day: date | None = None) -> str:
    """'Rail bridge · open since November 2022' — plain text, for tooltips and headings."""
    status = status_at(feature, day)
    kind = KIND_LABELS[feature.props.kind]
    if status is None:
        first = feature.props.statuses[0]
        when = format_partial_date(first.since) if first.since else ""
        return f"{kind} · not yet {STATUS_LABELS[first.status]} (from {when})"
    line = f"{kind} · {STATUS_LABELS[status.status]}"
    return f"{line} since {format_partial_date(status.since)}" if status.since else line


def style_for(feature: Feature, day: date | None = None) -> dict[str, Any]:
    """Leaflet path style: rail vs road, built vs planned or under construction, borders dashed."""
    kind, status = feature.props.kind, shown_status(feature, day).status
    if kind == "river":
        return {"color": "#2e86c1", "weight": 6, "opacity": 0.75}
    if kind == "border":
        return {"color": "#922b21", "weight": 2.5, "opacity": 0.9, "dashArray": "8 6"}
    if kind == "rail-line":
        return {"color": "#2c3e50", "weight": 3, "opacity": 0.85, "dashArray": "12 4"}
    if kind in {"rail-bridge", "road-bridge"}:
        colour = "#1b2631" if kind == "rail-bridge" else "#e67e22"
        style = {"color": colour, "weight": 9, "opacity": 0.95, "lineCap": "butt"}
        if status == "under-construction":
            style["dashArray"] = "14 7"
        elif status == "planned":
            style |= {"dashArray": "3 9", "opacity": 0.7}
        elif status in {"suspended", "historic"}:
            style |= {"color": "#95a5a6", "dashArray": "4 6" if status == "historic" else None}
        return {k: v for k, v in style.items() if v is not None}
    colour = POINT_COLOURS.get(kind, "#566573")
    hollow = status == "planned"
    return {
        "color": colour,
        "weight": 3,
        "fill": True,
        "fillColor": "#ffffff" if hollow else colour,
        "fillOpacity": 0.9,
        "radius": 7,
    }


def _hover_style(_: dict) -> dict[str, Any]:
    return {"weight": 12, "opacity": 1}


def _geojson(features: list[Feature], day: date | None = None) -> dict[str, Any]:
    """A small FeatureCollection for the browser: id, escaped label and summary, style only."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "id": f.id,
                    "label": html.escape(f.props.name.en),
                    "summary": html.escape(status_line(f, day)),
                    "style": style_for(f, day),
                },
                "geometry": f.geometry.__geo_interface__,
            }
            for f in features
        ],
    }


def _style(feature: dict) -> dict[str, Any]:
    return feature["properties"]["style"]


class Legend(MacroElement):
    """A static Leaflet control explaining the styles; its HTML is built from escaped text."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .leaflet-interactive:focus { outline: none; } /* the halo shows the selection */
          @media (max-width: 480px) { /* phones: the map matters more than the locator */
            .leaflet-control-minimap { display: none; }
          }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "tc-legend");
                div.innerHTML = {{ this.markup|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "Legend"
        rows = [
            ("line", "#1b2631", "", 6, "Rail bridge (1959)"),
            ("line", "#e67e22", "", 6, "Road bridge, built"),
            ("line", "#e67e22", "7 4", 6, "Road bridge, under construction"),
            ("line", "#e67e22", "2 5", 6, "Planned"),
            ("line", "#95a5a6", "", 6, "Suspended"),
            ("line", "#2e86c1", "", 4, "Tumen River"),
            ("line", "#922b21", "6 4", 2, "Border"),
            ("line", "#2c3e50", "8 3", 2, "Railway"),
            ("dot", "#222222", "", 0, "Station"),
            ("dot", "#d35400", "", 0, "Checkpoint (hollow: planned)"),
            ("dot", "#16a085", "", 0, "Viewpoint · other places"),
        ]
        items = []
        for shape, colour, dash, weight, label in rows:
            if shape == "line":
                swatch = (
                    f'<svg width="26" height="10"><line x1="1" y1="5" x2="25" y2="5" '
                    f'stroke="{colour}" stroke-width="{weight}" stroke-dasharray="{dash}"/></svg>'
                )
            else:
                swatch = (
                    f'<svg width="26" height="12"><circle cx="13" cy="6" r="5" '
                    f'fill="{colour}"/></svg>'
                )
            items.append(
                f'<div style="display:flex;align-items:center;gap:6px">{swatch}'
                f"<span>{html.escape(label)}</span></div>"
            )
        self.markup = (
            '<details open style="background:rgba(255,255,255,.92);padding:4px 8px;'
            "border-radius:6px;font:11px/1.45 system-ui,sans-serif;"
            'box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:220px">'
            '<summary style="cursor:pointer;font-weight:600">Legend</summary>'
            + "".join(items)
            + "</details>"
        )


def build_map(content: Content, day: date | None = None) -> folium.Map:
    """The base map on a day: every overlay, tooltips, legend, scale, fullscreen, minimap, measure.

    Tiles are not part of it (see `tile_group`), so this object can be cached and stays the
    same on every rerun. `day=None` draws the newest state.
    """
    fmap = folium.Map(
        location=DEFAULT_CENTER,
        zoom_start=DEFAULT_ZOOM,
        tiles=None,
        control_scale=True,
        min_zoom=5,
        max_zoom=18,
    )
    for layer in content.layers:
        features = [f for f in content.in_layer(layer.name) if drawn_at(f, day)]
        if not features:
            continue
        group = folium.FeatureGroup(name=html.escape(layer.title), show=True)
        folium.GeoJson(
            _geojson(features, day),
            name=layer.name,
            style_function=_style,
            highlight_function=_hover_style,
            marker=folium.CircleMarker(radius=7),
            tooltip=folium.GeoJsonTooltip(
                fields=["label", "summary"], labels=False, sticky=True, class_name="tc-tooltip"
            ),
        ).add_to(group)
        group.add_to(fmap)
    folium.map.CustomPane(HALO_PANE, z_index=390).add_to(fmap)  # under the overlay pane (400)
    folium.LayerControl(position="topright", collapsed=True).add_to(fmap)
    plugins.Fullscreen(position="topleft").add_to(fmap)
    plugins.MeasureControl(
        position="topleft", primary_length_unit="meters", secondary_length_unit="kilometers"
    ).add_to(fmap)
    plugins.MiniMap(
        tile_layer=folium.TileLayer(
            BASE_TILES["osm"].url, attr=BASE_TILES["osm"].attribution, name="Locator"
        ),
        position="bottomright",
        zoom_level_offset=-7,
        toggle_display=True,
        width=130,
        height=130,
    ).add_to(fmap)
    Legend().add_to(fmap)
    return fmap


def tile_group(base: Base) -> folium.FeatureGroup:
    """The chosen base tiles, swapped in place when the reader changes the base map."""
    tiles = BASE_TILES[base]
    group = folium.FeatureGroup(name=f"tiles-{base}", control=False)
    folium.TileLayer(
        tiles.url, attr=tiles.attribution, name=tiles.name, max_zoom=tiles.max_zoom
    ).add_to(group)
    return group


def highlight_group(features: list[Feature]) -> folium.FeatureGroup:
    """A yellow halo beneath the selected features, in its own lower pane and not clickable."""
    group = folium.FeatureGroup(name="selection", control=False)
    if features:
        halo_point = folium.CircleMarker(radius=15)
        # folium keeps neither pane nor interactive from the GeoJson for the circles it draws
        halo_point.options.update(pane=HALO_PANE, interactive=False)
        folium.GeoJson(
            _geojson(features),
            style_function=lambda _: {
                "color": HIGHLIGHT,
                "weight": 18,
                "opacity": 0.75,
                "fillColor": HIGHLIGHT,
                "fillOpacity": 0.6,
                "radius": 15,
            },
            marker=halo_point,
            interactive=False,
            pane=HALO_PANE,
        ).add_to(group)
    return group


def view_for(feature: Feature | None) -> tuple[tuple[float, float], int]:
    """Centre and zoom that frame a feature (or both bridges when nothing is selected)."""
    if feature is None:
        return DEFAULT_CENTER, DEFAULT_ZOOM
    minx, miny, maxx, maxy = feature.geometry.bounds
    centre = ((miny + maxy) / 2, (minx + maxx) / 2)
    span = max(maxx - minx, (maxy - miny) / math.cos(math.radians(centre[0])), 0.006)
    zoom = math.floor(math.log2(360 * 2.2 / span))
    return centre, max(8, min(16, zoom))
