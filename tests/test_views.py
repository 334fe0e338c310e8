"""The view model: every figure any renderer shows traces to a sourced record.

The views are what the Streamlit panels, the static export and the link previews render, so
checking the numbers here checks every renderer at once. A number is traced when it appears in
the records behind the view: a claim, a status, an event, a trade figure, a source's title or
date, or our own measure. The accuracy and method of a shape are excluded: they state how we drew
it (our method), not a sourced fact.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest

from tumen_crossing import export, views
from tumen_crossing.claims import format_value
from tumen_crossing.dates import format_day, format_partial_date
from tumen_crossing.measurements import feature_length, format_metres
from tumen_crossing.validate import validate
from tumen_crossing.viewstate import ViewState
from tumen_crossing.vocab import UI

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
OWN_METHOD = {"accuracy", "position", "method"}
"""DetailsView fields that describe our drawing, not a sourced fact."""
NOT_SHOWN = {
    "url",
    "source_id",
    "feature_id",
    "event_id",
    "subject_id",
    "date_iso",
    "colour",
    "measure",
    "chapter_id",
    "previous_id",
    "next_id",
}
"""Link targets, ids and colours: what renderers put in an href, a key or a style."""
STORY_POSITION = {"progress"}
"""'3 of 8' says where a chapter stands in the story, not a fact about the crossing."""


def numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in NUMBER.findall(text)}


def texts(value: object, skip: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Every string in a view, walking dataclasses, tuples and properties' inputs."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value):
        out = []
        for field in dataclasses.fields(value):
            if field.name not in skip:
                out += texts(getattr(value, field.name), skip | NOT_SHOWN)
        return out
    if isinstance(value, tuple | list):
        return [t for item in value for t in texts(item, skip)]
    return []


@pytest.fixture(scope="module")
def content():
    content, problems = validate()
    assert not problems
    return content


def receipt_words(content, receipts) -> list[str]:
    """A receipt is the source's own words (and where they stand), so its numbers are sourced."""
    return [views.receipt_view(content, r).text for r in receipts]


def sourced_numbers(content, feature_id: str, day: date | None) -> set[str]:
    feature = content.feature(feature_id)
    found: list[str] = [format_day(day)] if day else []
    if measured := feature_length(feature):
        found.append(format_metres(measured.value_m))
    source_ids = set(feature.props.sources)
    for claim in content.claims_about(feature_id):
        found += [format_value(claim), views.claim_date(content, claim), claim.note or ""]
        found += receipt_words(content, claim.receipts)
        source_ids |= set(claim.sources)
    for status in feature.props.statuses:
        found += [format_partial_date(status.since) if status.since else "", status.note or ""]
        found += receipt_words(content, status.receipts)
        source_ids |= set(status.sources)
    found.append(feature.props.description)
    for sid in source_ids:
        source = content.sources[sid]
        found += [source.title, source.publisher, format_day(source.accessed)]
        found.append(format_partial_date(source.published) if source.published else "")
    return set().union(*(numbers(t) for t in found))


@pytest.mark.parametrize("day", [None, date(1970, 1, 1), date(2025, 10, 1)])
def test_every_figure_in_details_is_sourced(content, day) -> None:
    untraced = {}
    for feature in content.features:
        view = views.details(content, feature, day)
        shown = set().union(*(numbers(t) for t in texts(view, OWN_METHOD)))
        missing = shown - sourced_numbers(content, feature.id, day)
        if missing:
            untraced[feature.id] = missing
    assert untraced == {}


def test_every_figure_in_trade_is_sourced(content) -> None:
    view = views.trade(content)
    allowed: set[str] = set()
    for figure in content.trade:
        allowed |= numbers(f"{figure.year} {figure.value_usd / 1e6:,.1f} {figure.note or ''}")
        allowed |= numbers(figure.annotation or "")
        allowed |= set().union(*(numbers(t) for t in receipt_words(content, figure.receipts)))
        for sid in figure.sources:
            source = content.sources[sid]
            allowed |= numbers(f"{source.title} {source.published or ''}")
    for claim in content.claims_about("trade"):
        allowed |= numbers(f"{claim.value} {claim.note or ''}")
    for sid in views.vocab.TRADE_CAVEAT_SOURCES:
        allowed |= numbers(content.sources[sid].trust_reason or "")
        source = content.sources[sid]
        allowed |= numbers(f"{source.title} {source.published or ''}")
    allowed |= numbers(UI.trade_caveat)  # "2024": the year of the oil shipments it cites
    shown = set().union(*(numbers(t) for t in texts(view)))
    assert shown, "the trade view shows no figures"
    assert shown - allowed == set()


def chapter_numbers(content, chapter) -> set[str]:
    """What a chapter's figures may rest on: its receipts, and the claims, events, trade figures
    and statuses citing its sources (their figures, dates and receipts), and those sources'
    titles and dates. The records' own sentences (notes, event texts) are ours, so left out."""
    cited = set(chapter.sources)
    found = receipt_words(content, chapter.receipts)
    for claim in content.claims:
        if cited & set(claim.sources):
            found += [format_value(claim), views.claim_date(content, claim)]
            found += receipt_words(content, claim.receipts)
    for event in content.events:
        if cited & set(event.sources):
            found += [format_partial_date(event.date), *receipt_words(content, event.receipts)]
    for figure in content.trade:
        if cited & set(figure.sources):
            value = figure.value_usd / 1e6
            found += [f"{figure.year} {value:,.1f} {value:g}"]
            found += receipt_words(content, figure.receipts)
    for feature in content.features:
        for status in feature.props.statuses:
            if cited & set(status.sources or feature.props.sources):
                found.append(format_partial_date(status.since) if status.since else "")
                found += receipt_words(content, status.receipts)
    for sid in cited:
        source = content.sources[sid]
        found += [source.title, source.publisher, format_day(source.accessed)]
        found.append(format_partial_date(source.published) if source.published else "")
    return set().union(*(numbers(t) for t in found))


def test_every_figure_in_a_chapter_is_sourced(content) -> None:
    assert len(content.story) >= 8
    untraced = {}
    for chapter in content.story:
        view = views.story(content, chapter.id)
        shown = set().union(*(numbers(t) for t in texts(view, STORY_POSITION | NOT_SHOWN)))
        assert numbers(view.text), f"{chapter.id} shows no figure at all"
        missing = shown - chapter_numbers(content, chapter)
        if missing:
            untraced[chapter.id] = missing
    assert untraced == {}


def test_the_computed_rate_is_shown_as_computed(content) -> None:
    view = views.trade(content)
    assert view.change is not None and "-12.1% a year" in view.change


def test_status_follows_the_date(content) -> None:
    road = content.feature("road-bridge")
    assert "not yet" in views.details(content, road, date(1970, 1, 1)).status.state
    today = views.details(content, road).status
    assert today.kind == "Road bridge" and "as of" not in today.state
    assert "as of 1 October 2025" in views.details(content, road, date(2025, 10, 1)).status.state


def test_citations_keep_only_safe_links(content) -> None:
    cited = views.citations(content, ["reuters-2025-03-27", "no-such-source"])
    assert cited[0].url.startswith("https://www.reuters.com/")
    assert cited[1].url is None and cited[1].publisher == "no-such-source"


def test_timeline_marks_later_events_and_the_chosen_one(content) -> None:
    first = content.events[0]
    view = views.timeline(content, chosen=first.id, day=date(1951, 1, 1))
    assert view.caption.startswith("1 of") or view.caption.startswith("0 of")
    assert view.events[0].chosen and not any(e.chosen for e in view.events[1:])
    assert view.events[-1].later
    assert not any(e.later for e in views.timeline(content).events)


# --- the copy desk (issue 22): what a reader reads -------------------------------------------


def test_the_status_line_says_when_the_current_state_began(content) -> None:
    """Milestones are history: the rail bridge has been open since 1959 (its 2020–2022
    suspension an interruption), the road bridge under construction since site clearing in
    February 2025, whatever news came later."""
    rail = views.status_view(content, content.feature("friendship-bridge"), None)
    assert rail.state == "open since 9 August 1959"
    assert rail.interruption and rail.interruption.text == "Suspended from 2020 to November 2022."
    assert rail.latest and rail.latest.text.startswith("Latest, 17 June 2025: ")
    road = views.status_view(content, content.feature("road-bridge"), None)
    assert road.state == "under construction since 27 February 2025"
    assert road.latest and road.latest.text.startswith("Latest, July 2026: ")
    on_day = views.status_view(content, content.feature("road-bridge"), date(2025, 12, 1))
    assert on_day.state == "under construction since 27 February 2025 (as of 1 December 2025)"
    assert on_day.latest and on_day.latest.text.startswith("Latest, November 2025: ")
    suspended = views.status_view(content, content.feature("friendship-bridge"), date(2021, 6, 1))
    assert suspended.state.startswith("suspended since 2020")
    # tooltips and link previews say the same
    assert views.status_summary(content.feature("friendship-bridge")) == (
        "Rail bridge · open since 9 August 1959"
    )
    assert views.status_summary(content.feature("road-bridge")) == (
        "Road bridge · under construction since 27 February 2025"
    )


def test_details_opens_with_a_three_line_summary(content) -> None:
    view = views.details(content, content.feature("road-bridge"))
    what, today, claims = (" ".join(part.text for part in line) for line in view.summary)
    assert what == views.split_first_sentence(view.description)[0]
    assert today.startswith("Under construction since 27 February 2025.")
    assert "Latest, July 2026: Structure reported complete" in today
    assert claims == (
        "Sources give its length as 800 m to about 1 km and its completion as "
        "June\u2009–\u2009December 2026."  # CLDR's range: thin spaces around the dash
    )
    assert view.summary[1][0].strong  # the state is the answer a reader looks for
    # the ledger folds to one line a group, its range first
    headings = [g.heading for g in view.groups]
    assert headings[:2] == [
        "Length: 800 m to about 1 km · sources disagree",
        "Completion: June\u2009–\u2009December 2026 · sources disagree",
    ]
    assert "Cost: about US$ 100–111 million · sources disagree" in headings
    assert views.details(content, content.feature("tripoint")).summary[2:] == ()  # no claims
    rail = views.details(content, content.feature("friendship-bridge"))
    assert rail.summary[2][0].text == "Sources give its length as 590–623 m."


def every_view(content) -> list[object]:
    """Every view any renderer draws: each feature's details (today and on past days), trade,
    the timeline, all claims, the reading list, the page copy and every link preview."""
    found: list[object] = [views.page_copy(content), views.trade(content)]
    found += [views.timeline(content), views.facts(content), views.sources(content)]
    for day in (None, date(1970, 1, 1), date(2021, 6, 1), date(2025, 10, 1)):
        found += [views.details(content, f, day) for f in content.features]
        found += [views.share(content, ViewState(feature=f.id, date=day)) for f in content.features]
    found += [views.share(content, ViewState(tab="trade"))]
    found += [views.date_choices(content)]
    return found


SOURCES_OWN_WORDS = {"quote", "receipts"}
"""A receipt quotes a source verbatim (dates and all), so its words are the source's, not ours."""


def reader_text(content) -> str:
    """Every string a reader can see, ids and link targets left out, the sources' quotes too."""
    skip = NOT_SHOWN | SOURCES_OWN_WORDS
    return "\n".join(t for view in every_view(content) for t in texts(view, skip))


def test_no_record_ids_or_editor_notes_reach_readers(content) -> None:
    text = reader_text(content)
    ids = {*content.sources, *content.by_id, *(e.id for e in content.events)}
    ids = {i for i in ids if "-" in i}  # 'tripoint' or 'trade' are also plain words
    shown = sorted(i for i in ids if re.search(rf"(?<![\w/-]){re.escape(i)}(?![\w/-])", text))
    assert shown == []
    notes = [s.editor_note for s in content.sources.values() if s.editor_note]
    assert [n for n in notes if n in text] == []
    # nor internal words: a trust level, a language code, a claim's attribute slug
    for internal in ("low trust", "founding article", "· en ·", "en · read"):
        assert internal not in text.lower(), internal
    slugs = {c.attribute for c in content.claims if "-" in c.attribute}
    assert sorted(a for a in slugs if a in text) == [], "a claim attribute's slug is shown"


def test_the_reading_list_says_what_each_source_supports_in_plain_words(content) -> None:
    entries = {e.citation.source_id: e for e in views.sources(content).entries}
    border = entries["asiapress-2025-09"].supports
    assert "Claim: Russia–North Korea border, length" in border
    assert entries["tass-ru-25747057"].language == "In Russian"
    assert entries["reuters-2025-03-27"].language is None
    assert entries["reuters-2025-03-27"].read_on == "Read on 26 November 2026"


def test_the_trade_panel_names_the_article_it_stars(content) -> None:
    view = views.trade(content)
    founding = content.sources["founding-article"]
    assert f"\u201c{founding.title}\u201d ({founding.publisher})" in view.star_note
    assert [c.source_id for c in view.star_sources] == ["founding-article"]
    assert view.change and view.change.endswith("Smoothx gives -12.1%.")


def test_trade_lines_break_at_missing_years(content) -> None:
    view = views.trade(content)
    for line in view.lines:
        years = [p.year for p in line]
        assert years == list(range(years[0], years[0] + len(years))), years
        assert len({p.measure for p in line}) == 1
    turnover = [
        [p.year for p in line] for line in view.lines if line[0].measure == "bilateral-turnover"
    ]
    assert turnover == [[2018, 2019, 2020], [2023, 2024]]  # no line across 2021–2022
    chart = export.trade_chart(view)  # the export's SVG: one polyline a run, none for one point
    assert chart is not None
    assert [len(line.points.split()) for line in chart.lines] == [
        len(line) for line in view.lines if len(line) > 1
    ]
    # and the chart's labels say what a multiplier is of
    for point in view.points:
        assert not re.search(r"×\s?\d|\d\s?×", point.annotation or ""), point.annotation


ISO_DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")
METRES_ABOVE_1_KM = re.compile(r"\b\d{1,3}(?:,\d{3})+(?:\.\d+)? m\b")


def test_one_unit_and_date_format_across_tabs(content) -> None:
    """Dates written out at their precision, lengths in m below 1 km and km above: the same in
    Details, All claims, Trade, the timeline, the reading list and the link previews."""
    text = reader_text(content)
    assert ISO_DATE.findall(text) == []
    assert METRES_ABOVE_1_KM.findall(text) == []
    facts = {(r.subject_id, r.attribute, r.value) for r in views.facts(content).rows}
    assert ("rail-khasan-rajin", "Length", "about 54 km") in facts
    assert ("road-bridge", "Length with the approach roads", "4.7 km") in facts
    details = views.details(content, content.feature("rail-khasan-rajin"))
    assert details.groups[0].gist == "about 54 km"  # Details says it as All claims does


def test_the_time_control_reads_each_date_at_its_precision(content) -> None:
    choices = views.date_choices(content)
    labels = {c.value: c.label for c in choices}
    assert labels[date(2024, 6, 1)] == "June 2024"  # the road bridge agreed: a month only
    assert labels[date(2020, 1, 1)] == "2020"  # the rail bridge suspended: a year only
    assert labels[date(2025, 2, 27)] == "27 February 2025"
    assert choices[-1] == views.DateChoice(None, "Latest sourced state")
    assert [c.value for c in choices[:-1]] == sorted(c.value for c in choices[:-1])
    linked = views.date_choices(content, date(2025, 10, 1))  # a day from a link keeps its stop
    assert views.DateChoice(date(2025, 10, 1), "1 October 2025") in linked
    # the panels say the chosen day as the control does: no "1 June 2024" for June 2024
    road = views.status_view(content, content.feature("road-bridge"), date(2024, 6, 1))
    assert road.state == "planned since June 2024 (as of June 2024)"
    caption = views.timeline(content, day=date(2024, 6, 1)).caption or ""
    assert "by June 2024;" in caption
    # the header's newest date is the control's newest stop
    assert views.page_copy(content).as_of == f"Newest sourced report: {choices[-2].label}."


def test_the_key_date_strip_has_every_stop_grouped_by_year_and_marks_the_chosen(content) -> None:
    chosen = date(2025, 4, 30)
    years = views.date_strip(content, chosen)
    ticks = [t for y in years for t in y.ticks]
    assert [(t.value, t.label) for t in ticks] == [
        (c.value, c.label) for c in views.date_choices(content, chosen)
    ]
    assert [t.value for t in ticks if t.chosen] == [chosen]
    for group in years[:-1]:
        assert all(t.value and str(t.value.year) == group.year for t in group.ticks)
    latest = years[-1]
    assert latest.year == "" and [t.value for t in latest.ticks] == [None]
    by_day = {t.value: t.short for t in ticks}
    assert by_day[chosen] == "30 Apr"
    assert {t.value: t.name for t in ticks}[chosen] == "30 Apr 2025"  # what a screen reader says
    assert by_day[date(2024, 6, 1)] == "Jun"  # the treaty: sourced to the month
    assert by_day[date(2020, 1, 1)] == "2020"  # a year's date is the year itself
    assert [t.chosen for t in views.date_strip(content)[-1].ticks] == [True]  # newest state
    odd = date(2025, 10, 1)  # a day from a link, no key date: a stop of its own, to the day
    assert any(
        t.short == "1 Oct" and t.chosen for y in views.date_strip(content, odd) for t in y.ticks
    )
