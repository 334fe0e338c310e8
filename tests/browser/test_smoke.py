"""The app in real Chromium: loads, draws, answers a click, restores a link, logs no error."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest

from tumen_crossing.vocab import TILE_HOSTS

from .conftest import Watched, screenshot

pytestmark = pytest.mark.browser

ROAD_BRIDGE = 'path.leaflet-interactive[stroke="#e67e22"]'
RAIL_BRIDGE = 'path.leaflet-interactive[stroke="#1b2631"]'


def details_heading(watched: Watched):
    return watched.page.locator('[data-testid="stHeadingWithActionElements"] h3')


def test_first_load_draws_both_bridges(watched: Watched, app_url: str) -> None:
    watched.page.goto(app_url)
    frame = watched.map_frame()
    assert frame.locator(ROAD_BRIDGE).count() == 1
    assert frame.locator(RAIL_BRIDGE).count() == 1
    assert frame.locator(".leaflet-control-layers").count() == 1
    assert frame.locator(".leaflet-control-scale").count() == 1
    screenshot(watched, "first-load")
    allowed = {urlsplit(app_url).netloc, *TILE_HOSTS}
    assert {h for h in watched.hosts if not any(h.endswith(a) for a in allowed)} == set()
    assert watched.errors == []


def test_click_on_road_bridge_shows_its_details(watched: Watched, app_url: str) -> None:
    watched.page.goto(app_url)
    frame = watched.map_frame()
    frame.wait_for_timeout(500)
    started = time.perf_counter()
    frame.locator(ROAD_BRIDGE).dispatch_event("click")
    heading = details_heading(watched).filter(has_text="Khasan–Tumangang road bridge")
    heading.wait_for(timeout=15_000)
    elapsed = time.perf_counter() - started
    print(f"\nclick -> details: {elapsed * 1000:.0f} ms")
    assert watched.page.get_by_text("Sources disagree").first.is_visible()
    assert parse_qs(urlsplit(watched.url()).query)["feature"] == ["road-bridge"]
    screenshot(watched, "road-bridge-details")
    assert watched.errors == []


def test_link_restores_the_friendship_bridge(watched: Watched, app_url: str) -> None:
    watched.page.goto(f"{app_url}/?feature=friendship-bridge")
    details_heading(watched).filter(has_text="Korea–Russia Friendship Bridge").wait_for(
        timeout=15_000
    )
    watched.map_frame()
    assert watched.page.get_by_text("590–623 m").first.is_visible()  # the range of claims
    screenshot(watched, "friendship-bridge-link")
    assert watched.errors == []
