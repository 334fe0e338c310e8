"""URL query <-> ViewState: total, strict parsing; defaults left out of links."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tumen_crossing import viewstate
from tumen_crossing.viewstate import DEFAULT, ViewState, parse, share_url, to_query
from tumen_crossing.vocab import BASE_IDS as BASES
from tumen_crossing.vocab import LINK_KEYS as KEYS
from tumen_crossing.vocab import TAB_IDS as TABS

IDS = {"tumen-river", "friendship-bridge", "road-bridge"}


def test_empty_query_is_the_default_view() -> None:
    assert parse({}, IDS) == (DEFAULT, [])


def test_a_full_link_round_trips() -> None:
    state = ViewState(feature="road-bridge", base="satellite", tab="trade")
    assert parse(to_query(state), IDS) == (state, [])


def test_defaults_are_left_out_of_links() -> None:
    assert to_query(DEFAULT) == {}
    assert to_query(DEFAULT.with_(feature="tumen-river")) == {"feature": "tumen-river"}


def test_unknown_feature_falls_back_with_a_notice() -> None:
    state, notices = parse({"feature": "atlantis"}, IDS)
    assert state == DEFAULT
    assert notices and "atlantis" not in notices[0]


def test_hostile_value_is_neither_used_nor_echoed() -> None:
    hostile = "<script>alert(1)</script>"
    state, notices = parse({"feature": hostile, "tab": "javascript:alert(1)"}, IDS)
    assert state == DEFAULT
    assert len(notices) == 2
    assert all("<" not in n and "javascript" not in n for n in notices)


def test_very_long_value_is_rejected() -> None:
    state, notices = parse({"feature": "a" * 10_000}, IDS)
    assert state == DEFAULT and notices


def test_repeated_keys_with_different_values_fall_back() -> None:
    state, notices = parse({"feature": ["road-bridge", "tumen-river"]}, IDS)
    assert state.feature is None and notices
    state, notices = parse({"feature": ["road-bridge", "road-bridge"]}, IDS)
    assert state.feature == "road-bridge" and not notices


def test_unknown_keys_are_ignored_quietly() -> None:
    assert parse({"utm_source": "newsletter"}, IDS) == (DEFAULT, [])


values = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            *IDS,
            *BASES,
            *TABS,
            "",
            " ",
            "%00",
            "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
        ]
    ),
)
queries = st.dictionaries(
    st.one_of(st.sampled_from(KEYS), st.text(max_size=10)),
    st.one_of(values, st.lists(values, max_size=4)),
    max_size=6,
)


@settings(max_examples=5000, deadline=None)
@given(queries)
def test_any_query_gives_a_valid_state(query) -> None:
    state, notices = parse(query, IDS)
    assert state.feature is None or state.feature in IDS
    assert state.base in BASES and state.tab in TABS
    assert all(isinstance(n, str) and len(n) < 200 for n in notices)
    assert parse(to_query(state), IDS) == (state, [])


def test_share_url_keeps_the_page_address_and_replaces_the_query() -> None:
    state = ViewState(feature="road-bridge", tab="trade")
    assert share_url("http://localhost:8501", state) == (
        "http://localhost:8501/?feature=road-bridge&tab=trade"
    )
    assert share_url("https://example.org/tc/?feature=x#frag", DEFAULT) == "https://example.org/tc/"


# --- moves ------------------------------------------------------------------------------------

TODAY = date(2026, 11, 26)
STOPS = [date(1959, 8, 9), date(2020, 1, 1), date(2024, 6, 19), date(2025, 4, 30)]


def test_selecting_a_feature_ends_an_event_choice_and_ignores_unknown_ids() -> None:
    state = ViewState(event="treaty", feature="road-bridge", base="satellite")
    chosen = viewstate.select_feature(state, "tumen-river", IDS)
    assert chosen == ViewState(feature="tumen-river", base="satellite")
    assert viewstate.select_feature(state, "atlantis", IDS).feature is None
    assert viewstate.select_feature(state, None, IDS).feature is None


def test_selecting_an_event_details_its_first_known_feature() -> None:
    state = ViewState(feature="tumen-river")
    chosen = viewstate.select_event(
        state, "launch", ["atlantis", "road-bridge", "tumen-river"], IDS
    )
    assert (chosen.event, chosen.feature) == ("launch", "road-bridge")
    unplaced = viewstate.select_event(state, "talks", ["atlantis"], IDS)
    assert (unplaced.event, unplaced.feature) == ("talks", "tumen-river")


def test_selecting_an_event_moves_the_map_to_its_date() -> None:
    state = ViewState(feature="tumen-river", date=date(1970, 1, 1))
    chosen = viewstate.select_event(
        state, "launch", ["road-bridge"], IDS, when=date(2025, 4, 30), today=TODAY
    )
    assert (chosen.feature, chosen.date) == ("road-bridge", date(2025, 4, 30))
    assert viewstate.select_event(state, "x", [], IDS, when=TODAY, today=TODAY).date is None
    assert viewstate.select_event(state, "x", [], IDS).date == date(1970, 1, 1)  # no date: kept


def test_choosing_today_or_later_is_the_newest_state() -> None:
    state = ViewState(date=date(2000, 1, 1))
    assert viewstate.choose_date(state, TODAY, TODAY).date is None
    assert viewstate.choose_date(state, None, TODAY).date is None
    assert viewstate.choose_date(state, date(2024, 6, 19), TODAY).date == date(2024, 6, 19)


def test_stepping_walks_the_key_dates_in_both_directions() -> None:
    state = ViewState()  # the newest state: "today"
    seen = []
    for _ in range(len(STOPS) + 1):
        state = viewstate.step_date(state, STOPS, -1, TODAY)
        seen.append(state.date)
    assert seen == [*reversed(STOPS), STOPS[0]]  # stays on the first stop
    forward = []
    for _ in range(len(STOPS)):
        state = viewstate.step_date(state, STOPS, 1, TODAY)
        forward.append(state.date)
    assert forward == [*STOPS[1:], None]  # past the last stop: the newest state, no date
    between = viewstate.step_date(ViewState(date=date(2022, 3, 3)), STOPS, 1, TODAY)
    assert between.date == date(2024, 6, 19)
    assert viewstate.step_date(ViewState(), [], 1, TODAY) == ViewState()


def test_highlight_is_the_events_features_and_the_choice_each_once() -> None:
    state = ViewState(feature="road-bridge", event="launch")
    assert viewstate.highlighted(state, ["road-bridge", "tumen-river"]) == (
        "road-bridge",
        "tumen-river",
    )
    assert viewstate.highlighted(ViewState(), []) == ()
