"""The view a link describes: URL query <-> ViewState, strict and total.

Parsing never raises: whatever arrives in a URL (hostile, truncated, repeated, wrongly encoded)
becomes a valid ViewState plus plain-language notices about what was ignored. Notices never
echo the offending value, so nothing from a URL is ever rendered back to the reader.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode, urlsplit, urlunsplit

from tumen_crossing.dates import date_start
from tumen_crossing.models import Chapter
from tumen_crossing.vocab import (
    BASE_IDS,
    EARLIEST_DATE,
    LANGUAGES,
    TAB_IDS,
    UI,
    Base,
    InterfaceText,
    Language,
    Tab,
)

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2}))?$")

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_VALUE_LENGTH = 64


@dataclass(frozen=True)
class ViewState:
    """What the reader is looking at; the URL is its only store."""

    feature: str | None = None
    event: str | None = None
    date: date | None = None
    """The day the map shows; None is the newest sourced state."""
    base: Base = "osm"
    tab: Tab = "details"
    story: str | None = None
    """The chapter of the story being read (its id); None when exploring freely."""
    lang: Language | None = None
    """The language the link asks for; None follows the reader's browser (see i18n.negotiate)."""

    def with_(self, **changes: object) -> ViewState:
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT = ViewState()

VIEW_KEYS = ("feature", "event", "date", "base", "tab")
"""The keys that say what the map and panel show; a link with a chapter and none of them opens
the chapter's own view."""


def _what(key: str, ui: InterfaceText) -> str:
    """What a link key names, in the reader's words ('map feature')."""
    return getattr(ui, f"what_{key}")


def _single(
    key: str, raw: str | Sequence[str] | None, notices: list[str], ui: InterfaceText = UI
) -> str | None:
    """One clean value for key, or None (with a notice) when it is missing, repeated or odd."""
    if raw is None:
        return None
    values = [raw] if isinstance(raw, str) else list(raw)
    values = [v for v in values if isinstance(v, str)]
    if not values:
        return None
    if len(set(values)) > 1:
        notices.append(ui.notice_repeated.format(what=_what(key, ui)))
        return None
    value = values[0].strip()
    if not value:
        return None
    if len(value) > MAX_VALUE_LENGTH or not (_SLUG.match(value) or _DATE.match(value)):
        notices.append(ui.notice_invalid.format(what=_what(key, ui)))
        return None
    return value


def _parse_date(
    text: str | None, today: date, notices: list[str], ui: InterfaceText = UI
) -> date | None:
    """'2025-10-01' or a bare '2025' (its 1 January) between 1950 and today."""
    if text is None:
        return None
    match = _DATE.match(text)
    try:
        if not match:
            raise ValueError(text)
        year, month, day = match.groups()
        value = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        notices.append(ui.notice_bad_date)
        return None
    if not EARLIEST_DATE <= value <= today:
        notices.append(ui.notice_date_range)
        return None
    return value


def _parse_chapter(
    text: str | None, chapters: Sequence[Chapter], notices: list[str], ui: InterfaceText = UI
) -> Chapter | None:
    """A chapter named by its id or by its 1-based number in the story ('story=3')."""
    if text is None:
        return None
    if text.isdigit():
        chapter = chapters[int(text) - 1] if 1 <= int(text) <= len(chapters) else None
    else:
        chapter = next((c for c in chapters if c.id == text), None)
    if chapter is None:
        notices.append(ui.notice_unknown_chapter)
    return chapter


def parse(
    query: Mapping[str, str | Sequence[str]],
    feature_ids: Collection[str],
    event_ids: Collection[str] = (),
    today: date | None = None,
    chapters: Sequence[Chapter] = (),
    ui: InterfaceText = UI,
) -> tuple[ViewState, list[str]]:
    """Read a URL query into a ViewState; unknown or malformed values fall back to defaults.

    `story=` takes a chapter id or its number and keeps the id. A link that names a chapter and
    nothing else about the view ('?story=3', as a person would write it) opens the chapter's own
    view; otherwise the link's view is kept as it is, so a reader's link reopens what they saw.
    Notices are written in `ui`'s language (read `parse_language` first to know it).
    """
    notices: list[str] = []

    def known(key: str, allowed: Collection[str], notice: str) -> str | None:
        value = _single(key, query.get(key), notices, ui)
        if value is not None and value not in allowed:
            notices.append(notice)
            return None
        return value

    feature = known("feature", feature_ids, ui.notice_unknown_feature)
    event = known("event", event_ids, ui.notice_unknown_event)
    base = known("base", BASE_IDS, ui.notice_unknown_base)
    tab = known("tab", TAB_IDS, ui.notice_unknown_tab)
    lang = known("lang", LANGUAGES, ui.notice_unknown_lang)
    day = _parse_date(
        _single("date", query.get("date"), notices, ui), today or date.today(), notices, ui
    )
    chapter = _parse_chapter(
        _single("story", query.get("story"), notices, ui), chapters, notices, ui
    )
    state = ViewState(
        feature=feature,
        event=event,
        date=day,
        base=base if base in BASE_IDS else DEFAULT.base,  # type: ignore[arg-type]
        tab=tab if tab in TAB_IDS else DEFAULT.tab,  # type: ignore[arg-type]
        lang=lang,  # type: ignore[arg-type]
    )
    if chapter is not None:
        bare = not any(query.get(key) for key in VIEW_KEYS)
        state = open_chapter(state, chapter, feature_ids) if bare else state.with_(story=chapter.id)
    return state, notices


def to_query(state: ViewState) -> dict[str, str]:
    """The query string for a state; defaults are left out to keep links short.

    In the story the panel is always written, even the default one: a link with a chapter and
    no view would open the chapter's own view (see `parse`), not the one the reader saw."""
    query: dict[str, str] = {}
    if state.story:
        query["story"] = state.story
    if state.feature:
        query["feature"] = state.feature
    if state.event:
        query["event"] = state.event
    if state.date:
        query["date"] = state.date.isoformat()
    if state.base != DEFAULT.base:
        query["base"] = state.base
    if state.tab != DEFAULT.tab or state.story:
        query["tab"] = state.tab
    if state.lang:
        query["lang"] = state.lang
    return query


def parse_language(query: Mapping[str, str | Sequence[str]]) -> Language | None:
    """The language a link asks for, if it is one of ours (before the rest is parsed, so that
    the notices about the rest are written in it); silent: `parse` reports a bad one."""
    raw = query.get("lang")
    values = [raw] if isinstance(raw, str) else list(raw or ())
    found = {v.strip() for v in values if isinstance(v, str)}
    return found.pop() if len(found) == 1 and found <= set(LANGUAGES) else None  # type: ignore[return-value]


def share_url(page_url: str, state: ViewState) -> str:
    """The full link to a state: the page's own address with the state's query, nothing else."""
    parts = urlsplit(page_url or "http://localhost:8501/")
    query = urlencode(to_query(state))
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


# --- moves: what each control does to the view, as pure functions of the state ----------------


def select_feature(
    state: ViewState, feature_id: str | None, feature_ids: Collection[str]
) -> ViewState:
    """Choose a feature (None or an unknown id clears the choice); an event choice ends."""
    return state.with_(feature=feature_id if feature_id in feature_ids else None, event=None)


def select_event(
    state: ViewState,
    event_id: str,
    related: Sequence[str],
    feature_ids: Collection[str],
    when: date | None = None,
    today: date | None = None,
) -> ViewState:
    """Choose a timeline event: its first known feature goes to Details, all are highlighted,
    and the map moves to the event's day `when` (the first day of a month or year), so the
    reader sees what stood then; a day from today on is the newest state."""
    known = [f for f in related if f in feature_ids]
    chosen = state.with_(event=event_id, feature=known[0] if known else state.feature)
    return chosen if when is None else choose_date(chosen, when, today or date.today())


def choose_date(state: ViewState, chosen: date | None, today: date) -> ViewState:
    """Set the map's date; today (or later) is the newest state, which links leave out."""
    return state.with_(date=None if chosen is None or chosen >= today else chosen)


def step_date(state: ViewState, stops: Sequence[date], direction: int, today: date) -> ViewState:
    """Move to the previous (-1) or next (+1) key date. Past the last one is the newest state;
    before the first stays on the first."""
    if not stops:
        return state
    day = state.date or today
    if direction < 0:
        earlier = [d for d in stops if d < day]
        return state.with_(date=earlier[-1] if earlier else stops[0])
    later = [d for d in stops if d > day]
    return state.with_(date=later[0] if later else None)


def highlighted(state: ViewState, event_features: Sequence[str]) -> tuple[str, ...]:
    """The features to highlight: the chosen event's and the chosen feature, each once."""
    return tuple(dict.fromkeys([*event_features, *filter(None, [state.feature])]))


def open_chapter(
    state: ViewState, chapter: Chapter, feature_ids: Collection[str] | None = None
) -> ViewState:
    """Read a chapter: the map and panel take its view. Its first (known) feature goes to
    Details, its date to the time control (none: the newest state), its base map and its panel
    (Details when it names none); an event choice ends, since the chapter says what to show."""
    known = [f for f in chapter.features if feature_ids is None or f in feature_ids]
    return state.with_(
        story=chapter.id,
        feature=known[0] if known else None,
        event=None,
        date=date_start(chapter.date) if chapter.date else None,
        base=chapter.base,
        tab=chapter.panel or "details",
    )


def step_chapter(
    state: ViewState,
    chapters: Sequence[Chapter],
    direction: int,
    feature_ids: Collection[str] | None = None,
) -> ViewState:
    """Turn to the previous (-1) or next (+1) chapter. Outside the story either way opens the
    first chapter; at either end the state stays as it is (there is nowhere to turn)."""
    ids = [c.id for c in chapters]
    if not ids:
        return state
    if state.story not in ids:
        return open_chapter(state, chapters[0], feature_ids)
    target = ids.index(state.story) + (1 if direction > 0 else -1)
    if not 0 <= target < len(ids):
        return state
    return open_chapter(state, chapters[target], feature_ids)


def leave_story(state: ViewState) -> ViewState:
    """Stop reading: the view the chapter left stays on screen for free exploration."""
    return state.with_(story=None)
