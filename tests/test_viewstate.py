"""URL query <-> ViewState: total, strict parsing; defaults left out of links."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from tumen_crossing import viewstate
from tumen_crossing.models import Chapter
from tumen_crossing.viewstate import (
    DEFAULT,
    MAX_VALUE_LENGTH,
    ViewState,
    parse,
    share_url,
    to_query,
)
from tumen_crossing.vocab import BASE_IDS as BASES
from tumen_crossing.vocab import EARLIEST_DATE, LANGUAGES
from tumen_crossing.vocab import LINK_KEYS as KEYS
from tumen_crossing.vocab import TAB_IDS as TABS

IDS = {"tumen-river", "friendship-bridge", "road-bridge"}


def _chapter(chapter_id: str, **view: object) -> Chapter:
    return Chapter.model_validate(
        {
            "id": chapter_id,
            "title": chapter_id.capitalize(),
            "text": " ".join(["word"] * 40),
            "sources": ["a-source"],
            "fit": True,
            **view,
        }
    )


CHAPTERS = (
    _chapter("river", features=["tumen-river"], base="terrain"),
    _chapter("bridge", features=["atlantis", "friendship-bridge"], date="1959-08-09"),
    _chapter("launch", features=["road-bridge"], date="2025-04", panel="timeline"),
)
CHAPTER_IDS = [c.id for c in CHAPTERS]


def test_empty_query_is_the_default_view() -> None:
    assert parse({}, IDS) == (DEFAULT, [])


def test_a_full_link_round_trips() -> None:
    state = ViewState(feature="road-bridge", base="satellite", tab="trade")
    assert parse(to_query(state), IDS) == (state, [])


def test_defaults_are_left_out_of_links() -> None:
    assert to_query(DEFAULT) == {}
    assert to_query(DEFAULT.with_(feature="tumen-river")) == {"feature": "tumen-river"}


def test_unknown_feature_falls_back_with_a_notice() -> None:
    state, notices = parse({"feature": "atlantis"}, IDS)
    assert state == DEFAULT
    assert notices and "atlantis" not in notices[0]


def test_hostile_value_is_neither_used_nor_echoed() -> None:
    hostile = "<script>alert(1)</script>"
    state, notices = parse({"feature": hostile, "tab": "javascript:alert(1)"}, IDS)
    assert state == DEFAULT
    assert len(notices) == 2
    assert all("<" not in n and "javascript" not in n for n in notices)


def test_very_long_value_is_rejected() -> None:
    state, notices = parse({"feature": "a" * 10_000}, IDS)
    assert state == DEFAULT and notices


def test_values_are_capped_at_the_maximum_length_even_when_known() -> None:
    longest, too_long = "a" * MAX_VALUE_LENGTH, "a" * (MAX_VALUE_LENGTH + 1)
    assert parse({"feature": longest}, {longest}) == (ViewState(feature=longest), [])
    state, notices = parse({"feature": too_long}, {too_long})
    assert state == DEFAULT and len(notices) == 1


def test_repeated_keys_with_different_values_fall_back() -> None:
    state, notices = parse({"feature": ["road-bridge", "tumen-river"]}, IDS)
    assert state.feature is None and notices
    state, notices = parse({"feature": ["road-bridge", "road-bridge"]}, IDS)
    assert state.feature == "road-bridge" and not notices


def test_unknown_keys_are_ignored_quietly() -> None:
    assert parse({"utm_source": "newsletter"}, IDS) == (DEFAULT, [])


# The fuzz and the round trips know event ids and dates, and "today" is pinned: a link's date
# must lie between 1950 and today, and a moving today would make failures unreproducible.
EVENTS = {"treaty", "launch", "rajin-khasan-reopens"}
TODAY = date(2026, 11, 26)

in_range_days = st.dates(EARLIEST_DATE, TODAY)
date_texts = st.one_of(
    in_range_days.map(date.isoformat),
    st.dates().map(date.isoformat),  # before 1950 and after today too
    st.integers(0, 9999).map(lambda y: f"{y:04d}"),  # a bare year
    st.tuples(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"  # mostly impossible days
    ),
    st.sampled_from(["2025-09", "2025-02-30", "2024-02-29", "1949-12-31", "1950-01-01"]),
)
values = st.one_of(
    st.text(max_size=200),
    date_texts,
    st.sampled_from(
        [
            *sorted(IDS),
            *sorted(EVENTS),
            *BASES,
            *TABS,
            *CHAPTER_IDS,
            "0",
            "2",
            "4",
            "",
            " ",
            "%00",
            "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
        ]
    ),
)


PLAUSIBLE = {
    "feature": st.sampled_from(sorted(IDS)),
    "event": st.sampled_from(sorted(EVENTS)),
    "date": date_texts,
    "base": st.sampled_from(BASES),
    "tab": st.sampled_from(TABS),
    "story": st.sampled_from([*CHAPTER_IDS, "1", "2", "3"]),
    "lang": st.sampled_from([*LANGUAGES, "de", "EN"]),
}


def one_or_many(value: st.SearchStrategy[str]) -> st.SearchStrategy[str | list[str]]:
    return st.one_of(value, st.lists(value, max_size=4))


# Each link key, when present, holds a plausible value half of the time and anything the other
# half; unknown keys hold anything. Plausible values make states with a date and an event common.
queries = st.builds(
    lambda known, unknown: {**unknown, **known},
    st.fixed_dictionaries({}, optional={k: one_or_many(v | values) for k, v in PLAUSIBLE.items()}),
    st.dictionaries(st.text(max_size=10), one_or_many(values), max_size=3),
)
states = st.builds(
    ViewState,
    feature=st.none() | st.sampled_from(sorted(IDS)),
    event=st.none() | st.sampled_from(sorted(EVENTS)),
    date=st.none() | in_range_days,
    base=st.sampled_from(BASES),
    tab=st.sampled_from(TABS),
    story=st.none() | st.sampled_from(CHAPTER_IDS),
    lang=st.none() | st.sampled_from(LANGUAGES),
)


def read(query) -> tuple[ViewState, list[str]]:
    return parse(query, IDS, EVENTS, today=TODAY, chapters=CHAPTERS)


@settings(max_examples=1500, deadline=None)
@given(queries)
def test_any_query_gives_a_valid_state(query) -> None:
    state, notices = read(query)
    assert state.feature is None or state.feature in IDS
    assert state.event is None or state.event in EVENTS
    assert state.date is None or EARLIEST_DATE <= state.date <= TODAY
    assert state.story is None or state.story in CHAPTER_IDS
    assert state.base in BASES and state.tab in TABS
    assert state.lang is None or state.lang in LANGUAGES
    assert all(isinstance(n, str) and len(n) < 200 for n in notices)
    assert read(to_query(state)) == (state, [])


def test_the_fuzz_knows_every_link_key() -> None:
    assert set(PLAUSIBLE) == set(KEYS)


def test_the_fuzz_reaches_states_with_a_date_and_an_event() -> None:
    """The query strategy is worth its examples only if it yields dated event views. (Found
    is enough: shrinking the example to the smallest such query would take ten seconds.)"""
    found = find(
        queries,
        lambda q: (s := read(q)[0]).date is not None and s.event is not None,
        settings=settings(max_examples=2000, database=None, phases=[Phase.generate]),
    )
    assert read(found)[0].date is not None


@settings(max_examples=300, deadline=None)
@given(states)
def test_every_state_round_trips_through_its_link(state: ViewState) -> None:
    assert read(to_query(state)) == (state, [])
    assert read(parse_qs(urlsplit(share_url("https://example.org/tc/", state)).query)) == (
        state,
        [],
    )


@settings(max_examples=300, deadline=None)
@given(in_range_days)
def test_a_day_in_range_is_read_as_that_day(day: date) -> None:
    assert read({"date": day.isoformat()}) == (ViewState(date=day), [])
    assert read({"date": f"{day.year}"}) == (ViewState(date=date(day.year, 1, 1)), [])


@settings(max_examples=300, deadline=None)
@given(st.dates().filter(lambda d: not EARLIEST_DATE <= d <= TODAY))
def test_a_day_out_of_range_is_dropped_with_a_notice(day: date) -> None:
    state, notices = read({"date": day.isoformat()})
    assert state == DEFAULT and len(notices) == 1


def test_the_edges_of_the_date_range() -> None:
    assert read({"date": EARLIEST_DATE.isoformat()})[0].date == EARLIEST_DATE
    assert read({"date": TODAY.isoformat()})[0].date == TODAY
    for outside in (EARLIEST_DATE - timedelta(days=1), TODAY + timedelta(days=1)):
        assert read({"date": outside.isoformat()})[0].date is None
    for malformed in ("2025-09", "2025-02-30", "2025-13-01", "20250101"):
        state, notices = read({"date": malformed})
        assert state.date is None and len(notices) == 1, malformed


def test_share_url_keeps_the_page_address_and_replaces_the_query() -> None:
    state = ViewState(feature="road-bridge", tab="trade")
    assert share_url("http://localhost:8501", state) == (
        "http://localhost:8501/?feature=road-bridge&tab=trade"
    )
    assert share_url("https://example.org/tc/?feature=x#frag", DEFAULT) == "https://example.org/tc/"
    assert share_url("", state) == "http://localhost:8501/?feature=road-bridge&tab=trade"


# --- moves ------------------------------------------------------------------------------------

STOPS = [date(1959, 8, 9), date(2020, 1, 1), date(2024, 6, 19), date(2025, 4, 30)]


def test_selecting_a_feature_ends_an_event_choice_and_ignores_unknown_ids() -> None:
    state = ViewState(event="treaty", feature="road-bridge", base="satellite")
    chosen = viewstate.select_feature(state, "tumen-river", IDS)
    assert chosen == ViewState(feature="tumen-river", base="satellite")
    assert viewstate.select_feature(state, "atlantis", IDS).feature is None
    assert viewstate.select_feature(state, None, IDS).feature is None


def test_selecting_an_event_details_its_first_known_feature() -> None:
    state = ViewState(feature="tumen-river")
    chosen = viewstate.select_event(
        state, "launch", ["atlantis", "road-bridge", "tumen-river"], IDS
    )
    assert (chosen.event, chosen.feature) == ("launch", "road-bridge")
    unplaced = viewstate.select_event(state, "talks", ["atlantis"], IDS)
    assert (unplaced.event, unplaced.feature) == ("talks", "tumen-river")


def test_selecting_an_event_moves_the_map_to_its_date() -> None:
    state = ViewState(feature="tumen-river", date=date(1970, 1, 1))
    chosen = viewstate.select_event(
        state, "launch", ["road-bridge"], IDS, when=date(2025, 4, 30), today=TODAY
    )
    assert (chosen.feature, chosen.date) == ("road-bridge", date(2025, 4, 30))
    assert viewstate.select_event(state, "x", [], IDS, when=TODAY, today=TODAY).date is None
    assert viewstate.select_event(state, "x", [], IDS).date == date(1970, 1, 1)  # no date: kept


def test_choosing_today_or_later_is_the_newest_state() -> None:
    state = ViewState(date=date(2000, 1, 1))
    assert viewstate.choose_date(state, TODAY, TODAY).date is None
    assert viewstate.choose_date(state, None, TODAY).date is None
    assert viewstate.choose_date(state, date(2024, 6, 19), TODAY).date == date(2024, 6, 19)


def test_stepping_walks_the_key_dates_in_both_directions() -> None:
    state = ViewState()  # the newest state: "today"
    seen = []
    for _ in range(len(STOPS) + 1):
        state = viewstate.step_date(state, STOPS, -1, TODAY)
        seen.append(state.date)
    assert seen == [*reversed(STOPS), STOPS[0]]  # stays on the first stop
    forward = []
    for _ in range(len(STOPS)):
        state = viewstate.step_date(state, STOPS, 1, TODAY)
        forward.append(state.date)
    assert forward == [*STOPS[1:], None]  # past the last stop: the newest state, no date
    between = viewstate.step_date(ViewState(date=date(2022, 3, 3)), STOPS, 1, TODAY)
    assert between.date == date(2024, 6, 19)
    assert viewstate.step_date(ViewState(), [], 1, TODAY) == ViewState()


def test_highlight_is_the_events_features_and_the_choice_each_once() -> None:
    state = ViewState(feature="road-bridge", event="launch")
    assert viewstate.highlighted(state, ["road-bridge", "tumen-river"]) == (
        "road-bridge",
        "tumen-river",
    )
    assert viewstate.highlighted(ViewState(), []) == ()


# --- the story in links and its moves ---------------------------------------------------------


def test_a_bare_chapter_link_opens_the_chapters_view_by_id_or_number() -> None:
    opened = viewstate.open_chapter(DEFAULT, CHAPTERS[1], IDS)
    assert parse({"story": "bridge"}, IDS, chapters=CHAPTERS) == (opened, [])
    assert parse({"story": "2"}, IDS, chapters=CHAPTERS) == (opened, [])  # normalised to the id
    assert opened == ViewState(
        story="bridge", feature="friendship-bridge", date=date(1959, 8, 9), tab="details"
    )


def test_a_chapter_link_with_a_view_keeps_that_view() -> None:
    query = {"story": "launch", "feature": "tumen-river", "base": "satellite"}
    assert parse(query, IDS, chapters=CHAPTERS) == (
        ViewState(story="launch", feature="tumen-river", base="satellite"),
        [],
    )


def test_an_unknown_chapter_falls_back_to_the_map_with_a_notice() -> None:
    for value in ("0", "4", "atlantis", "-1"):
        state, notices = parse({"story": value, "feature": "road-bridge"}, IDS, chapters=CHAPTERS)
        assert state == ViewState(feature="road-bridge")
        assert len(notices) == 1 and value not in notices[0].split()
    assert parse({"story": "1"}, IDS)[0].story is None  # no story loaded: nothing to open


def test_story_links_round_trip_and_always_carry_the_panel() -> None:
    for chapter in CHAPTERS:
        state = viewstate.open_chapter(DEFAULT, chapter, IDS)
        query = to_query(state)
        assert query["story"] == chapter.id and "tab" in query
        assert parse(query, IDS, chapters=CHAPTERS) == (state, [])
    assert share_url("http://localhost:8501/", ViewState(story="river", tab="details")) == (
        "http://localhost:8501/?story=river&tab=details"
    )


def test_opening_a_chapter_sets_the_view_from_it() -> None:
    before = ViewState(event="treaty", feature="road-bridge", date=date(2000, 1, 1), tab="facts")
    launch = viewstate.open_chapter(before, CHAPTERS[2])
    assert launch == ViewState(
        story="launch", feature="road-bridge", date=date(2025, 4, 1), tab="timeline"
    )
    river = viewstate.open_chapter(before, CHAPTERS[0])
    assert (river.date, river.base, river.tab, river.event) == (None, "terrain", "details", None)
    # Unknown features are skipped when the known ids are given; without them, trusted.
    assert viewstate.open_chapter(before, CHAPTERS[1], IDS).feature == "friendship-bridge"
    assert viewstate.open_chapter(before, CHAPTERS[1]).feature == "atlantis"


def test_stepping_reads_the_story_in_both_directions_and_stops_at_its_ends() -> None:
    state = viewstate.step_chapter(ViewState(base="satellite"), CHAPTERS, 1, IDS)
    forward = [state.story]
    for _ in CHAPTERS:
        state = viewstate.step_chapter(state, CHAPTERS, 1, IDS)
        forward.append(state.story)
    assert forward == [*CHAPTER_IDS, "launch"]  # the last chapter stays
    backward = []
    for _ in CHAPTERS:
        state = viewstate.step_chapter(state, CHAPTERS, -1, IDS)
        backward.append(state.story)
    assert backward == ["bridge", "river", "river"]
    outside = viewstate.step_chapter(ViewState(), CHAPTERS, -1, IDS)
    assert outside == viewstate.open_chapter(ViewState(), CHAPTERS[0], IDS)
    assert viewstate.step_chapter(ViewState(story="river"), (), 1) == ViewState(story="river")


def test_at_either_end_a_step_keeps_what_the_reader_changed() -> None:
    last = viewstate.open_chapter(DEFAULT, CHAPTERS[-1], IDS).with_(base="satellite")
    assert viewstate.step_chapter(last, CHAPTERS, 1, IDS) == last


def test_leaving_the_story_keeps_the_view() -> None:
    reading = viewstate.open_chapter(DEFAULT, CHAPTERS[1], IDS)
    left = viewstate.leave_story(reading)
    assert left.story is None
    assert left == reading.with_(story=None)
    assert "story" not in to_query(left)


def test_every_notice_about_a_link_is_in_the_pages_language() -> None:
    """A Russian page tells of a repeated key, a bad date, a date out of range and an unknown
    chapter in Russian, each once."""
    from tumen_crossing import i18n

    ru = i18n.words("ru").ui
    chapters = [Chapter.model_construct(id="one", features=["road-bridge"])]  # ids alone count
    cases = {
        "repeated": ({"feature": ["road-bridge", "tripoint"]}, ru.notice_repeated),
        "bad date": ({"date": "yesterday"}, ru.notice_bad_date),
        "out of range": ({"date": "1901-01-01"}, ru.notice_date_range),
        "unknown chapter": ({"story": "nine"}, ru.notice_unknown_chapter),
        "repeated date": ({"date": ["2025", "2026"]}, ru.notice_repeated),
        "repeated chapter": ({"story": ["one", "nine"]}, ru.notice_repeated),
        "odd base": ({"base": "<script>"}, ru.notice_invalid),
    }
    for case, (query, notice) in cases.items():
        _, notices = viewstate.parse(
            query, {"road-bridge", "tripoint"}, chapters=chapters, today=date(2026, 11, 27), ui=ru
        )
        key = next(iter(query))
        what = getattr(ru, f"what_{key}")  # the key named in the reader's words
        expected = notice.format(what=what) if "{what}" in notice else notice
        assert notices == [expected], (case, notices)
        assert all(word not in notices[0] for word in ("link", "date", "chapter")), notices


def test_the_links_language_is_read_alone_from_one_value_or_several() -> None:
    parse_language = viewstate.parse_language
    assert parse_language({"lang": "ru"}) == "ru"
    assert parse_language({"lang": ["ko", " ko "]}) == "ko"  # repeated, the same: that one
    assert parse_language({"lang": ["ru", "ko"]}) is None  # two: neither
    assert parse_language({"lang": ["fr"]}) is None and parse_language({}) is None


def test_a_chapter_is_found_by_its_number_from_the_first_to_the_last() -> None:
    chapters = [Chapter.model_construct(id=name, features=[]) for name in ("one", "two")]
    for number, expected in (("1", "one"), ("2", "two")):
        state, notices = viewstate.parse({"story": number}, set(), chapters=chapters)
        assert (state.story, notices) == (expected, [])
    for number in ("0", "3"):
        state, notices = viewstate.parse({"story": number}, set(), chapters=chapters)
        assert state.story is None and len(notices) == 1
