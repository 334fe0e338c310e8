"""The ASGI pieces of link previews, driven directly: the page rewrite, the route, the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from tumen_crossing.content import PACKAGED_ROOT
from tumen_crossing.mapview import MAP_FRAME_KEY, MAP_HEIGHT
from tumen_crossing.unfurl_web import (
    MAX_QUERY_BYTES,
    RESERVED_HEIGHTS,
    HeadMiddleware,
    PreviewCache,
    Unfurl,
)
from tumen_crossing.viewstate import DEFAULT, ViewState

from .asgi import response

INDEX = b"<html><head><title>Streamlit</title></head><body><noscript>JS</noscript></body></html>"


def inner_app(status: int = 200, body: bytes = INDEX, content_type: bytes = b"text/html"):
    """A stand-in for Streamlit: records the request it got, answers with a fixed page."""
    seen: list[dict] = []

    async def app(scope, receive, send) -> None:
        seen.append(scope)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", content_type),
                    (b"content-length", str(len(body)).encode()),
                    (b"etag", b'"abc"'),
                    (b"cache-control", b"no-cache"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:]})

    return app, seen


def call(app, path: str = "/", query: bytes = b"", method: str = "GET", headers=()) -> tuple:
    """One request through an ASGI app; returns (status, headers, body)."""
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": query,
        "headers": [(b"host", b"127.0.0.1:8501"), *headers],
        "scheme": "http",
        "server": ("127.0.0.1", 8501),
        "root_path": "",
    }
    status, head, body = response(app, scope)
    return status, dict(head), body


@pytest.fixture(scope="module")
def unfurl() -> Unfurl:
    return Unfurl(root=PACKAGED_ROOT)


def test_the_root_page_gets_the_views_head(unfurl: Unfurl) -> None:
    app, seen = inner_app()
    status, headers, body = call(
        HeadMiddleware(app, unfurl),
        query=b"feature=road-bridge&date=2025-10-01",
        headers=[(b"if-none-match", b'"abc"'), (b"range", b"bytes=0-10")],
    )
    assert status == 200
    page = body.decode()
    assert "<title>Khasan–Tumangang road bridge on 1 October 2025 · Tumen Crossing</title>" in page
    assert (
        'property="og:image" content="http://127.0.0.1:8501/preview.png?feature=road-bridge' in page
    )
    assert "<noscript>\n      <h1>" in page and "Streamlit</title>" not in page
    assert headers[b"content-length"] == str(len(body)).encode()
    assert b"etag" not in headers  # the page now differs per query string
    assert headers[b"cache-control"] == b"no-cache"
    # Streamlit was asked for the whole page, never a 304 or a range of the unrewritten file
    assert not {b"if-none-match", b"range"} & {k for k, _ in seen[0]["headers"]}


def test_head_requests_get_the_headers_of_the_rewritten_page(unfurl: Unfurl) -> None:
    app, seen = inner_app()
    _, get_headers, body = call(HeadMiddleware(app, unfurl), query=b"feature=tripoint")
    status, headers, empty = call(
        HeadMiddleware(app, unfurl), query=b"feature=tripoint", method="HEAD"
    )
    assert (status, empty) == (200, b"")
    assert headers[b"content-length"] == get_headers[b"content-length"] == str(len(body)).encode()
    assert seen[-1]["method"] == "GET"


@pytest.mark.parametrize(
    ("path", "method", "status", "content_type"),
    [
        ("/static/js/index.js", "GET", 200, b"text/javascript"),
        ("/_stcore/health", "GET", 200, b"text/plain"),
        ("/", "POST", 200, b"text/html"),
        ("/", "GET", 304, b"text/html"),
        ("/", "GET", 200, b"application/json"),
    ],
)
def test_everything_else_passes_through_untouched(
    unfurl: Unfurl, path: str, method: str, status: int, content_type: bytes
) -> None:
    app, _ = inner_app(status=status, content_type=content_type)
    assert call(HeadMiddleware(app, unfurl), path, method=method) == call(app, path, method=method)


def test_a_failure_serves_streamlits_page_as_it_was(unfurl: Unfurl, monkeypatch) -> None:
    def broken(*_args) -> None:
        raise RuntimeError("content went away")

    monkeypatch.setattr(unfurl, "page_parts", broken)
    app, _ = inner_app()
    status, headers, body = call(HeadMiddleware(app, unfurl), query=b"feature=road-bridge")
    assert (status, body) == (200, INDEX)
    assert headers[b"content-length"] == str(len(INDEX)).encode()


def test_only_the_root_document_under_the_base_path_is_a_page() -> None:
    plain, based = Unfurl(base_path=""), Unfurl(base_path="/tumen/")
    assert plain.is_page("/") and not plain.is_page("/index.html")
    assert based.is_page("/tumen/") and based.is_page("/tumen") and not based.is_page("/")
    assert [r.path for r in based.routes()] == ["/tumen/preview.png", "/tumen/preview.webp"]
    assert [r.path for r in plain.routes()] == ["/preview.png", "/preview.webp"]


def test_queries_are_read_as_strictly_as_the_app_reads_them(unfurl: Unfurl) -> None:
    assert unfurl.state_for("feature=road-bridge&base=terrain&utm_source=x") == ViewState(
        feature="road-bridge", base="terrain"
    )
    hostile = [
        "feature=%3Cscript%3Ealert(1)%3C/script%3E",
        "feature=road-bridge&feature=tripoint",
        "feature=road-bridge%00",
        "date=2025-02-30&tab=javascript:alert(1)",
        "feature=" + "a" * MAX_QUERY_BYTES,
        "%ff%fe=%ff",
    ]
    for query in hostile:
        assert unfurl.state_for(query) == DEFAULT, query


def test_the_public_address_is_configured_by_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("TUMEN_PUBLIC_URL", "https://maps.example.org/tumen")
    monkeypatch.setenv("TUMEN_GEODATA", "/somewhere/geodata")
    configured = Unfurl.from_environment(base_path="tumen")
    assert configured.root == Path("/somewhere/geodata")
    assert configured.base_path == "/tumen"
    assert configured.public_base({"x-forwarded-host": "evil.test"}, "http", "h") == (
        "https://maps.example.org/tumen/"
    )
    monkeypatch.delenv("TUMEN_PUBLIC_URL")
    assert Unfurl.from_environment().public_base({}, "https", "h.test") == "https://h.test/"


def test_the_preview_route_answers_with_a_cached_png_and_validators(unfurl: Unfurl) -> None:
    from starlette.applications import Starlette

    app = Starlette(routes=unfurl.routes())
    status, headers, body = call(app, "/preview.png", query=b"feature=tripoint&base=terrain")
    assert status == 200 and headers[b"content-type"] == b"image/png"
    assert body.startswith(b"\x89PNG")
    assert headers[b"cache-control"] == b"public, max-age=86400"
    again = call(
        app,
        "/preview.png",
        query=b"feature=tripoint",
        headers=[(b"if-none-match", headers[b"etag"])],
    )
    assert again[0] == 304
    same = call(app, "/preview.png", query=b"feature=tripoint&tab=facts")
    assert same[2] == body


def test_the_cache_draws_each_view_once_and_forgets_the_oldest() -> None:
    drawn: list[ViewState] = []

    def render(state: ViewState) -> bytes:
        drawn.append(state)
        return repr(state).encode()

    cache = PreviewCache(render, size=2)
    road = ViewState(feature="road-bridge")
    assert cache.get(road) == cache.get(road.with_(base="satellite", tab="sources"))
    cache.get(ViewState(feature="tripoint"))
    cache.get(road)  # road is now the newest
    cache.get(ViewState(feature="tumen-river"))  # evicts tripoint
    cache.get(road)
    cache.get(ViewState(feature="tripoint"))
    assert drawn == [
        road,
        ViewState(feature="tripoint"),
        ViewState(feature="tumen-river"),
        ViewState(feature="tripoint"),
    ]
    assert len(cache) == 2


def test_the_reserved_heights_name_elements_that_app_py_keys() -> None:
    """The first paint keeps room for app.py's controls and map by their keys: a renamed key
    would silently lose its room (and the page would jump again)."""
    app_py = (Path(__file__).resolve().parents[1] / "app.py").read_text(encoding="utf-8")
    for key in RESERVED_HEIGHTS:
        assert f'key="{key}"' in app_py or key == MAP_FRAME_KEY, key
    assert "st.container(key=mapview.MAP_FRAME_KEY)" in app_py
    assert RESERVED_HEIGHTS[MAP_FRAME_KEY] >= MAP_HEIGHT


def test_the_page_gets_its_shell_and_the_shell_picture_is_a_small_webp() -> None:
    from starlette.applications import Starlette

    unfurl = Unfurl(root=PACKAGED_ROOT)
    index = INDEX.replace(b"</body>", b'<div id="root"></div></body>')
    app, _ = inner_app(body=index)
    status, _, body = call(HeadMiddleware(app, unfurl), query=b"feature=road-bridge")
    page = body.decode()
    assert status == 200 and 'class="tc-shell"' in page
    assert 'src="./preview.webp?feature=road-bridge&amp;lang=en&amp;v=' in page
    status, headers, webp = call(
        Starlette(routes=unfurl.routes()), "/preview.webp", b"feature=road-bridge"
    )
    assert status == 200 and headers[b"content-type"] == b"image/webp"
    assert webp[:4] == b"RIFF" and webp[8:12] == b"WEBP" and len(webp) < 60_000
    assert len(unfurl.previews) == 1  # made from the preview, drawn once


def test_the_page_speaks_the_links_language_else_the_browsers(unfurl: Unfurl) -> None:
    """`lang=` wins; without it, the browser's Accept-Language; else English. The answer says
    its language and that it varies with the browser's."""
    road = unfurl.content.feature("road-bridge").props.name
    cases = [
        (b"feature=road-bridge&lang=ru", b"ko-KR,ko;q=0.9", "ru", road.ru),
        (b"feature=road-bridge", b"ko-KR,ko;q=0.9,en;q=0.8", "ko", road.ko),
        (b"feature=road-bridge", b"de-DE,de;q=0.9", "en", road.en),
        (b"feature=road-bridge&lang=xx", b"", "en", road.en),
    ]
    for query, accept, lang, name in cases:
        app, _ = inner_app()
        _, headers, body = call(
            HeadMiddleware(app, unfurl), query=query, headers=[(b"accept-language", accept)]
        )
        page = body.decode()
        assert page.startswith(f'<html lang="{lang}">'), (query, accept)
        assert f"<title>{name} · Tumen Crossing</title>" in page
        assert headers[b"content-language"] == lang.encode()
        assert headers[b"vary"] == b"Accept-Language"
        assert f"preview.webp?feature=road-bridge&amp;lang={lang}&amp;" in page  # its picture


def test_a_preview_that_cannot_be_drawn_is_a_plain_503(unfurl: Unfurl, monkeypatch) -> None:
    from starlette.applications import Starlette

    def broken(_state: ViewState) -> bytes:
        raise RuntimeError("no fonts")

    monkeypatch.setattr(unfurl.previews, "get", broken)
    app = Starlette(routes=unfurl.routes())
    status, headers, body = call(app, "/preview.png", query=b"feature=tripoint")
    assert status == 503 and headers[b"content-type"].startswith(b"text/plain")
    assert b"no fonts" not in body and b"Traceback" not in body


def test_an_oversized_query_is_not_read_at_all(unfurl: Unfurl) -> None:
    """Past MAX_QUERY_BYTES the query is ignored whole, not parsed for the keys it may hold."""
    padding = "x=" + "a" * MAX_QUERY_BYTES
    assert unfurl.state_for(f"{padding}&feature=road-bridge") == DEFAULT
    assert unfurl.state_for("x=a&feature=road-bridge") == ViewState(feature="road-bridge")
