"""The sources' own words, on demand, in the browser: on a claim, an event and a trade figure,
each in its tab of one page (a reader's path: one link, then the tabs)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tumen_crossing.validate import validate

from .conftest import Watched, open_watched, tap_tab

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def content():
    content, problems = validate()
    assert not problems
    return content


@pytest.fixture(scope="module")
def reader(browser, app_url: str):
    """One page at the road bridge's link, shared by the tests here: each opens its own tab."""
    context, watched = open_watched(browser)
    watched.page.goto(f"{app_url}/?feature=road-bridge")
    yield watched
    context.close()


@pytest.fixture
def watched(reader: Watched) -> Watched:
    reader.forget()
    return reader


def quoted(records) -> tuple[object, str]:
    """The first record with a quoted receipt, and the start of that quote."""
    for record in records:
        for receipt in record.receipts:
            if receipt.quote:
                return record, " ".join(receipt.quote.split()[:5])
    raise AssertionError("no record has a quote")


def open_receipts(scope, words: str) -> None:
    """The quote is folded away until the reader opens the expander that holds it."""
    quote = scope.get_by_text(words, exact=False)
    expect(quote.first).to_be_hidden()
    opened = []
    for _ in range(3):  # the ledger folds its groups, and each group folds its receipts
        if quote.first.is_visible():
            break
        closed = scope.locator("details:not([open])").filter(
            has=scope.page.get_by_text(words, exact=False)
        )
        summary = closed.first.locator("summary").first
        opened.append(summary.inner_text())
        summary.click()
    expect(quote.first).to_be_visible()
    assert opened, "the quote was not folded away"


def test_a_claims_quote_shows_on_demand(watched: Watched, content) -> None:
    _, words = quoted(c for c in content.claims if c.subject == "road-bridge")
    panel = tap_tab(watched.page, "Details")
    open_receipts(panel, words)
    assert watched.errors == []


def test_an_events_quote_shows_on_demand(watched: Watched, content) -> None:
    event, words = quoted(content.events)
    tap_tab(watched.page, "Timeline")
    box = watched.page.locator(f".st-key-event-box-{event.id}")
    open_receipts(box, words)
    assert watched.errors == []


def test_a_trade_figures_quote_shows_on_demand(watched: Watched, content) -> None:
    figure, words = quoted(content.trade)
    panel = tap_tab(watched.page, "Trade")
    open_receipts(panel, words)
    line = panel.locator("li").filter(has_text=f"{figure.year}, ").filter(has_text=words)
    expect(line.first).to_be_visible()
    assert watched.errors == []
