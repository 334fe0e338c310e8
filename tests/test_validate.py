"""The validator accepts the shipped content and rejects each kind of bad edit, precisely."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from tumen_crossing.cli import main
from tumen_crossing.validate import receipted_records, staleness_warning, validate

from .conftest import ContentCopy


def test_shipped_content_is_valid() -> None:
    content, problems = validate()
    assert [str(p) for p in problems] == []
    assert {layer.name for layer in content.layers} >= {"river", "bridges", "borders", "places"}


def _set(path: list, value) -> Callable[[dict], None]:
    def change(obj: dict) -> None:
        target = obj
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _raw(name: str, data: bytes) -> Callable[[ContentCopy], None]:
    return lambda c: (c.root / name).write_bytes(data)


def _feature(layer: str, fid: str, change: Callable[[dict], None]) -> Callable[[ContentCopy], None]:
    return lambda c: c.edit_feature(layer, fid, change)


def _records(name: str, change: Callable[[list], None]) -> Callable[[ContentCopy], None]:
    def apply(c: ContentCopy) -> None:
        data = c.read(name)
        change(data)
        c.write(name, data)

    return apply


def _swap_coordinates(feature: dict) -> None:
    lon, lat = feature["geometry"]["coordinates"]
    feature["geometry"]["coordinates"] = [lat, lon]


def _shift_east(feature: dict) -> None:
    feature["geometry"]["coordinates"] = [
        [lon + 0.05, lat] for lon, lat in feature["geometry"]["coordinates"]
    ]


def _fold_back(feature: dict) -> None:
    start, end = feature["geometry"]["coordinates"][0], feature["geometry"]["coordinates"][-1]
    feature["geometry"]["coordinates"] = [end, start, [end[0] + 0.001, end[1]]]


def _add_bowtie(c: ContentCopy) -> None:
    data = c.read("places.geojson")
    area = json.loads(json.dumps(data["features"][0]))
    area["properties"].update(id="works-area", kind="area")
    ring = [[130.64, 42.41], [130.65, 42.42], [130.65, 42.41], [130.64, 42.42], [130.64, 42.41]]
    area["geometry"] = {"type": "Polygon", "coordinates": [ring]}
    data["features"].append(area)
    c.write("places.geojson", data)


def _duplicate_feature_id(feature: dict) -> None:
    feature["properties"]["id"] = "tumangang-station"


def _claim_citing(source_id: str, change: Callable[[dict], None]) -> Callable[[list], None]:
    """Apply a change to the first claim citing a source."""

    def apply(claims: list) -> None:
        change(next(c for c in claims if source_id in c["sources"]))

    return apply


def _undated_claim_with_access_date(claims: list) -> None:
    claim = next(c for c in claims if c["sources"] == ["krogh-friendship"])
    claim["claimed_on"] = "2026-11-26"


def _second_receipt(claim: dict) -> None:
    claim["receipts"].append(dict(claim["receipts"][0]))


def _status_without_sources(feature: dict) -> None:
    del feature["properties"]["statuses"][0]["sources"]


def _chapter(chapter_id: str, change: Callable[[dict], None]) -> Callable[[ContentCopy], None]:
    """Apply a change to one chapter of story.json."""

    def apply(chapters: list) -> None:
        change(next(c for c in chapters if c["id"] == chapter_id))

    return _records("story.json", apply)


def _duplicate_first_chapter(chapters: list) -> None:
    chapters.append(dict(chapters[0]))


BAD_EDITS: dict[str, tuple[Callable[[ContentCopy], None], str]] = {
    "invalid JSON": (
        _raw("bridges.geojson", b'{"type": "FeatureCollection", "features": ['),
        "bridges.geojson: -: -: invalid JSON at line 1",
    ),
    "non-UTF-8 file": (
        _raw("places.geojson", '{"title": "Caf\u00e9"}'.encode("latin-1")),
        "places.geojson: -: -: is not UTF-8 text (byte 0xe9",
    ),
    "empty file": (_raw("events.json", b"   \n"), "events.json: -: -: is empty"),
    "not a FeatureCollection": (
        _raw("river.geojson", b'{"type": "Feature"}'),
        "river.geojson: -: type: must be a GeoJSON FeatureCollection",
    ),
    "empty layer": (
        _records("transport.geojson", lambda d: d.update(features=[])),
        "transport.geojson: -: features: layer is empty",
    ),
    "missing file": (
        lambda c: (c.root / "sources.json").unlink(),
        "sources.json: -: -: file is missing",
    ),
    "wrong geometry type": (
        _feature(
            "bridges.geojson",
            "friendship-bridge",
            _set(["geometry"], {"type": "Point", "coordinates": [130.641, 42.415]}),
        ),
        "bridges.geojson: friendship-bridge: geometry.type: a rail-bridge must be LineString",
    ),
    "swapped coordinates": (
        _feature("places.geojson", "tripoint", _swap_coordinates),
        "places.geojson: tripoint: geometry.coordinates: [42.418158, 130.637207] looks like "
        "[lat, lon]",
    ),
    "out-of-range coordinates": (
        _feature("places.geojson", "vladivostok", _set(["geometry", "coordinates"], [191.9, 43.1])),
        "places.geojson: vladivostok: geometry.coordinates: [191.9, 43.1] is out of range",
    ),
    "outside the area of interest": (
        _feature("places.geojson", "vladivostok", _set(["geometry", "coordinates"], [2.35, 48.85])),
        "places.geojson: vladivostok: geometry.coordinates: lies outside the area of interest",
    ),
    "self-intersecting polygon": (
        _add_bowtie,
        "places.geojson: works-area: geometry: invalid geometry: Self-intersection",
    ),
    "duplicate id": (
        _feature("places.geojson", "khasan-station", _duplicate_feature_id),
        "places.geojson: tumangang-station: id: duplicate id",
    ),
    "missing sources": (
        _feature("bridges.geojson", "road-bridge", _set(["properties", "sources"], [])),
        "bridges.geojson: road-bridge: sources: List should have at least 1 item",
    ),
    "unknown source id": (
        _feature(
            "bridges.geojson", "friendship-bridge", _set(["properties", "sources"], ["no-such"])
        ),
        "bridges.geojson: friendship-bridge: sources: unknown source id 'no-such'",
    ),
    "unparsable date": (
        _feature(
            "bridges.geojson",
            "friendship-bridge",
            _set(["properties", "statuses", 0, "since"], "9 August 1959"),
        ),
        "bridges.geojson: friendship-bridge: statuses[0].since: '9 August 1959' is not a date",
    ),
    "impossible calendar date": (
        _records("events.json", lambda d: d[0].update(date="2025-02-30")),
        "is not a calendar date",
    ),
    "statuses out of order": (
        _feature(
            "bridges.geojson",
            "friendship-bridge",
            lambda f: f["properties"]["statuses"].reverse(),
        ),
        "bridges.geojson: friendship-bridge: statuses: statuses must be listed oldest first",
    ),
    "negative trade value": (
        _records("trade.json", lambda d: d[0].update(value_usd=-5)),
        "trade.json: russian-exports: value_usd: Input should be greater than or equal to 0",
    ),
    "missing Korean name": (
        _feature("places.geojson", "rajin-port", lambda f: f["properties"]["name"].pop("ko")),
        "places.geojson: rajin-port: name.ko: Field required",
    ),
    "misspelt field": (
        _feature(
            "places.geojson",
            "rajin-port",
            lambda f: f["properties"].update(desciption=f["properties"].pop("description")),
        ),
        "places.geojson: rajin-port: desciption: Extra inputs are not permitted",
    ),
    "id that is not a slug": (
        _feature("places.geojson", "rajin-port", _set(["properties", "id"], "Rajin Port")),
        "places.geojson: Rajin Port: id: String should match pattern",
    ),
    "zero accuracy": (
        _feature("places.geojson", "rajin-port", _set(["properties", "accuracy_m"], 0)),
        "places.geojson: rajin-port: accuracy_m: Input should be greater than 0",
    ),
    "bridge that misses the river": (
        _feature("bridges.geojson", "road-bridge", _shift_east),
        "bridges.geojson: road-bridge: geometry: bridge does not cross the river",
    ),
    "bridge with both ends in one country": (
        _feature("bridges.geojson", "road-bridge", _fold_back),
        "bridges.geojson: road-bridge: geometry: both ends lie on one side of the Russia–North "
        "Korea border",
    ),
    "tripoint off the river": (
        _feature("places.geojson", "tripoint", _set(["geometry", "coordinates"], [130.65, 42.43])),
        "places.geojson: tripoint: geometry: tripoint lies",
    ),
    "event naming an unknown feature": (
        _records("events.json", lambda d: d[0].update(features=["atlantis"])),
        "features: unknown feature id 'atlantis'",
    ),
    "source with a javascript: URL": (
        _records("sources.json", lambda d: d[0].update(url="javascript:alert(1)")),
        "url: URL scheme should be 'http' or 'https'",
    ),
    "claim without a receipt for its source": (
        _records("claims.json", lambda d: d[0].update(receipts=[])),
        "claims.json: road-bridge/length (koreaherald-10439913): receipts: no receipt for source "
        "'koreaherald-10439913'",
    ),
    "two receipts for one source": (
        _records("claims.json", lambda d: _second_receipt(d[0])),
        "claims.json: road-bridge/length (koreaherald-10439913): receipts: 2 receipts for "
        "'koreaherald-10439913'",
    ),
    "receipt for a source the record does not cite": (
        _records(
            "events.json",
            lambda d: d[0]["receipts"].append({"source": "wp-friendship", "unread": "x"}),
        ),
        "events.json: wooden-bridge-begun: receipts: receipt for 'wp-friendship', which the "
        "record does not cite",
    ),
    "via that does not resolve": (
        _records("trade.json", lambda d: d[0]["receipts"][1].update(via="no-such-source")),
        "trade.json: russian-exports 2016: receipts: unknown 'via' source 'no-such-source'",
    ),
    "quote longer than 40 words": (
        _records(
            "claims.json",
            lambda d: d[0]["receipts"][0].update(quote=" ".join(["word"] * 41)),
        ),
        "claims.json: road-bridge: receipts[0]: quote has 41 words",
    ),
    "receipt with both a quote and a reason": (
        _records("claims.json", lambda d: d[0]["receipts"][0].update(unread="not read")),
        "claims.json: road-bridge: receipts[0]: give exactly one of 'quote'",
    ),
    "quote without where": (
        _records("claims.json", lambda d: d[0]["receipts"][0].pop("where")),
        "claims.json: road-bridge: receipts[0]: a quote needs 'where'",
    ),
    "status inheriting the feature's sources without their receipts": (
        _feature("bridges.geojson", "friendship-bridge", _status_without_sources),
        "bridges.geojson: friendship-bridge: statuses[0].receipts: no receipt for source "
        "'moscowtimes-2024-12-16'",
    ),
    "access date given as the claim date": (
        _records("claims.json", _undated_claim_with_access_date),
        "claims.json: tumen-river/distance-china-to-sea (krogh-friendship): claimed_on: "
        "2026-11-26 is the day it was read; its sources are undated, so leave it out",
    ),
    "dated source without claimed_on": (
        _records("claims.json", _claim_citing("reuters-2025-03-27", lambda c: c.pop("claimed_on"))),
        "claims.json: road-bridge/length (reuters-2025-03-27): claimed_on: required: its source "
        "is dated (2025-03-27)",
    ),
    "claimed_on that is not a publication date": (
        _records(
            "claims.json",
            _claim_citing("reuters-2025-03-27", lambda c: c.update(claimed_on="2025-03-28")),
        ),
        "claims.json: road-bridge/length (reuters-2025-03-27): claimed_on: 2025-03-28 is not the "
        "publication date of any of its sources (2025-03-27)",
    ),
    "source without url or reason": (
        _records(
            "sources.json", lambda d: next(s for s in d if s["id"] == "wp-tripoint").pop("url")
        ),
        "sources.json: wp-tripoint: -: a source without 'url' needs a 'reader_note'",
    ),
    "low trust without a reason": (
        _records("sources.json", lambda d: d[0].update(trust="low")),
        "sources.json: reuters-2025-03-27: -: 'trust_reason' is given exactly when 'trust' is "
        "'low'",
    ),
    "malformed checked_on": (
        _raw("meta.json", b'{"checked_on": "last week"}'),
        "meta.json: -: checked_on: Input should be a valid date",
    ),
    "shape drawn to a figure nobody claims": (
        _feature(
            "bridges.geojson",
            "road-bridge",
            _set(["properties", "drawn_to", "height"], "a guess of 30 m"),
        ),
        "bridges.geojson: road-bridge: drawn_to.height: no claim in claims.json about this "
        "feature's 'height'",
    ),
    "drawn_to naming an attribute that is not a slug": (
        _feature(
            "bridges.geojson", "road-bridge", _set(["properties", "drawn_to", "Length"], "424 m")
        ),
        "bridges.geojson: road-bridge: drawn_to.Length.[key]: String should match pattern",
    ),
    "accuracy better than the worst stretch": (
        _feature("river.geojson", "tumen-river", _set(["properties", "accuracy_m"], 100)),
        "river.geojson: tumen-river: accuracy_stretches: the worst stretch is ±500 m, so "
        "accuracy_m must be 500, not 100",
    ),
    "a single stretch": (
        _feature(
            "river.geojson",
            "tumen-river",
            lambda f: f["properties"]["accuracy_stretches"].__delitem__(slice(1, None)),
        ),
        "river.geojson: tumen-river: accuracy_stretches: List should have at least 2 items",
    ),
    "stretch without its accuracy": (
        _feature(
            "river.geojson",
            "tumen-river",
            lambda f: f["properties"]["accuracy_stretches"][0].pop("accuracy_m"),
        ),
        "river.geojson: tumen-river: accuracy_stretches[0].accuracy_m: Field required",
    ),
    "stretches on a point": (
        _feature(
            "places.geojson",
            "tripoint",
            _set(
                ["properties", "accuracy_stretches"],
                [{"stretch": "here", "accuracy_m": 50, "method": "m"}] * 2,
            ),
        ),
        "places.geojson: tripoint: accuracy_stretches: a tripoint is a point: it has no stretches",
    ),
    "story without its file": (
        lambda c: (c.root / "story.json").unlink(),
        "story.json: -: -: file is missing",
    ),
    "chapter highlighting an unknown feature": (
        _chapter("bridge-of-1959", lambda c: c["features"].append("atlantis")),
        "story.json: bridge-of-1959: features: unknown feature id 'atlantis'",
    ),
    "chapter citing an unknown source": (
        _chapter("bridge-of-1959", lambda c: c["sources"].append("no-such-source")),
        "story.json: bridge-of-1959: sources: unknown source id 'no-such-source'",
    ),
    "chapter without a receipt for a source": (
        _chapter("bridge-of-1959", lambda c: c["receipts"].pop()),
        "story.json: bridge-of-1959: receipts: no receipt for source 'wp-friendship'",
    ),
    "chapter figure that no source gives": (
        _chapter(
            "bridge-of-1959",
            lambda c: c.update(text=c["text"].replace("1,435 mm", "1,067 mm")),
        ),
        "story.json: bridge-of-1959: text: 1067 is in no receipt of the chapter and in no record "
        "citing its sources",
    ),
    "chapter title with an unsourced year": (
        _chapter("bridge-of-1959", _set(["title"], "The bridge of 1958")),
        "story.json: bridge-of-1959: title: 1958 is in no receipt",
    ),
    "chapter dated before the time control": (
        _chapter("bridge-of-1959", _set(["date"], "1900")),
        "story.json: bridge-of-1959: date: 1900 is before the time control starts (1950)",
    ),
    "chapter dated after the newest state": (
        _chapter("bridge-of-1959", _set(["date"], "2099-01")),
        "story.json: bridge-of-1959: date: 2099-01 is after the newest sourced state",
    ),
    "chapter highlighting a feature not yet on the map": (
        _chapter("bridge-of-1959", lambda c: c["features"].append("road-bridge")),
        "story.json: bridge-of-1959: features: 'road-bridge' is not on the map on 1959-08-09 "
        "(it appears from 2024-06)",
    ),
    "chapter ids repeated": (
        _records("story.json", _duplicate_first_chapter),
        "story.json: river-and-tripoint: id: duplicate id (2 chapters)",
    ),
    "chapter id that is a number": (
        _chapter("bridge-of-1959", _set(["id"], "3")),
        "story.json: 3: id: needs a letter",
    ),
    "chapter text too short": (
        _chapter("bridge-of-1959", _set(["text"], "Rail came first.")),
        "story.json: bridge-of-1959: text: has 3 words; a chapter says one thing in 40–90 words",
    ),
    "chapter with two extents": (
        _chapter("bridge-of-1959", lambda c: c.update(center=[42.41, 130.64], zoom=14)),
        "story.json: bridge-of-1959: fit: give either 'fit': true or 'center' and 'zoom', not both",
    ),
    "chapter with no extent": (
        _chapter("bridge-of-1959", lambda c: c.pop("fit")),
        "story.json: bridge-of-1959: fit: no extent",
    ),
    "chapter centre without a zoom": (
        _chapter("bridge-of-1959", lambda c: c.update(fit=False, center=[42.41, 130.64])),
        "story.json: bridge-of-1959: zoom: 'center' needs a 'zoom'",
    ),
    "chapter centre given as [lon, lat]": (
        _chapter("bridge-of-1959", lambda c: c.update(fit=False, center=[130.64, 42.41], zoom=14)),
        "story.json: bridge-of-1959: center: [130.64, 42.41] looks like [lon, lat]",
    ),
    "chapter centre far away": (
        _chapter("bridge-of-1959", lambda c: c.update(fit=False, center=[48.85, 2.35], zoom=14)),
        "story.json: bridge-of-1959: center: [48.85, 2.35] lies outside the area of interest",
    ),
    "chapter opening a panel we do not have": (
        _chapter("bridge-of-1959", _set(["panel"], "gallery")),
        "story.json: bridge-of-1959: panel: Input should be 'details'",
    ),
    "chapter on a base map we do not offer": (
        _chapter("bridge-of-1959", _set(["base"], "watercolour")),
        "story.json: bridge-of-1959: base: Input should be 'osm'",
    ),
    "required feature missing": (
        lambda c: (c.root / "river.geojson").unlink(),
        "geodata: tumen-river: id: required feature is missing",
    ),
    # the status line's "since" depends on what each status entry says it is
    "news within a state marked as a new state": (
        _feature(
            "bridges.geojson", "road-bridge", _set(["properties", "statuses", 2, "kind"], "state")
        ),
        "bridges.geojson: road-bridge: statuses[2].kind: same status as the entry before "
        "('under-construction'): mark it 'milestone'",
    ),
    "a milestone that changes the status": (
        _feature(
            "bridges.geojson",
            "road-bridge",
            _set(["properties", "statuses", 1, "kind"], "milestone"),
        ),
        "bridges.geojson: road-bridge: statuses[1].kind: a milestone keeps the status before it "
        "('planned'), not 'under-construction'",
    ),
    "a resumption with no suspension before it": (
        _feature(
            "bridges.geojson",
            "road-bridge",
            _set(["properties", "statuses", 3, "kind"], "resumption"),
        ),
        "bridges.geojson: road-bridge: statuses[3].kind: a resumption follows a 'suspended' entry",
    ),
    "a first entry that is a milestone": (
        _feature(
            "places.geojson", "tripoint", _set(["properties", "statuses", 0, "kind"], "milestone")
        ),
        "places.geojson: tripoint: statuses[0].kind: the first entry cannot be a milestone",
    ),
    "unknown status step": (
        _feature(
            "bridges.geojson", "road-bridge", _set(["properties", "statuses", 2, "kind"], "event")
        ),
        "bridges.geojson: road-bridge: statuses[2].kind: Input should be 'state', 'milestone' or "
        "'resumption'",
    ),
    "a source language readers cannot be told": (
        _records("sources.json", lambda d: d[0].update(language="xx")),
        "sources.json: reuters-2025-03-27: language: 'xx' has no name for readers",
    ),
}


@pytest.mark.parametrize("name", list(BAD_EDITS))
def test_bad_edit_is_reported_precisely(name: str, content_copy: ContentCopy, capsys) -> None:
    make_bad, expected = BAD_EDITS[name]
    make_bad(content_copy)
    _, problems = validate(content_copy.root)
    messages = [str(p) for p in problems]
    assert any(expected in m for m in messages), messages

    assert main(["validate", str(content_copy.root)]) == 1
    printed = capsys.readouterr().out
    assert expected in printed


def test_cli_prints_summary_and_measures_for_valid_content(capsys) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "valid" in out
    measured, _, drawn = out.partition("Drawn to the sources' figures")
    assert "Measured on this map" in measured and "Tumen River length:" in measured
    # Shapes drawn to claimed figures are listed apart and never called measured.
    for label in ("Friendship Bridge length:", "road bridge length:", "Between the bridges"):
        assert label not in measured
        assert label in drawn
    assert "drawn to the official section lengths, 424 m (Russian) and 581 m (Korean)" in drawn


def test_one_broken_file_keeps_the_rest(content_copy: ContentCopy) -> None:
    (content_copy.root / "bridges.geojson").write_bytes(b"not json")
    content, problems = validate(content_copy.root)
    assert content.feature("tumen-river") is not None
    assert content.feature("friendship-bridge") is None
    assert content.sources and content.events
    assert any(p.file == "bridges.geojson" for p in problems)


def test_a_broken_story_keeps_the_rest(content_copy: ContentCopy) -> None:
    (content_copy.root / "story.json").write_bytes(b'[{"id": "river-and-tripoint",')
    content, problems = validate(content_copy.root)
    assert content.story == ()
    assert content.feature("road-bridge") is not None and content.events and content.claims
    assert [p.file for p in problems] == ["story.json"]
    assert str(problems[0]).startswith("story.json: -: -: invalid JSON at line 1 column 30")


def test_the_story_loads_in_reading_order() -> None:
    content, _ = validate()
    assert len(content.story) >= 8
    assert content.story[0].id == "river-and-tripoint"
    assert content.story[-1].date is None  # the last chapter shows the newest state
    assert content.chapter("seen-from-space").base == "satellite"
    assert content.chapter("atlantis") is None


def _meta_checked(root, day: str) -> None:
    (root / "meta.json").write_text(f'{{"checked_on": "{day}"}}', encoding="utf-8")


def test_old_check_warns_but_still_passes(content_copy: ContentCopy, capsys) -> None:
    _meta_checked(content_copy.root, "2020-01-01")
    assert main(["validate", str(content_copy.root)]) == 0
    err = capsys.readouterr().err
    assert "WARNING: meta.json: checked_on: 2020-01-01 is" in err
    assert "more than 90" in err


def test_recent_check_gives_no_warning(content_copy: ContentCopy, capsys) -> None:
    _meta_checked(content_copy.root, date.today().isoformat())
    assert main(["validate", str(content_copy.root)]) == 0
    assert "WARNING" not in capsys.readouterr().err


def test_staleness_counts_days_from_today() -> None:
    content, _ = validate()
    assert content.meta is not None
    checked = content.meta.checked_on
    assert staleness_warning(content, checked + timedelta(days=90)) is None
    assert "91 days ago" in (staleness_warning(content, checked + timedelta(days=91)) or "")


def test_every_record_has_a_receipt_for_each_source() -> None:
    content, _ = validate()
    records = list(receipted_records(content))
    assert len(records) > 100
    for record in records:
        assert sorted(r.source for r in record.receipts) == sorted(set(record.cited)), record
