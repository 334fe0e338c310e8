"""The prepared map sends exactly what st_folium itself would send."""

from __future__ import annotations

import copy
import json
from datetime import date

import folium
import pytest
import streamlit_folium
from streamlit_folium import st_folium

from tumen_crossing import mapview, mapwidget
from tumen_crossing.validate import validate

from .hostile import TEMPLATE


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

    expected = copy.deepcopy(fmap)  # st_folium's map, with the prompt clicks prepare adds
    mapwidget.PromptClicks(kwargs["returned_objects"]).add_to(expected)
    st_folium(
        expected,
        use_container_width=True,
        feature_group_to_add=groups,
        center=(42.41, 130.64),
        zoom=14,
        **kwargs,
    )
    theirs = captured.pop()
    ours.pop("on_change"), theirs.pop("on_change")
    assert ours == theirs


def test_only_values_sent_as_held_can_be_sent_at_once() -> None:
    """The centre and the bounds are wrapped by streamlit-folium's frame before it sends them:
    a prompt click that copied them as held would send other values than the debounce."""
    assert mapwidget.PromptClicks(["last_active_drawing"]).fields
    with pytest.raises(ValueError, match="center"):
        mapwidget.PromptClicks(["last_active_drawing", "center"])
    script = mapwidget.prepare(
        mapview.build_map(validate()[0]), key="m", height=100, returned_objects=[]
    ).args["script"]
    assert "sendClickAtOnce" not in script  # nothing returned: nothing to send


def test_template_syntax_in_a_name_reaches_the_browser_as_text(content_copy) -> None:
    """What the app's map sends keeps Jinja syntax in the content as it is written (no second
    rendering of the map's parts: `mapview._render_macros_once`)."""

    def name(feature: dict) -> None:
        feature["properties"]["name"]["en"] = TEMPLATE

    content_copy.edit_feature("bridges.geojson", "road-bridge", name)
    content, problems = validate(content_copy.root)
    assert problems == []
    prepared = mapwidget.prepare(
        mapview.build_map(content), key="m", height=100, returned_objects=["last_active_drawing"]
    )
    script = prepared.args["script"] + mapwidget.feature_groups_script(
        prepared, [mapview.highlight_group([content.feature("road-bridge")])]
    )
    assert json.dumps(TEMPLATE)[1:-1] in script and "Bridge 49" not in script


def test_a_day_is_applied_to_the_one_map_in_place() -> None:
    """The day's script names only the features drawn that day, each with that day's style:
    in 1970 no road bridge; in July 2024 the road bridge is planned (dashed)."""
    content = validate()[0]
    old = mapview.DayStyles(content, date(1970, 1, 1)).looks
    planned = mapview.DayStyles(content, date(2024, 7, 1)).looks
    newest = mapview.DayStyles(content, None).looks
    assert "road-bridge" not in old and "friendship-bridge" in old
    assert planned["road-bridge"]["style"]["dashArray"] == "3 9"
    assert set(newest) == {f.id for f in content.features}
    script = mapwidget.feature_groups_script(
        mapwidget.prepare(mapview.build_map(content), key="m", height=100, returned_objects=[]),
        [mapview.day_group(content, date(1970, 1, 1))],
    )
    assert "tcDayGroups" in script and '"road-bridge"' not in script


def test_the_days_styles_keep_each_paths_class() -> None:
    """The newest day's looks are the map's own styles, the class `tc-f-<id>` included: after a
    hover Leaflet rebuilds a path's options from its style alone, and a path built again from
    them (a date brings the feature back) would otherwise lose its class (issue 21)."""
    content = validate()[0]
    fmap = mapview.build_map(content)
    built = {
        f["properties"]["id"]: f["properties"]["style"]
        for layer in fmap._children.values()
        for geojson in layer._children.values()
        if isinstance(geojson, folium.GeoJson)
        for f in geojson.data["features"]
    }
    looks = mapview.DayStyles(content, None).looks
    assert built and {i: look["style"] for i, look in looks.items()} == built
    for day in (date(1970, 1, 1), date(2024, 7, 1)):
        for feature_id, look in mapview.DayStyles(content, day).looks.items():
            assert look["style"]["className"] == f"tc-f-{feature_id}"
