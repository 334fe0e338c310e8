"""Command line: `python -m tumen_crossing validate [PATH]`, `... export OUTDIR` and
`... audit --sample N --seed S` and
`... build-geodata` (the river, border and crossing shapes from geodata/upstream/) and
`... i18n [--compile]` (the translation catalogues in geodata/locale/)."""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from tumen_crossing import i18n, measurements
from tumen_crossing.content import content_root, load_content
from tumen_crossing.measurements import format_metres
from tumen_crossing.validate import staleness_warning, validate


def _validate(path: Path) -> int:
    content, problems = validate(path)
    warning = staleness_warning(content, date.today())
    if warning:
        print(warning, file=sys.stderr)
    if problems:
        for problem in sorted(set(problems), key=str):
            print(problem)
        print(f"\n{len(problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    gaps = i18n.all_gaps(content, path)
    for gap in gaps:
        print(f"{gap.file}: {gap.record}: {gap.field}: {gap.message}")
    print(f"{len(gaps)} missing translation(s)", file=sys.stderr if gaps else sys.stdout)
    if gaps:
        return 1
    print(f"{path}: valid")
    print(
        f"  {len(content.layers)} layers, {len(content.features)} features, "
        f"{len(content.sources)} sources, {len(content.events)} events, "
        f"{len(content.trade)} trade figures, {len(content.claims)} claims, "
        f"{len(content.story)} story chapters"
    )
    figures = measurements.summary(content)
    measured = [m for m in figures if m.independent]
    drawn = [m for m in figures if not m.independent]
    if measured:
        print("  Measured on this map (geodesic, WGS 84):")
        print("\n".join(f"    {m}" for m in measured))
    if drawn:
        print("  Drawn to the sources' figures, so not independent measures:")
        print(
            "\n".join(
                f"    {m.label}: {format_metres(m.value_m)}, drawn to {m.drawn_to}" for m in drawn
            )
        )
    return 0


def _export(outdir: Path, path: Path, public_url: str | None = None) -> int:
    """Write the static site; refuse when the content has problems (nothing half-published)."""
    from tumen_crossing.export import export_site  # folium is only needed here

    content, problems = validate(path)
    if problems:
        for problem in sorted(set(problems), key=str):
            print(problem, file=sys.stderr)
        print(f"\n{len(problems)} problem(s) in {path}: nothing exported", file=sys.stderr)
        return 1
    started = time.perf_counter()
    result = export_site(content, outdir, public_url=public_url)
    print(f"{result} in {time.perf_counter() - started:.1f} s")
    return 0


def _audit(path: Path, n: int, seed: int) -> int:
    """Print a random sample of records beside their sources and receipts, for a human check."""
    from tumen_crossing.audit import render, sample

    content, problems = validate(path)
    if problems:
        print(f"note: {len(problems)} problem(s) in {path}; run validate first", file=sys.stderr)
    print(render(sample(content, n, seed), content), end="")
    return 0


def _metres(value: float) -> str:
    """One decimal, or a dash where there was nothing to measure (NaN)."""
    return "—" if math.isnan(value) else f"{value:.1f}"


def _build_geodata(content: Path, outdir: Path | None) -> int:
    """Rebuild the shapes from the upstream snapshots; print how far they lie from the control
    points before and after, so every rebuild shows what it moved."""
    from tumen_crossing import geobuild  # geopandas is only needed here

    try:
        texts = geobuild.build(content)
        rows = geobuild.report(content, texts)
    except geobuild.BuildError as err:
        print(f"{err}\nnothing written", file=sys.stderr)
        return 1
    target = outdir or content
    changed = geobuild.write(texts, target)
    print(f"{target}: {', '.join(changed) or 'no file'} changed")
    print(f"  {'distance to control points, metres':<62} {'before':>8} {'after':>8}")
    for label, before, after in rows:
        print(f"  {label:<62} {_metres(before):>8} {_metres(after):>8}")
    return 0


def _i18n(root: Path, compile_only: bool) -> int:
    if compile_only:
        written = i18n.compile_catalogs(root)
    else:
        content, problems = load_content(root)
        if problems:
            print(f"{len(problems)} content problem(s): run validate first", file=sys.stderr)
            return 1
        written = i18n.update_catalogs(content, root)
    for path in written:
        print(path.relative_to(root))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tumen_crossing")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check geodata/ and print every problem")
    check.add_argument("path", nargs="?", type=Path, default=None)
    export = commands.add_parser(
        "export", help="write a standalone static site (index.html + assets/) to OUTDIR"
    )
    export.add_argument("outdir", type=Path)
    export.add_argument("--content", type=Path, default=None, help="geodata folder")
    export.add_argument(
        "--public-url",
        default=None,
        help="the address the site will be served from (absolute links for link previews)",
    )
    audit = commands.add_parser(
        "audit", help="print N random records with their sources and receipts, for a human check"
    )
    audit.add_argument("--sample", type=int, default=20, metavar="N", help="how many records")
    audit.add_argument("--seed", type=int, default=0, help="the same seed draws the same records")
    audit.add_argument("--content", type=Path, default=None, help="geodata folder")
    rebuild = commands.add_parser(
        "build-geodata",
        help="rebuild the river, border and crossing shapes from geodata/upstream/",
    )
    rebuild.add_argument("--content", type=Path, default=None, help="geodata folder")
    rebuild.add_argument(
        "--out", type=Path, default=None, help="write the layers here (default: --content)"
    )
    translations = commands.add_parser(
        "i18n",
        help="update geodata/locale/ (templates and every language's catalogue) from the "
        "vocabulary and the content; --compile writes the .mo files",
    )
    translations.add_argument("--content", type=Path, default=None, help="geodata folder")
    translations.add_argument("--compile", action="store_true", help="only compile the .mo files")
    args = parser.parse_args(argv)
    if args.command == "i18n":
        return _i18n(args.content or content_root(), args.compile)
    if args.command == "validate":
        return _validate(args.path or content_root())
    if args.command == "export":
        return _export(args.outdir, args.content or content_root(), args.public_url)
    if args.command == "audit":
        if args.sample < 1:
            parser.error("--sample must be at least 1")
        return _audit(args.content or content_root(), args.sample, args.seed)
    if args.command == "build-geodata":
        return _build_geodata(args.content or content_root(), args.out)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
