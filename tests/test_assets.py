"""The vendored Leaflet/plugin assets are intact and folium only points at them."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import folium
import pytest
from folium import plugins

from tumen_crossing import assets

STATIC_DIR = assets.VENDOR_DIR.parent
CDN_HOSTS = (
    "cdn.jsdelivr.net",
    "cdnjs.cloudflare.com",
    "code.jquery.com",
    "netdna.bootstrapcdn.com",
    "unpkg.com",
)
CLASSES = (folium.Map, plugins.Fullscreen, plugins.MiniMap, plugins.MeasureControl)


class _AssetLinks(HTMLParser):
    """Collect every <script src> and <link href> in a document."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "link": "href"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.urls.append(value)


def _map() -> folium.Map:
    m = folium.Map(location=[42.42, 130.64], zoom_start=12)
    folium.GeoJson(
        {"type": "LineString", "coordinates": [[130.60, 42.40], [130.68, 42.45]]},
        name="line",
    ).add_to(m)
    folium.CircleMarker([42.42, 130.64], radius=5).add_to(m)
    plugins.Fullscreen().add_to(m)
    plugins.MiniMap().add_to(m)
    plugins.MeasureControl().add_to(m)
    folium.LayerControl().add_to(m)
    return m


def _render_map(prefix: str) -> str:
    return assets.self_host(_map(), prefix).get_root().render()


def _manifest() -> dict[str, object]:
    return json.loads((assets.VENDOR_DIR / assets.MANIFEST_NAME).read_text(encoding="utf-8"))


def test_manifest_hashes_match_files() -> None:
    assert assets.verify_manifest() == []


def test_manifest_entries_are_complete() -> None:
    files = _manifest()["files"]
    assert isinstance(files, list) and files
    for entry in files:
        for key in ("path", "package", "version", "registry", "licence", "sha256"):
            assert entry.get(key), f"{entry.get('path')}: no {key}"
        assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])


def test_verify_manifest_reports_tampering(tmp_path: Path) -> None:
    (tmp_path / "a.js").write_text("x")
    (tmp_path / "stray.css").write_text("y")
    manifest = {"files": [{"path": "a.js", "sha256": "0" * 64}, {"path": "gone.js"}]}
    (tmp_path / assets.MANIFEST_NAME).write_text(json.dumps(manifest))
    problems = assets.verify_manifest(tmp_path)
    assert any("mismatch: a.js" in p for p in problems)
    assert any("gone.js" in p for p in problems)
    assert any("stray.css" in p for p in problems)
    assert assets.verify_manifest(tmp_path / "nowhere") != []


@pytest.mark.parametrize("prefix", [assets.STREAMLIT_PREFIX, "assets/", "assets"])
def test_rendered_map_loads_only_relative_assets(prefix: str) -> None:
    html = _render_map(prefix)
    parser = _AssetLinks()
    parser.feed(html)
    norm = prefix.rstrip("/") + "/"
    assert parser.urls, "no script/link tags rendered"
    for url in parser.urls:
        assert "http" not in url and not url.startswith("//"), url
        assert url.startswith(norm), url
        assert (STATIC_DIR / url.removeprefix(norm)).is_file(), url
    # Everything the map needs, and nothing it does not (jQuery, Bootstrap, fonts...).
    assert sorted(u.removeprefix(norm) for u in parser.urls) == sorted(assets.asset_paths())
    for host in CDN_HOSTS:
        assert host not in html


def test_self_hosting_one_map_leaves_folium_and_other_maps_alone() -> None:
    """Two maps in one process (the app and an export, say) load from their own places."""
    before = {cls: (cls.default_js, cls.default_css) for cls in CLASSES}
    exported = _render_map("assets/")
    untouched = _map().get_root().render()
    assert "assets/vendor/" in exported
    assert "assets/vendor/" not in untouched and "cdn.jsdelivr.net" in untouched
    assert {cls: (cls.default_js, cls.default_css) for cls in CLASSES} == before


def test_every_asset_path_is_vendored_and_in_manifest() -> None:
    listed = {f["path"] for f in _manifest()["files"]}  # type: ignore[union-attr]
    for path in assets.asset_paths():
        assert path.startswith("vendor/")
        assert (STATIC_DIR / path).is_file(), path
        assert path.removeprefix("vendor/") in listed, path


def test_leaflet_default_icon_images_are_vendored() -> None:
    # Leaflet derives L.Icon.Default's image folder from leaflet.css and then loads these.
    for name in ("marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"):
        assert (assets.VENDOR_DIR / "leaflet" / "images" / name).is_file()


def test_css_urls_resolve_to_vendored_files() -> None:
    listed = {f["path"] for f in _manifest()["files"]}  # type: ignore[union-attr]
    css_files = sorted(assets.VENDOR_DIR.rglob("*.css"))
    assert len(css_files) == 4
    seen = 0
    for css in css_files:
        for raw in re.findall(r"url\(\s*([^)]*?)\s*\)", css.read_text(encoding="utf-8")):
            ref = raw.strip("'\"")
            if ref.startswith(("#", "data:")):  # leaflet.css's VML behaviour, inline data
                continue
            assert not re.match(r"^[a-z]+:|^//", ref), f"{css.name}: external {ref}"
            target = (css.parent / PurePosixPath(ref)).resolve()
            assert target.is_file(), f"{css.name}: {ref}"
            rel = target.relative_to(assets.VENDOR_DIR.resolve()).as_posix()
            assert rel in listed, f"{css.name}: {ref} not in manifest"
            seen += 1
    assert seen >= 15


def test_bundle_is_leaflet_then_each_plugin() -> None:
    bundle = (assets.VENDOR_DIR / "bundle/leaflet-and-plugins.js").read_text(encoding="utf-8")
    order = [
        bundle.index(marker)
        for marker in (
            "/* leaflet/leaflet.js */",
            "/* leaflet.fullscreen/Control.FullScreen.js */",
            "/* leaflet-minimap/Control.MiniMap.min.js */",
            "/* leaflet-measure/leaflet-measure.min.js */",
        )
    ]
    assert order == sorted(order)
    assert "sourceMappingURL" not in bundle
