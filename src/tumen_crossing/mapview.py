"""The folium map built from content: layers, styles, tooltips, legend and controls.

The base map (vector overlays and controls) is identical on every rerun so streamlit-folium never
remounts it; what changes with the view (the tile layer chosen and the highlighted feature) comes
as small feature groups that streamlit-folium swaps in place.
"""

from __future__ import annotations

import html
from datetime import date
from importlib.resources import files
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium import plugins
from folium.template import Template

from tumen_crossing import i18n, vocab
from tumen_crossing.assets import STREAMLIT_PREFIX, self_host
from tumen_crossing.content import Content, Feature
from tumen_crossing.framing import DEFAULT_CENTER, DEFAULT_ZOOM, frame
from tumen_crossing.history import drawn_at, status_at
from tumen_crossing.i18n import Words
from tumen_crossing.models import StatusEntry
from tumen_crossing.templating import render
from tumen_crossing.views import status_summary
from tumen_crossing.vocab import KINDS, LINE_KINDS, Base

MAP_HEIGHT = 620
MAP_FRAME_KEY = "map_frame"
"""The key of the app's box around the map: the page reserves the map's height by it."""
HALO_PANE = "halo"
HALO_STYLE = {
    "color": vocab.HIGHLIGHT_COLOUR,
    "weight": 18,
    "opacity": 0.75,
    "fillColor": vocab.HIGHLIGHT_COLOUR,
    "fillOpacity": 0.6,
    "radius": 15,
}
"""The yellow halo beneath a selected feature, in the app and in the static export."""
HIT_PANE = "hit"
"""Under the overlays: the wide, invisible hit areas of every line that is not a bridge."""
OVERLAY_PANE = "overlayPane"
"""Leaflet's own pane for vector overlays: bridges' hit areas go there, just under them."""
HIT_WEIGHT = 22
"""A line answers a click or a tap this many pixels wide, whatever its drawn style (a dashed
bridge is otherwise clickable only on its dashes)."""
HIT_STYLE = {"color": "#000000", "weight": HIT_WEIGHT, "opacity": 0, "lineCap": "round"}
HIT_CLASS = "tc-hit"
"""The class of every hit area's path, so that tests and styles can tell it from a drawn one."""


def shown_status(feature: Feature, day: date | None) -> StatusEntry:
    """The status a feature is drawn with on a day (its first one if it predates them all)."""
    return status_at(feature, day) or feature.props.statuses[0]


def style_for(feature: Feature, day: date | None = None) -> dict[str, Any]:
    """Leaflet path style: rail vs road, built vs planned or under construction, borders dashed."""
    kind, status = feature.props.kind, shown_status(feature, day).status
    colour = KINDS[kind].colour
    if kind == "river":
        return {"color": colour, "weight": 6, "opacity": 0.75}
    if kind == "border":
        return {"color": colour, "weight": 2.5, "opacity": 0.9, "dashArray": "8 6"}
    if kind == "rail-line":
        return {"color": colour, "weight": 3, "opacity": 0.85, "dashArray": "12 4"}
    if KINDS[kind].bridge:
        style = {"color": colour, "weight": 9, "opacity": 0.95, "lineCap": "butt"}
        if status == "under-construction":
            style["dashArray"] = "14 7"
        elif status == "planned":
            style |= {"dashArray": "3 9", "opacity": 0.7}
        elif status in {"suspended", "historic"}:
            style |= {
                "color": vocab.SUSPENDED_COLOUR,
                "dashArray": "4 6" if status == "historic" else None,
            }
        return {k: v for k, v in style.items() if v is not None}
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


def hit_pane(feature: Feature) -> str | None:
    """Where a feature's hit area goes: a bridge's just under it in the overlay pane (above the
    river and borders it crosses, so a click on a bridge over the river is the bridge's); any
    other line's in a pane under every drawn line, so it never hides one; None for a point."""
    if feature.props.kind not in LINE_KINDS:
        return None
    return OVERLAY_PANE if KINDS[feature.props.kind].bridge else HIT_PANE


def path_style(feature: Feature, day: date | None = None) -> dict[str, Any]:
    """A feature's Leaflet style on a day, with the class `tc-f-<id>` that names its path.

    The class rides in the style because Leaflet builds a path's element from its options, and
    `GeoJSON.resetStyle` (after a hover) rebuilds the options from the style alone: a style
    without the class would leave the next element built for the feature (when a date brings
    it back onto the map) without one."""
    return {**style_for(feature, day), "className": f"tc-f-{feature.id}"}


def _geojson(
    features: list[Feature], w: Words | None = None, day: date | None = None
) -> dict[str, Any]:
    """A small FeatureCollection for the browser: id, escaped label and summary (in the words'
    language), style, and for a line the pane of its hit area (HitAreas draws it from the same
    coordinates). Each drawn path carries the class `tc-f-<id>` (ids are slugs)."""
    w = w or i18n.words()
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "id": f.id,
                    "label": html.escape(getattr(f.props.name, w.lang)),
                    "summary": html.escape(status_summary(f, day, w)),
                    "style": path_style(f, day),
                    **({"hit": pane} if (pane := hit_pane(f)) else {}),
                },
                "geometry": f.geometry.__geo_interface__,
            }
            for f in features
        ],
    }


class _Rendered(Element):
    """A part of the page that is already rendered: kept as it is, never read as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Rendered"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def _render_macros_once(self: MacroElement, **kwargs: Any) -> None:
    """branca's `MacroElement.render`, except that what the macros render is kept as text.

    branca wraps each rendered part in `Element(text)`, which compiles the text as a Jinja
    template and renders it a second time with the page. Text from the content then runs as
    template code: a feature named "A {{ 7*7 }}" was drawn as "A 49" in the export, and a
    data file could run Python wherever a map is rendered. Compiling every rendered part was
    also most of the cost of rendering a map (~0.1 of 0.15 s)."""
    figure = self.get_root()
    if not isinstance(figure, Figure):
        raise TypeError("You cannot render this Element if it is not in a Figure.")
    macros = self._template.module.__dict__
    for part, into in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
        macro = macros.get(part)
        if macro is not None:
            into.add_child(_Rendered(macro(self, kwargs)), name=self.get_name())
    for element in self._children.values():
        element.render(**kwargs)


MacroElement.render = _render_macros_once  # every map this package builds renders through it


def _tooltip() -> folium.GeoJsonTooltip:
    return folium.GeoJsonTooltip(
        fields=["label", "summary"], labels=False, sticky=True, class_name="tc-tooltip"
    )


class HitAreas(MacroElement):
    """A wide, invisible path under every drawn line, so a click near a line or in the gaps of
    its dashes selects it (at least HIT_WEIGHT px wide: a finger's width on a phone).

    Built in the browser from each line's own coordinates, so the map's payload carries no
    second copy of them. Each hit area joins its line's GeoJson layer with the same feature:
    the layer control, the tooltip, the app's click (streamlit-folium reads the clicked layer's
    feature) and the export's click handler treat it as the line itself."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var style = {{ this.style|tojson }};
            [{{ this.layer_names|join(", ") }}].forEach(function (group) {
                group.eachLayer(function (line) {
                    var props = line.feature && line.feature.properties;
                    if (!props || !props.hit || !line.getLatLngs) return;
                    var hit = L.polyline(line.getLatLngs(), Object.assign({}, style, {
                        pane: props.hit,
                        className: {{ this.hit_class|tojson }} + " tc-f-" + props.id
                    }));
                    hit.feature = line.feature;
                    hit.on("add", function () {  // each time the layer is shown: under its line
                        var path = line.getElement(), under = hit.getElement();
                        if (path && under && path.parentNode === under.parentNode) {
                            path.parentNode.insertBefore(under, path);
                        }
                    });
                    group.addLayer(hit);
                });
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, layers: list[folium.GeoJson]) -> None:
        super().__init__()
        self._name = "HitAreas"
        self.layers = layers
        self.style = HIT_STYLE
        self.hit_class = HIT_CLASS

    @property
    def layer_names(self) -> list[str]:
        return [layer.get_name() for layer in self.layers]


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
          /* the app's map fills its frame when the page makes the frame shorter (a phone
             reading the story, templates/app.css): the frame's height is the map's */
          @media (max-height: 600px) { #map_div { height: 100vh !important; } }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "tc-legend");
                div.innerHTML = {{ this.markup|tojson }};
                if (window.matchMedia("(max-width: 480px)").matches) {
                    div.querySelector("details").open = false;  // phones: the map first
                }
                L.DomEvent.disableClickPropagation(div);
                // On a phone the legend starts folded: the map matters more.
                if (window.matchMedia("(max-width: 600px)").matches) {
                    div.querySelector("details").open = false;
                }
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, w: Words) -> None:
        super().__init__()
        self._name = "Legend"
        self.markup = render("legend.html", title=w.legend_title, rows=w.legend)


class ClickFeedback(MacroElement):
    """A halo drawn in the browser the moment a feature is clicked, before the script reruns
    and sends the real selection (which lands in the same place); and no animation for readers
    who ask for reduced motion."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
                map.options.zoomAnimation = false;
                map.options.fadeAnimation = false;
                map.options.markerZoomAnimation = false;
            }
            var style = Object.assign({className: "tc-flash"}, {{ this.style|tojson }});
            var pane = {{ this.pane|tojson }};
            var flash = L.layerGroup().addTo(map);
            var timer = null;
            function clear() { clearTimeout(timer); flash.clearLayers(); }
            // The rerun's own halo replaces ours as soon as it is drawn (or after 4 s at most).
            var panes = map.getPane(pane);
            function drawnByRerun(node) {
                if (node.nodeName === "path") return !node.classList.contains("tc-flash");
                return Boolean(node.querySelector && node.querySelector("path:not(.tc-flash)"));
            }
            new MutationObserver(function (records) {
                if (records.some(function (r) {
                    return Array.prototype.some.call(r.addedNodes, drawnByRerun);
                })) clear();
            }).observe(panes, {childList: true, subtree: true});
            function onClick(e) {
                var layer = e.target;
                clear();
                L.geoJSON(layer.feature, {
                    pane: pane,
                    interactive: false,
                    style: function () { return style; },
                    pointToLayer: function (_, latlng) {
                        return L.circleMarker(latlng, Object.assign(
                            {pane: pane, interactive: false}, style));
                    }
                }).addTo(flash);
                timer = setTimeout(clear, 4000);
            }
            map.eachLayer(function (layer) {
                var props = layer.feature && layer.feature.properties;
                if (props && typeof props.id === "string") layer.on("click", onClick);
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ClickFeedback"
        self.style = HALO_STYLE
        self.pane = HALO_PANE


def build_map(
    content: Content,
    day: date | None = None,
    asset_prefix: str = STREAMLIT_PREFIX,
    click_feedback: bool = True,
) -> folium.Map:
    """The base map on a day: every overlay, tooltips, legend, scale, fullscreen, minimap, measure.

    Tiles are not part of it (see `tile_group`), so this object can be cached and stays the
    same on every rerun. `day=None` draws the newest state. Leaflet and its plugins load from
    `asset_prefix` (see `assets.self_host`).
    """
    w = i18n.words_for(content)
    fmap = folium.Map(
        location=DEFAULT_CENTER,
        zoom_start=DEFAULT_ZOOM,
        tiles=None,
        control_scale=True,
        min_zoom=5,
        max_zoom=18,
    )
    folium.map.CustomPane(HALO_PANE, z_index=390).add_to(fmap)  # under the overlay pane (400)
    folium.map.CustomPane(HIT_PANE, z_index=395).add_to(fmap)  # above the halo, under overlays
    drawn: list[folium.GeoJson] = []
    for layer in content.layers:
        features = [f for f in content.in_layer(layer.name) if drawn_at(f, day)]
        if not features:
            continue
        group = folium.FeatureGroup(name=html.escape(layer.title), show=True)
        geojson = folium.GeoJson(
            _geojson(features, w, day),
            name=layer.name,
            style_function=_style,
            highlight_function=_hover_style,
            marker=folium.CircleMarker(radius=7),
            tooltip=_tooltip(),
        )
        geojson.add_to(group)
        drawn.append(geojson)
        group.add_to(fmap)
    HitAreas(drawn).add_to(fmap)
    folium.LayerControl(position="topright", collapsed=True).add_to(fmap)
    plugins.Fullscreen(
        position="topleft", title=w.ui.fullscreen, title_cancel=w.ui.fullscreen_exit
    ).add_to(fmap)
    plugins.MeasureControl(
        position="topleft", primary_length_unit="meters", secondary_length_unit="kilometers"
    ).add_to(fmap)
    plugins.MiniMap(
        tile_layer=tile_layer("osm", name=w.ui.locator),
        position="bottomright",
        zoom_level_offset=-7,
        toggle_display=True,
        width=130,
        height=130,
    ).add_to(fmap)
    Legend(w).add_to(fmap)
    if click_feedback:  # the static export selects in the browser anyway: no round trip
        ClickFeedback().add_to(fmap)
    return self_host(fmap, asset_prefix)


def tile_layer(base: Base, w: Words | None = None, **options: Any) -> folium.TileLayer:
    """The tiles of a base map, from its xyzservices provider (URL, attribution, max zoom)."""
    base_map = vocab.BASE_MAPS[base]
    options.setdefault("name", (w or i18n.words()).base(base))
    return folium.TileLayer(base_map.provider, max_zoom=base_map.max_zoom, **options)


def tile_group(base: Base) -> folium.FeatureGroup:
    """The chosen base tiles, swapped in place when the reader changes the base map."""
    group = folium.FeatureGroup(name=f"tiles-{base}", control=False)
    tile_layer(base).add_to(group)
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
            style_function=lambda _: HALO_STYLE,
            marker=halo_point,
            interactive=False,
            pane=HALO_PANE,
        ).add_to(group)
    return group


DAY_STYLES_JS = (files("tumen_crossing") / "templates" / "day_styles.js").read_text("utf-8")
"""The function that applies a day's looks to a mounted map: the app's and the export's."""


def day_looks(content: Content, day: date | None) -> dict[str, dict[str, Any]]:
    """Each feature drawn on a day, by id: its style and its tooltip's summary (escaped, in
    the content's language)."""
    w = i18n.words_for(content)
    return {
        f.id: {"style": path_style(f, day), "summary": html.escape(status_summary(f, day, w))}
        for f in content.features
        if drawn_at(f, day)
    }


class DayStyles(MacroElement):
    """The map as it stood on a day, applied in place to the newest map's own features: those
    not yet there leave their layer, the others take the day's style and tooltip summary.

    Why in place: a map built per day is a different component for streamlit-folium, which
    remounts it (the reader's map flashes and loses its view). Sent with the feature groups,
    this script restyles the one mounted map instead. Features keep their drawing order, and
    each layer's style function reads the day's style, so a hover's reset restores it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = window.map;
            if (!map) return;
            ({{ this.apply_js }})(map, {{ this.looks|tojson }}, {{ this.halo_pane|tojson }},
                {{ this.hit_class|tojson }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, content: Content, day: date | None) -> None:
        super().__init__()
        self._name = "DayStyles"
        self.halo_pane = HALO_PANE
        self.hit_class = HIT_CLASS
        self.apply_js = DAY_STYLES_JS
        self.looks = day_looks(content, day)


def day_group(content: Content, day: date | None) -> folium.FeatureGroup:
    """The day's state as a feature group of its own (see `DayStyles`), sent with the tiles
    and the highlight."""
    group = folium.FeatureGroup(name="day", control=False)
    group.add_child(DayStyles(content, day))
    return group


def view_for(feature: Feature | None) -> tuple[tuple[float, float], int]:
    """Centre and zoom that frame a feature (or both bridges when nothing is selected)."""
    return frame([feature.geometry] if feature else [])
