"""Status at a date: what stood on the river when, and in what state."""

from __future__ import annotations

from datetime import date

import pytest

from tumen_crossing import history
from tumen_crossing.validate import validate
from tumen_crossing.viewstate import parse


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
