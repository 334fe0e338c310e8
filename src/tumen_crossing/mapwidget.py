"""streamlit-folium, with the expensive half done once per map instead of on every rerun.

`st_folium` renders the whole folium tree through Jinja on every call (about 100 ms for our map),
although the result only changes when the map does. Here the map is passed through `st_folium`
once with its component function swapped for a recorder; later reruns send the recorded
arguments plus the small parts that change (tiles, highlight, centre, zoom). A test checks the
arguments stay identical to what `st_folium` itself would send, so an upgrade cannot drift.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import streamlit as st
import streamlit_folium
from branca.element import MacroElement
from folium.template import Template
from streamlit_folium import st_folium

_PATCH_LOCK = threading.Lock()


@dataclass(frozen=True)
class PreparedMap:
    """The component arguments for one base map, and a copy to attach feature groups to."""

    args: dict[str, Any]
    host: folium.Map


def _record_component_args(call: Callable[[], object]) -> dict[str, Any]:
    recorded: dict[str, Any] = {}

    def recorder(**kwargs: Any) -> None:
        recorded.update(kwargs)

    with _PATCH_LOCK:
        original = streamlit_folium._component_func
        streamlit_folium._component_func = recorder
        try:
            call()
        finally:
            streamlit_folium._component_func = original
    return recorded


PROMPT_FIELDS = (
    "last_object_clicked_count",
    "last_object_clicked_tooltip",
    "last_object_clicked_popup",
    "all_drawings",
    "last_active_drawing",
)
"""The values streamlit-folium's frame returns as it holds them (no wrapping of longitudes), in
the order its `updateComponentValue` writes them: the ones a click can send at once."""


class PromptClicks(MacroElement):
    """Send a click's values to the app at once, not 250 ms later.

    streamlit-folium's frame debounces every change by 250 ms, which is right for a storm of
    pans and zooms and only a wait for a click. After each click (and key press) in the frame,
    this reads the values streamlit-folium has just recorded and, if they changed, sends them
    itself, exactly as its own `updateComponentValue` would (the same object, the same message)
    and marks them sent; its debounced call then finds nothing new and sends nothing.
    `returned_objects` must be fields it sends as they are (`PROMPT_FIELDS`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var fields = {{ this.fields|tojson }};
            function sendClickAtOnce() {
                var data = window.__GLOBAL_DATA__;
                if (!data || !data.returned_objects) return;  // not in streamlit-folium's frame
                var value = {};
                fields.forEach(function (field) { value[field] = data[field]; });
                if (JSON.stringify(data.previous_data) === JSON.stringify(value)) return;
                data.previous_data = value;
                window.parent.postMessage({
                    isStreamlitMessage: true,
                    type: "streamlit:setComponentValue",
                    value: value,
                    dataType: "json"
                }, "*");
            }
            // Leaflet handles the event first (streamlit-folium records the clicked layer);
            // a task queued now runs once that is done.
            ["click", "keyup"].forEach(function (type) {
                document.addEventListener(type, function () {
                    setTimeout(sendClickAtOnce, 0);
                }, true);
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, returned_objects: Sequence[str]) -> None:
        super().__init__()
        self._name = "PromptClicks"
        unknown = set(returned_objects) - set(PROMPT_FIELDS)
        if unknown:
            raise ValueError(f"a click cannot send {sorted(unknown)} at once")
        self.fields = [field for field in PROMPT_FIELDS if field in returned_objects]


def prepare(
    fmap: folium.Map, *, key: str, height: int, returned_objects: Sequence[str]
) -> PreparedMap:
    """Run `st_folium` once on a copy of the map and keep what it would send to the browser.

    The copy sends a click at once (`PromptClicks`)."""
    rendered = copy.deepcopy(fmap)
    if returned_objects:
        PromptClicks(returned_objects).add_to(rendered)
    args = _record_component_args(
        lambda: st_folium(
            rendered,
            key=key,
            height=height,
            use_container_width=True,
            returned_objects=list(returned_objects),
        )
    )
    args.pop("on_change", None)
    return PreparedMap(args=args, host=copy.deepcopy(fmap))


def feature_groups_script(prepared: PreparedMap, groups: Sequence[folium.FeatureGroup]) -> str:
    """The JavaScript that adds the changing layers, exactly as `st_folium` builds it."""
    return "".join(
        streamlit_folium._get_feature_group_string(copy.deepcopy(g), map=prepared.host, idx=i)
        for i, g in enumerate(groups)
    )


def show(
    prepared: PreparedMap,
    *,
    key: str,
    feature_groups: str,
    center: tuple[float, float],
    zoom: int,
    on_change: Callable[[], None],
) -> Any:
    """Send the prepared map to the browser; same behaviour as `st_folium(..., key=key)`."""
    hash_key = prepared.args["key"]

    def changed() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})
        on_change()

    return streamlit_folium._component_func(
        **{
            **prepared.args,
            "feature_group": feature_groups or None,
            "center": center,
            "zoom": zoom,
            "on_change": changed,
        }
    )
