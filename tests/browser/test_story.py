"""The story in real Chromium (issue 16): every chapter read forwards with Next at 1280×800 and
390×844 (where each chapter and its map must fit in one screen), and backwards with the ← key
on the laptop (with a tap on Previous on the phone, which has no arrow keys), in the app and in
the static export from file://.

Each chapter must show its title and words, highlight its features (one halo each), set the
date and write `story=` into the link, and the map must never remount (a probe set in the
map's window survives every turn). A `story=` link opens its chapter in a fresh browser.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from tumen_crossing import views
from tumen_crossing.content import Content
from tumen_crossing.validate import validate
from tumen_crossing.vocab import UI

from .conftest import DESKTOP, PHONE, RERUN_TIMEOUT, Watched, assert_clean, open_watched, screenshot
from .test_paths import (
    LOAD_TIMEOUT_S,
    assert_not_remounted,
    patient_expect,  # noqa: F401  (autouse: reruns get the suite's patient timeout)
    set_probe,
    timed,
)

pytestmark = pytest.mark.browser

APP_HALOS = "#map_div > .leaflet-map-pane .leaflet-halo-pane path"
EXPORT_HALOS = ".folium-map > .leaflet-map-pane .leaflet-halo-pane path"
SIZES = [pytest.param(DESKTOP, id="1280x800"), pytest.param(PHONE, id="390x844")]
SCREENSHOTS = {"river-and-tripoint", "railway-and-trade", "seen-from-space"}
MAP_AT_REST = """() => Object.keys(window).some(k => {
    const m = window[k];
    return k.startsWith("map_") && window.L && m instanceof window.L.Map
        && !m._animatingZoom && !(m._panAnim && m._panAnim._inProgress)
        && !m._flyToFrame; })"""


@pytest.fixture(scope="module")
def content() -> Content:
    content, problems = validate()
    assert problems == [], problems
    return content


def chapters(content: Content) -> list[views.StoryView]:
    found = [views.story(content, c.id) for c in content.story]
    assert len(found) >= 8 and all(found)
    return found  # type: ignore[return-value]


def opening(text: str) -> str:
    """The first words of a chapter: enough to find it, short of any escaped character."""
    return " ".join(text.split()[:6])


def expect_halos(frame: Frame | Page, selector: str, count: int) -> None:
    expect(frame.locator(selector)).to_have_count(count, timeout=RERUN_TIMEOUT)


# --- the app ------------------------------------------------------------------------------------


def expect_chapter(watched: Watched, frame: Frame, chapter: views.StoryView) -> None:
    """The story bar shows the chapter, the map its halos, and the link its chapter and date."""
    page = watched.page
    bar = page.locator(".st-key-story")
    expect(bar.get_by_role("heading", name=chapter.title)).to_be_visible()
    expect(bar.get_by_text(chapter.progress, exact=False).first).to_be_visible()
    expect(bar.get_by_text(opening(chapter.text), exact=False)).to_be_visible()
    day = chapter.day.isoformat() if chapter.day else None
    page.wait_for_function(
        "([s, d]) => { const q = new URLSearchParams(location.search);"
        " return q.get('story') === s && q.get('date') === d }",
        arg=[chapter.chapter_id, day],
        timeout=RERUN_TIMEOUT,
    )
    expect_halos(frame, APP_HALOS, len(chapter.features))
    assert_not_remounted(watched)


def open_app(watched: Watched, url: str) -> Frame:
    watched.page.goto(url, wait_until="domcontentloaded")
    return watched.map_frame(LOAD_TIMEOUT_S)


def assert_fits_a_phone(watched: Watched, frame: Frame, chapter: views.StoryView) -> None:
    """At 390×844: the map on top, uncovered, at least 300 px of it, with every highlighted
    feature inside it; the chapter's title, words and Previous / Next on the same screen,
    without scrolling the page or the chapter's sheet; nothing sideways."""
    page = watched.page
    bar = page.locator(".st-key-story")
    iframe = page.locator('iframe[title="streamlit_folium.st_folium"]')
    frame.wait_for_function(MAP_AT_REST, timeout=RERUN_TIMEOUT)  # pan and zoom animations done
    assert page.evaluate("scrollY") == 0 and bar.evaluate("b => b.scrollTop") == 0
    height = PHONE["height"]
    map_box, sheet = iframe.bounding_box(), bar.bounding_box()
    assert map_box and sheet
    if not (map_box["y"] >= 0 and map_box["y"] + map_box["height"] <= sheet["y"] + 1):
        screenshot(watched, f"story-phone-failed-{chapter.chapter_id}")
    assert map_box["y"] >= 0 and map_box["y"] + map_box["height"] <= sheet["y"] + 1, (
        chapter.chapter_id,
        map_box,
        sheet,
    )
    assert map_box["height"] >= 300, map_box
    for part in (
        bar.get_by_role("heading", name=chapter.title),
        bar.get_by_text(opening(chapter.text), exact=False),
        page.get_by_role("button", name=UI.story_previous),
        page.get_by_role("button", name=UI.story_next),
    ):
        box = part.bounding_box()
        assert box and sheet["y"] <= box["y"] and box["y"] + box["height"] <= height, (
            chapter.chapter_id,
            box,
        )
    halos = frame.evaluate(
        """sel => Array.from(document.querySelectorAll(sel), p => {
               const r = p.getBoundingClientRect();
               return [r.left, r.top, r.right, r.bottom] })""",
        APP_HALOS,
    )
    assert len(halos) == len(chapter.features)
    for left, top, right, bottom in halos:  # a halo is 18 px wide, or 15 px round
        assert left >= -1 and top >= -1, (chapter.chapter_id, halos)
        assert right <= map_box["width"] + 1 and bottom <= map_box["height"] + 1, (
            chapter.chapter_id,
            halos,
        )
    widths = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1], widths
    if chapter.chapter_id in SCREENSHOTS:
        screenshot(watched, f"story-phone-{chapter.chapter_id}")


@pytest.mark.parametrize("size", SIZES)
def test_reading_the_story_both_ways(
    size: dict[str, int], browser: Browser, app_url: str, content: Content
) -> None:
    context, watched = open_watched(browser, size)
    try:
        page = watched.page
        frame = open_app(watched, app_url)
        name = f"{size['width']}x{size['height']}"
        set_probe(frame)
        start = page.get_by_role("button", name=UI.story_start)
        expect(start).to_be_visible()  # no query: the map, with the story one click away
        start.click()
        story = chapters(content)
        for number, chapter in enumerate(story):
            if number:
                with timed(f"{name}: Next -> {chapter.chapter_id}"):
                    page.get_by_role("button", name=UI.story_next).click()
                    expect_chapter(watched, frame, chapter)
            else:
                expect_chapter(watched, frame, chapter)
            if size == PHONE:  # each chapter and its map fit in one screen
                assert_fits_a_phone(watched, frame, chapter)
            elif chapter.chapter_id in SCREENSHOTS:
                screenshot(watched, f"story-{chapter.chapter_id}")
        expect(page.get_by_role("button", name=UI.story_next)).to_be_disabled()
        if size == PHONE:  # a phone has no arrow keys: one tap back on Previous
            page.get_by_role("button", name=UI.story_previous).click()
            left = story[-2]
            expect_chapter(watched, frame, left)
        else:
            for chapter in reversed(story[:-1]):  # back with the ← key (a button shortcut)
                page.locator("body").press("ArrowLeft")
                expect_chapter(watched, frame, chapter)
            expect(page.get_by_role("button", name=UI.story_previous)).to_be_disabled()
            page.get_by_role("button", name=UI.story_next).click()
            left = story[1]
            expect_chapter(watched, frame, left)
        # leaving keeps the view; coming back resumes the chapter that was left
        page.get_by_role("button", name=UI.story_leave).click()
        page.wait_for_function("!new URLSearchParams(location.search).has('story')")
        expect_halos(frame, APP_HALOS, 1)  # the chapter's first feature stays chosen
        page.get_by_role("button", name=UI.story_resume).click()
        expect_chapter(watched, frame, left)
        assert_clean(watched, app_url)
    finally:
        context.close()


def test_a_story_link_opens_its_chapter(browser: Browser, app_url: str, content: Content) -> None:
    chapter = chapters(content)[6]
    context, watched = open_watched(browser, PHONE)
    try:
        frame = open_app(watched, f"{app_url}/?story={chapter.index}")  # by number, as typed
        set_probe(frame)
        expect_chapter(watched, frame, chapter)
        assert parse_qs(urlsplit(watched.url()).query)["story"] == [chapter.chapter_id]
        assert_clean(watched, app_url)
    finally:
        context.close()


# --- the static export ----------------------------------------------------------------------


@pytest.fixture
def site(exported_site) -> Path:
    return exported_site[0] / "index.html"


def expect_export_chapter(page: Page, chapter: views.StoryView) -> None:
    panel = page.locator("#tc-panel")
    expect(panel.locator("h2")).to_have_text(chapter.title)
    expect(panel.locator(".tc-progress")).to_have_text(chapter.progress)
    expect(panel.get_by_text(opening(chapter.text), exact=False)).to_be_visible()
    expect(panel.locator(".tc-story-date")).to_contain_text(chapter.date)
    assert page.evaluate("location.hash") == f"#story={chapter.chapter_id}"
    expect_halos(page, EXPORT_HALOS, len(chapter.features))
    page.wait_for_function(  # the map is framed on the chapter (once its animation ends)
        """([lat, lng, zoom]) => { const m = Object.values(window).find(v => v instanceof L.Map
               && v.getContainer().classList.contains('folium-map'));
           const c = m.getCenter();
           return m.getZoom() === zoom && Math.abs(c.lat - lat) < 1e-3
               && Math.abs(c.lng - lng) < 1e-3 }""",
        arg=[*chapter.center, chapter.zoom],
        timeout=RERUN_TIMEOUT,
    )
    assert page.evaluate("window.__probe") == 1, "the page reloaded"


@pytest.mark.parametrize("size", SIZES)
def test_the_export_reads_the_story_both_ways(
    size: dict[str, int], browser: Browser, site: Path, content: Content
) -> None:
    context, watched = open_watched(browser, size)
    try:
        page = watched.page
        story = chapters(content)
        page.goto(site.as_uri(), wait_until="load")
        page.evaluate("window.__probe = 1")
        page.get_by_role("link", name=UI.story_start).click()
        expect_export_chapter(page, story[0])
        for chapter in story[1:]:
            page.locator("#tc-panel").get_by_role("link", name=UI.story_next).click()
            expect_export_chapter(page, chapter)
        for chapter in reversed(story[:-1]):
            page.locator("body").press("ArrowLeft")
            expect_export_chapter(page, chapter)
        if size == DESKTOP:
            screenshot(watched, "export-story-first")
        second = context.new_page()  # a #story= link in a fresh page lands on its chapter
        second.goto(f"{site.as_uri()}#story={story[4].chapter_id}", wait_until="load")
        second.evaluate("window.__probe = 1")
        expect_export_chapter(second, story[4])
        assert watched.errors == [] and watched.dialogs == []
    finally:
        context.close()
