"""The production entry point: the app (app.py) plus HTTP routes of its own, in one process.

Started like the app itself, `streamlit run serve.py` (see deploy/replica): Streamlit finds the
`st.App` below and serves app.py through it. Every route here answers the same bytes on every
replica, so a load balancer may send any request anywhere (docs/DEPLOY.md).
"""

import streamlit as st

from tumen_crossing import downloads

app = st.App("app.py", routes=downloads.routes(st.get_option("server.baseUrlPath") or ""))
