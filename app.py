"""Tumen Crossing — the Streamlit page. Wires the core (src/tumen_crossing) to the screen.

The URL is the view's only store: every control writes the query string, every run reads it.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date, timedelta

import streamlit as st

from tumen_crossing import appcache, history, i18n, mapview, mapwidget, panels, views, viewstate
from tumen_crossing.appcache import MAP_KEY
from tumen_crossing.content import content_root
from tumen_crossing.dates import date_start
from tumen_crossing.templating import html_json, render
from tumen_crossing.text import md
from tumen_crossing.viewstate import ViewState
from tumen_crossing.vocab import (
    BASE_IDS,
    LANGUAGE,
    LANGUAGES,
    LINK_KEYS,
    SITE_NAME,
    TAB_IDS,
)

RUN_STARTED = time.perf_counter()
MAP_VIEW = '.st-key-date_select, iframe[title="streamlit_folium.st_folium"]'
"""What "Show on map" scrolls to the top: the date control, with the map right below it."""

st.set_page_config(page_title=SITE_NAME, page_icon="🌉", layout="wide")


CONTENT_ROOT = str(content_root())


def link_query() -> dict[str, list[str]]:
    query = {key: st.query_params.get_all(key) for key in LINK_KEYS}
    return {k: v for k, v in query.items() if v}


LANG = viewstate.parse_language(link_query()) or i18n.negotiate(st.context.locale) or LANGUAGE
"""The page's language: the link's, else the browser's, else English."""
W = i18n.words(LANG)
problems = appcache.load_content(CONTENT_ROOT)[1]
content = appcache.content_in(CONTENT_ROOT, LANG)
ids = set(content.by_id)
events = {e.id: e for e in content.events}


def current_state() -> tuple[ViewState, list[str]]:
    return viewstate.parse(link_query(), ids, events, chapters=content.story, ui=W.ui)


def show(state: ViewState) -> None:
    """Write a state to the URL (the next run reads it back)."""
    st.query_params.from_dict(viewstate.to_query(state))


def move_map_to(feature_id: str | None) -> None:
    st.session_state["view"] = mapview.view_for(content.feature(feature_id or ""))


def select_feature(feature_id: str | None, move_map: bool = True) -> None:
    state, _ = current_state()
    show(viewstate.select_feature(state, feature_id, ids))
    if move_map:
        move_map_to(feature_id)


def select_event(event_id: str) -> None:
    """The timeline's "Show on map": the event's features, at the event's date, with the map
    brought into view (the timeline sits far below it)."""
    state, _ = current_state()
    event = events[event_id]
    chosen = viewstate.select_event(
        state, event_id, event.features, ids, when=date_start(event.date), today=date.today()
    )
    show(chosen)
    if chosen.feature in event.features:  # the event has a feature on the map
        move_map_to(chosen.feature)
    st.session_state["scroll_to_map"] = st.session_state.get("scroll_to_map", 0) + 1


STORY_KEPT = "story_kept"
"""The chapter the reader last read, kept for the session: leaving the story and coming back
resumes there."""


def chapter_view(state: ViewState) -> views.StoryView | None:
    return views.story(content, state.story) if state.story else None


def show_chapter(chosen: ViewState) -> None:
    """Write a chapter's state and move the map to its view (the map stays mounted)."""
    show(chosen)
    chapter = chapter_view(chosen)
    if chapter is not None:
        st.session_state[STORY_KEPT] = chapter.chapter_id
        st.session_state["view"] = (chapter.center, chapter.zoom)


def step_story(direction: int) -> None:
    state, _ = current_state()
    show_chapter(viewstate.step_chapter(state, content.story, direction, ids))


def open_story() -> None:
    """Start the story, or resume it at the chapter the reader left."""
    state, _ = current_state()
    kept = st.session_state.get(STORY_KEPT)
    chapter = next((c for c in content.story if c.id == kept), None)
    if chapter is None:
        show_chapter(viewstate.step_chapter(state, content.story, 1, ids))
    else:
        show_chapter(viewstate.open_chapter(state, chapter, ids))


def leave_story() -> None:
    state, _ = current_state()
    show(viewstate.leave_story(state))


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
    show(state.with_(base=base if base in BASE_IDS else state.base))


def on_language() -> None:
    """Switch the page's language: the link then carries it (`lang=`)."""
    state, _ = current_state()
    chosen = st.session_state.get("lang_select")
    show(state.with_(lang=chosen if chosen in LANGUAGES else state.lang))


def on_date() -> None:
    state, _ = current_state()
    show(viewstate.choose_date(state, st.session_state.get("date_select"), date.today()))


def pick_date(day: date | None) -> None:
    """A key date chosen on the strip under the slider."""
    state, _ = current_state()
    show(viewstate.choose_date(state, day, date.today()))


def step_date(direction: int) -> None:
    """Jump to the previous or next key date (an event or a status change)."""
    state, _ = current_state()
    show(viewstate.step_date(state, history.key_dates(content), direction, date.today()))


def on_tab() -> None:
    state, _ = current_state()
    label = st.session_state.get("tab_select")
    tab = next((t for t, text in W.tabs.items() if text == label), state.tab)
    show(state.with_(tab=tab))


state, notices = current_state()
if notices or (state.story and st.query_params.to_dict() != viewstate.to_query(state)):
    show(state)  # drop what was not understood, so the link in the bar is clean; and a bare
    # chapter link ('?story=3') shows the chapter's id and view, as Next would have written it
chapter = chapter_view(state)
if chapter is not None:
    st.session_state[STORY_KEPT] = chapter.chapter_id
if "view" not in st.session_state:
    st.session_state["view"] = (
        (chapter.center, chapter.zoom)
        if chapter
        else mapview.view_for(content.feature(state.feature or ""))
    )
# Widgets follow the URL, not the other way round: set on every run, even to the value they
# hold, so that Streamlit tells the browser to show it (test_app: without that, a select box
# could fall back to its first option, and the next run took that for the reader's choice).
st.session_state["feature_select"] = state.feature
st.session_state["base_select"] = state.base
st.session_state["tab_select"] = W.tabs[state.tab]
st.session_state["lang_select"] = LANG
st.session_state["date_select"] = state.date

copy = views.page_copy(content)
panels.style()
panels.header(copy, bool(state.feature or state.event), W, LANG, on_language)
for notice in notices:
    st.info(notice, icon="ℹ️")
if problems:
    files = ", ".join(md(f) for f in sorted({p.file for p in problems}))
    st.warning(W.ui.content_problem.format(files=files), icon="⚠️")

map_column, panel_column = st.columns([3, 2], gap="medium")
with map_column:
    center, zoom = st.session_state["view"]
    shown = [ref.feature_id for ref in chapter.features] if chapter else []
    selected = tuple(  # a halo only where the map draws the feature on its date
        i
        for i in viewstate.highlighted(
            state, events[state.event].features if state.event else shown
        )
        if (f := content.feature(i)) and history.drawn_at(f, state.date)
    )
    signature = history.state_signature(content, state.date)
    prepared = appcache.prepared_map(CONTENT_ROOT, LANG)
    # A keyed box: serve.py's first paint reserves its height before the map's code arrives.
    with st.container(key=mapview.MAP_FRAME_KEY):
        mapwidget.show(
            prepared,
            key=MAP_KEY,
            feature_groups=appcache.layers_script(
                CONTENT_ROOT, LANG, signature, state.base, selected, prepared, state.date
            ),
            center=center,
            zoom=zoom,
            on_change=on_map_click,
        )
    with st.container(key="time-control"):
        when = st.columns([1, 8, 1], vertical_alignment="bottom")
        when[0].button(
            "◀", key="date_prev", on_click=step_date, args=(-1,), help=W.ui.previous_event
        )
        # the stops of date_choices, by year
        strip = appcache.date_strip_view(CONTENT_ROOT, LANG, state.date)
        stops = {tick.value: tick.label for year in strip for tick in year.ticks}
        when[1].select_slider(  # key dates at their own precision, then the latest sourced state
            W.ui.date_control,
            options=list(stops),
            format_func=stops.__getitem__,
            key="date_select",
            on_change=on_date,
            help=W.ui.date_help,
        )
        when[2].button("▶", key="date_next", on_click=step_date, args=(1,), help=W.ui.next_event)
        panels.date_strip(strip, on_pick=pick_date, w=W)
    controls = st.columns([3, 2])
    choices = {ref.feature_id: ref.name for ref in views.feature_choices(content)}
    controls[0].selectbox(
        W.ui.feature_control,
        options=list(choices),
        format_func=choices.get,
        placeholder=W.ui.feature_placeholder,
        key="feature_select",
        on_change=on_select_box,
    )
    controls[1].segmented_control(
        W.ui.base_control,
        options=list(BASE_IDS),
        format_func=W.base,
        key="base_select",
        on_change=on_base,
        required=True,
    )
    with st.popover(W.ui.share):  # rendered on open: no code highlighter on load
        link = viewstate.share_url(st.context.url or "", state.with_(lang=LANG))
        st.code(link, language=None, wrap_lines=True)
        share = {
            "url": link,
            "title": appcache.share_title(CONTENT_ROOT, LANG, link, state),
            "copied": W.ui.link_copied,
            "failed": W.ui.copy_failed,
        }
        st.html(
            render(
                "share_buttons.html.j2",
                id="tc-share",
                id_json=html_json("tc-share"),
                share_json=html_json(share),
                copy_label=W.ui.copy_link,
                native_label=W.ui.share_native,
            ),
            unsafe_allow_javascript=True,  # our own script; the link arrives as escaped JSON
        )
        st.caption(W.ui.share_hint)

# The panel after the map: on a phone the columns stack, and a panel drawn before the map
# would be pushed down the screen when the map arrives (a layout shift of 0.2 under Lighthouse).
with panel_column, st.container(key="panel"):
    if content.story:
        panels.story(
            chapter,
            on_step=step_story,
            on_leave=leave_story,
            on_open=open_story,
            resuming=STORY_KEPT in st.session_state,
            w=W,
        )
    tabs = st.tabs(list(W.tabs.values()), key="tab_select", on_change=on_tab)
    selected_feature = content.feature(state.feature or "")
    draw = {
        "details": lambda: panels.details(
            appcache.details_view(CONTENT_ROOT, LANG, selected_feature.id, state.date)
            if selected_feature
            else None,
            copy.choose_hint,
            W,
        ),
        "trade": lambda: panels.trade(views.trade(content), W),
        "timeline": lambda: panels.timeline(
            views.timeline(content, state.event, state.date), select_event, W
        ),
        "facts": lambda: panels.facts(views.facts(content), W),
        "sources": lambda: panels.sources(views.sources(content), W),
    }
    for key, tab in zip(TAB_IDS, tabs, strict=True):
        if tab.open is not False:  # only the open tab's content runs (None: state not tracked)
            with tab:
                draw[key]()
st.caption(md(copy.attribution))


@st.fragment(run_every=timedelta(hours=1))
def rerun_on_reconnect() -> None:
    """Draws nothing. Streamlit's frontend reruns a page that has a timed fragment when its
    socket reconnects, e.g. to another replica after one died: the new session then knows the
    page's widgets, and the reader's next click is not lost (docs/DEPLOY.md)."""


rerun_on_reconnect()


if nonce := st.session_state.pop("scroll_to_map", None):  # after "Show on map": last, so that
    st.html(  # nothing above moves and the map never remounts
        render("scroll_to_map.html.j2", nonce=nonce, selector_json=html_json(MAP_VIEW)),
        unsafe_allow_javascript=True,
    )
if os.environ.get("TUMEN_TIMING"):  # read by bench/run.py: the script's own time per rerun
    print(
        f"tumen-crossing script-run-ms={(time.perf_counter() - RUN_STARTED) * 1000:.1f}",
        file=sys.stderr,
        flush=True,
    )
