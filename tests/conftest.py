"""Shared fixtures: a scratch copy of the shipped content that a test may break on purpose."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tumen_crossing.content import PACKAGED_ROOT

REPO = Path(__file__).resolve().parents[1]


class ContentCopy:
    """A writable copy of geodata/ with helpers to edit one record in place."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, name: str) -> Any:
        return json.loads((self.root / name).read_text(encoding="utf-8"))

    def write(self, name: str, data: Any) -> None:
        (self.root / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def edit_feature(self, layer: str, feature_id: str, change: Callable[[dict], None]) -> None:
        data = self.read(layer)
        for feature in data["features"]:
            if feature["properties"]["id"] == feature_id:
                change(feature)
                break
        else:
            raise KeyError(feature_id)
        self.write(layer, data)


@pytest.fixture
def content_copy(tmp_path: Path) -> ContentCopy:
    root = tmp_path / "geodata"
    shutil.copytree(PACKAGED_ROOT, root)
    return ContentCopy(root)


PUBLIC_URL = "https://maps.example.org/tumen/"
"""Where the shared export says it will be served from (its heads' absolute links)."""


@pytest.fixture(scope="session")
def exported_site(tmp_path_factory: pytest.TempPathFactory):
    """The static export, written once for every test that reads it, since one export takes
    ~12 s (three languages, each with a share page and a picture per feature). Written with a
    public URL, as a deployment's would be. Tests read it and never write into it.
    Returns (the folder, the `ExportResult`)."""
    from tumen_crossing import export
    from tumen_crossing.content import load_content

    content, problems = load_content()
    assert problems == []
    outdir = tmp_path_factory.mktemp("site")
    return outdir, export.export_site(content, outdir, public_url=PUBLIC_URL)
