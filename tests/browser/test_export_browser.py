"""The static export in real Chromium, opened from file://: draws, selects, follows the hash."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from tumen_crossing import i18n, views, vocab
from tumen_crossing.content import load_content
from tumen_crossing.mapview import HIT_CLASS
from tumen_crossing.vocab import TILE_HOSTS, UI

from .conftest import Watched, open_watched, screenshot

pytestmark = pytest.mark.browser

ROAD_BRIDGE = 'path.leaflet-interactive[stroke="#e67e22"]'
RAIL_BRIDGE = 'path.leaflet-interactive[stroke="#1b2631"]'
PANEL_HEADING = "#tc-panel h2"
FEATURE_PATHS = (  # not the minimap's, nor the invisible hit areas (mapview.HitAreas)
    f".folium-map > .leaflet-map-pane path.leaflet-interactive:not(.{HIT_CLASS})"
)


@pytest.fixture
def site(exported_site) -> Path:
    return exported_site[0] / "index.html"


def open_page(watched: Watched, index: Path, fragment: str = "") -> list[str]:
    """Open the page from file:// and wait for the vector layers; returns every request URL."""
    requests: list[str] = []
    watched.page.on("request", lambda r: requests.append(r.url))
    started = time.perf_counter()
    watched.page.goto(index.as_uri() + fragment, wait_until="domcontentloaded")
    watched.page.wait_for_selector(FEATURE_PATHS, timeout=15_000)
    drawn = time.perf_counter() - started
    ready = watched.page.evaluate(
        "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
    )
    print(
        f"\nfile:// open -> layers drawn: {drawn * 1000:.0f} ms "
        f"(DOMContentLoaded, map built: {ready:.0f} ms)"
    )
    return requests


def click_on_path(watched: Watched, selector: str) -> None:
    """A real mouse click a few pixels along the path (its box centre may be a dash gap)."""
    x, y = watched.page.locator(selector).evaluate(
        """el => {
            const p = el.getPointAtLength(Math.min(7, el.getTotalLength() / 2))
                .matrixTransform(el.getScreenCTM());
            return [p.x, p.y];
        }"""
    )
    watched.page.mouse.click(x, y)


def external(requests: list[str]) -> set[str]:
    """Requests that leave the machine for anything but a tile server."""
    out = set()
    for url in requests:
        parts = urlsplit(url)
        if parts.scheme in {"file", "data"}:
            continue
        if not (parts.hostname or "").endswith(TILE_HOSTS):
            out.add(url)
    return out


def test_export_draws_every_layer_from_file(watched: Watched, site: Path) -> None:
    size = sum(p.stat().st_size for p in site.parent.rglob("*") if p.is_file())
    print(f"\nexport size: {size / 1000:.1f} kB ({site.stat().st_size / 1000:.1f} kB index.html)")
    requests = open_page(watched, site)
    page = watched.page
    content, _ = load_content()
    assert page.locator(FEATURE_PATHS).count() == len(content.features)
    assert page.locator(ROAD_BRIDGE).count() == 1
    assert page.locator(RAIL_BRIDGE).count() == 1
    assert page.locator(".leaflet-control-layers").count() == 1
    assert page.locator(".tc-legend").count() == 1
    assert page.locator(PANEL_HEADING).inner_text() == "Details"
    assert page.locator("#trade svg circle").count() == len(content.trade)
    assert page.locator("#timeline > ol > li").count() == len(content.events)
    assert page.locator("#sources li").count() == len(content.sources)
    page.wait_for_load_state("load")
    screenshot(watched, "export-first-load")
    assert any(urlsplit(u).hostname == "tile.openstreetmap.org" for u in requests)
    assert external(requests) == set()
    assert watched.errors == []


def test_click_on_road_bridge_shows_its_details(watched: Watched, site: Path) -> None:
    requests = open_page(watched, site)
    page = watched.page
    started = time.perf_counter()
    click_on_path(watched, ROAD_BRIDGE)
    page.locator(PANEL_HEADING, has_text="Khasan–Tumangang road bridge").wait_for(timeout=5_000)
    print(f"click -> details: {(time.perf_counter() - started) * 1000:.0f} ms")
    panel = page.locator("#tc-panel")
    assert panel.get_by_text("Sources disagree").first.is_visible()
    # Its length was drawn to the claimed section lengths: no "measured" figure of its own.
    assert panel.get_by_text(UI.measured_on_map).count() == 0
    assert panel.locator("a[href^='https://']").count() > 0
    assert page.evaluate("location.hash") == "#feature=road-bridge"
    assert page.locator(".leaflet-halo-pane path").count() == 1
    screenshot(watched, "export-road-bridge")
    assert external(requests) == set()
    assert watched.errors == []


def test_hash_selects_the_friendship_bridge_on_load(watched: Watched, site: Path) -> None:
    requests = open_page(watched, site, "#feature=friendship-bridge")
    page = watched.page
    page.locator(PANEL_HEADING, has_text="Korea–Russia Friendship Bridge").wait_for(timeout=5_000)
    panel = page.locator("#tc-panel")
    assert panel.get_by_text("590–623 m").first.is_visible()  # the range of claims
    assert page.locator(".leaflet-halo-pane path").count() == 1
    screenshot(watched, "export-friendship-bridge-link")
    # an in-page link (here from the timeline) selects through the hash as well
    page.locator('#timeline a[href="#feature=khasan-station"]').first.click()
    page.locator(PANEL_HEADING, has_text="Khasan").wait_for(timeout=5_000)
    assert page.evaluate("location.hash") == "#feature=khasan-station"
    page.go_back()  # Back returns to the previous feature
    page.locator(PANEL_HEADING, has_text="Korea–Russia Friendship Bridge").wait_for(timeout=5_000)
    page.locator('#tc-panel .tc-back a[href="#"]').click()  # and "All features" to the list
    page.locator(PANEL_HEADING, has_text="Details").wait_for(timeout=5_000)
    assert page.locator(".leaflet-halo-pane path").count() == 0
    assert external(requests) == set()
    assert watched.errors == []


def test_unknown_hash_is_ignored(watched: Watched, site: Path) -> None:
    open_page(watched, site, "#feature=%3Cimg%20src=x%20onerror=alert(1)%3E")
    assert watched.page.locator(PANEL_HEADING).inner_text() == "Details"
    assert watched.page.locator(".leaflet-halo-pane path").count() == 0
    assert watched.dialogs == []
    assert watched.errors == []


def test_the_export_in_korean_selects_in_korean_and_links_the_other_languages(
    watched: Watched, site: Path
) -> None:
    ko = i18n.words("ko")
    content = i18n.localised(load_content()[0], "ko")
    road = content.feature("road-bridge")
    requests = open_page(watched, site.parent / "ko" / "index.html", "#feature=road-bridge")
    page = watched.page
    assert page.evaluate("document.documentElement.lang") == "ko"
    page.wait_for_function(
        "name => document.querySelector('#tc-panel h2')?.textContent === name",
        arg=road.props.name.ko,
    )
    assert page.get_by_text(ko.legend_title, exact=True).count() == 1  # the map's legend
    assert external(requests) == set()
    assert watched.errors == []
    page.get_by_role("link", name=vocab.LANGUAGE_SELF_NAMES["ru"], exact=True).click()
    page.wait_for_function("() => document.documentElement.lang === 'ru'")
    assert page.evaluate("location.pathname").endswith("/ru/index.html")


@pytest.mark.parametrize(
    "size", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}], ids=["laptop", "phone"]
)
def test_the_date_control_shows_the_map_on_each_key_date(
    browser: Browser, site: Path, size: dict[str, int]
) -> None:
    """Every key date is a button under the map; a click shows the map as it stood then (the
    road bridge absent in 1959, planned in June 2024, under construction now), puts the day in
    the link and keeps the selection; ◀ steps back; a chapter sets its own day."""
    content = load_content()[0]
    ticks = [t for y in views.date_strip(content) for t in y.ticks]
    context, watched = open_watched(browser, size)
    try:
        open_page(watched, site, "#feature=road-bridge")
        page = watched.page
        buttons = page.get_by_role("toolbar", name=UI.key_dates).get_by_role("button")
        expect(buttons).to_have_count(len(ticks))
        for tick, button in zip(ticks, buttons.all(), strict=True):
            expect(button).to_have_accessible_name(tick.name)
            expect(button).to_have_attribute("title", tick.label)
            box = button.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= size["width"], box
        widths = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert widths[0] <= widths[1], widths
        label = page.locator("#tc-date-label")
        expect(label).to_have_text(UI.latest_state)
        expect(page.locator(ROAD_BRIDGE)).to_have_attribute("stroke-dasharray", "14 7")

        def pick(day: date | None) -> None:
            tick = next(t for t in ticks if t.value == day)
            buttons.nth(ticks.index(tick)).click()
            expect(label).to_have_text(tick.label)
            expect(buttons.nth(ticks.index(tick))).to_have_attribute("aria-pressed", "true")
            value = day.isoformat() if day else ""
            assert page.evaluate("location.hash") == f"#feature=road-bridge&date={value}"

        pick(date(1959, 8, 9))
        expect(page.locator(ROAD_BRIDGE)).to_have_count(0)
        expect(page.locator(RAIL_BRIDGE)).to_have_count(1)
        expect(page.locator(".leaflet-halo-pane path")).to_have_count(0)  # not drawn then
        pick(date(2024, 6, 1))
        expect(page.locator(ROAD_BRIDGE)).to_have_attribute("stroke-dasharray", "3 9")
        expect(page.locator(".leaflet-halo-pane path")).to_have_count(1)
        if size["width"] < 800:
            screenshot(watched, "export-dates-phone")
        page.get_by_role("button", name=UI.previous_event).click()
        expect(label).to_have_text(
            ticks[[t.value for t in ticks].index(date(2024, 6, 1)) - 1].label
        )
        pick(None)
        expect(page.locator(ROAD_BRIDGE)).to_have_attribute("stroke-dasharray", "14 7")
        # a chapter brings its day, and a link with a day opens on it
        chapter = views.story(content, "bridge-of-1959")
        page.evaluate("id => { location.hash = 'story=' + id }", chapter.chapter_id)
        expect(label).to_have_text(next(t.label for t in ticks if t.value == chapter.day))
        expect(page.locator(ROAD_BRIDGE)).to_have_count(0)
        second = context.new_page()
        second.goto(f"{site.as_uri()}#date=2024-06-01", wait_until="load")
        expect(second.locator("#tc-date-label")).to_have_text(
            next(t.label for t in ticks if t.value == date(2024, 6, 1))
        )
        expect(second.locator(ROAD_BRIDGE)).to_have_attribute("stroke-dasharray", "3 9")
        assert watched.errors == [] and watched.dialogs == []
    finally:
        context.close()
