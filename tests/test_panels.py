"""Both renderers of the same views say the same thing: the Streamlit panels and the export.

For every feature, the app's Details tab (through AppTest) holds the export's details block, from
the one template both use; the trade figures in both are the same set. A renderer that drops,
adds or reformats a figure fails here.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from tumen_crossing import export, i18n, panels, views
from tumen_crossing.validate import validate
from tumen_crossing.vocab import UI

from .apptest import new_app_test

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
MD_LINK = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\([^)]*\)")
TAG = re.compile(r"<[^>]+>")


def shown_in_markdown(text: str) -> str:
    """What a reader sees of Streamlit markdown: link text only, escapes undone."""
    return MD_LINK.sub(r"\1", text).replace("\\", "")


def shown_in_html(markup: str) -> str:
    return html.unescape(TAG.sub(" ", markup))


def figures(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in NUMBER.findall(text)}


@pytest.fixture(scope="module")
def content():
    content, problems = validate()
    assert not problems
    return content


EXPORT_NAV = re.compile(r'<p class="tc-back">.*?</p>\s*', re.S)
"""The export's way back to the list and its share link: the export's own, not the app's."""
EXPORT_HEADING = re.compile(r"<(/?)h2>")
"""The export's panel heading is an h2, the app's an h3 like its other panels'."""


def test_details_are_the_same_block_in_the_app_and_the_export(content) -> None:
    """Both draw details.html.j2: for every feature the app's Details tab holds exactly the
    export's details block, less the export's own links (a renderer that passed another view,
    another day or another language would differ here)."""
    at = new_app_test()
    at.run()
    differ = []
    for feature in content.features:
        at.selectbox(key="feature_select").set_value(feature.id).run()
        assert not at.exception
        [block] = at.tabs[0].get("html")
        in_export = EXPORT_NAV.sub("", export.details_html(content, feature.id), count=1)
        in_export = EXPORT_HEADING.sub(r"<\1h3>", in_export)
        assert views.details(content, feature).name in block.value
        if block.value.strip() != in_export.strip():
            differ.append(feature.id)
    assert differ == []


def test_trade_shows_the_same_figures_in_the_app_and_the_export(content) -> None:
    at = new_app_test()
    at.query_params["tab"] = "trade"
    at.run()
    tab = at.tabs[1]
    table = tab.table[0].value
    app_text = " ".join(
        [*(m.value for m in tab.markdown), *(c.value for c in tab.caption)]
        + [f"{row[UI.year]} {row[UI.us_million]} {row[UI.note]}" for _, row in table.iterrows()]
    )
    page = export.page_html(content)
    section = page[page.index('<section id="trade">') : page.index('<section id="timeline">')]
    section = re.sub(r"<svg.*?</svg>", " ", section, flags=re.S)  # axis ticks are not figures
    in_app, in_export = figures(shown_in_markdown(app_text)), figures(shown_in_html(section))
    assert in_app and in_app == in_export


def test_the_trade_chart_joins_points_only_within_a_run_of_years(content) -> None:
    view = views.trade(content)
    frame = pd.DataFrame(view.rows())
    spec = panels.trade_chart(view, frame, i18n.words()).to_dict()
    assert spec["layer"][0]["encoding"]["detail"]["field"] == "line"  # one line per run
    runs = frame.groupby("line")["year"].apply(list).to_dict()
    assert runs["bilateral-turnover 0"] == [2018, 2019, 2020]
    assert runs["bilateral-turnover 1"] == [2023, 2024]  # nothing drawn across 2021–2022
