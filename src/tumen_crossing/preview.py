"""The picture a shared link unfurls with: a 1200×630 PNG of a view, drawn from our own shapes.

Messengers and social networks show an `og:image` beside a link, but they run no JavaScript, so
they can never see the live map (and its tiles are not ours to hand out). This draws the view on
the server instead, with geopandas and matplotlib and no tiles: the features as they stood on
the view's date, styled as on the map (`mapview.style_for`), the selected ones haloed as on the
map, a scale bar, the view's title and date, and the attribution the river and borders need.

The same view gives the same bytes on every run and every machine with the same pinned
libraries: fonts are the DejaVu files matplotlib ships (never a system font found by name), the
PNG carries no software or date metadata, and nothing depends on the clock. No Streamlit here,
so the app server and the static export can both call `render_png`.
"""

from __future__ import annotations

import io
import math
import re
import threading
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # geopandas imports pyplot; a server has no display, so never pick a GUI

import geopandas as gpd
import shapely
from matplotlib import font_manager, patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar
from PIL import Image
from shapely.geometry import box

from tumen_crossing import i18n, viewstate
from tumen_crossing.content import Content, Feature
from tumen_crossing.history import drawn_at
from tumen_crossing.mapview import style_for
from tumen_crossing.unfurl import (
    IMAGE_HEIGHT,
    IMAGE_WIDTH,
    SHELL_IMAGE_HEIGHT,
    SHELL_IMAGE_WIDTH,
)
from tumen_crossing.views import day_text
from tumen_crossing.views import status_summary as status_line
from tumen_crossing.viewstate import ViewState
from tumen_crossing.vocab import HIGHLIGHT_COLOUR as HIGHLIGHT
from tumen_crossing.vocab import SITE_NAME

WIDTH, HEIGHT = IMAGE_WIDTH, IMAGE_HEIGHT
DPI = 100
HEADER_PX = 122
"""The band above the map that holds the title and the date."""
FOOTER_PX = 44
"""The band below the map that holds the legend and the attribution."""
MARGIN_PX = 36
SCALE = 1.4
"""Map strokes drawn this much heavier than on screen: cards are shown at about 500 px wide."""
PX = 72 / DPI
"""Points per pixel: Leaflet styles are in pixels, matplotlib sizes in points."""
ATTRIBUTION = "© OpenStreetMap contributors"
BACKGROUND = "#f4f1ea"
INK = "#1b2631"
MUTED = "#566573"
ACCENT = "#b03a2e"
BRIDGE_KINDS = frozenset({"rail-bridge", "road-bridge"})
FRAMED_KINDS = BRIDGE_KINDS
"""Always in the picture: the bridges, so every view shows where the crossing is."""
LABELLED_KINDS = frozenset(
    {"rail-bridge", "road-bridge", "station", "checkpoint", "viewpoint", "port", "city", "tripoint"}
)
MIN_HALF_SPAN_M = 1_250.0
"""The smallest frame: 2.5 km high, both bridges with both banks and the checkpoint."""

_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
_CJK = Path("/usr/share/fonts/opentype/noto")
"""Debian's fonts-noto-cjk: Korean needs glyphs DejaVu lacks (by file, never by name)."""


def _families() -> list[str]:
    """DejaVu Sans, then Noto Sans CJK for the glyphs it lacks (Korean), each added by its
    file, so that matplotlib falls back glyph by glyph; DejaVu alone without that package."""
    families = []
    for path in (
        _FONTS / "DejaVuSans.ttf",
        _FONTS / "DejaVuSans-Bold.ttf",
        _CJK / "NotoSansCJK-Regular.ttc",
        _CJK / "NotoSansCJK-Bold.ttc",
    ):
        if path.exists():
            font_manager.fontManager.addfont(str(path))
            name = font_manager.FontProperties(fname=path).get_name()
            if name not in families:
                families.append(name)
    return families


FAMILIES = _families()


def _font(weight: str = "normal", size: float | None = None) -> FontProperties:
    return FontProperties(family=FAMILIES, weight=weight, size=size)


REGULAR = _font()
BOLD = _font("bold")
_LOCK = threading.Lock()
"""matplotlib's font cache and text layout are not thread-safe; one picture at a time."""


@dataclass(frozen=True)
class Caption:
    """The words drawn on the picture (its alt text is the view summary's `image_alt`)."""

    heading: str
    subheading: str


def plain(text: str) -> str:
    """One line of text: content may hold newlines or control characters, the picture may not."""
    return re.sub(r"\s+", " ", "".join(c if c.isprintable() else " " for c in text)).strip()


def caption(content: Content, state: ViewState) -> Caption:
    """Heading and subheading for a view, from the same core the panels use."""
    feature = content.feature(state.feature or "")
    event = next((e for e in content.events if e.id == state.event), None)
    w = i18n.words_for(content)
    when = (
        w.ui.preview_as_of.format(date=day_text(content, state.date))
        if state.date
        else w.ui.preview_newest
    )
    if event and state.tab == "timeline":
        heading = event.title
        subheading = f"{w.partial_date(event.date)} · {w.ui.preview_map.format(when=when)}"
    elif feature:
        heading = getattr(feature.props.name, w.lang)
        subheading = f"{status_line(feature, state.date, w)} · {when}"
    else:
        heading = SITE_NAME
        subheading = f"{w.ui.tagline} · {when}"
    return Caption(plain(heading), plain(subheading))


@cache
def _metric_crs(bounds: tuple[float, float, float, float]) -> str:
    """The UTM zone of the content (52N here): a scale bar in metres needs metres on the axes."""
    return gpd.GeoSeries([box(*bounds)], crs="EPSG:4326").estimate_utm_crs().to_string()


def _frame(frame: gpd.GeoSeries, aspect: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Axis limits around the shapes to frame, padded and stretched to the map's aspect."""
    minx, miny, maxx, maxy = frame.total_bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half_h = max((maxy - miny) / 2 * 1.3, (maxx - minx) / 2 * 1.3 / aspect, MIN_HALF_SPAN_M)
    half_w = half_h * aspect
    return (cx - half_w, cx + half_w), (cy - half_h, cy + half_h)


def _line_kwargs(style: dict, scale: float = SCALE) -> dict:
    """Leaflet's path style (pixels, dash arrays as text) as matplotlib line keywords."""
    width = style.get("weight", 3) * scale * PX
    dashes = style.get("dashArray")
    kwargs: dict = {
        "color": style.get("color", INK),
        "linewidth": width,
        "alpha": style.get("opacity", 1.0),
        "capstyle": "butt" if style.get("lineCap") == "butt" else "round",
        "joinstyle": "round",
    }
    if dashes:
        pattern = tuple(float(x) * scale * PX for x in str(dashes).split())
        kwargs["linestyle"] = (0, pattern)
    return kwargs


def _point_kwargs(style: dict, radius_px: float) -> dict:
    diameter = 2 * radius_px * SCALE * PX
    return {
        "markersize": diameter**2,
        "color": style.get("fillColor", style.get("color", INK)) if style.get("fill") else "none",
        "edgecolor": style.get("color", INK),
        "linewidth": style.get("weight", 3) * SCALE * PX,
        "alpha": style.get("fillOpacity", 1.0),
    }


def _scale_length(width_m: float) -> float:
    """A round length (1, 2 or 5 × 10ⁿ m) near a fifth of the map's width."""
    target = width_m / 5
    power = 10 ** math.floor(math.log10(target))
    return max((m * power for m in (1, 2, 5) if m * power <= target), default=power)


def _scale_label(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


def _fit_text(fig: Figure, text: str, props: FontProperties, sizes: range, width: float) -> float:
    """The largest size in `sizes` at which text fits `width` pixels (the smallest otherwise)."""
    renderer = fig.canvas.get_renderer()
    for size in sizes:
        probe = fig.text(0, 0, text, fontproperties=props, fontsize=size, parse_math=False)
        fits = probe.get_window_extent(renderer).width <= width
        probe.remove()
        if fits:
            return size
    return sizes[-1]


def _shorten(fig: Figure, text: str, props: FontProperties, size: float, width: float) -> str:
    """Text cut at a word with an ellipsis until it fits `width` pixels at `size`."""
    renderer = fig.canvas.get_renderer()
    words = text.split(" ")
    candidate = text
    while len(words) > 1:
        probe = fig.text(0, 0, candidate, fontproperties=props, fontsize=size, parse_math=False)
        fits = probe.get_window_extent(renderer).width <= width
        probe.remove()
        if fits:
            return candidate
        words.pop()
        candidate = " ".join(words).rstrip(",;:·–—") + "…"
    return candidate


_PLACEMENTS = (  # offset in points and alignment: right, left, above, below the anchor
    *(
        (sx * dx, sy * dy, ha, "bottom" if sy > 0 else "top")
        for dx, dy in ((12, 5), (14, 20))
        for sx, ha in ((1, "left"), (-1, "right"))
        for sy in (1, -1)
    ),
    (0, 14, "center", "bottom"),
    (0, -14, "center", "top"),
)


def _labels(ax, fig: Figure, shapes: gpd.GeoDataFrame, focus: set[str]) -> None:
    """Names beside places and bridges, the highlighted first. Each takes the first position
    that stays on the map, clear of the labels already placed and of every shape; a name with
    no such place is left out (the heading already names the highlighted feature)."""
    renderer = fig.canvas.get_renderer()
    to_data = ax.transData.inverted()
    map_box = ax.get_window_extent(renderer)
    obstacles = shapes.geometry.union_all()
    placed: list[Bbox] = []
    order = sorted(
        shapes.itertuples(),
        key=lambda r: (r.id not in focus, r.kind not in BRIDGE_KINDS, r.order),
    )
    for row in order:
        if row.id not in focus and row.kind not in LABELLED_KINDS:
            continue
        if row.geometry.geom_type == "Point":
            anchors = [row.geometry]
        else:
            ends = shapely.points(shapely.get_coordinates(row.geometry))
            anchors = [
                row.geometry.interpolate(0.5, normalized=True),
                max(ends, key=lambda p: p.x),
                min(ends, key=lambda p: p.x),
            ]

        def put(anchor, placement, row=row):
            dx, dy, ha, va = placement
            text = ax.annotate(
                plain(row.name),
                (anchor.x, anchor.y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontproperties=BOLD if row.id in focus else REGULAR,
                fontsize=16 if row.id in focus else 13,
                color=INK if row.id in focus else MUTED,
                parse_math=False,
                zorder=30,
            )
            text.set_path_effects([patheffects.withStroke(linewidth=3.5, foreground="white")])
            return text, text.get_window_extent(renderer)

        # The label is laid out once; each placement only moves its box (an offset in points
        # from the anchor, then the box aligned on that point), as matplotlib would place it.
        probe, size = put(anchors[0], (0, 0, "left", "bottom"))
        probe.remove()

        def box_at(anchor, placement, size=size) -> Bbox:
            dx, dy, ha, va = placement
            at_x, at_y = ax.transData.transform((anchor.x, anchor.y))
            x0 = at_x + dx / PX - {"left": 0, "center": size.width / 2, "right": size.width}[ha]
            y0 = at_y + dy / PX - {"bottom": 0, "center": size.height / 2, "top": size.height}[va]
            return Bbox.from_bounds(x0, y0, size.width, size.height)

        chosen = None
        for anchor, placement in ((a, p) for a in anchors for p in _PLACEMENTS):
            extent = box_at(anchor, placement)
            inside = (
                extent.x0 >= map_box.x0 + 4
                and extent.x1 <= map_box.x1 - 4
                and extent.y0 >= map_box.y0 + 40
                and extent.y1 <= map_box.y1 - 4
            )
            if not inside or any(extent.overlaps(other) for other in placed):
                continue
            (x0, y0), (x1, y1) = to_data.transform([(extent.x0, extent.y0), (extent.x1, extent.y1)])
            if not box(x0, y0, x1, y1).intersects(obstacles):
                chosen = (anchor, placement)
                break
        if chosen:
            placed.append(put(*chosen)[1].expanded(1.04, 1.1))


LEGEND_KINDS = ("rail-bridge", "road-bridge", "river", "border", "rail-line")


def _legend(fig: Figure, drawn: list[Feature], day: date | None, w: i18n.Words) -> None:
    """One row naming the line styles on the picture, drawn with the shapes' own styles."""
    handles = []
    for kind in LEGEND_KINDS:
        feature = next((f for f in drawn if f.props.kind == kind), None)
        if feature is None:
            continue
        style = _line_kwargs(style_for(feature, day), scale=1.0)
        handles.append(
            Line2D(
                [],
                [],
                color=style["color"],
                linewidth=min(style["linewidth"], 5),
                linestyle=style.get("linestyle", "-"),
                alpha=style["alpha"],
                label=w.kind(kind),
            )
        )
    if handles:
        fig.legend(
            handles=handles,
            loc="center left",
            bbox_to_anchor=(MARGIN_PX / WIDTH - 0.008, FOOTER_PX / 2 / HEIGHT),
            ncols=len(handles),
            prop=_font(size=12.5),
            frameon=False,
            handlelength=2.4,
            columnspacing=1.4,
        )


def render_png(content: Content, state: ViewState) -> bytes:
    """The view as a 1200×630 PNG. Pure: the same content and view give the same bytes."""
    # Dash lengths are given in pixels like Leaflet's, not in multiples of the line width.
    with _LOCK, matplotlib.rc_context({"lines.scale_dashes": False}):
        return _render(content, state)


def shell_webp(png: bytes, quality: int = 80) -> bytes:
    """The preview made small for the page's first paint: resized to the shell's size and
    encoded as WebP (~30 kB instead of ~120 kB), so that on a slow network it arrives before
    the app's scripts. Made from the drawn PNG, so the map is never drawn twice."""
    with Image.open(io.BytesIO(png)) as image:
        small = image.convert("RGB").resize(
            (SHELL_IMAGE_WIDTH, SHELL_IMAGE_HEIGHT), Image.Resampling.LANCZOS
        )
    out = io.BytesIO()
    small.save(out, format="WEBP", quality=quality, method=6)
    return out.getvalue()


def _render(content: Content, state: ViewState) -> bytes:
    day = state.date
    events = {e.id: e for e in content.events}
    related = events[state.event].features if state.event in events else []
    focus = [f for i in viewstate.highlighted(state, related) if (f := content.feature(i))]
    focus_ids = {f.id for f in focus}
    drawn = [f for f in content.features if drawn_at(f, day)]
    everything = [*content.features]
    if not everything:
        raise ValueError("no features to draw")
    wgs84 = gpd.GeoDataFrame(
        {
            "id": [f.id for f in everything],
            "name": [getattr(f.props.name, content.lang, f.props.name.en) for f in everything],
            "kind": [f.props.kind for f in everything],
            "order": range(len(everything)),
        },
        geometry=[f.geometry for f in everything],
        crs="EPSG:4326",
    )
    shapes = wgs84.to_crs(_metric_crs(tuple(wgs84.total_bounds)))
    drawn_ids = {f.id for f in drawn}

    fig = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(fig)
    # geopandas asks for a redraw after every layer it adds (for interactive windows); the
    # picture is drawn once, when it is saved.
    canvas.draw_idle = lambda *args, **kwargs: None
    map_top = (HEIGHT - HEADER_PX) / HEIGHT
    map_bottom = FOOTER_PX / HEIGHT
    ax = fig.add_axes((0, map_bottom, 1, map_top - map_bottom))
    ax.set_facecolor(BACKGROUND)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_aspect("equal")

    # Frame the highlighted features with the crossing, so the bridges are always in view.
    framed = shapes[shapes["id"].isin(focus_ids) | shapes["kind"].isin(FRAMED_KINDS)]
    xlim, ylim = _frame(framed.geometry, WIDTH / (HEIGHT - HEADER_PX - FOOTER_PX))

    # Opaque halos beneath everything, as on the live map; only for features that stood that day.
    for row in shapes[shapes["id"].isin(focus_ids & drawn_ids)].itertuples():
        halo = gpd.GeoSeries([row.geometry], crs=shapes.crs)
        if row.geometry.geom_type == "Point":
            halo.plot(ax=ax, markersize=(2 * 17 * SCALE * PX) ** 2, color=HIGHLIGHT)
        else:
            style = {"color": HIGHLIGHT, "weight": 20, "opacity": 1.0}
            halo.plot(ax=ax, **_line_kwargs(style) | {"capstyle": "round"})

    by_id = {f.id: f for f in drawn}
    for row in shapes[shapes["id"].isin(drawn_ids)].itertuples():
        style = style_for(by_id[row.id], day)
        series = gpd.GeoSeries([row.geometry], crs=shapes.crs)
        if row.geometry.geom_type == "Point":
            series.plot(ax=ax, **_point_kwargs(style, style.get("radius", 7)), zorder=20)
        else:
            series.plot(ax=ax, **_line_kwargs(style), zorder=10)

    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("")  # geopandas names the axes after the CRS; a picture has no axes
    ax.set_ylabel("")
    ax.apply_aspect()  # fix the axes box now: labels are placed by measuring against it
    _labels(ax, fig, shapes[shapes["id"].isin(drawn_ids)], focus_ids)

    _legend(fig, [by_id[i] for i in shapes["id"] if i in by_id], day, i18n.words_for(content))
    length = _scale_length(xlim[1] - xlim[0])
    bar = AnchoredSizeBar(
        ax.transData,
        length,
        _scale_label(length),
        loc="lower left",
        pad=0.5,
        borderpad=0.8,
        sep=4,
        frameon=True,
        size_vertical=(ylim[1] - ylim[0]) / 110,
        color=INK,
        fontproperties=_font(size=13),
    )
    bar.patch.set(facecolor="white", alpha=0.85, edgecolor="none")
    ax.add_artist(bar)
    fig.text(
        1 - MARGIN_PX / WIDTH,
        FOOTER_PX / 2 / HEIGHT,
        ATTRIBUTION,
        ha="right",
        va="center",
        fontproperties=REGULAR,
        fontsize=12.5,
        color=MUTED,
        parse_math=False,
    )

    words = caption(content, state)
    margin = MARGIN_PX
    room = WIDTH - 2 * margin
    size = _fit_text(fig, words.heading, BOLD, range(36, 25, -2), room)
    fig.text(
        margin / WIDTH,
        1 - 22 / HEIGHT,
        _shorten(fig, words.heading, BOLD, size, room),
        fontproperties=BOLD,
        fontsize=size,
        color=INK,
        va="top",
        parse_math=False,
    )
    fig.text(
        margin / WIDTH,
        1 - 80 / HEIGHT,
        _shorten(fig, words.subheading, REGULAR, 17, room),
        fontproperties=REGULAR,
        fontsize=17,
        color=MUTED,
        va="top",
        parse_math=False,
    )
    fig.add_artist(
        Line2D([0, 1], [map_top, map_top], transform=fig.transFigure, color=ACCENT, lw=3)
    )

    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()
