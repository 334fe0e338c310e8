"""The bench baseline: the least a Streamlit + streamlit-folium page can do for one click.

One GeoJSON line (the road bridge's two end points), the same self-hosted Leaflet files as
the app (so asset bytes compare like for like), OSM tiles (stubbed by the bench), and a click
on the line -> rerun -> `st.write` of the clicked id. `returned_objects` is limited to
`last_active_drawing`, as in app.py, so panning or zooming sends nothing back either.

Run by bench/run.py as `streamlit run bench/baseline_app.py` from the repo root: Streamlit
serves `bench/static` (a symlink to ../static) at /app/static/, where
`assets.self_host` points the map.
"""

import folium
import streamlit as st
from baseline_line import LINE  # bench/ is on sys.path: Streamlit adds the script's folder
from streamlit_folium import st_folium

from tumen_crossing.assets import self_host

fmap = folium.Map(location=(42.4113, 130.6429), zoom_start=15)
folium.GeoJson(LINE, style_function=lambda _: {"color": "#e67e22", "weight": 9}).add_to(fmap)
out = st_folium(self_host(fmap), key="map", height=620, returned_objects=["last_active_drawing"])
drawing = (out or {}).get("last_active_drawing") or {}
st.write(f"clicked: {(drawing.get('properties') or {}).get('id', 'nothing')}")
