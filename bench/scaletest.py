"""`make scale-test`: N replicas behind HAProxy on this machine (127.0.0.1 only), four checks.

The cluster is `bench/cluster.py`: every replica is `deploy/replica` on a free loopback port,
the balancer is `haproxy -f deploy/haproxy.cfg`, as docs/DEPLOY.md runs them. Then:

1. **load** — `--sessions` readers for `--duration` s, through the balancer. A reader is a
   protocol client (bench/benchlib.py `StSession`, what Streamlit's frontend sends, without the
   drawing) with its own cookie jar, like a browser: it loads the page, selects features —
   alternately as a click on the map (the st_folium value, the app's callback runs) and as a
   link (`?feature=`) — and changes the date (`?date=`), with 1–3 s of thought between, and
   reloads after every `--per-load` selections. An error is a run without the feature's
   Details heading, an exception drawn, a timeout or a dropped connection. Reported: errors,
   select → details p50/p95, page loads per replica (the affinity cookie says which) and the
   most websockets each replica held at once (HAProxy's own count).
2. **crash** — the same load, plus `--browsers` real Chromium pages pinned (by cookie) to one
   replica, which is then killed with SIGKILL. Every reader on it must come back on a live
   replica with the view it had (feature, date, base map, panel: the address bar's query
   string). A protocol reader does what the frontend does on a dropped socket: ping
   /_stcore/health and /_stcore/host-config with the frontend's backoff, reopen the socket,
   rerun with the address bar's query string and the widget values it holds. A browser page
   does it itself. Reconnect time = SIGKILL → the first finished run on the new socket that
   shows the view. A lost view = that run shows anything else (or never comes within 30 s).
   The killed replica is started again afterwards.
3. **rolling restart** — under the same load every replica in turn is taken out of the pool
   (HAProxy runtime API: `maint`, so new requests and page loads go elsewhere), drained (until
   its connections reach 0, at most `--drain` s), stopped with SIGTERM, started, checked
   healthy and put back. A failed selection is one whose details never appeared.
4. **downloads** — the two CSVs the page links to, fetched through the balancer pinned to each
   replica in turn: same bytes and ETag everywhere, equal to what the content gives; any
   `/media/…` URL the page refers to (on every panel) fetched from another replica than the
   one that drew it; and a real Chromium page, drawn by one replica, saving the trade CSV
   after its cookie was moved to another.

Bounded: every phase has a duration and fixed timeouts; `--time-limit` (default 15 min)
stops the whole run; everything started is stopped on the way out, whatever happens.
Figures are printed and written to bench/results/scaletest.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import os
import random
import re
import shutil
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import (
    BENCH,
    BLANK_PNG,
    CHROMIUM,
    CHROMIUM_ARGS,
    StSession,
    _children,
    cpu_seconds,
    percentile,
)
from cluster import COOKIE, Cluster
from loadtest import MAP_COMPONENT, feature_names

from tumen_crossing import downloads, viewstate, vocab
from tumen_crossing.validate import validate
from tumen_crossing.vocab import TILE_HOSTS

RUN_TIMEOUT_S = 30  # one script run, as a reader would wait
RECOVER_TIMEOUT_S = 30  # a dropped reader must be back within this
DATES = (None, "1960-06-01", "1990-01-01", "2015-05-01", "2024-07-01", "2025-10-01")
BASES = vocab.BASE_IDS


# --------------------------------------------------------------------------- readers


@dataclass
class Drop:
    """A reader's socket dropped (or a request failed) at `at`; it recovered at `restored_at`
    with `kept` telling whether the view was the one in its address bar."""

    at: float
    replica_before: str | None
    socket_at: float | None = None  # the new socket is open (the page's "Connecting" ends)
    restored_at: float | None = None
    replica_after: str | None = None
    kept: bool | None = None
    during_selection: bool = False
    selection_lost: bool = False  # a click in flight whose result never came


@dataclass
class Tally:
    select_s: list[float] = field(default_factory=list)  # feature selections
    date_s: list[float] = field(default_factory=list)  # date changes
    load_s: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    loads_by_replica: Counter = field(default_factory=Counter)
    drops: list[Drop] = field(default_factory=list)
    selections: int = 0
    failed_selections: int = 0
    open_sessions: int = 0
    started: int = 0


class Dropped(Exception):
    """The reader's connection went away (the browser would show "Connecting…")."""


class Reader:
    """One browser tab, driven over the protocol: a cookie jar, an address bar, a socket."""

    def __init__(self, n: int, base: str, names: dict[str, str], tally: Tally) -> None:
        self.n, self.base, self.names, self.tally = n, base, names, tally
        self.rng = random.Random(n)
        self.cookies: dict[str, str] = {}
        self.session: StSession | None = None
        self.address = self._random_view()  # the query string in the address bar
        self.widgets: dict[str, str] = {}
        self.map_id: str | None = None
        self.pending: str | None = None  # the feature a selection in flight asks for

    # ---- helpers

    def _random_view(self, feature: str | None = None) -> str:
        state = viewstate.ViewState(
            feature=feature or self.rng.choice(sorted(self.names)),
            date=date.fromisoformat(d) if (d := self.rng.choice(DATES)) else None,
            base=self.rng.choice(BASES),
        )
        return _query(state)

    @property
    def replica(self) -> str | None:
        return self.cookies.get(COOKIE)

    def _take_cookies(self, headers) -> None:
        for value in headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(value)
            self.cookies |= {k: m.value for k, m in jar.items()}

    def _cookie_header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def _get(self, path: str) -> int:
        request = urllib.request.Request(self.base + path, headers=self._cookie_header())
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            self._take_cookies(response.headers)
            return response.status

    async def get(self, path: str) -> int:
        return await asyncio.to_thread(self._get, path)

    def feature_of(self, query: str) -> str | None:
        return (parse_qs(query).get("feature") or [None])[0]

    # ---- what a tab does

    async def open_page(self, timeout: float = RUN_TIMEOUT_S) -> None:
        """GET the page and host config, open the socket, first run with the address bar."""
        started = time.perf_counter()
        self.widgets = {}  # a new page holds no widget values
        await self.get("/")
        await self.get("/_stcore/host-config")
        await self._connect_and_run(timeout)
        self.tally.load_s.append(time.perf_counter() - started)
        self.tally.loads_by_replica[self.replica] += 1

    async def _connect_and_run(self, timeout: float) -> None:
        session = StSession(self.base, headers=self._cookie_header())
        await session.connect(timeout=timeout)
        self._take_cookies(session.ws.response.headers)
        session.widget_json = dict(self.widgets)  # what the frontend holds, resent
        old, self.session = self.session, session
        if old is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(old.close(), 5)
        else:
            self.tally.open_sessions += 1
        result = await session.rerun(self.address, timeout=timeout)
        self._seen(session)
        self._check(result, self.feature_of(self.address), "page load")

    def _seen(self, session: StSession) -> None:
        """Keep only the values of widgets the last run drew, as the frontend does: a map
        drawn anew (another date's map is another component) starts without a value."""
        map_id = session.component_ids.get(MAP_COMPONENT)
        if map_id != self.map_id:
            self.widgets.pop(self.map_id or "", None)
            self.map_id = map_id
        session.widget_json = dict(self.widgets)

    def _check(self, result, feature: str | None, what: str) -> bool:
        if result.exceptions:
            self.tally.errors[f"exception drawn ({what})"] += 1
            return False
        if feature and self.names[feature] not in result.headings:
            self.tally.errors[f"details heading missing ({what})"] += 1
            return False
        return True

    async def think(self, seconds: float) -> None:
        """Wait as a reader does, but listen: a browser notices a dropped socket at once."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                await asyncio.wait_for(self.session.ws.recv(), left)
            except TimeoutError:
                return
            except Exception as exc:
                raise Dropped from exc

    async def select(self, i: int) -> None:
        """A feature (as a click or a link) or a date; the Details heading must follow."""
        current = self.feature_of(self.address)
        kind = ("click", "date", "link")[i % 3]
        if kind == "click" and self.map_id is None:
            kind = "link"
        feature = current
        if kind == "date":
            state, _ = viewstate.parse(parse_qs(self.address), self.names)
            choices = [d for d in DATES if d != (state.date.isoformat() if state.date else None)]
            day = self.rng.choice(choices)
            query = _query(state.with_(date=date.fromisoformat(day) if day else None))
            widgets = None
        else:
            last_click = json.loads(self.widgets.get(self.map_id or "", "null") or "null")
            clicked = ((last_click or {}).get("last_active_drawing") or {}).get("properties", {})
            feature = self.rng.choice(
                [f for f in self.names if f not in {current, clicked.get("id")}]
            )
            if kind == "click":
                value = {"last_active_drawing": {"type": "Feature", "properties": {"id": feature}}}
                widgets = {self.map_id: json.dumps(value)}
                self.widgets |= widgets
                self.session.widget_json = dict(self.widgets)
                query = None
            else:
                state, _ = viewstate.parse(parse_qs(self.address), self.names)
                query = _query(state.with_(feature=feature, event=None))
                widgets = None
        if query is not None:
            self.address = query
        self.pending = feature
        try:
            result = await self.session.rerun(query, widgets, timeout=RUN_TIMEOUT_S)
        except TimeoutError:
            self.tally.errors[f"timeout (> {RUN_TIMEOUT_S} s)"] += 1
            self.tally.failed_selections += 1
            return
        except Exception as exc:
            raise Dropped("selection") from exc
        self.pending = None
        self._seen(self.session)
        self.address = self.session.query_string
        self.tally.selections += 1
        if self._check(result, feature, kind):
            (self.tally.date_s if kind == "date" else self.tally.select_s).append(result.wall_s)
        else:
            self.tally.failed_selections += 1

    async def recover(self, drop: Drop) -> None:
        """What Streamlit's frontend does: ping health + host config with backoff (0.5 s,
        doubling, jittered), then reopen the socket and rerun with the address bar."""
        attempt = 0
        deadline = time.monotonic() + RECOVER_TIMEOUT_S
        while time.monotonic() < deadline:
            attempt += 1
            try:
                await asyncio.gather(self.get("/_stcore/health"), self.get("/_stcore/host-config"))
                session = StSession(self.base, headers=self._cookie_header())
                await session.connect(timeout=10)
                drop.socket_at = time.perf_counter()
                self._take_cookies(session.ws.response.headers)
                session.widget_json = dict(self.widgets)
                result = await session.rerun(self.address, timeout=RUN_TIMEOUT_S)
            except Exception:
                wait = min(60.0, 0.5 * 2 ** (attempt - 1)) * (0.7 + 0.3 * self.rng.random())
                await asyncio.sleep(min(wait, max(0.0, deadline - time.monotonic())))
                continue
            old, self.session = self.session, session
            if old is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(old.close(), 2)
            drop.restored_at = time.perf_counter()
            drop.replica_after = self.replica
            feature = self.feature_of(self.address)
            drop.kept = (
                session.query_string == self.address
                and not result.exceptions
                and (feature is None or self.names[feature] in result.headings)
            )
            self._seen(session)
            return
        drop.kept = False

    async def run(self, clock: Clock, args) -> None:
        await asyncio.sleep(args.ramp * self.n / max(1, args.sessions))
        i = 0
        reload_due = True
        while clock.running():
            try:
                if reload_due:  # the first page, or a reload of the same address
                    reload_due = False
                    await self.open_page()
                    self.tally.started += 1
                await self.think(self.rng.uniform(args.think_min, args.think_max))
                if not clock.running():
                    break
                i += 1
                reload_due = i % args.per_load == 0
                await self.select(i)
            except Exception as exc:  # the socket dropped, a request failed: reconnect
                selecting = isinstance(exc, Dropped) and str(exc) == "selection"
                drop = Drop(time.perf_counter(), self.replica, during_selection=selecting)
                self.tally.drops.append(drop)
                await self.recover(drop)
                if selecting:
                    self.tally.selections += 1
                    # a link is in the address bar and survives; a click's callback never ran
                    drop.selection_lost = self.pending != self.feature_of(self.address)
                    self.tally.failed_selections += drop.selection_lost
                    self.pending = None
                if not drop.kept:
                    break
        if self.session is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.session.close(), 5)
            self.tally.open_sessions -= 1


@dataclass
class Clock:
    """When the readers stop; a check may end them early (`stop_in`)."""

    stop_at: float

    def running(self) -> bool:
        return time.monotonic() < self.stop_at

    def stop_in(self, seconds: float) -> None:
        self.stop_at = min(self.stop_at, time.monotonic() + seconds)


def _query(state: viewstate.ViewState) -> str:
    return urlencode(viewstate.to_query(state))


async def drive(
    base: str,
    names: dict[str, str],
    args,
    tally: Tally,
    duration: float,
    clock: Clock | None = None,
) -> None:
    """`args.sessions` readers for `duration` seconds (bounded by the run timeouts)."""
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(2 * args.sessions + 8))
    clock = clock or Clock(time.monotonic() + duration)
    clock.stop_at = time.monotonic() + duration
    readers = [Reader(n, base, names, tally) for n in range(args.sessions)]
    tasks = [asyncio.create_task(r.run(clock, args)) for r in readers]
    done, pending = await asyncio.wait(tasks, timeout=duration + RUN_TIMEOUT_S + 40)
    for task in pending:
        task.cancel()
        tally.errors["reader still busy at the hard time bound"] += 1
    for task in done:
        if task.exception() is not None:
            tally.errors[f"reader crashed: {type(task.exception()).__name__}"] += 1


class Background:
    """An asyncio coroutine on its own loop in a daemon thread: the main thread stays free for
    Chromium and for signals (Ctrl-C, SIGTERM, the time limit), and never waits for the
    readers when it has to stop everything."""

    def __init__(self, coro_fn, *args) -> None:
        self.error: BaseException | None = None
        self.result = None
        self.thread = threading.Thread(target=self._run, args=(coro_fn, *args), daemon=True)
        self.thread.start()

    def _run(self, coro_fn, *args) -> None:
        try:
            self.result = asyncio.run(coro_fn(*args))
        except BaseException as exc:  # reported by join()
            self.error = exc

    def join(self, timeout: float):
        self.thread.join(timeout)  # interruptible by signals in the main thread
        if self.thread.is_alive():
            raise RuntimeError("the readers did not finish in time")
        if self.error:
            raise self.error
        return self.result


def in_background(timeout: float, coro_fn, *args):
    """Run `coro_fn(*args)` in the background and wait for its result."""
    return Background(coro_fn, *args).join(timeout)


def machine_busy() -> float:
    """CPU seconds the whole machine has spent busy since boot (all CPUs)."""
    with open("/proc/stat") as f:
        jiffies = [int(x) for x in f.readline().split()[1:]]
    return (sum(jiffies) - jiffies[3] - jiffies[4]) / os.sysconf("SC_CLK_TCK")


def tree_cpu() -> dict[int, float]:
    """CPU seconds of this process and each descendant (readers, replicas, HAProxy,
    Chromium), by pid."""
    out = {}
    for pid in [os.getpid(), *_children(os.getpid())]:
        with contextlib.suppress(OSError, IndexError, ValueError):
            out[pid] = cpu_seconds(pid)
    return out


class StatsSampler(threading.Thread):
    """HAProxy's current connections per server, once a second; keeps each server's peak.
    Also how busy the machine was, and how much of that was this test."""

    def __init__(self, cluster: Cluster) -> None:
        super().__init__(daemon=True)
        self.cluster = cluster
        self.peak: Counter = Counter()
        self._halt = threading.Event()
        # CPU: the machine's, and ours per pid (first and last value seen, so processes that
        # end in between, like a killed or restarted replica, still count up to their last
        # sample)
        self.started = (time.monotonic(), machine_busy())
        self.first: dict[int, float] = tree_cpu()
        self.last: dict[int, float] = dict(self.first)
        self.cpu: dict[str, float] = {}

    def run(self) -> None:
        while not self._halt.is_set():
            with contextlib.suppress(Exception):
                for name, row in self.cluster.balancer.stats().items():
                    self.peak[name] = max(self.peak[name], int(row.get("scur") or 0))
            self._sample_cpu()
            self._halt.wait(1)

    def _sample_cpu(self) -> None:
        for pid, value in tree_cpu().items():
            self.first.setdefault(pid, 0.0)  # born during the phase
            self.last[pid] = value

    def stop(self) -> dict[str, int]:
        self._halt.set()
        self.join(3)
        self._sample_cpu()
        (wall0, busy0), wall1 = self.started, time.monotonic()
        ours = sum(self.last[pid] - self.first[pid] for pid in self.last)
        self.cpu = {
            "machine_busy_cores": (machine_busy() - busy0) / (wall1 - wall0),
            "this_test_cores": ours / (wall1 - wall0),
        }
        return dict(sorted(self.peak.items()))


# --------------------------------------------------------------------------- browsers


@dataclass
class Tab:
    """A Chromium page whose websocket frames are watched for finished script runs."""

    page: object
    context: object
    address: str  # location.href once the view was drawn
    heading: str  # the open panel's heading (Details: the feature's name)
    tab_label: str
    socket_at: float | None = None
    restored_at: float | None = None
    kill_at: float | None = None

    def on_websocket(self, ws) -> None:
        if self.kill_at is None:
            return
        self.socket_at = self.socket_at or time.perf_counter()

        def on_frame(payload) -> None:
            if self.restored_at is None and isinstance(payload, bytes) and _finished(payload):
                self.restored_at = time.perf_counter()

        ws.on("framereceived", on_frame)


def _finished(payload: bytes) -> bool:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:
        return False
    return msg.WhichOneof("type") == "script_finished" and msg.script_finished == 0


def _route_tiles(page) -> None:
    for host in TILE_HOSTS:
        page.route(
            f"**://*{host}/**",
            lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_PNG),
        )


# What a page shows for each panel: the tab's label and the heading drawn in it (Details: the
# feature's name). Only the open panel is drawn, so the heading tells which one is open.
PANELS = {
    "details": ("Details", None),
    "timeline": ("Timeline", "Timeline"),
    "facts": ("Facts & sources", "Facts & sources"),
}


def open_tab(browser, base: str, replica: str, state: viewstate.ViewState, names) -> Tab:
    """A fresh browser context whose affinity cookie names `replica`, showing `state`."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_cookies([{"name": COOKIE, "value": replica, "url": base}])
    page = context.new_page()
    _route_tiles(page)
    label, heading_text = PANELS[state.tab]
    tab = Tab(page, context, "", heading_text or names[state.feature], label)
    page.goto(f"{base}/?{_query(state)}", wait_until="domcontentloaded", timeout=60_000)
    page.get_by_role("heading", name=tab.heading, exact=True).first.wait_for(
        state="visible", timeout=90_000
    )
    tab.address = page.evaluate("location.href")
    page.on("websocket", tab.on_websocket)
    return tab


def browser_view_kept(tab: Tab) -> bool:
    page = tab.page
    if page.evaluate("location.href") != tab.address:
        return False
    heading = page.get_by_role("heading", name=tab.heading, exact=True)
    try:
        heading.first.wait_for(state="visible", timeout=5_000)
        selected = page.locator('[role="tab"][aria-selected="true"]').first
        return selected.inner_text(timeout=5_000).strip() == tab.tab_label
    except Exception:
        return False


# --------------------------------------------------------------------------- checks


def summarize_load(tally: Tally, sampler: StatsSampler, elapsed: float) -> dict:
    peaks = sampler.stop()
    return {
        "cpu": sampler.cpu,
        "sessions_started": tally.started,
        "selections": tally.selections,
        "errors": sum(tally.errors.values()),
        "errors_by_kind": dict(tally.errors),
        "select_p50_s": percentile(tally.select_s, 50),
        "select_p95_s": percentile(tally.select_s, 95),
        "date_p50_s": percentile(tally.date_s, 50),
        "date_p95_s": percentile(tally.date_s, 95),
        "load_p50_s": percentile(tally.load_s, 50),
        "load_p95_s": percentile(tally.load_s, 95),
        "page_loads_by_replica": dict(
            sorted((str(k), v) for k, v in tally.loads_by_replica.items())
        ),
        "peak_websockets_by_replica": peaks,
        "drops": len(tally.drops),
        "failed_selections": tally.failed_selections,
        "elapsed_s": elapsed,
    }


def check_load(cluster: Cluster, names, args) -> dict:
    tally = Tally()
    sampler = StatsSampler(cluster)
    sampler.start()
    started = time.monotonic()
    in_background(
        args.duration + RUN_TIMEOUT_S + 60,
        drive,
        cluster.balancer.url,
        names,
        args,
        tally,
        args.duration,
    )
    out = summarize_load(tally, sampler, time.monotonic() - started)
    out["ok"] = out["errors"] == 0 and out["drops"] == 0 and out["selections"] > 0
    return out


def check_crash(cluster: Cluster, names, args, playwright) -> dict:
    """Load + browsers pinned to the victim; SIGKILL the victim mid-load."""
    victim = cluster.replicas[0]
    tally = Tally()
    sampler = StatsSampler(cluster)
    sampler.start()
    duration = args.crash_after + args.crash_watch
    started = time.monotonic()
    background = Background(drive, cluster.balancer.url, names, args, tally, duration)
    tabs: list[Tab] = []
    browser = None
    kill_at = None
    try:
        if args.browsers:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            rng = random.Random(7)
            for i in range(args.browsers):
                state = viewstate.ViewState(
                    feature=rng.choice(sorted(names)),
                    date=date.fromisoformat(rng.choice(DATES[1:])),
                    base=BASES[i % len(BASES)],
                    tab=list(PANELS)[i % len(PANELS)],
                )
                tabs.append(open_tab(browser, cluster.balancer.url, victim.name, state, names))
        wait = args.crash_after - (time.monotonic() - started)
        if wait > 0:
            _pump(tabs, wait)
        on_victim = [t.page.context.cookies() for t in tabs]
        kill_at = time.perf_counter()
        for tab in tabs:
            tab.kill_at = kill_at
        victim.kill()
        deadline = time.monotonic() + RECOVER_TIMEOUT_S
        while time.monotonic() < deadline and any(t.restored_at is None for t in tabs):
            _pump(tabs, 0.05)
        browser_results = []
        for tab, cookies in zip(tabs, on_victim, strict=True):
            kept = tab.restored_at is not None and browser_view_kept(tab)
            after = {c["name"]: c["value"] for c in tab.page.context.cookies()}.get(COOKIE)
            before = {c["name"]: c["value"] for c in cookies}.get(COOKIE)
            browser_results.append(
                {
                    "socket_s": None if tab.socket_at is None else tab.socket_at - kill_at,
                    "reconnect_s": None if tab.restored_at is None else tab.restored_at - kill_at,
                    "kept": kept,
                    "replica_before": before,
                    "replica_after": after,
                }
            )
        background.join(duration + RUN_TIMEOUT_S + 60)
    finally:
        for tab in tabs:
            with contextlib.suppress(Exception):
                tab.context.close()
        if browser is not None:
            browser.close()
        out = summarize_load(tally, sampler, time.monotonic() - started)
    restart = cluster.revive(victim)
    hit = [d for d in tally.drops if kill_at and d.at >= kill_at - 0.5]
    reconnect = [d.restored_at - kill_at for d in hit if d.restored_at is not None]
    reconnect += [b["reconnect_s"] for b in browser_results if b["reconnect_s"] is not None]
    sockets = [d.socket_at - kill_at for d in hit if d.socket_at is not None]
    sockets += [b["socket_s"] for b in browser_results if b["socket_s"] is not None]
    lost = sum(not d.kept for d in hit) + sum(not b["kept"] for b in browser_results)
    out |= {
        "victim": victim.name,
        "readers_on_victim": len(hit) + len(browser_results),
        "protocol_readers_on_victim": len(hit),
        "browsers_on_victim": len(browser_results),
        "browsers": browser_results,
        "moved_to": dict(Counter(str(d.replica_after) for d in hit)),
        "selections_in_flight_at_kill": sum(d.during_selection for d in hit),
        "selections_lost_at_kill": sum(d.selection_lost for d in hit),
        "reconnect_p50_s": percentile(reconnect, 50),
        "reconnect_p95_s": percentile(reconnect, 95),
        "reconnect_max_s": max(reconnect, default=None),
        "socket_reopened_p50_s": percentile(sockets, 50),
        "socket_reopened_p95_s": percentile(sockets, 95),
        "noticed_p95_s": percentile([d.at - kill_at for d in hit], 95),
        "lost_views": lost,
        "victim_restarted_s": restart,
    }
    errors_elsewhere = out["errors"]
    out["ok"] = (
        lost == 0
        and len(hit) + len(browser_results) > 0
        and all(d.replica_after != victim.name for d in hit)
        and all(b["replica_after"] != victim.name for b in browser_results)
        and (out["reconnect_p95_s"] or 99) <= args.reconnect_p95_limit
        and errors_elsewhere == 0
    )
    return out


def _pump(tabs: list[Tab], seconds: float) -> None:
    """Let Playwright deliver events (websocket frames) for a while."""
    if tabs:
        tabs[0].page.wait_for_timeout(seconds * 1000)
    else:
        time.sleep(seconds)


def check_rolling(cluster: Cluster, names, args) -> dict:
    tally = Tally()
    sampler = StatsSampler(cluster)
    sampler.start()
    restarts: list[dict] = []
    # long enough for the restarts; the readers stop when they are done
    duration = args.rolling_budget
    started = time.monotonic()
    done = threading.Event()

    async def load_and_restart() -> None:
        clock = Clock(time.monotonic() + duration)
        load = asyncio.get_running_loop().create_task(
            drive(cluster.balancer.url, names, args, tally, duration, clock)
        )
        await asyncio.sleep(args.ramp + 5)
        for replica in cluster.replicas:
            restarts.append(await asyncio.to_thread(cluster.rolling_restart, replica, args.drain))
        done.set()
        clock.stop_in(5)  # a little load on the restarted pool, then stop
        await load

    in_background(duration + RUN_TIMEOUT_S + 60, load_and_restart)
    out = summarize_load(tally, sampler, time.monotonic() - started)
    out |= {
        "restarts": restarts,
        "all_restarted": done.is_set() and len(restarts) == len(cluster.replicas),
        "cut_at_stop": sum(r["open_at_stop"] for r in restarts),
    }
    out["ok"] = (
        out["all_restarted"]
        and out["failed_selections"] == 0
        and out["errors"] == 0
        and out["drops"] == 0
    )
    return out


MEDIA_URL = re.compile(rb"/media/[0-9a-zA-Z_\-]+\.[0-9a-zA-Z]+")
DOWNLOAD_HREF = re.compile(rb'href=\\?"(downloads/[^"\\]+)\\?"')


def _fetch(url: str, replica: str, gzip_ok: bool = False) -> tuple[int, bytes, str]:
    headers = {"Cookie": f"{COOKIE}={replica}"}
    if gzip_ok:
        headers["Accept-Encoding"] = "gzip"
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            if response.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            return response.status, body, response.headers.get("ETag", "")
    except urllib.error.HTTPError as exc:
        return exc.code, b"", ""


def check_downloads(cluster: Cluster, names, args, playwright) -> dict:
    base = cluster.balancer.url
    content = validate(downloads.content_root())[0]
    names_of = [r.name for r in cluster.replicas]
    problems: list[str] = []
    fetched = 0
    for key, item in downloads.DOWNLOADS.items():
        expected = item.build(content)
        tags = set()
        for replica in names_of:
            for gzip_ok in (False, True):
                status, body, tag = _fetch(f"{base}/{item.href}", replica, gzip_ok)
                fetched += 1
                tags.add(tag.removeprefix("W/"))
                if status != 200 or body != expected:
                    problems.append(f"{key} via {replica} (gzip {gzip_ok}): {status}")
        if len(tags) != 1:
            problems.append(f"{key}: ETags differ between replicas: {sorted(tags)}")

    # every panel, drawn by the first replica: media URLs and download links it refers to
    async def visit() -> tuple[set[bytes], set[bytes]]:
        session = StSession(base, headers={"Cookie": f"{COOKIE}={names_of[0]}"})
        await session.connect()
        media, links = set(), set()
        raw: list[bytes] = []
        original = session.ws.recv

        async def recv(*a, **k):
            data = await original(*a, **k)
            raw.append(data if isinstance(data, bytes) else data.encode())
            return data

        session.ws.recv = recv
        feature = sorted(names)[0]
        for tab in vocab.TAB_IDS:
            await session.rerun(_query(viewstate.ViewState(feature=feature, tab=tab)))
        await session.close()
        for data in raw:
            media |= set(MEDIA_URL.findall(data))
            links |= set(DOWNLOAD_HREF.findall(data))
        return media, links

    media, links = in_background(120, visit)
    other = names_of[1 % len(names_of)]
    for url in sorted(media):
        status, _, _ = _fetch(base + url.decode(), other)
        fetched += 1
        if status != 200:
            problems.append(f"{url.decode()} via {other}: {status}")
    expected_links = {d.href.encode() for d in downloads.DOWNLOADS.values()}
    if links != expected_links:
        problems.append(f"the page links to {sorted(links)}, expected {sorted(expected_links)}")

    browser_ok = None
    if args.browsers:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": 1280, "height": 800}, accept_downloads=True
            )
            context.add_cookies([{"name": COOKIE, "value": names_of[0], "url": base}])
            page = context.new_page()
            _route_tiles(page)
            page.goto(f"{base}/?tab=trade", wait_until="domcontentloaded", timeout=60_000)
            link = page.locator(f'a[href="{downloads.DOWNLOADS["trade"].href}"]')
            link.wait_for(state="visible", timeout=60_000)
            context.add_cookies([{"name": COOKIE, "value": other, "url": base}])
            with page.expect_download(timeout=30_000) as download:
                link.click()
            saved = Path(download.value.path()).read_bytes()
            browser_ok = saved == downloads.DOWNLOADS["trade"].build(content)
            if not browser_ok:
                problems.append("the browser's saved trade CSV differs from the content's")
            context.close()
        finally:
            browser.close()
    return {
        "requests": fetched,
        "media_urls_on_page": len(media),
        "download_links_on_page": sorted(x.decode() for x in links),
        "browser_download_from_other_replica": browser_ok,
        "problems": problems,
        "ok": not problems,
    }


# --------------------------------------------------------------------------- report


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:.0f} ms"


def sec(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def report(results: dict, args) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    if load := results.get("load"):
        rows += [
            ("load", "sessions / duration", f"{args.sessions} readers, {load['elapsed_s']:.0f} s"),
            (
                "load",
                "page loads / selections",
                f"{load['sessions_started']} / {load['selections']}",
            ),
            ("load", "errors", f"{load['errors']} {load['errors_by_kind'] or ''}".strip()),
            (
                "load",
                "select → details p50 / p95",
                f"{ms(load['select_p50_s'])} / {ms(load['select_p95_s'])}",
            ),
            (
                "load",
                "date change p50 / p95",
                f"{ms(load['date_p50_s'])} / {ms(load['date_p95_s'])}",
            ),
            ("load", "page loads per replica", _per(load["page_loads_by_replica"])),
            ("load", "peak websockets per replica", _per(load["peak_websockets_by_replica"])),
            ("load", "CPU", _cpu(load)),
        ]
    if crash := results.get("crash"):
        rows += [
            (
                "crash",
                "readers on the killed replica",
                f"{crash['readers_on_victim']} ({crash['protocol_readers_on_victim']} protocol, "
                f"{crash['browsers_on_victim']} Chromium)",
            ),
            (
                "crash",
                "reconnect p50 / p95 / max",
                f"{sec(crash['reconnect_p50_s'])} / {sec(crash['reconnect_p95_s'])} / "
                f"{sec(crash['reconnect_max_s'])}",
            ),
            (
                "crash",
                "socket reopened p50 / p95",
                f"{sec(crash['socket_reopened_p50_s'])} / {sec(crash['socket_reopened_p95_s'])}",
            ),
            (
                "crash",
                "Chromium reconnects",
                ", ".join(sec(b["reconnect_s"]) for b in crash["browsers"]) or "–",
            ),
            ("crash", "lost views", str(crash["lost_views"])),
            ("crash", "moved to", _per(crash["moved_to"])),
            (
                "crash",
                "selections in flight at the kill / lost",
                f"{crash['selections_in_flight_at_kill']} / {crash['selections_lost_at_kill']}",
            ),
            (
                "crash",
                "errors (all readers)",
                f"{crash['errors']} {crash['errors_by_kind'] or ''}".strip(),
            ),
            (
                "crash",
                "select → details p50 / p95 (all readers)",
                f"{ms(crash['select_p50_s'])} / {ms(crash['select_p95_s'])}",
            ),
            ("crash", "CPU", _cpu(crash)),
        ]
    if rolling := results.get("rolling"):
        rows += [
            (
                "rolling restart",
                "selections / failed",
                f"{rolling['selections']} / {rolling['failed_selections']}",
            ),
            (
                "rolling restart",
                "errors / dropped sockets",
                f"{rolling['errors']} / {rolling['drops']}",
            ),
            (
                "rolling restart",
                "per replica: drain, stop, start",
                "; ".join(
                    f"{r['replica']} {r['drain_s']:.1f}+{r['stop_s']:.1f}+{r['start_s']:.1f} s"
                    for r in rolling["restarts"]
                ),
            ),
            ("rolling restart", "connections cut at SIGTERM", str(rolling["cut_at_stop"])),
            (
                "rolling restart",
                "select → details p50 / p95",
                f"{ms(rolling['select_p50_s'])} / {ms(rolling['select_p95_s'])}",
            ),
            ("rolling restart", "CPU", _cpu(rolling)),
        ]
    if dl := results.get("downloads"):
        rows += [
            ("downloads", "requests, all replicas", f"{dl['requests']}"),
            (
                "downloads",
                "problems",
                str(len(dl["problems"])) + (f" {dl['problems']}" if dl["problems"] else ""),
            ),
            ("downloads", "/media/ URLs on the page", str(dl["media_urls_on_page"])),
            (
                "downloads",
                "browser saves CSV via another replica",
                str(dl["browser_download_from_other_replica"]),
            ),
        ]
    return rows


def _cpu(phase: dict) -> str:
    cpu = phase.get("cpu") or {}
    if not cpu:
        return "–"
    return (
        f"{cpu['machine_busy_cores']:.1f} of {os.cpu_count()} cores busy, "
        f"{cpu['this_test_cores']:.1f} of them this test"
    )


def _per(counts: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "–"


def run(args, workdir: Path | None = None, playwright=None) -> dict:
    """Start the cluster, run the chosen checks, stop everything; returns the results.
    A caller that already runs Playwright (the test suite) passes it in."""
    names = feature_names()
    results: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "replicas": args.replicas,
        "loadavg_before": os.getloadavg(),
    }
    needs_browser = args.browsers and {"crash", "downloads"} & set(args.checks)
    with contextlib.ExitStack() as stack:
        if needs_browser and playwright is None:
            from playwright.sync_api import sync_playwright

            playwright = stack.enter_context(sync_playwright())
        cluster = stack.enter_context(Cluster(args.replicas, workdir))
        results["logs"] = str(cluster.workdir)
        print(f"   cluster up: balancer {cluster.balancer.url}, logs {cluster.workdir}", flush=True)
        for check in args.checks:
            print(f"-- {check}", flush=True)
            started = time.monotonic()
            if check == "load":
                results["load"] = check_load(cluster, names, args)
            elif check == "crash":
                results["crash"] = check_crash(cluster, names, args, playwright)
            elif check == "rolling":
                results["rolling"] = check_rolling(cluster, names, args)
            elif check == "downloads":
                results["downloads"] = check_downloads(cluster, names, args, playwright)
            print(
                f"   {'ok' if results[check]['ok'] else 'FAILED'} in "
                f"{time.monotonic() - started:.0f} s",
                flush=True,
            )
    results["loadavg_after"] = os.getloadavg()
    results["ok"] = all(results[c]["ok"] for c in args.checks)
    if results["ok"] and workdir is None:  # logs are kept only when something failed
        shutil.rmtree(results["logs"], ignore_errors=True)
        results["logs"] = None
    return results


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--replicas", type=int, default=3)
    p.add_argument("--sessions", type=int, default=60)
    p.add_argument("--duration", type=float, default=60, help="seconds of the load check")
    p.add_argument("--browsers", type=int, default=3, help="Chromium pages in the crash check")
    p.add_argument("--think-min", type=float, default=1.0)
    p.add_argument("--think-max", type=float, default=3.0)
    p.add_argument("--per-load", type=int, default=5, help="selections per page load")
    p.add_argument("--ramp", type=float, default=5, help="seconds to start all readers")
    p.add_argument("--crash-after", type=float, default=20, help="seconds of load before the kill")
    p.add_argument("--crash-watch", type=float, default=25, help="seconds of load after it")
    p.add_argument("--reconnect-p95-limit", type=float, default=5.0)
    p.add_argument("--drain", type=float, default=30, help="most seconds to drain a replica")
    p.add_argument("--rolling-budget", type=float, default=0, help="load seconds (0: auto)")
    p.add_argument(
        "--checks",
        default="load,crash,rolling,downloads",
        type=lambda s: [c.strip() for c in s.split(",") if c.strip()],
    )
    p.add_argument("--time-limit", type=float, default=900, help="stop everything after this")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not args.rolling_budget:
        args.rolling_budget = args.replicas * (args.drain + 25) + 10
    unknown = set(args.checks) - {"load", "crash", "rolling", "downloads"}
    if unknown:
        raise SystemExit(f"unknown checks: {sorted(unknown)}")

    def out_of_time(signum, frame) -> None:
        raise TimeoutError(f"time limit of {args.time_limit:.0f} s reached")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(int(args.time_limit))
    print(
        f"scale test: {args.replicas} replicas behind HAProxy on 127.0.0.1, checks "
        f"{', '.join(args.checks)} (at most {args.time_limit:.0f} s)",
        flush=True,
    )
    try:
        results = run(args)
    except (KeyboardInterrupt, TimeoutError) as exc:  # everything was stopped on the way out
        print(f"scale test stopped: {exc}", file=sys.stderr)
        return 2
    finally:
        signal.alarm(0)
    rows = report(results, args)
    print()
    print("| check | measure | value |")
    print("|---|---|---|")
    for check, label, value in rows:
        print(f"| {check} | {label} | {value} |")
    print(
        f"\nload average before / after: {results['loadavg_before'][0]:.1f} / "
        f"{results['loadavg_after'][0]:.1f} (on {os.cpu_count()} CPUs)"
    )
    out = BENCH / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "scaletest.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(
        f"wrote {out / 'scaletest.json'}"
        + (f"; logs in {results['logs']}" if results["logs"] else "")
    )
    print("PASS" if results["ok"] else "FAIL")
    return 0 if results["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
