"""What a shared link shows before anyone opens it: the head and no-script text of each view.

Messengers, social networks, chat tools and search engines read a link's raw HTML and run no
JavaScript, so a Streamlit page unfurls as a grey "Streamlit" card. This module writes, for a
parsed view, the head those readers do read: `<title>`, description, canonical link, Open Graph
and the X (Twitter) card, and a `<noscript>` block with the same sourced summary and its
sources as links. The app server puts them into its `/` page (`unfurl_web`); the static export
calls the same `head_html` and `noscript_html` for each feature's page.

Only a `ViewState` that `viewstate.parse` produced reaches this module: the raw query never
does. Every value is escaped by Jinja2's autoescaping (templates in `templates/`), so content
that holds markup stays text.

`summary_for` is the one place that turns a view into words; the view model that is coming
(`views.py`) can replace it without touching the renderers below.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from urllib.parse import urlencode, urlsplit, urlunsplit

from jinja2 import Environment, PackageLoader, StrictUndefined

from tumen_crossing.claims import ClaimGroup, format_value, groups_for
from tumen_crossing.content import Content, Feature
from tumen_crossing.dates import format_partial_date
from tumen_crossing.history import drawn_at, status_at
from tumen_crossing.measurements import format_metres
from tumen_crossing.text import safe_url
from tumen_crossing.views import status_summary as status_line
from tumen_crossing.viewstate import DEFAULT, ViewState, share_url, to_query
from tumen_crossing.vocab import TRADE_MEASURES

SITE_NAME = "Tumen Crossing"
IMAGE_WIDTH, IMAGE_HEIGHT = 1200, 630
"""The preview's size: what Open Graph and X (Twitter) large cards expect (1.91:1)."""
DESCRIPTION_LIMIT = 200
"""Longer descriptions are cut by unfurlers (Facebook ~200, X ~200, Slack ~300 characters)."""
TITLE_LIMIT = 70
"""Search results and cards cut titles beyond about 60–70 characters."""
TAGLINE = "Russia–North Korea crossings over the Tumen River"
PREVIEW_PATH = "preview.png"
"""The preview image's address relative to the app's root (the static export uses its own)."""


@dataclass(frozen=True)
class SourceLink:
    label: str
    url: str


@dataclass(frozen=True)
class Summary:
    """A view in words: its own title, a sourced description an unfurler shows whole, and the
    sources that description rests on."""

    title: str
    description: str
    sources: tuple[SourceLink, ...] = ()
    image_alt: str = ""
    """What the view's preview picture shows, for readers who cannot see it."""


def clip(text: str, limit: int) -> str:
    """Text cut at a word boundary with an ellipsis so that it is at most `limit` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:·–—") + "…"


def _day(day: date) -> str:
    return format_partial_date(day.isoformat())


def _links(content: Content, source_ids: Iterable[str]) -> list[SourceLink]:
    links = []
    for source_id in dict.fromkeys(source_ids):
        source = content.sources.get(source_id)
        url = safe_url(str(source.url)) if source else None
        if source and url:
            links.append(SourceLink(f"{source.publisher}: {source.title}", url))
    return links


def _fit(sentences: Sequence[tuple[str, Sequence[str]]], limit: int) -> tuple[str, list[str]]:
    """As many whole sentences as fit in `limit` characters, in order of importance (a sentence
    that does not fit is skipped, a later shorter one may still fit), with the sources of the
    ones kept. The first sentence is always kept, cut if it must be."""
    text, sources = "", []
    for index, (sentence, cited) in enumerate(sentences):
        candidate = f"{text} {sentence}".strip()
        if len(candidate) <= limit:
            text = candidate
            sources += cited
        elif index == 0:
            text, sources = clip(sentence, limit), list(cited)
    return text, sources


def _claim_sentence(group: ClaimGroup) -> str:
    """'Length (sources disagree): 800 m, 850 m, about 1,000 m; 1,005 m measured on our map.'"""
    label = group.attribute.replace("-", " ").capitalize()
    values = ", ".join(dict.fromkeys(format_value(c) for c in group.claims))
    measured = (
        f"{format_metres(group.measured.value_m)} measured on our map" if group.measured else ""
    )
    disagree = " (sources disagree)" if group.disagree else ""
    return f"{label}{disagree}: {'; '.join(filter(None, [values, measured]))}."


def _feature_summary(content: Content, feature: Feature, day: date | None) -> Summary:
    props = feature.props
    status = status_at(feature, day) or props.statuses[0]
    as_of = f" (as of {_day(day)})" if day else ""
    sentences: list[tuple[str, Sequence[str]]] = [
        (f"{status_line(feature, day)}{as_of}.", status.sources or props.sources)
    ]
    sentences += [
        (_claim_sentence(g), [s for c in g.claims for s in c.sources])
        for g in groups_for(content, feature.id)
    ]
    sentences.append((props.description, props.sources))
    description, cited = _fit(sentences, DESCRIPTION_LIMIT)
    title = f"{props.name.en} on {_day(day)}" if day else props.name.en
    return Summary(title, description, tuple(_links(content, cited)))


def _overview_summary(content: Content, day: date | None) -> Summary:
    """The default view: where each bridge stood on the day (those that were not yet even
    planned are left out), with the sources of each state."""
    bridges = [f for f in content.features if f.props.kind in {"rail-bridge", "road-bridge"}]
    sentences: list[tuple[str, Sequence[str]]] = []
    for bridge in bridges:
        status = status_at(bridge, day)
        if status is None:
            continue
        sentences.append(
            (
                f"{bridge.props.name.en}: {status_line(bridge, day)}.",
                status.sources or bridge.props.sources,
            )
        )
    lead = f"As of {_day(day)}: " if day else ""
    if sentences:
        first, cited = sentences[0]
        sentences[0] = (lead + first, cited)
    else:
        sentences.append((f"{lead}The {TAGLINE}, every figure with its source.", []))
    description, cited = _fit(sentences, DESCRIPTION_LIMIT)
    title = f"{TAGLINE} on {_day(day)}" if day else TAGLINE
    return Summary(title, description, tuple(_links(content, cited)))


def _trade_summary(content: Content) -> Summary | None:
    """The Trade panel: the first and the latest figure of each series, each with its source."""
    sentences: list[tuple[str, Sequence[str]]] = []
    for measure, label in ((m, i.label) for m, i in TRADE_MEASURES.items()):
        series = sorted((t for t in content.trade if t.measure == measure), key=lambda t: t.year)
        if not series:
            continue
        ends = [series[0], series[-1]] if len(series) > 1 else series
        figures = " and ".join(f"US$ {t.value_usd / 1e6:,.1f} million in {t.year}" for t in ends)
        sentences.append((f"{label}: {figures}.", [s for t in ends for s in t.sources]))
    if not sentences:
        return None
    description, cited = _fit(sentences, DESCRIPTION_LIMIT)
    return Summary("Russia–North Korea trade", description, tuple(_links(content, cited)))


def highlighted(content: Content, state: ViewState) -> list[Feature]:
    """The features the map haloes for a view: the event's features, then the selected one."""
    event = next((e for e in content.events if e.id == state.event), None)
    ids = [*(event.features if event else []), *filter(None, [state.feature])]
    return [f for i in dict.fromkeys(ids) if (f := content.feature(i))]


def image_alt(content: Content, state: ViewState) -> str:
    """Alt text for the view's picture: the place, the day, what is highlighted."""
    shown = [f.props.name.en for f in highlighted(content, state) if drawn_at(f, state.date)]
    marked = f", with {', '.join(shown)} highlighted" if shown else ""
    on = f"on {_day(state.date)}" if state.date else "in the newest sourced state"
    return clip(
        f"Map of the {TAGLINE} {on}{marked}: bridges, the river, the borders and nearby "
        "places, with a scale bar.",
        420,
    )


def summary_for(content: Content, state: ViewState) -> Summary:
    """The words for a view: what its open panel shows. The timeline with an event chosen
    describes the event, the Trade panel the trade figures; otherwise the selected feature on
    the view's date, or where the bridges stood. To be replaced by the view model."""
    return replace(_words_for(content, state), image_alt=image_alt(content, state))


def _words_for(content: Content, state: ViewState) -> Summary:
    event = next((e for e in content.events if e.id == state.event), None)
    if event and state.tab == "timeline":
        description, cited = _fit(
            [(f"{format_partial_date(event.date)}: {event.text}", event.sources)],
            DESCRIPTION_LIMIT,
        )
        return Summary(event.title, description, tuple(_links(content, cited)))
    if state.tab == "trade" and (trade := _trade_summary(content)):
        return trade
    feature = content.feature(state.feature or "")
    if feature:
        return _feature_summary(content, feature, state.date)
    return _overview_summary(content, state.date)


def page_url(public_base: str, state: ViewState) -> str:
    """The canonical address of a view: the public base with the view's normalised query."""
    return share_url(public_base, state)


def image_state(state: ViewState) -> ViewState:
    """The part of a view the preview depends on: base map and panel draw nothing on it,
    except that the timeline with an event chosen puts the event in the heading."""
    tab = "timeline" if state.event and state.tab == "timeline" else DEFAULT.tab
    return ViewState(feature=state.feature, event=state.event, date=state.date, tab=tab)


def preview_name(state: ViewState) -> str:
    """A file name for a view's picture where pictures are files (the static export):
    'road-bridge.png', 'road-bridge-2025-10-01.png', 'overview.png'; made of parsed slugs and
    an ISO date only, so it is always a safe name."""
    key = image_state(state)
    parts = [key.feature or "overview", key.event or "", key.date.isoformat() if key.date else ""]
    return "-".join(filter(None, parts)) + ".png"


def image_url(public_base: str, state: ViewState, version: str = "") -> str:
    """The preview's address for a view; `version` (the content's fingerprint) changes it
    whenever the content does, so unfurlers that cache images by address fetch the new one."""
    parts = urlsplit(public_base)
    path = parts.path if parts.path.endswith("/") else f"{parts.path}/"
    query = to_query(image_state(state)) | ({"v": version} if version else {})
    return urlunsplit((parts.scheme, parts.netloc, path + PREVIEW_PATH, urlencode(query), ""))


@cache
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("tumen_crossing", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _page_title(title: str) -> str:
    """'View title · Tumen Crossing', or the view's title alone when both would be too long."""
    full = f"{title} · {SITE_NAME}"
    return full if len(full) <= TITLE_LIMIT else clip(title, TITLE_LIMIT)


def head_html(summary: Summary, page_url: str, image_url: str) -> str:
    """The head elements for a view: title, description, canonical, Open Graph, X card.
    `page_url` and `image_url` must be absolute: unfurlers do not resolve relative ones."""
    template = _templates().get_template("head.html.j2")
    return template.render(
        title=_page_title(summary.title),
        og_title=clip(summary.title, TITLE_LIMIT),
        description=clip(summary.description, DESCRIPTION_LIMIT),
        page_url=page_url,
        image_url=image_url,
        image_alt=summary.image_alt,
        image_width=IMAGE_WIDTH,
        image_height=IMAGE_HEIGHT,
        site_name=SITE_NAME,
    )


def noscript_html(summary: Summary) -> str:
    """The same summary for readers and crawlers without JavaScript, its sources as links."""
    template = _templates().get_template("noscript.html.j2")
    return template.render(
        title=summary.title,
        description=clip(summary.description, DESCRIPTION_LIMIT),
        sources=summary.sources,
        site_name=SITE_NAME,
    )


_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL | re.IGNORECASE)
_NOSCRIPT = re.compile(r"<noscript>.*?</noscript>", re.DOTALL | re.IGNORECASE)


def rewrite_index(page: str, head: str, noscript: str) -> str:
    """Streamlit's index.html with its `<title>` replaced by a view's head and its
    `<noscript>` by the view's summary (each added in the right place if missing)."""
    if _TITLE.search(page):
        page = _TITLE.sub(lambda _: head.strip(), page, count=1)
    else:
        page = page.replace("</head>", f"{head}</head>", 1)
    if _NOSCRIPT.search(page):
        return _NOSCRIPT.sub(lambda _: noscript.strip(), page, count=1)
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + noscript, page, count=1)


_HOST = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$"
)
"""A host name or bracketed IPv6 address with an optional port, and nothing else."""


def _first(value: str | None) -> str:
    """The first of a comma-separated forwarded header's values (the client-facing proxy's)."""
    return (value or "").split(",")[0].strip()


def public_base(
    configured: str | None,
    headers: Mapping[str, str],
    scheme: str,
    host: str,
    base_path: str = "",
) -> str:
    """The app's public root URL, ending in '/': the configured one (`TUMEN_PUBLIC_URL`) if it is
    a valid http(s) URL; else from the proxy's `X-Forwarded-Proto` and `X-Forwarded-Host`; else
    the request's own scheme and `Host`. Header values that are not a plain host name or
    scheme are ignored, and `base_path` (`server.baseUrlPath`) is kept."""
    if configured:
        parts = urlsplit(configured.strip())
        if parts.scheme in {"http", "https"} and parts.netloc and _HOST.match(parts.netloc):
            path = parts.path if parts.path.endswith("/") else f"{parts.path}/"
            return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    lowered = {k.lower(): v for k, v in headers.items()}
    proto = _first(lowered.get("x-forwarded-proto")).lower()
    if proto not in {"http", "https"}:
        proto = scheme if scheme in {"http", "https"} else "http"
    netloc = _first(lowered.get("x-forwarded-host"))
    if not _HOST.match(netloc):
        netloc = host if _HOST.match(host) else "localhost"
    path = "/" + "/".join(p for p in base_path.split("/") if p)
    return urlunsplit((proto, netloc, path.rstrip("/") + "/", "", ""))
