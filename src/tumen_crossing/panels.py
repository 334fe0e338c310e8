"""The Streamlit renderer: each panel draws one view from `views` and decides nothing else.

Every string from the content reaches Streamlit's markdown through `text.md` (escaped), and
every link through `text.md_link` (http(s) only), so no data file can inject markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from functools import cache
from importlib.resources import files

import pandas as pd
import streamlit as st

from tumen_crossing import views
from tumen_crossing.downloads import DOWNLOADS
from tumen_crossing.text import md, md_link
from tumen_crossing.views import Citation
from tumen_crossing.vocab import UI


def cite(sources: Sequence[Citation], brackets: bool = True) -> str:
    """'(Reuters; TASS)' as escaped markdown links."""
    if not sources:
        return ""
    links = "; ".join(md_link(c.publisher, c.url or "") for c in sources)
    return f"({links})" if brackets else links


def receipts(sources: Sequence[Citation], labels: Sequence[str] = ()) -> None:
    """The sources' own words behind a record (or, with `labels`, behind each of several
    records: one label per citation), folded away until the reader asks."""
    lines = [
        f"- {md(label) + ' · ' if label else ''}**{md(c.publisher)}**: {md(c.receipt.text)}"
        + (f" — *{md(c.trust_note)}*" if c.trust_note else "")
        for c, label in zip(sources, labels or [""] * len(sources), strict=True)
        if c.receipt
    ]
    if lines:
        with st.expander(UI.receipts):
            st.markdown("\n".join(lines))


def with_note(note: str | None) -> str:
    return f" — {md(note)}" if note else ""


def source_line(c: Citation) -> str:
    when = f", {c.published}" if c.published else ""
    return f"{md_link(c.title, c.url or '')} — {md(c.publisher)}{md(when)}"


@cache
def _stylesheet() -> str:
    return (files("tumen_crossing") / "templates" / "app.css").read_text(encoding="utf-8")


def style() -> None:
    """The page's own layout rules (map first, compact header, the panel scrolling beside)."""
    st.html(f"<style>{_stylesheet()}</style>")


def header(copy: views.PageCopy, folded: bool) -> None:
    """The title, and the introduction with the content's dates: in full for a reader who has
    not chosen anything yet, folded away once a feature or an event is open."""
    dates = " ".join(md(d) for d in (copy.checked, copy.as_of) if d)
    with st.container(key="page-header"):
        st.title(copy.title, anchor=False)
        if folded:
            with st.expander(UI.about):
                st.markdown(md(copy.intro))
                st.caption(dates)
        else:
            st.caption(f"{md(copy.intro)} {dates}")


def details(view: views.DetailsView | None, hint: str) -> None:
    if view is None:
        st.info(hint)
        return
    st.subheader(view.name)
    st.caption(" · ".join(md(name) for _, name in view.other_names))
    status = view.status
    st.markdown(
        f"**{md(status.kind)}** · {md(status.state)}{with_note(status.note)} {cite(status.sources)}"
    )
    st.markdown(md(view.description))
    for group in view.groups:
        lines = [f"**{md(group.label)}**"]
        if group.measured:
            lines.append(
                f"- {md(UI.measured_on_map)}: **{md(group.measured)}** ({md(UI.measured_how)})"
            )
        if group.drawn_to:
            lines.append(f"- *{md(group.drawn_to)}*")
        for claim in group.claims:
            lines.append(
                f"- **{md(claim.value)}** — {cite(claim.sources, brackets=False)}, "
                f"{md(claim.date)}{with_note(claim.note)}"
            )
        if group.disagree:
            lines.append(f"- ⚠️ **{md(UI.disagree)}**")
        st.markdown("\n".join(lines))
        receipts(group.citations)
    st.markdown(
        f"**{md(UI.position)}** — {md(UI.accurate_to)} {md(view.accuracy)}. {md(view.method)}"
    )
    if view.history:
        rows = [
            f"- {md(row.date)}: {md(row.status)}{with_note(row.note)} {cite(row.sources)}"
            for row in view.history
        ]
        st.markdown(f"**{md(UI.history)}**\n" + "\n".join(rows))
    st.markdown(f"**{md(UI.sources)}**\n" + "\n".join(f"- {source_line(c)}" for c in view.sources))


def trade(view: views.TradeView) -> None:
    import altair as alt  # half a second to import: paid only when the Trade tab is opened

    if not view.points:
        st.warning(UI.no_trade)
        return
    frame = pd.DataFrame(view.rows())
    st.subheader(view.title)
    base = alt.Chart(frame).encode(
        x=alt.X(
            "year:Q",
            title=UI.year,
            axis=alt.Axis(format="d", tickMinStep=1),
            scale=alt.Scale(zero=False, nice=False, padding=12),
        ),
        y=alt.Y("value_musd:Q", title=UI.us_million),
        color=alt.Color(
            "series:N",
            title=None,
            scale=alt.Scale(
                domain=[s.label for s in view.series], range=[s.colour for s in view.series]
            ),
            legend=alt.Legend(orient="bottom"),
        ),
        detail="series:N",
    )
    tooltip = [
        alt.Tooltip("year:O", title=UI.year),
        alt.Tooltip("series:N", title=UI.measure),
        alt.Tooltip("value_musd:Q", title=UI.us_million, format=",.1f"),
        alt.Tooltip("source:N", title=UI.source),
        alt.Tooltip("note:N", title=UI.note),
    ]
    lines = base.mark_line(point=alt.OverlayMarkDef(size=70, filled=True)).encode(tooltip=tooltip)
    labels = (
        base.transform_filter(alt.datum.annotation != "")
        .mark_text(align="center", dy=-12, fontSize=11, fontWeight="bold")
        .encode(text="annotation:N")
    )
    st.altair_chart((lines + labels).properties(height=320), width="stretch")
    if view.change:
        st.markdown(md(view.change))
    # Not a caption: Streamlit fades captions to 60 %, which leaves their links below 4.5:1.
    st.markdown(f"{md(view.star_note)} {md(view.caveat)} {cite(view.caveat_sources)}.")
    table = frame[["year", "series", "value_musd", "source", "note", "receipts"]].rename(
        columns={
            "year": UI.year,
            "series": UI.measure,
            "value_musd": UI.us_million,
            "source": UI.source,
            "note": UI.note,
            "receipts": UI.receipt_column,
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    cited = [(f"{p.year} · {p.series}", c) for p in view.table for c in p.sources]
    receipts([c for _, c in cited], [label for label, _ in cited])
    st.markdown(DOWNLOADS["trade"].link_html(UI.download_trade), unsafe_allow_html=True)


def timeline(view: views.TimelineView, on_select: Callable[[str], None]) -> None:
    st.subheader(UI.timeline)
    if view.caption:
        st.caption(md(view.caption))
    for event in view.events:
        with st.container(border=True, key=f"event-box-{event.event_id}"):
            marker = "📍 " if event.chosen else "⏳ " if event.later else ""
            st.markdown(f"{marker}**{md(event.date)}** — **{md(event.title)}**")
            st.markdown(f"{md(event.text)} {cite(event.sources)}")
            receipts(event.sources)
            if event.features:
                st.button(
                    event.show_on_map,
                    key=f"event-{event.event_id}",
                    on_click=on_select,
                    args=(event.event_id,),
                )


def facts(view: views.FactsView) -> None:
    """Every claim, grouped by subject, filterable, downloadable: where sources disagree."""
    st.subheader(UI.facts)
    st.caption(md(view.intro))
    rows = pd.DataFrame([asdict(r) for r in view.rows])
    if rows.empty:
        st.warning(UI.no_claims)
        return
    subjects = sorted(rows["subject"].unique())
    chosen = st.multiselect("Subjects", subjects, key="facts_subjects", placeholder="All subjects")
    query = st.text_input("Filter", key="facts_filter", placeholder="e.g. length, Reuters, 2026")
    shown = rows[rows["subject"].isin(chosen)] if chosen else rows
    if query:
        text = shown.astype(str).agg(" ".join, axis=1).str.lower()
        shown = shown[text.str.contains(query.lower(), regex=False)]
    for subject, group in shown.groupby("subject", sort=True):
        st.markdown(f"**{md(str(subject))}** — {len(group)} claim(s)")
        st.dataframe(
            group[["attribute", "value", "claimed_on", "source", "url", "note", "receipts"]],
            hide_index=True,
            width="stretch",
            column_config={
                "attribute": UI.attribute,
                "value": UI.value,
                "claimed_on": UI.claimed_on,
                "source": UI.source,
                "url": st.column_config.LinkColumn(UI.link, display_text="open"),
                "note": UI.note,
                "receipts": UI.receipt_column,
            },
        )
    st.caption(f"{len(shown)} of {len(rows)} claims.")
    st.markdown(DOWNLOADS["claims"].link_html(UI.download_claims), unsafe_allow_html=True)


def sources(view: views.SourcesView) -> None:
    st.subheader(UI.sources)
    query = st.text_input("Filter sources", key="source_filter", placeholder="e.g. TASS, 2025")
    shown = 0
    for entry in view.entries:
        c = entry.citation
        haystack = f"{c.title} {c.publisher} {c.published or ''}".lower()
        if query and query.lower() not in haystack:
            continue
        shown += 1
        st.markdown(
            f"- {source_line(entry.citation)} · {md(entry.language)} · "
            f"{md(UI.read_on)} {md(entry.read_on)}"
            + (f"  \n  {md(entry.note)}" if entry.note else "")
            + (
                f"  \n  *{md(UI.supports)}:* {md('; '.join(entry.supports))}"
                if entry.supports
                else ""
            )
        )
    st.caption(f"{shown} of {len(view.entries)} sources.")


def story(
    view: views.StoryView | None,
    *,
    on_step: Callable[[int], None],
    on_leave: Callable[[], None],
    on_open: Callable[[], None],
    resuming: bool,
) -> None:
    """The story bar: the chapter being read (progress, title, the day it shows, its words with
    their sources and receipts, Previous / Next / leave), or outside the story one button that
    starts it (or, with `resuming`, goes back to the chapter the reader left).

    Previous and Next answer the ← and → keys (Streamlit's button shortcuts, which are not
    taken while the reader types in a field or works the slider)."""
    with st.container(key="story", border=True):
        if view is None:
            label = UI.story_resume if resuming else UI.story_start
            st.button(label, key="story_open", on_click=on_open, type="primary")
            return
        st.caption(f"{md(UI.story_heading)} · {md(view.progress)}")
        st.subheader(view.title, anchor=False)
        st.markdown(f"**{md(view.date)}**")
        st.markdown(f"{md(view.text)} {cite(view.sources)}")
        receipts(view.sources)
        moves = st.columns(2, vertical_alignment="center")
        moves[0].button(
            UI.story_previous,
            key="story_previous",
            on_click=on_step,
            args=(-1,),
            disabled=view.previous_id is None,
            shortcut="Left",
        )
        moves[1].button(
            UI.story_next,
            key="story_next",
            on_click=on_step,
            args=(1,),
            disabled=view.next_id is None,
            type="primary",
            shortcut="Right",
        )
        st.caption(md(UI.story_keys))
        st.button(UI.story_leave, key="story_leave", on_click=on_leave, type="tertiary")
