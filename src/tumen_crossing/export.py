"""Static export: the map, details, trade, timeline and sources as one self-contained page.

`python -m tumen_crossing export OUTDIR` writes ``OUTDIR/index.html`` and copies the vendored
Leaflet files to ``OUTDIR/assets/vendor``. The map is the app's own (`mapview.build_map` after
`use_self_hosted_assets("assets/")`, saved by folium), so the page needs no CDN and no server:
it opens from ``file://`` and from any static host or CDN, for any number of readers.

Everything a reader sees beyond the map is built here at export time from escaped text: each
feature's details block is HTML generated in Python and embedded as JSON keyed by feature id;
a small script shows the right block when a layer is clicked or the URL hash names a feature
(``#feature=road-bridge``). The only requests the page makes outside its own folder are for map
tiles.
"""

from __future__ import annotations

import gzip
import html
import json
import shutil
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from tumen_crossing import mapview
from tumen_crossing.assets import VENDOR_DIR, use_self_hosted_assets
from tumen_crossing.citations import uses_by_source
from tumen_crossing.claims import format_value, groups_for
from tumen_crossing.content import Content, Feature
from tumen_crossing.dates import date_start, format_partial_date
from tumen_crossing.mapview import KIND_LABELS, STATUS_LABELS
from tumen_crossing.measurements import format_metres
from tumen_crossing.models import Source
from tumen_crossing.text import safe_url
from tumen_crossing.trade import MEASURE_LABELS, annual_change

ASSETS_PREFIX = "assets/"
"""Where the vendored files live, relative to index.html (``assets/vendor/...``)."""

PAGE_TITLE = "Tumen Crossing"
SERIES_COLOURS = {"russian-exports": "#1f5f99", "bilateral-turnover": "#d35400"}
SANCTIONS_NOTE_SOURCES = ("bi-oil-2024-11", "nknews-2025-06-11")
"""Same ids as `panels.SANCTIONS_NOTE_SOURCES` (panels imports Streamlit, so not imported)."""


@dataclass(frozen=True)
class ExportResult:
    """What was written, for the CLI to report."""

    outdir: Path
    index_bytes: int
    index_gzip_bytes: int
    asset_files: int
    asset_bytes: int

    @property
    def total_bytes(self) -> int:
        return self.index_bytes + self.asset_bytes

    def __str__(self) -> str:
        return (
            f"{self.outdir / 'index.html'}: {_kb(self.index_bytes)} "
            f"({_kb(self.index_gzip_bytes)} gzipped) + {self.asset_files} asset files "
            f"({_kb(self.asset_bytes)}) = {_kb(self.total_bytes)} in total"
        )


def _kb(size: int) -> str:
    return f"{size / 1000:,.1f} kB"


# --- escaped HTML fragments -------------------------------------------------------------------


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def link(text: str, url: str) -> str:
    """An external link with escaped text; plain escaped text unless the URL is http(s)."""
    href = safe_url(url)
    if href is None:
        return esc(text)
    return f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer">{esc(text)}</a>'


def feature_link(feature: Feature) -> str:
    """An in-page link that selects a feature (handled by the hash listener)."""
    return f'<a href="#feature={esc(feature.id)}">{esc(feature.props.name.en)}</a>'


def cite(content: Content, source_ids: Sequence[str], brackets: bool = True) -> str:
    """'(Reuters; TASS)' with each publisher linked to its source."""
    if not source_ids:
        return ""
    parts = []
    for source_id in source_ids:
        source = content.sources.get(source_id)
        parts.append(link(source.publisher, str(source.url)) if source else esc(source_id))
    joined = "; ".join(parts)
    return f"({joined})" if brackets else joined


def source_entry(source: Source) -> str:
    when = f", {format_partial_date(source.published)}" if source.published else ""
    return f"{link(source.title, str(source.url))} — {esc(source.publisher)}{esc(when)}"


def details_html(content: Content, feature: Feature) -> str:
    """The details block for one feature: what the app's Details tab shows, as plain HTML."""
    props = feature.props
    status = props.status
    since = f" since {format_partial_date(status.since)}" if status.since else ""
    parts = [
        f'<article class="tc-details" data-feature="{esc(feature.id)}">',
        '<p class="tc-back"><a href="#">← All features</a></p>',
        f"<h2>{esc(props.name.en)}</h2>",
        f'<p class="tc-names"><span lang="ru">{esc(props.name.ru)}</span> · '
        f'<span lang="ko">{esc(props.name.ko)}</span></p>',
        f'<p class="tc-status"><strong>{esc(KIND_LABELS[props.kind])}</strong> · '
        f"{esc(STATUS_LABELS[status.status])}{esc(since)} "
        f"{cite(content, status.sources or props.sources)}</p>",
        f"<p>{esc(props.description)}</p>",
    ]
    for group in groups_for(content, feature.id):
        label = group.attribute.replace("-", " ").capitalize()
        rows = []
        if group.measured:
            rows.append(
                f"<li>Measured on this map: <strong>{esc(format_metres(group.measured.value_m))}"
                "</strong> (geodesic, WGS 84)</li>"
            )
        for claim in group.claims:
            note = f" — {esc(claim.note)}" if claim.note else ""
            rows.append(
                f"<li><strong>{esc(format_value(claim))}</strong> — "
                f"{cite(content, claim.sources, brackets=False)}, "
                f"{esc(format_partial_date(claim.claimed_on))}{note}</li>"
            )
        if group.disagree:
            rows.append(
                '<li class="tc-warn"><strong>Sources disagree</strong> on this figure.</li>'
            )
        parts.append(f'<h3>{esc(label)}</h3><ul class="tc-claims">{"".join(rows)}</ul>')
    parts.append(
        f"<p><strong>Position</strong> — accurate to about "
        f"±{esc(format_metres(props.accuracy_m))}. {esc(props.method)}</p>"
    )
    if len(props.statuses) > 1:
        rows = [
            f"<li>{esc(format_partial_date(s.since) if s.since else '—')}: "
            f"{esc(STATUS_LABELS[s.status])}{(' — ' + esc(s.note)) if s.note else ''} "
            f"{cite(content, s.sources or props.sources)}</li>"
            for s in props.statuses
        ]
        parts.append(f"<h3>History</h3><ul>{''.join(rows)}</ul>")
    sources = [
        f"<li>{source_entry(content.sources[s])}</li>"
        for s in props.sources
        if s in content.sources
    ]
    parts.append(f"<h3>Sources</h3><ul>{''.join(sources)}</ul>")
    parts.append("</article>")
    return "".join(parts)


def intro_html(content: Content) -> str:
    """What the side panel shows before anything is selected: a hint and every feature."""
    features = sorted(content.features, key=lambda f: f.props.name.en)
    items = "".join(
        f"<li>{feature_link(f)} <small>{esc(KIND_LABELS[f.props.kind])}</small></li>"
        for f in features
    )
    return (
        '<div class="tc-intro"><h2>Details</h2>'
        "<p>Click a bridge, the river, a border or a place on the map — or pick one:</p>"
        f'<ul class="tc-features">{items}</ul></div>'
    )


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


def trade_svg(content: Content) -> str:
    """An inline SVG line chart, one line per measure (series are never joined)."""
    figures = sorted(content.trade, key=lambda t: (t.measure, t.year))
    if not figures:
        return ""
    width, height = 640, 300
    left, right, top, bottom = 56, 16, 16, 40
    years = [t.year for t in figures]
    first, last = min(years) - 0.5, max(years) + 0.5
    values = [t.value_usd / 1e6 for t in figures]
    step = _nice_step(max(values))
    y_max = step * -(-max(values) // step)

    def x(year: float) -> float:
        return left + (year - first) / (last - first) * (width - left - right)

    def y(value: float) -> float:
        return height - bottom - value / y_max * (height - top - bottom)

    out = [
        f'<svg class="tc-chart" viewBox="0 0 {width} {height}" role="img" '
        'aria-label="Russia–North Korea trade by year, US$ million">'
    ]
    tick = 0.0
    while tick <= y_max + 1e-9:
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:g}</text>'
        )
        tick += step
    for year in range(min(years), max(years) + 1):
        out.append(
            f'<text x="{x(year):.1f}" y="{height - bottom + 16}" text-anchor="middle">{year}</text>'
        )
    out.append(
        f'<text x="14" y="{(height - bottom + top) / 2:.0f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {(height - bottom + top) / 2:.0f})">US$ million</text>'
    )
    by_measure: dict[str, list] = defaultdict(list)
    for t in figures:
        by_measure[t.measure].append(t)
    for measure, series in by_measure.items():
        colour = SERIES_COLOURS.get(measure, "#566573")
        points = " ".join(f"{x(t.year):.1f},{y(t.value_usd / 1e6):.1f}" for t in series)
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
        )
        for t in series:
            sources = "; ".join(
                content.sources[s].publisher for s in t.sources if s in content.sources
            )
            tip = f"{t.year} · {MEASURE_LABELS[t.measure]}: US$ {t.value_usd / 1e6:,.1f} M"
            tip += f" ({sources})" if sources else ""
            cx, cy = x(t.year), y(t.value_usd / 1e6)
            out.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{colour}">'
                f"<title>{esc(tip)}</title></circle>"
            )
            if t.annotation:  # labels on the right half run leftwards, so none is cut off
                right_half = cx > width / 2
                out.append(
                    f'<text x="{cx - 7 if right_half else cx + 7:.1f}" y="{cy - 9:.1f}" '
                    f'text-anchor="{"end" if right_half else "start"}" class="tc-note">'
                    f"{esc(t.annotation)}</text>"
                )
    out.append("</svg>")
    legend = "".join(
        f'<span><i style="background:{SERIES_COLOURS.get(m, "#566573")}"></i>'
        f"{esc(MEASURE_LABELS[m])}</span>"
        for m in by_measure
    )
    return "".join(out) + f'<p class="tc-legend-row">{legend}</p>'


def trade_html(content: Content) -> str:
    if not content.trade:
        return "<p>No trade figures could be loaded.</p>"
    rows = "".join(
        f"<tr><td>{t.year}</td><td>{esc(MEASURE_LABELS[t.measure])}</td>"
        f'<td class="tc-num">{t.value_usd / 1e6:,.1f}</td>'
        f"<td>{cite(content, t.sources, brackets=False)}</td><td>{esc(t.note or '')}</td></tr>"
        for t in sorted(content.trade, key=lambda t: (t.year, t.measure))
    )
    parts = [
        trade_svg(content),
        '<table class="tc-table"><thead><tr><th>Year</th><th>Measure</th>'
        "<th>US$ million</th><th>Source</th><th>Note</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>",
    ]
    change = annual_change(content)
    if change is not None:
        first, last, rate = change
        parts.append(
            f"<p>Russian exports fell from US$ {first.value_usd / 1e6:,.1f} M ({first.year}) to "
            f"US$ {last.value_usd / 1e6:,.1f} M ({last.year}): <strong>{rate:+.1%} a year"
            "</strong> on average — the founding article's −12.1 %, recomputed from the two "
            "figures.</p>"
        )
    sanction_sources = [s for s in SANCTIONS_NOTE_SOURCES if s in content.sources]
    parts.append(
        '<p class="tc-caption">Russian exports and bilateral turnover are different series and '
        "are never joined into one line. Official figures leave out sanctioned goods and "
        "military transfers — such as the more than a million barrels of oil tracked by "
        f"satellite in 2024 {cite(content, sanction_sources)}.</p>"
    )
    return "".join(parts)


def timeline_html(content: Content) -> str:
    items = []
    for event in content.events:
        related = [f for i in event.features if (f := content.feature(i))]
        on_map = (
            f'<p class="tc-on-map">On the map: {", ".join(feature_link(f) for f in related)}</p>'
            if related
            else ""
        )
        items.append(
            f'<li id="event-{esc(event.id)}"><p><time datetime="{esc(event.date)}">'
            f"{esc(format_partial_date(event.date))}</time> — <strong>{esc(event.title)}"
            f"</strong></p><p>{esc(event.text)} {cite(content, event.sources)}</p>{on_map}</li>"
        )
    return f'<ol class="tc-timeline">{"".join(items)}</ol>'


def sources_html(content: Content) -> str:
    supports = uses_by_source(content)
    items = []
    for source in sorted(content.sources.values(), key=lambda s: s.publisher.lower()):
        used = supports.get(source.id, [])
        items.append(
            f'<li id="source-{esc(source.id)}">{source_entry(source)} · {esc(source.language)}'
            f" · read {esc(source.accessed.isoformat())}"
            + (f"<br><small>{esc(source.note)}</small>" if source.note else "")
            + (f"<br><small><em>Supports:</em> {esc('; '.join(used))}</small>" if used else "")
            + "</li>"
        )
    return f'<ul class="tc-sources">{"".join(items)}</ul>'


def page_html(content: Content) -> str:
    """Everything in <body> besides the map div: header, side panel, sections."""
    dated = [s.published for s in content.sources.values() if s.published]
    newest = max(dated, key=date_start) if dated else None
    as_of = f" Content as of {esc(format_partial_date(newest))} (newest source)." if newest else ""
    return (
        '<header class="tc-header"><h1>Tumen Crossing</h1>'
        "<p>Where Russia and North Korea meet on the Tumen River: the 1959 rail Friendship "
        "Bridge, the road bridge rising beside it, and the trade and history around them — "
        f"every figure with its source.{as_of}</p>"
        '<nav><a href="#trade">Trade</a> · <a href="#timeline">Timeline</a> · '
        '<a href="#sources">Sources</a></nav></header>'
        f'<aside id="tc-panel" class="tc-panel" aria-live="polite">{intro_html(content)}</aside>'
        '<main class="tc-main">'
        '<section id="trade"><h2>Russia–North Korea trade, US$ million</h2>'
        f"{trade_html(content)}</section>"
        f'<section id="timeline"><h2>Timeline</h2>{timeline_html(content)}</section>'
        f'<section id="sources"><h2>Sources</h2>{sources_html(content)}</section>'
        '<p class="tc-caption">Map data © OpenStreetMap contributors (ODbL); imagery © Esri; '
        "terrain © OpenTopoMap (CC-BY-SA). Shapes carry their own accuracy and method in "
        "Details. Static export of the Tumen Crossing app.</p></main>"
    )


def page_data(content: Content) -> dict:
    """The JSON the page script reads: details blocks and map views, keyed by feature id."""
    return {
        "details": {f.id: details_html(content, f) for f in content.features},
        "views": {f.id: mapview.view_for(f) for f in content.features},
    }


def script_json(data: object) -> str:
    """JSON that is safe inside <script>: no '<', '>' or '&' can close or open a tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


PAGE_CSS = """
<style>
html, body { height: auto; }
body {
  margin: 0; display: grid; gap: 12px 16px; padding: 0 16px 24px; box-sizing: border-box;
  grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr);
  grid-template-areas: "head head" "map panel" "main main";
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1c2833;
}
.tc-header { grid-area: head; }
.tc-header h1 { margin: 12px 0 4px; font-size: 1.7rem; }
.tc-header p { margin: 0 0 4px; }
.folium-map { grid-area: map; height: 70vh !important; min-height: 420px; border-radius: 6px; }
.tc-panel {
  grid-area: panel; height: 70vh; min-height: 420px; overflow-y: auto; box-sizing: border-box;
  padding: 4px 14px; border: 1px solid #d5d8dc; border-radius: 6px; background: #fbfcfc;
}
.tc-panel h2 { margin: 8px 0 0; font-size: 1.3rem; }
.tc-panel h3 { margin: 12px 0 2px; font-size: 1rem; }
.tc-panel ul { margin: 2px 0; padding-left: 20px; }
.tc-names { color: #566573; margin-top: 0; }
.tc-back { margin: 6px 0 0; font-size: 13px; }
.tc-warn { color: #a04000; }
.tc-main { grid-area: main; max-width: 1100px; }
.tc-main section { margin-top: 20px; }
.tc-chart { width: 100%; max-width: 720px; height: auto; font-size: 12px; }
.tc-chart .tc-note { font-size: 11px; }
.tc-legend-row span { margin-right: 16px; }
.tc-legend-row i {
  display: inline-block; width: 14px; height: 4px; margin-right: 6px; vertical-align: middle;
}
.tc-table { border-collapse: collapse; font-size: 14px; }
.tc-table th, .tc-table td {
  border-bottom: 1px solid #e5e8e8; padding: 4px 8px; text-align: left; vertical-align: top;
}
.tc-num { text-align: right !important; white-space: nowrap; }
.tc-timeline li, .tc-sources li { margin-bottom: 8px; }
.tc-timeline p { margin: 0; }
.tc-caption { color: #566573; font-size: 13px; }
a { color: #1f5f99; }
.leaflet-interactive:focus:not(:focus-visible) { outline: none; }
@media (max-width: 800px) {
  body { grid-template-columns: minmax(0, 1fr); grid-template-areas: "head" "map" "panel" "main"; }
  .folium-map { height: 60vh !important; }
  .tc-panel { height: auto; min-height: 0; }
}
</style>
"""


class StaticPage(MacroElement):
    """The rest of the page around the map: CSS, body sections, data and the selection script.

    Added to the map last, so its header follows folium's styles, its HTML follows the map
    div and its script runs after every layer exists.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}{{ this.css }}{% endmacro %}
        {% macro html(this, kwargs) %}{{ this.body }}
        <script type="application/json" id="tc-data">{{ this.data }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var layers = [{{ this.layer_names|join(", ") }}];
            var data = JSON.parse(document.getElementById("tc-data").textContent);
            var halo = {{ this.halo|tojson }};
            var panel = document.getElementById("tc-panel");
            var intro = panel.innerHTML;
            var own = Object.prototype.hasOwnProperty;
            var byId = {};
            var current = null;
            var selection = L.layerGroup().addTo(map);

            function select(id, move) {
                if (!own.call(data.details, id)) return;
                current = id;
                panel.innerHTML = data.details[id];
                panel.scrollTop = 0;
                selection.clearLayers();
                if (byId[id]) {
                    L.geoJSON(byId[id].feature, {
                        pane: halo.pane,
                        interactive: false,
                        style: function () { return halo.style; },
                        pointToLayer: function (_, latlng) {
                            return L.circleMarker(latlng, Object.assign(
                                {pane: halo.pane, interactive: false}, halo.style));
                        }
                    }).addTo(selection);
                }
                if (move && own.call(data.views, id)) {
                    map.setView(data.views[id][0], data.views[id][1]);
                }
            }

            function choose(id) {  // a click on the map: select, keep the view, update the URL
                select(id, false);
                if (current === id && location.hash !== "#feature=" + id) {
                    location.hash = "feature=" + id;
                }
            }

            function clear() {
                current = null;
                panel.innerHTML = intro;
                selection.clearLayers();
            }

            function fromHash() {  // a link, Back/Forward or a typed URL: select and frame
                if (location.hash === "" && current !== null) return clear();
                var id = new URLSearchParams(location.hash.slice(1)).get("feature");
                if (id !== null && id !== current && own.call(data.details, id)) {
                    select(id, true);
                }
            }

            layers.forEach(function (group) {
                group.eachLayer(function (layer) {
                    var props = layer.feature && layer.feature.properties;
                    if (!props || typeof props.id !== "string") return;
                    byId[props.id] = layer;
                    // Leaflet makes features with tooltips focusable: Enter selects too.
                    var element = layer.getElement && layer.getElement();
                    if (element) element.addEventListener("keydown", function (e) {
                        if (e.key === "Enter" || e.key === " ") {
                            e.preventDefault();
                            choose(props.id);
                        }
                    });
                });
                group.on("click", function (e) {
                    var layer = e.propagatedFrom || e.layer;
                    var id = layer && layer.feature && layer.feature.properties.id;
                    if (typeof id === "string") choose(id);
                });
            });
            window.addEventListener("hashchange", fromHash);
            fromHash();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, content: Content) -> None:
        super().__init__()
        self._name = "StaticPage"
        self.css = PAGE_CSS
        self.body = page_html(content)
        self.data = script_json(page_data(content))
        self.layer_names: list[str] = []  # the folium GeoJson layers, set once names are final
        self.halo = {
            "pane": mapview.HALO_PANE,
            "style": {
                "color": mapview.HIGHLIGHT,
                "weight": 18,
                "opacity": 0.75,
                "fillColor": mapview.HIGHLIGHT,
                "fillOpacity": 0.6,
                "radius": 15,
            },
        }


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


def _all_subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


@contextmanager
def _asset_prefix(prefix: str) -> Iterator[None]:
    """`use_self_hosted_assets(prefix)` for the duration, then folium's classes as they were.

    The switch is process-wide; restoring it keeps an export from re-pointing a map that the
    same process (a test session, say) later renders for Streamlit.
    """
    classes = [JSCSSMixin, *_all_subclasses(JSCSSMixin)]
    saved = {
        cls: {k: vars(cls)[k] for k in ("default_js", "default_css") if k in vars(cls)}
        for cls in classes
    }
    use_self_hosted_assets(prefix)
    try:
        yield
    finally:
        for cls, attrs in saved.items():
            for key in ("default_js", "default_css"):
                if key in attrs:
                    setattr(cls, key, attrs[key])
                elif key in vars(cls):
                    delattr(cls, key)


def build_page(content: Content) -> str:
    """The whole index.html: the app's map with base-tile choice, plus the static page around it.

    Element ids are numbered instead of random, so the same content gives the same bytes (a CDN
    keeps its cache, a diff shows only what changed).
    """
    with _asset_prefix(ASSETS_PREFIX):
        fmap = mapview.build_map(content)
        # The reader picks the base map in the layer control, which must come after them.
        for base, tiles in reversed(mapview.BASE_TILES.items()):
            layer = folium.TileLayer(
                tiles.url,
                attr=tiles.attribution,
                name=tiles.name,
                max_zoom=tiles.max_zoom,
                overlay=False,
                control=True,
                show=base == "osm",
            ).add_to(fmap)
            fmap._children.move_to_end(layer.get_name(), last=False)
        page = StaticPage(content)
        page.add_to(fmap)
        figure = fmap.get_root()
        figure.title = PAGE_TITLE
        _number_ids(figure)
        page.layer_names = [e.get_name() for e in _walk(fmap) if isinstance(e, folium.GeoJson)]
        return figure.render()


def export_site(content: Content, outdir: Path, vendor_dir: Path = VENDOR_DIR) -> ExportResult:
    """Write OUTDIR/index.html and OUTDIR/assets/vendor/ (replaced wholesale, so nothing stale)."""
    page = build_page(content).encode("utf-8")
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / ASSETS_PREFIX / "vendor"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(vendor_dir, target)
    (outdir / "index.html").write_bytes(page)
    assets = [p for p in target.rglob("*") if p.is_file()]
    return ExportResult(
        outdir=outdir,
        index_bytes=len(page),
        index_gzip_bytes=len(gzip.compress(page, mtime=0)),
        asset_files=len(assets),
        asset_bytes=sum(p.stat().st_size for p in assets),
    )
