"""The app's downloadable files (the trade figures and every claim, as CSV), and the HTTP routes
that serve them from any replica.

Why not `st.download_button`: Streamlit keeps a button's bytes in the memory of the process
that drew it, under a random `/media/…` URL. Behind a load balancer a reader's request can
reach another replica (theirs crashed or restarted, their cookie was lost) and gets 404 there.
Here a file's bytes are a pure function of the content and its URL is fixed, so every replica
answers the same URL with the same bytes and the same ETag, and a shared cache may keep it.

The CSV builders are pure (no Streamlit); `routes()` wraps them for Starlette (which Streamlit
itself runs on), and `st.App` mounts them (see `serve.py`).
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import pandas as pd
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tumen_crossing import views
from tumen_crossing.content import Content, content_root

ROUTE_DIR = "downloads"
"""The URL folder of the files, below the app's base path (`server.baseUrlPath`)."""
CACHE_CONTROL = "public, max-age=300"
"""Short, like the page itself: a new deploy may change the content; the ETag makes a
revalidation cheap."""


def trade_csv(content: Content) -> bytes:
    """The trade table as the Trade tab shows it (the chart's annotations left out)."""
    rows = pd.DataFrame(views.trade(content).rows())
    if rows.empty:
        return b""
    return rows.drop(columns=["annotation", "line"]).to_csv(index=False).encode("utf-8")


def claims_csv(content: Content) -> bytes:
    """Every claim, as the Facts & sources tab lists them: the plain-text columns only (the
    rows' citations are the renderers' links, already written out in `source` and `url`)."""
    rows = pd.DataFrame([asdict(r) for r in views.facts(content).rows])
    if rows.empty:
        return b""
    return rows.drop(columns=["subject_id", "sources"]).to_csv(index=False).encode("utf-8")


@dataclass(frozen=True)
class Download:
    file_name: str
    build: Callable[[Content], bytes]

    @property
    def href(self) -> str:
        """Relative to the page, so the link works under any `server.baseUrlPath`."""
        return f"{ROUTE_DIR}/{self.file_name}"

    def link_html(self, label: str) -> str:
        """A plain link that saves the file (in the same tab: no blank window opens); the
        renderer gives the words."""
        name = html.escape(self.file_name)
        return (
            f'<a href="{html.escape(self.href)}" download="{name}" target="_self">'
            f"{html.escape(label)}</a>"
        )


DOWNLOADS = {
    "trade": Download("tumen-crossing-trade.csv", trade_csv),
    "claims": Download("tumen-crossing-claims.csv", claims_csv),
}
BY_FILE_NAME = {d.file_name: d for d in DOWNLOADS.values()}


def etag(data: bytes) -> str:
    """A strong validator from the bytes alone: equal on every replica that has the same
    content."""
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


# --------------------------------------------------------------------------- HTTP


@cache
def _files(root: Path) -> dict[str, tuple[bytes, str]]:
    """file name -> (bytes, ETag), built once per process and content folder."""
    from tumen_crossing.validate import validate

    content, _problems = validate(root)
    return {
        d.file_name: (data, etag(data)) for d in DOWNLOADS.values() for data in [d.build(content)]
    }


def routes(base_path: str = "") -> list[Route]:
    """Starlette routes serving every download at `<base path>/downloads/<file name>`.

    Routes given to `st.App` are not moved under `server.baseUrlPath` by Streamlit, so the
    caller passes it in (`streamlit.config.get_option("server.baseUrlPath")`)."""

    def serve(request: Request) -> Response:  # sync: Starlette runs it in a worker thread
        name = request.path_params["name"]
        if name not in BY_FILE_NAME:
            return PlainTextResponse("Not found", status_code=404)
        data, tag = _files(content_root())[name]
        headers = {
            "ETag": tag,
            "Cache-Control": CACHE_CONTROL,
            "X-Content-Type-Options": "nosniff",
        }
        if tag in {t.strip() for t in request.headers.get("if-none-match", "").split(",")}:
            return Response(status_code=304, headers=headers)
        headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return Response(data, media_type="text/csv; charset=utf-8", headers=headers)

    prefix = f"/{base_path.strip('/')}" if base_path.strip("/") else ""
    return [Route(f"{prefix}/{ROUTE_DIR}/{{name}}", serve, methods=["GET", "HEAD"])]
