"""The crossing through time: which features existed on a day, and in what state.

A feature appears on the map from its first dated status. The geography that frames the story
(the river, borders, the tripoint, cities) is always drawn; its status is still reported per date.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class State:
    """The state a feature is in on a day, told as a reader needs it.

    `began` is the entry that started the state: milestones never move it, and a resumption
    counts from the state's first start (the rail bridge: open since 1959, not since traffic
    resumed in 2022). `latest` is the entry in force when it is a milestone: the newest news
    within the state. `paused` and `resumed` are the suspension a resumed state came back from
    and the entry that ended it."""

    began: StatusEntry
    latest: StatusEntry | None = None
    paused: StatusEntry | None = None
    resumed: StatusEntry | None = None


def current(feature: Feature, day: date | None) -> State | None:
    """The state in force on a day (the newest when day is None); None before the first."""
    entry = status_at(feature, day)
    if entry is None:
        return None
    entries = feature.props.statuses

    def state_start(index: int) -> int:
        while index > 0 and entries[index].kind == "milestone":
            index -= 1
        return index

    start = state_start(entries.index(entry))
    paused = resumed = None
    while entries[start].kind == "resumption" and start >= 2:
        if resumed is None:
            resumed, paused = entries[start], entries[start - 1]
        start = state_start(start - 2)
    began = entries[start]
    latest = entry if entry.kind == "milestone" else None
    return State(began, latest, paused, resumed)


def drawn_at(feature: Feature, day: date | None) -> bool:
    return feature.props.kind in ALWAYS_DRAWN or status_at(feature, day) is not None


def written_dates(content: Content) -> list[str]:
    """The date of every event and status entry as written, at its own precision."""
    written = [e.date for e in content.events]
    return written + [s.since for f in content.features for s in f.props.statuses if s.since]


def key_dates(content: Content) -> list[date]:
    """Every dated event and status change, in order: the stops for previous / next."""
    return sorted({d for d in map(date_start, written_dates(content)) if d >= EARLIEST_DATE})


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
