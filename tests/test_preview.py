"""The preview picture: a small 1200×630 PNG of the view, the same bytes on every run."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from datetime import date
from functools import cache
from pathlib import Path

import numpy
import pytest
from PIL import Image, ImageChops

from tumen_crossing import history
from tumen_crossing.content import Content, load_content
from tumen_crossing.preview import FOOTER_PX, HEADER_PX, caption, render_png
from tumen_crossing.views import image_alt
from tumen_crossing.viewstate import DEFAULT, ViewState

from .conftest import ContentCopy
from .hostile import make_hostile_copy

MAX_BYTES = 300_000


@cache
def shipped() -> Content:
    return load_content()[0]


@cache
def png(state: ViewState) -> bytes:
    return render_png(shipped(), state)


def image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def map_area(data: bytes) -> Image.Image:
    """The picture without its heading band and legend: the map alone."""
    picture = image(data).convert("RGB")
    return picture.crop((0, HEADER_PX + 2, picture.width, picture.height - FOOTER_PX))


VIEWS = [
    DEFAULT,
    ViewState(feature="road-bridge", date=date(2025, 10, 1)),
    ViewState(feature="friendship-bridge", date=date(1970, 1, 1)),
    ViewState(feature="tumen-river"),
    ViewState(feature="vladivostok"),
    ViewState(event="putin-eef-2025", tab="timeline"),
]


@pytest.mark.parametrize("state", VIEWS, ids=lambda s: f"{s.feature}-{s.event}-{s.date}")
def test_every_view_is_a_small_valid_1200_by_630_png(state: ViewState) -> None:
    data = png(state)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    picture = image(data)
    picture.verify()
    assert (picture.format, picture.size) == ("PNG", (1200, 630))
    assert len(data) < MAX_BYTES


def test_the_png_carries_no_software_or_date() -> None:
    info = image(png(DEFAULT)).info
    assert not {"Software", "Creation Time", "date:create"} & set(info)


def test_features_and_dates_that_change_the_map_change_the_picture() -> None:
    road, rail = ViewState(feature="road-bridge"), ViewState(feature="friendship-bridge")
    assert map_area(png(road)) != map_area(png(rail))  # the halo moves
    planned, building = date(2024, 7, 1), date(2025, 10, 1)
    content = shipped()
    assert history.state_signature(content, planned) != history.state_signature(content, building)
    a, b = png(road.with_(date=planned)), png(road.with_(date=building))
    assert ImageChops.difference(map_area(a), map_area(b)).getbbox() is not None


def test_days_with_the_same_map_differ_only_in_their_heading() -> None:
    content = shipped()
    first, second = date(2025, 10, 1), date(2025, 10, 20)
    assert history.state_signature(content, first) == history.state_signature(content, second)
    a, b = png(ViewState(date=first)), png(ViewState(date=second))
    assert a != b  # the date in the heading
    assert ImageChops.difference(map_area(a), map_area(b)).getbbox() is None


def test_the_same_view_gives_the_same_bytes_in_a_fresh_process() -> None:
    """A new interpreter (fresh font cache, fresh matplotlib state) draws the same bytes."""
    state = ViewState(feature="road-bridge", date=date(2025, 10, 1))
    script = (
        "import hashlib, datetime, sys\n"
        "from tumen_crossing.content import load_content\n"
        "from tumen_crossing.preview import render_png\n"
        "from tumen_crossing.viewstate import ViewState\n"
        "state = ViewState(feature='road-bridge', date=datetime.date(2025, 10, 1))\n"
        "sys.stdout.write(hashlib.sha256(render_png(load_content()[0], state)).hexdigest())\n"
    )
    fresh = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert fresh == hashlib.sha256(png(state)).hexdigest()
    assert render_png(shipped(), state) == png(state)  # and again in this one


def test_the_highlight_is_drawn_in_the_map_colour() -> None:
    """The selected feature's halo is the map's yellow, and only when it stood that day."""
    from tumen_crossing.vocab import HIGHLIGHT_COLOUR as HIGHLIGHT

    yellow = tuple(int(HIGHLIGHT[i : i + 2], 16) for i in (1, 3, 5))

    def yellow_pixels(data: bytes) -> int:
        pixels = numpy.asarray(map_area(data))
        return int((numpy.abs(pixels.astype(int) - yellow).max(axis=2) < 8).sum())

    assert yellow_pixels(png(ViewState(feature="road-bridge", date=date(2025, 10, 1)))) > 2000
    assert yellow_pixels(png(ViewState(feature="tripoint"))) > 500  # a place's round halo
    assert yellow_pixels(png(DEFAULT)) == 0
    not_yet = ViewState(feature="road-bridge", date=date(1970, 1, 1))
    assert yellow_pixels(png(not_yet)) == 0
    assert "highlighted" not in image_alt(shipped(), not_yet)


def test_caption_names_the_view() -> None:
    content = shipped()
    words = caption(content, ViewState(feature="road-bridge", date=date(2025, 10, 1)))
    assert words.heading == "Khasan–Tumangang road bridge"
    assert words.subheading == (
        "Road bridge · under construction since 27 February 2025 · as of 1 October 2025"
    )
    assert "highlighted" in image_alt(content, ViewState(feature="road-bridge"))
    event = caption(content, ViewState(event="putin-eef-2025", tab="timeline"))
    assert event.heading == "Putin says the bridge will open in 2026"


def test_hostile_and_odd_text_is_drawn_as_text(tmp_path: Path, content_copy: ContentCopy) -> None:
    """Markup, TeX-like dollars and control characters in names neither break nor run."""
    content, _ = load_content(make_hostile_copy(tmp_path / "hostile"))
    assert len(render_png(content, ViewState(feature="road-bridge"))) < MAX_BYTES

    def odd_name(feature: dict) -> None:
        feature["properties"]["name"]["en"] = r"Bridge $\frac{1}{0}$ ^_ {x}" + "\x00\n" + "é" * 90

    content_copy.edit_feature("bridges.geojson", "road-bridge", odd_name)
    odd, _ = load_content(content_copy.root)
    data = render_png(odd, ViewState(feature="road-bridge"))
    assert image(data).size == (1200, 630)
    assert "\x00" not in caption(odd, ViewState(feature="road-bridge")).heading


@pytest.mark.parametrize("state", VIEWS[:4], ids=str)
def test_labels_sit_on_the_map_clear_of_each_other_and_of_the_shapes(
    monkeypatch, state: ViewState
) -> None:
    """Each label is placed by moving one measured box (`preview._labels`): the labels drawn
    must then lie inside the map, clear of the other labels and of every shape, as their own
    boxes say."""
    from shapely.geometry import box

    from tumen_crossing import preview

    drawn: list = []
    place = preview._labels

    def recorded(ax, fig, shapes, focus) -> None:
        place(ax, fig, shapes, focus)
        renderer, to_data = fig.canvas.get_renderer(), ax.transData.inverted()
        labels = [t.get_window_extent(renderer) for t in ax.texts]
        drawn.append((ax.get_window_extent(renderer), labels, to_data, shapes.union_all()))

    monkeypatch.setattr(preview, "_labels", recorded)
    render_png(shipped(), state)
    [(map_box, labels, to_data, shapes)] = drawn
    assert len(labels) >= 3, labels  # the bridges and the places beside them are named
    for i, label in enumerate(labels):
        assert map_box.x0 <= label.x0 and label.x1 <= map_box.x1, (label, map_box)
        assert map_box.y0 <= label.y0 and label.y1 <= map_box.y1, (label, map_box)
        for other in labels[i + 1 :]:
            assert not label.overlaps(other), (label, other)
        # (shrunk by a pixel: the box of the drawn text against the box that was measured)
        (x0, y0), (x1, y1) = to_data.transform(
            [(label.x0 + 1, label.y0 + 1), (label.x1 - 1, label.y1 - 1)]
        )
        assert not box(x0, y0, x1, y1).intersects(shapes), label
