"""The server entry point: `streamlit run serve.py` serves app.py plus what only a server can do.

It composes routes and middleware from the package and adds nothing of its own:
- link previews (`tumen_crossing.unfurl_web`): each view's title, description, Open Graph card
  and no-script summary written into the page's HTML, and its picture at `preview.png`.
The app in the browser is exactly app.py's.
"""

import streamlit as st

from tumen_crossing.unfurl_web import Unfurl

unfurl = Unfurl.from_environment(base_path=st.get_option("server.baseUrlPath"))

app = st.App("app.py", routes=unfurl.routes(), middleware=unfurl.middleware())
