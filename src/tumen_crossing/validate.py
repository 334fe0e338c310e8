"""Cross-record rules: ids resolve, geometry is valid and in place, bridges cross the river.

Field-level checks happen while loading (models.py); these rules need the whole content at once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from shapely.geometry import LineString, Point, box
from shapely.validation import explain_validity

from tumen_crossing import history, measure
from tumen_crossing.claims import format_value
from tumen_crossing.content import (
    CLAIMS_FILE,
    EVENTS_FILE,
    META_FILE,
    SOURCES_FILE,
    STORY_FILE,
    TRADE_FILE,
    Content,
    Feature,
    Problem,
    load_content,
)
from tumen_crossing.dates import date_start
from tumen_crossing.models import Chapter, Claim, Receipt
from tumen_crossing.vocab import (
    EARLIEST_DATE,
    KINDS,
    LANGUAGE_NAMES,
    REQUIRED_FEATURE_IDS,
    TRADE_MEASURES,
    geometry_types,
)

AREA_OF_INTEREST = box(129.5, 41.8, 132.5, 43.6)
"""lon/lat box around the crossings, Rajin and Vladivostok: anything outside is a typo."""

RIVER_ID = "tumen-river"
RU_KP_BORDER_ID = "border-ru-kp"
TOPICS = frozenset({"trade"})
"""Claim subjects that are not map features."""
BRIDGE_KINDS = frozenset(k for k, info in KINDS.items() if info.bridge)
TRIPOINT_MAX_OFFSET_M = 100.0
STALE_AFTER_DAYS = 90
"""`validate` warns when the content was last checked against its sources longer ago."""


def _feature_problem(feature: Feature, field: str, message: str) -> Problem:
    return Problem(feature.file, feature.id, field, message)


def check_ids(content: Content) -> Iterator[Problem]:
    counts = Counter(f.id for f in content.features)
    for feature in content.features:
        if counts[feature.id] > 1:
            others = sorted({f.file for f in content.features if f.id == feature.id})
            yield _feature_problem(feature, "id", f"duplicate id (also in {', '.join(others)})")
            counts[feature.id] = 0  # report each duplicate once
    present = set(counts)
    for required in REQUIRED_FEATURE_IDS:
        if required not in present:
            yield Problem("geodata", required, "id", "required feature is missing")
    event_counts = Counter(e.id for e in content.events)
    for event_id, n in event_counts.items():
        if n > 1:
            yield Problem(EVENTS_FILE, event_id, "id", f"duplicate id ({n} events)")
    chapter_counts = Counter(c.id for c in content.story)
    for chapter_id, n in chapter_counts.items():
        if n > 1:
            yield Problem(STORY_FILE, chapter_id, "id", f"duplicate id ({n} chapters)")
    trade_counts = Counter((t.measure, t.year) for t in content.trade)
    for (series, year), n in trade_counts.items():
        if n > 1:
            yield Problem(TRADE_FILE, series, "year", f"{year} is listed {n} times")


def check_sources(content: Content) -> Iterator[Problem]:
    """Every cited source id must be in the registry (skipped when the registry itself failed)."""
    if not content.sources:
        return
    known = set(content.sources)

    def unknown(ids: list[str]) -> list[str]:
        return [s for s in ids if s not in known]

    for f in content.features:
        for sid in unknown(f.props.sources):
            yield _feature_problem(f, "sources", f"unknown source id {sid!r}")
        for i, entry in enumerate(f.props.statuses):
            for sid in unknown(entry.sources):
                yield _feature_problem(f, f"statuses[{i}].sources", f"unknown source id {sid!r}")
    for e in content.events:
        for sid in unknown(e.sources):
            yield Problem(EVENTS_FILE, e.id, "sources", f"unknown source id {sid!r}")
    for t in content.trade:
        for sid in unknown(t.sources):
            yield Problem(TRADE_FILE, f"{t.measure} {t.year}", "sources", f"unknown source {sid!r}")
    for c in content.claims:
        for sid in unknown(c.sources):
            record = f"{c.subject}/{c.attribute}"
            yield Problem(CLAIMS_FILE, record, "sources", f"unknown source id {sid!r}")
    for chapter in content.story:
        for sid in unknown(chapter.sources):
            yield Problem(STORY_FILE, chapter.id, "sources", f"unknown source id {sid!r}")


def check_references(content: Content) -> Iterator[Problem]:
    ids = set(content.by_id)
    for e in content.events:
        for fid in e.features:
            if fid not in ids:
                yield Problem(EVENTS_FILE, e.id, "features", f"unknown feature id {fid!r}")
    for c in content.claims:
        if c.subject not in ids and c.subject not in TOPICS:
            yield Problem(
                CLAIMS_FILE,
                f"{c.subject}/{c.attribute}",
                "subject",
                f"{c.subject!r} is neither a feature id nor a topic ({', '.join(sorted(TOPICS))})",
            )
    for chapter in content.story:
        for fid in chapter.features:
            if fid not in ids:
                yield Problem(STORY_FILE, chapter.id, "features", f"unknown feature id {fid!r}")
    for s in content.sources.values():
        if s.published and date_start(s.published) > s.accessed:
            yield Problem(SOURCES_FILE, s.id, "published", "is after the date it was accessed")
        if s.language not in LANGUAGE_NAMES:
            yield Problem(
                SOURCES_FILE,
                s.id,
                "language",
                f"{s.language!r} has no name for readers; add it to vocab.LANGUAGE_NAMES",
            )


def check_drawn_to(content: Content) -> Iterator[Problem]:
    """A shape can only be drawn to a figure someone claims: each `drawn_to` attribute needs a
    claim about that feature in claims.json (skipped when the claims themselves failed)."""
    if not content.claims:
        return
    claimed = {(c.subject, c.attribute) for c in content.claims}
    for f in content.features:
        for attribute in f.props.drawn_to:
            if (f.id, attribute) not in claimed:
                yield _feature_problem(
                    f,
                    f"drawn_to.{attribute}",
                    f"no claim in {CLAIMS_FILE} about this feature's {attribute!r}; "
                    "a shape can only be drawn to a claimed figure",
                )


def check_status_steps(content: Content) -> Iterator[Problem]:
    """Each status entry does what its `kind` says: a milestone keeps the status of the entry
    before it, a new state changes it, and a resumption returns, after a suspension, to the
    status held before it. The status line's "since" depends on it (see history.current)."""
    for f in content.features:
        statuses = f.props.statuses
        for i, entry in enumerate(statuses):
            field = f"statuses[{i}].kind"
            before = statuses[i - 1].status if i else None
            if i == 0 and entry.kind != "state":
                yield _feature_problem(f, field, f"the first entry cannot be a {entry.kind}")
            elif entry.kind == "milestone" and entry.status != before:
                yield _feature_problem(
                    f,
                    field,
                    f"a milestone keeps the status before it ({before!r}), not {entry.status!r}; "
                    "a change of status is a 'state'",
                )
            elif entry.kind == "state" and entry.status == before:
                yield _feature_problem(
                    f,
                    field,
                    f"same status as the entry before ({before!r}): mark it 'milestone' if it is "
                    "news within that state, so the status line keeps the state's start",
                )
            elif entry.kind == "resumption":
                held = [s.status for s in statuses[: i - 1] if s.kind != "milestone"]
                if before != "suspended" or not held or held[-1] != entry.status:
                    yield _feature_problem(
                        f,
                        field,
                        "a resumption follows a 'suspended' entry and returns to the status "
                        "held before it",
                    )


def check_geometry(content: Content) -> Iterator[Problem]:
    for f in content.features:
        allowed = geometry_types(f.props.kind)
        if f.geometry.geom_type not in allowed:
            yield _feature_problem(
                f,
                "geometry.type",
                f"a {f.props.kind} must be {' or '.join(allowed)}, not {f.geometry.geom_type}",
            )
        if not f.geometry.is_valid:
            reason = explain_validity(f.geometry)
            yield _feature_problem(f, "geometry", f"invalid geometry: {reason}")
        if not AREA_OF_INTEREST.contains(f.geometry):
            minx, miny, maxx, maxy = f.geometry.bounds
            hint = ""
            if AREA_OF_INTEREST.contains(box(miny, minx, maxy, maxx)):
                hint = "; the coordinates look swapped — GeoJSON wants [lon, lat]"
            yield _feature_problem(
                f,
                "geometry.coordinates",
                f"lies outside the area of interest {AREA_OF_INTEREST.bounds}{hint}",
            )


def check_crossings(content: Content) -> Iterator[Problem]:
    """Bridges cross the river and join the two countries; the tripoint lies on the river."""
    river = content.feature(RIVER_ID)
    border = content.feature(RU_KP_BORDER_ID)
    for f in content.features:
        if f.props.kind in BRIDGE_KINDS and isinstance(f.geometry, LineString):
            if river and not f.geometry.intersects(river.geometry):
                gap = measure.distance_to_m(Point(f.geometry.coords[0]), river.geometry)
                yield _feature_problem(
                    f, "geometry", f"bridge does not cross the river ({gap:.0f} m from its start)"
                )
            if border and isinstance(border.geometry, LineString):
                start, end = Point(f.geometry.coords[0]), Point(f.geometry.coords[-1])
                if measure.side_of(border.geometry, start) == measure.side_of(border.geometry, end):
                    yield _feature_problem(
                        f, "geometry", "both ends lie on one side of the Russia–North Korea border"
                    )
        if f.props.kind == "tripoint" and river and isinstance(f.geometry, Point):
            offset = measure.distance_to_m(f.geometry, river.geometry)
            if offset > TRIPOINT_MAX_OFFSET_M:
                yield _feature_problem(
                    f,
                    "geometry",
                    f"tripoint lies {offset:.0f} m from the river "
                    f"(at most {TRIPOINT_MAX_OFFSET_M:.0f} m)",
                )


def _with_note(said: str, note: str | None) -> str:
    return f"{said} — {note}" if note else said


def claim_record(claim: Claim) -> str:
    """How problems name a claim: subject/attribute plus its sources, enough to find it."""
    return f"{claim.subject}/{claim.attribute} ({', '.join(claim.sources)})"


@dataclass(frozen=True)
class Receipted:
    """A record that must carry a receipt for each source it cites, how to name it, and what it
    says in plain text (for the audit)."""

    kind: str
    file: str
    record: str
    field: str
    cited: tuple[str, ...]
    receipts: tuple[Receipt, ...]
    statement: str


def receipted_records(content: Content) -> Iterator[Receipted]:
    """Every claim, event, trade figure, status and story chapter with the sources it cites.

    A status without sources of its own stands on its feature's sources, so its receipts must
    cover those.
    """
    for c in content.claims:
        said = f"{c.subject} {c.attribute}: {format_value(c)}"
        said += f" (claimed on {c.claimed_on})" if c.claimed_on else " (undated source)"
        yield Receipted(
            "claim",
            CLAIMS_FILE,
            claim_record(c),
            "receipts",
            tuple(c.sources),
            tuple(c.receipts),
            _with_note(said, c.note),
        )
    for e in content.events:
        yield Receipted(
            "event",
            EVENTS_FILE,
            e.id,
            "receipts",
            tuple(e.sources),
            tuple(e.receipts),
            f"{e.date} \u2014 {e.title}: {e.text}",
        )
    for t in content.trade:
        said = f"{t.year} {TRADE_MEASURES[t.measure].label.lower()}: US$ {t.value_usd:,.0f}"
        yield Receipted(
            "trade figure",
            TRADE_FILE,
            f"{t.measure} {t.year}",
            "receipts",
            tuple(t.sources),
            tuple(t.receipts),
            _with_note(said, t.note),
        )
    for f in content.features:
        for i, entry in enumerate(f.props.statuses):
            said = f"{f.props.name.en}: {entry.status}"
            said += f" since {entry.since}" if entry.since else ""
            yield Receipted(
                "status",
                f.file,
                f.id,
                f"statuses[{i}].receipts",
                tuple(entry.sources or f.props.sources),
                tuple(entry.receipts),
                _with_note(said, entry.note),
            )
    for chapter in content.story:
        yield Receipted(
            "chapter",
            STORY_FILE,
            chapter.id,
            "receipts",
            tuple(chapter.sources),
            tuple(chapter.receipts),
            f"{chapter.title}: {chapter.text}",
        )


def check_receipts(content: Content) -> Iterator[Problem]:
    """One receipt per cited source, none for an uncited one, and every `via` resolves."""
    known = set(content.sources)
    for r in receipted_records(content):
        counts = Counter(receipt.source for receipt in r.receipts)
        for sid in dict.fromkeys(r.cited):
            if counts[sid] == 0:
                yield Problem(r.file, r.record, r.field, f"no receipt for source {sid!r}")
            elif counts[sid] > 1:
                yield Problem(r.file, r.record, r.field, f"{counts[sid]} receipts for {sid!r}")
        for receipt in r.receipts:
            if receipt.source not in r.cited:
                yield Problem(
                    r.file,
                    r.record,
                    r.field,
                    f"receipt for {receipt.source!r}, which the record does not cite",
                )
            if receipt.via is not None and known and receipt.via not in known:
                yield Problem(r.file, r.record, r.field, f"unknown 'via' source {receipt.via!r}")


def check_claim_dates(content: Content) -> Iterator[Problem]:
    """A claim's date is the day its source said it: none for undated pages, never the day read."""
    if not content.sources:
        return
    for c in content.claims:
        sources = [content.sources[s] for s in c.sources if s in content.sources]
        if len(sources) != len(c.sources):
            continue  # unknown ids are reported by check_sources
        published = sorted({s.published for s in sources if s.published})
        if not published:
            if c.claimed_on is not None:
                read = {s.accessed.isoformat() for s in sources}
                why = "the day it was read" if c.claimed_on in read else "a date no source gives"
                yield Problem(
                    CLAIMS_FILE,
                    claim_record(c),
                    "claimed_on",
                    f"{c.claimed_on} is {why}; its sources are undated, so leave it out",
                )
        elif c.claimed_on is None:
            yield Problem(
                CLAIMS_FILE,
                claim_record(c),
                "claimed_on",
                f"required: its source is dated ({', '.join(published)})",
            )
        elif c.claimed_on not in published:
            yield Problem(
                CLAIMS_FILE,
                claim_record(c),
                "claimed_on",
                f"{c.claimed_on} is not the publication date of any of its sources "
                f"({', '.join(published)})",
            )


FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def figures(text: str) -> set[str]:
    """Every number in a text as plain digits, so that '1,520', '09' and '41.00' match the
    '1520', '9' and '41' of another text."""
    found = set()
    for raw in FIGURE.findall(text):
        number = raw.rstrip(",").replace(",", "")
        whole, _, fraction = number.partition(".")
        fraction = fraction.rstrip("0")
        found.add(f"{int(whole)}.{fraction}" if fraction else str(int(whole)))
    return found


def _cites_any(sources: Iterable[str], cited: set[str]) -> bool:
    return not cited.isdisjoint(sources)


def chapter_evidence(content: Content, chapter: Chapter) -> set[str]:
    """The numbers a chapter may show: those in its receipts' quotes, and those in the claims,
    events, trade figures and statuses that cite its sources (their values, dates and quotes),
    and in its sources' own titles, names and dates. Our own sentences (notes, event texts) are
    not evidence: only what the sources say or what a record states as their figure."""
    cited = set(chapter.sources)
    said = [r.quote or "" for r in chapter.receipts]
    for c in content.claims:
        if _cites_any(c.sources, cited):
            said += [str(c.value), format_value(c), c.claimed_on or ""]
            said += [r.quote or "" for r in c.receipts]
    for e in content.events:
        if _cites_any(e.sources, cited):
            said += [e.date, *(r.quote or "" for r in e.receipts)]
    for t in content.trade:
        if _cites_any(t.sources, cited):
            said += [str(t.year), f"{t.value_usd / 1e6:.2f}", *(r.quote or "" for r in t.receipts)]
    for f in content.features:
        for entry in f.props.statuses:
            if _cites_any(entry.sources or f.props.sources, cited):
                said += [entry.since or "", *(r.quote or "" for r in entry.receipts)]
    for sid in cited:
        if source := content.sources.get(sid):
            said += [source.title, source.publisher, source.published or ""]
    return set().union(*(figures(text) for text in said))


def _chapter_extent(chapter: Chapter) -> Iterator[tuple[str, str]]:
    """One extent: 'fit' to features, or 'center' with 'zoom' — never both, never neither."""
    if chapter.fit:
        if chapter.center is not None or chapter.zoom is not None:
            yield "fit", "give either 'fit': true or 'center' and 'zoom', not both"
        if not chapter.features:
            yield "fit", "there are no features to fit; give 'center' and 'zoom' instead"
    elif chapter.center is None and chapter.zoom is None:
        yield "fit", "no extent: give 'fit': true (to the features) or 'center' and 'zoom'"
    elif chapter.zoom is None:
        yield "zoom", "'center' needs a 'zoom'"
    elif chapter.center is None:
        yield "center", "'zoom' needs a 'center' ([lat, lon])"
    if chapter.center is not None:
        lat, lon = chapter.center
        if not AREA_OF_INTEREST.contains(Point(lon, lat)):
            yield "center", f"[{lat}, {lon}] lies outside the area of interest"


def check_story(content: Content) -> Iterator[Problem]:
    """Each chapter has one extent, a date on the time control, features drawn on that date,
    and no figure its sources do not give (skipped when the registry itself failed)."""
    newest = history.newest(content)
    for chapter in content.story:
        for field, message in _chapter_extent(chapter):
            yield Problem(STORY_FILE, chapter.id, field, message)
        day = date_start(chapter.date) if chapter.date else None
        if day is not None and day < EARLIEST_DATE:
            yield Problem(
                STORY_FILE,
                chapter.id,
                "date",
                f"{chapter.date} is before the time control starts ({EARLIEST_DATE.year})",
            )
        elif day is not None and day > newest:
            yield Problem(
                STORY_FILE,
                chapter.id,
                "date",
                f"{chapter.date} is after the newest sourced state ({newest.isoformat()}); "
                "leave 'date' out to show the newest state",
            )
        for fid in chapter.features:
            feature = content.feature(fid)
            if feature and not history.drawn_at(feature, day):
                first = feature.props.statuses[0].since
                yield Problem(
                    STORY_FILE,
                    chapter.id,
                    "features",
                    f"{fid!r} is not on the map on {chapter.date} (it appears from {first})",
                )
        if not content.sources:
            continue
        evidence = chapter_evidence(content, chapter)
        for field in ("title", "text"):
            for number in sorted(figures(getattr(chapter, field)) - evidence):
                yield Problem(
                    STORY_FILE,
                    chapter.id,
                    field,
                    f"{number} is in no receipt of the chapter and in no record citing its "
                    "sources; cite the source that gives it",
                )


def check(content: Content) -> list[Problem]:
    """Every cross-record rule, in a stable order."""
    return [
        *check_ids(content),
        *check_sources(content),
        *check_references(content),
        *check_drawn_to(content),
        *check_status_steps(content),
        *check_geometry(content),
        *check_crossings(content),
        *check_receipts(content),
        *check_claim_dates(content),
        *check_story(content),
    ]


def staleness_warning(content: Content, today: date) -> str | None:
    """A warning when the content was last checked against its sources too long ago.

    It is a warning, not a problem: old content is still valid content, but the page's
    "checked on" date tells readers how fresh it is, so editors should look again.
    """
    if content.meta is None:
        return None
    age = (today - content.meta.checked_on).days
    if age <= STALE_AFTER_DAYS:
        return None
    return (
        f"WARNING: {META_FILE}: checked_on: {content.meta.checked_on.isoformat()} is {age} days "
        f"ago (more than {STALE_AFTER_DAYS}); check the content against its sources again"
    )


def validate(root: Path | None = None) -> tuple[Content, list[Problem]]:
    """Load and check everything under root (default: `content_root()`): the content that is
    usable and every problem."""
    content, problems = load_content(root)
    return content, problems + check(content)
