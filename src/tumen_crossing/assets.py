"""Serve Leaflet and the folium plugins from the app's own origin instead of public CDNs.

Why: folium's default ``<script>``/``<link>`` URLs point at jsdelivr, cdnjs, code.jquery.com
and bootstrapcdn. Where those are unreachable the map never draws, and even where they are
reachable every visit leaks the reader's address to third parties. The files live in
``static/vendor/`` (see ``scripts/vendor_assets.py`` and ``static/vendor/MANIFEST.json``).

No Streamlit import here: the static export uses the same switch with another prefix.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import folium
from branca.element import Element
from folium import plugins
from folium.elements import JSCSSMixin

# Prefix for the Streamlit app. streamlit-folium injects the asset URLs as plain
# ``<script src>``/``<link href>`` into its component iframe, whose document lives at
# ``<base>/component/streamlit_folium.st_folium/index.html``; Streamlit serves ``static/``
# at ``<base>/app/static/``. Going up two levels from the iframe document therefore lands
# on ``<base>/`` for any ``server.baseUrlPath`` (including none), without the Python side
# having to know the base path or the host.
STREAMLIT_PREFIX = "../../app/static/"

# ``static/vendor``, shipped as package data: found the same way after any install.
VENDOR_DIR = Path(str(files("tumen_crossing.vendor")))
PACKAGE_FILES = ("__init__.py", "__pycache__")
"""What makes the folder a package; not vendored, never served or exported."""
MANIFEST_NAME = "MANIFEST.json"

# Per class: (default_js, default_css) with paths relative to the static root. The names
# are folium's own, so folium's header de-duplication keeps working. Everything folium.Map
# loads by default beyond Leaflet (jQuery, Bootstrap, glyphicons, Font Awesome,
# awesome-markers) is dropped on purpose: the map draws CircleMarkers, not awesome-markers.
_ASSETS: dict[type[JSCSSMixin], tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {
    # Leaflet and the three plugins' scripts come as one file (see scripts/vendor_assets.py):
    # streamlit-folium loads scripts one at a time, so four files cost four round trips.
    folium.Map: (
        [("leaflet", "vendor/bundle/leaflet-and-plugins.js")],
        [("leaflet_css", "vendor/leaflet/leaflet.css")],
    ),
    plugins.Fullscreen: (
        [],
        [("Control.FullScreen.css", "vendor/leaflet.fullscreen/Control.FullScreen.css")],
    ),
    plugins.MiniMap: (
        [],
        [("Control_MiniMap_css", "vendor/leaflet-minimap/Control.MiniMap.min.css")],
    ),
    plugins.MeasureControl: (
        [],
        [("leaflet_measure_css", "vendor/leaflet-measure/leaflet-measure.css")],
    ),
}


def asset_paths() -> list[str]:
    """Return every JS/CSS path (relative to the static root) that folium is pointed at."""
    return [path for js, css in _ASSETS.values() for _, path in (*js, *css)]


def _with_slash(prefix: str) -> str:
    return prefix if not prefix or prefix.endswith("/") else prefix + "/"


def _elements(root: Element) -> Iterator[Element]:
    yield root
    for child in root._children.values():
        yield from _elements(child)


def self_host(fmap: folium.Map, prefix: str = STREAMLIT_PREFIX) -> folium.Map:
    """Point this map's Leaflet and plugin files at the vendored copies under ``prefix``.

    ``prefix`` is the URL of the directory that contains ``vendor/``, as seen from the
    document that loads the map: ``STREAMLIT_PREFIX`` inside Streamlit, ``"assets/"`` for the
    static export. The lists are set on each element of this map (folium and streamlit-folium
    read them from the instance), so two maps in one process can load from two places and
    folium's classes are never changed. Call it once the map has all its plugins.
    """
    prefix = _with_slash(prefix)
    for element in _elements(fmap):
        for cls, (js, css) in _ASSETS.items():
            if type(element) is cls:
                element.default_js = [(name, prefix + path) for name, path in js]
                element.default_css = [(name, prefix + path) for name, path in css]
    return fmap


def verify_manifest(vendor_dir: Path = VENDOR_DIR) -> list[str]:
    """Check ``vendor_dir`` against its MANIFEST.json; return human-readable problems.

    Why: the vendored files are pinned by hash so an accidental edit or a partial
    re-vendoring is caught by the tests rather than by a blank map in production.
    An empty list means every listed file exists with the recorded sha256 and size, and no
    unlisted file sits in the folder.
    """
    manifest_path = vendor_dir / MANIFEST_NAME
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"cannot read {manifest_path}: {exc}"]
    problems: list[str] = []
    listed: set[str] = set()
    for entry in manifest.get("files", []):
        rel = str(entry.get("path", ""))
        listed.add(rel)
        path = vendor_dir / rel
        if not rel or not path.is_file():
            problems.append(f"missing: {rel!r}")
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            problems.append(f"sha256 mismatch: {rel}")
        if "bytes" in entry and len(data) != entry["bytes"]:
            problems.append(f"size mismatch: {rel} ({len(data)} != {entry['bytes']})")
    for path in sorted(vendor_dir.rglob("*")):
        rel = path.relative_to(vendor_dir).as_posix()
        packaging = path.name in PACKAGE_FILES or "__pycache__" in path.parts
        if path.is_file() and not packaging and rel != MANIFEST_NAME and rel not in listed:
            problems.append(f"not in manifest: {rel}")
    return problems
