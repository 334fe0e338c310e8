"""`make loadtest`: 50 concurrent sessions on one app server on this machine for 60 s.

Why protocol clients, not browsers. A headless Chromium page running Streamlit's frontend
costs ~100–150 MB and most of a core while it loads (the bench measures 3–10 s per load on
this 2-core box); 50 of them would measure Chromium starving the server, not the server.
What the server does per session is the same whoever speaks the protocol, so each session
here is a Python websocket client in one asyncio process, doing what the frontend does:

- "load the page": GET / (the HTML shell) and /_stcore/host-config, open
  /_stcore/stream, send a `rerun_script` BackMsg, read ForwardMsgs until
  `script_finished`; it keeps the query string the server sets (`page_info_changed`) and
  reports back the hashes of cacheable messages it holds, as the browser does;
- "select a feature", alternately (a) as a click on the map: the st_folium component's
  value `{"last_active_drawing": {"properties": {"id": ...}}}` as a widget state (the app's
  `on_map_click` callback runs), and (b) as an opened link: a rerun with
  `?feature=<id>`. Latency = BackMsg sent -> `script_finished` of a run whose Details
  heading (an `st.subheader`) is the feature's English name. A run that does not draw that
  heading, draws an exception, times out, or drops the socket counts as an error.
- think time between selections (default uniformly 1–3 s; `--think-min 0 --think-max 0`
  floods), and a fresh page load (new session) after every `--per-load` selections; the
  page it replaces is closed once the new one has loaded, so after the ramp at least
  `--sessions` sessions are open at every moment once all have opened their first page
  (sampled once a second and reported).

The static JS/CSS of Streamlit's frontend and Leaflet (~7 MB, served from files) are not
fetched: they are browser-cacheable and cost the server no script time; `make bench`
measures them per page load.

Reported: errors (target 0), p50/p95/max "select feature -> details" and page-load latency,
throughput, server CPU, server RSS per session ((peak - idle) / sessions; idle = warmed
server, no session open) and RSS 0/10/20/30 s after every session has closed. Streamlit
keeps a disconnected session for reconnection (`server.disconnectedSessionTTL`, default
120 s, up to 128 of them), so memory is not expected to be back at idle after 30 s.
Server is bound to 127.0.0.1; everything is bounded by --duration plus fixed timeouts.
`--streamlit-args "--runner.postScriptGC false"` passes flags to `streamlit run` to try a
server setting without editing the app's config.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shlex
import sys
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import APP, BENCH, REPO, Server, StSession, cpu_seconds, percentile

MAP_COMPONENT = "streamlit_folium.st_folium"
RUN_TIMEOUT_S = 60


def feature_names() -> dict[str, str]:
    """id -> English name, straight from geodata/*.geojson (what Details puts in its h3)."""
    names = {}
    for path in sorted((REPO / "geodata").glob("*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8")).get("features", []):
            props = feature.get("properties") or {}
            name = props.get("name")
            if isinstance(props.get("id"), str) and isinstance(name, dict) and name.get("en"):
                names[props["id"]] = name["en"]
    return names


@dataclass
class Tally:
    select_s: list[float] = field(default_factory=list)
    select_click_s: list[float] = field(default_factory=list)
    select_link_s: list[float] = field(default_factory=list)
    load_s: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    open_sessions: int = 0
    max_open: int = 0
    min_open_after_ramp: int | None = None
    sessions_started: int = 0


def http_get(url: str) -> None:
    with urllib.request.urlopen(url, timeout=RUN_TIMEOUT_S) as response:
        response.read()


async def retire(session: StSession | None, tally: Tally) -> None:
    if session is None:
        return
    tally.open_sessions -= 1
    with contextlib.suppress(Exception):
        await asyncio.wait_for(session.close(), 10)


async def worker(
    n: int, url: str, names: dict[str, str], tally: Tally, stop_at: float, args
) -> None:
    """One visitor: load the page, select features, reload, ... until stop_at. The page a
    reload replaces is closed only once the new one has loaded, so (after the ramp) at
    least `--sessions` sessions are always open."""
    rng = random.Random(n)
    ids = sorted(names)
    previous: StSession | None = None
    await asyncio.sleep(args.ramp * n / max(1, args.sessions))  # spread the first loads
    while time.monotonic() < stop_at:
        session = StSession(url)
        opened = healthy = False
        try:
            started = time.perf_counter()
            await asyncio.to_thread(http_get, url + "/")
            await asyncio.to_thread(http_get, url + "/_stcore/host-config")
            await session.connect(timeout=RUN_TIMEOUT_S)
            opened = True
            tally.open_sessions += 1
            tally.sessions_started += 1
            tally.max_open = max(tally.max_open, tally.open_sessions)
            first = await session.rerun("", timeout=RUN_TIMEOUT_S)
            if first.exceptions:
                tally.errors["exception on load"] += 1
            tally.load_s.append(time.perf_counter() - started)
            await retire(previous, tally)
            previous = None
            current = last_click = None
            for i in range(args.per_load):
                await asyncio.sleep(rng.uniform(args.think_min, args.think_max))
                if time.monotonic() >= stop_at:
                    break
                map_id = session.component_ids.get(MAP_COMPONENT)
                as_click = i % 2 == 0 and map_id is not None
                # a click on the feature the map last reported changes nothing in the browser
                # either (same component value: no rerun), so it is never asked for
                feature = rng.choice([f for f in ids if f not in {current, last_click}])
                if as_click:
                    last_click = feature
                    value = {
                        "last_active_drawing": {"type": "Feature", "properties": {"id": feature}}
                    }
                    result = await session.rerun(
                        None, {map_id: json.dumps(value)}, timeout=RUN_TIMEOUT_S
                    )
                else:
                    result = await session.rerun(f"feature={feature}", timeout=RUN_TIMEOUT_S)
                if result.exceptions:
                    tally.errors["exception drawn"] += 1
                elif names[feature] not in result.headings:
                    tally.errors["details heading missing"] += 1
                else:
                    tally.select_s.append(result.wall_s)
                    (tally.select_click_s if as_click else tally.select_link_s).append(
                        result.wall_s
                    )
                current = feature
            healthy = True
        except TimeoutError:
            tally.errors[f"timeout (> {RUN_TIMEOUT_S} s)"] += 1
        except Exception as exc:
            tally.errors[type(exc).__name__] += 1
            await asyncio.sleep(0.5)
        if healthy:
            previous = session  # stays open until the next page has loaded
        elif opened:
            await retire(session, tally)
        else:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(session.close(), 10)
    await retire(previous, tally)


async def drive(server: Server, names: dict[str, str], args) -> dict:
    tally = Tally()
    started = time.monotonic()
    stop_at = started + args.duration
    cpu0 = cpu_seconds(server.pid)
    peak = 0

    async def sample() -> None:
        nonlocal peak
        while True:
            peak = max(peak, server.rss())
            await asyncio.sleep(0.1)

    sampler = asyncio.create_task(sample())
    workers = [
        asyncio.create_task(worker(n, server.url, names, tally, stop_at, args))
        for n in range(args.sessions)
    ]
    progress = started
    while not all(w.done() for w in workers):
        await asyncio.sleep(1)
        now = time.monotonic()
        # once every visitor has opened its first page, until the end
        if tally.sessions_started >= args.sessions and now < stop_at - 1:
            low = tally.min_open_after_ramp
            tally.min_open_after_ramp = min(tally.open_sessions, low if low is not None else 10**9)
        if time.monotonic() - progress >= 10:
            progress = time.monotonic()
            print(
                f"  t={progress - started:4.0f} s  open {tally.open_sessions:3}  "
                f"selections {len(tally.select_s):5}  errors {sum(tally.errors.values())}",
                flush=True,
            )
        if time.monotonic() > stop_at + RUN_TIMEOUT_S + 15:  # hard bound
            for w in workers:
                w.cancel()
            tally.errors["cancelled at the hard time bound"] += sum(not w.done() for w in workers)
            break
    await asyncio.gather(*workers, return_exceptions=True)
    elapsed = time.monotonic() - started
    cpu = cpu_seconds(server.pid) - cpu0
    sampler.cancel()
    return {"tally": tally, "elapsed_s": elapsed, "cpu_s": cpu, "peak_rss": peak}


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--think-min", type=float, default=1.0)
    parser.add_argument("--think-max", type=float, default=3.0)
    parser.add_argument("--per-load", type=int, default=5, help="selections per page load")
    parser.add_argument("--ramp", type=float, default=5, help="seconds to start all sessions")
    parser.add_argument("--settle", type=float, default=30, help="seconds to watch RSS after")
    parser.add_argument("--script", type=Path, default=APP)
    parser.add_argument(
        "--streamlit-args",
        default="",
        help='extra `streamlit run` flags, e.g. "--runner.postScriptGC false"',
    )
    args = parser.parse_args()
    args.think_max = max(args.think_min, args.think_max)

    names = feature_names()
    load_before = os.getloadavg()
    results = BENCH / "results"
    results.mkdir(parents=True, exist_ok=True)
    log = results / "loadtest-server.log"
    server = Server(args.script, shlex.split(args.streamlit_args), log_path=log).start()
    try:
        # warm the process (content, cached map) with one session, then measure idle
        async def warm() -> None:
            session = StSession(server.url)
            await session.connect()
            await session.rerun("")
            await session.rerun("feature=road-bridge")
            await session.close()

        asyncio.run(warm())
        time.sleep(3)
        idle = server.rss()
        print(
            f"server {server.url} pid {server.pid}: idle RSS {idle / 2**20:.0f} MiB; "
            f"{args.sessions} sessions for {args.duration:.0f} s, think "
            f"{args.think_min:g}–{args.think_max:g} s",
            flush=True,
        )
        out = asyncio.run(drive(server, names, args))
        after = []
        closed_at = time.monotonic()
        for mark in range(0, int(args.settle) + 1, 10):
            time.sleep(max(0.0, closed_at + mark - time.monotonic()))
            after.append((mark, server.rss()))
        server_alive = server.proc is not None and server.proc.poll() is None
    finally:
        server.stop()
    log.unlink(missing_ok=True)

    tally: Tally = out["tally"]
    peak = max(out["peak_rss"], server.sampler.peak if server.sampler else 0)
    per_session = (peak - idle) / max(1, args.sessions)
    final = after[-1][1]
    returned = (peak - final) / (peak - idle) if peak > idle else None
    selections = len(tally.select_s)
    errors = sum(tally.errors.values())
    summary = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "sessions": args.sessions,
        "max_open_sessions": tally.max_open,
        "min_open_sessions_after_ramp": tally.min_open_after_ramp,
        "sessions_started": tally.sessions_started,
        "duration_s": out["elapsed_s"],
        "think_s": [args.think_min, args.think_max],
        "streamlit_args": args.streamlit_args,
        "selections_ok": selections,
        "page_loads": len(tally.load_s),
        "errors": errors,
        "errors_by_kind": dict(tally.errors),
        "select_p50_s": percentile(tally.select_s, 50),
        "select_p95_s": percentile(tally.select_s, 95),
        "select_max_s": max(tally.select_s, default=None),
        "select_click_p50_s": percentile(tally.select_click_s, 50),
        "select_link_p50_s": percentile(tally.select_link_s, 50),
        "load_p50_s": percentile(tally.load_s, 50),
        "load_p95_s": percentile(tally.load_s, 95),
        "throughput_runs_per_s": (selections + len(tally.load_s)) / out["elapsed_s"],
        "server_cpu_cores": out["cpu_s"] / out["elapsed_s"],
        "server_cpu_ms_per_run": out["cpu_s"] * 1000 / max(1, selections + len(tally.load_s)),
        "rss_idle_mb": idle / 2**20,
        "rss_peak_mb": peak / 2**20,
        "rss_per_session_mb": per_session / 2**20,
        "rss_after_close_mb": {str(mark): value / 2**20 for mark, value in after},
        "rss_returned_fraction": returned,
        "server_alive": server_alive,
        "loadavg_before_after": [load_before, os.getloadavg()],
    }
    (results / "loadtest.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")

    rows = [
        (
            "open sessions: target / min once all opened (sampled 1/s) / max",
            f"{args.sessions} / {tally.min_open_after_ramp} / {tally.max_open}",
        ),
        ("duration", f"{out['elapsed_s']:.0f} s"),
        ("page loads / selections OK", f"{len(tally.load_s)} / {selections}"),
        (
            "errors",
            f"{errors}"
            + (f" ({', '.join(f'{k}: {v}' for k, v in tally.errors.items())})" if errors else ""),
        ),
        (
            "select → details, p50 / p95 / max",
            f"{ms(summary['select_p50_s'])} / {ms(summary['select_p95_s'])} / "
            f"{ms(summary['select_max_s'])} ms",
        ),
        (
            "… p50 as map click / as link",
            f"{ms(summary['select_click_p50_s'])} / {ms(summary['select_link_p50_s'])} ms",
        ),
        (
            "page load (first run), p50 / p95",
            f"{ms(summary['load_p50_s'])} / {ms(summary['load_p95_s'])} ms",
        ),
        ("script runs per second", f"{summary['throughput_runs_per_s']:.1f}"),
        ("server CPU (cores busy, of 2)", f"{summary['server_cpu_cores']:.2f}"),
        ("server CPU per script run", f"{summary['server_cpu_ms_per_run']:.0f} ms"),
        ("server RSS idle → peak", f"{idle / 2**20:.0f} → {peak / 2**20:.0f} MiB"),
        ("RSS per session ((peak − idle) / sessions)", f"{per_session / 2**20:.2f} MiB"),
        (
            "RSS after close (0 / 10 / 20 / 30 s)",
            " / ".join(f"{v / 2**20:.0f}" for _, v in after) + " MiB",
        ),
        (
            "returned towards idle after settle",
            "–" if returned is None else f"{returned:.0%} of (peak − idle)",
        ),
    ]
    print()
    print("| measure | value |")
    print("|---|---|")
    for label, value in rows:
        print(f"| {label} | {value} |")
    print(
        f"\nload average before / after: {load_before[0]:.1f} / {os.getloadavg()[0]:.1f} "
        f"(on {os.cpu_count()} CPUs; other work on the machine slows everything down)"
    )
    print(f"wrote {results / 'loadtest.json'}")
    return 0 if errors == 0 and server_alive else 1


if __name__ == "__main__":
    raise SystemExit(main())
