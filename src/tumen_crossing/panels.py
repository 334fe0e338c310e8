"""Streamlit panels: details, trade, timeline and sources. Every string from data is escaped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from tumen_crossing.citations import uses_by_source
from tumen_crossing.claims import claims_table, format_value, groups_for
from tumen_crossing.content import Content, Feature
from tumen_crossing.dates import date_start, format_partial_date
from tumen_crossing.downloads import DOWNLOADS
from tumen_crossing.history import status_at
from tumen_crossing.mapview import KIND_LABELS, STATUS_LABELS
from tumen_crossing.measurements import format_metres
from tumen_crossing.models import Source
from tumen_crossing.text import md, md_link
from tumen_crossing.trade import annual_change, trade_frame

ATTRIBUTE_LABELS = {
    "length": "Length",
    "width": "Width",
    "lanes": "Lanes",
    "height": "Height",
    "completion": "Completion",
    "cost": "Cost",
}
SANCTIONS_NOTE_SOURCES = ("bi-oil-2024-11", "nknews-2025-06-11")


def source_link(content: Content, source_id: str) -> str:
    source = content.sources.get(source_id)
    if source is None:
        return md(source_id)
    return md_link(f"{source.publisher}", str(source.url))


def cite(content: Content, source_ids: list[str] | tuple[str, ...], brackets: bool = True) -> str:
    """'(Reuters; TASS)' as escaped markdown links."""
    if not source_ids:
        return ""
    links = "; ".join(source_link(content, s) for s in source_ids)
    return f"({links})" if brackets else links


def source_entry(source: Source) -> str:
    when = f", {format_partial_date(source.published)}" if source.published else ""
    return f"{md_link(source.title, str(source.url))} — {md(source.publisher)}{md(when)}"


def header(content: Content) -> None:
    dated = [s.published for s in content.sources.values() if s.published]
    newest = max(dated, key=date_start) if dated else None
    st.title("Tumen Crossing")
    st.markdown(
        "Where Russia and North Korea meet on the Tumen River: the 1959 rail Friendship Bridge, "
        "the road bridge rising beside it, and the trade and history around them — "
        "every figure with its source."
    )
    if newest:
        st.caption(f"Content as of {md(format_partial_date(newest))} (newest source).")


def details(content: Content, feature: Feature | None, day: date | None = None) -> None:
    if feature is None:
        st.info("Click a bridge, the river, a border or a place on the map — or pick one above.")
        return
    props = feature.props
    st.subheader(props.name.en)
    st.caption(f"{md(props.name.ru)} · {md(props.name.ko)}")
    status = status_at(feature, day)
    day_text = f"{day.day} {day.strftime('%B %Y')}" if day else ""
    if status is None:
        first = props.statuses[0]
        st.markdown(
            f"**{md(KIND_LABELS[props.kind])}** · not yet {md(STATUS_LABELS[first.status])}"
            f" on {md(day_text)} — from {md(format_partial_date(first.since or ''))} "
            f"{cite(content, first.sources or props.sources)}"
        )
    else:
        since = f" since {format_partial_date(status.since)}" if status.since else ""
        note = f" — {md(status.note)}" if status.note else ""
        st.markdown(
            f"**{md(KIND_LABELS[props.kind])}** · {md(STATUS_LABELS[status.status])}{md(since)}"
            f"{md(f' (as of {day_text})' if day_text else '')}{note} "
            f"{cite(content, status.sources or props.sources)}"
        )
    st.markdown(md(props.description))
    for group in groups_for(content, feature.id):
        label = ATTRIBUTE_LABELS.get(
            group.attribute, group.attribute.replace("-", " ").capitalize()
        )
        lines = [f"**{md(label)}**"]
        if group.measured:
            lines.append(
                f"- Measured on this map: **{md(format_metres(group.measured.value_m))}** "
                "(geodesic, WGS 84)"
            )
        for claim in group.claims:
            note = f" — {md(claim.note)}" if claim.note else ""
            who = cite(content, claim.sources, brackets=False)
            when = md(format_partial_date(claim.claimed_on))
            lines.append(f"- **{md(format_value(claim))}** — {who}, {when}{note}")
        if group.disagree:
            lines.append("- ⚠️ **Sources disagree** on this figure.")
        st.markdown("\n".join(lines))
    st.markdown(
        f"**Position** — accurate to about ±{md(format_metres(props.accuracy_m))}. "
        f"{md(props.method)}"
    )
    if len(props.statuses) > 1:
        history = [
            f"- {md(format_partial_date(s.since) if s.since else '—')}: "
            f"{md(STATUS_LABELS[s.status])}{(' — ' + md(s.note)) if s.note else ''} "
            f"{cite(content, s.sources or props.sources)}"
            for s in props.statuses
        ]
        st.markdown("**History**\n" + "\n".join(history))
    st.markdown(
        "**Sources**\n"
        + "\n".join(
            f"- {source_entry(content.sources[s])}" for s in props.sources if s in content.sources
        )
    )


def trade(content: Content) -> None:
    import altair as alt  # half a second to import: paid only when the Trade tab is opened

    frame = trade_frame(content)
    if frame.empty:
        st.warning("No trade figures could be loaded.")
        return
    st.subheader("Russia–North Korea trade, US$ million")
    base = alt.Chart(frame).encode(
        x=alt.X(
            "year:Q",
            title="Year",
            axis=alt.Axis(format="d", tickMinStep=1),
            scale=alt.Scale(zero=False, nice=False, padding=12),
        ),
        y=alt.Y("value_musd:Q", title="US$ million"),
        color=alt.Color(
            "series:N",
            title="What is measured",
            scale=alt.Scale(range=["#1f5f99", "#c0392b"]),
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=320),
        ),
        detail="series:N",
    )
    tooltip = [
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("series:N", title="Measure"),
        alt.Tooltip("value_musd:Q", title="US$ million", format=",.1f"),
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("note:N", title="Note"),
    ]
    lines = base.mark_line(point=alt.OverlayMarkDef(size=70, filled=True)).encode(tooltip=tooltip)
    labels = (
        base.transform_filter(alt.datum.annotation != "")
        .mark_text(align="center", dy=-12, fontSize=11, fontWeight="bold")
        .encode(text="annotation:N")
    )
    st.altair_chart((lines + labels).properties(height=320), width="stretch")
    change = annual_change(content)
    if change is not None:
        first, last, rate = change
        st.markdown(
            f"Russian exports fell from US$ {first.value_usd / 1e6:,.1f} M ({first.year}) to "
            f"US$ {last.value_usd / 1e6:,.1f} M ({last.year}): **{rate:+.1%} a year** on average "
            "— the founding article's −12.1 %, recomputed from the two figures."
        )
    st.caption(
        "\\* Figures cited in the founding article. "
        "Russian exports and bilateral turnover are different series and are never joined into "
        "one line. Official figures leave out sanctioned goods and military transfers — such as "
        f"the more than a million barrels of oil tracked by satellite in 2024 "
        f"{cite(content, [s for s in SANCTIONS_NOTE_SOURCES if s in content.sources])}."
    )
    table = frame[["year", "series", "value_musd", "source", "note"]].rename(
        columns={
            "year": "Year",
            "series": "Measure",
            "value_musd": "US$ million",
            "source": "Source",
            "note": "Note",
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.markdown(DOWNLOADS["trade"].link_html("Download CSV"), unsafe_allow_html=True)


def timeline(
    content: Content, chosen: str | None, day: date | None, on_select: Callable[[str], None]
) -> None:
    st.subheader("Timeline")
    if day:
        done = sum(date_start(e.date) <= day for e in content.events)
        st.caption(
            f"{done} of {len(content.events)} events had happened by "
            f"{day.day} {day.strftime('%B %Y')}; later ones are marked ⏳."
        )
    for event in content.events:
        later = day is not None and date_start(event.date) > day
        with st.container(border=True, key=f"event-box-{event.id}"):
            marker = "📍 " if event.id == chosen else "⏳ " if later else ""
            st.markdown(
                f"{marker}**{md(format_partial_date(event.date))}** — **{md(event.title)}**"
            )
            st.markdown(f"{md(event.text)} {cite(content, event.sources)}")
            related = [content.feature(f) for f in event.features if content.feature(f)]
            if related:
                names = ", ".join(f.props.name.en for f in related)  # type: ignore[union-attr]
                st.button(
                    f"Show on map: {names}",
                    key=f"event-{event.id}",
                    on_click=on_select,
                    args=(event.id,),
                )


def facts(content: Content) -> None:
    """Every claim, grouped by subject, filterable, downloadable: where sources disagree."""
    st.subheader("Facts & sources")
    st.caption(
        "Every figure and date the sources give, who gave it and when — kept side by side "
        "where they disagree. Lengths measured on our map are in each feature's Details."
    )
    rows = pd.DataFrame(claims_table(content))
    if rows.empty:
        st.warning("No claims could be loaded.")
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
            group[["attribute", "value", "claimed_on", "source", "url", "note"]],
            hide_index=True,
            width="stretch",
            column_config={
                "attribute": "Attribute",
                "value": "Value",
                "claimed_on": "Claimed on",
                "source": "Source",
                "url": st.column_config.LinkColumn("Link", display_text="open"),
                "note": "Note",
            },
        )
    st.caption(f"{len(shown)} of {len(rows)} claims.")
    st.markdown(DOWNLOADS["claims"].link_html("Download all claims (CSV)"), unsafe_allow_html=True)


def sources(content: Content) -> None:
    st.subheader("Sources")
    supports = uses_by_source(content)
    query = st.text_input("Filter sources", key="source_filter", placeholder="e.g. TASS, 2025")
    shown = 0
    for source in sorted(content.sources.values(), key=lambda s: s.publisher.lower()):
        haystack = f"{source.title} {source.publisher} {source.published or ''}".lower()
        if query and query.lower() not in haystack:
            continue
        shown += 1
        used = supports.get(source.id, [])
        st.markdown(
            f"- {source_entry(source)} · {md(source.language)} · read "
            f"{md(source.accessed.isoformat())}"
            + (f"  \n  {md(source.note)}" if source.note else "")
            + (f"  \n  *Supports:* {md('; '.join(used))}" if used else "")
        )
    st.caption(f"{shown} of {len(content.sources)} sources.")
