"""`make bench`: the app against a minimal Streamlit + streamlit-folium baseline, in Chromium.

Per run (at least 5 per app, alternating ours/baseline in ABBA order so drift cancels), a
fresh `streamlit run` server on a free 127.0.0.1 port and a fresh browser context:

1. cold start — process spawn -> /_stcore/health OK -> a websocket session (GET / then
   `rerun_script`) receives `script_finished` for the first run. Its server-side exec time
   is recorded as the cold script time.
2. load — `page.goto` -> `path.leaflet-interactive` present in the map iframe (polled every
   25 ms across frames). Tiles are answered with a blank PNG; nothing leaves 127.0.0.1.
3. page bytes — Chrome DevTools Protocol on the page: `Network.loadingFinished`
   `encodedDataLength` of every HTTP response (headers + body as received; tile hosts
   excluded) plus every websocket frame payload either way (minus the `page_profile`
   telemetry frames, see 5), from navigation until 0.75 s without network activity.
4. click — `dispatchEvent('click')` on the feature's path in the iframe -> its details
   visible (ours: the Details heading "Khasan–Tumangang road bridge"; baseline: the
   `st.write` text "clicked: road-bridge"). Timed in the page on one clock (`timed_in_page`):
   the click's own time in the map's frame, and the first animation frame that shows the
   text. (Playwright's `wait_for` polls at 0, 20, 100, 100 and then every 500 ms, so a
   wall-clock wait rounds anything slower than ~0.3 s up by as much as half a second.)
5. server script time — the servers run with `--browser.gatherUsageStats true`, which makes
   Streamlit send a `page_profile` ForwardMsg after every run carrying `exec_time`, measured
   on the server around the script's exec (streamlit/runtime/scriptrunner/script_runner.py).
   No app hook needed. The browser is kept from phoning home (data.streamlit.io is aborted).
   Reported: the click's run(s) from the browser's websocket frames, and the median of 4 warm
   reruns driven over the websocket protocol after the browser run, and the server process's
   CPU time per one of those reruns (/proc/<pid>/stat utime+stime: all threads, including
   Streamlit's `gc.collect(2)` after every run, which exec_time leaves out). As a
   cross-check, servers also get TUMEN_TIMING=1: app.py then prints `script-run-ms=` per run
   to stderr (its module body only: no callbacks, no Streamlit bookkeeping); the median of
   every run but the first is reported when present.
4b. story (ours only) — "Read the story", then Next through the whole story: each from the
   click on Next -> the chapter drawn (its title is a heading in the story bar and the map shows
   one halo per chapter feature, `.leaflet-halo-pane path` in the map iframe). Reported:
   the median of the run's turns, beside the click's time (issue 16 wants ≤ 1.3× a click).
6. pan/zoom — mouse drag and wheel zoom inside the map; then count `rerun_script` BackMsgs
   the page sent and `script_finished` frames it received (expect 0), and check through
   Leaflet that the map did move.
7. peak RSS — the server process tree's RSS sampled every 50 ms (/proc/<pid>/statm of the
   process and its descendants) together with the kernel's VmHWM, over the whole run.

Prints a Markdown table (min / median / max per metric, ours vs baseline, ratio of medians)
and writes bench/results/latest.json with a top-level `ratio` object.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import platform
import re
import statistics
import sys
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Frame, Page, sync_playwright

from tumen_crossing import views
from tumen_crossing.validate import validate
from tumen_crossing.vocab import TILE_HOSTS, UI

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import (
    APP,
    BASELINE_APP,
    BENCH,
    BLANK_PNG,
    CHROMIUM,
    CHROMIUM_ARGS,
    Server,
    StSession,
    cpu_seconds,
    get,
    run_async,
    stats,
)

RESULTS = BENCH / "results"
SERVER_ARGS = ["--browser.gatherUsageStats", "true"]  # for page_profile exec times only
WARM_RERUNS = 4
# app.py prints this per run when TUMEN_TIMING is set: its own module-level wall time
HOOK_LINE = re.compile(r"script-run-ms=([0-9.]+)")
QUIET_S = 0.75  # "settled": this long without any HTTP or websocket activity
HALOS = "#map_div > .leaflet-map-pane .leaflet-halo-pane path"


@dataclass(frozen=True)
class Target:
    name: str
    script: Path
    click_selector: str  # inside the map iframe
    details_text: str  # visible once the click's rerun has drawn
    warm_queries: tuple[str, ...]  # query strings for the protocol-driven warm reruns
    story: bool = False  # time the story's Next (the baseline has no story)


OURS = Target(
    "ours",
    APP,
    'path.leaflet-interactive[stroke="#e67e22"]',
    "Khasan–Tumangang road bridge",
    ("", "feature=road-bridge"),
    story=True,
)
BASELINE = Target(
    "baseline",
    BASELINE_APP,
    'path.leaflet-interactive[stroke="#e67e22"]',
    "clicked: road-bridge",
    ("",),
)
BASELINE_WIDGETS = replace(BASELINE, script=BENCH / "baseline_widgets_app.py")


# --------------------------------------------------------------------------- network log


@dataclass
class NetLog:
    """HTTP and websocket traffic of one page, from the DevTools protocol."""

    urls: dict[str, str] = field(default_factory=dict)
    inflight: set[str] = field(default_factory=set)
    http_bytes: int = 0
    by_path: dict[str, int] = field(default_factory=dict)
    ws_in: int = 0
    ws_out: int = 0
    profile_bytes: int = 0
    exec_ms: list[float] = field(default_factory=list)  # page_profile per finished run
    finished: int = 0  # script_finished received
    reruns_sent: int = 0  # rerun_script BackMsgs sent
    last_activity: float = field(default_factory=time.monotonic)

    def reset(self) -> None:
        self.http_bytes = self.ws_in = self.ws_out = self.profile_bytes = 0
        self.by_path = {}
        self.exec_ms, self.finished, self.reruns_sent = [], 0, 0

    def attach(self, cdp) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        def touch() -> None:
            self.last_activity = time.monotonic()

        def sent(e) -> None:
            touch()
            self.urls[e["requestId"]] = e["request"]["url"]
            self.inflight.add(e["requestId"])

        def done(e) -> None:
            touch()
            self.inflight.discard(e["requestId"])
            url = urlsplit(self.urls.get(e["requestId"], ""))
            if not any((url.hostname or "").endswith(t) for t in TILE_HOSTS):
                size = int(e["encodedDataLength"])
                self.http_bytes += size
                self.by_path[url.path] = self.by_path.get(url.path, 0) + size

        def failed(e) -> None:
            touch()
            self.inflight.discard(e["requestId"])

        def payload(e) -> bytes:
            r = e["response"]
            data = r["payloadData"]
            return base64.b64decode(data) if r["opcode"] == 2 else data.encode()

        def frame_in(e) -> None:
            touch()
            data = payload(e)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "page_profile":
                self.profile_bytes += len(data)
                self.exec_ms.append(msg.page_profile.exec_time / 1000)
                return
            self.ws_in += len(data)
            if kind == "script_finished":
                self.finished += 1

        def frame_out(e) -> None:
            touch()
            data = payload(e)
            self.ws_out += len(data)
            msg = BackMsg()
            msg.ParseFromString(data)
            if msg.WhichOneof("type") == "rerun_script":
                self.reruns_sent += 1

        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.loadingFinished", done)
        cdp.on("Network.loadingFailed", failed)
        cdp.on("Network.webSocketFrameReceived", frame_in)
        cdp.on("Network.webSocketFrameSent", frame_out)
        cdp.send("Network.enable")

    def settle(self, page: Page, limit_s: float = 20) -> None:
        """Wait until QUIET_S without traffic and nothing in flight (events arrive while
        Playwright waits, hence wait_for_timeout rather than sleep)."""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)
            if not self.inflight and time.monotonic() - self.last_activity >= QUIET_S:
                return


# --------------------------------------------------------------------------- one run


def map_frame(page: Page, timeout_s: float = 60) -> Frame:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.query_selector("path.leaflet-interactive"):
                    return frame
            except Exception:  # frames come and go while Streamlit renders
                continue
        page.wait_for_timeout(25)
    raise RuntimeError("the map's vector layers were not drawn")


LEAFLET_VIEW = """() => {
  for (const k of Object.keys(window)) {
    const v = window[k];
    if (k.startsWith("map_") && window.L && v instanceof window.L.Map) {
      const c = v.getCenter();
      return [c.lat, c.lng, v.getZoom()];
    }
  }
  return null;
}"""


def pan_and_zoom(page: Page, frame: Frame) -> bool:
    """Drag the map and wheel-zoom it; returns whether Leaflet's view changed."""
    before = frame.evaluate(LEAFLET_VIEW)
    box = frame.frame_element().bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.3
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 180, y + 90, steps=12)
    page.mouse.up()
    page.wait_for_timeout(400)
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.45)
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(800)
    after = frame.evaluate(LEAFLET_VIEW)
    return before is not None and after is not None and before != after


# The moment a condition first holds, read in the page at each animation frame, on the clock
# that the frame where the reader acts also reads (performance.timeOrigin + now()).
WATCH = """([condition, arg]) => {
  window.__tcShownAt = null;
  const holds = new Function("arg", "return (" + condition + ")(arg)");
  const check = () => {
    if (holds(arg)) window.__tcShownAt = performance.timeOrigin + performance.now();
    else requestAnimationFrame(check);
  };
  check();
}"""
MARK_INPUT = """() => {
  window.__tcActedAt = null;
  const mark = () => { window.__tcActedAt = performance.timeOrigin + performance.now(); };
  document.addEventListener("click", mark, { capture: true, once: true });
}"""
SHOWS_TEXT = """(text) => [...document.querySelectorAll("h1, h2, h3, p")]
  .some((e) => e.textContent.includes(text) && e.getClientRects().length > 0)"""
CHAPTER_DRAWN = """([title, halos, n]) => {
  const bar = document.querySelector(".st-key-story");
  const titled = bar && [...bar.querySelectorAll("h1, h2, h3")]
    .some((h) => h.textContent.trim() === title);
  const map = [...document.querySelectorAll("iframe")]
    .map((f) => f.contentDocument).find((d) => d && d.querySelector("#map_div"));
  return Boolean(titled && map && map.querySelectorAll(halos).length === n);
}"""


def timed_in_page(page: Page, acted_in: Frame, act, condition: str, arg: object) -> float:
    """Seconds from the reader's click (as the frame it lands in saw it) to the first
    animation frame of the page where `condition(arg)` holds."""
    page.evaluate(WATCH, [condition, arg])
    acted_in.evaluate(MARK_INPUT)
    act()
    page.wait_for_function("() => window.__tcShownAt !== null", timeout=30_000, polling="raf")
    shown = page.evaluate("() => window.__tcShownAt")
    acted = acted_in.evaluate("() => window.__tcActedAt")
    assert acted is not None, "the click never reached the page"
    return (shown - acted) / 1000


def story_turns(page: Page, frame: Frame) -> list[float]:
    """Open the story, then time each Next until its chapter is drawn (title and halos)."""
    content = validate()[0]
    chapters = [v for c in content.story if (v := views.story(content, c.id))]

    def drawn(chapter: views.StoryView) -> list[object]:
        return [chapter.title, HALOS, len(chapter.features)]

    page.get_by_role("button", name=UI.story_start).click()
    page.wait_for_function(CHAPTER_DRAWN, arg=drawn(chapters[0]), timeout=30_000)
    times = []
    for chapter in chapters[1:]:
        page.wait_for_timeout(300)  # a reader's pause; the previous turn's traffic ends
        turn = page.get_by_role("button", name=UI.story_next).click
        times.append(timed_in_page(page, page.main_frame, turn, CHAPTER_DRAWN, drawn(chapter)))
    return times


def browser_phase(browser: Browser, server: Server, target: Target) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    for host in TILE_HOSTS:
        page.route(
            f"**://*{host}/**",
            lambda r: r.fulfill(status=200, content_type="image/png", body=BLANK_PNG),
        )
    page.route("**://data.streamlit.io/**", lambda r: r.abort())  # usage-stats config
    net = NetLog()
    net.attach(context.new_cdp_session(page))
    try:
        started = time.perf_counter()
        page.goto(server.url, wait_until="commit")
        frame = map_frame(page)
        load_s = time.perf_counter() - started
        net.settle(page)
        load = {
            "load_s": load_s,
            "http_bytes": net.http_bytes,
            "ws_bytes": net.ws_in + net.ws_out,
            "payload_bytes": net.http_bytes + net.ws_in + net.ws_out,
            "load_runs": net.finished,
            "load_exec_ms": list(net.exec_ms),
            "largest_responses": dict(sorted(net.by_path.items(), key=lambda kv: -kv[1])[:12]),
        }
        net.reset()
        page.wait_for_timeout(300)  # let the map's own start-up settle
        click_s = timed_in_page(
            page,
            frame,
            lambda: frame.locator(target.click_selector).first.dispatch_event("click"),
            SHOWS_TEXT,
            target.details_text,
        )
        net.settle(page)
        click = {
            "click_s": click_s,
            "click_runs": net.finished,
            "click_exec_ms": list(net.exec_ms),
            "click_ws_bytes": net.ws_in + net.ws_out,
        }
        net.reset()
        moved = pan_and_zoom(page, frame)
        net.settle(page)
        panzoom = {
            "map_moved": moved,
            "panzoom_reruns": max(net.reruns_sent, net.finished),
        }
        if target.story:
            turns = story_turns(page, frame)
            panzoom["story_next_all_s"] = turns
            panzoom["story_next_s"] = statistics.median(turns)
    finally:
        context.close()
    return {**load, **click, **panzoom}


async def first_run(server: Server) -> tuple[float, float | None]:
    """GET the page and run the script once over the websocket: (seconds, exec ms)."""
    get(server.url + "/")
    session = StSession(server.url)
    await session.connect()
    try:
        result = await session.rerun("")
    finally:
        await session.close()
    return time.perf_counter(), result.exec_ms


async def warm_reruns(server: Server, queries: tuple[str, ...]) -> tuple[list[float], float]:
    """WARM_RERUNS reruns on one session: their exec times, and the server's CPU time per
    rerun (everything the process did, including Streamlit's post-run gc.collect)."""
    session = StSession(server.url)
    await session.connect()
    await session.rerun(queries[0])  # the session's own first run is not a rerun
    await asyncio.sleep(0.3)
    times = []
    cpu0 = cpu_seconds(server.pid)
    try:
        for i in range(WARM_RERUNS):
            result = await session.rerun(queries[i % len(queries)])
            if result.exec_ms is not None:
                times.append(result.exec_ms)
        await asyncio.sleep(0.3)  # let the last run's clean-up finish
    finally:
        await session.close()
    return times, (cpu_seconds(server.pid) - cpu0) * 1000 / WARM_RERUNS


def hook_times(log: Path) -> list[float]:
    """Script times app.py prints itself when TUMEN_TIMING is set (none from the baseline)."""
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return [float(m) for m in HOOK_LINE.findall(text)]


def one_run(browser: Browser, target: Target, index: int) -> dict:
    log = RESULTS / f"server-{target.name}-{index}.log"
    server = Server(target.script, SERVER_ARGS, env={"TUMEN_TIMING": "1"}, log_path=log)
    server.start()
    try:
        finished_at, cold_exec = run_async(first_run, server)
        row = {
            "app": target.name,
            "run": index,
            "health_s": server.healthy_at - server.spawned_at,
            "cold_start_s": finished_at - server.spawned_at,
            "cold_exec_ms": cold_exec,
        }
        row |= browser_phase(browser, server, target)
        warm, cpu_ms = run_async(warm_reruns, server, target.warm_queries)
        row["cpu_per_rerun_ms"] = cpu_ms
        row["warm_exec_ms"] = statistics.median(warm) if warm else None
        row["warm_exec_all_ms"] = warm
    finally:
        row_peak = server.stop()
    row["rss_peak_mb"] = row_peak / 2**20
    hooks = hook_times(log)
    row["hook_all_ms"] = hooks
    row["hook_warm_ms"] = statistics.median(hooks[1:]) if len(hooks) > 1 else None
    log.unlink(missing_ok=True)
    return row


# --------------------------------------------------------------------------- report

# key, label, unit, scale — what the table shows, in order
METRICS = [
    ("load_s", "navigation → vector layers visible", "s", 1),
    ("click_s", "click → details visible", "s", 1),
    ("story_next_s", "story: Next → chapter drawn (median of a run's turns)", "s", 1),
    ("click_exec_ms", "server script time, click rerun(s)", "ms", 1),
    ("warm_exec_ms", "server script time, warm rerun (median of 4)", "ms", 1),
    ("cpu_per_rerun_ms", "server CPU per warm rerun (all threads, incl. post-run GC)", "ms", 1),
    ("hook_warm_ms", "script time by app.py's own TUMEN_TIMING hook, warm median", "ms", 1),
    ("load_exec_ms", "server script time, page-load run(s)", "ms", 1),
    ("cold_exec_ms", "server script time, first run after start", "ms", 1),
    ("payload_bytes", "page load bytes, HTTP + websocket", "KiB", 1 / 1024),
    ("ws_bytes", "… of which websocket", "KiB", 1 / 1024),
    ("click_ws_bytes", "click: websocket bytes", "KiB", 1 / 1024),
    ("rss_peak_mb", "server peak RSS", "MiB", 1),
    ("health_s", "cold start: spawn → health OK", "s", 1),
    ("cold_start_s", "cold start: spawn → first script run finished", "s", 1),
    ("load_runs", "script runs during page load", "", 1),
    ("click_runs", "script runs per click", "", 1),
    ("panzoom_reruns", "reruns after pan + zoom (want 0)", "", 1),
]
RATIOS = {
    "load": "load_s",
    "click": "click_s",
    "payload": "payload_bytes",
    "rss": "rss_peak_mb",
    "cold_start": "cold_start_s",
    "script": "warm_exec_ms",
    "cpu": "cpu_per_rerun_ms",
}


def scalar(row: dict, key: str) -> float | None:
    value = row.get(key)
    if isinstance(value, list):  # several runs for one event: their total
        return sum(value) if value else None
    return value


def summarise(rows: list[dict]) -> dict:
    summary = {}
    for key, *_ in METRICS:
        summary[key] = {
            app: stats([scalar(r, key) for r in rows if r["app"] == app])
            for app in ("ours", "baseline")
        }
    return summary


def fmt(value: float | None, scale: float) -> str:
    if value is None:
        return "–"
    v = value * scale
    return f"{v:.0f}" if abs(v) >= 100 or v == int(v) else f"{v:.2f}"


def table(summary: dict) -> str:
    lines = [
        "| metric | unit | ours min / median / max | baseline min / median / max | ratio |",
        "|---|---|---|---|---|",
    ]
    for key, label, unit, scale in METRICS:
        ours, base = summary[key]["ours"], summary[key]["baseline"]
        cells = []
        for s in (ours, base):
            cells.append(" / ".join(fmt(s[k], scale) for k in ("min", "median", "max")))
        ratio = (
            f"{ours['median'] / base['median']:.1f}×"
            if ours["median"] is not None and base["median"]
            else "–"
        )
        lines.append(f"| {label} | {unit} | {cells[0]} | {cells[1]} | {ratio} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per app (default 5)")
    parser.add_argument(
        "--baseline",
        choices=("bare", "widgets"),
        default="bare",
        help="bare: one line on a map; widgets: the same plus the app's kinds of controls",
    )
    args = parser.parse_args()
    baseline = BASELINE if args.baseline == "bare" else BASELINE_WIDGETS
    runs = max(1, args.runs)
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}: run `make chromium`", file=sys.stderr)
        return 2
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    began = time.perf_counter()
    load_before = os.getloadavg()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        warm_up = browser.new_context()  # the browser's own first-use costs, not a run's
        warm_up.new_page().goto("about:blank")
        warm_up.close()
        try:
            for i in range(runs):
                order = (OURS, baseline) if i % 2 == 0 else (baseline, OURS)
                for target in order:
                    row = one_run(browser, target, i)
                    rows.append(row)
                    print(
                        f"run {i + 1}/{runs} {target.name:8} load {row['load_s']:.2f} s  "
                        f"click {row['click_s']:.2f} s  cold {row['cold_start_s']:.2f} s  "
                        f"rss {row['rss_peak_mb']:.0f} MiB"
                        + (
                            f"  story Next {row['story_next_s']:.2f} s"
                            if "story_next_s" in row
                            else ""
                        ),
                        flush=True,
                    )
        finally:
            browser.close()
    summary = summarise(rows)
    ratio = {
        name: (
            summary[key]["ours"]["median"] / summary[key]["baseline"]["median"]
            if summary[key]["ours"]["median"] is not None and summary[key]["baseline"]["median"]
            else None
        )
        for name, key in RATIOS.items()
    }
    story, click = summary["story_next_s"]["ours"]["median"], summary["click_s"]["ours"]["median"]
    story_to_click = story / click if story is not None and click else None
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_before_after": [load_before, os.getloadavg()],
        },
        "runs_per_app": runs,
        "seconds": time.perf_counter() - began,
        "ratio": ratio,
        "story_to_click": story_to_click,
        "summary": summary,
        "runs": rows,
    }
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print()
    print(table(summary))
    print()
    print(
        "ratio (ours / baseline, medians): "
        + ", ".join(f"{k} {v:.2f}" for k, v in ratio.items() if v is not None)
    )
    if story_to_click is not None:
        print(
            f"story Next / click on a feature (ours, medians): {story:.2f} s / {click:.2f} s "
            f"= {story_to_click:.2f}× (issue 16: ≤ 1.3×)"
        )
    print(
        f"load average before / after: {load_before[0]:.1f} / {os.getloadavg()[0]:.1f} "
        f"(on {os.cpu_count()} CPUs; other work on the machine slows everything down)"
    )
    print(f"wrote {RESULTS / 'latest.json'} in {result['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
