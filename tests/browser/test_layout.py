"""Map first, for every reader: where the map sits at a laptop's and a phone's size, that the
page never scrolls sideways, that a feature and a date can be chosen without a mouse, and that
a click shows its halo at once (before the script reruns)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tumen_crossing import views
from tumen_crossing.validate import validate
from tumen_crossing.vocab import UI

from .conftest import DESKTOP, PHONE, open_watched
from .test_paths import feature_path, mouse_to

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(scope="module")
def content():
    content, problems = validate()
    assert not problems
    return content


def opened(browser, app_url: str, size: dict[str, int], query: str = ""):
    context, watched = open_watched(browser, size)
    watched.page.goto(f"{app_url}/{query}")
    watched.map_frame()
    return context, watched


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.evaluate("location.href")).query)


def test_on_a_laptop_the_map_starts_near_the_top_and_fills_the_height(browser, app_url) -> None:
    context, watched = opened(browser, app_url, DESKTOP, "?feature=road-bridge")
    try:
        box = watched.page.locator(MAP_IFRAME).bounding_box()
        assert box["y"] <= 200, box
        shown = min(box["y"] + box["height"], DESKTOP["height"]) - max(box["y"], 0)
        assert shown >= 0.6 * DESKTOP["height"], box
    finally:
        context.close()


def test_on_a_phone_the_map_is_on_the_first_screen_and_details_one_swipe_away(
    browser, app_url, content
) -> None:
    context, watched = opened(browser, app_url, PHONE, "?feature=road-bridge")
    try:
        page = watched.page
        box = page.locator(MAP_IFRAME).bounding_box()
        assert box["y"] <= 250, box
        widths = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert widths[0] <= widths[1], widths  # nothing scrolls sideways
        heading = page.get_by_role("tabpanel", name="Details", exact=True).locator("h3").first
        expect(heading).to_have_text(content.feature("road-bridge").props.name.en)
        top = heading.evaluate("el => el.getBoundingClientRect().top + scrollY")
        assert top <= 2 * PHONE["height"], top  # on screen after one screen of scrolling
        # ◀ and ▶ stay on the slider's row
        prev, nxt = (page.get_by_role("button", name=n) for n in ("◀", "▶"))
        assert abs(prev.bounding_box()["y"] - nxt.bounding_box()["y"]) < 4
    finally:
        context.close()


def test_a_feature_and_a_date_can_be_chosen_without_a_mouse(browser, app_url, content) -> None:
    context, watched = opened(browser, app_url, DESKTOP)
    page = watched.page
    try:
        select = page.get_by_role("combobox", name=UI.feature_control)
        for _ in range(80):  # Tab through the page until the select box has the focus
            page.keyboard.press("Tab")
            if select.evaluate("el => el === document.activeElement"):
                break
        else:
            raise AssertionError("the feature select box cannot be reached with Tab")
        name = content.feature("friendship-bridge").props.name.en
        page.keyboard.type(name)
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.search.includes('feature=friendship-bridge')")
        slider = page.get_by_role("slider")
        for _ in range(10):  # back to the time control
            page.keyboard.press("Shift+Tab")
            if slider.evaluate("el => el === document.activeElement"):
                break
        else:
            raise AssertionError("the date slider cannot be reached with Shift+Tab")
        page.keyboard.press("Home")  # the earliest date
        page.wait_for_function("() => location.search.includes('date=1950-01-01')")
        assert query(page)["feature"] == ["friendship-bridge"]
        details = page.get_by_role("tabpanel", name="Details", exact=True)
        first = views.date_choices(content)[0].label  # the earliest stop, at its precision
        expect(details.get_by_text(first, exact=False).first).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("query", ["", "?feature=friendship-bridge"], ids=["none", "another"])
def test_a_click_shows_its_halo_at_once_and_reaches_the_app_once(
    browser, app_url, content, query
) -> None:
    """From nothing selected and from another feature selected (whose halo is already drawn):
    the browser draws a halo within 100 ms, and the frame sends the click to the app once,
    itself (`mapwidget.PromptClicks`), not 250 ms later from streamlit-folium's debounce."""
    context, watched = opened(browser, app_url, DESKTOP, query)
    try:
        frame = watched.map_frame()
        frame.wait_for_function(
            "n => document.querySelectorAll('.leaflet-halo-pane path').length === n",
            arg=1 if query else 0,
        )
        frame.evaluate(
            """() => {
                window.__clickAt = null; window.__haloAt = null; window.__sent = [];
                document.addEventListener("click", () => { window.__clickAt = performance.now(); },
                                          true);
                const added = n =>
                    n.nodeName === "path" || (n.querySelector && n.querySelector("path"));
                new MutationObserver(records => {
                    if (window.__haloAt === null
                        && records.some(r => Array.from(r.addedNodes).some(added))) {
                        window.__haloAt = performance.now();
                    }
                }).observe(document.querySelector(".leaflet-halo-pane"),
                           {childList: true, subtree: true});
                const post = window.parent.postMessage.bind(window.parent);
                window.parent.postMessage = (message, origin) => {
                    if (message && message.type === "streamlit:setComponentValue") {
                        window.__sent.push({value: message.value, by: new Error().stack});
                    }
                    post(message, origin);
                };
            }"""
        )
        mouse_to(watched, feature_path(frame, content, "road-bridge"), click=True)
        frame.wait_for_function("() => window.__haloAt !== null", timeout=5_000)
        delay = frame.evaluate("() => window.__haloAt - window.__clickAt")
        print(f"\nclick -> halo in the browser: {delay:.1f} ms")
        assert 0 <= delay <= 100, delay
        watched.page.wait_for_function("() => location.search.includes('feature=road-bridge')")
        watched.page.wait_for_timeout(500)  # past streamlit-folium's 250 ms debounce
        sent = frame.evaluate("() => window.__sent")
        assert len(sent) == 1, [s["value"] for s in sent]
        assert sent[0]["value"]["last_active_drawing"]["properties"]["id"] == "road-bridge"
        assert "sendClickAtOnce" in sent[0]["by"], sent[0]["by"]
    finally:
        context.close()


ICONS_DRAWN = """async () => {
  await document.fonts.ready;
  return [...document.querySelectorAll('body *')]
    .filter(el => el.childElementCount === 0 && el.textContent.trim()
      && getComputedStyle(el).fontFamily.includes('Material Symbols'))
    .map(el => ({
      name: el.textContent.trim(),
      width: el.getBoundingClientRect().width,
      size: parseFloat(getComputedStyle(el).fontSize),
      shown: el.getBoundingClientRect().height > 0,
    }));
}"""


def test_every_icon_streamlit_draws_is_an_icon_not_its_name(browser, app_url) -> None:
    """serve.py sends Streamlit's icon font cut to the icons named in Streamlit's code: each
    icon on the page (the folds' chevrons, the share button's) is one glyph about 1 em wide,
    not the letters of its name, nor nothing."""
    context, watched = opened(browser, app_url, DESKTOP, "?feature=road-bridge")
    try:
        page = watched.page
        panel = page.get_by_role("tabpanel", name="Details", exact=True)
        panel.locator("details summary").first.click()
        page.get_by_role("button", name=UI.share).click()
        expect(page.locator('[data-testid="stCode"]')).to_be_visible()
        icons = [icon for icon in page.evaluate(ICONS_DRAWN) if icon["shown"]]
        assert {"expand_more", "expand_less"} & {icon["name"] for icon in icons}, icons
        for icon in icons:
            assert 0.75 * icon["size"] <= icon["width"] <= 1.6 * icon["size"], icon
        assert watched.errors == []
    finally:
        context.close()
