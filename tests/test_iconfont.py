"""Streamlit's icon font cut to the icons named: the named icons keep their ligature and their
drawing, the others are gone, and the names are found where Streamlit writes them."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
import streamlit
from fontTools.ttLib import TTFont

from tumen_crossing import iconfont

MEDIA = Path(streamlit.__file__).parent / "static" / "static" / "media"


@pytest.fixture(scope="module")
def font_bytes() -> bytes:
    fonts = sorted(MEDIA.glob(iconfont.FONT_GLOB))
    assert len(fonts) == 1, "Streamlit ships one icon font"
    return fonts[0].read_bytes()


CUT_NAMES = ["expand_more", "access_time", "content_copy", "not_an_icon"]


@pytest.fixture(scope="module")
def cut(font_bytes: bytes) -> bytes:
    """One cut (a few seconds of CPU), read by the tests of the cut itself."""
    return iconfont.subset_font(font_bytes, CUT_NAMES)


def test_names_are_found_as_streamlit_writes_them(tmp_path: Path) -> None:
    bundle = tmp_path / "index.js"
    bundle.write_text('icon:":material/expand_more:",x=":material/content_copy:";material/no')
    assert iconfont.names_in_files([bundle]) == {"expand_more", "content_copy"}
    assert iconfont.names_in(["st.button('Go', icon=':material/share:')", ":material/:"]) == {
        "share"
    }


def test_the_cut_font_draws_the_named_icons_alone(font_bytes: bytes, cut: bytes) -> None:
    words = iconfont.ligatures(cut)
    assert {"expand_more", "access_time", "content_copy"} <= set(words)
    assert "delete" in iconfont.ligatures(font_bytes) and "delete" not in words
    # an alias keeps its icon's glyph ('access_time' is drawn by 'schedule'), so its other
    # names come along, and nothing else
    assert set(words.values()) == {"expand_more", "schedule", "content_copy"}
    assert len(cut) < len(font_bytes) / 20
    whole, small = TTFont(BytesIO(font_bytes)), TTFont(BytesIO(cut))
    assert small.flavor == "woff2"
    for glyph in ("expand_more", "schedule", "content_copy"):
        assert (
            small["glyf"][glyph].getCoordinates(small["glyf"])[0]
            == whole["glyf"][glyph].getCoordinates(whole["glyf"])[0]
        ), f"{glyph} is drawn as before"
        assert small["hmtx"][glyph] == whole["hmtx"][glyph]


def test_every_icon_streamlit_names_is_in_the_font_it_serves(font_bytes: bytes) -> None:
    """What serve.py cuts: every name in Streamlit's bundles that the font has stays."""
    names = iconfont.names_in_files((MEDIA.parent / "js").glob("*.js"))
    assert {"expand_more", "expand_less", "content_copy", "check"} <= names
    cut = iconfont.subset_font(font_bytes, names)
    assert names & set(iconfont.ligatures(font_bytes)) <= set(iconfont.ligatures(cut))


def test_the_cut_is_the_same_bytes_every_time_in_a_process_of_its_own(
    font_bytes: bytes, cut: bytes
) -> None:
    """Replicas behind a load balancer serve one file under one ETag."""
    assert iconfont.subset_font_apart(font_bytes, CUT_NAMES) == cut
