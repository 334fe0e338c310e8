"""The server entry point: `streamlit run serve.py` serves app.py plus what only a server can do.

It composes routes and middleware from the package and adds nothing of its own:
- link previews and the first paint (`tumen_crossing.unfurl_web`): each view's title,
  description, Open Graph card and no-script summary written into the page's HTML, a light
  shell of the view (title, summary, picture) inside it until Streamlit mounts, and the
  pictures at `preview.png` and `preview.webp`;
- compressed static files (`tumen_crossing.compress`): Streamlit's `/static/` bundles, our
  `/app/static/` vendor files and the map component's files, brotli or gzip, compressed once;
  Streamlit's icon font cut to the icons Streamlit and app.py name (`tumen_crossing.iconfont`);
  both kept on disk (`TUMEN_CACHE_DIR`, by default `~/.cache/tumen-crossing`) for the next
  start and the other replicas of the machine;
- downloads (`tumen_crossing.downloads`): the CSVs, the same bytes on every replica, so a load
  balancer may send any request anywhere (docs/DEPLOY.md).
The app in the browser is exactly app.py's.
"""

from functools import partial
from pathlib import Path

import streamlit as st
import streamlit_folium

from tumen_crossing import downloads, iconfont
from tumen_crossing.compress import CompressedFiles, DiskStore, Root, page_assets
from tumen_crossing.unfurl_web import Unfurl

HERE = Path(__file__).resolve().parent
BASE_PATH = st.get_option("server.baseUrlPath")
STREAMLIT_STATIC = Path(st.__file__).parent / "static"
"""Streamlit's frontend: index.html at the root, the hashed bundles under static/."""
MAP_COMPONENT = streamlit_folium._component_func

unfurl = Unfurl.from_environment(base_path=BASE_PATH)

roots = [
    Root("static/", STREAMLIT_STATIC / "static"),
    Root(f"component/{MAP_COMPONENT.name}/", Path(MAP_COMPONENT.path or ""), max_age=0),
]
if st.get_option("server.enableStaticServing"):
    roots.append(
        Root(
            "app/static/",
            HERE / "static",
            headers=(("Access-Control-Allow-Origin", "*"),),  # as Streamlit's own route sends
        )
    )
static_files = CompressedFiles(roots, base_path=BASE_PATH, store=DiskStore.from_environment())
icons = iconfont.names_in_files(
    [
        *(STREAMLIT_STATIC / "static" / "js").glob("*.js"),
        HERE / "app.py",
        *Path(iconfont.__file__).parent.glob("*.py"),
    ]
)
icon_fonts = [
    static_files.replace(
        "static/media/",
        font,
        partial(iconfont.subset_font_apart, names=icons),
        media_type="font/woff2",
        recipe=iconfont.recipe(icons),
    )
    for font in (STREAMLIT_STATIC / "static" / "media").glob(iconfont.FONT_GLOB)
]
# What every first visit loads, brotli-compressed while the server starts rather than at that
# visit (browsers that accept only gzip get it compressed at their first request).
static_files.warm_in_background(
    page_assets((STREAMLIT_STATIC / "index.html").read_text(encoding="utf-8"), BASE_PATH)
    + static_files.urls("app/static/")
    + static_files.urls(roots[1].prefix)
    + icon_fonts,
    encodings=("br",),
)

app = st.App(
    "app.py",
    routes=[*unfurl.routes(), *downloads.routes(BASE_PATH or "")],
    middleware=static_files.middleware() + unfurl.middleware(),
)
