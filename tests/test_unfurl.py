"""The head and no-script summary of each view: sourced words, complete tags, nothing injected."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings

from tumen_crossing import i18n, unfurl
from tumen_crossing.claims import format_value, groups_for
from tumen_crossing.content import Content, load_content
from tumen_crossing.unfurl import (
    TITLE_LIMIT,
    head_html,
    image_url,
    noscript_html,
    page_url,
    public_base,
    rewrite_index,
)
from tumen_crossing.views import DESCRIPTION_LIMIT, SourceLink, Summary
from tumen_crossing.views import share as summary_for
from tumen_crossing.viewstate import DEFAULT, ViewState, parse, to_query
from tumen_crossing.vocab import LINK_KEYS as KEYS
from tumen_crossing.vocab import UI

from .hostile import IMG, SCRIPT, make_hostile_copy
from .test_viewstate import queries

EN = i18n.words("en")

BASE = "https://maps.example.org/tumen/"


@cache
def shipped() -> Content:
    return load_content()[0]


class Tags(HTMLParser):
    """Every element with its attributes, and the text inside <title>, <h1>, <p> and <a>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and data.strip():
            self.text.setdefault(self._open[-1], []).append(data.strip())

    @classmethod
    def of(cls, markup: str) -> Tags:
        parser = cls()
        parser.feed(markup)
        parser.close()
        return parser

    def meta(self) -> dict[str, str]:
        """<meta property|name=… content=…> as a mapping."""
        return {
            a.get("property") or a.get("name", ""): a.get("content", "")
            for tag, a in self.elements
            if tag == "meta"
        }


def head_for(content: Content, state: ViewState, base: str = BASE) -> str:
    summary = summary_for(content, state)
    return head_html(summary, page_url(base, state), image_url(base, state, "v1"))


def test_the_road_bridge_on_a_date_is_described_by_its_status_and_its_length_claims() -> None:
    content = shipped()
    state = ViewState(feature="road-bridge", date=date(2025, 10, 1))
    summary = summary_for(content, state)
    assert summary.title == "Khasan–Tumangang road bridge on 1 October 2025"
    assert summary.description.startswith(
        "Road bridge · under construction since 27 February 2025 (as of 1 October 2025)."
    )
    length = next(g for g in groups_for(content, "road-bridge") if g.attribute == "length")
    assert "Length (sources disagree)" in summary.description
    for claim in length.claims:  # every source's figure, none picked silently
        assert format_value(claim) in summary.description
    # the line was drawn to the official section lengths: no "measured" figure echoes them
    assert length.measured is None and length.drawn_to
    assert "measured on our map" not in summary.description
    cited = {content.sources[s].url for c in length.claims for s in c.sources}
    assert {str(u) for u in cited} <= {link.url for link in summary.sources}


@pytest.mark.parametrize("day", [None, date(1970, 1, 1), date(2021, 6, 1), date(2025, 10, 1)])
def test_every_view_has_a_short_sourced_summary(day: date | None) -> None:
    content = shipped()
    states = [ViewState(feature=f.id, date=day) for f in content.features]
    states += [ViewState(date=day), ViewState(tab="trade", date=day)]
    states += [ViewState(event=e.id, tab="timeline", date=day) for e in content.events]
    for state in states:
        summary = summary_for(content, state)
        assert summary.title and summary.description, state
        assert len(summary.description) <= DESCRIPTION_LIMIT, state
        assert summary.sources, f"{state}: a description with no source"
        assert all(link.url.startswith(("https://", "http://")) for link in summary.sources)


def test_the_open_panel_decides_what_is_described() -> None:
    content = shipped()
    event = next(e for e in content.events if e.id == "putin-eef-2025")
    on_timeline = summary_for(content, ViewState(event=event.id, tab="timeline"))
    assert on_timeline.title == event.title
    assert on_timeline.description.startswith("5 September 2025: ")
    assert {link.url for link in on_timeline.sources} == {
        str(content.sources[s].url) for s in event.sources
    }
    # the same link with the Details panel open describes the selected feature
    details = summary_for(content, ViewState(event=event.id, feature="road-bridge"))
    assert details.title == "Khasan–Tumangang road bridge"
    trade = summary_for(content, ViewState(tab="trade", feature="road-bridge"))
    assert trade.title == "Russia–North Korea trade"
    assert "US$ 78.3 million in 2016" in trade.description


def test_the_default_view_tells_where_each_bridge_stood_that_day() -> None:
    content = shipped()
    in_1970 = summary_for(content, ViewState(date=date(1970, 1, 1)))
    assert in_1970.description.startswith("As of 1 January 1970: Korea–Russia Friendship Bridge")
    assert "road bridge" not in in_1970.description.lower()  # not even planned then
    now = summary_for(content, DEFAULT)
    assert "Khasan–Tumangang road bridge" in now.description


def test_the_head_has_every_tag_an_unfurler_reads() -> None:
    content = shipped()
    state = ViewState(feature="road-bridge", date=date(2025, 10, 1), base="satellite")
    summary = summary_for(content, state)
    tags = Tags.of(head_for(content, state))
    expected_url = (
        "https://maps.example.org/tumen/?feature=road-bridge&date=2025-10-01&base=satellite"
    )
    assert tags.text["title"] == [f"{summary.title} · Tumen Crossing"]
    assert ("link", {"rel": "canonical", "href": expected_url}) in tags.elements
    meta = tags.meta()
    assert meta == {
        "description": summary.description,
        "og:type": "website",
        "og:site_name": "Tumen Crossing",
        "og:locale": "en_GB",
        "og:locale:alternate": "ko_KR",  # the last of the two alternates (ru_RU, ko_KR)
        "og:title": summary.title,
        "og:description": summary.description,
        "og:url": expected_url,
        "og:image": "https://maps.example.org/tumen/preview.png?feature=road-bridge"
        "&date=2025-10-01&v=v1",
        "og:image:type": "image/png",
        "og:image:width": "1200",
        "og:image:height": "630",
        "og:image:alt": meta["og:image:alt"],
        "twitter:card": "summary_large_image",
    }
    assert "Khasan–Tumangang road bridge highlighted" in meta["og:image:alt"]
    assert {tag for tag, _ in tags.elements} == {"title", "meta", "link"}


def test_long_titles_are_cut_to_what_results_show() -> None:
    summary = Summary("A" * 40 + " " + "B" * 40, "Short.", ())
    title = Tags.of(head_html(summary, BASE, BASE)).text["title"][0]
    assert len(title) <= TITLE_LIMIT and title.endswith("…")
    assert (
        "Tumen Crossing" in Tags.of(head_html(Summary("Short", "x"), BASE, BASE)).text["title"][0]
    )


def test_the_noscript_block_holds_the_summary_and_its_sources_as_links() -> None:
    content = shipped()
    summary = summary_for(content, ViewState(feature="friendship-bridge"))
    tags = Tags.of(noscript_html(summary, EN))
    assert tags.elements[0][0] == "noscript"
    assert tags.text["h1"] == [summary.title]
    assert summary.description in tags.text["p"]
    links = [a["href"] for tag, a in tags.elements if tag == "a"]
    assert links == [link.url for link in summary.sources]
    assert tags.text["a"] == [link.label for link in summary.sources]


def test_markup_in_the_words_stays_text() -> None:
    hostile = Summary(
        'Bridge <script>alert(1)</script> "quoted" & co',
        '<img src=x onerror="alert(1)"> description',
        (SourceLink("<b>Reuters</b>", "https://example.org/?a=1&b=<2>"),),
    )
    hostile = replace(hostile, image_alt='"><script>alert(3)</script>')
    head = head_html(hostile, BASE + '?x="><script>', BASE)
    noscript = noscript_html(hostile, EN)
    for markup in (head, noscript):
        assert "<script" not in markup and "<img" not in markup and "<b>" not in markup
        tags = {tag for tag, _ in Tags.of(markup).elements}
        assert tags <= {"title", "meta", "link", "noscript", "h1", "p", "ul", "li", "a"}
    assert Tags.of(head).meta()["description"] == hostile.description  # escaped, not altered
    assert Tags.of(noscript).text["a"] == ["<b>Reuters</b>"]


def test_hostile_content_never_becomes_markup(tmp_path: Path) -> None:
    content, _ = load_content(make_hostile_copy(tmp_path / "geodata"))
    states = [ViewState(feature=f.id) for f in content.features]
    states += [ViewState(event=e.id, tab="timeline") for e in content.events]
    states += [DEFAULT, ViewState(tab="trade")]
    for state in states:
        summary = summary_for(content, state)
        markup = head_for(content, state) + noscript_html(summary, EN)
        for payload in (IMG, SCRIPT):  # markdown (LINK) is inert text in HTML
            assert payload not in markup, state
        hrefs = [a.get("href", "") for _, a in Tags.of(markup).elements]
        assert not any(h.strip().lower().startswith("javascript:") for h in hrefs)
        assert {tag for tag, _ in Tags.of(markup).elements} <= {
            *("title", "meta", "link", "noscript", "h1", "p", "ul", "li", "a")
        }


@settings(max_examples=400, deadline=None)
@given(queries)
def test_any_link_gets_the_head_of_the_view_the_parser_accepted(query) -> None:
    """The head depends on the parsed view alone: whatever else the link held is gone."""
    content = shipped()
    ids, events = set(content.by_id), {e.id for e in content.events}
    state, _ = parse(query, ids, events, chapters=content.story)
    head = head_for(content, state)
    clean, _ = parse(to_query(state), ids, events, chapters=content.story)
    assert head == head_for(content, clean)
    assert {tag for tag, _ in Tags.of(head).elements} == {"title", "meta", "link"}


def test_hostile_links_get_the_default_head() -> None:
    content = shipped()
    default = head_for(content, DEFAULT)
    for value in ('"><script>alert(1)</script>', "atlantis", "road-bridge\n<img src=x>", "a" * 500):
        query = {key: value for key in KEYS}
        state, notices = parse(query, set(content.by_id), {e.id for e in content.events})
        assert state == DEFAULT and notices
        assert head_for(content, state) == default


def test_the_view_replaces_streamlits_title_and_noscript_and_nothing_else() -> None:
    import streamlit

    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text("utf-8")
    head, noscript = "<title>T</title>\n<meta name=x />", "<noscript><p>N</p></noscript>"
    page = rewrite_index(index, head, noscript)
    assert page.count("<title>") == 1 and "<title>T</title>\n<meta name=x />" in page
    assert page.count("<noscript>") == 1 and "<noscript><p>N</p></noscript>" in page
    assert "Streamlit</title>" not in page
    before = [t for t in Tags.of(index).elements if t[0] in {"script", "link"}]
    after = [t for t in Tags.of(page).elements if t[0] in {"script", "link"}]
    assert before == after  # every script, preload and stylesheet kept, in order
    # replacement text is inserted literally, never read as a regular-expression template
    assert r"\1 \g<0>" in rewrite_index(index, r"<title>\1 \g<0></title>", noscript)


def test_a_page_without_title_or_noscript_still_gets_both() -> None:
    page = rewrite_index(
        "<html><head></head><body class=a></body></html>",
        "<title>T</title>",
        "<noscript>N</noscript>",
    )
    assert (
        page == '<html lang="en"><head><title>T</title></head><body class=a><noscript>N</noscript>'
        "</body></html>"
    )


@pytest.mark.parametrize(
    ("configured", "headers", "expected"),
    [
        ("https://maps.example.org/tumen", {"x-forwarded-host": "evil.test"}, BASE),
        ("javascript:alert(1)", {}, "http://127.0.0.1:8501/base/"),
        (
            None,
            {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "maps.example.org"},
            "https://maps.example.org/base/",
        ),
        (
            None,
            {"x-forwarded-proto": "https, http", "x-forwarded-host": "a.test:8443, b.test"},
            "https://a.test:8443/base/",
        ),
        (
            None,
            {"x-forwarded-proto": "gopher", "x-forwarded-host": "a.test/<script>"},
            "http://127.0.0.1:8501/base/",
        ),
        (None, {"x-forwarded-host": "[::1]:8080"}, "http://[::1]:8080/base/"),
    ],
)
def test_the_public_address_comes_from_config_then_proxy_then_request(
    configured: str | None, headers: dict[str, str], expected: str
) -> None:
    assert public_base(configured, headers, "http", "127.0.0.1:8501", "/base") == expected


def test_a_bad_host_header_falls_back_to_localhost() -> None:
    assert public_base(None, {}, "http", "bad host\r\n", "") == "http://localhost/"


def test_preview_addresses_ignore_what_the_picture_does_not_show() -> None:
    a = ViewState(feature="road-bridge", base="terrain", tab="facts")
    b = ViewState(feature="road-bridge")
    assert image_url(BASE, a, "v1") == image_url(BASE, b, "v1")
    timeline = ViewState(event="construction-launched", tab="timeline")
    assert "tab=timeline" in image_url(BASE, timeline)
    assert image_url("http://h/x", b) == "http://h/x/preview.png?feature=road-bridge"
    assert unfurl.image_state(a) == b


def test_static_preview_names_are_safe_and_distinct() -> None:
    content = shipped()
    states = [ViewState(feature=f.id) for f in content.features] + [DEFAULT]
    states += [ViewState(feature="road-bridge", date=date(2025, 10, 1), base="terrain")]
    names = [unfurl.preview_name(s) for s in states]
    assert len(set(names)) == len(names)
    assert unfurl.preview_name(states[-1]) == "road-bridge-2025-10-01.png"
    assert unfurl.preview_name(DEFAULT) == "overview.png"
    assert all(n.replace("-", "").replace(".", "").isalnum() for n in names)


STREAMLIT_INDEX = (
    "<html><head><title>Streamlit</title>"
    '<script type="module" crossorigin src="./static/js/index.DormvYxC.js"></script>'
    '<link rel="modulepreload" crossorigin href="./static/js/react-dom.Dzbslgj4.js">'
    '<link rel="stylesheet" crossorigin href="./static/css/index.C1JORDN2.css">'
    '</head><body><noscript>JS</noscript><div id="root"></div></body></html>'
)
RESERVED = {"feature_select": 68, "map_frame": 628}


def test_the_shell_shows_the_views_title_summary_and_picture() -> None:
    content = shipped()
    state = ViewState(feature="road-bridge", date=date(2025, 10, 1))
    summary = summary_for(content, state)
    src = image_url("./", state, "v1", unfurl.SHELL_IMAGE_PATH)
    assert src == "./preview.webp?feature=road-bridge&date=2025-10-01&v=v1"
    head, shell = unfurl.shell_parts(summary, src, RESERVED, EN)
    tags = Tags.of(shell)
    assert tags.text["h1"] == [summary.title]
    assert summary.description in tags.text["p"]
    assert UI.shell_loading in tags.text["p"]
    image = next(a for t, a in tags.elements if t == "img")
    assert image["src"] == src and image["alt"] == summary.image_alt
    assert (image["width"], image["height"]) == ("800", "420")
    assert image["fetchpriority"] == "high"
    preload = next(a for t, a in Tags.of(head).elements if t == "link")
    assert (preload["rel"], preload["as"], preload["href"]) == ("preload", "image", src)
    assert preload["fetchpriority"] == "high"
    assert ".st-key-feature_select { min-height: 68px; }" in head
    assert ".st-key-map_frame { min-height: 628px; }" in head


def test_markup_in_the_words_stays_text_in_the_shell() -> None:
    hostile = Summary(
        'Bridge <script>alert(1)</script> "quoted"',
        '<img src=x onerror="alert(1)"> description',
        image_alt='"><script>alert(3)</script>',
    )
    head, shell = unfurl.shell_parts(hostile, './preview.webp?x="><script>', RESERVED, EN)
    for markup in (head, shell):
        assert "<script" not in markup and "onerror=" not in markup.replace("onerror=&#34;", "")
    assert {t for t, _ in Tags.of(shell).elements} == {"div", "p", "h1", "img"}
    assert Tags.of(shell).text["h1"] == [hostile.title]


def test_hostile_content_stays_text_in_the_shell(tmp_path: Path) -> None:
    content, _ = load_content(make_hostile_copy(tmp_path / "geodata"))
    for state in [ViewState(feature=f.id) for f in content.features] + [DEFAULT]:
        head, shell = unfurl.shell_parts(summary_for(content, state), "./p.webp", RESERVED, EN)
        for payload in (IMG, SCRIPT):
            assert payload not in head + shell, state
        assert {t for t, _ in Tags.of(shell).elements} <= {"div", "p", "h1", "img"}


def test_the_page_gets_the_shell_beside_the_root_and_starts_the_app_after_a_frame() -> None:
    page = rewrite_index(STREAMLIT_INDEX, "<title>T</title>", "<noscript>N</noscript>", "<b>S</b>")
    assert '<div id="root"></div>\n    <b>S</b>' in page  # the root stays React's alone
    assert '<script type="module" crossorigin src=' not in page
    assert 'import("./static/js/index.DormvYxC.js")' in page
    assert "first-contentful-paint" in page and "visibilitychange" in page
    # the module preloads are made by the script after the first paint, in their order
    links = [a for t, a in Tags.of(page).elements if t == "link"]
    assert [a["href"] for a in links] == ["./static/css/index.C1JORDN2.css"]
    assert 'of ["./static/js/react-dom.Dzbslgj4.js"]' in page
    # without a shell (the export, a failure) Streamlit's page keeps its own entry script
    plain = rewrite_index(STREAMLIT_INDEX, "<title>T</title>", "<noscript>N</noscript>")
    assert '<script type="module" crossorigin src="./static/js/index.DormvYxC.js">' in plain
    # an index that does not look like Streamlit 1.67's is left as it is
    odd = STREAMLIT_INDEX.replace('type="module" crossorigin', 'crossorigin type="module"')
    assert unfurl.start_after_first_paint(odd) == odd


def test_emphasis_uses_the_preloaded_upright_font_instead_of_the_italic_one() -> None:
    index = STREAMLIT_INDEX.replace(
        "<title>",
        '<link\n      rel="preload"\n      href="./static/media/SourceSansVF-Upright.ttf.BsWL4Kly'
        '.woff2"\n      as="font"\n      type="font/woff2"\n      crossorigin\n    />\n<title>',
    )
    page = rewrite_index(index, "<title>T</title>", "<noscript>N</noscript>", "<b>S</b>")
    assert 'src: url("./static/media/SourceSansVF-Upright.ttf.BsWL4Kly.woff2")' in page
    assert '#root em { font-family: "Tumen Emphasis", sans-serif; }' in page
    assert page.index("Tumen Emphasis") < page.index("</head>")
    assert unfurl.emphasis_without_italic_font(STREAMLIT_INDEX) == STREAMLIT_INDEX


def test_a_view_in_russian_says_its_locale_and_links_its_other_languages() -> None:
    content = i18n.localised(shipped(), "ru")
    state = ViewState(feature="road-bridge")
    summary = summary_for(content, state)
    head = head_html(
        summary,
        page_url(BASE, state.with_(lang="ru")),
        image_url(BASE, state.with_(lang="ru")),
        "ru",
        unfurl.alternates(BASE, state),
    )
    tags = Tags.of(head)
    assert summary.title == "Автомобильный мост Хасан — Туманган"
    alternates = {
        a["hreflang"]: a["href"]
        for name, a in tags.elements
        if name == "link" and a.get("rel") == "alternate"
    }
    assert alternates == {
        "en": f"{BASE}?feature=road-bridge&lang=en",
        "ru": f"{BASE}?feature=road-bridge&lang=ru",
        "ko": f"{BASE}?feature=road-bridge&lang=ko",
        "x-default": f"{BASE}?feature=road-bridge",
    }
    locales = [a["content"] for name, a in tags.elements if a.get("property") == "og:locale"]
    others = [
        a["content"] for name, a in tags.elements if a.get("property") == "og:locale:alternate"
    ]
    assert (locales, others) == (["ru_RU"], ["en_GB", "ko_KR"])
    assert "lang=ru" in tags.meta()["og:image"]  # the picture is drawn in Russian too
    page = rewrite_index(STREAMLIT_INDEX, head, "<noscript>N</noscript>", lang="ru")
    assert '<html lang="ru">' in page
