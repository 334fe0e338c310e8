"""Every user path in real Chromium (issue 4): load, hover, click, select, base map, overlays,
tabs, share link, hostile links and dead tile servers.

Every test ends in `assert_clean`: nothing but our origin and the tile hosts was requested, no
dialog opened and the console logged no error.

Speed: one page load costs seconds, a rerun a fraction of one. The in-app paths (hover, click,
select box, base map, overlays, the tabs' data) therefore share one page, each test setting up
what it needs through the UI; after a failed test the page is reloaded so the next one starts
clean. The hostile links are opened all at once, in parallel fresh contexts, and then checked
one per test.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Frame, Locator, Page, expect

from tumen_crossing import history, views
from tumen_crossing.content import Content, Feature
from tumen_crossing.dates import date_start
from tumen_crossing.history import drawn_at
from tumen_crossing.mapview import HALO_PANE, HIT_CLASS, style_for, view_for
from tumen_crossing.validate import validate
from tumen_crossing.viewstate import DEFAULT
from tumen_crossing.vocab import BASE_MAPS, KINDS, TAB_LABELS, UI
from tumen_crossing.vocab import HIGHLIGHT_COLOUR as HIGHLIGHT

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
    tap_tab,
    wait_for_param,
)

pytestmark = pytest.mark.browser

# The main map's own panes (streamlit-folium names its div map_div): not the minimap's.
MAIN_PANE = "#map_div > .leaflet-map-pane"
FEATURE_PATHS = f"{MAIN_PANE} .leaflet-overlay-pane path.leaflet-interactive:not(.{HIT_CLASS})"
"""The drawn features (not the invisible hit areas under the bridges, see mapview.HitAreas)."""
HALO_PATHS = f"{MAIN_PANE} .leaflet-halo-pane path"
MAIN_TILES = f"{MAIN_PANE} .leaflet-tile-pane img.leaflet-tile"
LINE_COLOURS = {
    "river": "#2e86c1",
    "borders": "#922b21",
    "railway": "#2c3e50",
    "rail bridge": "#1b2631",
    "road bridge": "#e67e22",
}
TRIPOINT_COLOUR = "#b03a2e"
BASES = {  # label on the control: (value in the link, tile host)
    base.label: (None if key == DEFAULT.base else key, base.host) for key, base in BASE_MAPS.items()
}
STREET, SATELLITE = BASE_MAPS["osm"].label, BASE_MAPS["satellite"].label
TABS = {label: None if key == DEFAULT.tab else key for key, label in TAB_LABELS.items()}
DETAILS, TRADE = TAB_LABELS["details"], TAB_LABELS["trade"]
TIMELINE, SOURCES = TAB_LABELS["timeline"], TAB_LABELS["sources"]
LOAD_TIMEOUT_S = 60  # a load takes about five seconds on an idle 2-core machine


@pytest.fixture(autouse=True, scope="module")
def patient_expect() -> Iterator[None]:
    expect.set_options(timeout=RERUN_TIMEOUT)
    yield
    expect.set_options(timeout=5_000)  # Playwright's default, for the other modules


def load(watched: Watched, url: str) -> Frame:
    """Open a URL and wait until the map's vector layers are drawn."""
    watched.page.goto(url, wait_until="domcontentloaded")
    return watched.map_frame(LOAD_TIMEOUT_S)


# --- content: what the page should show -------------------------------------------------------


@pytest.fixture(scope="module")
def content() -> Content:
    content, problems = validate()
    assert problems == [], problems
    return content


def drawn(content: Content, day: date | None = None) -> list[Feature]:
    """The features the map of a day (None: the newest) draws, in its drawing order."""
    return [f for layer in content.layers for f in content.in_layer(layer.name) if drawn_at(f, day)]


def strokes_of(features: list[Feature]) -> Counter[str]:
    return Counter(style_for(f)["color"] for f in features)


def name(content: Content, feature_id: str) -> str:
    feature = content.feature(feature_id)
    assert feature is not None, feature_id
    return feature.props.name.en


# --- page helpers ------------------------------------------------------------------------------


@contextmanager
def timed(what: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    print(f"\n{what}: {(time.perf_counter() - started) * 1000:.0f} ms")


def drawn_strokes(frame: Frame) -> Counter[str]:
    return Counter(
        frame.locator(FEATURE_PATHS).evaluate_all("els => els.map(e => e.getAttribute('stroke'))")
    )


def expect_layers_drawn(frame: Frame, content: Content) -> None:
    """Every feature of the default map is a path of its style's colour, the five line layers
    and the points (circle paths) included, and each line layer is visible on screen."""
    expected = strokes_of(drawn(content))
    expect(frame.locator(FEATURE_PATHS)).to_have_count(sum(expected.values()))
    assert drawn_strokes(frame) == expected
    for layer, colour in LINE_COLOURS.items():
        sizes = frame.locator(f'{FEATURE_PATHS}[stroke="{colour}"]').evaluate_all(
            "els => els.map(e => e.getBoundingClientRect()).map(r => r.width + r.height)"
        )
        assert sizes, f"{layer} ({colour}) not drawn"
        assert max(sizes) > 0, f"{layer} ({colour}) drawn empty"


def set_probe(frame: Frame) -> None:
    frame.evaluate("window.__probe = 1")


def assert_not_remounted(watched: Watched) -> None:
    """The probe set before the action is still there: the map component was not rebuilt."""
    assert watched.map_frame().evaluate("window.__probe") == 1, "the map remounted"


# A point where the element itself is topmost (not under the legend, a control, another path
# or a tooltip) and inside the map, in the frame's own coordinates: the bounding box's centre,
# else points along the outline and beside it (a river under a border shows at its edges).
_POINT_ON = """
el => {
    const box = el.getBoundingClientRect();
    const inside = (x, y) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;
    const hits = ([x, y]) => inside(x, y) && document.elementFromPoint(x, y) === el;
    const centre = [box.left + box.width / 2, box.top + box.height / 2];
    if (hits(centre)) return centre;
    const length = el.getTotalLength(), ctm = el.getScreenCTM();
    const at = d => { const p = el.getPointAtLength(d).matrixTransform(ctm); return [p.x, p.y]; };
    for (let i = 0; i <= 80; i++) {
        const d = length * (0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) / 80);
        const [x, y] = at(d), [x2, y2] = at(Math.min(length, d + 1));
        const n = Math.hypot(x2 - x, y2 - y) || 1, nx = (y - y2) / n, ny = (x2 - x) / n;
        for (const off of [0, 2, -2, 3, -3]) {
            const p = [x + nx * off, y + ny * off];
            if (hits(p)) return p;
        }
    }
    return null;
}
"""


def overview(frame: Frame) -> None:
    """Move the map (in the browser, as a reader's pan and zoom would: no rerun) to the view a
    fresh page opens on, framing both bridges."""
    centre, zoom = view_for(None)
    frame.evaluate(
        """([centre, zoom]) => new Promise(done => {
            map.once("moveend", () => done());
            map.setView(centre, zoom, {animate: false});
            setTimeout(done, 2000);  // no move when it already shows that view
        })""",
        [list(centre), zoom],
    )


def mouse_to(watched: Watched, path: Locator, click: bool = False) -> None:
    """Move the real mouse onto a visible point of a map path (and click it)."""
    frame = watched.map_frame()
    # First off the map: a test before may have left the mouse on this very point (a move
    # there would be no move, and no hover), or on a feature that the map may move away from
    # under it below (its tooltip would then stay open, as nothing tells it the mouse left).
    watched.page.mouse.move(0, 0)
    frame.frame_element().scroll_into_view_if_needed()
    point = path.evaluate(_POINT_ON)
    if point is None:  # the map shows another place (a test before moved it): as a reader
        overview(frame)  # would, pan and zoom back to the first view, and look again
        point = path.evaluate(_POINT_ON)
    assert point is not None, "no point of the path can be reached by the mouse"
    box = frame.frame_element().bounding_box()
    assert box is not None
    x, y = box["x"] + point[0], box["y"] + point[1]
    size = watched.page.viewport_size
    assert size and 0 <= x < size["width"] and 0 <= y < size["height"], (x, y)
    if click:
        watched.page.mouse.click(x, y)
    else:
        watched.page.mouse.move(x, y)


def details_heading(page: Page) -> Locator:
    return page.get_by_role("tabpanel", name=DETAILS, exact=True).locator("h3").first


def open_tab(watched: Watched, label: str) -> Locator:
    """Click a panel tab (if it is not already open), once the page has settled, and return its
    panel."""
    tab = watched.page.get_by_role("tab", name=label, exact=True)
    if tab.get_attribute("aria-selected") != "true":
        tap_tab(watched.page, label)
    if label in TABS:
        wait_for_param(watched.page, "tab", TABS[label])
    else:  # a tab this suite does not know yet: it has a key of its own
        watched.page.wait_for_function(
            "known => { const t = new URLSearchParams(location.search).get('tab');"
            " return t !== null && !known.includes(t) }",
            arg=[v for v in TABS.values() if v],
            timeout=RERUN_TIMEOUT,
        )
    return watched.page.get_by_role("tabpanel", name=label, exact=True)


def choose_feature(page: Page, label: str) -> None:
    """Pick a feature in the "Feature" select box (unless it is already the chosen one)."""
    box = page.get_by_role("combobox", name=UI.feature_control)
    if box.input_value() == label:
        return
    box.click()
    box.fill(label)  # the list is virtual: filter it as a reader types, then pick
    page.get_by_role("option", name=label, exact=True).click()
    expect(box).to_have_value(label)


def base_button(page: Page, label: str) -> Locator:
    return page.get_by_role("radiogroup", name=UI.base_control).get_by_role("radio", name=label)


_CENTRE = (
    "e => { const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2] }"
)


def expect_halo_on(frame: Frame, targets: list[Locator]) -> None:
    """A highlight halo is centred on each target and on nothing else; every halo lies in the
    halo pane (under the overlays) and takes no clicks."""
    halos = frame.locator(f'#map_div path[stroke="{HIGHLIGHT}"]')
    deadline = time.monotonic() + RERUN_TIMEOUT / 1000
    while True:  # the halo follows the rerun, and the map may still be moving to it
        found = halos.evaluate_all(
            f"""els => els.map(e => ({{centre: ({_CENTRE})(e),
                pane: (e.closest('.leaflet-pane') || {{}}).className
                    || 'no pane: ' + [...function* up(n) {{ while ((n = n.parentElement))
                        yield n.tagName + '.' + n.getAttribute('class'); }}(e)].join(' < '),
                interactive: e.classList.contains('leaflet-interactive')}}))"""
        )
        wanted = [target.evaluate(_CENTRE) for target in targets]
        centres = [h["centre"] for h in found]
        if len(found) == len(wanted) and all(
            any(abs(x - w[0]) < 2 and abs(y - w[1]) < 2 for x, y in centres) for w in wanted
        ):
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"halos at {centres}, wanted at {wanted}")
        frame.wait_for_timeout(100)
    for halo in found:
        assert f"leaflet-{HALO_PANE}-pane" in halo["pane"], f"halo drawn in {halo['pane']}"
        assert not halo["interactive"], "halo takes clicks"


def expect_tiles_from(frame: Frame, host: str) -> None:
    """The main map's tile layer is this host's (and only this host's)."""
    frame.wait_for_function(
        """([sel, host]) => { const t = Array.from(document.querySelectorAll(sel));
            return t.length > 0 && t.every(i => new URL(i.src).host.endsWith(host)) }""",
        arg=[MAIN_TILES, host],
        timeout=RERUN_TIMEOUT,
    )


def injected_elements(page: Page) -> list[str]:
    """`script`/`img` elements, in any frame, whose text or attributes call alert(…)."""
    found: list[str] = []
    for frame in page.frames:
        found += frame.evaluate(
            r"""() => Array.from(document.querySelectorAll('script, img'))
                .filter(e => /alert\s*\(/i.test(e.textContent || '')
                    || Array.from(e.attributes).some(a => /alert\s*\(/i.test(a.value)))
                .map(e => e.outerHTML.slice(0, 200))"""
        )
    return found


def paths(frame: Frame, colour: str) -> Locator:
    return frame.locator(f'{FEATURE_PATHS}[stroke="{colour}"]')


def feature_path(frame: Frame, content: Content, feature_id: str) -> Locator:
    """The path of one feature: the nth of its colour, n its rank among features so drawn."""
    feature = content.feature(feature_id)
    assert feature is not None, feature_id
    colour = style_for(feature)["color"]
    same = [f.id for f in drawn(content) if style_for(f)["color"] == colour]
    return paths(frame, colour).nth(same.index(feature_id))


def feature_path_on(frame: Frame, content: Content, feature_id: str, day: date | None) -> Locator:
    """The drawn path of one feature on the map of a day: by its own class."""
    assert drawn_at(content.feature(feature_id), day), (feature_id, day)
    return frame.locator(f"{FEATURE_PATHS}.tc-f-{feature_id}")


def share_link(page: Page, app_url: str) -> str:
    """Open "Share this view" (a popover) and read the link in its code block."""
    page.get_by_role("button", name=UI.share).click()
    code = page.locator('[data-testid="stCode"] code').filter(has_text=urlsplit(app_url).netloc)
    expect(code).to_be_visible()
    return code.inner_text().strip()


# --- the shared page ------------------------------------------------------------------------


class Opened:
    """A recorded page, its own context, and whether a failed test left it in doubt."""

    def __init__(self, context: BrowserContext, watched: Watched) -> None:
        self.context, self.watched, self.stale = context, watched, False


@pytest.fixture(scope="module")
def shared(browser: Browser, app_url: str) -> Iterator[Opened]:
    context, watched = open_watched(browser)
    with timed("shared page: load -> layers drawn"):
        load(watched, app_url)
    yield Opened(context, watched)
    context.close()


@pytest.fixture
def app(shared: Opened, app_url: str, request: pytest.FixtureRequest) -> Iterator[Watched]:
    """The shared page with fresh records; reloaded first if the test before it failed."""
    if shared.stale:
        load(shared.watched, app_url)
        shared.stale = False
    shared.watched.forget()
    yield shared.watched
    report = getattr(request.node, "report_call", None)  # an expected failure leaves it usable
    shared.stale = report is None or report.failed


# --- first load --------------------------------------------------------------------------------


@pytest.mark.parametrize("watched", [DESKTOP, PHONE], ids=["1280x800", "390x844"], indirect=True)
def test_first_load_draws_every_layer_and_every_tab_opens(
    watched: Watched, app_url: str, content: Content
) -> None:
    page = watched.page
    size = f"{page.viewport_size['width']}x{page.viewport_size['height']}"
    with timed(f"{size}: load -> layers drawn"):
        frame = load(watched, app_url)
    expect_layers_drawn(frame, content)
    expect(frame.locator(MAIN_TILES).first).to_be_attached()
    expect(frame.locator(".leaflet-control-layers")).to_have_count(1)
    # the locator inset: on a laptop's screen, not on a phone's, where the map needs the room
    inset = frame.locator(".leaflet-control-minimap")
    expect(inset).to_have_count(1)
    if page.viewport_size == PHONE:
        expect(inset).to_be_hidden()
    else:
        expect(inset).to_be_visible()
        expect(inset.locator(".leaflet-tile-pane")).to_be_attached()
    details = page.get_by_role("tabpanel", name=DETAILS, exact=True)
    expect(details.locator("h3")).to_have_count(0)  # nothing selected yet
    expect(page.get_by_text(UI.choose_hint)).to_be_visible()
    screenshot(watched, f"first-load-{size}")
    frame.frame_element().scroll_into_view_if_needed()  # the page scrolls inside, not whole
    screenshot(watched, f"first-load-{size}-map")

    set_probe(frame)
    labels = page.get_by_role("tab").all_inner_texts()
    assert set(TABS) <= set(labels), labels
    if page.viewport_size == PHONE:  # (every tab on a phone: test_accessibility's walk)
        assert_clean(watched, app_url)
        return
    for label in [*labels[1:], labels[0]]:  # every tab, ending back on the first (Details)
        with timed(f"{size}: tab {label}"):
            panel = open_tab(watched, label)
            expect(panel).to_be_visible()
        if label == TRADE:
            expect(panel.locator('[data-testid="stVegaLiteChart"]')).to_be_visible()
            screenshot(watched, f"first-load-{size}-trade")
    assert "tab" not in query(watched)
    assert_not_remounted(watched)
    assert_clean(watched, app_url)


# --- on the map: hover, click, select box --------------------------------------------------------


def test_hover_shows_the_feature_name(app: Watched, app_url: str, content: Content) -> None:
    frame = app.map_frame()
    tripoint = paths(frame, TRIPOINT_COLOUR)
    ids = ["tumen-river", "border-ru-kp", "rail-khasan-rajin", "friendship-bridge"]
    ids += ["road-bridge", "tripoint"]
    for feature_id in ids:
        path = tripoint if feature_id == "tripoint" else feature_path(frame, content, feature_id)
        mouse_to(app, path)
        tooltip = frame.locator(".leaflet-tooltip")
        expect(tooltip).to_have_count(1)
        expect(tooltip).to_contain_text(name(content, feature_id))
        if feature_id == "road-bridge":
            screenshot(app, "hover-road-bridge")
    app.page.mouse.move(0, 0)  # off the map: the tooltip closes
    expect(frame.locator(".leaflet-tooltip")).to_have_count(0)
    assert_clean(app, app_url)


@pytest.mark.parametrize(
    "feature_id", ["road-bridge", "friendship-bridge", "tumen-river", "tripoint"]
)
def test_clicking_a_feature_selects_it(
    feature_id: str, app: Watched, app_url: str, content: Content
) -> None:
    page = app.page
    open_tab(app, DETAILS)
    frame = app.map_frame()
    set_probe(frame)
    if feature_id == "tripoint":  # the place the brief names: its own marker colour
        path = paths(frame, TRIPOINT_COLOUR)
    else:
        path = feature_path(frame, content, feature_id)
    with timed(f"click {feature_id} -> details"):
        mouse_to(app, path, click=True)
        expect(details_heading(page)).to_have_text(name(content, feature_id), timeout=RERUN_TIMEOUT)
    wait_for_param(page, "feature", feature_id)
    wait_for_param(page, "event", None)  # a click on the map ends an event choice
    screenshot(app, f"click-{feature_id}")
    assert_not_remounted(app)
    expect_halo_on(frame, [path])
    assert_clean(app, app_url)


def test_a_selected_place_keeps_its_tooltip_above_its_halo(
    app: Watched, app_url: str, content: Content
) -> None:
    page = app.page
    open_tab(app, DETAILS)
    choose_feature(page, name(content, "tripoint"))
    expect(details_heading(page)).to_have_text(name(content, "tripoint"))
    frame = app.map_frame()
    tripoint = paths(frame, TRIPOINT_COLOUR)
    screenshot(app, "selected-place-halo")
    expect_halo_on(frame, [tripoint])
    # the reader's side of it: the selected place still answers the mouse
    mouse_to(app, tripoint)
    expect(frame.locator(".leaflet-tooltip")).to_contain_text(name(content, "tripoint"))
    assert_clean(app, app_url)


def test_places_are_filled_unless_planned(app: Watched, app_url: str, content: Content) -> None:
    frame = app.map_frame()
    places = [f for f in drawn(content) if f.geometry.geom_type == "Point"]
    fills = {f.id: feature_path(frame, content, f.id).get_attribute("fill") for f in places}
    assert fills == {f.id: style_for(f)["fillColor"] for f in places}
    assert_clean(app, app_url)


def test_select_box_selects_and_frames_the_feature(
    app: Watched, app_url: str, content: Content
) -> None:
    page = app.page
    open_tab(app, DETAILS)
    frame = app.map_frame()
    set_probe(frame)
    target = "rail-khasan-rajin"  # mostly outside the first view: the map has to move to it
    with timed("select box -> details"):
        choose_feature(page, name(content, target))
        expect(details_heading(page)).to_have_text(name(content, target), timeout=RERUN_TIMEOUT)
    wait_for_param(page, "feature", target)
    path = feature_path(frame, content, target)
    expect_halo_on(frame, [path])
    # framed: the whole line comes to lie inside the map
    frame.wait_for_function(
        """e => { const r = e.getBoundingClientRect(),
                        m = e.closest("#map_div").getBoundingClientRect();
                  return r.left >= m.left && r.right <= m.right
                      && r.top >= m.top && r.bottom <= m.bottom }""",
        arg=path.element_handle(),
        timeout=RERUN_TIMEOUT,
    )
    assert_not_remounted(app)
    screenshot(app, "select-box-railway")
    assert_clean(app, app_url)


# --- base map and overlays ---------------------------------------------------------------------


def test_base_map_switch_sets_the_link_and_the_tile_host(app: Watched, app_url: str) -> None:
    page = app.page
    frame = app.map_frame()
    set_probe(frame)
    current = page.get_by_role("radiogroup", name=UI.base_control).locator('[aria-checked="true"]')
    start = current.inner_text()
    order = [label for label in BASES if label != start] + [start]
    for label in order:
        value, host = BASES[label]
        with timed(f"base {label} -> link and tiles"):
            if label == start:  # back to the first: its tiles may come from the memory cache
                base_button(page, label).click()
            else:
                with page.expect_request(lambda r, h=host: urlsplit(r.url).netloc.endswith(h)):
                    base_button(page, label).click()
            wait_for_param(page, "base", value)
        expect(base_button(page, label)).to_have_attribute("aria-checked", "true")
        expect_tiles_from(frame, host)  # and the old layer was swapped out
        assert_not_remounted(app)
        if label == SATELLITE:
            screenshot(app, "base-satellite")
    assert_clean(app, app_url)


def test_layer_control_hides_and_restores_each_overlay(
    app: Watched, app_url: str, content: Content
) -> None:
    frame = app.map_frame()
    before = app.url()
    everything = strokes_of(drawn(content))
    assert drawn_strokes(frame) == everything
    control = frame.locator(".leaflet-control-layers")
    control.hover()
    expect(control).to_have_class(re.compile(r"leaflet-control-layers-expanded"))
    for layer in content.layers:
        features = [f for f in content.in_layer(layer.name) if drawn_at(f, None)]
        if not features:
            continue
        box = frame.get_by_label(layer.title, exact=True)
        box.uncheck()
        expect(frame.locator(FEATURE_PATHS)).to_have_count(sum(everything.values()) - len(features))
        assert drawn_strokes(frame) == everything - strokes_of(features), layer.title
        if layer.name == "bridges":
            screenshot(app, "layer-bridges-off")
        box.check()
        expect(frame.locator(FEATURE_PATHS)).to_have_count(sum(everything.values()))
        assert drawn_strokes(frame) == everything, layer.title
    assert app.url() == before  # overlays are the reader's own business: no rerun, no link
    assert_clean(app, app_url)


# --- the tabs' data ------------------------------------------------------------------------------


def test_trade_tab_draws_the_chart_table_and_csv(
    app: Watched, app_url: str, content: Content
) -> None:
    panel = open_tab(app, TRADE)
    chart = panel.locator('[data-testid="stVegaLiteChart"]')
    marks = chart.locator("svg.marks, canvas.marks").first
    expect(marks).to_be_visible()
    if marks.evaluate("e => e.tagName") == "svg":  # lines and points are drawn, not just axes
        assert chart.locator(".mark-line path, .mark-symbol path").count() >= len(content.trade)
    else:
        assert marks.evaluate("e => e.width * e.height") > 0
    table = panel.locator('[data-testid="stTable"]')  # static: cells wrap, no toolbar
    expect(table).to_be_visible()
    toolbars = '[data-testid="stElementContainer"]:has([data-testid="stTable"]) ' + (
        '[data-testid="stElementToolbar"]'
    )
    expect(panel.locator(toolbars)).to_have_count(0)  # no table toolbar to cover the caption
    expect(panel.get_by_text(views.trade(content).gaps)).to_be_visible()  # gaps explained
    rows = table.locator("tr")
    expect(rows.first).to_contain_text(UI.year)
    expect(rows).to_have_count(len(content.trade) + 1)
    with app.page.expect_download() as download:
        panel.get_by_role("link", name=UI.download_trade).click()
    csv = Path(download.value.path()).read_text(encoding="utf-8").strip().splitlines()
    assert csv[0].startswith("year,"), csv[0]
    assert len(csv) == len(content.trade) + 1
    screenshot(app, "tab-trade")
    assert_clean(app, app_url)


def test_timeline_tab_lists_events_and_shows_one_on_the_map(
    app: Watched, app_url: str, content: Content
) -> None:
    """The timeline's "Show on map", far down the list: the event's features, at the event's
    date (the map as it stood then), with the map brought back into view. On the shared page,
    after whatever the other tests did there (hovers and dates included: see
    test_a_path_keeps_its_class_after_a_hover_and_a_change_of_date)."""
    page = app.page
    panel = open_tab(app, TIMELINE)
    boxes = panel.locator('[class*="st-key-event-box-"]')
    expect(boxes).to_have_count(len(content.events))
    assert boxes.count() >= 20
    frame = app.map_frame()
    set_probe(frame)

    def shown_then(event) -> list[str]:
        day = date_start(event.date)
        return [f for f in dict.fromkeys(event.features) if drawn_at(content.feature(f), day)]

    # an event well down the list, with two features standing on its day
    event = [e for e in content.events if len(shown_then(e)) >= 2][-1]
    related = shown_then(event)
    box = panel.locator(f".st-key-event-box-{event.id}")
    [shown_event] = [e for e in views.timeline(content).events if e.event_id == event.id]
    button = box.get_by_role("button", name=shown_event.show_on_map)
    button.scroll_into_view_if_needed()
    map_element = frame.frame_element()
    # On a laptop the panel scrolls beside the map, so the map may already be in view; on a
    # phone it is far above the timeline. Either way it must be in view after the click.
    with timed("show on map -> event in link"):
        button.click()
        wait_for_param(page, "event", event.id)
    wait_for_param(page, "feature", related[0])
    wait_for_param(page, "date", date_start(event.date).isoformat())
    expect_slider_on(page, content, date_start(event.date))
    # the map comes into view: its top edge on screen, most of it visible
    viewport = page.viewport_size
    assert viewport is not None
    page.wait_for_function(
        """([e, h]) => { const r = e.getBoundingClientRect();
            return r.top >= 0 && r.top < h / 2 && Math.min(r.bottom, h) - r.top > r.height / 2 }""",
        arg=[map_element, viewport["height"]],
        timeout=RERUN_TIMEOUT,
    )
    expect(box).to_contain_text("📍")
    day = date_start(event.date)
    expect_halo_on(frame, [feature_path_on(frame, content, f, day) for f in related])
    assert_not_remounted(app)
    screenshot(app, "tab-timeline-event")
    open_tab(app, DETAILS)
    expect(details_heading(page)).to_have_text(name(content, related[0]))
    assert_clean(app, app_url)
    back_to_the_newest_state(page)


def back_to_the_newest_state(page: Page) -> None:
    """Leave the shared page on the newest state (no date), as the tests after expect it."""
    if "date=" in page.evaluate("location.search"):
        page.get_by_role("slider", name=UI.date_control).focus()
        page.keyboard.press("End")  # the slider's right end: the latest sourced state
        wait_for_param(page, "date", None)


def test_a_path_keeps_its_class_after_a_hover_and_a_change_of_date(
    app: Watched, app_url: str, content: Content
) -> None:
    """Hover the road bridge with the real mouse, go back to a day before it stood, and return:
    its path is built again and must carry its class `tc-f-road-bridge` again. Before
    mapview.path_style, Leaflet's resetStyle after the hover dropped the class, and the path
    built on the way back had none: the timeline test then found no road bridge when it ran
    after the hover tests on this page."""
    page = app.page
    frame = app.map_frame()
    back_to_the_newest_state(page)
    road_bridge = content.feature("road-bridge")
    road = feature_path_on(frame, content, "road-bridge", None)
    expect(road).to_have_count(1)
    tooltip = frame.locator(".leaflet-tooltip").filter(has_text=name(content, "road-bridge"))
    mouse_to(app, road)
    expect(tooltip).to_have_count(1)
    page.mouse.move(0, 0)  # off the map: mouseout, and Leaflet resets the path's style
    expect(tooltip).to_have_count(0)
    first = history.key_dates(content)[0]
    assert not drawn_at(road_bridge, first)
    page.get_by_role("slider", name=UI.date_control).focus()
    page.keyboard.press("Home")  # the earliest key date: no road bridge yet
    wait_for_param(page, "date", first.isoformat())
    expect(paths(frame, style_for(road_bridge)["color"])).to_have_count(0)
    back_to_the_newest_state(page)
    expect(paths(frame, style_for(road_bridge)["color"])).to_have_count(1)  # built again
    expect(road).to_have_count(1)  # with its class
    assert_clean(app, app_url)


def test_sources_tab_lists_every_source_as_a_web_link(
    app: Watched, app_url: str, content: Content
) -> None:
    page = app.page
    panel = open_tab(app, SOURCES)
    links = panel.locator('[data-testid="stMarkdownContainer"] li a')
    linked = [s for s in content.sources.values() if s.url]  # one source has no public address
    expect(links).to_have_count(len(linked))
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) >= 30
    assert [h for h in hrefs if not re.match(r"https?://[^/]+", h or "")] == []
    screenshot(app, "tab-sources")
    # the filter narrows the list, and clearing it brings every source back
    caption = panel.get_by_text(re.compile(r"^\d+ of \d+ sources\.$"))
    expect(caption).to_have_text(f"{len(content.sources)} of {len(content.sources)} sources.")
    search = panel.get_by_label("Filter sources")
    search.fill("TASS")
    search.press("Enter")
    expect(caption).not_to_have_text(re.compile(rf"^{len(content.sources)} of"))
    shown = int(caption.inner_text().split()[0])
    assert 0 < shown < len(content.sources)
    expect(links).to_have_count(shown)
    search.fill("")
    search.press("Enter")
    expect(links).to_have_count(len(linked))
    expect(page.get_by_role("tab", name=SOURCES, exact=True)).to_have_attribute(
        "aria-selected", "true"
    )
    assert_clean(app, app_url)


def test_details_tab_shows_names_status_measures_and_sources(
    app: Watched, app_url: str, content: Content
) -> None:
    page = app.page
    panel = open_tab(app, DETAILS)
    feature = content.feature("friendship-bridge")
    assert feature is not None
    choose_feature(page, feature.props.name.en)
    expect(details_heading(page)).to_have_text(feature.props.name.en, timeout=RERUN_TIMEOUT)
    expect(panel).to_contain_text(feature.props.name.ru)
    expect(panel).to_contain_text(feature.props.name.ko)
    expect(panel).to_contain_text(KINDS[feature.props.kind].label)
    # Drawn midway between its two claimed lengths: no "measured" figure of its own.
    expect(panel).not_to_contain_text(UI.measured_on_map)
    expect(panel).to_contain_text(UI.position.split(":")[0])
    hrefs = panel.locator("li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) >= len(set(feature.props.sources))
    assert [h for h in hrefs if not re.match(r"https?://[^/]+", h or "")] == []
    screenshot(app, "tab-details-friendship-bridge")
    assert_clean(app, app_url)


# --- links -------------------------------------------------------------------------------------


def test_share_link_reopens_the_same_view_in_a_fresh_browser(
    watched: Watched, browser: Browser, app_url: str, content: Content
) -> None:
    page = watched.page
    load(watched, f"{app_url}/?feature=road-bridge&base=satellite&tab=trade")
    expect(page.get_by_role("tab", name=TRADE, exact=True)).to_have_attribute(
        "aria-selected", "true"
    )
    link = share_link(page, app_url)
    screenshot(watched, "share-expanded")
    assert urlsplit(link).netloc == urlsplit(app_url).netloc, link
    assert parse_qs(urlsplit(link).query) == {
        "feature": ["road-bridge"],
        "base": ["satellite"],
        "tab": ["trade"],
        "lang": ["en"],  # whoever opens it reads the language the sharer read
    }
    assert_clean(watched, app_url)

    context, fresh = open_watched(browser)
    try:
        with timed("share link in a fresh context -> layers drawn"):
            frame = load(fresh, link)
        expect(fresh.page.get_by_role("tab", name=TRADE, exact=True)).to_have_attribute(
            "aria-selected", "true"
        )
        expect(base_button(fresh.page, SATELLITE)).to_have_attribute("aria-checked", "true")
        expect_tiles_from(frame, BASES[SATELLITE][1])
        assert BASES[SATELLITE][1] in fresh.hosts
        expect_halo_on(frame, [feature_path(frame, content, "road-bridge")])
        screenshot(fresh, "share-reopened")
        open_tab(fresh, DETAILS)
        expect(details_heading(fresh.page)).to_have_text(name(content, "road-bridge"))
        assert query(fresh) == {"feature": ["road-bridge"], "base": ["satellite"], "lang": ["en"]}
        assert_clean(fresh, app_url)
    finally:
        context.close()


def test_share_link_with_a_date_and_an_event_reopens_in_a_fresh_browser(
    app: Watched, browser: Browser, app_url: str, content: Content
) -> None:
    """Show an event on the map, step back to the key date before it, share: a fresh browser
    opens the same day on the slider, with every feature of the event highlighted."""
    page = app.page

    def the_day_before(event) -> date | None:
        return max(
            (d for d in history.key_dates(content) if d < date_start(event.date)), default=None
        )

    def standing(event, day: date | None) -> bool:
        return day is not None and all(drawn_at(content.feature(f), day) for f in event.features)

    event = [
        e
        for e in content.events
        if len(set(e.features)) >= 2 and e.date and standing(e, the_day_before(e))
    ][-1]
    day = the_day_before(event)
    assert day is not None
    [shown_event] = [e for e in views.timeline(content).events if e.event_id == event.id]
    panel = open_tab(app, TIMELINE)
    panel.locator(f".st-key-event-box-{event.id}").get_by_role(
        "button", name=shown_event.show_on_map
    ).click()
    wait_for_param(page, "event", event.id)
    wait_for_param(page, "date", date_start(event.date).isoformat())
    page.get_by_role("button", name="◀").click()
    wait_for_param(page, "date", day.isoformat())
    assert query(app)["event"] == [event.id]  # moving in time keeps the event
    link = share_link(page, app_url)
    page.keyboard.press("Escape")
    shared = parse_qs(urlsplit(link).query)
    assert {k: shared.get(k) for k in ("feature", "event", "date", "tab")} == {
        "feature": [event.features[0]],
        "event": [event.id],
        "date": [day.isoformat()],
        "tab": ["timeline"],
    }
    assert_clean(app, app_url)

    context, fresh = open_watched(browser)
    try:
        frame = load(fresh, link)
        expect_slider_on(fresh.page, content, day)
        related = list(dict.fromkeys(event.features))
        expect_halo_on(frame, [feature_path_on(frame, content, f, day) for f in related])
        expect(fresh.page.locator(f".st-key-event-box-{event.id}")).to_contain_text("📍")
        screenshot(fresh, "share-date-event-reopened")
        assert_clean(fresh, app_url)
    finally:
        context.close()
    back_to_the_newest_state(page)


HOSTILE = {
    "script-tag": "feature=" + quote("<script>alert(1)</script>"),
    "10k-chars": "feature=" + "a" * 10_000,
    "unknown-ids": "feature=no-such-place&event=no-such-event&base=moon&tab=nowhere",
    "repeated-keys": "feature=road-bridge&feature=tumen-river",
    "bad-utf8": "feature=%ff%fe",
    "nul": "tab=%00",
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_or_broken_link_falls_back_to_the_default_view(
    case: str, browser: Browser, app_url: str, content: Content
) -> None:
    context, watched = open_watched(browser)  # each link in a fresh browser of its own
    try:
        page = watched.page
        frame = load(watched, f"{app_url}/?{HOSTILE[case]}")
        notice = page.locator('[data-testid="stAlertContentInfo"]').filter(has_text="link")
        expect(notice.first).to_be_visible()
        expect_layers_drawn(frame, content)
        # the default view: nothing selected, Details, street map, a clean address bar
        page.wait_for_function("location.search === ''", timeout=RERUN_TIMEOUT)
        expect(page.get_by_role("tab", name=DETAILS, exact=True)).to_have_attribute(
            "aria-selected", "true"
        )
        expect(base_button(page, STREET)).to_have_attribute("aria-checked", "true")
        expect(page.get_by_text(UI.choose_hint)).to_be_visible()
        expect(frame.locator(HALO_PATHS)).to_have_count(0)
        # nothing from the link is echoed or injected
        text = page.locator("body").inner_text()
        for echo in ("<script", "<img", "alert(", "onerror", "a" * 65, "\ufffd"):
            assert echo not in text, f"{echo!r} echoed into the page"
        for line in notice.all_inner_texts():
            assert "no-such" not in line and "moon" not in line and "nowhere" not in line
        assert injected_elements(page) == []
        screenshot(watched, f"hostile-{case}")
        assert_clean(watched, app_url)
    finally:
        context.close()


# --- tile servers down ---------------------------------------------------------------------------


def test_vector_layers_draw_without_tile_servers(
    browser: Browser, app_url: str, content: Content
) -> None:
    context, watched = open_watched(browser, tiles_reachable=False)
    try:
        frame = load(watched, app_url)
        expect_layers_drawn(frame, content)
        expect_tiles_from(frame, BASES[STREET][1])  # asked for, and refused
        assert BASES[STREET][1] in watched.hosts
        screenshot(watched, "tiles-unreachable")
        assert_clean(watched, app_url, console=False)  # the refused tiles log errors
    finally:
        context.close()
