"""The crossing through time: which features existed on a day, and in what state.

A feature appears on the map from its first dated status. The geography that frames the story
(the river, borders, the tripoint, cities) is always drawn; its status is still reported per date.
"""

from __future__ import annotations

from datetime import date

from tumen_crossing.content import Content, Feature
from tumen_crossing.dates import date_start
from tumen_crossing.models import StatusEntry
from tumen_crossing.vocab import ALWAYS_DRAWN, EARLIEST_DATE


def status_at(feature: Feature, day: date | None) -> StatusEntry | None:
    """The status in force on a day (the newest one when day is None); None before the first."""
    if day is None:
        return feature.props.status
    current = None
    for entry in feature.props.statuses:
        if entry.since is None or date_start(entry.since) <= day:
            current = entry
    return current


def drawn_at(feature: Feature, day: date | None) -> bool:
    return feature.props.kind in ALWAYS_DRAWN or status_at(feature, day) is not None


def key_dates(content: Content) -> list[date]:
    """Every dated event and status change, in order: the stops for previous / next."""
    days = {date_start(e.date) for e in content.events}
    days |= {date_start(s.since) for f in content.features for s in f.props.statuses if s.since}
    return sorted(d for d in days if d >= EARLIEST_DATE)


def newest(content: Content) -> date:
    """The date of the newest sourced state: the last key date."""
    days = key_dates(content)
    return days[-1] if days else EARLIEST_DATE


def state_signature(content: Content, day: date | None) -> tuple[tuple[str, int], ...]:
    """What the map looks like on a day (each feature's status entry, -1 before the first, -2
    when not drawn); days with the same signature share one map."""
    signature = []
    for f in content.features:
        status = status_at(f, day)
        index = -1 if status is None else f.props.statuses.index(status)
        signature.append((f.id, index if drawn_at(f, day) else -2))
    return tuple(signature)
