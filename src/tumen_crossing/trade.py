"""Trade figures as a table for the chart and the download; the founding article's rate checked."""

from __future__ import annotations

import pandas as pd

from tumen_crossing.content import Content
from tumen_crossing.models import TradeFigure
from tumen_crossing.receipts import describe_all

MEASURE_LABELS = {
    "russian-exports": "Russian exports to North Korea",
    "bilateral-turnover": "Bilateral turnover",
}


def trade_frame(content: Content) -> pd.DataFrame:
    """One row per figure, with its source titles: what the chart, table and CSV show."""
    rows = [
        {
            "year": t.year,
            "measure": t.measure,
            "series": MEASURE_LABELS[t.measure],
            "value_usd": t.value_usd,
            "value_musd": round(t.value_usd / 1e6, 2),
            "source": "; ".join(
                f"{content.sources[s].publisher}: {content.sources[s].title}"
                for s in t.sources
                if s in content.sources
            ),
            "source_urls": " ".join(
                str(content.sources[s].url)
                for s in t.sources
                if s in content.sources and content.sources[s].url
            ),
            "note": t.note or "",
            "annotation": t.annotation or "",
            "receipts": describe_all(t.receipts, content.sources),
        }
        for t in content.trade
    ]
    return pd.DataFrame(rows)


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
