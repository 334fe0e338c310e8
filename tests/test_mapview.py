"""The map's layers: every line answers a click along a wide invisible hit area under its
drawn style, bridges' above the river and borders they cross, the others' under every line."""

from __future__ import annotations

import re

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


@pytest.fixture(scope="module")
def fmap(content) -> folium.Map:
    return mapview.build_map(content)


def test_every_line_gets_a_hit_area_in_the_right_pane(content, fmap) -> None:
    hit_areas = [c for c in fmap._children.values() if isinstance(c, mapview.HitAreas)]
    assert len(hit_areas) == 1
    layers = hit_areas[0].layers
    drawn = [c for g in fmap._children.values() for c in g._children.values() if c in layers]
    assert drawn == layers  # every drawn GeoJson layer, in drawing order
    panes = {
        f["properties"]["id"]: f["properties"].get("hit")
        for layer in layers
        for f in layer.data["features"]
    }
    for feature in content.features:
        if feature.props.kind not in LINE_KINDS:
            assert panes[feature.id] is None, feature.id  # points are targets of their own
        elif KINDS[feature.props.kind].bridge:
            assert panes[feature.id] == mapview.OVERLAY_PANE  # over the river it crosses
        else:
            assert panes[feature.id] == mapview.HIT_PANE  # under every drawn line


def test_hit_areas_are_wide_invisible_and_drawn_from_the_lines_own_coordinates(fmap) -> None:
    assert mapview.HIT_STYLE["weight"] >= 20 and mapview.HIT_STYLE["opacity"] == 0
    script = fmap.get_root().render()
    assert "L.polyline(line.getLatLngs()" in script  # no second copy of any geometry
    # the other lines' hit areas: a pane above the selection halo (390), under the lines (400)
    assert re.search(rf'createPane\(\s*"{mapview.HIT_PANE}"\);\s*\S+\.style\.zIndex = 395;', script)
