"""A second baseline: the bare baseline plus the same kinds of controls the app shows.

Why: it separates what our content and map cost from what Streamlit's widget code costs on
page load. Run `bench/run.py --baseline widgets`; when this page loads as slowly as ours, the
load-time gap to the bare baseline is the price of the controls the issues ask for (select box,
base-map control, date slider, step buttons, share popover, tabs), not of our map.
"""

import datetime as dt

import folium
import streamlit as st
from baseline_line import LINE  # bench/ is on sys.path: Streamlit adds the script's folder
from streamlit_folium import st_folium

from tumen_crossing.assets import self_host

st.set_page_config(layout="wide")
st.title("Baseline with the app's kinds of controls")
left, right = st.columns([3, 2])
with left:
    top = st.columns([3, 2])
    top[0].selectbox("Feature", ["road-bridge"], index=None, placeholder="Choose")
    top[1].segmented_control("Base map", ["Street map", "Satellite"], default="Street map")
    when = st.columns([6, 1, 1])
    today = dt.date.today()
    when[0].slider("Date", min_value=dt.date(1950, 1, 1), max_value=today, value=today)
    when[1].button("◀")
    when[2].button("▶")
    fmap = folium.Map(location=(42.4113, 130.6429), zoom_start=15)
    folium.GeoJson(LINE, style_function=lambda _: {"color": "#e67e22", "weight": 9}).add_to(fmap)
    out = st_folium(
        self_host(fmap), key="map", height=620, returned_objects=["last_active_drawing"]
    )
    with st.popover("Share"):
        st.write("link")
with right:
    details = st.tabs(["Details", "Trade", "Timeline"])[0]
    drawing = (out or {}).get("last_active_drawing") or {}
    details.write(f"clicked: {(drawing.get('properties') or {}).get('id', 'nothing')}")
