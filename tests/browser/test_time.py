"""The time control in Chromium: the map as it stood on a date, and dates in links."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tumen_crossing.validate import validate

from .conftest import Watched, screenshot

pytestmark = pytest.mark.browser

ROAD_BRIDGE = 'path.leaflet-interactive[stroke="#e67e22"]'
RAIL_BRIDGE = 'path.leaflet-interactive[stroke="#1b2631"]'


def open_at(watched: Watched, app_url: str, query: str):
    watched.page.goto(f"{app_url}/?{query}")
    frame = watched.map_frame()
    watched.page.get_by_text("Show the map as it stood on").wait_for()
    return frame


def road_bridge_dash(frame) -> str | None:
    return frame.locator(ROAD_BRIDGE).get_attribute("stroke-dasharray")


def test_in_1970_only_the_rail_bridge_stands(watched: Watched, app_url: str) -> None:
    frame = open_at(watched, app_url, "date=1970&feature=friendship-bridge")
    assert frame.locator(RAIL_BRIDGE).count() == 1
    assert frame.locator(ROAD_BRIDGE).count() == 0
    watched.page.get_by_text("as of 1 January 1970").wait_for()
    screenshot(watched, "date-1970")
    assert watched.errors == []


def test_in_july_2024_the_road_bridge_is_planned(watched: Watched, app_url: str) -> None:
    frame = open_at(watched, app_url, "date=2024-07-01&feature=road-bridge")
    assert road_bridge_dash(frame) == "3 9"  # the planned style
    watched.page.get_by_text("planned since June 2024").first.wait_for()
    screenshot(watched, "date-2024-07-01")
    assert watched.errors == []


def test_in_october_2025_the_road_bridge_is_under_construction(
    watched: Watched, app_url: str
) -> None:
    frame = open_at(watched, app_url, "date=2025-10-01&feature=road-bridge")
    assert road_bridge_dash(frame) == "14 7"  # the under-construction style
    # the state began with site clearing in February; April's launch ceremony is a milestone
    watched.page.get_by_text("under construction since 27 February 2025").first.wait_for()
    screenshot(watched, "date-2025-10-01")
    assert watched.errors == []


def test_default_shows_the_newest_state(watched: Watched, app_url: str) -> None:
    frame = open_at(watched, app_url, "feature=road-bridge")
    assert road_bridge_dash(frame) == "14 7"
    newest = validate()[0].feature("road-bridge").props.status  # the last sourced state
    watched.page.get_by_text(newest.note or "", exact=False).first.wait_for()
    assert "date" not in parse_qs(urlsplit(watched.url()).query)


def test_stepping_back_puts_the_date_in_the_link(watched: Watched, app_url: str) -> None:
    frame = open_at(watched, app_url, "date=2025-10-01")
    watched.page.get_by_role("button", name="◀").click()
    watched.page.wait_for_function("location.search.includes('date=2025-09')")
    query = parse_qs(urlsplit(watched.url()).query)
    assert query["date"][0] < "2025-10-01"
    # the link round-trips in a fresh page
    second = watched.page.context.new_page()
    second.goto(watched.url())
    second.get_by_text("Show the map as it stood on").wait_for()
    assert parse_qs(urlsplit(second.evaluate("location.href")).query)["date"] == query["date"]
    assert frame.locator(RAIL_BRIDGE).count() == 1
    assert watched.errors == []


def test_malformed_date_falls_back_with_a_notice(watched: Watched, app_url: str) -> None:
    open_at(watched, app_url, "date=2025-02-30")
    watched.page.get_by_text("not a date").wait_for()
    assert "date" not in parse_qs(urlsplit(watched.url()).query)
    assert watched.errors == []
