"""axe-core in Chromium: no serious or critical violation on any tab, in the app and the export,
at a laptop's and a phone's size.

axe-core comes from the npm registry (`make test` fetches it into `.cache/`, outside git).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tumen_crossing import i18n
from tumen_crossing.vocab import TAB_IDS

from .conftest import DESKTOP, PHONE, open_watched, tap_tab, violations

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("lang", "size"),
    [("en", DESKTOP), ("en", PHONE)],
    ids=["1280x800", "390x844"],
)  # the Korean page: test_languages::test_every_tab_in_the_language_with_a_feature_selected
def test_every_tab_of_the_app_passes_axe(
    browser, app_url: str, axe_source: str, lang: str, size
) -> None:
    tabs = i18n.words(lang).tabs
    context, watched = open_watched(browser, size)
    try:
        watched.page.goto(f"{app_url}/?feature=road-bridge&lang={lang}")
        watched.map_frame()
        found = {}
        for tab in TAB_IDS:
            panel = tap_tab(watched.page, tabs[tab])
            expect(panel.locator("h3").first).to_be_visible(timeout=30_000)
            found[tab] = violations(watched, axe_source)
        assert found == {tab: [] for tab in TAB_IDS}
    finally:
        context.close()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280x800", "390x844"])
def test_the_export_passes_axe(browser, exported_site, axe_source: str, size) -> None:
    tmp_path = exported_site[0]
    context, watched = open_watched(browser, size)
    try:
        watched.page.goto((tmp_path / "index.html").as_uri() + "#feature=road-bridge")
        expect(watched.page.locator(".tc-details h2")).to_be_visible()
        assert violations(watched, axe_source) == []
        assert watched.page.evaluate("document.documentElement.lang") == "en"
        viewport = watched.page.locator('meta[name="viewport"]').get_attribute("content")
        assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport
    finally:
        context.close()
