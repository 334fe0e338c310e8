"""The Streamlit renderer: each panel draws one view from `views` and decides nothing else.

Every string from the content reaches Streamlit's markdown through `text.md` (escaped), and
every link through `text.md_link` (http(s) only), so no data file can inject markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import date
from functools import cache
from importlib.resources import files

import pandas as pd
import streamlit as st

from tumen_crossing import views
from tumen_crossing.downloads import DOWNLOADS
from tumen_crossing.i18n import Words
from tumen_crossing.templating import html_json, render
from tumen_crossing.text import md, md_link
from tumen_crossing.views import Citation
from tumen_crossing.vocab import LANGUAGE_CODES, LANGUAGES


def cite(sources: Sequence[Citation], brackets: bool = True) -> str:
    """'(Reuters; TASS)' as escaped markdown links."""
    if not sources:
        return ""
    links = "; ".join(md_link(c.publisher, c.url or "") for c in sources)
    return f"({links})" if brackets else links


def receipt_lines(sources: Sequence[Citation]) -> list[str]:
    """The sources' own words behind a record, one markdown list item per source."""
    return [
        f"- **{md(c.publisher)}**: {md(c.receipt.text)}"
        + (f" — *{md(c.trust_note)}*" if c.trust_note else "")
        for c in sources
        if c.receipt
    ]


def receipts(sources: Sequence[Citation], w: Words) -> None:
    """The sources' own words behind a record, folded away until the reader asks."""
    if lines := receipt_lines(sources):
        with st.expander(w.ui.receipts):
            st.markdown("\n".join(lines))


def with_note(note: str | None) -> str:
    return f" — {md(note)}" if note else ""


def source_line(c: Citation) -> str:
    when = f", {c.published}" if c.published else ""
    return f"{md_link(c.title, c.url or '')} — {md(c.publisher)}{md(when)}"


@cache
def _stylesheet() -> str:
    return (files("tumen_crossing") / "templates" / "app.css").read_text(encoding="utf-8")


def _template(name: str) -> str:
    return (files("tumen_crossing") / "templates" / name).read_text(encoding="utf-8")


_DATE_STRIP = st.components.v2.component(
    "tumen_crossing_date_strip", css=_template("date_strip.css"), js=_template("date_strip.js")
)
"""A component of Streamlit's own (no iframe): every key date as a button, one Tab stop."""
DATE_STRIP_KEY = "date_strip"


def date_strip(
    years: Sequence[views.DateYear], on_pick: Callable[[date | None], None], w: Words
) -> None:
    """Every key date of the time control as a button under the slider, grouped by year (the
    slider labels only its thumb): a click, a tap or Enter shows the map on that date."""

    def picked() -> None:
        value = (st.session_state.get(DATE_STRIP_KEY) or {}).get("picked")
        if isinstance(value, str):
            on_pick(date.fromisoformat(value) if value else None)

    _DATE_STRIP(
        key=DATE_STRIP_KEY,
        data={
            "label": w.ui.key_dates,
            "years": [
                {
                    "year": group.year,
                    "ticks": [
                        {
                            "value": t.value.isoformat() if t.value else "",
                            "label": t.label,
                            "short": t.short,
                            "unseen": t.unseen,
                            "chosen": t.chosen,
                        }
                        for t in group.ticks
                    ],
                }
                for group in years
            ],
        },
        on_picked_change=picked,
    )


def style() -> None:
    """The page's own layout rules (map first, compact header, the panel scrolling beside)."""
    st.html(f"<style>{_stylesheet()}</style>")


def header(
    copy: views.PageCopy,
    folded: bool,
    w: Words,
    lang: str,
    on_language: Callable[[], None],
) -> None:
    """The title with the language switcher beside it, and the introduction with the
    content's dates: in full for a reader who has not chosen anything yet, folded away once a
    feature or an event is open."""
    with st.container(key="page-header"):
        with st.container(key="title-row", horizontal=True, vertical_alignment="center"):
            st.title(copy.title, anchor=False, width="content")
            language(lang, on_language, w)
        st.html(
            render(
                "intro.html.j2",
                folded=folded,
                about=w.ui.about,
                intro=copy.intro,
                dates=" ".join(d for d in (copy.checked, copy.as_of) if d),
            )
        )


def language(lang: str, on_change: Callable[[], None], w: Words) -> None:
    """The language switcher: each language by its short code (EN, RU, KO: the row beside
    the title is narrow on a phone), the group named in the page's language; the page's
    `<html lang>` follows (the server set it for the first paint; a switch changes it in
    place, without a reload)."""
    st.segmented_control(
        w.ui.language_control,
        options=list(LANGUAGES),
        format_func=LANGUAGE_CODES.__getitem__,
        key="lang_select",
        on_change=on_change,
        required=True,
        label_visibility="collapsed",
        width="content",
    )
    st.html(
        render("html_lang.html.j2", lang=lang, lang_json=html_json(lang)),
        unsafe_allow_javascript=True,
    )


def details(view: views.DetailsView | None, hint: str, w: Words) -> None:
    """The summary first, in three lines; the ledger (every claim group, the history, how the
    map draws it, the sources) folded below it. One block of HTML from the template the export
    also uses: a click on the map redraws one element here, not sixty markdown blocks and
    expanders (issue 15: most of a click's time went to drawing those)."""
    if view is None:
        st.info(hint)
        return
    st.html(render("details.html.j2", d=view, ui=w.ui, level=3))


def trade_chart(view: views.TradeView, frame: pd.DataFrame, w: Words):  # -> alt.LayerChart
    """Each series in its colour, its points joined only within a run of consecutive years
    (`line`), so no line crosses a year nobody reported; labels beside the starred figures."""
    import altair as alt  # half a second to import: paid only when the Trade tab is opened

    base = alt.Chart(frame).encode(
        x=alt.X(
            "year:Q",
            title=w.ui.year,
            axis=alt.Axis(format="d", tickMinStep=1),
            scale=alt.Scale(zero=False, nice=False, padding=12),
        ),
        y=alt.Y("value_musd:Q", title=w.ui.us_million),
        color=alt.Color(
            "series:N",
            title=None,
            scale=alt.Scale(
                domain=[s.label for s in view.series], range=[s.colour for s in view.series]
            ),
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0),
        ),
        detail="line:N",
    )
    tooltip = [
        alt.Tooltip("year:O", title=w.ui.year),
        alt.Tooltip("series:N", title=w.ui.measure),
        alt.Tooltip("value_musd:Q", title=w.ui.us_million, format=",.1f"),
        alt.Tooltip("source:N", title=w.ui.source),
        alt.Tooltip("note:N", title=w.ui.note),
    ]
    lines = base.mark_line(point=alt.OverlayMarkDef(size=70, filled=True)).encode(tooltip=tooltip)
    middle = (frame["year"].min() + frame["year"].max()) / 2
    labels = [  # in the right half a label runs leftwards, under its point: none is cut off
        base.transform_filter((alt.datum.annotation != "") & side)
        .mark_text(align=align, dx=dx, dy=dy, fontSize=11, fontWeight="bold")
        .encode(text="annotation:N")
        for side, align, dx, dy in (
            (alt.datum.year <= middle, "left", 4, -12),
            (alt.datum.year > middle, "right", 4, 16),
        )
    ]
    return alt.layer(lines, *labels).properties(height=320)


def trade(view: views.TradeView, w: Words) -> None:
    if not view.points:
        st.warning(w.ui.no_trade)
        return
    frame = pd.DataFrame(view.rows())
    st.subheader(view.title)
    st.altair_chart(trade_chart(view, frame, w), width="stretch")
    st.caption(md(view.gaps))
    if view.change:
        st.markdown(f"{md(view.change)} {cite(view.change_sources)}")
    # Not a caption: Streamlit fades captions to 60 %, which leaves their links below 4.5:1.
    st.markdown(f"{md(view.star_note)} {md(view.caveat)} {cite(view.caveat_sources)}.")
    # a static table: its cells wrap, its links work, and no toolbar covers the caption above
    table = pd.DataFrame(
        [
            {
                w.ui.year: str(p.year),
                w.ui.measure: md(p.series),
                w.ui.us_million: md(p.value_text),
                w.ui.source: cite(p.sources, brackets=False),
                w.ui.note: md(p.note or ""),
            }
            for p in view.table
        ]
    )
    st.table(table, hide_index=True, border="horizontal")
    words = [
        f"- **{md(str(p.year))}, {md(p.series)}** — {md(c.publisher)}: {md(c.receipt.text)}"
        for p in view.table
        for c in p.sources
        if c.receipt
    ]
    if words:
        with st.expander(w.ui.receipts):
            st.markdown("\n".join(words))
    st.markdown(DOWNLOADS["trade"].link_html(w.ui.download_trade), unsafe_allow_html=True)


def timeline(view: views.TimelineView, on_select: Callable[[str], None], w: Words) -> None:
    st.subheader(w.ui.timeline)
    if view.caption:
        st.caption(md(view.caption))
    for event in view.events:
        with st.container(border=True, key=f"event-box-{event.event_id}"):
            marker = "📍 " if event.chosen else "⏳ " if event.later else ""
            st.markdown(f"{marker}**{md(event.date)}** — **{md(event.title)}**")
            st.markdown(f"{md(event.text)} {cite(event.sources)}")
            receipts(event.sources, w)
            if event.features:
                st.button(
                    event.show_on_map,
                    key=f"event-{event.event_id}",
                    on_click=on_select,
                    args=(event.event_id,),
                )


def facts(view: views.FactsView, w: Words) -> None:
    """Every claim, grouped by subject, filterable, downloadable: where sources disagree. A list
    per subject, like the ledger in Details, so that it reads on a phone as on a laptop."""
    st.subheader(w.ui.facts)
    st.caption(md(view.intro))
    rows = pd.DataFrame([asdict(r) for r in view.rows]).drop(columns=["sources"], errors="ignore")
    if rows.empty:
        st.warning(w.ui.no_claims)
        return
    subjects = sorted(rows["subject"].unique())
    chosen = st.multiselect(
        w.ui.facts_subjects, subjects, key="facts_subjects", placeholder=w.ui.facts_all_subjects
    )
    query = st.text_input(w.ui.facts_filter, key="facts_filter", placeholder=w.ui.facts_filter_hint)
    shown = rows[rows["subject"].isin(chosen)] if chosen else rows
    if query:
        text = shown.astype(str).agg(" ".join, axis=1).str.lower()
        shown = shown[text.str.contains(query.lower(), regex=False)]
    # The count under the filters, where a reader looks for it; and in a place that does not
    # move with the list's length, so a rerun replaces it instead of drawing a second one.
    st.caption(w.ui.facts_shown.format(shown=w.number(len(shown)), total=w.number(len(rows))))
    for subject, group in shown.groupby("subject", sort=True):
        count = w.plural("claims_count", len(group))
        lines = [f"**{md(str(subject))}** — {md(count)}"]
        for i in group.index:
            row = view.rows[i]
            lines.append(
                f"- **{md(row.attribute)}**: {md(row.value)} — "
                f"{cite(row.sources, brackets=False)}, {md(row.claimed_on)}{with_note(row.note)}"
            )
        st.markdown("\n".join(lines))
    st.markdown(DOWNLOADS["claims"].link_html(w.ui.download_claims), unsafe_allow_html=True)


def sources(view: views.SourcesView, w: Words) -> None:
    st.subheader(w.ui.reading_list)
    st.caption(md(view.intro))
    query = st.text_input(
        w.ui.sources_filter, key="source_filter", placeholder=w.ui.sources_filter_hint
    )
    entries = [
        e
        for e in view.entries
        if not query
        or query.lower()
        in f"{e.citation.title} {e.citation.publisher} {e.citation.published or ''}".lower()
    ]
    # The count under the filter, in a place that does not move with the list's length.
    st.caption(
        w.ui.sources_shown.format(shown=w.number(len(entries)), total=w.number(len(view.entries)))
    )
    if entries:  # one list in one block: a tab of 57 sources is one element to draw, not 57
        st.markdown("\n".join(reading_list_item(entry, w) for entry in entries))


def reading_list_item(entry: views.SourceEntry, w: Words) -> str:
    """A source as a markdown list item: the link, its language and when it was read, what
    it is worth, what it supports."""
    c = entry.citation
    facts = " · ".join(md(t) for t in (entry.language, entry.read_on) if t)
    return (
        f"- {source_line(c)}  \n  {facts}"
        + (f"  \n  {md(entry.note)}" if entry.note else "")
        + (f"  \n  *{md(c.trust_note)}*" if c.trust_note else "")
        + (
            f"  \n  *{md(w.ui.supports)}:* {md('; '.join(entry.supports))}"
            if entry.supports
            else ""
        )
    )


def story(
    view: views.StoryView | None,
    *,
    on_step: Callable[[int], None],
    on_leave: Callable[[], None],
    on_open: Callable[[], None],
    resuming: bool,
    w: Words,
) -> None:
    """The story bar: the chapter being read (progress, title, the day it shows, its words with
    their sources and receipts, Previous / Next / leave), or outside the story one button that
    starts it (or, with `resuming`, goes back to the chapter the reader left).

    Previous and Next answer the ← and → keys (Streamlit's button shortcuts, which are not
    taken while the reader types in a field or works the slider)."""
    with st.container(key="story", border=True):
        if view is None:
            label = w.ui.story_resume if resuming else w.ui.story_start
            st.button(label, key="story_open", on_click=on_open, type="primary")
            return
        st.caption(f"{md(w.ui.story_heading)} · {md(view.progress)}")
        st.subheader(view.title, anchor=False)
        st.markdown(f"**{md(view.date)}**")
        st.markdown(f"{md(view.text)} {cite(view.sources)}")
        receipts(view.sources, w)
        moves = st.columns(2, vertical_alignment="center")
        moves[0].button(
            w.ui.story_previous,
            key="story_previous",
            on_click=on_step,
            args=(-1,),
            disabled=view.previous_id is None,
            shortcut="Left",
        )
        moves[1].button(
            w.ui.story_next,
            key="story_next",
            on_click=on_step,
            args=(1,),
            disabled=view.next_id is None,
            type="primary",
            shortcut="Right",
        )
        with st.container(key="story_keys"):
            st.caption(md(w.ui.story_keys))
        st.button(w.ui.story_leave, key="story_leave", on_click=on_leave, type="tertiary")
