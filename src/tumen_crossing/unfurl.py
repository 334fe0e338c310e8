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

The words come from the view model (`views.share`); this module only renders them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

from tumen_crossing.i18n import Words
from tumen_crossing.templating import render
from tumen_crossing.views import DESCRIPTION_LIMIT, Summary, clip
from tumen_crossing.viewstate import DEFAULT, ViewState, share_url, to_query
from tumen_crossing.vocab import LANGUAGE, LANGUAGES, OG_LOCALES, SITE_NAME

IMAGE_WIDTH, IMAGE_HEIGHT = 1200, 630
"""The preview's size: what Open Graph and X (Twitter) large cards expect (1.91:1)."""
TITLE_LIMIT = 70
"""Search results and cards cut titles beyond about 60–70 characters."""
PREVIEW_PATH = "preview.png"
"""The preview image's address relative to the app's root (the static export uses its own)."""
SHELL_IMAGE_PATH = "preview.webp"
"""The first paint's picture: the preview, smaller and as WebP (a fifth of the PNG's bytes)."""
SHELL_IMAGE_WIDTH, SHELL_IMAGE_HEIGHT = 800, 420
"""Wide enough for the map's column on a desktop and for a phone's screen at 2× density."""


def page_url(public_base: str, state: ViewState) -> str:
    """The canonical address of a view: the public base with the view's normalised query."""
    return share_url(public_base, state)


def image_state(state: ViewState) -> ViewState:
    """The part of a view the preview depends on: base map and panel draw nothing on it,
    except that the timeline with an event chosen puts the event in the heading."""
    tab = "timeline" if state.event and state.tab == "timeline" else DEFAULT.tab
    return ViewState(
        feature=state.feature, event=state.event, date=state.date, tab=tab, lang=state.lang
    )


def preview_name(state: ViewState) -> str:
    """A file name for a view's picture where pictures are files (the static export):
    'road-bridge.png', 'road-bridge-2025-10-01.png', 'overview.png'; made of parsed slugs and
    an ISO date only, so it is always a safe name."""
    key = image_state(state)
    parts = [
        key.feature or "overview",
        key.event or "",
        key.date.isoformat() if key.date else "",
        key.lang if key.lang and key.lang != LANGUAGE else "",
    ]
    return "-".join(filter(None, parts)) + ".png"


def image_url(
    public_base: str, state: ViewState, version: str = "", name: str = PREVIEW_PATH
) -> str:
    """The preview's address for a view; `version` (the content's fingerprint) changes it
    whenever the content does, so unfurlers that cache images by address fetch the new one.
    A `public_base` of './' gives the relative address the page itself uses."""
    parts = urlsplit(public_base)
    path = parts.path if parts.path.endswith("/") else f"{parts.path}/"
    query = to_query(image_state(state)) | ({"v": version} if version else {})
    return urlunsplit((parts.scheme, parts.netloc, path + name, urlencode(query), ""))


def _page_title(title: str) -> str:
    """'View title · Tumen Crossing', or the view's title alone when both would be too long."""
    full = f"{title} · {SITE_NAME}"
    return full if len(full) <= TITLE_LIMIT else clip(title, TITLE_LIMIT)


def alternates(public_base: str, state: ViewState) -> dict[str, str]:
    """The view's address in each language (`hreflang`), and 'x-default': the link without a
    language, which follows the reader's browser."""
    found = {lang: share_url(public_base, state.with_(lang=lang)) for lang in LANGUAGES}
    return found | {"x-default": share_url(public_base, state.with_(lang=None))}


def head_html(
    summary: Summary,
    page_url: str,
    image_url: str,
    lang: str = LANGUAGE,
    alternate_urls: Mapping[str, str] | None = None,
) -> str:
    """The head elements for a view: title, description, canonical, Open Graph (with its
    locale and the other languages'), X card, and the view's address in every language.
    `page_url` and `image_url` must be absolute: unfurlers do not resolve relative ones."""
    return render(
        "head.html.j2",
        title=_page_title(summary.title),
        og_title=clip(summary.title, TITLE_LIMIT),
        description=clip(summary.description, DESCRIPTION_LIMIT),
        page_url=page_url,
        image_url=image_url,
        image_alt=summary.image_alt,
        image_width=IMAGE_WIDTH,
        image_height=IMAGE_HEIGHT,
        site_name=SITE_NAME,
        og_locale=OG_LOCALES.get(lang, OG_LOCALES[LANGUAGE]),  # type: ignore[call-overload]
        og_alternates=[OG_LOCALES[other] for other in LANGUAGES if other != lang],
        alternates=alternate_urls or {},
    )


def noscript_html(summary: Summary, w: Words) -> str:
    """The same summary for readers and crawlers without JavaScript, its sources as links."""
    return render(
        "noscript.html.j2",
        title=summary.title,
        description=clip(summary.description, DESCRIPTION_LIMIT),
        sources=summary.sources,
        sources_heading=w.ui.noscript_sources,
        needs_javascript=w.ui.needs_javascript.format(site=SITE_NAME),
    )


def shell_parts(
    summary: Summary, image_src: str, reserved: Mapping[str, int], w: Words
) -> tuple[str, str]:
    """The first paint of a view: what goes into the head (the picture's preload and the
    styles) and the shell that goes beside `<div id="root">` (title, summary, picture).

    The shell covers the app until the app shows its first element; the styles then hide it
    (no script). Inside `#root` it would be replaced as soon as React mounts, and on a fast
    connection that happens before the browser's first frame: the shell would never be seen
    and the first paint would wait for the app's script run (measured: FCP 7 s instead of
    2.5 s under Lighthouse). `image_src` is the picture's (relative) address; `reserved` maps
    the keys of the app's elements to the heights (px) kept for them while the app builds."""
    picture = {
        "image_src": image_src,
        "image_width": SHELL_IMAGE_WIDTH,
        "image_height": SHELL_IMAGE_HEIGHT,
    }
    head = render("shell_head.html.j2", reserved=reserved, **picture)
    body = render(
        "shell.html.j2",
        site_name=SITE_NAME,
        tagline=w.ui.tagline,
        title=summary.title,
        description=clip(summary.description, DESCRIPTION_LIMIT),
        image_alt=summary.image_alt,
        loading=w.ui.shell_loading,
        **picture,
    )
    return head, body


_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL | re.IGNORECASE)
_NOSCRIPT = re.compile(r"<noscript>.*?</noscript>", re.DOTALL | re.IGNORECASE)


_ENTRY = re.compile(
    r"<script type=\"module\" crossorigin src=\"(\./static/js/[\w.-]+\.js)\"></script>"
)
_MODULE_PRELOAD = re.compile(
    r"\s*<link rel=\"modulepreload\" crossorigin href=\"(\./static/js/[\w.-]+\.js)\">"
)


def start_after_first_paint(page: str) -> str:
    """Streamlit's index.html with its entry script and module preloads started only after the
    first contentful paint, so that the shell is painted, with its picture, before the app's
    scripts take the network and the main thread (see `start_app.html.j2`); unchanged if the
    entry script is not where Streamlit 1.67 puts it."""
    match = _ENTRY.search(page)
    if match is None:
        return page
    preloads = _MODULE_PRELOAD.findall(page)
    start = render("start_app.html.j2", src=match.group(1), preloads=preloads).strip()
    page = page[: match.start()] + start + page[match.end() :]
    return _MODULE_PRELOAD.sub("", page)


_UPRIGHT_FONT = re.compile(
    r"<link\s+rel=\"preload\"\s+href=\"(\./static/media/SourceSansVF-Upright[\w.-]*\.woff2)\"",
)


def emphasis_without_italic_font(page: str) -> str:
    """Streamlit's index.html with a style that sets emphasis in the upright font the page
    preloads, slanted by the browser, instead of loading the italic font (see
    `emphasis.html.j2`); unchanged if that preload is not found."""
    match = _UPRIGHT_FONT.search(page)
    if match is None:
        return page
    style = render("emphasis.html.j2", font=match.group(1)).strip()
    return page.replace("</head>", f"{style}\n  </head>", 1)


_ROOT = re.compile(r"<div id=\"root\">\s*</div>", re.IGNORECASE)


_HTML_LANG = re.compile(r"<html(\s[^>]*)?>", re.IGNORECASE)


def rewrite_index(
    page: str, head: str, noscript: str, shell: str = "", lang: str = LANGUAGE
) -> str:
    """Streamlit's index.html with its `<html>` in the view's language, its `<title>` replaced
    by a view's head, its `<noscript>` by the view's summary (each added in the right place if
    missing), and the first paint's `shell` right after the app's `<div id="root">` (left out
    if that is not found). `lang` must be one of ours (it is written as it is)."""
    if lang in LANGUAGES:
        page = _HTML_LANG.sub(f'<html lang="{lang}">', page, count=1)
    if _TITLE.search(page):
        page = _TITLE.sub(lambda _: head.strip(), page, count=1)
    else:
        page = page.replace("</head>", f"{head}</head>", 1)
    if _NOSCRIPT.search(page):
        page = _NOSCRIPT.sub(lambda _: noscript.strip(), page, count=1)
    else:
        page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + noscript, page, count=1)
    if shell:
        page = _ROOT.sub(lambda m: m.group(0) + "\n    " + shell.strip(), page, count=1)
        page = emphasis_without_italic_font(start_after_first_paint(page))
    return page


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
