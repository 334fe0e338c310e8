"""URL query <-> ViewState: total, strict parsing; defaults left out of links."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tumen_crossing.viewstate import (
    BASES,
    DEFAULT,
    KEYS,
    TABS,
    ViewState,
    parse,
    share_url,
    to_query,
)

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
