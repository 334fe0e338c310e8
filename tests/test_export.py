"""The static export: what it writes, that it loads nothing from a CDN, and that text is escaped."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import folium
import pytest

from tumen_crossing import assets, cli, export, i18n, mapview, views
from tumen_crossing.content import load_content
from tumen_crossing.vocab import LANGUAGES, TILE_HOSTS, UI

from .conftest import PUBLIC_URL
from .hostile import TEMPLATE

CDN_HOSTS = (
    "cdn.jsdelivr.net",
    "cdnjs.cloudflare.com",
    "code.jquery.com",
    "netdna.bootstrapcdn.com",
    "unpkg.com",
)


class _Page(HTMLParser):
    """Every URL the document loads by itself (script, stylesheet, image, frame) and the data."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.anchors: list[str] = []
        self._in_data = False
        self.data = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        wanted = {"script": "src", "link": "href", "img": "src", "iframe": "src"}.get(tag)
        names_a_page = tag == "link" and values.get("rel") in {"canonical", "alternate"}
        if wanted and values.get(wanted) and not names_a_page:
            self.loads.append(values[wanted] or "")
        if tag == "a" and values.get("href"):
            self.anchors.append(values["href"] or "")
        self._in_data = tag == "script" and values.get("id") == "tc-data"

    def handle_endtag(self, tag: str) -> None:
        self._in_data = False

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.data += data


def parse(outdir: Path) -> tuple[str, _Page]:
    text = (outdir / "index.html").read_text(encoding="utf-8")
    page = _Page()
    page.feed(text)
    return text, page


def test_writes_index_and_the_vendored_assets(
    exported_site: tuple[Path, export.ExportResult],
) -> None:
    outdir, result = exported_site
    assert (outdir / "index.html").is_file()
    assert assets.verify_manifest(outdir / "assets" / "vendor") == []
    assert result.index_bytes == (outdir / "index.html").stat().st_size
    assert result.total_bytes < 1_000_000, "the export should stay small"


def test_every_script_and_stylesheet_is_local(
    exported_site: tuple[Path, export.ExportResult],
) -> None:
    outdir, _ = exported_site
    text, page = parse(outdir)
    assert page.loads, "the page should load the vendored Leaflet"
    for url in page.loads:
        assert not re.match(r"^(https?:)?//", url), url
        assert (outdir / url).is_file(), url
    for host in CDN_HOSTS:
        assert host not in text
    tile_urls = re.findall(r'L\.tileLayer\(\s*"([^"]+)"', text)
    assert len(tile_urls) >= 3  # three base maps and the minimap
    for url in tile_urls:
        assert urlsplit(url.replace("{s}", "a")).hostname.endswith(TILE_HOSTS), url


def test_details_for_every_feature_with_only_http_links(
    exported_site: tuple[Path, export.ExportResult],
) -> None:
    outdir, _ = exported_site
    _, page = parse(outdir)
    data = json.loads(page.data)
    content, _ = load_content()
    assert set(data["details"]) == {f.id for f in content.features}
    assert set(data["views"]) == set(data["details"])
    road = data["details"]["road-bridge"]
    assert html.escape(content.feature("road-bridge").props.name.en) in road
    assert html.escape(UI.disagree) in road
    assert html.escape(UI.measured_on_map) not in road  # drawn to the claimed section lengths
    assert html.escape(UI.measured_on_map) in data["details"]["border-ru-kp"]  # drawn from OSM
    for href in re.findall(r'href="([^"]+)"', "".join(data["details"].values())):
        assert href.startswith(("https://", "http://", "share/")) or href == "#", href
    languages = {f"{export.language_dir(lang)}index.html" for lang in LANGUAGES}
    for href in page.anchors:  # besides the sources, only the page in the other languages
        assert href.startswith(("https://", "http://", "#")) or href in languages, href


def test_trade_timeline_and_sources_are_in_the_page(
    exported_site: tuple[Path, export.ExportResult],
) -> None:
    outdir, _ = exported_site
    text, _ = parse(outdir)
    content, _ = load_content()
    assert text.count("<polyline") == len({t.measure for t in content.trade})
    assert text.count("<circle cx=") == len(content.trade)
    for section in ("trade", "timeline", "sources"):
        assert f'<section id="{section}">' in text
    assert text.count('<li id="source-') == len(content.sources)
    assert text.count('<li id="event-') == len(content.events)


def test_content_is_escaped(content_copy) -> None:
    evil = '<img src=x onerror="alert(1)"></script><script>alert(2)</script>'

    def poison(feature: dict) -> None:
        feature["properties"]["description"] = evil
        feature["properties"]["name"]["en"] = evil

    content_copy.edit_feature("bridges.geojson", "road-bridge", poison)
    content, problems = load_content(content_copy.root)
    assert problems == []
    page = export.build_page(content)
    assert "<img src=x" not in page
    assert "<script>alert" not in page
    assert "</script><script>" not in page
    details = export.details_html(content, "road-bridge")
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in details


def test_template_syntax_in_the_content_stays_text(content_copy) -> None:
    """branca rendered each part of a map a second time as a Jinja template: a name "{{ 7*7 }}"
    was drawn as "49", and the content could run Python (`mapview._render_macros_once`)."""

    def name(feature: dict) -> None:
        feature["properties"]["name"]["en"] = TEMPLATE

    content_copy.edit_feature("bridges.geojson", "road-bridge", name)
    content, problems = load_content(content_copy.root)
    assert problems == []
    page = export.build_page(content)
    assert json.dumps(TEMPLATE)[1:-1] in page  # as the map's data carries it
    assert "Bridge 49" not in page and str(Path.cwd()) not in page


def test_same_content_gives_the_same_bytes() -> None:
    content, _ = load_content()
    assert export.build_page(content) == export.build_page(content)


def test_exporting_leaves_folium_classes_alone() -> None:
    before = (folium.Map.default_js, folium.Map.default_css)
    content, _ = load_content()
    export.build_page(content)
    assert (folium.Map.default_js, folium.Map.default_css) == before


def test_cli_export_writes_the_site_and_prints_its_size(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    exported_site: tuple[Path, export.ExportResult],
) -> None:
    """The command hands its folder and public address to `export_site` (what that writes is
    the shared `exported_site`, checked by the tests around) and prints what was written."""
    calls = []

    def export_site(content, outdir, public_url=None):
        calls.append((len(content.features), outdir, public_url))
        return exported_site[1]

    monkeypatch.setattr(export, "export_site", export_site)
    out = tmp_path / "out"
    assert cli.main(["export", str(out), "--public-url", "https://example.org/t/"]) == 0
    assert calls == [(len(load_content()[0].features), out, "https://example.org/t/")]
    printed = capsys.readouterr().out
    assert printed.startswith(f"{exported_site[1]} in ") and "in total" in printed


def test_cli_export_refuses_broken_content(
    tmp_path: Path, content_copy, capsys: pytest.CaptureFixture[str]
) -> None:
    (content_copy.root / "events.json").write_text("[", encoding="utf-8")
    outdir = tmp_path / "out"
    assert cli.main(["export", str(outdir), "--content", str(content_copy.root)]) == 1
    assert "nothing exported" in capsys.readouterr().err
    assert not outdir.exists()


def test_each_feature_has_a_share_page_that_unfurls(
    exported_site: tuple[Path, export.ExportResult],
) -> None:
    """A hash link never reaches a server, so each feature gets a page whose head is its own."""
    tmp_path, _ = exported_site
    content, _ = load_content()
    for feature in content.features:
        page = (tmp_path / "share" / f"{feature.id}.html").read_text(encoding="utf-8")
        og = dict(re.findall(r'<meta property="og:([a-z:]+)" content="([^"]*)"', page))
        assert og["title"] == feature.props.name.en
        assert og["url"] == f"{PUBLIC_URL}share/{feature.id}.html"
        image = og["image"].removeprefix(PUBLIC_URL)
        png = (tmp_path / image).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) < 300_000
        size = (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big"))
        assert size == (1200, 630)
        assert f'url=../index.html#feature={feature.id}"' in page
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert f'<meta property="og:image" content="{PUBLIC_URL}previews/' in index
    assert "<title>Streamlit</title>" not in index


def test_every_chapter_of_the_story_is_in_the_page(
    exported_site: tuple[Path, export.ExportResult],
) -> None:
    outdir, _ = exported_site
    _, page = parse(outdir)
    story = json.loads(page.data)["story"]
    content, _ = load_content()
    assert story["order"] == [c.id for c in content.story]
    assert set(story["blocks"]) == set(story["views"]) == set(story["order"])
    first, second = story["order"][:2]
    assert f'href="#story={second}"' in story["blocks"][first]  # Next
    assert f'href="#story={first}"' in story["blocks"][second]  # Previous
    assert "1959" in story["blocks"]["bridge-of-1959"]  # the chapter's day, in words
    for chapter in content.story:
        view = story["views"][chapter.id]
        assert view["features"] == chapter.features
        assert 5 <= view["zoom"] <= 18
    for href in re.findall(r'href="([^"]+)"', "".join(story["blocks"].values())):
        assert href.startswith(("https://", "http://", "#")), href
    assert f'href="#story={first}"' in " ".join(f'href="{a}"' for a in page.anchors)


@pytest.mark.parametrize("lang", ["ru", "ko"])
def test_the_export_is_written_in_every_language(
    exported_site: tuple[Path, export.ExportResult], lang: str
) -> None:
    """site/ru/ and site/ko/: each page in its language, its assets shared with the English
    one, its own share pages and previews, and links to the other languages."""
    outdir, _ = exported_site
    index = (outdir / lang / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in index
    page = _Page()
    page.feed(index)
    for url in page.loads:  # the one copy of the assets, one folder up; the other languages
        assert url.startswith(("../", "https://", "http://", "data:")), url
        if url.startswith("../"):
            assert (outdir / lang / url.split("?")[0]).resolve().is_file(), url
    data = json.loads(page.data)
    content = i18n.localised(load_content()[0], lang)
    road = content.feature("road-bridge")
    assert getattr(road.props.name, lang) in data["details"]["road-bridge"]
    assert views.split_first_sentence(road.props.description)[0] in data["details"]["road-bridge"]
    assert {"../index.html", "../ru/index.html", "../ko/index.html"} <= set(page.anchors)
    share = (outdir / lang / "share" / "road-bridge.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in share and getattr(road.props.name, lang) in share
    assert (outdir / lang / "previews" / "road-bridge.png").is_file()


def test_the_date_control_has_every_key_date_with_its_looks_written_once() -> None:
    content, _ = load_content()
    data = export.dates_data(content)
    choices = views.date_choices(content)
    assert [d["label"] for d in data["days"]] == [c.label for c in choices]
    assert data["days"][-1]["value"] == ""  # the newest sourced state
    for choice, day in zip(choices, data["days"], strict=True):
        looks = {i: data["looks"][n] for i, n in day["features"].items()}
        assert looks == mapview.day_looks(content, choice.value)
    unique = {json.dumps(look, sort_keys=True) for look in data["looks"]}
    assert len(unique) == len(data["looks"])  # none written twice
    page = export.page_html(content)
    for choice in choices:  # one button each, its full date as its tooltip
        assert f'title="{choice.label}"' in page
