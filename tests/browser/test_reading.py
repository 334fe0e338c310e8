"""The page as a first-time reader meets it (issue 22, the copy desk), in Chromium at 1280×800
and 390×844: Details answers first and folds its ledger, the time control writes dates at the
precision the sources give, a bridge answers a click anywhere along it, and a phone can copy
or share the link.

Each test opens its own fresh page (the sizes differ); the time control, the timeline's "Show
on map" and the layers are covered on the shared page of test_paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Frame, expect

from tumen_crossing import views
from tumen_crossing.content import Content
from tumen_crossing.mapview import HIT_CLASS
from tumen_crossing.validate import validate
from tumen_crossing.vocab import UI

from .conftest import DESKTOP, PHONE, Watched, assert_clean, open_watched, screenshot

pytestmark = pytest.mark.browser

SIZES = {"1280x800": DESKTOP, "390x844": PHONE}
TIMEOUT = 60_000  # ms: a first load on a busy 2-core machine
ROAD_BRIDGE = "road-bridge"
LEDGER_MAX_PX = 2_500
"""The road bridge's Details panel, summary and folded ledger: it was 6,000 px and more."""


@pytest.fixture(scope="module")
def content() -> Content:
    content, problems = validate()
    assert problems == [], problems
    return content


@contextmanager
def page_at(browser: Browser, size: str) -> Iterator[Watched]:
    context, watched = open_watched(browser, SIZES[size])
    try:
        yield watched
    finally:
        context.close()


def open_details(watched: Watched, app_url: str, query: str) -> None:
    watched.page.goto(f"{app_url}/?{query}")
    panel = watched.page.get_by_role("tabpanel", name="Details", exact=True)
    expect(panel.locator("h3").first).to_be_visible(timeout=TIMEOUT)
    watched.map_frame(TIMEOUT / 1000)


# --- Details: the answer first, the ledger folded ----------------------------------------------


@pytest.mark.parametrize("size", list(SIZES))
def test_details_opens_with_a_summary_and_folds_the_ledger(
    browser: Browser, app_url: str, content: Content, size: str
) -> None:
    view = views.details(content, content.feature(ROAD_BRIDGE))
    with page_at(browser, size) as watched:
        open_details(watched, app_url, f"feature={ROAD_BRIDGE}")
        page = watched.page
        panel = page.get_by_role("tabpanel", name="Details", exact=True)
        expect(panel.locator("h3").first).to_have_text(view.name)
        summary = panel.locator(".tc-summary")
        expect(summary).to_be_visible()
        # what it is, its state today (since its current state began), its range of claims
        for line in view.summary:
            expect(summary).to_contain_text(line[0].text)
        expect(summary).to_contain_text("Under construction since 27 February 2025")
        expect(summary).to_contain_text("Sources give its length as 800 m to about 1 km")
        # the ledger: a folded row per claim group, then history, position and sources
        ledger = panel.locator("details.tc-ledger")
        expect(ledger).to_have_count(len(view.groups) + 3)
        assert ledger.evaluate_all("els => els.filter(e => e.open).length") == 0
        labels = ledger.locator("> summary").all_inner_texts()
        assert "Length: 800 m to about 1 km · sources disagree" in labels[0]
        height = panel.bounding_box()["height"]
        print(f"\n{size}: Details panel {height:.0f} px tall")
        assert height < LEDGER_MAX_PX
        panel.locator("h3").first.scroll_into_view_if_needed()
        screenshot(watched, f"details-road-bridge-{size}")
        assert_clean(watched, app_url)


# --- the time control and the header: dates at their precision --------------------------------


def test_the_time_control_writes_dates_at_their_precision(
    browser: Browser, app_url: str, content: Content
) -> None:
    with page_at(browser, "1280x800") as watched:
        open_details(watched, app_url, f"feature={ROAD_BRIDGE}&date=2024-06-01")
        page = watched.page
        control = page.locator(".st-key-date_select")
        # a month-only key date reads as the month, never as its first day
        expect(control.get_by_test_id("stSliderThumbValue")).to_have_text("June 2024")
        expect(control).to_contain_text(UI.latest_state)  # the right end
        copy = views.page_copy(content)
        assert copy.as_of and copy.checked
        about = page.get_by_text(UI.about, exact=True)
        if about.count():  # with a feature open the introduction and its dates are folded
            about.click()
        expect(page.get_by_text(copy.as_of)).to_be_visible()
        # (the thumb at the right end reads as the latest state: test_time's walk)
        assert_clean(watched, app_url)


# --- the map: a bridge answers a click anywhere along it ---------------------------------------

_ALONG = """
([id, offsets]) => {
    const path = document.querySelector(`.leaflet-overlay-pane path.tc-f-${id}:not(.tc-hit)`);
    const length = path.getTotalLength(), ctm = path.getScreenCTM();
    const at = d => path.getPointAtLength(d).matrixTransform(ctm);
    const found = [];
    for (let i = 1; i < 20; i++) {
        const p = at(length * i / 20), q = at(Math.min(length, length * i / 20 + 1));
        const n = Math.hypot(q.x - p.x, q.y - p.y) || 1, nx = (p.y - q.y) / n, ny = (q.x - p.x) / n;
        for (const off of offsets) {
            const x = p.x + nx * off, y = p.y + ny * off;
            if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
            const el = document.elementFromPoint(x, y);
            if (el && el.closest('.leaflet-control, .leaflet-control-container')) continue;
            found.push({x, y, off, hit: !!(el && el.classList.contains(`tc-f-${id}`))});
        }
    }
    return found;
}
"""


def points_along(frame: Frame, feature_id: str, offsets: list[int]) -> list[dict]:
    """Points along a drawn line and beside it, each with whether the feature's own path (drawn
    or hit area) is what a click there would reach; points under a map control are left out."""
    return frame.evaluate(_ALONG, [feature_id, offsets])


@pytest.mark.parametrize("size", list(SIZES))
def test_the_road_bridge_answers_a_click_anywhere_along_it(
    browser: Browser, app_url: str, content: Content, size: str
) -> None:
    with page_at(browser, size) as watched:
        page = watched.page
        page.goto(app_url)
        frame = watched.map_frame(TIMEOUT / 1000)
        expect(frame.locator(f"path.{HIT_CLASS}.tc-f-{ROAD_BRIDGE}")).to_have_count(1)
        points = points_along(frame, ROAD_BRIDGE, [0, 8, -8])
        assert len(points) >= 30, "too little of the bridge is on screen to judge"
        missed = [p for p in points if not p["hit"]]
        assert missed == [], f"{len(missed)} of {len(points)} points miss the bridge: {missed}"
        # a real click 8 px beside its middle (off its dashes) selects it
        beside = points_along(frame, ROAD_BRIDGE, [8])
        middle = beside[len(beside) // 2]
        frame.frame_element().scroll_into_view_if_needed()
        box = frame.frame_element().bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + middle["x"], box["y"] + middle["y"])
        heading = page.get_by_role("tabpanel", name="Details", exact=True).locator("h3").first
        expect(heading).to_have_text(content.feature(ROAD_BRIDGE).props.name.en, timeout=TIMEOUT)
        page.wait_for_function("location.search.includes('feature=road-bridge')")
        assert_clean(watched, app_url)


# --- sharing on a phone -----------------------------------------------------------------------

_STUB_SHARE = "navigator.share = data => { window.__shared = data; return Promise.resolve(); };"


def test_a_phone_reader_can_copy_or_share_the_link(browser: Browser, app_url: str) -> None:
    context, watched = open_watched(browser, PHONE)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
        page = watched.page
        page.add_init_script(_STUB_SHARE)  # Chromium on Linux has no Web Share: stand one in
        open_details(watched, app_url, f"feature={ROAD_BRIDGE}&base=satellite")
        page.get_by_role("button", name=re.compile(UI.share.split(" ", 1)[1])).click()
        link = page.locator('[data-testid="stCode"] code').inner_text().strip()
        assert "feature=road-bridge" in link and "base=satellite" in link
        copy = page.get_by_role("button", name=UI.copy_link, exact=True)
        expect(copy).to_be_visible()  # on screen without hovering anything
        box = copy.bounding_box()
        assert box and box["height"] >= 40 and box["y"] >= 0 and box["y"] + box["height"] <= 844
        screenshot(watched, "share-phone")
        copy.click()
        expect(page.get_by_role("status")).to_have_text(UI.link_copied)
        assert page.evaluate("navigator.clipboard.readText()") == link
        native = page.get_by_role("button", name=UI.share_native, exact=True)
        expect(native).to_be_visible()
        native.click()
        page.wait_for_function("window.__shared !== undefined")
        assert page.evaluate("window.__shared.url") == link
        assert_clean(watched, app_url)
    finally:
        context.close()
