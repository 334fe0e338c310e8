"""The production configuration the app ships with."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = tomllib.loads(
    (Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text()
)


def test_hardening() -> None:
    server, client = CONFIG["server"], CONFIG["client"]
    assert server["enableXsrfProtection"] is True
    assert server["maxUploadSize"] <= 1
    assert server["maxMessageSize"] <= 50
    assert client["showErrorDetails"] == "none"
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_static_folder_holds_only_the_vendored_assets() -> None:
    static = Path(__file__).resolve().parents[1] / "static"
    assert {p.name for p in static.iterdir()} == {"vendor"}


def test_magic_is_off_so_no_bare_expression_reaches_the_page() -> None:
    """app.py holds docstrings and comments; with magic on, Streamlit would print them."""
    assert CONFIG["runner"]["magicEnabled"] is False
