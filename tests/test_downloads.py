"""downloads: the CSV files are a pure function of the content, served by a fixed route."""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest
from starlette.routing import Router

from tumen_crossing import downloads, views
from tumen_crossing.content import PACKAGED_ROOT
from tumen_crossing.validate import validate
from tumen_crossing.vocab import TRADE_MEASURES

from .asgi import response


@pytest.fixture(scope="module")
def content():
    return validate()[0]


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_trade_csv_has_one_row_per_figure_with_its_source(content) -> None:
    table = rows(downloads.trade_csv(content))
    assert len(table) == len(content.trade)
    assert {"year", "series", "value_usd", "source", "source_urls"} <= set(table[0])
    assert "annotation" not in table[0]  # the chart's labels are not data
    assert all(r["source"] and r["source_urls"].startswith("http") for r in table)


def test_trade_csv_serves_the_figures_of_the_data_file(content) -> None:
    """Each row is a figure of trade.json, read here from the raw file: value, note, sources."""
    raw = json.loads((PACKAGED_ROOT / "trade.json").read_text(encoding="utf-8"))
    table = {(int(r["year"]), r["series"]): r for r in rows(downloads.trade_csv(content))}
    assert len(table) == len(raw)
    for figure in raw:
        row = table[(figure["year"], TRADE_MEASURES[figure["measure"]].label)]
        assert float(row["value_usd"]) == figure["value_usd"]
        assert float(row["value_musd"]) == round(figure["value_usd"] / 1e6, 2)
        assert row["note"] == (figure.get("note") or "")
        urls = [str(content.sources[s].url) for s in figure["sources"] if content.sources[s].url]
        assert row["source_urls"].split() == urls


def test_claims_csv_has_every_claim(content) -> None:
    table = rows(downloads.claims_csv(content))
    assert len(table) == len(content.claims)
    assert "subject_id" not in table[0]
    assert all(r["subject"] and r["attribute"] and r["value"] and r["source"] for r in table)
    expected = [
        {k: str(v) for k, v in asdict(r).items() if k not in ("subject_id", "sources")}
        for r in views.facts(content).rows
    ]
    assert table == expected  # the Facts tab's rows, in its order, every column


def test_bytes_and_etag_depend_on_the_content_alone(tmp_path: Path, content) -> None:
    """What makes any replica's answer the same: a second, separate load of a copy of the
    content gives identical bytes and ETags."""
    copy = tmp_path / "geodata"
    shutil.copytree(PACKAGED_ROOT, copy)
    other = validate(copy)[0]
    for item in downloads.DOWNLOADS.values():
        first, second = item.build(content), item.build(other)
        assert first == second and first
        assert downloads.etag(first) == downloads.etag(second)
    trade = downloads.trade_csv(content)
    assert downloads.etag(trade) != downloads.etag(trade + b"\n")


def test_links_are_relative_plain_links_that_save_the_file() -> None:
    for item in downloads.DOWNLOADS.values():
        html = item.link_html("Save <all> & more")
        assert html.startswith('<a href="downloads/')  # relative: works under a base path
        assert f'download="{item.file_name}"' in html and 'target="_self"' in html
        assert html.endswith(">Save &lt;all&gt; &amp; more</a>")  # words escaped


def call(router: Router, path: str, headers: dict[str, str] | None = None, method: str = "GET"):
    """One request through the ASGI routes; returns (status, headers, body)."""
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "http_version": "1.1",
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1),
    }
    status, raw, body = response(router, scope)
    head = {k.decode(): v.decode() for k, v in raw}
    return status, head, body


def test_route_serves_the_file_with_validators(content) -> None:
    router = Router(routes=downloads.routes())
    for item in downloads.DOWNLOADS.values():
        status, head, body = call(router, f"/{item.href}")
        assert status == 200
        assert body == item.build(content)
        assert head["content-type"] == "text/csv; charset=utf-8"
        assert head["content-disposition"] == f'attachment; filename="{item.file_name}"'
        assert head["etag"] == downloads.etag(body)
        assert head["cache-control"] == downloads.CACHE_CONTROL
        again, _, nothing = call(router, f"/{item.href}", {"If-None-Match": head["etag"]})
        assert (again, nothing) == (304, b"")
        head_status, head_head, _ = call(router, f"/{item.href}", method="HEAD")
        assert (head_status, head_head["etag"]) == (200, head["etag"])


def test_route_knows_only_its_files_and_honours_the_base_path() -> None:
    assert call(Router(routes=downloads.routes()), "/downloads/../app.py")[0] == 404
    assert call(Router(routes=downloads.routes()), "/downloads/secrets.toml")[0] == 404
    under = Router(routes=downloads.routes("/tumen/"))
    href = downloads.DOWNLOADS["claims"].href
    assert call(under, f"/tumen/{href}")[0] == 200
    assert call(under, f"/{href}")[0] == 404
