"""The Streamlit page through AppTest: panels render their data and links restore the view.

Expected words come from the content, the vocabulary (`vocab.UI`) and the view model, never from
copied prose, so a change of copy does not break these tests and a wrong figure does.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from tumen_crossing import history, views, viewstate
from tumen_crossing.content import PACKAGED_ROOT, Content
from tumen_crossing.downloads import DOWNLOADS
from tumen_crossing.validate import validate
from tumen_crossing.vocab import TAB_IDS, TRADE_MEASURES, UI, attribute_label

from .apptest import new_app_test


@pytest.fixture(scope="module")
def content() -> Content:
    content, problems = validate()
    assert problems == []
    return content


def run(**query: str) -> AppTest:
    at = new_app_test()
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def shown(elements) -> str:
    """What a reader sees of markdown elements: escapes undone."""
    return "\n".join(m.value.replace("\\", "") for m in elements)


def tab(at: AppTest, tab_id: str):
    return at.tabs[TAB_IDS.index(tab_id)]


def details_block(at: AppTest) -> ET.Element:
    """The Details tab's one block of HTML (templates/details.html.j2), parsed: the template
    writes well-formed markup, so a strict XML parser reads it, and fails loudly if it stops."""
    [block] = tab(at, "details").get("html")
    return ET.fromstring(block.value)


def text_of(element: ET.Element) -> str:
    """What a reader sees of an element: its text, line breaks and runs of spaces collapsed
    (thin and no-break spaces are the copy's own)."""
    return re.sub(r"[ \t\r\n]+", " ", "".join(element.itertext())).strip()


def ledger_folds(at: AppTest) -> dict[str, ET.Element]:
    """The ledger's folds by their one-line heading."""
    return {
        text_of(fold.find("summary")): fold
        for fold in details_block(at).iter("details")
        if "tc-ledger" in fold.get("class", "")
    }


def download_link(at: AppTest, which: str, label: str) -> None:
    """The tab links the file its route serves (tests/test_downloads.py checks the bytes)."""
    html = DOWNLOADS[which].link_html(label)
    assert html in [m.value for m in at.markdown], f"no {which} download link"


def test_default_view_invites_a_choice() -> None:
    at = run()
    assert at.title[0].value == "Tumen Crossing"
    assert UI.choose_hint in [i.value for i in at.info]
    assert at.selectbox(key="feature_select").value is None
    assert dict(at.query_params) == {}


def length_group(content: Content, feature_id: str) -> views.ClaimGroupView:
    [group] = [
        g
        for g in views.details(content, content.feature(feature_id)).groups
        if g.label == attribute_label("length")
    ]
    return group


def test_link_restores_friendship_bridge_details(content: Content) -> None:
    at = run(feature="friendship-bridge")
    block = details_block(at)
    assert text_of(block.find("h3")) == content.feature("friendship-bridge").props.name.en
    text = text_of(block)
    length = length_group(content, "friendship-bridge")
    assert len(length.claims) >= 2
    for claim in length.claims:
        assert claim.value in text
    assert length.disagree and UI.disagree in text
    # Drawn midway between the two claims: its length is no independent measurement.
    assert length.measured is None and UI.measured_on_map not in text
    assert at.selectbox(key="feature_select").value == "friendship-bridge"


def test_road_bridge_lists_the_length_claims_with_sources(content: Content) -> None:
    at = run(feature="road-bridge")
    length = length_group(content, "road-bridge")
    ledger = ledger_folds(at)[length.heading]
    items = ledger.find("ul").findall("li")  # the claims; the sources' own words follow
    claims = [li for li in items if li.get("class") == "tc-claim"]
    assert len(claims) == len(length.claims) >= 5
    for li, claim in zip(claims, length.claims, strict=True):
        assert text_of(li.find("strong")) == claim.value
        links = {a.get("href"): text_of(a) for a in li.iter("a")}
        for source in claim.sources:
            assert links.get(source.url) == source.publisher  # linked to its source
    # the drawn line's length echoes the section lengths it was drawn to: never ours
    assert length.measured is None and UI.measured_on_map not in text_of(ledger)
    assert text_of(items[-1]) == UI.disagree


def test_selecting_in_the_select_box_updates_the_link() -> None:
    at = run()
    at.selectbox(key="feature_select").set_value("tumen-river").run()
    assert at.query_params["feature"] == "tumen-river"
    assert text_of(details_block(at).find("h3")) == "Tumen River"


@pytest.mark.parametrize(
    "query",
    [
        {"feature": "<script>alert(1)</script>"},
        {"tab": "nope"},
        {"date": "2025-02-30"},
        {"event": "no-such-event", "base": "moon"},
    ],
)
def test_bad_link_shows_a_gentle_notice_and_cleans_the_link(
    content: Content, query: dict[str, str]
) -> None:
    at = run(**query)
    expected = viewstate.parse(query, set(content.by_id), {e.id for e in content.events})[1]
    assert len(expected) == len(query)
    notices = [i.value for i in at.info]
    assert set(expected) <= set(notices)
    for value in query.values():
        assert all(value not in n for n in notices)
    assert dict(at.query_params) == {}  # what was not understood left the address bar


def raw_trade() -> list[dict]:
    return json.loads((PACKAGED_ROOT / "trade.json").read_text(encoding="utf-8"))


def test_trade_panel_has_table_download_and_sanctions_note(content: Content) -> None:
    at = run(tab="trade")
    figures = raw_trade()
    frame = tab(at, "trade").table[0].value
    rows = zip(frame[UI.year], frame[UI.measure], frame[UI.us_million], strict=True)
    assert sorted((y, m.replace("\\", ""), v.replace("\\", "")) for y, m, v in rows) == sorted(
        (str(f["year"]), TRADE_MEASURES[f["measure"]].label, f"{f['value_usd'] / 1e6:,.1f}")
        for f in figures
    )
    assert UI.trade_caveat in shown(tab(at, "trade").markdown)
    download_link(tab(at, "trade"), "trade", UI.download_trade)
    # the rate shown is the one the figures give, computed here from the raw file
    exports = sorted(
        (f for f in figures if f["measure"] == "russian-exports"), key=lambda f: f["year"]
    )
    first, last = exports[0], exports[-1]
    rate = (last["value_usd"] / first["value_usd"]) ** (1 / (last["year"] - first["year"])) - 1
    assert f"{rate:+.1%} a year" in shown(at.markdown)


def test_base_map_choice_goes_into_the_link() -> None:
    at = run()
    at.segmented_control(key="base_select").set_value("satellite").run()
    assert at.query_params["base"] == "satellite"
    at.segmented_control(key="base_select").set_value("osm").run()
    assert "base" not in at.query_params  # the default is left out


def test_choosing_an_event_selects_its_features() -> None:
    at = run(tab="timeline")
    at.button(key="event-rajin-khasan-reopens").click().run()
    assert at.query_params["event"] == "rajin-khasan-reopens"
    assert at.query_params["feature"] == "rail-khasan-rajin"
    assert at.selectbox(key="feature_select").value == "rail-khasan-rajin"
    assert any("📍" in m.value and "Khasan–Rajin railway reopens" in m.value for m in at.markdown)


FOLLOWERS = {  # the widgets that follow the link, by kind
    "feature_select": "selectbox",
    "date_select": "select_slider",
    "base_select": "button_group",
    "lang_select": "button_group",
}


def forced(at: AppTest) -> set[str]:
    """The link's widgets that this run sends with an order to show its value."""
    shown = {w.key: w for kind in set(FOLLOWERS.values()) for w in at.get(kind)}
    assert set(shown) >= set(FOLLOWERS)
    return {key for key in FOLLOWERS if shown[key].proto.set_value}


def test_every_run_sends_the_links_widgets_with_the_links_values() -> None:
    """Even when nothing changed. Without that order the browser may show a widget's own
    default, for the select box its first place, and the next run reads it as the reader's
    choice: with the widgets set only where the link disagreed, two full runs of the suite
    found the border chosen in test_receipts instead of the road bridge."""
    at = run(feature="road-bridge")
    at.run()  # nothing changed
    assert forced(at) == set(FOLLOWERS)


def test_road_bridge_has_five_length_claims_and_no_measure_of_its_own() -> None:
    at = run(feature="road-bridge")
    ledger = next(f for heading, f in ledger_folds(at).items() if heading.startswith("Length: "))
    claims = ledger.findall("ul/li[@class='tc-claim']")
    assert len(claims) >= 5
    length = text_of(ledger)
    assert "Measured on our map" not in length and "Sources disagree" in length


def facts_listed(at: AppTest) -> list[str]:
    """The claims the Facts tab lists, one markdown list item each."""
    return [
        line
        for m in tab(at, "facts").markdown
        for line in m.value.splitlines()
        if line.startswith("- **")
    ]


def test_facts_tab_lists_every_claim_and_filters_by_text(content: Content) -> None:
    at = run(tab="facts")
    assert len(facts_listed(at)) == len(content.claims)
    download_link(tab(at, "facts"), "claims", UI.download_claims)
    at.text_input(key="facts_filter").input("Reuters").run()
    expected = [
        r
        for r in views.facts(content).rows
        if "reuters"
        in " ".join(
            str(v) for k, v in asdict(r).items() if k not in ("subject_id", "sources")
        ).lower()
    ]
    assert 0 < len(facts_listed(at)) == len(expected) < len(content.claims)
    assert f"{len(expected)} of {len(content.claims)}" in tab(at, "facts").caption[-1].value
    download_link(tab(at, "facts"), "claims", UI.download_claims)  # the file keeps every claim


def test_facts_subject_filter_shows_only_that_subject(content: Content) -> None:
    at = run(tab="facts")
    rows = views.facts(content).rows
    subjects = sorted({r.subject for r in rows})
    assert at.multiselect(key="facts_subjects").options == subjects
    chosen = next(s for s in subjects if 1 < sum(r.subject == s for r in rows) < len(rows))
    at.multiselect(key="facts_subjects").select(chosen).run()
    listed = facts_listed(at)
    assert len(listed) == sum(r.subject == chosen for r in rows)
    headings = [m.value for m in tab(at, "facts").markdown if m.value.startswith("**")]
    assert len(headings) == 1 and headings[0].replace("\\", "").startswith(f"**{chosen}**")


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
    summary = details_block(at).find("div[@class='tc-summary']")
    answer = [text_of(b) for b in summary.iter("strong")]
    assert answer == ["Under construction since 27 February 2025."]  # the answer, in bold
    assert "Sources give its length as 800 m to about 1 km" in text_of(summary)
    folds = ledger_folds(at)
    assert len(folds) >= 10 and not any(f.get("open") is not None for f in folds.values())


# --- time: the date slider and the previous / next buttons -----------------------------------


def says_as_of(at: AppTest, content: Content, feature_id: str, day: date | None) -> None:
    """Details sums up the feature as it stood that day and, for a past day, says which day."""
    text = text_of(details_block(at))
    details = views.details(content, content.feature(feature_id), day)
    parts = [p.text for line in details.summary for p in line]
    for part in parts:
        assert part in text, (day, part)
    as_of = UI.as_of_suffix.format(date="")[:-1]  # '(as of '
    if day is None:
        assert as_of not in text
    else:  # the state names the day: 'open since 9 August 1959 (as of 1970)'
        assert views.day_text(content, day) in details.status.state, (day, details.status)


def past_key_dates(content: Content) -> list[date]:
    return [d for d in history.key_dates(content) if d < date.today()]


def test_moving_the_slider_writes_the_date_and_details_say_as_of(content: Content) -> None:
    at = run(feature="road-bridge")
    day = past_key_dates(content)[-3]
    at.select_slider(key="date_select").set_value(day).run()
    assert at.query_params["date"] == day.isoformat()
    says_as_of(at, content, "road-bridge", day)
    earlier = past_key_dates(content)[0]
    at.select_slider(key="date_select").set_value(earlier).run()
    assert at.query_params["date"] == earlier.isoformat()
    says_as_of(at, content, "road-bridge", earlier)
    # (AppTest cannot set a select slider to None, the right end: Next past the last key date
    # below, and the browser walk in tests/browser/test_time.py, cover the newest state.)


def test_next_walks_every_key_date_then_drops_the_date(content: Content) -> None:
    stops = past_key_dates(content)
    at = run(feature="friendship-bridge", date=stops[0].isoformat())
    for day in stops[1:]:
        at.button(key="date_next").click().run()
        assert at.query_params["date"] == day.isoformat()
        assert at.select_slider(key="date_select").value == day
        says_as_of(at, content, "friendship-bridge", day)
    at.button(key="date_next").click().run()  # past the last key date: the newest state
    assert "date" not in at.query_params
    assert at.select_slider(key="date_select").value is None
    says_as_of(at, content, "friendship-bridge", None)


def test_previous_steps_back_to_the_key_date_before(content: Content) -> None:
    past = past_key_dates(content)
    at = run(feature="road-bridge")
    at.button(key="date_prev").click().run()
    assert at.query_params["date"] == past[-1].isoformat()
    says_as_of(at, content, "road-bridge", past[-1])
    at.button(key="date_prev").click().run()
    assert at.query_params["date"] == past[-2].isoformat()
    at = run(date=past[0].isoformat())
    at.button(key="date_prev").click().run()  # before the first stays on the first
    assert at.query_params["date"] == past[0].isoformat()
