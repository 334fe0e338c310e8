"""Status at a date: what stood on the river when, and in what state."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from tumen_crossing import history
from tumen_crossing.content import Content
from tumen_crossing.dates import date_start
from tumen_crossing.validate import validate
from tumen_crossing.viewstate import parse
from tumen_crossing.vocab import EARLIEST_DATE


@pytest.fixture(scope="module")
def content():
    content, problems = validate()
    assert not problems
    return content


def status(content, feature_id: str, day: date | None) -> str | None:
    entry = history.status_at(content.feature(feature_id), day)
    return entry.status if entry else None


@pytest.mark.parametrize(
    ("feature_id", "day", "expected"),
    [
        ("friendship-bridge", date(1959, 8, 8), None),
        ("friendship-bridge", date(1959, 8, 9), "open"),
        ("friendship-bridge", date(2021, 6, 1), "suspended"),
        ("friendship-bridge", date(2022, 11, 1), "open"),
        ("road-bridge", date(1970, 1, 1), None),
        ("road-bridge", date(2024, 7, 1), "planned"),
        ("road-bridge", date(2025, 10, 1), "under-construction"),
        ("khasan-road-checkpoint", date(2025, 5, 4), None),
        ("khasan-road-checkpoint", date(2025, 5, 6), "planned"),
        ("border-ru-kp", date(1970, 1, 1), "in-force"),
    ],
)
def test_status_at_a_date(content, feature_id: str, day: date, expected: str | None) -> None:
    assert status(content, feature_id, day) == expected


def test_month_precision_takes_effect_on_the_first_of_the_month(content) -> None:
    assert status(content, "road-bridge", date(2024, 5, 31)) is None
    assert status(content, "road-bridge", date(2024, 6, 1)) == "planned"


def test_in_1970_only_the_old_crossing_is_drawn(content) -> None:
    drawn = {f.id for f in content.features if history.drawn_at(f, date(1970, 1, 1))}
    assert "friendship-bridge" in drawn and "road-bridge" not in drawn
    assert {"tumen-river", "border-ru-kp", "tripoint"} <= drawn


def test_newest_state_is_the_default(content) -> None:
    newest = history.newest(content)
    assert newest >= date(2026, 1, 1)
    for feature in content.features:
        assert history.status_at(feature, None) == history.status_at(feature, date.today())


def test_key_dates_are_sorted_and_start_after_1950(content) -> None:
    days = history.key_dates(content)
    assert days == sorted(set(days)) and days[0] >= date(1950, 1, 1)
    assert date(1959, 8, 9) in days and date(2025, 4, 30) in days


def test_signature_changes_only_when_the_map_would(content) -> None:
    a = history.state_signature(content, date(1990, 1, 1))
    b = history.state_signature(content, date(1995, 6, 1))
    c = history.state_signature(content, date(2025, 10, 1))
    assert a == b and a != c


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1970", date(1970, 1, 1)),
        ("2025-10-01", date(2025, 10, 1)),
        ("2025-13-01", None),
        ("1949-12-31", None),
        ("2999", None),
        ("yesterday", None),
    ],
)
def test_date_in_links(raw: str, expected: date | None) -> None:
    state, notices = parse({"date": raw}, set(), today=date(2026, 11, 26))
    assert state.date == expected
    assert bool(notices) == (expected is None)


def test_milestones_never_move_the_start_of_a_state(content) -> None:
    road = content.feature("road-bridge")
    state = history.current(road, date(2026, 8, 1))
    assert state is not None
    assert (state.began.status, state.began.since) == ("under-construction", "2025-02-27")
    assert state.latest is not None and state.latest.since == "2026-07"
    assert state.paused is None
    planned = history.current(road, date(2024, 7, 1))
    assert planned is not None and planned.began.since == "2024-06" and planned.latest is None
    assert history.current(road, date(1970, 1, 1)) is None


def test_a_resumed_state_counts_from_its_first_start(content) -> None:
    rail = content.feature("friendship-bridge")
    state = history.current(rail, None)
    assert state is not None
    assert (state.began.status, state.began.since) == ("open", "1959-08-09")
    assert state.paused is not None and state.paused.since == "2020"
    assert state.resumed is not None and state.resumed.since == "2022-11"
    during = history.current(rail, date(2021, 6, 1))
    assert during is not None and during.began.status == "suspended" and during.paused is None


def test_key_dates_are_every_event_and_every_status_change_from_1950(content) -> None:
    events = {date_start(e.date) for e in content.events}
    changes = {date_start(s.since) for f in content.features for s in f.props.statuses if s.since}
    assert history.key_dates(content) == sorted(d for d in events | changes if d >= EARLIEST_DATE)
    assert EARLIEST_DATE in history.key_dates(content)  # a state that begins in 1950 is a stop
    assert min(events | changes) < EARLIEST_DATE  # and earlier ones are not


def test_newest_is_the_last_key_date_or_1950_without_any(content) -> None:
    assert history.newest(content) == history.key_dates(content)[-1]
    assert history.newest(Content()) == EARLIEST_DATE


def test_signature_says_each_features_state_before_first_and_undrawn(content) -> None:
    day = date(1970, 1, 1)
    signature = dict(history.state_signature(content, day))
    assert signature["road-bridge"] == -2  # not drawn before its first status
    tripoint = content.feature("tripoint")
    assert history.status_at(tripoint, day) is None and history.drawn_at(tripoint, day)
    assert signature["tripoint"] == -1  # always drawn, before its first status
    friendship = content.feature("friendship-bridge")
    assert signature["friendship-bridge"] == friendship.props.statuses.index(
        history.status_at(friendship, day)
    )


def test_days_share_a_signature_exactly_when_every_feature_looks_the_same(content) -> None:
    def looks(day):
        return [(history.drawn_at(f, day), history.status_at(f, day)) for f in content.features]

    days = [*history.key_dates(content), None]
    for a, b in pairwise(days):
        same = looks(a) == looks(b)
        assert (history.state_signature(content, a) == history.state_signature(content, b)) == same
