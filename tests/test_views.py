"""The view model: every figure any renderer shows traces to a sourced record.

The views are what the Streamlit panels, the static export and the link previews render, so
checking the numbers here checks every renderer at once. A number is traced when it appears in
the records behind the view: a claim, a status, an event, a trade figure, a source's title or
date, or our own measure. The accuracy and method of a shape are excluded: they state how we drew
it (our method), not a sourced fact.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest

from tumen_crossing import views
from tumen_crossing.claims import format_value
from tumen_crossing.dates import format_day, format_partial_date
from tumen_crossing.measurements import feature_length, format_metres
from tumen_crossing.validate import validate

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
OWN_METHOD = {"accuracy", "position", "method"}
"""DetailsView fields that describe our drawing, not a sourced fact."""
NOT_SHOWN = {"url", "source_id", "feature_id", "event_id", "date_iso", "colour", "measure"}
"""Link targets, ids and colours: what renderers put in an href, a key or a style."""


def numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in NUMBER.findall(text)}


def texts(value: object, skip: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Every string in a view, walking dataclasses, tuples and properties' inputs."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value):
        out = []
        for field in dataclasses.fields(value):
            if field.name not in skip:
                out += texts(getattr(value, field.name), skip | NOT_SHOWN)
        return out
    if isinstance(value, tuple | list):
        return [t for item in value for t in texts(item, skip)]
    return []


@pytest.fixture(scope="module")
def content():
    content, problems = validate()
    assert not problems
    return content


def receipt_words(content, receipts) -> list[str]:
    """A receipt is the source's own words (and where they stand), so its numbers are sourced."""
    return [views.receipt_view(content, r).text for r in receipts]


def sourced_numbers(content, feature_id: str, day: date | None) -> set[str]:
    feature = content.feature(feature_id)
    found: list[str] = [format_day(day)] if day else []
    if measured := feature_length(feature):
        found.append(format_metres(measured.value_m))
    source_ids = set(feature.props.sources)
    for claim in content.claims_about(feature_id):
        found += [format_value(claim), views.claim_date(content, claim), claim.note or ""]
        found += receipt_words(content, claim.receipts)
        source_ids |= set(claim.sources)
    for status in feature.props.statuses:
        found += [format_partial_date(status.since) if status.since else "", status.note or ""]
        found += receipt_words(content, status.receipts)
        source_ids |= set(status.sources)
    found.append(feature.props.description)
    for sid in source_ids:
        source = content.sources[sid]
        found += [source.title, source.publisher, format_day(source.accessed)]
        found.append(format_partial_date(source.published) if source.published else "")
    return set().union(*(numbers(t) for t in found))


@pytest.mark.parametrize("day", [None, date(1970, 1, 1), date(2025, 10, 1)])
def test_every_figure_in_details_is_sourced(content, day) -> None:
    untraced = {}
    for feature in content.features:
        view = views.details(content, feature, day)
        shown = set().union(*(numbers(t) for t in texts(view, OWN_METHOD)))
        missing = shown - sourced_numbers(content, feature.id, day)
        if missing:
            untraced[feature.id] = missing
    assert untraced == {}


def test_every_figure_in_trade_is_sourced(content) -> None:
    view = views.trade(content)
    allowed: set[str] = set()
    for figure in content.trade:
        allowed |= numbers(f"{figure.year} {figure.value_usd / 1e6:,.1f} {figure.note or ''}")
        allowed |= numbers(figure.annotation or "")
        allowed |= set().union(*(numbers(t) for t in receipt_words(content, figure.receipts)))
        for sid in figure.sources:
            source = content.sources[sid]
            allowed |= numbers(f"{source.title} {source.published or ''}")
    for claim in content.claims_about("trade"):
        allowed |= numbers(f"{claim.value} {claim.note or ''}")
    for sid in views.vocab.TRADE_CAVEAT_SOURCES:
        allowed |= numbers(content.sources[sid].trust_reason or "")
        source = content.sources[sid]
        allowed |= numbers(f"{source.title} {source.published or ''}")
    allowed |= numbers(views.UI.trade_caveat)  # "2024": the year of the oil shipments it cites
    shown = set().union(*(numbers(t) for t in texts(view)))
    assert shown, "the trade view shows no figures"
    assert shown - allowed == set()


def test_the_computed_rate_is_shown_as_computed(content) -> None:
    view = views.trade(content)
    assert view.change is not None and "-12.1% a year" in view.change


def test_status_follows_the_date(content) -> None:
    road = content.feature("road-bridge")
    assert "not yet" in views.details(content, road, date(1970, 1, 1)).status.state
    today = views.details(content, road).status
    assert today.kind == "Road bridge" and "as of" not in today.state
    assert "as of 1 October 2025" in views.details(content, road, date(2025, 10, 1)).status.state


def test_citations_keep_only_safe_links(content) -> None:
    cited = views.citations(content, ["reuters-2025-03-27", "no-such-source"])
    assert cited[0].url.startswith("https://www.reuters.com/")
    assert cited[1].url is None and cited[1].publisher == "no-such-source"


def test_timeline_marks_later_events_and_the_chosen_one(content) -> None:
    first = content.events[0]
    view = views.timeline(content, chosen=first.id, day=date(1951, 1, 1))
    assert view.caption.startswith("1 of") or view.caption.startswith("0 of")
    assert view.events[0].chosen and not any(e.chosen for e in view.events[1:])
    assert view.events[-1].later
    assert not any(e.later for e in views.timeline(content).events)
