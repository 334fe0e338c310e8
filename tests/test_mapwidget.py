"""The prepared map sends exactly what st_folium itself would send."""

from __future__ import annotations

import copy

import pytest
import streamlit_folium
from streamlit_folium import st_folium

from tumen_crossing import mapview, mapwidget
from tumen_crossing.validate import validate


@pytest.fixture
def captured(monkeypatch) -> list[dict]:
    calls: list[dict] = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: calls.append(kw))
    return calls


def test_prepared_arguments_match_st_folium(captured: list[dict]) -> None:
    content, _ = validate()
    fmap = mapview.build_map(content)
    groups = [
        mapview.tile_group("satellite"),
        mapview.highlight_group([content.feature("road-bridge")]),
    ]
    kwargs = {"key": "map", "height": 600, "returned_objects": ["last_active_drawing"]}

    prepared = mapwidget.prepare(fmap, **kwargs)
    captured.clear()
    script = mapwidget.feature_groups_script(prepared, groups)
    mapwidget.show(
        prepared,
        key="map",
        feature_groups=script,
        center=(42.41, 130.64),
        zoom=14,
        on_change=lambda: None,
    )
    ours = captured.pop()

    st_folium(
        copy.deepcopy(fmap),
        use_container_width=True,
        feature_group_to_add=groups,
        center=(42.41, 130.64),
        zoom=14,
        **kwargs,
    )
    theirs = captured.pop()
    ours.pop("on_change"), theirs.pop("on_change")
    assert ours == theirs
