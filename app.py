"""Tumen Crossing — the Streamlit page. Wires the core (src/tumen_crossing) to the screen.

The URL is the view's only store: every control writes the query string, every run reads it.
"""

from __future__ import annotations

import copy
import os
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import folium
import streamlit as st
from streamlit_folium import st_folium

from tumen_crossing import history, mapview, panels, viewstate
from tumen_crossing.assets import use_self_hosted_assets
from tumen_crossing.content import DEFAULT_ROOT, Content, Problem
from tumen_crossing.text import md
from tumen_crossing.validate import validate
from tumen_crossing.viewstate import BASES, TABS, ViewState

TAB_LABELS = {
    "details": "Details",
    "trade": "Trade",
    "timeline": "Timeline",
    "facts": "Facts & sources",
    "sources": "Sources",
}
BASE_LABELS = {"osm": "Street map", "satellite": "Satellite", "terrain": "Terrain"}
MAP_KEY = "map"

st.set_page_config(page_title="Tumen Crossing", page_icon="🌉", layout="wide")


@st.cache_resource(show_spinner=False)
def load_content(root: str) -> tuple[Content, list[Problem]]:
    """Content is read and checked once per process and folder."""
    return validate(Path(root))


CONTENT_ROOT = os.environ.get("TUMEN_GEODATA", str(DEFAULT_ROOT))
"""Where the content lives: geodata/ unless TUMEN_GEODATA points elsewhere (tests, previews)."""


@st.cache_resource(show_spinner=False, max_entries=64)
def pristine_map(root: str, signature: tuple, _day: date | None) -> folium.Map:
    """One map per distinct state of the features, built once and never rendered itself:
    streamlit-folium renames elements as it renders, so a map rendered twice emits stale
    names. Each run draws a deep copy (about 5 ms), which keeps the script identical across
    runs, so the map never remounts while the date's state stays the same."""
    use_self_hosted_assets()
    return mapview.build_map(load_content(root)[0], _day)


@st.cache_resource(show_spinner=False)
def tile_group(base: str) -> folium.FeatureGroup:
    return mapview.tile_group(base)  # type: ignore[arg-type]


@st.cache_resource(show_spinner=False)
def highlight_group(root: str, feature_ids: tuple[str, ...]) -> folium.FeatureGroup:
    content = load_content(root)[0]
    return mapview.highlight_group([f for i in feature_ids if (f := content.feature(i))])


content, problems = load_content(CONTENT_ROOT)
ids = set(content.by_id)
events = {e.id: e for e in content.events}


def current_state() -> tuple[ViewState, list[str]]:
    query = {key: st.query_params.get_all(key) for key in viewstate.KEYS}
    return viewstate.parse({k: v for k, v in query.items() if v}, ids, events)


def show(state: ViewState) -> None:
    """Write a state to the URL (the next run reads it back)."""
    st.query_params.from_dict(viewstate.to_query(state))


def select_feature(feature_id: str | None, move_map: bool = True) -> None:
    state, _ = current_state()
    show(state.with_(feature=feature_id if feature_id in ids else None, event=None))
    if move_map:
        st.session_state["view"] = mapview.view_for(content.feature(feature_id or ""))


def select_event(event_id: str) -> None:
    """Choosing an event selects its features: the first in Details, all highlighted."""
    state, _ = current_state()
    related = [f for f in events[event_id].features if f in ids]
    show(state.with_(event=event_id, feature=related[0] if related else state.feature))
    if related:
        st.session_state["view"] = mapview.view_for(content.feature(related[0]))


def on_map_click() -> None:
    drawing = (st.session_state.get(MAP_KEY) or {}).get("last_active_drawing") or {}
    feature_id = (drawing.get("properties") or {}).get("id")
    if isinstance(feature_id, str) and feature_id in ids:
        select_feature(feature_id, move_map=False)


def on_select_box() -> None:
    select_feature(st.session_state.get("feature_select"))


def on_base() -> None:
    state, _ = current_state()
    base = st.session_state.get("base_select")
    show(state.with_(base=base if base in BASES else state.base))


def on_date() -> None:
    state, _ = current_state()
    chosen = st.session_state.get("date_select")
    show(state.with_(date=None if chosen is None or chosen >= date.today() else chosen))


def step_date(direction: int) -> None:
    """Jump to the previous or next key date (an event or a status change)."""
    state, _ = current_state()
    day = state.date or date.today()
    stops = history.key_dates(content)
    if not stops:
        return
    if direction < 0:
        earlier = [d for d in stops if d < day]
        target = earlier[-1] if earlier else stops[0]
    else:
        later = [d for d in stops if d > day]
        target = later[0] if later else None
    show(state.with_(date=target))


def on_tab() -> None:
    state, _ = current_state()
    label = st.session_state.get("tab_select")
    tab = next((t for t, text in TAB_LABELS.items() if text == label), state.tab)
    show(state.with_(tab=tab))


def share_link(state: ViewState) -> str:
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    return urlunsplit(
        (parts.scheme, parts.netloc, parts.path, urlencode(viewstate.to_query(state)), "")
    )


state, notices = current_state()
if notices:
    show(state)  # drop what was not understood, so the link in the bar is clean
if "view" not in st.session_state:
    st.session_state["view"] = mapview.view_for(content.feature(state.feature or ""))
# widgets follow the URL, not the other way round
st.session_state["feature_select"] = state.feature
st.session_state["base_select"] = state.base
st.session_state["tab_select"] = TAB_LABELS[state.tab]
st.session_state["date_select"] = state.date or date.today()

panels.header(content)
for notice in notices:
    st.info(notice, icon="ℹ️")
if problems:
    st.warning(
        "Part of this explainer's content has a problem and may be missing or incomplete ("
        + ", ".join(md(f) for f in sorted({p.file for p in problems}))
        + "). Everything else is shown as usual.",
        icon="⚠️",
    )

map_column, panel_column = st.columns([3, 2], gap="medium")
with map_column:
    controls = st.columns([3, 2])
    controls[0].selectbox(
        "Feature",
        options=[None, *sorted(ids, key=lambda i: content.by_id[i].props.name.en)],
        format_func=lambda i: (
            "— choose a feature —" if i is None else content.by_id[i].props.name.en
        ),
        key="feature_select",
        on_change=on_select_box,
    )
    controls[1].segmented_control(
        "Base map",
        options=list(BASES),
        format_func=BASE_LABELS.get,
        key="base_select",
        on_change=on_base,
        required=True,
    )
    when = st.columns([6, 1, 1], vertical_alignment="bottom")
    when[0].slider(
        "Show the map as it stood on",
        min_value=viewstate.EARLIEST_DATE,
        max_value=date.today(),
        format="D MMM YYYY",
        key="date_select",
        on_change=on_date,
        help="Drag back in time: features appear with the status they had then. "
        "The right end is the newest sourced state.",
    )
    when[1].button("◀", key="date_prev", on_click=step_date, args=(-1,), help="Previous event")
    when[2].button("▶", key="date_next", on_click=step_date, args=(1,), help="Next event")
    center, zoom = st.session_state["view"]
    selected = tuple(
        dict.fromkeys(
            [*(events[state.event].features if state.event else []), *filter(None, [state.feature])]
        )
    )
    st_folium(
        copy.deepcopy(
            pristine_map(CONTENT_ROOT, history.state_signature(content, state.date), state.date)
        ),
        key=MAP_KEY,
        height=mapview.MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        feature_group_to_add=[
            copy.deepcopy(tile_group(state.base)),
            copy.deepcopy(highlight_group(CONTENT_ROOT, selected)),
        ],
        center=center,
        zoom=zoom,
        on_change=on_map_click,
    )
    with st.expander("Share this view"):
        st.code(share_link(state), language=None)
        st.caption("Copy the link: it reopens this feature, base map and panel.")

with panel_column:
    tabs = st.tabs(list(TAB_LABELS.values()), key="tab_select", on_change=on_tab)
    with tabs[TABS.index("details")]:
        panels.details(content, content.feature(state.feature or ""), state.date)
    with tabs[TABS.index("trade")]:
        panels.trade(content)
    with tabs[TABS.index("timeline")]:
        panels.timeline(content, state.event, state.date, on_select=select_event)
    with tabs[TABS.index("facts")]:
        panels.facts(content)
    with tabs[TABS.index("sources")]:
        panels.sources(content)
st.caption(
    "Map data © OpenStreetMap contributors (ODbL); imagery © Esri; terrain © OpenTopoMap "
    "(CC-BY-SA). Shapes carry their own accuracy and method in Details."
)
