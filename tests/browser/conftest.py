"""Browser fixtures: the real app server (serve.py) on a free port, and Debian's Chromium via
Playwright."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Frame,
    Locator,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from tumen_crossing import views
from tumen_crossing.content import Content
from tumen_crossing.vocab import TILE_HOSTS, UI

from ..server import running_server

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Generous ceilings, never sleeps: a rerun takes about a second on an idle 2-core machine, many
# times that when it is busy.
RERUN_TIMEOUT = 30_000  # ms
# A 1×1 transparent PNG stands in for every tile: tests never depend on tile servers.
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    with running_server() as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make chromium` (apt-get install chromium)"
        )
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Watched:
    """A page with its console errors, every request (host and URL) and dialogs recorded."""

    page: Page
    errors: list[str] = field(default_factory=list)
    hosts: set[str] = field(default_factory=set)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def forget(self) -> None:
        """Clear what was recorded so far (a page shared by several tests starts clean)."""
        self.errors.clear()
        self.hosts.clear()
        self.dialogs.clear()
        self.requests.clear()

    def map_frame(self, timeout_s: float = 30) -> Frame:
        """The component iframe that holds the Leaflet map, once vector paths are drawn."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for frame in self.page.frames:
                try:
                    if frame.evaluate(DRAWN):
                        return frame
                except Exception:  # frames come and go while Streamlit renders
                    continue
            self.page.wait_for_timeout(100)
        raise AssertionError("the map's vector layers were not drawn")

    def url(self) -> str:
        return self.page.evaluate("location.href")


DRAWN = """() => {
    const lines = Array.from(document.querySelectorAll(".leaflet-overlay-pane path[class*=tc-f-]"))
        .filter(p => (p.getAttribute("d") || "").includes("L"));
    return lines.length > 0
        && lines.every(p => {
            const r = p.getBoundingClientRect();
            return r.width + r.height > 0;
        });
}"""
"""The map has drawn its lines with their size: Leaflet draws them once before the map's
first layout, for a moment flat ('M353 0L353 0'), then again. (Points and lines out of view
are 'M0 0' and are not waited for.)"""


def _serve_blank_tile(route) -> None:
    route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)


def _abort_tile(route) -> None:
    route.abort("connectionrefused")


DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def open_watched(
    browser: Browser,
    size: dict[str, int] | None = None,
    tiles_reachable: bool = True,
    locale: str = "en-GB",
) -> tuple[BrowserContext, Watched]:
    """A page in its own fresh context (no shared cookies, storage or cache), recorded, in a
    browser whose language is `locale` (its Accept-Language and navigator.language).

    Tiles get the blank PNG, or with `tiles_reachable=False` a refused connection. The
    caller closes the context."""
    context = browser.new_context(viewport=size or DESKTOP, locale=locale)
    page = context.new_page()
    watched = Watched(page)
    for host in TILE_HOSTS:
        page.route(f"**://*{host}/**", _serve_blank_tile if tiles_reachable else _abort_tile)
    page.on("console", lambda m: m.type == "error" and watched.errors.append(m.text))
    page.on("pageerror", lambda e: watched.errors.append(f"pageerror: {e}"))

    def on_request(r) -> None:
        watched.requests.append(r.url)
        parts = urlsplit(r.url)
        if parts.scheme in {"http", "https"}:  # data:, blob: and about: reach no host
            watched.hosts.add(parts.netloc)

    page.on("request", on_request)

    def on_dialog(dialog) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return context, watched


@pytest.fixture
def watched(browser: Browser, request) -> Iterator[Watched]:
    """A fresh 1280×800 page whose tiles are stubbed and whose console is recorded."""
    context, watched = open_watched(browser, getattr(request, "param", None))
    yield watched
    context.close()


def assert_clean(watched: Watched, app_url: str, console: bool = True) -> None:
    """Every path ends here: only our origin and the tile hosts were asked for anything, no
    dialog opened and (unless `console=False`) the console logged no error."""
    allowed = {urlsplit(app_url).netloc, *TILE_HOSTS}
    strangers = {
        h for h in watched.hosts if not any(h == a or h.endswith(f".{a}") for a in allowed)
    }
    assert strangers == set(), f"requests to other hosts: {sorted(strangers)}"
    assert watched.dialogs == [], f"dialogs opened: {watched.dialogs}"
    if console:
        assert watched.errors == [], f"console errors: {watched.errors}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def screenshot(watched: Watched, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    watched.page.screenshot(path=path, full_page=True)
    return path


def query(watched: Watched) -> dict[str, list[str]]:
    return parse_qs(urlsplit(watched.url()).query)


def wait_for_param(page: Page, key: str, value: str | None) -> None:
    """Wait until the address bar holds key=value (value None: key absent)."""
    page.wait_for_function(
        "([k, v]) => new URLSearchParams(location.search).get(k) === v",
        arg=[key, value],
        timeout=RERUN_TIMEOUT,
    )


RUN_ENDED = """() => document.querySelector('[data-testid="stApp"]')
    ?.getAttribute('data-test-script-state') === 'notRunning'"""


def tap_tab(page: Page, label: str) -> Locator:
    """Tap a panel tab once the app's run is over (Streamlit's own test hook on the page), and
    return the tab's panel.

    A tap made while a run that changed the tab is still arriving can be lost, and that is
    Streamlit's, not the app's. The browser holds the tap's value for a moment (a zero-delay
    timer) before sending it; if the run's tab bar arrives in that moment, it overwrites the
    value with the run's tab, and what is sent is no change. Tapping the instant the address
    bar changes, the tab walk lost ~1 tap in 30 on a busy machine."""
    page.wait_for_function(RUN_ENDED, timeout=RERUN_TIMEOUT)
    tab = page.get_by_role("tab", name=label, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    return page.get_by_role("tabpanel", name=label, exact=True)


def expect_slider_on(page: Page, content: Content, day: date | None) -> None:
    """Wait until the date slider stands on the day (None: the latest sourced state), as the
    reader hears it: the slider's value text is the stop's label (`views.date_choices`)."""
    labels = {c.value: c.label for c in views.date_choices(content, day)}
    slider = page.get_by_role("slider", name=UI.date_control)
    expect(slider).to_have_attribute("aria-valuetext", labels[day], timeout=RERUN_TIMEOUT)


# --- accessibility (axe-core, fetched by `make test` into .cache/, outside git) ---------------

AXE = sorted(REPO.glob(".cache/axe-core-*/axe.min.js"))
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(" ")).join(" | ")}`);
}"""
IDLE = """() => !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')"""
"""Streamlit fades the page's elements while a script runs: judge contrast once it is done."""


@pytest.fixture(scope="session")
def axe_source() -> str:
    assert AXE, "axe-core is missing: run `make test` (it fetches axe-core into .cache/)"
    return AXE[-1].read_text(encoding="utf-8")


def violations(watched: Watched, axe_source: str) -> list[str]:
    """axe's serious and critical violations on the page as it stands, once Streamlit is idle."""
    watched.page.wait_for_function(IDLE, timeout=30_000)
    if watched.page.evaluate("typeof axe === 'undefined'"):  # once per page: 0.5 MB of script
        watched.page.add_script_tag(content=axe_source)
    return watched.page.evaluate(RUN_AXE)
