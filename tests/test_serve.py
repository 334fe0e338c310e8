"""serve.py as an unfurler and a browser meet it over plain HTTP: the raw HTML with its head and
first paint, the pictures, and the static files compressed with their caching headers."""

from __future__ import annotations

import gzip
import io
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
import streamlit
from PIL import Image

from tumen_crossing import iconfont
from tumen_crossing.content import load_content
from tumen_crossing.views import share as summary_for
from tumen_crossing.viewstate import ViewState

from .server import running_server
from .test_unfurl import Tags

UNFURLER = {"User-Agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server() as url:
        yield url


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={**UNFURLER, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, answer, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:  # 304 Not Modified comes as an "error"
        status, answer, body = error.code, error.headers, error.read()
    return status, {k.lower(): v for k, v in answer.items()}, body


def head_of(url: str, headers: dict[str, str] | None = None) -> tuple[Tags, str]:
    status, response_headers, body = fetch(url, headers)
    assert status == 200 and response_headers["content-type"].startswith("text/html")
    page = body.decode("utf-8")
    return Tags.of(page), page


VIEWS = {
    "": ViewState(),
    "feature=road-bridge&date=2025-10-01": ViewState(feature="road-bridge", date=date(2025, 10, 1)),
    "feature=friendship-bridge&date=1970": ViewState(
        feature="friendship-bridge", date=date(1970, 1, 1)
    ),
    "tab=timeline&event=putin-eef-2025&feature=road-bridge": ViewState(
        feature="road-bridge", event="putin-eef-2025", tab="timeline"
    ),
    "tab=trade": ViewState(tab="trade"),
    "feature=tumen-river&base=satellite&tab=facts": ViewState(
        feature="tumen-river", base="satellite", tab="facts"
    ),
}
CANONICAL = {
    "": "",
    "feature=road-bridge&date=2025-10-01": "feature=road-bridge&date=2025-10-01",
    "feature=friendship-bridge&date=1970": "feature=friendship-bridge&date=1970-01-01",
    "tab=timeline&event=putin-eef-2025&feature=road-bridge": "feature=road-bridge"
    "&event=putin-eef-2025&tab=timeline",
    "tab=trade": "tab=trade",
    "feature=tumen-river&base=satellite&tab=facts": "feature=tumen-river&base=satellite&tab=facts",
}


@pytest.mark.parametrize("query", list(VIEWS), ids=lambda q: q or "default")
def test_each_view_unfurls_with_its_own_tags(server: str, query: str) -> None:
    content = load_content()[0]
    summary = summary_for(content, VIEWS[query])
    tags, page = head_of(f"{server}/?{query}")
    meta = tags.meta()
    page_url = f"{server}/" + (f"?{CANONICAL[query]}" if CANONICAL[query] else "")
    assert tags.text["title"][0].startswith(summary.title)
    assert len([t for t, _ in tags.elements if t == "title"]) == 1
    assert meta["description"] == meta["og:description"] == summary.description
    assert ("link", {"rel": "canonical", "href": page_url}) in tags.elements
    assert meta["og:url"] == page_url
    assert meta["og:title"] == summary.title
    assert (meta["og:type"], meta["og:site_name"]) == ("website", "Tumen Crossing")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:type"] == "image/png" and meta["og:image:alt"].startswith("Map of")
    assert meta["twitter:card"] == "summary_large_image"
    image = meta["og:image"]
    assert image.startswith(f"{server}/preview.png")
    # the no-script block: the same summary, its sources as links
    assert summary.description in tags.text["p"]
    links = [a["href"] for t, a in tags.elements if t == "a"]
    assert [s.url for s in summary.sources] == [h for h in links if not h.startswith("./")]
    assert page.count("<noscript>") == 1 and "You need to enable JavaScript" not in page
    # the app itself is still all there, started after the first paint
    assert 'import("./static/js/index.' in page
    assert '<div id="root"></div>' in page
    # and the first paint shows the view: its title, summary and small picture
    shell = page[page.index('<div class="tc-shell"') :]
    assert Tags.of(shell).text["h1"] == [summary.title]
    assert summary.description in Tags.of(shell).text["p"]
    picture = re.search(r'<img src="(\./preview\.webp\?[^"]+)"', shell)
    assert picture and f'rel="preload" as="image" href="{picture[1]}"' in page
    status, headers, webp = fetch(f"{server}/{unescape(picture[1])[2:]}")
    assert status == 200 and headers["content-type"] == "image/webp" and len(webp) < 60_000
    # and the picture it points at is a small 1200×630 PNG
    status, headers, png = fetch(image)
    assert status == 200 and headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(png)).size == (1200, 630)
    assert len(png) < 300_000


HOSTILE = [
    "feature=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
    "feature=atlantis&event=%3Cimg%20src=x%20onerror=alert(1)%3E",
    "tab=javascript:alert(1)&base=%27%3E%3Csvg/onload=alert(1)%3E",
    "feature=road-bridge&feature=tripoint",
    "date=9999-99-99&feature=" + "x" * 3000,
    "feature=road-bridge%0d%0aSet-Cookie:%20a=b",
]


def test_hostile_links_get_the_default_head_and_inject_nothing(server: str) -> None:
    default, _ = head_of(f"{server}/")
    for query in HOSTILE:
        tags, page = head_of(f"{server}/?{query}")
        assert tags.meta() == default.meta(), query
        assert tags.elements == default.elements, query
        for needle in ("alert(1)", "<svg", "onerror", "Set-Cookie", "atlantis"):
            assert needle not in page, (query, needle)
        assert page.count('<div class="tc-shell"') == 1, query


def test_the_preview_is_the_same_bytes_each_time_and_differs_between_views(server: str) -> None:
    first = fetch(f"{server}/preview.png?feature=road-bridge&date=2024-07-01")[2]
    again = fetch(f"{server}/preview.png?feature=road-bridge&date=2024-07-01&base=terrain")[2]
    later = fetch(f"{server}/preview.png?feature=road-bridge&date=2025-10-01")[2]
    rail = fetch(f"{server}/preview.png?feature=friendship-bridge&date=2024-07-01")[2]
    assert first == again
    assert len({first, later, rail}) == 3
    hostile = fetch(f"{server}/preview.png?feature=%3Cscript%3E&date=x")[2]
    assert hostile == fetch(f"{server}/preview.png")[2]


def test_behind_a_proxy_the_addresses_are_the_public_ones(server: str) -> None:
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "maps.example.org"}
    meta = head_of(f"{server}/?feature=tripoint", forwarded)[0].meta()
    assert meta["og:url"] == "https://maps.example.org/?feature=tripoint"
    assert urlsplit(meta["og:image"])[:3] == ("https", "maps.example.org", "/preview.png")
    spoofed = {"X-Forwarded-Host": 'evil.test/"><script>'}
    meta = head_of(f"{server}/?feature=tripoint", spoofed)[0].meta()
    assert meta["og:url"] == f"{server}/?feature=tripoint"


def test_under_a_base_path_the_page_and_the_picture_live_there() -> None:
    with running_server(base_path="tumen") as url:
        assert url.endswith("/tumen")
        forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "maps.example.org"}
        tags, _ = head_of(f"{url}/?feature=road-bridge", forwarded)
        meta = tags.meta()
        assert meta["og:url"] == "https://maps.example.org/tumen/?feature=road-bridge"
        image = urlsplit(meta["og:image"])
        assert image.path == "/tumen/preview.png"
        status, _, png = fetch(f"{url}/preview.png?{image.query}")
        assert status == 200 and png.startswith(b"\x89PNG")
        local, page = head_of(f"{url}/?feature=road-bridge")
        assert local.meta()["og:image"].startswith(f"{url}/preview.png?feature=road-bridge")
        entry = next(b for b in page_bundles(page) if b.startswith("static/js/index."))
        status, headers, _ = fetch(f"{url}/{entry}", {"Accept-Encoding": "br"})
        assert (status, headers["content-encoding"]) == (200, "br")
        picture = re.search(r'<img src="\./(preview\.webp\?[^"]+)"', page)
        assert picture and fetch(f"{url}/{unescape(picture[1])}")[0] == 200


def page_bundles(page: str) -> list[str]:
    """The scripts the page starts after its first paint: the entry and its preloads."""
    return re.findall(r'"\./(static/js/[^"]+\.js)"', page)


def test_static_files_come_compressed_once_with_caching_and_validators(server: str) -> None:
    """Streamlit's bundles, our vendor files and the map component's, as a browser gets them."""
    _, page = head_of(f"{server}/?feature=road-bridge")
    entry = re.search(r'import\("\./(static/js/index\.[^"]+)"\)', page)
    assert entry and entry[1] in page_bundles(page)
    url = f"{server}/{entry[1]}"
    status, plain_headers, plain = fetch(url, {"Accept-Encoding": "identity"})
    assert status == 200 and "content-encoding" not in plain_headers
    status, headers, body = fetch(url, {"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert status == 200 and headers["content-encoding"] == "br"
    assert brotli.decompress(body) == plain and len(body) < len(plain) / 3
    assert headers["vary"] == "Accept-Encoding"
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-type"].startswith("text/javascript")
    assert fetch(url, {"Accept-Encoding": "br"})[1]["etag"] == headers["etag"]
    status, not_modified, empty = fetch(
        url, {"Accept-Encoding": "br", "If-None-Match": headers["etag"]}
    )
    assert (status, empty) == (304, b"") and not_modified["etag"] == headers["etag"]
    status, gz_headers, gz = fetch(url, {"Accept-Encoding": "gzip"})
    assert gz_headers["content-encoding"] == "gzip" and gzip.decompress(gz) == plain
    assert gz_headers["etag"] != headers["etag"] != plain_headers["etag"]
    vendor = f"{server}/app/static/vendor/bundle/leaflet-and-plugins.js"
    status, headers, body = fetch(vendor, {"Accept-Encoding": "br"})
    assert (status, headers["content-encoding"]) == (200, "br")
    assert headers["cache-control"] == "public, max-age=86400"
    component = f"{server}/component/streamlit_folium.st_folium/index.html"
    status, headers, body = fetch(component, {"Accept-Encoding": "gzip"})
    assert (status, headers["content-encoding"], headers["cache-control"]) == (
        200,
        "gzip",
        "no-cache",
    )
    # fonts are compressed already: Streamlit serves them as before
    font = re.search(r'href="\./(static/media/[^"]+\.woff2)"', page)
    assert (
        font
        and "content-encoding" not in fetch(f"{server}/{font[1]}", {"Accept-Encoding": "br"})[1]
    )


def test_the_icon_font_is_cut_to_the_icons_streamlit_names(server: str) -> None:
    """Streamlit's 366 KiB icon font goes out as the ~10 KiB of icons its code can draw."""
    media = Path(streamlit.__file__).parent / "static" / "static" / "media"
    (font,) = media.glob(iconfont.FONT_GLOB)
    status, headers, body = fetch(f"{server}/static/media/{font.name}", {"Accept-Encoding": "br"})
    assert status == 200 and headers["content-type"] == "font/woff2"
    assert "content-encoding" not in headers
    assert headers["cache-control"] == "public, max-age=86400"
    assert len(body) < font.stat().st_size / 10
    named = iconfont.names_in_files((media.parent / "js").glob("*.js"))
    served, whole = iconfont.ligatures(body), iconfont.ligatures(font.read_bytes())
    assert named & set(whole) <= set(served)
    assert set(served.values()) == {whole[name] for name in named if name in whole}
