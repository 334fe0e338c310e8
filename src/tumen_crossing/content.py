"""Load geodata/ into typed records and shapely geometries, collecting problems instead of raising.

A broken file must not take the rest down: each file loads on its own, bad records are dropped
with a Problem naming file, record and field, and everything valid is kept.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from tumen_crossing.models import (
    Chapter,
    Claim,
    Event,
    FeatureProperties,
    GeoFeature,
    Meta,
    Source,
    TradeFigure,
)

PACKAGED_ROOT = Path(str(files("tumen_crossing.geodata")))
"""geodata/ as installed with the package (editable or not)."""
CONTENT_ENV = "TUMEN_GEODATA"


def content_root() -> Path:
    """Where the content lives: the folder named by TUMEN_GEODATA, else the packaged geodata/.

    The one place that decides it, for the app, the CLI and the export alike (tests and
    previews point TUMEN_GEODATA at a copy)."""
    return Path(os.environ.get(CONTENT_ENV) or PACKAGED_ROOT)


LAYER_ORDER = ("river", "borders", "transport", "bridges", "places")
"""Drawing order, bottom to top; layers not named here follow in file-name order."""

SOURCES_FILE = "sources.json"
EVENTS_FILE = "events.json"
TRADE_FILE = "trade.json"
CLAIMS_FILE = "claims.json"
META_FILE = "meta.json"
STORY_FILE = "story.json"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, printed as `file: record: field: message`."""

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Feature:
    """A map feature: its layer, its validated properties and its shapely geometry."""

    layer: str
    props: FeatureProperties
    geometry: BaseGeometry
    file: str

    @property
    def id(self) -> str:
        return self.props.id


@dataclass(frozen=True)
class Layer:
    name: str
    title: str
    file: str


@dataclass(frozen=True)
class Content:
    """Everything the app shows, already validated field by field."""

    layers: tuple[Layer, ...] = ()
    features: tuple[Feature, ...] = ()
    sources: dict[str, Source] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    trade: tuple[TradeFigure, ...] = ()
    claims: tuple[Claim, ...] = ()
    meta: Meta | None = None
    story: tuple[Chapter, ...] = ()
    """The guided story's chapters, in reading order (the order of story.json)."""
    lang: str = "en"
    """The language its own words are in (i18n.localised gives the content in another)."""

    @cached_property
    def by_id(self) -> dict[str, Feature]:
        return {f.id: f for f in self.features}

    def feature(self, feature_id: str) -> Feature | None:
        return self.by_id.get(feature_id)

    def in_layer(self, layer: str) -> list[Feature]:
        return [f for f in self.features if f.layer == layer]

    def claims_about(self, subject: str) -> list[Claim]:
        return [c for c in self.claims if c.subject == subject]

    def chapter(self, chapter_id: str) -> Chapter | None:
        return next((c for c in self.story if c.id == chapter_id), None)


def _format_loc(loc: Iterable[int | str]) -> str:
    """Turn a pydantic error location into `name.ko` or `geometry.coordinates[3]`."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{item}]"]
        elif item in {"Point", "LineString", "MultiLineString", "Polygon"} or item.startswith(
            "function-"
        ):
            continue
        else:
            parts.append(item)
    if parts and parts[0] == "properties" and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or "-"


def _problems_from(error: ValidationError, file: str, record: str) -> list[Problem]:
    out = []
    for err in error.errors(include_url=False):
        message = err["msg"].removeprefix("Value error, ")
        out.append(Problem(file, record, _format_loc(err["loc"]), message))
    return out


def read_json(path: Path, root: Path) -> tuple[Any, list[Problem]]:
    """Parse one file; a missing, non-UTF-8 or malformed file becomes a Problem, not an error."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, "-", "-", "file is missing")]
    except OSError as err:
        return None, [Problem(name, "-", "-", f"cannot be read ({err.strerror})")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        where = f"byte {raw[err.start]:#04x} at offset {err.start}"
        return None, [Problem(name, "-", "-", f"is not UTF-8 text ({where})")]
    if not text.strip():
        return None, [Problem(name, "-", "-", "is empty")]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as err:
        where = f"line {err.lineno} column {err.colno}"
        return None, [Problem(name, "-", "-", f"invalid JSON at {where}: {err.msg}")]


def _record_name(raw: Any, index: int, key: str = "id") -> str:
    if isinstance(raw, dict):
        props = raw.get("properties") if "properties" in raw else raw
        if isinstance(props, dict) and isinstance(props.get(key), str) and props[key]:
            return props[key][:64]
    return f"#{index}"


def load_layer(path: Path, root: Path) -> tuple[Layer | None, list[Feature], list[Problem]]:
    """Load one GeoJSON FeatureCollection; each feature is validated on its own."""
    data, problems = read_json(path, root)
    name = path.relative_to(root).as_posix()
    if data is None:
        return None, [], problems
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return None, [], [Problem(name, "-", "type", "must be a GeoJSON FeatureCollection")]
    raw_features = data.get("features")
    if not isinstance(raw_features, list):
        return None, [], [Problem(name, "-", "features", "must be a list of features")]
    if not raw_features:
        return None, [], [Problem(name, "-", "features", "layer is empty: no features")]
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(name, "-", "title", "layer needs a non-empty 'title'"))
        title = path.stem.title()
    layer = Layer(path.stem, title.strip(), name)
    features = []
    for index, raw in enumerate(raw_features):
        record = _record_name(raw, index)
        try:
            parsed = GeoFeature.model_validate(raw)
        except ValidationError as err:
            problems.extend(_problems_from(err, name, record))
            continue
        geometry = shape(parsed.geometry.model_dump())
        features.append(Feature(layer.name, parsed.properties, geometry, name))
    return layer, features, problems


M = TypeVar("M", bound=BaseModel)


def load_records(
    path: Path, root: Path, model: type[M], naming: str = "id"
) -> tuple[list[M], list[Problem]]:
    """Load a JSON array of records, keeping the valid ones."""
    data, problems = read_json(path, root)
    name = path.relative_to(root).as_posix()
    if data is None:
        return [], problems
    if not isinstance(data, list):
        return [], [Problem(name, "-", "-", "must be a JSON array of records")]
    if not data:
        return [], [Problem(name, "-", "-", "has no records")]
    records: list[M] = []
    adapter = TypeAdapter(model)
    for index, raw in enumerate(data):
        try:
            records.append(adapter.validate_python(raw))
        except ValidationError as err:
            problems.extend(_problems_from(err, name, _record_name(raw, index, naming)))
    return records, problems


def load_meta(path: Path, root: Path) -> tuple[Meta | None, list[Problem]]:
    """Load meta.json: one object about the content as a whole."""
    data, problems = read_json(path, root)
    if data is None:
        return None, problems
    try:
        return Meta.model_validate(data), []
    except ValidationError as err:
        return None, _problems_from(err, path.name, "-")


def _layer_paths(root: Path) -> list[Path]:
    paths = sorted(root.glob("*.geojson"))
    rank = {name: i for i, name in enumerate(LAYER_ORDER)}
    return sorted(paths, key=lambda p: (rank.get(p.stem, len(rank)), p.stem))


def load_content(root: Path | None = None) -> tuple[Content, list[Problem]]:
    """Read every file under root (default: `content_root()`); return what is valid and every
    problem found on the way."""
    root = root or content_root()
    problems: list[Problem] = []
    if not root.is_dir():
        return Content(), [Problem(str(root), "-", "-", "content folder not found")]
    layers, features = [], []
    for path in _layer_paths(root):
        layer, layer_features, layer_problems = load_layer(path, root)
        problems += layer_problems
        if layer:
            layers.append(layer)
            features += layer_features
    if not layers:
        problems.append(Problem(root.name, "-", "-", "no *.geojson layers found"))
    sources, found = load_records(root / SOURCES_FILE, root, Source)
    problems += found
    events, found = load_records(root / EVENTS_FILE, root, Event)
    problems += found
    trade, found = load_records(root / TRADE_FILE, root, TradeFigure, naming="measure")
    problems += found
    claims, found = load_records(root / CLAIMS_FILE, root, Claim, naming="subject")
    problems += found
    meta, found = load_meta(root / META_FILE, root)
    problems += found
    story, found = load_records(root / STORY_FILE, root, Chapter)
    problems += found
    content = Content(
        layers=tuple(layers),
        features=tuple(features),
        sources={s.id: s for s in sources},
        events=tuple(sorted(events, key=lambda e: e.date)),
        trade=tuple(sorted(trade, key=lambda t: (t.measure, t.year))),
        claims=tuple(claims),
        meta=meta,
        story=tuple(story),
    )
    return content, problems
