"""What each source supports: the reverse index readers use to judge a source's weight.

Each use is said in plain words, by the names readers see (a feature's name, an event's title,
a claim's label), never by a record id.
"""

from __future__ import annotations

from collections import defaultdict

from tumen_crossing import i18n
from tumen_crossing.content import Content
from tumen_crossing.i18n import Words


def subject_name(content: Content, subject: str, w: Words) -> str:
    """What a claim is about, by the name readers see: a feature's name, or the topic's."""
    feature = content.feature(subject)
    if feature:
        return getattr(feature.props.name, w.lang, feature.props.name.en)
    return {"trade": w.ui.trade_topic}.get(subject, subject)


def uses_by_source(content: Content) -> dict[str, list[str]]:
    """Source id -> sorted, plain-text descriptions of every record that cites it, in the
    content's language."""
    w = i18n.words_for(content)
    uses: dict[str, set[str]] = defaultdict(set)
    for f in content.features:
        name = subject_name(content, f.id, w)
        for s in {*f.props.sources, *(x for entry in f.props.statuses for x in entry.sources)}:
            uses[s].add(w.ui.uses_map.format(name=name))
    for e in content.events:
        for s in e.sources:
            uses[s].add(w.ui.uses_event.format(title=e.title))
    for t in content.trade:
        for s in t.sources:
            uses[s].add(w.ui.uses_trade.format(series=w.measure(t.measure), year=t.year))
    for c in content.claims:
        subject = subject_name(content, c.subject, w)
        attribute = w.inline(w.attribute(c.attribute))
        for s in c.sources:
            uses[s].add(w.ui.uses_claim.format(subject=subject, attribute=attribute))
    return {source: sorted(found) for source, found in uses.items()}
