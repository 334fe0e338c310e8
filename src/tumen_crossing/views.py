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
from tumen_crossing import framing, history, i18n, viewstate, vocab
from tumen_crossing.citations import subject_name, uses_by_source
from tumen_crossing.content import Content, Feature
from tumen_crossing.dates import date_end, date_start, parse_partial_date
from tumen_crossing.i18n import Words
from tumen_crossing.models import Claim as ClaimRecord
from tumen_crossing.models import Receipt as ReceiptRecord
from tumen_crossing.models import Source
from tumen_crossing.text import safe_url
from tumen_crossing.trade import annual_change
from tumen_crossing.viewstate import ViewState
from tumen_crossing.vocab import Base, Tab


def name_in(feature: Feature, lang: str) -> str:
    """A feature's name in a language (names are written in all three in geodata/)."""
    return getattr(feature.props.name, lang, feature.props.name.en)


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
    read_via: str
    """The words before the source read instead: 'read via', in the page's language."""

    @property
    def text(self) -> str:
        """The receipt in one line: '“…” (paragraph 2)' or 'not read directly (read via …)'."""
        if self.quote is not None:
            return f"\u201c{self.quote}\u201d ({self.where})"
        return f"{self.unread} ({self.read_via} {self.via})" if self.via else f"{self.unread}"


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
class Cited:
    """A sentence and the sources it rests on."""

    text: str
    sources: tuple[Citation, ...] = ()
    strong: bool = False
    """The answer a reader looks for first (a feature's state): renderers set it in bold."""


@dataclass(frozen=True)
class FeatureRef:
    feature_id: str
    name: str


def publisher_name(source: Source, w: Words) -> str:
    """Who published a source, with what was read when it was a copy: 'Dagens (aggregator)',
    'The Japan Times, via AFBytes (aggregator)', 'Railway Gazette International (archived
    copy)', in the page's language."""
    if source.read_in is None:
        return source.publisher
    copy = w.ui.copy_aggregator if source.read_in == "aggregator" else w.ui.copy_archive
    if source.read_at:
        return w.ui.publisher_copy_via.format(
            publisher=source.publisher, site=source.read_at, copy=copy
        )
    return w.ui.publisher_copy.format(publisher=source.publisher, copy=copy)


def receipt_view(content: Content, receipt: ReceiptRecord) -> Receipt:
    source = content.sources.get(receipt.via) if receipt.via else None
    w = i18n.words_for(content)
    via = f"{publisher_name(source, w)}: {source.title}" if source else None
    return Receipt(receipt.quote, receipt.where, receipt.unread, via, w.ui.read_via)


def citations(
    content: Content,
    source_ids: tuple[str, ...] | list[str],
    receipts: tuple[ReceiptRecord, ...] | list[ReceiptRecord] = (),
) -> tuple[Citation, ...]:
    """The citations for source ids, in order, each with its receipt for the record when one is
    given; an unknown id is kept as its bare name."""
    w = i18n.words_for(content)
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
                publisher=publisher_name(source, w),
                title=source.title,
                url=safe_url(str(source.url)) if source.url else None,
                published=w.partial_date(source.published) if source.published else None,
                trust_note=source.trust_reason if source.trust == "low" else None,
                receipt=receipt_view(content, receipt) if receipt else None,
            )
        )
    return tuple(out)


def claim_date(content: Content, claim: ClaimRecord) -> str:
    """When the source said it; for an undated page, the day we read it, said as such."""
    w = i18n.words_for(content)
    if claim.claimed_on is not None:
        return w.partial_date(claim.claimed_on)
    day = claim_rules.read_on(content, claim)
    return f"{w.ui.read_on} {w.day(day)}" if day else ""


# --- page copy --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageCopy:
    title: str
    intro: str
    as_of: str | None
    """'Newest sourced report: July 2026.' — the newest date anything in the content is sourced
    to (a source's publication, a status, an event), or None without any."""
    checked: str | None
    """'Checked against its sources on 26 November 2026.', when the content records it."""
    attribution: str
    choose_hint: str


def newest_sourced_date(content: Content) -> str | None:
    """The newest partial date the content is sourced to, as written (precision kept): the
    right end of the time control and the header's 'newest sourced report'."""
    dated = [s.published for s in content.sources.values() if s.published]
    dated += history.written_dates(content)
    return max(dated, key=lambda d: (date_start(d), -date_end(d).toordinal())) if dated else None


def page_copy(content: Content) -> PageCopy:
    w = i18n.words_for(content)
    newest = newest_sourced_date(content)
    as_of = w.fill(w.ui.as_of, date=w.partial_date(newest)) if newest else None
    meta = content.meta
    checked = w.fill(w.ui.checked_on, date=w.day(meta.checked_on)) if meta else None
    return PageCopy(vocab.SITE_NAME, w.ui.intro, as_of, checked, w.ui.attribution, w.ui.choose_hint)


# --- details ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusView:
    """A feature's state on a day: 'Rail bridge' · 'open since 9 August 1959'.

    `state` says when the *current state* began: milestones within it never move it, and a
    state resumed after a suspension counts from its first start (see history.current)."""

    kind: str
    state: str
    note: str | None
    """Why the state began then, from the entry that began it."""
    sources: tuple[Citation, ...]
    interruption: Cited | None = None
    """'Suspended from 2020 to November 2022.' for a state resumed after a suspension."""
    latest: Cited | None = None
    """'Latest, July 2026: Structure reported complete …': the newest milestone in force."""

    @property
    def lines(self) -> tuple[Cited, ...]:
        """The state as sentences: when it began (in bold) and why, any interruption, the
        latest news within it."""
        said = sentence(self.state)
        began = (
            (Cited(said, strong=True), Cited(self.note, self.sources))
            if self.note
            else (Cited(said, self.sources, strong=True),)
        )
        return tuple(c for c in (*began, self.interruption, self.latest) if c)


@dataclass(frozen=True)
class ClaimView:
    value: str
    date: str
    note: str | None
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class ClaimGroupView:
    label: str
    gist: str
    """What the sources give, in a few words: '800 m to about 1 km', 'June–December 2026'."""
    measured: str | None
    """A length measured on our own geometry, e.g. '607 m' (only when drawn independently)."""
    drawn_to: str | None
    """'Our map's shape was drawn to …: not an independent measure.' where it was."""
    claims: tuple[ClaimView, ...]
    disagree: bool
    heading: str = ""
    """The group folded to one line: 'Length: 800 m to about 1 km · sources disagree'."""

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every claim's citations, in order: the receipts behind the group."""
        return tuple(c for claim in self.claims for c in claim.sources)


@dataclass(frozen=True)
class HistoryRow:
    date: str
    status: str | None
    """The state entered ('under construction', 'open again'); None for a milestone."""
    note: str | None
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class SourceEntry:
    citation: Citation
    language: str | None
    """'In Russian' for a source not in the page's language, else None."""
    read_on: str
    """'Read on 26 November 2026'."""
    note: str | None
    supports: tuple[str, ...]


@dataclass(frozen=True)
class DetailsView:
    """Everything the Details panel says about a feature: a three-line summary on top (what it
    is, its state on the day, the range of its length and completion claims) and the ledger
    behind it (each claim group, history, position, sources), which renderers fold away."""

    feature_id: str
    name: str
    kind: str
    other_names: tuple[tuple[str, str], ...]
    """(language code, name) for the names in Russian and Korean."""
    status: StatusView
    summary: tuple[tuple[Cited, ...], ...]
    """The three lines, each a few cited sentences; the third only when there are claims."""
    description: str
    more: str
    """The description after its first sentence (which is the summary's first line)."""
    groups: tuple[ClaimGroupView, ...]
    accuracy: str
    position: str
    """'Where our map puts it: accurate to about ±300 m'."""
    method: str
    history: tuple[HistoryRow, ...]
    """Every dated step, oldest first; empty when the feature has had only one."""
    sources: tuple[Citation, ...]
    sources_label: str = vocab.UI.sources_count
    """'Sources ({count})', in the page's language."""

    @property
    def sources_heading(self) -> str:
        """'Sources (4)': a count, not a sourced figure."""
        return self.sources_label.format(count=len(self.sources))


def sentence(text: str) -> str:
    """A phrase as a sentence: capital first letter, full stop at the end."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else f"{text}."


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u00c0-\u024f\u0400-\u04ff\uac00-\ud7a3])")


def split_first_sentence(text: str) -> tuple[str, str]:
    """('First sentence.', 'The rest.') — a description's lead and what follows it."""
    parts = _SENTENCE_END.split(text.strip(), maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def _since(w: Words, entry_since: str | None, governed: bool = False) -> str:
    """A status's date; `governed` for the '{date}' of 'since {date}' and 'from {start}'."""
    return w.partial_date(entry_since, governed) if entry_since else ""


def day_text(content: Content, day: date) -> str:
    """A chosen day in words, at the precision the time control gives it: a key date is written
    as its sources date it ('June 2024' for 1 June 2024, when that is the month of a sourced
    event), any other day in full ('1 October 2025')."""
    w = i18n.words_for(content)
    for text in sorted(history.written_dates(content), key=len):
        if date_start(text) == day:
            return w.partial_date(text)
    return w.day(day)


def status_view(content: Content, feature: Feature, day: date | None) -> StatusView:
    w = i18n.words_for(content)
    props = feature.props
    kind = w.kind(props.kind)
    state = history.current(feature, day)
    as_of = f" {w.ui.as_of_suffix.format(date=day_text(content, day))}" if day else ""
    if state is None:
        first = props.statuses[0]
        said = w.ui.not_yet.format(
            status=w.status(first.status),
            date=day_text(content, day) if day else "",
            start=_since(w, first.since, governed=True),
        )
        cited = citations(content, first.sources or props.sources, first.receipts)
        return StatusView(kind, said, None, cited)
    began = state.began
    label = w.status(began.status)
    said = (
        w.ui.since.format(status=label, date=_since(w, began.since, governed=True))
        if began.since
        else label
    )
    interruption = latest = None
    if state.paused and state.resumed:
        interruption = Cited(
            w.fill(
                w.ui.interrupted,
                start=_since(w, state.paused.since, governed=True),
                end=_since(w, state.resumed.since),
            ),
            citations(
                content,
                list(dict.fromkeys([*state.paused.sources, *state.resumed.sources]))
                or props.sources,
                [*state.paused.receipts, *state.resumed.receipts],
            ),
        )
    if state.latest and state.latest.note:
        latest = Cited(
            w.ui.latest.format(date=_since(w, state.latest.since), note=state.latest.note),
            citations(content, state.latest.sources or props.sources, state.latest.receipts),
        )
    cited = citations(content, began.sources or props.sources, began.receipts)
    return StatusView(kind, f"{said}{as_of}", began.note, cited, interruption, latest)


def receipts_text(cited: tuple[Citation, ...]) -> str:
    """Every receipt of a record on one line: 'Reuters: “…” (paragraph 4) | OEC: not read…'."""
    return " | ".join(f"{c.publisher}: {c.receipt.text}" for c in cited if c.receipt)


def status_summary(feature: Feature, day: date | None = None, w: Words | None = None) -> str:
    """'Rail bridge · open since 9 August 1959' — one plain line, for tooltips and previews:
    when the current state began, as in Details (in English unless words are given)."""
    w = w or i18n.words()
    state = history.current(feature, day)
    kind = w.kind(feature.props.kind)
    if state is None:
        first = feature.props.statuses[0]
        said = w.ui.not_yet_short.format(
            status=w.status(first.status), start=_since(w, first.since, governed=True)
        )
        return f"{kind} · {said}"
    label = w.status(state.began.status)
    since = state.began.since
    said = w.ui.since.format(status=label, date=_since(w, since, governed=True)) if since else label
    return f"{kind} · {said}"


_FIGURE = re.compile(r"^(\D*?)(\d[\d,.\u00a0\u202f]*)(.*)$")


def _numeric_gist(claims: list[ClaimRecord], w: Words) -> str:
    """'590–623 m', 'about US$ 100–111 million', '800 m to about 1 km': the lowest and the
    highest figure, joined by a dash when they share their words and unit."""
    low = min(claims, key=lambda c: (c.value, c.qualifier != "exact"))
    high = max(claims, key=lambda c: (c.value, c.qualifier == "exact"))
    first, last = claim_rules.format_value(low, w), claim_rules.format_value(high, w)
    if first == last:
        return first
    a, b = _FIGURE.match(first), _FIGURE.match(last)
    if a and b and a[1] == b[1] and a[3] == b[3]:
        return f"{a[1]}{a[2]}–{b[2]}{b[3]}"
    return w.ui.range_to.format(first=first, last=last)


def _date_gist(claims: list[ClaimRecord], w: Words) -> str:
    """'June–December 2026': the earliest and the latest date at its own precision (of two
    dates ending together, the more precise one: 'December 2026' rather than '2026')."""
    values = [str(c.value) for c in claims]
    earliest = min(values, key=lambda t: (date_end(t), -len(t)))
    latest = max(values, key=lambda t: (date_end(t), len(t)))
    return w.date_range(earliest, latest)


def _is_date(value: object) -> bool:
    try:
        parse_partial_date(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def gist(claims: list[ClaimRecord], w: Words) -> str:
    """What a group of claims gives, in a few words: the range of its figures or dates, else
    its distinct values (at most three)."""
    if not claims:
        return ""
    numbers = [c for c in claims if isinstance(c.value, int | float)]
    if len(numbers) == len(claims) and len({c.unit for c in claims}) == 1:
        return _numeric_gist(numbers, w)
    if all(_is_date(c.value) for c in claims):
        return _date_gist(claims, w)
    values = list(dict.fromkeys(claim_rules.format_value(c, w) for c in claims))
    return "; ".join(values[:3]) + ("; …" if len(values) > 3 else "")


def claim_groups(content: Content, subject: str) -> tuple[ClaimGroupView, ...]:
    w = i18n.words_for(content)
    groups = []
    for group in claim_rules.groups_for(content, subject):
        label, said = w.attribute(group.attribute), gist(list(group.claims), w)
        disagree = f" · {w.ui.disagree_short}" if group.disagree else ""
        groups.append(
            ClaimGroupView(
                label=label,
                gist=said,
                measured=w.metres(group.measured.value_m) if group.measured else None,
                drawn_to=w.ui.drawn_to.format(what=group.drawn_to) if group.drawn_to else None,
                claims=tuple(
                    ClaimView(
                        value=claim_rules.format_value(claim, w),
                        date=claim_date(content, claim),
                        note=claim.note,
                        sources=citations(content, claim.sources, claim.receipts),
                    )
                    for claim in group.claims
                ),
                disagree=group.disagree,
                heading=f"{label}: {said}{disagree}" if said else label,
            )
        )
    return tuple(groups)


def claims_range(content: Content, subject: str) -> Cited | None:
    """'Sources give its length as 800 m to about 1 km and its completion as June–December
    2026.' — the range of the claims readers ask about first (vocab.SUMMARY_ATTRIBUTES). It
    sums up the ledger shown right below it, where each figure carries its own sources, so it
    cites none itself."""
    w = i18n.words_for(content)
    parts = []
    for group in claim_rules.groups_for(content, subject):
        if group.attribute not in vocab.SUMMARY_ATTRIBUTES or not group.claims:
            continue
        label = w.inline(w.attribute(group.attribute))
        parts.append(
            w.ui.claims_range_part.format(attribute=label, range=gist(list(group.claims), w))
        )
    if not parts:
        return None
    return Cited(w.fill(w.ui.claims_range, ranges=w.ui.claims_range_join.join(parts)))


def source_entries(
    content: Content, source_ids: list[str] | tuple[str, ...]
) -> tuple[SourceEntry, ...]:
    w = i18n.words_for(content)
    supports = uses_by_source(content)
    entries = []
    for citation in citations(content, [s for s in source_ids if s in content.sources]):
        source = content.sources[citation.source_id]
        language = None
        if source.language != content.lang:  # a source in the page's language needs no note
            language = w.ui.in_language.format(language=w.language_name(source.language))
        entries.append(
            SourceEntry(
                citation=citation,
                language=language,
                read_on=w.ui.read_on_day.format(date=w.day(source.accessed)),
                note=source.reader_note,
                supports=tuple(supports.get(source.id, ())),
            )
        )
    return tuple(entries)


def history_rows(content: Content, feature: Feature) -> tuple[HistoryRow, ...]:
    """Every dated step of a feature, oldest first: a new state by its name, a resumption as
    'open again', a milestone by its note alone."""
    w = i18n.words_for(content)
    props = feature.props
    if len(props.statuses) < 2:
        return ()
    rows = []
    for s in props.statuses:
        status: str | None = w.status(s.status)
        if s.kind == "milestone":
            status = None
        elif s.kind == "resumption":
            status = w.ui.status_again.format(status=status)
        rows.append(
            HistoryRow(
                date=_since(w, s.since) or "—",
                status=status,
                note=s.note,
                sources=citations(content, s.sources or props.sources, s.receipts),
            )
        )
    return tuple(rows)


def details(content: Content, feature: Feature, day: date | None = None) -> DetailsView:
    """Everything the Details panel says about a feature on a day (None: the newest state)."""
    w = i18n.words_for(content)
    props = feature.props
    status = status_view(content, feature, day)
    lead, more = split_first_sentence(props.description)
    summary = [(Cited(lead),), status.lines]
    if ranges := claims_range(content, feature.id):
        summary.append((ranges,))
    accuracy = f"±{w.metres(props.accuracy_m)}"
    sources = citations(content, [s for s in props.sources if s in content.sources])
    return DetailsView(
        feature_id=feature.id,
        name=name_in(feature, content.lang),
        kind=status.kind,
        other_names=tuple(
            (lang, name_in(feature, lang)) for lang in vocab.LANGUAGES if lang != content.lang
        ),
        status=status,
        summary=tuple(summary),
        description=props.description,
        more=more,
        groups=claim_groups(content, feature.id),
        accuracy=accuracy,
        position=w.ui.position.format(accuracy=accuracy),
        method=props.method,
        history=history_rows(content, feature),
        sources=sources,
        sources_label=w.ui.sources_count,
    )


def feature_choices(content: Content) -> tuple[FeatureRef, ...]:
    """Every feature by name, for the select box and the export's list."""
    return tuple(
        FeatureRef(f.id, name_in(f, content.lang))
        for f in sorted(content.features, key=lambda f: name_in(f, content.lang))
    )


def feature_kind(content: Content, feature_id: str) -> str:
    w = i18n.words_for(content)
    feature = content.feature(feature_id)
    return w.kind(feature.props.kind) if feature else ""


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
    run: int = 0
    """Which run of consecutive years of its series the point belongs to: a chart joins the
    points of one run only, so no line crosses a year nobody reported."""
    tooltip: str = ""
    """'2021 · Russian exports to North Korea: US$ 42.0 M (OEC)'."""

    @property
    def line(self) -> str:
        """The line the point is drawn on: its series and run ('russian-exports 0')."""
        return f"{self.measure} {self.run}"

    @property
    def source_text(self) -> str:
        return "; ".join(f"{c.publisher}: {c.title}" for c in self.sources)

    @property
    def receipts(self) -> str:
        return receipts_text(self.sources)


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
    change_sources: tuple[Citation, ...]
    """The sources of the rate the recomputed one is compared with."""
    star_note: str
    """What the * beside a figure means: the article it was reported in, by name."""
    star_sources: tuple[Citation, ...]
    gaps: str
    caveat: str
    caveat_sources: tuple[Citation, ...]

    @property
    def lines(self) -> tuple[tuple[TradePoint, ...], ...]:
        """The points of each line to draw, in order: one per run of consecutive years of a
        series (a single point makes no line)."""
        runs: dict[str, list[TradePoint]] = {}
        for p in self.points:
            runs.setdefault(p.line, []).append(p)
        return tuple(tuple(points) for points in runs.values())

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
                "line": p.line,
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


def year_runs(years: list[int]) -> list[int]:
    """The run each of a sorted list of years belongs to: 2018, 2019, 2020, 2023 -> 0, 0, 0, 1."""
    runs, run = [], 0
    for i, year in enumerate(years):
        if i and year != years[i - 1] + 1:
            run += 1
        runs.append(run)
    return runs


def trade(content: Content) -> TradeView:
    w = i18n.words_for(content)
    figures = sorted(content.trade, key=lambda t: (t.measure, t.year))
    runs: list[int] = []
    for measure in dict.fromkeys(t.measure for t in figures):
        runs += year_runs([t.year for t in figures if t.measure == measure])
    points = []
    for t, run in zip(figures, runs, strict=True):
        cited = citations(content, [s for s in t.sources if s in content.sources], t.receipts)
        series_label, value_text = w.measure(t.measure), w.number(t.value_usd / 1e6, 1)
        who = "; ".join(c.publisher for c in cited)
        said = w.ui.trade_point.format(year=t.year, series=series_label, value=value_text)
        points.append(
            TradePoint(
                year=t.year,
                measure=t.measure,
                series=series_label,
                colour=vocab.TRADE_MEASURES[t.measure].colour,
                value_usd=t.value_usd,
                value_musd=round(t.value_usd / 1e6, 2),
                value_text=value_text,
                sources=cited,
                note=t.note,
                annotation=t.annotation,
                run=run,
                tooltip=f"{said} ({who})" if who else said,
            )
        )
    measures = list(dict.fromkeys(p.measure for p in points))
    series = tuple(
        Series(m, w.measure(m), vocab.TRADE_MEASURES[m].colour)  # type: ignore[index]
        for m in measures
    )
    change = annual_change(content)
    said, said_sources = None, ()
    if change is not None:
        first, last, rate = change
        said = w.ui.trade_change.format(
            first=w.number(first.value_usd / 1e6, 1),
            first_year=first.year,
            last=w.number(last.value_usd / 1e6, 1),
            last_year=last.year,
            rate=w.percent(rate),
        )
        attribute = f"{first.measure}-annual-change-{first.year}-{last.year}"
        claimed = next((c for c in content.claims_about("trade") if c.attribute == attribute), None)
        if claimed is not None:
            said_sources = citations(content, claimed.sources, claimed.receipts)
            said += w.fill(
                w.ui.trade_change_claimed,
                publisher=said_sources[0].publisher,
                value=claim_rules.format_value(claimed, w),
            )
    caveat_sources = [s for s in vocab.TRADE_CAVEAT_SOURCES if s in content.sources]
    founding = content.sources.get(vocab.FOUNDING_SOURCE)
    star_note = (
        w.ui.trade_star_note.format(title=founding.title, publisher=publisher_name(founding, w))
        if founding
        else ""
    )
    return TradeView(
        title=w.ui.trade_title,
        points=tuple(points),
        series=series,
        change=said,
        change_sources=said_sources,
        star_note=star_note,
        star_sources=citations(content, [vocab.FOUNDING_SOURCE] if founding else []),
        gaps=w.ui.trade_gaps,
        caveat=w.ui.trade_caveat,
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
    show_on_map: str = ""
    """'Show on map: Friendship Bridge, Road bridge' — the button under the event."""


@dataclass(frozen=True)
class TimelineView:
    caption: str | None
    events: tuple[EventView, ...]


def timeline(content: Content, chosen: str | None = None, day: date | None = None) -> TimelineView:
    w = i18n.words_for(content)
    caption = None
    if day:
        done = sum(date_start(e.date) <= day for e in content.events)
        caption = w.ui.timeline_progress.format(
            done=w.number(done), total=w.number(len(content.events)), date=day_text(content, day)
        )
    events = []
    for e in content.events:
        shown = tuple(
            FeatureRef(f.id, name_in(f, content.lang))
            for i in e.features
            if (f := content.feature(i))
        )
        events.append(
            EventView(
                event_id=e.id,
                date_iso=e.date,
                date=w.partial_date(e.date),
                title=e.title,
                text=e.text,
                sources=citations(content, e.sources, e.receipts),
                features=shown,
                later=day is not None and date_start(e.date) > day,
                chosen=e.id == chosen,
                show_on_map=f"{w.ui.show_on_map}: " + ", ".join(f.name for f in shown),
            )
        )
    return TimelineView(caption, tuple(events))


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
    """The sources' own words, one per source, as plain text (for the CSV)."""
    sources: tuple[Citation, ...] = ()
    """The same sources as citations, for renderers that link them."""


@dataclass(frozen=True)
class FactsView:
    intro: str
    rows: tuple[FactRow, ...]


def facts(content: Content) -> FactsView:
    w = i18n.words_for(content)
    rows = []
    for claim in content.claims:
        cited = citations(
            content, [s for s in claim.sources if s in content.sources], claim.receipts
        )
        rows.append(
            FactRow(
                subject=subject_name(content, claim.subject, w),
                subject_id=claim.subject,
                attribute=w.attribute(claim.attribute),
                value=claim_rules.format_value(claim, w),
                claimed_on=claim_date(content, claim),
                source="; ".join(f"{c.publisher}: {c.title}" for c in cited),
                url=cited[0].url or "" if cited else "",
                note=claim.note or "",
                receipts=receipts_text(cited),
                sources=cited,
            )
        )
    return FactsView(w.ui.facts_intro, tuple(rows))


@dataclass(frozen=True)
class SourcesView:
    entries: tuple[SourceEntry, ...]
    intro: str


def sources(content: Content) -> SourcesView:
    ordered = sorted(content.sources.values(), key=lambda s: s.publisher.lower())
    intro = i18n.words_for(content).ui.reading_list_intro
    return SourcesView(source_entries(content, [s.id for s in ordered]), intro)


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


def _chapter_date(w: Words, text: str | None) -> str:
    return w.partial_date(text) if text else w.ui.story_newest


def story_chapters(content: Content) -> tuple[ChapterRef, ...]:
    """The table of contents, in reading order."""
    w = i18n.words_for(content)
    total = len(content.story)
    return tuple(
        ChapterRef(
            chapter_id=c.id,
            number=number,
            title=c.title,
            date=_chapter_date(w, c.date),
            label=w.ui.story_chapter.format(index=number, total=total, title=c.title),
        )
        for number, c in enumerate(content.story, 1)
    )


def story(content: Content, chapter_id: str) -> StoryView | None:
    """The chapter with this id as a reader meets it; None for an id the story does not have
    (links are parsed first, so only a stale caller meets that)."""
    w = i18n.words_for(content)
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
        progress=w.ui.story_progress.format(index=index + 1, total=len(ids)),
        title=chapter.title,
        text=chapter.text,
        sources=citations(content, chapter.sources, chapter.receipts),
        features=tuple(FeatureRef(f.id, name_in(f, content.lang)) for f in shown),
        day=date_start(chapter.date) if chapter.date else None,
        date=_chapter_date(w, chapter.date),
        center=center,
        zoom=zoom,
        base=chapter.base,
        panel=chapter.panel,
        previous_id=ids[index - 1] if index > 0 else None,
        next_id=ids[index + 1] if index + 1 < len(ids) else None,
    )


# --- the time control -----------------------------------------------------------------------


@dataclass(frozen=True)
class DateChoice:
    """One stop of the time control: a day (None: the latest sourced state) and its label at
    the precision the sources give ('2020', 'November 2022', '27 February 2025')."""

    value: date | None
    label: str


@dataclass(frozen=True)
class DateTick:
    """One key date on the strip under the time control: its full label (the slider's, shown
    as the button's tooltip), its short form within its year ('27 Feb', 'Oct', '2020'), what
    a screen reader adds to it (' 2025': the year a sighted reader sees at the group's head,
    so that the button's name holds its visible words) and whether the map shows it."""

    value: date | None
    label: str
    short: str
    chosen: bool
    unseen: str = ""

    @property
    def name(self) -> str:
        """The button's accessible name: '27 Feb 2025'."""
        return self.short + self.unseen


@dataclass(frozen=True)
class DateYear:
    """The key dates of one year, after the year's name ('' for the latest sourced state)."""

    year: str
    ticks: tuple[DateTick, ...]


def _written_texts(content: Content) -> dict[date, str]:
    """Each key day's least precise written date (one pass: the strip reruns with the page)."""
    texts: dict[date, str] = {}
    for text in history.written_dates(content):
        day = date_start(text)
        if day not in texts or len(text) < len(texts[day]):
            texts[day] = text
    return texts


def date_strip(content: Content, chosen: date | None = None) -> tuple[DateYear, ...]:
    """Every stop of the time control (`date_choices`), grouped by year, each with a label
    short enough that all of them stay legible at once, the recent crowded years as much as
    the sparse old ones: one button each, whatever the time between them."""
    w = i18n.words_for(content)
    years: dict[str, list[DateTick]] = {}
    written = _written_texts(content)
    for choice in date_choices(content, chosen):
        day = choice.value
        year = str(day.year) if day else ""
        short = w.in_year(written.get(day, day.isoformat())) if day else choice.label
        tick = DateTick(
            value=day,
            label=choice.label,
            short=short,
            unseen=f" {year}" if year and short != year else "",
            chosen=day == chosen,
        )
        years.setdefault(year, []).append(tick)
    return tuple(DateYear(year, tuple(ticks)) for year, ticks in years.items())


def date_choices(content: Content, chosen: date | None = None) -> tuple[DateChoice, ...]:
    """The key dates (events and status changes) from the earliest shown on, each labelled at
    its own precision (of several partial dates starting on one day, the least precise, so no
    date reads more precise than its source), then 'Latest sourced state'. A chosen day that
    is no key date (from a link) is a stop of its own, written out to the day."""
    w = i18n.words_for(content)
    labels = {day: day_text(content, day) for day in history.key_dates(content)}
    if chosen is not None:
        labels.setdefault(chosen, day_text(content, chosen))
    stops = [DateChoice(day, labels[day]) for day in sorted(labels)]
    return (*stops, DateChoice(None, w.ui.latest_state))


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


def _group_sentence(group: ClaimGroupView, w: Words) -> Sentence:
    """'Length (sources disagree): 800 m, 850 m, about 1,000 m.' — the sources' figures only:
    a length drawn to them is not a measurement, so it is not said."""
    values = ", ".join(dict.fromkeys(c.value for c in group.claims))
    measured = f"{group.measured} {w.ui.measured_on_our_map}" if group.measured else ""
    disagree = f" ({w.ui.disagree_short})" if group.disagree else ""
    said = "; ".join(filter(None, [values, measured]))
    return f"{group.label}{disagree}: {said}.", group.citations


def _feature_summary(content: Content, feature: Feature, day: date | None) -> Summary:
    w = i18n.words_for(content)
    view = details(content, feature, day)
    sentences: list[Sentence] = [
        (f"{view.status.kind} · {view.status.state}.", view.status.sources)
    ]
    sentences += [_group_sentence(g, w) for g in view.groups]
    sentences.append((view.description, view.sources))
    description, links = _fit(sentences)
    title = (
        w.ui.name_on_day.format(name=view.name, date=day_text(content, day)) if day else view.name
    )
    return Summary(title, description, links)


def _overview_summary(content: Content, day: date | None) -> Summary:
    """The default view: where each bridge stood on the day (those not yet even planned are
    left out), with the sources of each state."""
    w = i18n.words_for(content)
    sentences: list[Sentence] = []
    for bridge in (f for f in content.features if vocab.KINDS[f.props.kind].bridge):
        if history.status_at(bridge, day) is None:
            continue
        status = status_view(content, bridge, None)
        sentences.append(
            (f"{name_in(bridge, content.lang)}: {status_summary(bridge, day, w)}.", status.sources)
        )
    lead = w.ui.as_of_lead.format(date=day_text(content, day)) if day else ""
    if sentences:
        sentences[0] = (lead + sentences[0][0], sentences[0][1])
    else:
        sentences.append((f"{lead}{w.ui.tagline}.", ()))
    description, links = _fit(sentences)
    title = (
        w.ui.name_on_day.format(name=w.ui.tagline, date=day_text(content, day))
        if day
        else w.ui.tagline
    )
    return Summary(title, description, links)


def _trade_summary(content: Content) -> Summary | None:
    """The Trade panel: the first and the latest figure of each series, each with its source."""
    w = i18n.words_for(content)
    view = trade(content)
    sentences: list[Sentence] = []
    for series in view.series:
        points = [p for p in view.points if p.measure == series.measure]
        ends = [points[0], points[-1]] if len(points) > 1 else points
        figures = w.ui.and_join.join(
            w.ui.trade_figure.format(value=p.value_text, year=p.year) for p in ends
        )
        sentences.append((f"{series.label}: {figures}.", tuple(c for p in ends for c in p.sources)))
    if not sentences:
        return None
    description, links = _fit(sentences)
    return Summary(w.ui.trade_short_title, description, links)


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
    w = i18n.words_for(content)
    events = {e.id: e for e in content.events}
    chosen = viewstate.highlighted(
        state, events[state.event].features if state.event in events else []
    )
    shown = [
        name_in(f, content.lang)
        for i in chosen
        if (f := content.feature(i)) and history.drawn_at(f, state.date)
    ]
    marked = w.ui.alt_highlighted.format(names=", ".join(shown)) if shown else ""
    when = (
        w.ui.alt_on_day.format(date=day_text(content, state.date))
        if state.date
        else w.ui.alt_newest
    )
    return clip(w.ui.alt_text.format(tagline=w.ui.tagline, when=when, marked=marked), 420)


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
