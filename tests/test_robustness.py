"""Bad data and hostile text: the app keeps working, warns plainly and never runs injected code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tumen_crossing import mapview
from tumen_crossing.validate import validate
from tumen_crossing.vocab import SITE_NAME, UI

from .apptest import new_app_test
from .conftest import ContentCopy
from .hostile import PAYLOADS, make_hostile_copy
from .test_validate import BAD_EDITS


def run_app(root: Path, monkeypatch, **query: str) -> AppTest:
    monkeypatch.setenv("TUMEN_GEODATA", str(root))
    at = new_app_test()
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at


@pytest.mark.parametrize("name", list(BAD_EDITS))
def test_app_survives_each_bad_file(name: str, content_copy: ContentCopy, monkeypatch) -> None:
    make_bad, _ = BAD_EDITS[name]
    make_bad(content_copy)
    _, problems = validate(content_copy.root)
    at = run_app(content_copy.root, monkeypatch)
    assert not at.exception, at.exception
    assert at.title[0].value == SITE_NAME
    warning = " ".join(w.value for w in at.warning)
    assert UI.content_problem.split("{files}")[0] in warning
    for bad_file in {p.file for p in problems}:
        assert bad_file.replace(".", "\\.") in warning
    assert "Traceback" not in warning
    assert len(at.selectbox(key="feature_select").options) >= 5  # the rest is still there


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory) -> Path:
    return make_hostile_copy(tmp_path_factory.mktemp("hostile") / "geodata")


def test_hostile_source_url_is_rejected(hostile_root: Path) -> None:
    content, problems = validate(hostile_root)
    assert any(p.field == "url" for p in problems)
    assert all(
        s.url is None or str(s.url).startswith(("http://", "https://"))
        for s in content.sources.values()
    )


def test_map_html_carries_no_live_markup(hostile_root: Path) -> None:
    content, _ = validate(hostile_root)
    html = mapview.build_map(content).get_root().render()
    for payload in PAYLOADS[:2]:
        assert payload not in html
    assert "\\u0026lt;img src=x" in html  # HTML-escaped inside the JSON, so shown as text


def test_panels_escape_every_field(hostile_root: Path, monkeypatch) -> None:
    for tab, feature in [
        ("details", "road-bridge"),
        ("timeline", None),
        ("sources", None),
        ("trade", None),
        ("facts", None),
    ]:
        query = {"tab": tab, **({"feature": feature} if feature else {})}
        at = run_app(hostile_root, monkeypatch, **query)
        assert not at.exception
        texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
        for text in texts:
            assert not re.search(r"(?<!\\)<(img|script)", text), text
            assert "](javascript:" not in text, text
