"""The map's layers: every line answers a click along a wide invisible hit area under its
drawn style, bridges' above the river and borders they cross, the others' under every line."""

from __future__ import annotations

import folium
import pytest

from tumen_crossing import mapview
from tumen_crossing.validate import validate
from tumen_crossing.vocab import KINDS, LINE_KINDS


@pytest.fixture(scope="module")
def content():
    content, problems = validate()
    assert not problems
    return content


def geojson_layers(fmap: folium.Map) -> list[folium.GeoJson]:
    """Every GeoJson layer in drawing order (groups in the order they are added)."""
    found = []
    for group in fmap._children.values():
        found += [c for c in group._children.values() if isinstance(c, folium.GeoJson)]
    return found


def test_every_line_has_a_wide_invisible_hit_area_under_its_drawn_path(content) -> None:
    layers = geojson_layers(mapview.build_map(content))
    hits = [layer for layer in layers if layer.layer_name == "hit areas"]
    covered: dict[str, int] = {}
    for layer in hits:
        for feature in layer.data["features"]:
            style = feature["properties"]["style"]
            assert style["weight"] >= 20 and style["opacity"] == 0
            assert mapview.HIT_CLASS in style["className"].split()
            covered[feature["properties"]["id"]] = layers.index(layer)
    lines = {f.id for f in content.features if f.props.kind in LINE_KINDS}
    assert set(covered) == lines
    for layer in layers:  # each hit area comes before (under) the path drawn for it
        if layer.layer_name == "hit areas":
            continue
        for feature in layer.data["features"]:
            if feature["properties"]["id"] in covered:
                assert covered[feature["properties"]["id"]] < layers.index(layer)
                assert mapview.HIT_CLASS not in feature["properties"]["style"]["className"]


def test_bridges_hit_areas_lie_above_the_river_the_others_under_every_line(content) -> None:
    for layer in geojson_layers(mapview.build_map(content)):
        if layer.layer_name != "hit areas":
            continue
        kinds = {content.feature(f["properties"]["id"]).props.kind for f in layer.data["features"]}
        bridges = {k for k in kinds if KINDS[k].bridge}
        assert bridges in (set(), kinds), "a hit layer mixes bridges and other lines"
        pane = layer.options.get("pane")
        assert pane == (None if bridges else mapview.HIT_PANE)
