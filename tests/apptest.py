"""The app as test_app, test_panels and test_robustness run it: through Streamlit's AppTest."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")

# Each new AppTest scans every installed distribution's metadata for Streamlit's v2 components
# (~330 here, 0.25 s a time: over 100 AppTests, the largest part of their time). Nothing is
# installed during a run, so one scan per process gives the same answer every time.
manifest_scanner.scan_component_manifests = cache(manifest_scanner.scan_component_manifests)


def new_app_test() -> AppTest:
    """The app's script, not yet run, with a timeout for a busy machine."""
    return AppTest.from_file(APP, default_timeout=60)
