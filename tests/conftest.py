"""Shared fixtures: a scratch copy of the shipped content that a test may break on purpose."""

from __future__ import annotations

import fcntl
import json
import pickle
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
def exported_site(tmp_path_factory: pytest.TempPathFactory, worker_id: str):
    """The static export, written once for every test that reads it, since one export takes
    ~12 s (three languages, each with a share page and a picture per feature). Written with a
    public URL, as a deployment's would be. Tests read it and never write into it.

    Under pytest-xdist the workers of one run share it: the first to need it writes it while
    holding a lock, the others wait and read it. Returns (the folder, the `ExportResult`)."""
    from tumen_crossing import export
    from tumen_crossing.content import load_content

    base = tmp_path_factory.getbasetemp()
    root = base if worker_id == "master" else base.parent  # the run's folder, over the workers'
    outdir, written = root / "site", root / "site.pickle"
    with (root / "site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not written.exists():
            content, problems = load_content()
            assert problems == []
            result = export.export_site(content, outdir, public_url=PUBLIC_URL)
            written.write_bytes(pickle.dumps(result))
        return outdir, pickle.loads(written.read_bytes())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests first, the many quick ones after (each group in pytest-randomly's order,
    which runs before this hook): xdist's workers then end on short tests and finish together,
    instead of one waiting while the other runs a 30-second browser test last."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)
