"""The Streamlit page through AppTest: panels render their data and links restore the view."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tumen_crossing.content import PACKAGED_ROOT

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def run(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_default_view_invites_a_choice() -> None:
    at = run()
    assert at.title[0].value == "Tumen Crossing"
    assert any("Click a bridge" in i.value for i in at.info)
    assert at.selectbox(key="feature_select").value is None


def test_link_restores_friendship_bridge_details() -> None:
    at = run(feature="friendship-bridge")
    assert at.subheader[0].value == "Korea–Russia Friendship Bridge"
    text = markdown_text(at)
    assert "590 m" in text and "623 m" in text
    assert "Sources disagree" in text
    # Drawn midway between the two claims: its length is no independent measurement.
    assert "Measured on this map" not in text
    assert at.selectbox(key="feature_select").value == "friendship-bridge"


def test_road_bridge_lists_the_length_claims_with_sources() -> None:
    at = run(feature="road-bridge")
    text = markdown_text(at)
    for figure in ("800 m", "850 m", "about 1 km"):
        assert figure in text
    assert "1,005 m" not in text  # the drawn line's length echoes the section lengths
    assert "reuters.com" in text


def test_selecting_in_the_select_box_updates_the_link() -> None:
    at = run()
    at.selectbox(key="feature_select").set_value("tumen-river").run()
    assert at.query_params["feature"] == "tumen-river"
    assert at.subheader[0].value == "Tumen River"


@pytest.mark.parametrize("query", [{"feature": "<script>alert(1)</script>"}, {"tab": "nope"}])
def test_bad_link_shows_a_gentle_notice(query: dict[str, str]) -> None:
    at = run(**query)
    notices = [i.value for i in at.info]
    assert any("default" in n or "Details" in n for n in notices)
    assert all("<script>" not in n for n in notices)


def test_trade_panel_has_table_download_and_sanctions_note() -> None:
    at = run(tab="trade")
    frame = at.table[0].value
    assert {"2016", "2021", "2023"}.issubset(set(frame["Year"]))
    assert "Russian exports to North Korea" in set(frame["Measure"])
    assert any("sanctioned" in m.value for m in at.markdown)
    # the rate shown is the one the figures give, computed here from the raw file
    exports = sorted(
        (
            f
            for f in json.loads((PACKAGED_ROOT / "trade.json").read_text())
            if f["measure"] == "russian-exports"
        ),
        key=lambda f: f["year"],
    )
    first, last = exports[0], exports[-1]
    rate = (last["value_usd"] / first["value_usd"]) ** (1 / (last["year"] - first["year"])) - 1
    shown = " ".join(m.value.replace("\\", "") for m in at.markdown)
    assert f"{rate:+.1%} a year" in shown


def test_base_map_choice_goes_into_the_link() -> None:
    at = run()
    at.segmented_control(key="base_select").set_value("satellite").run()
    assert at.query_params["base"] == "satellite"


def test_choosing_an_event_selects_its_features() -> None:
    at = run(tab="timeline")
    at.button(key="event-rajin-khasan-reopens").click().run()
    assert at.query_params["event"] == "rajin-khasan-reopens"
    assert at.query_params["feature"] == "rail-khasan-rajin"
    assert at.selectbox(key="feature_select").value == "rail-khasan-rajin"
    assert any("📍" in m.value and "Khasan–Rajin railway reopens" in m.value for m in at.markdown)


def test_road_bridge_has_five_length_claims_and_no_measure_of_its_own() -> None:
    at = run(feature="road-bridge")
    ledger = next(e for e in at.tabs[0].expander if e.label.startswith("Length: "))
    length = "\n".join(m.value for m in ledger.markdown)
    claims = [line for line in length.splitlines() if line.startswith("- **")]
    assert len(claims) >= 5
    assert "Measured on our map" not in length and "Sources disagree" in length


def test_facts_tab_lists_every_claim_with_a_download() -> None:
    at = run(tab="facts")
    facts = at.tabs[3]

    def listed(tab) -> int:
        return sum(m.value.count("\n- ") for m in tab.markdown)

    shown = listed(facts)
    from tumen_crossing.validate import validate

    assert shown == len(validate()[0].claims)
    assert any("claims." in c.value for c in facts.caption)
    at.text_input(key="facts_filter").input("Reuters").run()
    filtered = listed(at.tabs[3])
    assert 0 < filtered < shown


def test_the_time_control_shows_a_month_as_a_month() -> None:
    at = run(feature="road-bridge", date="2024-06-01")
    control = at.select_slider(key="date_select")
    assert control.value == date(2024, 6, 1)
    assert control.format_func(control.value) == "June 2024"  # never "1 Jun 2024"
    assert control.options[-1] == "Latest sourced state"  # the right end
    assert run().select_slider(key="date_select").value is None  # the default: the latest


def test_show_on_map_moves_the_map_to_the_events_date() -> None:
    at = run(tab="timeline")
    at.button(key="event-putin-visits-pyongyang").click().run()
    assert at.query_params["event"] == "putin-visits-pyongyang"
    assert at.query_params["date"] == "2024-06-01"  # the event's month, as the map stood then
    assert at.select_slider(key="date_select").value == date(2024, 6, 1)
    assert any("data-scroll" in h.value for h in at.get("html")), "no scroll to the map"


def test_details_folds_its_ledger_under_a_summary() -> None:
    at = run(feature="road-bridge")
    details = at.tabs[0]
    text = markdown_text(at)
    assert "**Under construction since 27 February 2025\\.**" in text  # the answer, in bold
    assert "Sources give its length as 800 m to about 1 km" in text
    assert len(details.expander) >= 10 and not any(e.proto.expanded for e in details.expander)
