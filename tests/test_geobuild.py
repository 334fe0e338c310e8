"""The geodata build: the committed layers are what it produces, byte for byte, from the committed
snapshots; the shapes meet the control points; bad inputs stop it before anything is written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from shapely.geometry import LineString, Point

from tumen_crossing import geobuild, measure, measurements
from tumen_crossing.cli import main
from tumen_crossing.content import PACKAGED_ROOT
from tumen_crossing.validate import validate

from .conftest import ContentCopy

UPSTREAM = PACKAGED_ROOT / geobuild.UPSTREAM_DIR


@pytest.fixture(scope="module")
def inputs() -> geobuild.Inputs:
    return geobuild.read_inputs()


@pytest.fixture(scope="module")
def shipped():
    content, problems = validate()
    assert not problems
    return content


def test_committed_layers_are_what_the_build_produces() -> None:
    assert geobuild.build() == geobuild.read_layers()


def test_build_into_a_temp_dir_gives_the_committed_bytes(tmp_path: Path, capsys) -> None:
    assert main(["build-geodata", "--out", str(tmp_path)]) == 0
    for name in geobuild.LAYER_FILES:
        assert (tmp_path / name).read_bytes() == (PACKAGED_ROOT / name).read_bytes(), name
    printed = capsys.readouterr().out
    assert "River vertices below the tripoint → OSM 2022 line, largest" in printed


def test_running_twice_changes_nothing(content_copy: ContentCopy, capsys) -> None:
    # Start from shapes that are wrong, so the first run really rewrites them.
    content_copy.edit_feature(
        "river.geojson",
        "tumen-river",
        lambda f: f["geometry"].update(coordinates=[[130.60, 42.40], [130.70, 42.30]]),
    )
    root = str(content_copy.root)
    assert main(["build-geodata", "--content", root]) == 0
    assert "river.geojson" in capsys.readouterr().out.splitlines()[0]
    first = {name: (content_copy.root / name).read_bytes() for name in geobuild.LAYER_FILES}
    assert main(["build-geodata", "--content", root]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(": no file changed")
    second = {name: (content_copy.root / name).read_bytes() for name in geobuild.LAYER_FILES}
    assert first == second
    assert first["river.geojson"] == (PACKAGED_ROOT / "river.geojson").read_bytes()


def test_the_build_keeps_hand_edited_properties(content_copy: ContentCopy) -> None:
    def edit(feature: dict) -> None:
        feature["properties"]["description"] = "An editor's new words."
        feature["properties"]["receipts"] = [{"source": "wp-tripoint", "quote": "mid-river"}]

    content_copy.edit_feature("places.geojson", "tripoint", edit)
    texts = geobuild.build(content_copy.root)
    tripoint = next(
        f
        for f in json.loads(texts["places.geojson"])["features"]
        if f["properties"]["id"] == "tripoint"
    )
    assert tripoint["properties"]["description"] == "An editor's new words."
    assert tripoint["properties"]["receipts"] == [{"source": "wp-tripoint", "quote": "mid-river"}]
    assert list(tripoint["properties"])[-1] == "receipts"  # key order kept, nothing appended


# --- the shapes against the control points (control_points.csv, Wikipedia, WGS 84) ---------------


def test_river_passes_within_50_m_of_the_friendship_bridge_centre(inputs, shipped) -> None:
    centre = inputs.control[geobuild.BRIDGE_CENTRE]
    assert measure.distance_to_m(centre, shipped.feature("tumen-river").geometry) < 50


def test_tripoint_lies_within_50_m_of_the_marker_midpoint(inputs, shipped) -> None:
    a, b = inputs.control[geobuild.KOREAN_MARKER], inputs.control[geobuild.MARKER_423]
    midpoint = Point((a.x + b.x) / 2, (a.y + b.y) / 2)
    assert measure.distance_m(shipped.feature("tripoint").geometry, midpoint) < 50
    assert measure.distance_to_m(midpoint, shipped.feature("tumen-river").geometry) < 50


def test_russia_north_korea_stretch_follows_openstreetmap(inputs, shipped) -> None:
    """Every river vertex below the tripoint lies within 150 m of the 2022 line, unless it is a
    control point the line was pinned to (each named in the river's accuracy stretches)."""
    osm = inputs.osm["ru_kp_river"]
    river = shipped.feature("tumen-river")
    markers = LineString(
        [inputs.control[geobuild.KOREAN_MARKER], inputs.control[geobuild.MARKER_423]]
    )
    pins = {
        "tripoint": measure.midpoint(markers),
        "Friendship Bridge": inputs.control[geobuild.BRIDGE_CENTRE],
    }
    stretches = " ".join(s.method for s in river.props.accuracy_stretches)
    vertices = geobuild.ru_kp_vertices(river.geometry, shipped.feature("tripoint").geometry)
    assert len(vertices) >= 20  # the whole stretch to the mouth, not a stub
    far = []
    for vertex in vertices:
        pinned = [
            name
            for name, p in pins.items()
            if measure.distance_m(Point(vertex), p) < 1 and name in stretches
        ]
        if not pinned and measure.distance_to_m(Point(vertex), osm) > 150:
            far.append(vertex)
    assert far == []


def test_road_bridge_crosses_at_the_claimed_distance(shipped) -> None:
    gap = measurements.bridge_separation(shipped)
    assert gap is not None
    assert gap.value_m == pytest.approx(geobuild.ROAD_DOWNSTREAM.value, abs=1)
    assert gap.drawn_to and "415 m" in gap.drawn_to
    assert "415 m downstream" in shipped.feature("road-bridge").props.method


def test_accuracy_is_tight_at_the_crossings_and_honest_downstream(shipped) -> None:
    river = shipped.feature("tumen-river").props
    by_stretch = {s.stretch: s.accuracy_m for s in river.accuracy_stretches}
    assert by_stretch["From the tripoint to the Friendship Bridge"] <= 50
    downstream = [a for s, a in by_stretch.items() if s.endswith("to the mouth")]
    assert downstream == [500]
    assert river.accuracy_m == max(by_stretch.values())


# --- the snapshots and their provenance ---------------------------------------------------------


def test_every_snapshot_records_where_it_came_from() -> None:
    manifest = json.loads((UPSTREAM / geobuild.MANIFEST_FILE).read_text(encoding="utf-8"))
    files = {entry["file"]: entry for entry in manifest["files"]}
    assert set(files) == {geobuild.OSM_2022_FILE, geobuild.OSM_2017_FILE, geobuild.CONTROL_FILE}
    for entry in files.values():
        assert {"sha256", "package", "version", "read", "licence", "copied_from"} <= set(entry)
    osm = files[geobuild.OSM_2022_FILE]
    assert (osm["package"], osm["version"]) == ("@osm_borders/maritime_10m", "1.1.0")
    for name in (geobuild.OSM_2022_FILE, geobuild.OSM_2017_FILE):
        assert files[name]["licence"] == "ODbL 1.0"
        assert files[name]["attribution"] == "© OpenStreetMap contributors"


def test_a_changed_snapshot_is_refused(content_copy: ContentCopy, capsys) -> None:
    path = content_copy.root / geobuild.UPSTREAM_DIR / geobuild.OSM_2022_FILE
    path.write_bytes(path.read_bytes().replace(b"130.646762", b"130.656762"))
    before = (content_copy.root / "river.geojson").read_bytes()
    assert main(["build-geodata", "--content", str(content_copy.root)]) == 1
    err = capsys.readouterr().err
    assert "upstream/borders_tumen.geojson: differs from the SHA-256 in SOURCE.json" in err
    assert "nothing written" in err
    assert (content_copy.root / "river.geojson").read_bytes() == before


def test_a_missing_snapshot_is_refused(content_copy: ContentCopy) -> None:
    (content_copy.root / geobuild.UPSTREAM_DIR / geobuild.CONTROL_FILE).unlink()
    with pytest.raises(geobuild.BuildError, match=r"control_points\.csv: file is missing"):
        geobuild.build(content_copy.root)


def test_a_figure_no_longer_claimed_stops_the_build(content_copy: ContentCopy) -> None:
    claims = [
        c
        for c in content_copy.read("claims.json")
        if not (c["subject"] == "road-bridge" and c["attribute"] == "distance-downstream")
    ]
    content_copy.write("claims.json", claims)
    with pytest.raises(geobuild.BuildError, match="road-bridge distance-downstream is 415"):
        geobuild.build(content_copy.root)


def test_a_feature_must_cite_the_snapshot_it_is_built_from(content_copy: ContentCopy) -> None:
    def uncite(feature: dict) -> None:
        feature["properties"]["sources"].remove(geobuild.OSM_2022_SOURCE)

    content_copy.edit_feature("borders.geojson", "border-cn-ru", uncite)
    with pytest.raises(geobuild.BuildError, match=r"border-cn-ru: sources: .*osm-borders-2022"):
        geobuild.build(content_copy.root)


def test_a_control_point_far_from_the_line_stops_the_build() -> None:
    line = [(130.60, 42.40), (130.70, 42.40)]
    near = Point(130.65, 42.4002)  # about 22 m north of the line
    assert geobuild._pin_through(line, near, "line") == [line[0], (near.x, near.y), line[1]]
    with pytest.raises(geobuild.BuildError, match=r"passes 22\d m from its control point"):
        geobuild._pin_through(line, Point(130.65, 42.402), "line")
    with pytest.raises(geobuild.BuildError, match=r"starts 22\d m from its control point"):
        geobuild._pin_start(line, Point(130.60, 42.402), "line")


def test_pinning_a_start_replaces_the_nearby_vertices() -> None:
    start = Point(130.60, 42.40)
    line = [(130.6001, 42.40), (130.6002, 42.40), (130.70, 42.40)]  # 8 m and 16 m from start
    assert geobuild._pin_start(line, start, "line") == [(130.60, 42.40), (130.70, 42.40)]


def test_the_build_runs_without_files_outside_the_repository(tmp_path: Path) -> None:
    """CI's clone has only ../shared beside it, read-only: the build must need nothing but
    geodata/. A copy of geodata/ alone, anywhere, builds the same bytes."""
    root = tmp_path / "elsewhere" / "geodata"
    shutil.copytree(PACKAGED_ROOT, root)
    assert geobuild.build(root) == geobuild.read_layers()


def test_a_broken_layer_file_stops_the_build(content_copy: ContentCopy, capsys) -> None:
    (content_copy.root / "bridges.geojson").write_bytes(b'{"type": "FeatureCollection", ')
    assert main(["build-geodata", "--content", str(content_copy.root)]) == 1
    assert "bridges.geojson: cannot be read" in capsys.readouterr().err
    assert (content_copy.root / "river.geojson").read_bytes() == (
        PACKAGED_ROOT / "river.geojson"
    ).read_bytes()
