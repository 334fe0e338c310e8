"""A copy of the content whose text fields try to inject markup and script."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tumen_crossing.content import PACKAGED_ROOT

IMG = '<img src=x onerror="alert(1)">'
SCRIPT = "<script>alert(2)</script>"
LINK = "[click me](javascript:alert(3))"
PAYLOADS = (IMG, SCRIPT, LINK)
TEMPLATE = "Bridge {{ 7*7 }} {{ cycler.__init__.__globals__.os.getcwd() }} {# open"
"""Jinja syntax: an expression, one that reaches the server's Python, and an unclosed comment
(which, read as a template, stops a page from rendering at all)."""


def make_hostile_copy(target: Path) -> Path:
    """Copy geodata/ to target and poison names, descriptions, titles, notes and one URL."""
    shutil.copytree(PACKAGED_ROOT, target)

    def edit(name: str, change) -> None:
        path = target / name
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def poison_layer(data: dict) -> None:
        data["title"] = f"Bridges {IMG}"
        for feature in data["features"]:
            props = feature["properties"]
            props["name"]["en"] = f"{props['name']['en']} {IMG}"
            props["description"] = f"{SCRIPT} {LINK} {props['description']}"
            props["statuses"][-1]["note"] = f"{IMG} note"

    edit("bridges.geojson", poison_layer)

    def poison_sources(data: list) -> None:
        for source in data[:5]:
            source["title"] = f"{source['title']} {SCRIPT}"
            source["publisher"] = f"{source['publisher']} {IMG}"
        data[5]["url"] = "javascript:alert(4)"  # must be rejected, never linked

    edit("sources.json", poison_sources)
    edit("events.json", lambda d: d[0].update(title=f"{IMG} {d[0]['title']}", text=LINK))
    edit("trade.json", lambda d: d[0].update(note=SCRIPT, annotation=IMG[:60]))
    edit("claims.json", lambda d: d[0].update(note=f"{LINK} {IMG}"))
    return target
