"""Trade figures: the founding article's average yearly change, recomputed from the figures."""

from __future__ import annotations

from tumen_crossing.content import Content
from tumen_crossing.models import TradeFigure


def annual_change(
    content: Content, measure: str = "russian-exports"
) -> tuple[TradeFigure, TradeFigure, float] | None:
    """Compound yearly change between the first and last figure of a series."""
    series = sorted((t for t in content.trade if t.measure == measure), key=lambda t: t.year)
    if len(series) < 2 or series[0].value_usd <= 0:
        return None
    first, last = series[0], series[-1]
    years = last.year - first.year
    return first, last, (last.value_usd / first.value_usd) ** (1 / years) - 1
