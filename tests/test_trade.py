"""The founding article's average yearly change, recomputed from the figures."""

from __future__ import annotations

import pytest

from tumen_crossing.content import Content
from tumen_crossing.models import TradeFigure
from tumen_crossing.trade import annual_change


def figure(year: int, value: float, measure: str = "russian-exports") -> TradeFigure:
    return TradeFigure(year=year, value_usd=value, measure=measure, sources=["s"])


def test_compound_rate_between_first_and_last_figure_of_the_series() -> None:
    content = Content(
        trade=(
            figure(2021, 41e6),
            figure(2016, 78.3e6),
            figure(2018, 1e9),  # a middle figure does not change the endpoints' rate
            figure(2016, 5e6, "bilateral-turnover"),
        )
    )
    first, last, rate = annual_change(content)
    assert (first.year, last.year) == (2016, 2021)
    assert rate == pytest.approx((41 / 78.3) ** (1 / 5) - 1)
    assert f"{rate:+.1%}" == "-12.1%"


def test_no_rate_without_two_figures_or_from_zero() -> None:
    assert annual_change(Content(trade=(figure(2016, 1e6),))) is None
    assert annual_change(Content(trade=(figure(2016, 0), figure(2020, 1e6)))) is None
    rising = annual_change(Content(trade=(figure(2020, 1e6), figure(2022, 4e6))))
    assert rising is not None and rising[2] == pytest.approx(1.0)


def test_a_rate_from_a_figure_below_one_dollar_is_still_a_rate() -> None:
    """Only a zero (or negative) start has no rate; small figures are figures."""
    tiny = annual_change(Content(trade=(figure(2020, 0.5), figure(2021, 1.0))))
    assert tiny is not None and tiny[2] == pytest.approx(1.0)
