"""The server entry point: `streamlit run serve.py` (see deploy/replica) serves app.py plus what
only a server can do, in one process. It composes routes and middleware from the package and
adds nothing of its own:
- link previews (`tumen_crossing.unfurl_web`): each view's title, description, Open Graph card
  and no-script summary written into the page's HTML, and its picture at `preview.png`;
- downloads (`tumen_crossing.downloads`): the CSVs, the same bytes on every replica, so a load
  balancer may send any request anywhere (docs/DEPLOY.md).
The app in the browser is exactly app.py's.
"""

import streamlit as st

from tumen_crossing import downloads
from tumen_crossing.unfurl_web import Unfurl

base_path = st.get_option("server.baseUrlPath") or ""
unfurl = Unfurl.from_environment(base_path=base_path)

app = st.App(
    "app.py",
    routes=[*unfurl.routes(), *downloads.routes(base_path)],
    middleware=unfurl.middleware(),
)
