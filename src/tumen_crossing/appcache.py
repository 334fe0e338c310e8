"""What the Streamlit page works out once per process: the content, the map, and the views a
rerun shows. Here rather than in app.py, because Streamlit re-creates a cache decorated inside
the script on every run (reading the function's source each time: about 1 ms per cache)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from tumen_crossing import i18n, mapview, mapwidget, views
from tumen_crossing.content import Content, Problem
from tumen_crossing.validate import validate
from tumen_crossing.viewstate import ViewState

MAP_KEY = "map"
RETURNED_OBJECTS = ("last_active_drawing",)  # a click reruns the script; pan and zoom do not


@st.cache_resource(show_spinner=False)
def load_content(root: str) -> tuple[Content, list[Problem]]:
    """Content is read and checked once per process and folder."""
    return validate(Path(root))


def content_in(root: str, lang: str) -> Content:
    """The content in a language (translated once per process and language)."""
    return i18n.localised(load_content(root)[0], lang)


@st.cache_resource(show_spinner=False)
def prepared_map(root: str, lang: str) -> mapwidget.PreparedMap:
    """One map per language, the newest state with every feature, built and rendered once:
    reruns only send it again, and a date's state is applied in place (`mapview.day_group`),
    so the map never remounts, whatever the date or the chapter of the story (a change of
    language redraws it, with its tooltips and legend in the new language)."""
    fmap = mapview.build_map(content_in(root, lang))
    return mapwidget.prepare(
        fmap, key=MAP_KEY, height=mapview.MAP_HEIGHT, returned_objects=RETURNED_OBJECTS
    )


@st.cache_resource(show_spinner=False, max_entries=512)
def layers_script(
    root: str,
    lang: str,
    signature: tuple,
    base: str,
    selected: tuple[str, ...],
    _map: mapwidget.PreparedMap,
    _day: date | None,
) -> str:
    """The tiles, the highlight and the day's state for a view (the signature names the state;
    days with the same state share it), as the script that swaps them in place."""
    content = content_in(root, lang)
    highlight = mapview.highlight_group([f for i in selected if (f := content.feature(i))])
    return mapwidget.feature_groups_script(
        _map, [mapview.tile_group(base), highlight, mapview.day_group(content, _day)]
    )


@st.cache_resource(show_spinner=False, max_entries=1024)
def details_view(root: str, lang: str, feature_id: str, day: date | None) -> views.DetailsView:
    """A feature's details on a day, worked out once per process (a click is answered from
    here: the ledger takes ~20 ms to build, most of a rerun's own time)."""
    content = content_in(root, lang)
    feature = content.feature(feature_id)
    assert feature is not None
    return views.details(content, feature, day)


@st.cache_resource(show_spinner=False, max_entries=256)
def date_strip_view(root: str, lang: str, day: date | None) -> tuple[views.DateYear, ...]:
    """The key dates under the slider, the chosen one marked (once per process and day)."""
    return views.date_strip(content_in(root, lang), day)


@st.cache_resource(show_spinner=False, max_entries=1024)
def share_title(root: str, lang: str, link: str, _state: ViewState) -> str:
    """The title a shared link carries, once per link (it names the whole view)."""
    return views.share(content_in(root, lang), _state).title
