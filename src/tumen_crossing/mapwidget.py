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


def prepare(
    fmap: folium.Map, *, key: str, height: int, returned_objects: Sequence[str]
) -> PreparedMap:
    """Run `st_folium` once on a copy of the map and keep what it would send to the browser."""
    rendered = copy.deepcopy(fmap)
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
