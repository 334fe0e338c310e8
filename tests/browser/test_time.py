"""The time control in Chromium: the map as it stood on a date, the slider and the previous /
next buttons, and dates in links.

Expected styles, states and key dates come from the content through the same core the app uses
(`history`, `mapview.style_for`, `views.details`), never from copied prose.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Frame, Locator, Page, expect

from tumen_crossing import history, views
from tumen_crossing.content import Content
from tumen_crossing.mapview import HIT_CLASS, style_for
from tumen_crossing.validate import validate
from tumen_crossing.viewstate import parse
from tumen_crossing.vocab import TAB_LABELS, UI

from .conftest import (
    DESKTOP,
    PHONE,
    RERUN_TIMEOUT,
    Watched,
    assert_clean,
    expect_slider_on,
    open_watched,
    query,
    screenshot,
    wait_for_param,
)
from .test_paths import assert_not_remounted, set_probe

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def content() -> Content:
    content, problems = validate()
    assert problems == []
    return content


def open_at(watched: Watched, url: str) -> Frame:
    watched.page.goto(url)
    frame = watched.map_frame(60)
    watched.page.get_by_role("slider", name=UI.date_control).wait_for(timeout=RERUN_TIMEOUT)
    return frame


def drawn_path(frame: Frame, feature_id: str) -> Locator:
    """The feature's drawn path (by its own class; not its invisible hit area)."""
    return frame.locator(f"#map_div .leaflet-overlay-pane path.tc-f-{feature_id}:not(.{HIT_CLASS})")


def dash_on(content: Content, feature_id: str, day: date | None) -> str | None:
    return style_for(content.feature(feature_id), day).get("dashArray")


def details_say(page: Page, content: Content, feature_id: str, day: date | None) -> None:
    """Details sums up the feature as it stood that day, the day itself included ('as of …'),
    and for the newest state names no day."""
    panel = page.get_by_role("tabpanel", name=TAB_LABELS["details"], exact=True)
    details = views.details(content, content.feature(feature_id), day)
    parts = [p.text for line in details.summary for p in line]
    for part in parts:
        expect(panel).to_contain_text(part, timeout=RERUN_TIMEOUT)
    if day is not None:  # the state names the day: 'open since 9 August 1959 (as of 1970)'
        assert views.day_text(content, day) in details.status.state, (day, details.status)
    else:
        expect(panel).not_to_contain_text(UI.as_of_suffix.format(date="")[:-1])


@pytest.mark.parametrize(
    ("day", "feature_id"),
    [
        (date(1970, 1, 1), "friendship-bridge"),  # only the rail bridge stands
        (date(2024, 7, 1), "road-bridge"),  # the road bridge is planned
        (date(2025, 10, 1), "road-bridge"),  # and under construction
    ],
    ids=str,
)
def test_a_dated_link_shows_the_map_and_details_of_that_day(
    watched: Watched, app_url: str, content: Content, day: date, feature_id: str
) -> None:
    frame = open_at(watched, f"{app_url}/?date={day.isoformat()}&feature={feature_id}")
    for bridge in ("friendship-bridge", "road-bridge"):
        stands = history.drawn_at(content.feature(bridge), day)
        path = drawn_path(frame, bridge)
        expect(path).to_have_count(1 if stands else 0, timeout=RERUN_TIMEOUT)
        if stands:
            expect(path).to_have_attribute(
                "stroke", style_for(content.feature(bridge), day)["color"]
            )
            assert path.get_attribute("stroke-dasharray") == dash_on(content, bridge, day)
    expect_slider_on(watched.page, content, day)
    details_say(watched.page, content, feature_id, day)
    screenshot(watched, f"date-{day.isoformat() if day.day != 1 or day.month != 1 else day.year}")
    assert_clean(watched, app_url)


def test_stepping_back_puts_the_previous_key_date_in_a_link_that_reopens(
    watched: Watched, browser: Browser, app_url: str, content: Content
) -> None:
    start = date(2025, 1, 1)
    previous = max(d for d in history.key_dates(content) if d < start)
    # the road bridge looks different then and now, so the reopened map shows which day it is
    assert dash_on(content, "road-bridge", previous) != dash_on(content, "road-bridge", None)
    open_at(watched, f"{app_url}/?date={start.isoformat()}")
    watched.page.get_by_role("button", name="◀").click()
    wait_for_param(watched.page, "date", previous.isoformat())
    expect_slider_on(watched.page, content, previous)
    assert_clean(watched, app_url)
    # the link reopens in a fresh browser, recorded like the first and checked in its own page
    context, fresh = open_watched(browser)
    try:
        frame = open_at(fresh, watched.url())
        assert query(fresh)["date"] == [previous.isoformat()]
        expect_slider_on(fresh.page, content, previous)
        dash = dash_on(content, "road-bridge", previous)
        assert dash is not None  # a planned or building bridge is dashed
        expect(drawn_path(frame, "road-bridge")).to_have_attribute("stroke-dasharray", dash)
        assert_clean(fresh, app_url)
    finally:
        context.close()


def test_slider_and_steps_write_the_date_and_details_follow(
    watched: Watched, app_url: str, content: Content
) -> None:
    """The reader's walk through time: a link without a date shows the newest state; then ◀
    from it, ▶ past the last key date, the slider moved by keyboard to its start, ▶ to the next
    key date; Details follows each step."""
    page = watched.page
    feature_id = "friendship-bridge"
    stops = history.key_dates(content)
    past = [d for d in stops if d < date.today()]
    frame = open_at(watched, f"{app_url}/?feature={feature_id}")
    road = drawn_path(frame, "road-bridge")  # the newest state: the road bridge as it is now
    expect(road).to_have_count(1)
    assert road.get_attribute("stroke-dasharray") == dash_on(content, "road-bridge", None)
    details_say(page, content, feature_id, None)
    expect_slider_on(page, content, None)
    assert "date" not in query(watched)
    previous, following = page.get_by_role("button", name="◀"), page.get_by_role("button", name="▶")

    previous.click()  # from the newest state: the last key date before today
    wait_for_param(page, "date", past[-1].isoformat())
    details_say(page, content, feature_id, past[-1])
    expect_slider_on(page, content, past[-1])

    following.click()  # past the last key date: the newest state, and no date in the link
    wait_for_param(page, "date", None)
    details_say(page, content, feature_id, None)
    expect_slider_on(page, content, None)
    thumb = page.locator(".st-key-date_select").get_by_test_id("stSliderThumbValue")
    expect(thumb).to_have_text(UI.latest_state)  # what the reader sees on the slider

    slider = page.get_by_role("slider", name=UI.date_control)
    slider.focus()
    page.keyboard.press("Home")  # the slider's start: the earliest key date
    wait_for_param(page, "date", stops[0].isoformat())
    details_say(page, content, feature_id, stops[0])
    expect_slider_on(page, content, stops[0])

    following.click()  # the next key date after it
    wait_for_param(page, "date", stops[1].isoformat())
    details_say(page, content, feature_id, stops[1])
    expect_slider_on(page, content, stops[1])
    screenshot(watched, "date-steps")
    assert_clean(watched, app_url)


def test_malformed_date_falls_back_with_a_notice(
    watched: Watched, app_url: str, content: Content
) -> None:
    link = {"date": "2025-02-30"}
    [expected] = parse(link, set(content.by_id), {e.id for e in content.events})[1]
    open_at(watched, f"{app_url}/?date={link['date']}")
    notices = watched.page.locator('[data-testid="stAlertContentInfo"]')
    expect(notices.filter(has_text=expected)).to_have_count(1, timeout=RERUN_TIMEOUT)
    expect(notices.filter(has_text=link["date"])).to_have_count(0)  # never echoed
    wait_for_param(watched.page, "date", None)
    expect_slider_on(watched.page, content, None)
    assert_clean(watched, app_url)


# --- the key dates under the slider (issue 17) ------------------------------------------------


def key_date_buttons(watched: Watched):
    return watched.page.get_by_role("toolbar", name=UI.key_dates).get_by_role("button")


KEY_DATE_BUTTONS = """buttons => buttons.map(b => {
    const r = b.getBoundingClientRect();
    return {text: b.textContent.replace(/\\s+/g, " ").trim(), title: b.title,
            label: b.getAttribute("aria-label"), tabindex: b.getAttribute("tabindex"),
            font: getComputedStyle(b).fontSize, uncut: b.scrollWidth <= b.clientWidth,
            x: r.x, y: r.y, width: r.width, height: r.height};
})"""
"""What the reader sees of each key-date button, read in one go."""


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280x800", "390x844"])
def test_every_key_date_is_on_the_control_legible_and_one_click_away(
    browser: Browser, app_url: str, size: dict[str, int]
) -> None:
    """Each stop of the time control is a button under the slider, named by its full date,
    labelled by its short one, inside the page's width and clear of every other (the crowded
    recent years as legible as the sparse old ones); a click on one shows the map on it. On
    the laptop the strip is one tab stop, and answers the arrow keys, Home and End."""
    content = validate()[0]
    years = views.date_strip(content)
    ticks = [t for y in years for t in y.ticks]
    context, watched = open_watched(browser, size)
    try:
        frame = open_at(watched, f"{app_url}/?feature=road-bridge")
        set_probe(frame)
        buttons = key_date_buttons(watched)
        expect(buttons).to_have_count(len(ticks))
        shown = buttons.evaluate_all(KEY_DATE_BUTTONS)
        for tick, button in zip(ticks, shown, strict=True):
            # its name is its visible words and the year, which is there, only not shown
            assert button["label"] is None and button["text"] == tick.name, (tick, button)
            assert button["title"] == tick.label, (tick, button)
            assert button["x"] >= 0 and button["x"] + button["width"] <= size["width"], button
            assert button["height"] >= 20, button  # a finger's target, on a phone too
            assert button["uncut"], tick.short
        for index in (0, len(ticks) - 1):  # as the browser names them to a screen reader
            expect(buttons.nth(index)).to_have_accessible_name(ticks[index].name)
        sizes = {b["font"] for b in shown}
        assert len(sizes) == 1 and float(sizes.pop().removesuffix("px")) >= 12
        for i, a in enumerate(shown):  # no two overlap
            for b in shown[i + 1 :]:
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
            wait_for_param(watched.page, "date", tick.value.isoformat() if tick.value else None)
            expect(buttons.nth(ticks.index(tick))).to_have_attribute("aria-pressed", "true")
            expect(watched.page.get_by_role("slider")).to_have_attribute(
                "aria-valuetext", tick.label
            )
        if size == DESKTOP:
            answers_the_keys(watched, ticks, ticks.index(tick))
        assert_not_remounted(watched)
        assert watched.errors == []
    finally:
        context.close()


def answers_the_keys(watched: Watched, ticks: list, chosen: int) -> None:
    """The strip takes one tab stop, on the chosen date; ← and Enter choose the date before
    it, End and Enter the latest sourced state (no date in the link)."""
    buttons = key_date_buttons(watched)
    focusable = [b["tabindex"] for b in buttons.evaluate_all(KEY_DATE_BUTTONS)]
    assert focusable.count("0") == 1 and focusable[chosen] == "0", focusable
    buttons.nth(chosen).focus()
    watched.page.keyboard.press("ArrowLeft")
    watched.page.keyboard.press("Enter")
    wait_for_param(watched.page, "date", ticks[chosen - 1].value.isoformat())
    expect(buttons.nth(chosen - 1)).to_have_attribute("aria-pressed", "true")
    buttons.nth(chosen - 1).focus()
    watched.page.keyboard.press("End")
    watched.page.keyboard.press("Enter")  # the latest sourced state: no date in the link
    wait_for_param(watched.page, "date", None)
