"""How long a link-preview picture takes to draw, and how big it is, for every feature's view.

    .venv/bin/python bench/previews.py [--dates 2024-07-01 2025-10-01]

Draws each feature's view (and the default view) at the newest state and at each date given,
cold (nothing cached: this is what a server pays once per distinct view), and prints the time
and PNG size per view with min / median / max. Pictures are not written anywhere.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from tumen_crossing.content import load_content
from tumen_crossing.preview import render_png
from tumen_crossing.viewstate import ViewState


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dates", nargs="*", default=["1970-01-01", "2025-10-01"])
    args = parser.parse_args()
    content = load_content()[0]
    days = [None, *(date.fromisoformat(d) for d in args.dates)]
    started = time.perf_counter()
    render_png(content, ViewState())  # imports, fonts and projection set-up: paid once
    print(f"first picture (imports, font cache, CRS): {time.perf_counter() - started:.2f} s")
    times, sizes = [], []
    for day in days:
        for feature in [None, *(f.id for f in content.features)]:
            state = ViewState(feature=feature, date=day)
            began = time.perf_counter()
            size = len(render_png(content, state))
            elapsed = (time.perf_counter() - began) * 1000
            times.append(elapsed)
            sizes.append(size / 1000)
            where = f"{feature or '(default)':24} {day or 'newest'!s:10}"
            print(f"{where} {elapsed:6.0f} ms {size / 1000:6.1f} kB")
    for name, values, unit in (("time", times, "ms"), ("size", sizes, "kB")):
        print(
            f"{name}: min {min(values):.0f} / median {statistics.median(values):.0f} / "
            f"max {max(values):.0f} {unit} over {len(values)} views"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
