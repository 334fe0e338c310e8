"""The view model: (content, view state) -> plain, frozen data for every panel a reader sees.

Why: the Streamlit panels, the static export and the link previews all show the same facts.
Each is a thin renderer of these views, so a sentence, a label, a colour or a figure is decided
once, here or in `vocab`, and a test that every figure shown is sourced covers every renderer
at once. Nothing here imports Streamlit or writes markup: text is plain, and every sourced
statement carries its citations as data (renderers decide how a link looks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from tumen_crossing import claims as claim_rules
from tumen_crossing import framing, history, viewstate, vocab
from tumen_crossing.citations import uses_by_source
from tumen_crossing.content import Content, Feature
from tumen_crossing.dates import date_start, format_day, format_partial_date
from tumen_crossing.measurements import format_metres
from tumen_crossing.models import Claim as ClaimRecord
from tumen_crossing.models import Receipt as ReceiptRecord
from tumen_crossing.text import safe_url
from tumen_crossing.trade import annual_change
from tumen_crossing.viewstate import ViewState
from tumen_crossing.vocab import Base, Tab

UI = vocab.UI


# --- the pieces every view is made of ---------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    """What one cited source says for one record: its own words and where, or why none."""

    quote: str | None
    where: str | None
    unread: str | None
    """The plain reason there is no quote, e.g. 'not read directly'."""
    via: str | None
    """The source that was read instead, as 'publisher: title'."""

    @property
    def text(self) -> str:
        if self.quote is not None:
            return f"\u201c{self.quote}\u201d ({self.where})"
        return f"{self.unread} ({UI.read_via} {self.via})" if self.via else f"{self.unread}"


@dataclass(frozen=True)
class Citation:
    """One source as a reader meets it: who, what, when, a safe link (or none), how far to
    trust it, and, for a record, the source's own supporting words."""

    source_id: str
    publisher: str
    title: str
    url: str | None
    published: str | None
    trust_note: str | None = None
    """Why a reader should weigh this source lightly, in plain words; None if no reason."""
    receipt: Receipt | None = None


@dataclass(frozen=True)
class FeatureRef:
    feature_id: str
    name: str


def receipt_view(content: Content, receipt: ReceiptRecord) -> Receipt:
    via = content.sources.get(receipt.via) if receipt.via else None
    return Receipt(
        quote=receipt.quote,
        where=receipt.where,
        unread=receipt.unread,
        via=f"{via.publisher}: {via.title}" if via else None,
    )


def citations(
    content: Content,
    source_ids: tuple[str, ...] | list[str],
    receipts: tuple[ReceiptRecord, ...] | list[ReceiptRecord] = (),
) -> tuple[Citation, ...]:
    """The citations for source ids, in order, each with its receipt for the record when one is
    given; an unknown id is kept as its bare name."""
    by_source = {r.source: r for r in receipts}
    out = []
    for source_id in source_ids:
        source = content.sources.get(source_id)
        if source is None:
            out.append(Citation(source_id, source_id, source_id, None, None))
            continue
        receipt = by_source.get(source_id)
        out.append(
            Citation(
                source_id=source.id,
                publisher=source.publisher,
                title=source.title,
                url=safe_url(str(source.url)) if source.url else None,
                published=format_partial_date(source.published) if source.published else None,
                trust_note=source.trust_reason if source.trust == "low" else None,
                receipt=receipt_view(content, receipt) if receipt else None,
            )
        )
    return tuple(out)


def claim_date(content: Content, claim: ClaimRecord) -> str:
    """When the source said it; for an undated page, the day we read it, said as such."""
    if claim.claimed_on is not None:
        return format_partial_date(claim.claimed_on)
    day = claim_rules.read_on(content, claim)
    return f"{UI.read_on} {format_day(day)}" if day else ""


# --- page copy --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageCopy:
    title: str
    intro: str
    as_of: str | None
    """'Content as of March 2026 (newest source).', or None without dated sources."""
    checked: str | None
    """'Checked against its sources on 26 November 2026.', when the content records it."""
    attribution: str
    choose_hint: str


def newest_source_date(content: Content) -> str | None:
    dated = [s.published for s in content.sources.values() if s.published]
    return max(dated, key=date_start) if dated else None


def page_copy(content: Content) -> PageCopy:
    newest = newest_source_date(content)
    as_of = UI.as_of.format(date=format_partial_date(newest)) if newest else None
    meta = content.meta
    checked = UI.checked_on.format(date=format_day(meta.checked_on)) if meta else None
    return PageCopy(vocab.SITE_NAME, UI.intro, as_of, checked, UI.attribution, UI.choose_hint)


# --- details ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusView:
    """A feature's state on a day: 'Rail bridge' · 'open since November 2022'."""

    kind: str
    state: str
    note: str | None
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class ClaimView:
    value: str
    date: str
    note: str | None
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class ClaimGroupView:
    label: str
    measured: str | None
    """A length measured on our own geometry, e.g. '607 m' (only when drawn independently)."""
    drawn_to: str | None
    """'Our map's shape was drawn to …: not an independent measure.' where it was."""
    claims: tuple[ClaimView, ...]
    disagree: bool

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every claim's citations, in order: the receipts behind the group."""
        return tuple(c for claim in self.claims for c in claim.sources)


@dataclass(frozen=True)
class HistoryRow:
    date: str
    status: str
    note: str | None
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class SourceEntry:
    citation: Citation
    language: str
    read_on: str
    note: str | None
    supports: tuple[str, ...]


@dataclass(frozen=True)
class DetailsView:
    feature_id: str
    name: str
    other_names: tuple[tuple[str, str], ...]
    """(language code, name) for the names in Russian and Korean."""
    status: StatusView
    description: str
    groups: tuple[ClaimGroupView, ...]
    accuracy: str
    method: str
    history: tuple[HistoryRow, ...]
    """Every dated state, oldest first; empty when the feature has had only one."""
    sources: tuple[Citation, ...]


def status_view(content: Content, feature: Feature, day: date | None) -> StatusView:
    props = feature.props
    kind = vocab.KINDS[props.kind].label
    status = history.status_at(feature, day)
    as_of = f" (as of {format_day(day)})" if day else ""
    if status is None:
        first = props.statuses[0]
        when = format_partial_date(first.since) if first.since else ""
        state = f"not yet {vocab.STATUS_LABELS[first.status]} on {format_day(day)} — from {when}"
        cited = citations(content, first.sources or props.sources, first.receipts)
        return StatusView(kind, state, None, cited)
    since = f" since {format_partial_date(status.since)}" if status.since else ""
    state = f"{vocab.STATUS_LABELS[status.status]}{since}{as_of}"
    cited = citations(content, status.sources or props.sources, status.receipts)
    return StatusView(kind, state, status.note, cited)


def receipts_text(cited: tuple[Citation, ...]) -> str:
    """Every receipt of a record on one line: 'Reuters: “…” (paragraph 4) | OEC: not read…'."""
    return " | ".join(f"{c.publisher}: {c.receipt.text}" for c in cited if c.receipt)


def status_summary(feature: Feature, day: date | None = None) -> str:
    """'Rail bridge · open since November 2022' — one plain line, for tooltips and previews."""
    status = history.status_at(feature, day)
    kind = vocab.KINDS[feature.props.kind].label
    if status is None:
        first = feature.props.statuses[0]
        when = format_partial_date(first.since) if first.since else ""
        return f"{kind} · not yet {vocab.STATUS_LABELS[first.status]} (from {when})"
    line = f"{kind} · {vocab.STATUS_LABELS[status.status]}"
    return f"{line} since {format_partial_date(status.since)}" if status.since else line


def claim_groups(content: Content, subject: str) -> tuple[ClaimGroupView, ...]:
    groups = []
    for group in claim_rules.groups_for(content, subject):
        groups.append(
            ClaimGroupView(
                label=vocab.attribute_label(group.attribute),
                measured=format_metres(group.measured.value_m) if group.measured else None,
                drawn_to=UI.drawn_to.format(what=group.drawn_to) if group.drawn_to else None,
                claims=tuple(
                    ClaimView(
                        value=claim_rules.format_value(claim),
                        date=claim_date(content, claim),
                        note=claim.note,
                        sources=citations(content, claim.sources, claim.receipts),
                    )
                    for claim in group.claims
                ),
                disagree=group.disagree,
            )
        )
    return tuple(groups)


def source_entries(
    content: Content, source_ids: list[str] | tuple[str, ...]
) -> tuple[SourceEntry, ...]:
    supports = uses_by_source(content)
    entries = []
    for citation in citations(content, [s for s in source_ids if s in content.sources]):
        source = content.sources[citation.source_id]
        entries.append(
            SourceEntry(
                citation=citation,
                language=source.language,
                read_on=format_day(source.accessed),
                note=source.reader_note,
                supports=tuple(supports.get(source.id, ())),
            )
        )
    return tuple(entries)


def details(content: Content, feature: Feature, day: date | None = None) -> DetailsView:
    """Everything the Details panel says about a feature on a day (None: the newest state)."""
    props = feature.props
    rows = ()
    if len(props.statuses) > 1:
        rows = tuple(
            HistoryRow(
                date=format_partial_date(s.since) if s.since else "—",
                status=vocab.STATUS_LABELS[s.status],
                note=s.note,
                sources=citations(content, s.sources or props.sources, s.receipts),
            )
            for s in props.statuses
        )
    return DetailsView(
        feature_id=feature.id,
        name=props.name.en,
        other_names=(("ru", props.name.ru), ("ko", props.name.ko)),
        status=status_view(content, feature, day),
        description=props.description,
        groups=claim_groups(content, feature.id),
        accuracy=f"±{format_metres(props.accuracy_m)}",
        method=props.method,
        history=rows,
        sources=citations(content, [s for s in props.sources if s in content.sources]),
    )


def feature_choices(content: Content) -> tuple[FeatureRef, ...]:
    """Every feature by name, for the select box and the export's list."""
    return tuple(
        FeatureRef(f.id, f.props.name.en)
        for f in sorted(content.features, key=lambda f: f.props.name.en)
    )


def feature_kind(content: Content, feature_id: str) -> str:
    feature = content.feature(feature_id)
    return vocab.KINDS[feature.props.kind].label if feature else ""


# --- trade ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TradePoint:
    year: int
    measure: str
    series: str
    colour: str
    value_usd: float
    value_musd: float
    value_text: str
    sources: tuple[Citation, ...]
    note: str | None
    annotation: str | None

    @property
    def source_text(self) -> str:
        return "; ".join(f"{c.publisher}: {c.title}" for c in self.sources)

    @property
    def receipts(self) -> str:
        return receipts_text(self.sources)

    @property
    def tooltip(self) -> str:
        who = "; ".join(c.publisher for c in self.sources)
        return f"{self.year} · {self.series}: US$ {self.value_text} M" + (
            f" ({who})" if who else ""
        )


@dataclass(frozen=True)
class Series:
    measure: str
    label: str
    colour: str


@dataclass(frozen=True)
class TradeView:
    title: str
    points: tuple[TradePoint, ...]
    """Sorted by measure, then year: each measure's line in order."""
    series: tuple[Series, ...]
    change: str | None
    """The average yearly change of Russian exports, recomputed from the two figures."""
    star_note: str
    caveat: str
    caveat_sources: tuple[Citation, ...]

    @property
    def table(self) -> tuple[TradePoint, ...]:
        """The points by year, for the table under the chart."""
        return tuple(sorted(self.points, key=lambda p: (p.year, p.measure)))

    def rows(self) -> list[dict[str, object]]:
        """One plain row per figure: what the chart, the table and the CSV download hold."""
        return [
            {
                "year": p.year,
                "series": p.series,
                "value_usd": p.value_usd,
                "value_musd": p.value_musd,
                "source": p.source_text,
                "source_urls": " ".join(c.url for c in p.sources if c.url),
                "note": p.note or "",
                "receipts": p.receipts,
                "annotation": p.annotation or "",
            }
            for p in self.points
        ]


def trade(content: Content) -> TradeView:
    points = tuple(
        TradePoint(
            year=t.year,
            measure=t.measure,
            series=vocab.TRADE_MEASURES[t.measure].label,
            colour=vocab.TRADE_MEASURES[t.measure].colour,
            value_usd=t.value_usd,
            value_musd=round(t.value_usd / 1e6, 2),
            value_text=f"{t.value_usd / 1e6:,.1f}",
            sources=citations(content, [s for s in t.sources if s in content.sources], t.receipts),
            note=t.note,
            annotation=t.annotation,
        )
        for t in sorted(content.trade, key=lambda t: (t.measure, t.year))
    )
    measures = list(dict.fromkeys(p.measure for p in points))
    series = tuple(
        Series(m, vocab.TRADE_MEASURES[m].label, vocab.TRADE_MEASURES[m].colour)  # type: ignore[index]
        for m in measures
    )
    change = annual_change(content)
    sentence = None
    if change is not None:
        first, last, rate = change
        sentence = UI.trade_change.format(
            first=f"{first.value_usd / 1e6:,.1f}",
            first_year=first.year,
            last=f"{last.value_usd / 1e6:,.1f}",
            last_year=last.year,
            rate=f"{rate:+.1%}",
        )
    caveat_sources = [s for s in vocab.TRADE_CAVEAT_SOURCES if s in content.sources]
    return TradeView(
        title=UI.trade_title,
        points=points,
        series=series,
        change=sentence,
        star_note=UI.trade_star_note,
        caveat=UI.trade_caveat,
        caveat_sources=citations(content, caveat_sources),
    )


# --- timeline ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventView:
    event_id: str
    date_iso: str
    date: str
    title: str
    text: str
    sources: tuple[Citation, ...]
    features: tuple[FeatureRef, ...]
    later: bool
    """True when the event had not happened yet on the view's date."""
    chosen: bool

    @property
    def show_on_map(self) -> str:
        return f"{UI.show_on_map}: " + ", ".join(f.name for f in self.features)


@dataclass(frozen=True)
class TimelineView:
    caption: str | None
    events: tuple[EventView, ...]


def timeline(content: Content, chosen: str | None = None, day: date | None = None) -> TimelineView:
    caption = None
    if day:
        done = sum(date_start(e.date) <= day for e in content.events)
        caption = UI.timeline_progress.format(
            done=done, total=len(content.events), date=format_day(day)
        )
    events = tuple(
        EventView(
            event_id=e.id,
            date_iso=e.date,
            date=format_partial_date(e.date),
            title=e.title,
            text=e.text,
            sources=citations(content, e.sources, e.receipts),
            features=tuple(
                FeatureRef(f.id, f.props.name.en) for i in e.features if (f := content.feature(i))
            ),
            later=day is not None and date_start(e.date) > day,
            chosen=e.id == chosen,
        )
        for e in content.events
    )
    return TimelineView(caption, events)


# --- facts (every claim) and sources ----------------------------------------------------------


@dataclass(frozen=True)
class FactRow:
    subject: str
    subject_id: str
    attribute: str
    value: str
    claimed_on: str
    source: str
    url: str
    note: str
    receipts: str
    """The sources' own words, one per source, as plain text (for the table and the CSV)."""


@dataclass(frozen=True)
class FactsView:
    intro: str
    rows: tuple[FactRow, ...]


def facts(content: Content) -> FactsView:
    rows = []
    for claim in content.claims:
        feature = content.feature(claim.subject)
        cited = citations(
            content, [s for s in claim.sources if s in content.sources], claim.receipts
        )
        rows.append(
            FactRow(
                subject=feature.props.name.en if feature else claim.subject.capitalize(),
                subject_id=claim.subject,
                attribute=vocab.attribute_label(claim.attribute),
                value=claim_rules.format_value(claim),
                claimed_on=claim_date(content, claim),
                source="; ".join(f"{c.publisher}: {c.title}" for c in cited),
                url=cited[0].url or "" if cited else "",
                note=claim.note or "",
                receipts=receipts_text(cited),
            )
        )
    return FactsView(UI.facts_intro, tuple(rows))


@dataclass(frozen=True)
class SourcesView:
    entries: tuple[SourceEntry, ...]


def sources(content: Content) -> SourcesView:
    ordered = sorted(content.sources.values(), key=lambda s: s.publisher.lower())
    return SourcesView(source_entries(content, [s.id for s in ordered]))


# --- the story: a guided reading, chapter by chapter --------------------------------------------


@dataclass(frozen=True)
class ChapterRef:
    """A chapter in the table of contents: 'Chapter 3 of 8: …' and the day it shows."""

    chapter_id: str
    number: int
    title: str
    date: str
    """The chapter's date at its own precision ('June 2024'), or the newest state's words."""
    label: str
    """'Chapter 3 of 8: The railway to Rajin, and a trickle of trade' — for lists and buttons."""


@dataclass(frozen=True)
class StoryView:
    """One chapter as a reader meets it: where it stands in the story, its words with their
    sources, and the view it shows (highlighted features, the day, the map's extent, the base
    map and the panel to open)."""

    chapter_id: str
    index: int
    """1-based position in the story."""
    total: int
    progress: str
    """'3 of 8'."""
    title: str
    text: str
    sources: tuple[Citation, ...]
    """Every source the text rests on, each with its receipt (the source's own words)."""
    features: tuple[FeatureRef, ...]
    """The highlighted features, in the chapter's order; the first is the one Details shows."""
    day: date | None
    """The day the map and the time control show; None is the newest sourced state."""
    date: str
    """The day in words at the chapter's precision: '9 August 1959', 'June 2024', '2020'."""
    center: tuple[float, float]
    """[lat, lon] of the map's centre."""
    zoom: int
    base: Base
    panel: Tab | None
    previous_id: str | None
    next_id: str | None


def _chapter_date(text: str | None) -> str:
    return format_partial_date(text) if text else UI.story_newest


def story_chapters(content: Content) -> tuple[ChapterRef, ...]:
    """The table of contents, in reading order."""
    total = len(content.story)
    return tuple(
        ChapterRef(
            chapter_id=c.id,
            number=number,
            title=c.title,
            date=_chapter_date(c.date),
            label=UI.story_chapter.format(index=number, total=total, title=c.title),
        )
        for number, c in enumerate(content.story, 1)
    )


def story(content: Content, chapter_id: str) -> StoryView | None:
    """The chapter with this id as a reader meets it; None for an id the story does not have
    (links are parsed first, so only a stale caller meets that)."""
    ids = [c.id for c in content.story]
    if chapter_id not in ids:
        return None
    index = ids.index(chapter_id)
    chapter = content.story[index]
    shown = [f for fid in chapter.features if (f := content.feature(fid))]
    if chapter.fit or chapter.center is None or chapter.zoom is None:
        center, zoom = framing.frame(f.geometry for f in shown)
    else:
        center, zoom = chapter.center, chapter.zoom
    return StoryView(
        chapter_id=chapter.id,
        index=index + 1,
        total=len(ids),
        progress=UI.story_progress.format(index=index + 1, total=len(ids)),
        title=chapter.title,
        text=chapter.text,
        sources=citations(content, chapter.sources, chapter.receipts),
        features=tuple(FeatureRef(f.id, f.props.name.en) for f in shown),
        day=date_start(chapter.date) if chapter.date else None,
        date=_chapter_date(chapter.date),
        center=center,
        zoom=zoom,
        base=chapter.base,
        panel=chapter.panel,
        previous_id=ids[index - 1] if index > 0 else None,
        next_id=ids[index + 1] if index + 1 < len(ids) else None,
    )


# --- a view in a few words: link previews, the no-script summary, the picture's alt text -------

DESCRIPTION_LIMIT = 200
"""Longer descriptions are cut by unfurlers (Facebook ~200, X ~200, Slack ~300 characters)."""


@dataclass(frozen=True)
class SourceLink:
    label: str
    url: str


@dataclass(frozen=True)
class Summary:
    """A view in words: its own title, a sourced description an unfurler shows whole, the
    sources that description rests on, and what the view's picture shows."""

    title: str
    description: str
    sources: tuple[SourceLink, ...] = ()
    image_alt: str = ""


Sentence = tuple[str, tuple[Citation, ...]]


def clip(text: str, limit: int) -> str:
    """Text cut at a word boundary with an ellipsis so that it is at most `limit` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:·–—") + "…"


def _fit(sentences: list[Sentence], limit: int = DESCRIPTION_LIMIT) -> tuple[str, tuple]:
    """As many whole sentences as fit in `limit` characters, in order of importance (a sentence
    that does not fit is skipped, a later shorter one may still fit), with the sources of the
    ones kept as links. The first sentence is always kept, cut if it must be."""
    text, cited = "", []
    for index, (sentence, sources) in enumerate(sentences):
        candidate = f"{text} {sentence}".strip()
        if len(candidate) <= limit:
            text = candidate
            cited += sources
        elif index == 0:
            text, cited = clip(sentence, limit), list(sources)
    links = {c.url: SourceLink(f"{c.publisher}: {c.title}", c.url) for c in cited if c.url}
    return text, tuple(links.values())


def _group_sentence(group: ClaimGroupView) -> Sentence:
    """'Length (sources disagree): 800 m, 850 m, about 1,000 m.' — the sources' figures only:
    a length drawn to them is not a measurement, so it is not said."""
    values = ", ".join(dict.fromkeys(c.value for c in group.claims))
    measured = f"{group.measured} {UI.measured_on_our_map}" if group.measured else ""
    disagree = f" ({UI.disagree_short})" if group.disagree else ""
    said = "; ".join(filter(None, [values, measured]))
    return f"{group.label}{disagree}: {said}.", group.citations


def _feature_summary(content: Content, feature: Feature, day: date | None) -> Summary:
    view = details(content, feature, day)
    sentences: list[Sentence] = [
        (f"{view.status.kind} · {view.status.state}.", view.status.sources)
    ]
    sentences += [_group_sentence(g) for g in view.groups]
    sentences.append((view.description, view.sources))
    description, links = _fit(sentences)
    title = UI.name_on_day.format(name=view.name, date=format_day(day)) if day else view.name
    return Summary(title, description, links)


def _overview_summary(content: Content, day: date | None) -> Summary:
    """The default view: where each bridge stood on the day (those not yet even planned are
    left out), with the sources of each state."""
    sentences: list[Sentence] = []
    for bridge in (f for f in content.features if vocab.KINDS[f.props.kind].bridge):
        if history.status_at(bridge, day) is None:
            continue
        status = status_view(content, bridge, None)
        sentences.append(
            (f"{bridge.props.name.en}: {status_summary(bridge, day)}.", status.sources)
        )
    lead = UI.as_of_lead.format(date=format_day(day)) if day else ""
    if sentences:
        sentences[0] = (lead + sentences[0][0], sentences[0][1])
    else:
        sentences.append((f"{lead}{UI.tagline}.", ()))
    description, links = _fit(sentences)
    title = UI.name_on_day.format(name=UI.tagline, date=format_day(day)) if day else UI.tagline
    return Summary(title, description, links)


def _trade_summary(content: Content) -> Summary | None:
    """The Trade panel: the first and the latest figure of each series, each with its source."""
    view = trade(content)
    sentences: list[Sentence] = []
    for series in view.series:
        points = [p for p in view.points if p.measure == series.measure]
        ends = [points[0], points[-1]] if len(points) > 1 else points
        figures = " and ".join(
            UI.trade_figure.format(value=p.value_text, year=p.year) for p in ends
        )
        sentences.append((f"{series.label}: {figures}.", tuple(c for p in ends for c in p.sources)))
    if not sentences:
        return None
    description, links = _fit(sentences)
    return Summary(UI.trade_short_title, description, links)


def _chapter_summary(content: Content, chapter_id: str) -> Summary | None:
    chapter = story(content, chapter_id)
    if chapter is None:
        return None
    description, links = _fit([(chapter.text, chapter.sources)])
    return Summary(chapter.title, description, links)


def _event_summary(content: Content, event_id: str) -> Summary | None:
    event = next((e for e in timeline(content).events if e.event_id == event_id), None)
    if event is None:
        return None
    description, links = _fit([(f"{event.date}: {event.text}", event.sources)])
    return Summary(event.title, description, links)


def image_alt(content: Content, state: ViewState) -> str:
    """Alt text for the view's picture: the place, the day, what is highlighted."""
    events = {e.id: e for e in content.events}
    chosen = viewstate.highlighted(
        state, events[state.event].features if state.event in events else []
    )
    shown = [
        f.props.name.en
        for i in chosen
        if (f := content.feature(i)) and history.drawn_at(f, state.date)
    ]
    marked = UI.alt_highlighted.format(names=", ".join(shown)) if shown else ""
    when = UI.alt_on_day.format(date=format_day(state.date)) if state.date else UI.alt_newest
    return clip(UI.alt_text.format(tagline=UI.tagline, when=when, marked=marked), 420)


def share(content: Content, state: ViewState) -> Summary:
    """A view in words, for link previews and readers without JavaScript: what its open panel
    shows. A chapter of the story describes itself; the timeline with an event chosen describes
    the event, the Trade panel the trade figures; otherwise the selected feature on the view's
    date, or where the bridges stood."""
    words = _chapter_summary(content, state.story) if state.story else None
    if words is None and state.event and state.tab == "timeline":
        words = _event_summary(content, state.event)
    if words is None and state.tab == "trade":
        words = _trade_summary(content)
    if words is None:
        feature = content.feature(state.feature or "")
        words = (
            _feature_summary(content, feature, state.date)
            if feature
            else _overview_summary(content, state.date)
        )
    return replace(words, image_alt=image_alt(content, state))
