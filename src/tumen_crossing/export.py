"""Static export: the map, details, trade, timeline and sources as one self-contained page.

`python -m tumen_crossing export OUTDIR` writes ``OUTDIR/index.html``, its stylesheet and the
vendored Leaflet files under ``OUTDIR/assets/``. The map is the app's own (`mapview.build_map`
with the asset prefix ``assets/``, saved by folium), so the page needs no CDN and no server: it
opens from ``file://`` and from any static host or CDN, for any number of readers.

This is a renderer of the same views as the Streamlit panels (`views`), through autoescaped
package templates (``templates/export/``): each feature's details block is rendered at export
time and embedded as JSON keyed by feature id; a small script shows the right block when a
layer is clicked or the URL hash names a feature (``#feature=road-bridge``). The only requests
the page makes outside its own folder are for map tiles.
"""

from __future__ import annotations

import gzip
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from folium.template import Template
from markupsafe import Markup

from tumen_crossing import i18n, mapview, preview, unfurl, views, vocab
from tumen_crossing.assets import PACKAGE_FILES, VENDOR_DIR
from tumen_crossing.content import Content
from tumen_crossing.templating import html_json, render
from tumen_crossing.viewstate import DEFAULT, ViewState

ASSETS_PREFIX = "assets/"
"""Where the vendored files and the stylesheet live, relative to index.html."""
STYLESHEET = "tumen-crossing.css"
SHARE_DIR = "share"
PREVIEWS_DIR = "previews"
TEMPLATES = files("tumen_crossing") / "templates" / "export"


@dataclass(frozen=True)
class ExportResult:
    """What was written, for the CLI to report."""

    outdir: Path
    index_bytes: int
    index_gzip_bytes: int
    asset_files: int
    asset_bytes: int
    share_files: int = 0
    share_bytes: int = 0
    """Share pages and previews: fetched by unfurlers, not by readers of the page."""

    @property
    def total_bytes(self) -> int:
        """What a reader's browser can load: the page and its assets."""
        return self.index_bytes + self.asset_bytes

    def __str__(self) -> str:
        return (
            f"{self.outdir / 'index.html'}: {_kb(self.index_bytes)} "
            f"({_kb(self.index_gzip_bytes)} gzipped) + {self.asset_files} asset files "
            f"({_kb(self.asset_bytes)}) = {_kb(self.total_bytes)} in total; "
            f"{self.share_files} share pages and previews ({_kb(self.share_bytes)})"
        )


def _kb(size: int) -> str:
    return f"{size / 1000:,.1f} kB"


def stylesheet() -> str:
    return (TEMPLATES / "page.css").read_text(encoding="utf-8")


# --- the trade chart as SVG: geometry here, markup in templates/export/trade.html --------------


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class YearLabel:
    x: float
    label: int


@dataclass(frozen=True)
class Polyline:
    points: str
    colour: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    colour: str
    tooltip: str
    annotation: str | None
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    year_y: int
    mid_y: int
    ticks: tuple[Tick, ...]
    years: tuple[YearLabel, ...]
    lines: tuple[Polyline, ...]
    dots: tuple[Dot, ...]


def _nice_step(top: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10ⁿ) giving about `ticks` intervals up to `top`."""
    raw = max(top, 1e-9) / ticks
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1.0
    while magnitude > raw:
        magnitude /= 10
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover


def trade_chart(view: views.TradeView) -> Chart | None:
    """Where each tick, label, line and dot of the trade chart goes: series are never joined,
    and a series' line is broken wherever a year has no figure (`TradeView.lines`)."""
    if not view.points:
        return None
    width, height = 640, 300
    left, right, top, bottom = 56, 16, 16, 40
    years = [p.year for p in view.points]
    first, last = min(years) - 0.5, max(years) + 0.5
    top_value = max(p.value_musd for p in view.points)
    step = _nice_step(top_value)
    y_max = step * -(-top_value // step)

    def x(year: float) -> float:
        return round(left + (year - first) / (last - first) * (width - left - right), 1)

    def y(value: float) -> float:
        return round(height - bottom - value / y_max * (height - top - bottom), 1)

    ticks = []
    tick = 0.0
    while tick <= y_max + 1e-9:
        ticks.append(Tick(y(tick), f"{tick:g}"))
        tick += step
    lines = [
        Polyline(" ".join(f"{x(p.year)},{y(p.value_musd)}" for p in run), run[0].colour)
        for run in view.lines
        if len(run) > 1  # one line per run of consecutive years: none crosses a missing year
    ]
    dots = []
    for series in view.series:
        points = [p for p in view.points if p.measure == series.measure]
        for p in points:
            cx, cy = x(p.year), y(p.value_musd)
            right_half = cx > width / 2  # labels on the right run leftwards, so none is cut off
            dots.append(
                Dot(
                    cx,
                    cy,
                    p.colour,
                    p.tooltip,
                    p.annotation,
                    round(cx - 7 if right_half else cx + 7, 1),
                    round(cy - 9, 1),
                    "end" if right_half else "start",
                )
            )
    return Chart(
        width=width,
        height=height,
        left=left,
        right=width - right,
        year_y=height - bottom + 16,
        mid_y=round((height - bottom + top) / 2),
        ticks=tuple(ticks),
        years=tuple(YearLabel(x(yr), yr) for yr in range(min(years), max(years) + 1)),
        lines=tuple(lines),
        dots=tuple(dots),
    )


# --- the page ---------------------------------------------------------------------------------


def details_html(content: Content, feature_id: str) -> str:
    """The details block for one feature: what the app's Details tab shows, as HTML."""
    feature = content.feature(feature_id)
    if feature is None:
        return ""
    ui = i18n.words_for(content).ui
    return render("export/details.html", d=views.details(content, feature), ui=ui, level=2)


def intro_html(content: Content) -> str:
    """What the side panel shows before anything is selected: a hint and every feature."""
    features = [
        (ref, views.feature_kind(content, ref.feature_id)) for ref in views.feature_choices(content)
    ]
    w = i18n.words_for(content)
    return render("export/intro.html", heading=w.tab("details"), features=features, ui=w.ui)


def language_links(lang: str) -> list[tuple[str, str, str, bool]]:
    """The switcher's links from a page in `lang`: (code, own name, address, current)."""
    home = "" if lang == vocab.LANGUAGE else "../"
    return [
        (
            code,
            vocab.LANGUAGE_SELF_NAMES[code],
            f"{home}{language_dir(code)}index.html",
            code == lang,
        )
        for code in vocab.LANGUAGES
    ]


def language_dir(lang: str) -> str:
    """Where a language's pages live in the site: English at the root, 'ru/', 'ko/'."""
    return "" if lang == vocab.LANGUAGE else f"{lang}/"


def dates_html(content: Content) -> str:
    """The date control under the map: every key date as a button, grouped by year, as the
    app's strip (`views.date_strip`), with ◀ ▶ and the day shown."""
    return render(
        "export/dates.html", years=views.date_strip(content), ui=i18n.words_for(content).ui
    )


def dates_data(content: Content) -> dict:
    """What the date control applies: each day's look of every feature drawn on it (as the
    app's `mapview.DayStyles`), with identical looks written once and named by their index,
    so 34 days cost a few kilobytes instead of one map each."""
    looks: list[dict] = []
    index: dict[str, int] = {}
    days = []
    for choice in views.date_choices(content):
        drawn = {}
        for feature_id, look in mapview.day_looks(content, choice.value).items():
            key = html_json(look)
            if key not in index:
                index[key] = len(looks)
                looks.append(look)
            drawn[feature_id] = index[key]
        days.append(
            {
                "value": choice.value.isoformat() if choice.value else "",
                "label": choice.label,
                "features": drawn,
            }
        )
    return {"looks": looks, "days": days}


def page_html(content: Content) -> str:
    """Everything in <body> besides the map div: header, side panel, sections."""
    w = i18n.words_for(content)
    trade_view = views.trade(content)
    trade = render("export/trade.html", trade=trade_view, chart=trade_chart(trade_view), ui=w.ui)
    return render(
        "export/body.html",
        copy=views.page_copy(content),
        tabs=w.tabs,
        languages=language_links(content.lang),
        language_label=w.ui.language_control,
        intro=Markup(intro_html(content)),
        dates=Markup(dates_html(content)),
        trade_view=trade_view,
        trade=Markup(trade),
        timeline=views.timeline(content),
        sources=views.sources(content),
        story_first=content.story[0].id if content.story else None,
        ui=w.ui,
    )


def story_html(view: views.StoryView, ui: vocab.InterfaceText) -> str:
    """One chapter of the story as the side panel shows it (``#story=<id>``)."""
    return render("export/story.html", s=view, ui=ui)


def story_data(content: Content) -> dict:
    """Each chapter's block and view, keyed by chapter id, and the reading order."""
    chapters = [v for c in content.story if (v := views.story(content, c.id))]
    return {
        "order": [v.chapter_id for v in chapters],
        "blocks": {v.chapter_id: story_html(v, i18n.words_for(content).ui) for v in chapters},
        "views": {
            v.chapter_id: {
                "center": v.center,
                "zoom": v.zoom,
                "day": v.day.isoformat() if v.day else "",
                "features": [ref.feature_id for ref in v.features],
            }
            for v in chapters
        },
    }


def page_data(content: Content) -> dict:
    """The JSON the page script reads: details blocks and map views, keyed by feature id, and
    the story's chapters."""
    return {
        "details": {f.id: details_html(content, f.id) for f in content.features},
        "views": {f.id: mapview.view_for(f) for f in content.features},
        "story": story_data(content),
        "dates": dates_data(content),
    }


class StaticPage(MacroElement):
    """The rest of the page around the map: stylesheet, body sections, data and the script.

    Added to the map last, so its header follows folium's styles, its HTML follows the map
    div and its script runs after every layer exists.
    """

    _template = Template((TEMPLATES / "static_page.js.j2").read_text(encoding="utf-8"))

    def __init__(self, content: Content, asset_prefix: str = ASSETS_PREFIX) -> None:
        super().__init__()
        self._name = "StaticPage"
        self.stylesheet = asset_prefix + STYLESHEET
        self.body = page_html(content)
        self.data = html_json(page_data(content))
        self.layer_names: list[str] = []  # the folium GeoJson layers, set once names are final
        self.halo = {"pane": mapview.HALO_PANE, "style": mapview.HALO_STYLE}
        self.hit_class = mapview.HIT_CLASS
        self.day_styles_js = mapview.DAY_STYLES_JS


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def _number_ids(root: Element) -> None:
    """Replace folium's random element ids with a count, in tree order (attributes included:
    the minimap keeps its tile layer as an attribute, not a child)."""
    seen: set[int] = set()
    for element in _walk(root):
        for item in (element, *(v for v in vars(element).values() if isinstance(v, Element))):
            if id(item) not in seen:
                seen.add(id(item))
                item._id = f"{len(seen):04d}"


def build_page(content: Content) -> str:
    """The whole index.html of the content's language (see `_build_page`)."""
    return _build_page(content, ("../" if content.lang != vocab.LANGUAGE else "") + ASSETS_PREFIX)


def _build_page(content: Content, asset_prefix: str) -> str:
    """The whole index.html: the app's map with base-tile choice, plus the static page around it.

    Element ids are numbered instead of random, so the same content gives the same bytes (a CDN
    keeps its cache, a diff shows only what changed).
    """
    fmap = mapview.build_map(content, asset_prefix=asset_prefix, click_feedback=False)
    # The reader picks the base map in the layer control, which must come after them.
    w = i18n.words_for(content)
    for base in reversed(vocab.BASE_IDS):
        layer = mapview.tile_layer(base, w, overlay=False, control=True, show=base == "osm")
        layer.add_to(fmap)
        fmap._children.move_to_end(layer.get_name(), last=False)
    page = StaticPage(content, asset_prefix)
    page.add_to(fmap)
    figure = fmap.get_root()
    figure.title = vocab.SITE_NAME
    _number_ids(figure)
    page.layer_names = [e.get_name() for e in _walk(fmap) if isinstance(e, folium.GeoJson)]
    return accessible(figure.render(), content.lang)


_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>', re.S)


def accessible(page: str, lang: str = vocab.LANGUAGE) -> str:
    """folium's page with the reader's language declared and a viewport that lets phone readers
    zoom (folium's own sets maximum-scale=1 and user-scalable=no)."""
    page = page.replace("<html>", f'<html lang="{lang}">', 1)
    return _VIEWPORT.sub(
        '<meta name="viewport" content="width=device-width, initial-scale=1">', page
    )


def _absolute(public_url: str | None, path: str, here: str = "") -> str:
    """An address under the site's public root; without one, relative to the page's own
    folder `here` ('ru/share/'), so that previews still open from disk (unfurlers, which
    ignore relative images, then show no picture)."""
    if not public_url:
        return "../" * here.count("/") + path
    return public_url.rstrip("/") + "/" + path


def share_pages(content: Content, public_url: str | None = None) -> dict[str, bytes]:
    """Each language's share pages and previews, under its folder (see `_share_pages`)."""
    found: dict[str, bytes] = {}
    for lang in vocab.LANGUAGES:
        folder = language_dir(lang)
        localised = i18n.localised(content, lang)
        found |= {
            folder + path: data
            for path, data in _share_pages(localised, public_url, folder).items()
        }
    return found


def _share_pages(
    content: Content, public_url: str | None = None, folder: str = ""
) -> dict[str, bytes]:
    """What makes a shared export link unfurl, as files by path: each view's preview picture,
    a small page per feature (``share/<id>.html``) whose head describes that feature and which
    forwards readers to ``index.html#feature=<id>`` (a hash never reaches a server, so the
    hash link itself cannot carry its own card), and the overview's head for ``index.html``.
    """
    files: dict[str, bytes] = {}
    states = [DEFAULT, *(ViewState(feature=f.id) for f in content.features)]
    for state in states:
        name = unfurl.preview_name(state)
        files[f"{PREVIEWS_DIR}/{name}"] = preview.render_png(content, unfurl.image_state(state))
        if state.feature is None:
            continue
        page_path = f"{SHARE_DIR}/{state.feature}.html"
        here = f"{folder}{SHARE_DIR}/"
        summary = views.share(content, state)
        head = unfurl.head_html(
            summary,
            _absolute(public_url, folder + page_path, here),
            _absolute(public_url, f"{folder}{PREVIEWS_DIR}/{name}", here),
            content.lang,
            {
                lang: _absolute(public_url, f"{language_dir(lang)}{page_path}", here)
                for lang in vocab.LANGUAGES
            },
        )
        page = render(
            "export/share.html",
            head=Markup(head),
            summary=summary,
            target=f"../index.html#feature={state.feature}",
            lang=content.lang,
        )
        files[page_path] = page.encode("utf-8")
    return files


def index_head(content: Content, page: str, public_url: str | None = None) -> str:
    """index.html with the overview's own head and no-script summary, in its language."""
    summary = views.share(content, DEFAULT)
    folder = language_dir(content.lang)
    head = unfurl.head_html(
        summary,
        _absolute(public_url, f"{folder}index.html", folder),
        _absolute(public_url, f"{folder}{PREVIEWS_DIR}/{unfurl.preview_name(DEFAULT)}", folder),
        content.lang,
        {
            lang: _absolute(public_url, f"{language_dir(lang)}index.html", folder)
            for lang in vocab.LANGUAGES
        },
    )
    noscript = unfurl.noscript_html(summary, i18n.words_for(content))
    return unfurl.rewrite_index(page, head, noscript, lang=content.lang)


def export_site(
    content: Content,
    outdir: Path,
    vendor_dir: Path = VENDOR_DIR,
    public_url: str | None = None,
) -> ExportResult:
    """Write OUTDIR/index.html, OUTDIR/assets/ (stylesheet and vendored files), the share pages
    and their previews (each folder replaced wholesale, so nothing stale). `public_url` is the
    address the site will be served from, for the absolute links unfurlers need."""
    pages = {}
    for lang in vocab.LANGUAGES:
        localised = i18n.localised(content, lang)
        page = index_head(localised, build_page(localised), public_url)
        pages[f"{language_dir(lang)}index.html"] = page.encode("utf-8")
    page = pages["index.html"]
    outdir.mkdir(parents=True, exist_ok=True)
    for lang in vocab.LANGUAGES:
        for folder in (ASSETS_PREFIX, SHARE_DIR, PREVIEWS_DIR):
            if (outdir / language_dir(lang) / folder).exists():
                shutil.rmtree(outdir / language_dir(lang) / folder)
    for path, data in share_pages(content, public_url).items():
        (outdir / path).parent.mkdir(parents=True, exist_ok=True)
        (outdir / path).write_bytes(data)
    assets_dir = outdir / ASSETS_PREFIX
    shutil.copytree(
        vendor_dir, assets_dir / "vendor", ignore=shutil.ignore_patterns(*PACKAGE_FILES)
    )
    (assets_dir / STYLESHEET).write_text(stylesheet(), encoding="utf-8")
    for path, data in pages.items():
        (outdir / path).parent.mkdir(parents=True, exist_ok=True)
        (outdir / path).write_bytes(data)
    assets = [p for p in assets_dir.rglob("*") if p.is_file()]
    shared = [
        p
        for lang in vocab.LANGUAGES
        for d in (SHARE_DIR, PREVIEWS_DIR)
        for p in (outdir / language_dir(lang) / d).rglob("*")
        if p.is_file()
    ]
    return ExportResult(
        outdir=outdir,
        index_bytes=len(page),
        index_gzip_bytes=len(gzip.compress(page, mtime=0)),
        asset_files=len(assets),
        asset_bytes=sum(p.stat().st_size for p in assets),
        share_files=len(shared),
        share_bytes=sum(p.stat().st_size for p in shared),
    )
