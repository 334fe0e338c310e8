"""What each source supports: the reverse index readers use to judge a source's weight."""

from __future__ import annotations

from collections import defaultdict

from tumen_crossing.content import Content
from tumen_crossing.vocab import TRADE_MEASURES


def uses_by_source(content: Content) -> dict[str, list[str]]:
    """Source id -> sorted, plain-text descriptions of every record that cites it."""
    uses: dict[str, set[str]] = defaultdict(set)
    for f in content.features:
        for s in {*f.props.sources, *(x for entry in f.props.statuses for x in entry.sources)}:
            uses[s].add(f"map: {f.props.name.en}")
    for e in content.events:
        for s in e.sources:
            uses[s].add(f"timeline: {e.title}")
    for t in content.trade:
        for s in t.sources:
            uses[s].add(f"trade: {t.year} {TRADE_MEASURES[t.measure].label.lower()}")
    for c in content.claims:
        for s in c.sources:
            uses[s].add(f"claim: {c.subject} {c.attribute.replace('-', ' ')}")
    return {source: sorted(found) for source, found in uses.items()}
