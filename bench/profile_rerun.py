"""Where a rerun of app.py spends its time.

    .venv/bin/python bench/profile_rerun.py [--feature road-bridge] [--runs 5] [--top 30]

Runs app.py in-process with `streamlit.testing.v1.AppTest` (the script runner the server
uses, minus the websocket), twice to warm `st.cache_resource`, then:

1. timers: the app's building blocks (every public function of tumen_crossing.panels,
   .mapwidget and .mapview, `st_folium`, the component call, `copy.deepcopy`) are
   wrapped with perf_counter in this process, and `--runs` runs give a median per block
   and per whole run. No profiler overhead; blocks are inclusive and top-level only.
2. cProfile of `--runs` more runs: the top functions by cumulative time (profiling inflates
   Python-heavy code such as Jinja2 by 2–3×: compare shares, not absolutes).

Nothing in the app is edited: the wrappers replace attributes of the imported modules in
this process only, and the profile is of whatever app.py is on disk.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import functools
import io
import pstats
import statistics
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXEC = "script exec (what page_profile.exec_time covers, minus prep)"
APP_MODULES = ("tumen_crossing.panels", "tumen_crossing.mapwidget", "tumen_crossing.mapview")


class Timers:
    def __init__(self) -> None:
        self.current: dict[str, float] = defaultdict(float)
        self.depth: dict[str, int] = defaultdict(int)
        self.runs: list[dict[str, float]] = []

    def wrap(self, label: str, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            self.depth[label] += 1
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.depth[label] -= 1
                if self.depth[label] == 0:  # top-level calls only
                    self.current[label] += time.perf_counter() - started

        return timed

    def end_run(self, wall: float) -> None:
        self.runs.append({**self.current, "whole run (AppTest wall)": wall})
        self.current = defaultdict(float)


def install(timers: Timers) -> None:
    """Wrap every public function of the app's map and panel modules (whichever exist when
    this runs: the app is being optimised), st_folium and Streamlit's component call."""
    import importlib
    import inspect

    import streamlit_folium

    for module_name in APP_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        short = module_name.rsplit(".", 1)[-1]
        for name, obj in list(vars(module).items()):
            if (
                not name.startswith("_")
                and inspect.isfunction(obj)
                and obj.__module__ == module_name
            ):
                setattr(module, name, timers.wrap(f"{short}.{name}", obj))
    streamlit_folium.st_folium = timers.wrap(
        "streamlit_folium.st_folium", streamlit_folium.st_folium
    )
    streamlit_folium._component_func = timers.wrap(
        "streamlit_folium._component_func (Streamlit component call)",
        streamlit_folium._component_func,
    )
    copy.deepcopy = timers.wrap("copy.deepcopy (all top-level callers)", copy.deepcopy)
    from streamlit.runtime.scriptrunner import script_runner

    script_runner.exec_func_with_error_handling = timers.wrap(
        EXEC, script_runner.exec_func_with_error_handling
    )


def profile_script_thread(profiler: cProfile.Profile) -> None:
    """AppTest runs the script on its own thread, which a profiler enabled here would not
    see; enable it inside that thread instead (patches the test runner in this process)."""
    from streamlit.testing.v1 import local_script_runner as lsr

    original = lsr.LocalScriptRunner._run_script_thread

    def run_profiled(self) -> None:
        profiler.enable()
        try:
            original(self)
        finally:
            profiler.disable()

    lsr.LocalScriptRunner._run_script_thread = run_profiled  # type: ignore[method-assign]


def main() -> int:
    from streamlit.testing.v1 import AppTest

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feature", default="road-bridge", help="?feature= for the runs")
    parser.add_argument("--tab", default="", help="?tab= for the runs (default: details)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs, then profiled runs")
    parser.add_argument("--top", type=int, default=30, help="functions to list")
    args = parser.parse_args()

    timers = Timers()
    install(timers)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    if args.feature:
        at.query_params["feature"] = args.feature
    if args.tab:
        at.query_params["tab"] = args.tab
    for _ in range(2):  # warm caches (content, pristine map, groups)
        started = time.perf_counter()
        at.run()
        print(f"warm-up run: {(time.perf_counter() - started) * 1000:.0f} ms")
        timers.current.clear()
    if at.exception:
        print("the app raised:", [e.message for e in at.exception])
        return 1
    for _ in range(args.runs):
        started = time.perf_counter()
        at.run()
        timers.end_run(time.perf_counter() - started)
    labels = {k for run in timers.runs for k in run}
    print(
        f"\nmedian of {args.runs} runs, ms and share of the script exec (blocks inclusive, "
        "top-level calls; AppTest recompiles the script each run, the server does not):"
    )
    whole = statistics.median(r.get(EXEC, 0.0) for r in timers.runs) or 1.0
    for label in sorted(labels, key=lambda k: -statistics.median(r.get(k, 0) for r in timers.runs)):
        value = statistics.median(r.get(label, 0.0) for r in timers.runs)
        print(f"  {value * 1000:8.1f}  {value / whole:5.0%}  {label}")

    profiler = cProfile.Profile()
    profile_script_thread(profiler)
    for _ in range(args.runs):
        at.run()
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(args.top)
    print(buffer.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
