"""What each source supports: the reverse index readers use to judge a source's weight.

Each use is said in plain words, by the names readers see (a feature's name, an event's title,
a claim's label), never by a record id.
"""

from __future__ import annotations

from collections import defaultdict

from tumen_crossing.content import Content
from tumen_crossing.vocab import TRADE_MEASURES, UI, attribute_label, inline


def subject_name(content: Content, subject: str) -> str:
    """What a claim is about, by the name readers see: a feature's name, or the topic's."""
    feature = content.feature(subject)
    return feature.props.name.en if feature else {"trade": UI.trade_topic}.get(subject, subject)


def uses_by_source(content: Content) -> dict[str, list[str]]:
    """Source id -> sorted, plain-text descriptions of every record that cites it."""
    uses: dict[str, set[str]] = defaultdict(set)
    for f in content.features:
        for s in {*f.props.sources, *(x for entry in f.props.statuses for x in entry.sources)}:
            uses[s].add(UI.uses_map.format(name=f.props.name.en))
    for e in content.events:
        for s in e.sources:
            uses[s].add(UI.uses_event.format(title=e.title))
    for t in content.trade:
        for s in t.sources:
            uses[s].add(UI.uses_trade.format(series=TRADE_MEASURES[t.measure].label, year=t.year))
    for c in content.claims:
        subject = subject_name(content, c.subject)
        attribute = inline(attribute_label(c.attribute))
        for s in c.sources:
            uses[s].add(UI.uses_claim.format(subject=subject, attribute=attribute))
    return {source: sorted(found) for source, found in uses.items()}
