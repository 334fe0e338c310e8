"""Link previews on the app server: the ASGI middleware and route that `serve.py` composes.

Streamlit serves the same `index.html` for every view, and link unfurlers run no JavaScript,
so they see a page titled "Streamlit". `HeadMiddleware` rewrites that page as it leaves the
server: for `/?feature=…&date=…` it puts in the view's own head and `<noscript>` summary
(`unfurl`), and a first paint inside `<div id="root">` (the view's title, summary and picture)
that a reader on a slow phone sees seconds before Streamlit has mounted. The routes answer
`/preview.png?…` with the view's picture (`preview`), drawn once per distinct view and kept in
a small in-memory LRU cache, and `/preview.webp?…` with the same picture made small for that
first paint.

Everything read from a request goes through `viewstate.parse` first; what it does not accept
becomes the default view. Any failure here leaves the page exactly as Streamlit made it: link
previews must never cost a reader the app. Starlette only, no Streamlit: `serve.py` is the
one place that knows about `st.App`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tumen_crossing import i18n, unfurl, views, viewstate
from tumen_crossing.content import Content, content_root
from tumen_crossing.mapview import MAP_FRAME_KEY, MAP_HEIGHT
from tumen_crossing.validate import validate
from tumen_crossing.viewstate import ViewState
from tumen_crossing.vocab import LINK_KEYS

LOG = logging.getLogger(__name__)
PUBLIC_URL_ENV = "TUMEN_PUBLIC_URL"
CONTENT_ENV = "TUMEN_GEODATA"
CACHE_SIZE = 128
"""Previews kept in memory: about 120 kB each, so at most ~15 MB."""
MAX_QUERY_BYTES = 4096
"""A longer query string is not a view link; it gets the default view without being parsed."""
RESERVED_HEIGHTS = {
    "feature_select": 68,
    "base_select": 60,
    "date_select": 68,
    MAP_FRAME_KEY: MAP_HEIGHT + 8,  # the frame sits on a line box: 8 px of descender below it
}
"""The final heights (px) of app.py's controls and map, by key, measured in Chromium with
Streamlit 1.67: reserved while their code loads, so nothing below them moves (CLS)."""
_VALIDATORS = (b"if-none-match", b"if-modified-since", b"if-range", b"range")


def _normalise_base_path(base_path: str | None) -> str:
    """'tumen', '/tumen/' -> '/tumen'; '' or '/' -> ''."""
    parts = [p for p in (base_path or "").split("/") if p]
    return "/" + "/".join(parts) if parts else ""


class PreviewCache:
    """The last `size` previews, keyed by the parts of the view they show. A picture is drawn
    once: concurrent requests for the same missing view wait for the first to finish."""

    def __init__(self, render: Callable[[ViewState], bytes], size: int = CACHE_SIZE) -> None:
        self._render = render
        self._size = size
        self._items: OrderedDict[ViewState, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._drawing = threading.Lock()

    def get(self, state: ViewState) -> bytes:
        key = unfurl.image_state(state)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        with self._drawing:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            png = self._render(key)
            with self._lock:
                self._items[key] = png
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
            return png

    def __len__(self) -> int:
        return len(self._items)


@dataclass
class Unfurl:
    """Link previews for one content folder, served under one base path."""

    root: Path = field(default_factory=content_root)
    base_path: str = ""
    public_url: str | None = None
    """The app's public root URL (`TUMEN_PUBLIC_URL`); None: taken from each request."""

    @classmethod
    def from_environment(cls, base_path: str | None = None) -> Unfurl:
        """Configured like the app: `TUMEN_GEODATA` for the content, `TUMEN_PUBLIC_URL` for the
        public address, `server.baseUrlPath` passed in by `serve.py`."""
        return cls(
            root=content_root(),
            base_path=_normalise_base_path(base_path),
            public_url=os.environ.get(PUBLIC_URL_ENV) or None,
        )

    def __post_init__(self) -> None:
        self.base_path = _normalise_base_path(self.base_path)
        self.previews = PreviewCache(self._draw)
        self.shell_pictures = PreviewCache(self._shrink)
        self._loading = threading.Lock()

    def _draw(self, state: ViewState) -> bytes:
        # matplotlib is imported with the first picture, not at start: a server that is never
        # asked for one starts as fast and stays as small as before.
        from tumen_crossing import preview

        return preview.render_png(self.content_in(state.lang or "en"), state)

    def _shrink(self, state: ViewState) -> bytes:
        from tumen_crossing import preview

        return preview.shell_webp(self.previews.get(state))

    @cached_property
    def _loaded(self) -> tuple[Content, str]:
        content, problems = validate(self.root)
        for problem in problems:
            LOG.warning("link previews: %s", problem)
        digest = hashlib.sha256()
        for path in sorted(self.root.glob("*")):
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        return content, digest.hexdigest()[:12]

    @property
    def content(self) -> Content:
        with self._loading:  # read the folder once, even when two requests come together
            return self._loaded[0]

    @property
    def version(self) -> str:
        """A fingerprint of the content files: part of every preview's address."""
        with self._loading:
            return self._loaded[1]

    def content_in(self, lang: str) -> Content:
        """The content in a language (translated once per language)."""
        content = self.content
        with self._loading:
            return i18n.localised(content, lang, self.root)

    def state_for(self, query_string: str) -> ViewState:
        """The view a query string names, as strictly as the app reads it."""
        if len(query_string) > MAX_QUERY_BYTES:
            return viewstate.DEFAULT
        query = parse_qs(query_string, keep_blank_values=True)
        content = self.content
        return viewstate.parse(
            {k: v for k, v in query.items() if k in LINK_KEYS},
            set(content.by_id),
            {e.id for e in content.events},
            chapters=content.story,
        )[0]

    def public_base(self, headers: dict[str, str], scheme: str, host: str) -> str:
        return unfurl.public_base(self.public_url, headers, scheme, host, self.base_path)

    def page_parts(
        self, query_string: str, base: str, accept_language: str = ""
    ) -> tuple[str, str, str, str]:
        """The head, the `<noscript>` block, the first paint and the language for the view a
        query string names: in the link's language, else the browser's (`Accept-Language`),
        else English. The first paint's picture has a relative address: it is fetched by the
        page, in the same language."""
        state = self.state_for(query_string)
        lang = state.lang or i18n.negotiate_header(accept_language) or "en"
        shown = state.with_(lang=lang)
        content, w = self.content_in(lang), i18n.words(lang, self.root)
        summary = views.share(content, shown)
        head = unfurl.head_html(
            summary,
            unfurl.page_url(base, state),
            unfurl.image_url(base, shown, self.version),
            lang,
            unfurl.alternates(base, state),
        )
        picture = unfurl.image_url("./", shown, self.version, unfurl.SHELL_IMAGE_PATH)
        shell_head, shell = unfurl.shell_parts(summary, picture, RESERVED_HEIGHTS, w)
        return shell_head + head, unfurl.noscript_html(summary, w), shell, lang

    def is_page(self, path: str) -> bool:
        """True for the app's root document: `/`, or `/base` and `/base/` under a base path."""
        return path in {f"{self.base_path}/", self.base_path or "/"}

    def middleware(self) -> list[Middleware]:
        return [Middleware(HeadMiddleware, unfurl=self)]

    def routes(self) -> list[Route]:
        return [
            Route(
                f"{self.base_path}/{unfurl.PREVIEW_PATH}",
                self.preview_endpoint,
                methods=["GET", "HEAD"],
                name="preview",
            ),
            Route(
                f"{self.base_path}/{unfurl.SHELL_IMAGE_PATH}",
                self.shell_picture_endpoint,
                methods=["GET", "HEAD"],
                name="shell-picture",
            ),
        ]

    async def preview_endpoint(self, request: Request) -> Response:
        return await _picture(request, self, self.previews, "image/png")

    async def shell_picture_endpoint(self, request: Request) -> Response:
        return await _picture(request, self, self.shell_pictures, "image/webp")


async def _picture(request: Request, server: Unfurl, cache: PreviewCache, kind: str) -> Response:
    """A view's picture from `cache`, with an `ETag` and a day's caching (the address carries
    the content's fingerprint, so a changed content gets a new address)."""
    query = request.scope.get("query_string", b"").decode("latin-1")
    state = await run_in_threadpool(server.state_for, query)
    try:
        picture = await run_in_threadpool(cache.get, state)
    except Exception:
        LOG.exception("link previews: the preview could not be drawn")
        return Response("Preview unavailable", status_code=503, media_type="text/plain")
    etag = f'"{hashlib.sha256(picture).hexdigest()[:20]}"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=86400"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(picture, media_type=kind, headers=headers)


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}


class HeadMiddleware:
    """Puts each view's head and summary into Streamlit's root document; passes all else on.

    The page is asked of Streamlit as a plain GET without validators, so the answer is always
    the whole document; it goes out without `ETag`/`Last-Modified`, since it now differs per
    query string (Streamlit already marks it `no-cache`)."""

    def __init__(self, app: ASGIApp, unfurl: Unfurl) -> None:
        self.app = app
        self.unfurl = unfurl

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in {"GET", "HEAD"}
            or not self.unfurl.is_page(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        inner = dict(scope)
        inner["method"] = "GET"
        inner["headers"] = [(k, v) for k, v in scope["headers"] if k not in _VALIDATORS]
        inner["extensions"] = {
            k: v
            for k, v in (scope.get("extensions") or {}).items()
            if k != "http.response.pathsend"
        }
        messages: list[Message] = []

        async def keep(message: Message) -> None:
            messages.append(message)

        await self.app(inner, receive, keep)
        start = next((m for m in messages if m["type"] == "http.response.start"), None)
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        headers = dict((k.lower(), v) for k, v in (start or {}).get("headers", []))
        if (
            start is None
            or start["status"] != 200
            or not headers.get(b"content-type", b"").startswith(b"text/html")
            or headers.get(b"content-encoding")
        ):
            for message in messages:
                await send(message)
            return
        try:
            head, noscript, shell, lang = await run_in_threadpool(self._parts, scope)
            page = unfurl.rewrite_index(body.decode("utf-8"), head, noscript, shell, lang)
            body = page.encode("utf-8")
            start = {**start, "headers": [*start["headers"], *_language_headers(lang)]}
        except Exception:
            LOG.exception("link previews: the page is served without its view's head")
        out = [
            (k, v)
            for k, v in start["headers"]
            if k.lower() not in {b"content-length", b"etag", b"last-modified"}
        ]
        out.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": out})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )

    def _parts(self, scope: Scope) -> tuple[str, str, str, str]:
        headers = _headers(scope)
        scheme = scope.get("scheme", "http")
        server = scope.get("server") or ("localhost", None)
        host = headers.get("host") or (f"{server[0]}:{server[1]}" if server[1] else server[0])
        base = self.unfurl.public_base(headers, scheme, host)
        return self.unfurl.page_parts(
            scope.get("query_string", b"").decode("latin-1"),
            base,
            headers.get("accept-language", ""),
        )


def _language_headers(lang: str) -> list[tuple[bytes, bytes]]:
    """The page's language, and that it varies with the browser's (a link without `lang`)."""
    return [(b"content-language", lang.encode()), (b"vary", b"Accept-Language")]
