"""Hostile text in the content, rendered in Chromium: no dialog, no injected element, safe links."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ..hostile import make_hostile_copy
from .conftest import Watched, running_server, screenshot

pytestmark = pytest.mark.browser

INJECTED = """() => {
  const raw = /<img src=x|<script>alert/;
  const bad = [...document.querySelectorAll('img[src="x"], img[onerror]')].length
    + [...document.querySelectorAll('script')].filter(s => raw.test(s.textContent)).length;
  const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
  return {bad, unsafe: links.filter(h => /^\\s*javascript:/i.test(h))};
}"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory) -> Iterator[str]:
    root = make_hostile_copy(tmp_path_factory.mktemp("hostile-browser") / "geodata")
    with running_server(env={"TUMEN_GEODATA": str(root)}) as url:
        yield url


@pytest.mark.parametrize("tab", ["details", "timeline", "facts", "sources", "trade"])
def test_hostile_text_stays_text(watched: Watched, hostile_url: str, tab: str) -> None:
    watched.page.goto(f"{hostile_url}/?feature=road-bridge&tab={tab}")
    frame = watched.map_frame()
    # force: the box's centre may fall in a gap of the dashes, over the bridge's own hit area
    # (mapview.HitAreas), which shows the same tooltip
    frame.locator('path.leaflet-interactive[stroke="#e67e22"]').hover(force=True)
    frame.locator(".leaflet-control-layers").hover()
    watched.page.wait_for_timeout(500)
    for doc in (watched.page, frame):
        found = doc.evaluate(INJECTED)
        assert found == {"bad": 0, "unsafe": []}
    assert watched.dialogs == []
    if tab == "details":
        assert watched.page.get_by_text('<img src=x onerror="alert(1)">').first.is_visible()
        screenshot(watched, "hostile-content")
    assert watched.errors == []
