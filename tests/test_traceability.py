"""Every figure the panels show traces to a claim, a status, a trade figure or our own measure.

The Details panel of each feature and the Trade panel are rendered through AppTest; each number
in them must appear in the sourced records behind that panel. The Position paragraph is excluded:
it states how we drew the shape (our method), not a sourced fact.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tumen_crossing.claims import format_value
from tumen_crossing.dates import format_partial_date
from tumen_crossing.measurements import feature_length, format_metres
from tumen_crossing.validate import validate

APP = str(Path(__file__).resolve().parents[1] / "app.py")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
LINK = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\([^)]*\)")


def numbers(text: str) -> set[str]:
    """Numbers a reader sees: link targets dropped, markdown escapes undone."""
    visible = LINK.sub(r"\1", text).replace("\\", "")
    return {n.replace(",", "").rstrip(".") for n in NUMBER.findall(visible)}


@pytest.fixture(scope="module")
def content():
    content, problems = validate()
    assert not problems
    return content


def sourced_numbers(content, feature_id: str) -> set[str]:
    feature = content.feature(feature_id)
    texts: list[str] = [format_metres(feature.props.accuracy_m), "WGS 84"]  # a datum's name
    if measured := feature_length(feature):
        texts.append(format_metres(measured.value_m))
    source_ids = set(feature.props.sources)
    for claim in content.claims_about(feature_id):
        texts += [format_value(claim), format_partial_date(claim.claimed_on), claim.note or ""]
        if isinstance(claim.value, int | float) and claim.unit == "m":
            texts.append(f"{claim.value / 1000:g}")  # a claim in metres may be written in km
        source_ids |= set(claim.sources)
    for status in feature.props.statuses:
        texts += [format_partial_date(status.since) if status.since else "", status.note or ""]
        source_ids |= set(status.sources)
    for event in content.events:
        if feature_id in event.features:
            texts.append(format_partial_date(event.date))
    for sid in source_ids:
        source = content.sources[sid]
        texts += [source.title, source.publisher]
        texts.append(format_partial_date(source.published) if source.published else "")
    return set().union(*(numbers(t) for t in texts))


def details_text(at: AppTest) -> str:
    blocks = [m.value for m in at.tabs[0].markdown if not m.value.startswith("**Position**")]
    return "\n".join([*blocks, at.tabs[0].subheader[0].value])


def test_every_figure_in_details_is_sourced(content) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    untraced: dict[str, set[str]] = {}
    for feature in content.features:
        at.selectbox(key="feature_select").set_value(feature.id).run()
        assert not at.exception
        shown = numbers(details_text(at))
        missing = shown - sourced_numbers(content, feature.id)
        if missing:
            untraced[feature.id] = missing
    assert untraced == {}


def test_every_figure_in_trade_is_sourced(content) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["tab"] = "trade"
    at.run()
    texts = [m.value for m in at.tabs[1].markdown]
    allowed: set[str] = set()
    for figure in content.trade:
        allowed |= numbers(f"{figure.year} {figure.value_usd / 1e6:,.1f} {figure.note or ''}")
    for claim in content.claims_about("trade"):
        allowed |= numbers(f"{claim.value} {claim.note or ''}")
    shown = set().union(*(numbers(t) for t in texts))
    assert shown, "the trade panel shows no figures"
    assert shown - allowed == set()
