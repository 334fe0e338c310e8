"""Where content lives, and that it loads the same way from a plain install as from the tree."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tumen_crossing import content as content_module
from tumen_crossing.content import CONTENT_ENV, PACKAGED_ROOT, content_root, load_content
from tumen_crossing.validate import validate

REPO = Path(__file__).resolve().parents[1]
NOT_SOURCE = (".git", ".venv", "*.egg-info", "build", "dist", "mutants", "test-artifacts")
NOT_SOURCE += ("__pycache__", ".hypothesis", ".pytest_cache", ".ruff_cache", "site", ".cache")
NOT_SOURCE += ("node_modules",)


def test_content_root_is_the_packaged_geodata_unless_the_environment_names_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(CONTENT_ENV, raising=False)
    assert content_root() == PACKAGED_ROOT
    assert (PACKAGED_ROOT / "bridges.geojson").is_file()
    monkeypatch.setenv(CONTENT_ENV, str(tmp_path))
    assert content_root() == tmp_path
    loaded, problems = load_content()  # no argument: the environment's folder, which is empty
    assert loaded.features == () and problems


def test_every_loader_follows_the_same_root(content_copy, monkeypatch) -> None:
    """The CLI, the validator and the export all read where TUMEN_GEODATA points."""
    content_copy.edit_feature(
        "bridges.geojson",
        "road-bridge",
        lambda f: f["properties"]["name"].__setitem__("en", "Renamed bridge"),
    )
    monkeypatch.setenv(CONTENT_ENV, str(content_copy.root))
    loaded, problems = content_module.load_content()
    assert problems == [] and loaded.feature("road-bridge").props.name.en == "Renamed bridge"


def test_a_plain_install_finds_content_and_assets(tmp_path: Path) -> None:
    """Build a wheel from a clean copy of the tree, install it into a bare folder and load
    everything from there. (In the tree itself, the editable install's egg-info lists every
    file and would hide a package-data rule that leaves content out.) The build uses the
    installed setuptools (a test dependency) instead of fetching one into a fresh environment:
    the same backend, and 6 s instead of 24."""
    tree, wheel_dir, target = tmp_path / "tree", tmp_path / "wheel", tmp_path / "site"
    shutil.copytree(REPO, tree, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheel_dir, tree],
        check=True,
        cwd=tmp_path,
    )
    wheel = next(wheel_dir.glob("*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--target", target, wheel], check=True)
    probe = (
        "import tumen_crossing, sys;"
        "from tumen_crossing.validate import validate;"
        "from tumen_crossing.assets import VENDOR_DIR, verify_manifest;"
        "c, p = validate();"
        "assert tumen_crossing.__file__.startswith(sys.argv[1]), tumen_crossing.__file__;"
        "assert not p, p; assert c.feature('road-bridge');"
        "assert str(VENDOR_DIR).startswith(sys.argv[1]); assert verify_manifest() == []"
    )
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", probe, str(target)], check=True, env=env, cwd=tmp_path)


def _publisher_name(publisher: str) -> str:
    """'The Korea Herald' -> 'korea herald', 'UNN (Ukrainian National News)' -> 'unn'."""
    return re.sub(r"^the ", "", re.sub(r"\s*\(.*?\)", "", publisher).strip().lower())


def test_no_note_repeats_the_source_cited_beside_it() -> None:
    """A note adds what its citation does not say: never 'Reuters.' beside a Reuters link (the
    copy style in geodata/README.md)."""
    content, problems = validate()
    assert problems == []
    noted = [(c.note, c.sources) for c in content.claims]
    noted += [(t.note, t.sources) for t in content.trade]
    noted += [
        (s.note, s.sources or f.props.sources) for f in content.features for s in f.props.statuses
    ]
    repeats = [
        (note, source)
        for note, sources in noted
        for source in sources
        if note and _publisher_name(content.sources[source].publisher) in note.lower()
    ]
    assert repeats == []
