"""Hostile text in the content, rendered in Chromium: no dialog, no injected element, safe links.

Each tab first has to show the hostile words as plain text (a tab that renders nothing would
otherwise pass); only then is the page searched for anything they might have injected.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, expect

from tumen_crossing import views
from tumen_crossing.content import Content
from tumen_crossing.mapview import HIT_CLASS
from tumen_crossing.validate import validate
from tumen_crossing.vocab import TAB_IDS, TAB_LABELS

from ..hostile import IMG, PAYLOADS, SCRIPT, make_hostile_copy
from .conftest import (
    RERUN_TIMEOUT,
    Watched,
    open_watched,
    running_server,
    screenshot,
    tap_tab,
)

pytestmark = pytest.mark.browser

ROAD_BRIDGE = f"#map_div .leaflet-overlay-pane path.tc-f-road-bridge:not(.{HIT_CLASS})"
INJECTED = """() => {
  const raw = /<img src=x|<script>alert/;
  const bad = [...document.querySelectorAll('img[src="x"], img[onerror]')].length
    + [...document.querySelectorAll('script')].filter(s => raw.test(s.textContent)).length;
  const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
  return {bad, unsafe: links.filter(h => /^\\s*javascript:/i.test(h))};
}"""
IN_TABLE = {"trade": [SCRIPT, IMG]}
"""The Trade table's cells hold a poisoned note and the poisoned publishers."""


def on_screen(content: Content) -> dict[str, list[str]]:
    """The poisoned texts each tab shows whole, as a reader would read them: a renderer that
    dropped, stripped or interpreted any part of one fails to show it."""
    road = content.feature("road-bridge")
    assert road is not None
    event = next(e for e in content.events if IMG in e.title)
    poisoned = [s for s in content.sources.values() if SCRIPT in s.title]
    cited = [c for c in views.trade(content).caveat_sources if IMG in c.publisher]
    [lead] = views.details(content, road).summary[0]  # the description's first sentence
    texts = {
        "details": [road.props.name.en, lead.text],
        "timeline": [event.title, event.text],
        "facts": [road.props.name.en],
        "sources": [poisoned[0].title, poisoned[0].publisher],
        "trade": [cited[0].publisher],
    }
    assert all(any(p in x for x in v for p in PAYLOADS) for v in texts.values()), texts
    return texts


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory) -> Path:
    return make_hostile_copy(tmp_path_factory.mktemp("hostile-browser") / "geodata")


@pytest.fixture(scope="module")
def hostile_url(hostile_root: Path) -> Iterator[str]:
    with running_server(env={"TUMEN_GEODATA": str(hostile_root)}) as url:
        yield url


@pytest.fixture(scope="module")
def shown(hostile_root: Path) -> dict[str, list[str]]:
    return on_screen(validate(hostile_root)[0])


@pytest.fixture(scope="module")
def hostile_page(browser: Browser, hostile_url: str) -> Iterator[Watched]:
    """One page on the hostile content; each test opens its tab there (a rerun, not a load)."""
    context, watched = open_watched(browser)
    watched.page.goto(f"{hostile_url}/?feature=road-bridge")
    watched.map_frame(60)
    yield watched
    context.close()


def shows_text(panel: Locator, text: str) -> None:
    """The text is on screen in the panel, as text."""
    expect(panel.get_by_text(text, exact=False).first).to_be_visible(timeout=RERUN_TIMEOUT)


def table_holds(panel: Locator, text: str) -> None:
    """A cell of the panel's static table shows the text."""
    cells = panel.locator('[data-testid="stTable"] td')
    expect(cells.filter(has_text=text).first).to_be_visible(timeout=RERUN_TIMEOUT)


@pytest.mark.parametrize("tab", TAB_IDS)
def test_hostile_text_stays_text(
    hostile_page: Watched, shown: dict[str, list[str]], tab: str
) -> None:
    watched = hostile_page
    watched.forget()
    page = watched.page
    label = TAB_LABELS[tab]
    panel = tap_tab(page, label)
    for text in shown[tab]:
        shows_text(panel, text)
    for text in IN_TABLE.get(tab, []):
        table_holds(panel, text)
    # the map: the poisoned name in a tooltip and the layer title in the layer control
    frame = watched.map_frame()
    # force: the box's centre may fall in a gap of the dashes, over the bridge's own hit area
    # (mapview.HitAreas), which shows the same tooltip
    frame.locator('path.leaflet-interactive[stroke="#e67e22"]').hover(force=True)
    expect(frame.locator(".leaflet-tooltip")).to_contain_text(IMG, timeout=RERUN_TIMEOUT)
    frame.locator(".leaflet-control-layers").hover()
    expect(frame.locator(".leaflet-control-layers-list")).to_contain_text(IMG)
    for doc in (page, frame):
        assert doc.evaluate(INJECTED) == {"bad": 0, "unsafe": []}
    assert watched.dialogs == []
    screenshot(watched, f"hostile-content-{tab}")
    assert watched.errors == []
