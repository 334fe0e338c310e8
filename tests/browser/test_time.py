"""The time control in Chromium: the map as it stood on a date, and dates in links."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, expect

from tumen_crossing import views
from tumen_crossing.validate import validate
from tumen_crossing.vocab import UI

from .conftest import DESKTOP, Watched, open_watched, screenshot
from .test_paths import PHONE, assert_not_remounted, set_probe

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


# --- the key dates under the slider (issue 17) ------------------------------------------------


def key_date_buttons(watched: Watched):
    return watched.page.get_by_role("toolbar", name=UI.key_dates).get_by_role("button")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280x800", "390x844"])
def test_every_key_date_is_on_the_control_legible_and_one_click_away(
    browser: Browser, app_url: str, size: dict[str, int]
) -> None:
    """Each stop of the time control is a button under the slider, named by its full date,
    labelled by its short one, inside the page's width and clear of every other (the crowded
    recent years as legible as the sparse old ones); a click on one shows the map on it."""
    content = validate()[0]
    years = views.date_strip(content)
    ticks = [t for y in years for t in y.ticks]
    context, watched = open_watched(browser, size)
    try:
        frame = open_at(watched, app_url, "feature=road-bridge")
        set_probe(frame)
        buttons = key_date_buttons(watched)
        expect(buttons).to_have_count(len(ticks))
        boxes = []
        for tick, button in zip(ticks, buttons.all(), strict=True):
            expect(button).to_have_accessible_name(tick.name)  # its visible words, and year
            expect(button).to_have_attribute("title", tick.label)
            expect(button).to_have_text(tick.name)  # the year is there, only not shown
            box = button.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= size["width"], box
            assert box["height"] >= 20, box  # a finger's target, on a phone too
            assert button.evaluate("b => b.scrollWidth <= b.clientWidth"), tick.short  # uncut
            boxes.append(box)
        sizes = {b.evaluate("b => getComputedStyle(b).fontSize") for b in buttons.all()}
        assert len(sizes) == 1 and float(sizes.pop().removesuffix("px")) >= 12
        for i, a in enumerate(boxes):  # no two overlap
            for b in boxes[i + 1 :]:
                apart = (
                    a["x"] + a["width"] <= b["x"] + 0.5
                    or b["x"] + b["width"] <= a["x"] + 0.5
                    or a["y"] + a["height"] <= b["y"] + 0.5
                    or b["y"] + b["height"] <= a["y"] + 0.5
                )
                assert apart, (a, b)
        widths = watched.page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert widths[0] <= widths[1], widths
        name = f"{size['width']}x{size['height']}"
        screenshot(watched, f"time-key-dates-{name}")
        for tick in (ticks[1], ticks[-3]):  # an old date and a recent one, one click each
            buttons.nth(ticks.index(tick)).click()
            watched.page.wait_for_function(
                "d => new URLSearchParams(location.search).get('date') === d",
                arg=tick.value.isoformat() if tick.value else None,
            )
            expect(buttons.nth(ticks.index(tick))).to_have_attribute("aria-pressed", "true")
            expect(watched.page.get_by_role("slider")).to_have_attribute(
                "aria-valuetext", tick.label
            )
        assert_not_remounted(watched)
        assert watched.errors == []
    finally:
        context.close()


def test_the_key_dates_take_one_tab_stop_and_answer_the_arrow_keys(
    watched: Watched, app_url: str
) -> None:
    content = validate()[0]
    ticks = [t for y in views.date_strip(content) for t in y.ticks]
    open_at(watched, app_url, "date=2013-09-22")
    buttons = key_date_buttons(watched)
    chosen = next(i for i, t in enumerate(ticks) if t.value and t.value.isoformat() == "2013-09-22")
    expect(buttons.nth(chosen)).to_have_attribute("aria-pressed", "true")
    focusable = [b.get_attribute("tabindex") for b in buttons.all()]
    assert focusable.count("0") == 1 and focusable[chosen] == "0", focusable
    buttons.nth(chosen).focus()
    watched.page.keyboard.press("ArrowLeft")
    watched.page.keyboard.press("Enter")
    watched.page.wait_for_function(
        "d => new URLSearchParams(location.search).get('date') === d",
        arg=ticks[chosen - 1].value.isoformat(),
    )
    buttons.nth(chosen - 1).focus()
    watched.page.keyboard.press("End")
    watched.page.keyboard.press("Enter")  # the latest sourced state: no date in the link
    watched.page.wait_for_function("() => !new URLSearchParams(location.search).has('date')")
    assert watched.errors == []
