"""Shared pieces of the bench and load-test harnesses: a `streamlit run` server with its
start-up timed and its memory sampled, and a Streamlit websocket session driven directly
through the protobuf protocol (what the browser's frontend does, minus the rendering).

Nothing here imports the app: the harnesses measure whatever app.py is on disk when run.
"""

from __future__ import annotations

import asyncio
import math
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
APP = REPO / "serve.py"  # what make run, Docker and the Cloud start: app.py plus its routes
# The baseline lives in bench/ next to a `static` symlink to ../static: Streamlit serves
# `<script dir>/static` at /app/static/, which is where the self-hosted Leaflet files are.
BASELINE_APP = BENCH / "baseline_app.py"

# A 1×1 transparent PNG stands in for every tile (no internet here, and tiles are not ours).
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGE_SIZE = 4096


class _Headings(HTMLParser):
    """The text of every h1–h6 in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self._open = []

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._open is not None:
            self.found.append("".join(self._open).strip())
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)


def headings_in_html(body: str) -> list[str]:
    parser = _Headings()
    parser.feed(body)
    return parser.found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- memory


def _children(pid: int) -> list[int]:
    """Direct and indirect children of pid, from /proc/<pid>/task/*/children."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as f:
                    kids = [int(k) for k in f.read().split()]
            except OSError:
                continue
            found.extend(kids)
            todo.extend(kids)
    return found


def rss_bytes(pid: int) -> int:
    """Resident set size of pid and its descendants (0 for a process that is gone)."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            continue
    return total


def hwm_bytes(pid: int) -> int:
    """The kernel's own peak RSS (VmHWM) of one process."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds (all its threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class RssSampler(threading.Thread):
    """Samples the RSS of a process tree every `interval` seconds; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.samples: list[tuple[float, int]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            value = rss_bytes(self.pid)
            self.peak = max(self.peak, value, hwm_bytes(self.pid))
            self.samples.append((time.monotonic(), value))
            self._halt.wait(self.interval)

    def stop(self) -> int:
        self._halt.set()
        self.join(timeout=2)
        return self.peak


# --------------------------------------------------------------------------- server


@dataclass
class Server:
    """`streamlit run <script>` on a free 127.0.0.1 port, cwd = repo (for .streamlit/)."""

    script: Path
    extra_args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen | None = None
    url: str = ""
    spawned_at: float = 0.0  # time.perf_counter() just before the process was created
    healthy_at: float = 0.0
    sampler: RssSampler | None = None
    log_path: Path | None = None

    def start(self, timeout_s: float = 90) -> Server:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        args = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.script),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.enableStaticServing",
            "true",
            "--server.fileWatcherType",
            "none",
            *self.extra_args,
        ]
        log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.spawned_at = time.perf_counter()
        self.proc = subprocess.Popen(
            args, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **self.env}
        )
        if log is not subprocess.DEVNULL:
            log.close()
        self.sampler = RssSampler(self.proc.pid)
        self.sampler.start()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.script.name}: server exited ({self.proc.returncode})")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        self.healthy_at = time.perf_counter()
                        return self
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"{self.script.name}: not healthy within {timeout_s} s")

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def rss(self) -> int:
        return rss_bytes(self.pid)

    def stop(self) -> int:
        """Stop the server (SIGTERM, then SIGKILL); returns the peak RSS seen."""
        peak = self.sampler.stop() if self.sampler else 0
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        return peak


def get(url: str, timeout: float = 30) -> int:
    """GET a URL; returns the number of body bytes."""
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return len(r.read())


# --------------------------------------------------------------------------- protocol

PROTOCOL_STREAMLIT = "1.67."
"""The Streamlit release whose private websocket protocol (BackMsg/ForwardMsg) this speaks."""
PROTOCOL_FIELDS = {
    "BackMsg": ("rerun_script",),
    "ForwardMsg": ("script_finished", "delta", "page_info_changed", "page_profile", "ref_hash"),
}


def check_protocol() -> None:
    """Stop with a clear message when Streamlit is not the release this client was written
    for: its protocol is private and changes without notice, and a silent mismatch would give
    wrong figures rather than an error."""
    import streamlit
    from streamlit.proto import BackMsg_pb2, ForwardMsg_pb2

    problems = []
    if not streamlit.__version__.startswith(PROTOCOL_STREAMLIT):
        problems.append(f"Streamlit {streamlit.__version__} (written for {PROTOCOL_STREAMLIT}x)")
    for module, (name, fields) in zip(
        (BackMsg_pb2, ForwardMsg_pb2), PROTOCOL_FIELDS.items(), strict=True
    ):
        known = getattr(module, name).DESCRIPTOR.fields_by_name
        problems += [f"{name}.{f} is gone" for f in fields if f not in known]
    if problems:
        raise SystemExit(
            "bench: the Streamlit websocket protocol changed: "
            + "; ".join(problems)
            + ". Update bench/benchlib.py (StSession) before trusting any figure."
        )


@dataclass
class RunResult:
    """One script run (or chain of runs, when a run ends early for a rerun) as a websocket
    client sees it."""

    wall_s: float  # rerun BackMsg sent -> final script_finished received
    exec_ms: float | None  # server-side exec time (page_profile; needs gatherUsageStats)
    messages: int
    bytes_in: int
    status: int  # ForwardMsg.ScriptFinishedStatus of the last run (0 = success)
    exceptions: int  # st.exception elements drawn (uncaught errors show as these)
    headings: list[str] = field(default_factory=list)  # st.title/header/subheader texts
    runs: int = 1


FINISHED_EARLY_FOR_RERUN = 2


class StSession:
    """One Streamlit session over /_stcore/stream, driven as the frontend drives it.

    - `rerun_script` BackMsgs carry the current query string (updated from the server's
      `page_info_changed`, as the browser's address bar is) and the widget states set so far;
    - the hashes of cacheable messages received are reported back, as the browser does, so
      the server sends references instead of repeating large unchanged elements;
    - `component_ids` maps each custom component's name to its widget id, so a client can
      send a component value (e.g. a click on the map) the way the component's iframe would.
    """

    def __init__(self, base_url: str, headers: dict[str, str] | None = None) -> None:
        check_protocol()
        self.ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.headers = headers or {}  # e.g. the Cookie a load balancer's affinity needs
        self.ws = None
        self.cache: dict[str, bytes] = {}
        self.query_string = ""
        self.widget_json: dict[str, str] = {}  # widget id -> json_value
        self.component_ids: dict[str, str] = {}

    async def connect(self, timeout: float = 30) -> None:
        import websockets

        self.ws = await asyncio.wait_for(
            websockets.connect(
                self.ws_url,
                subprotocols=["streamlit"],
                additional_headers=self.headers,
                max_size=None,
                ping_interval=None,
                open_timeout=timeout,
            ),
            timeout,
        )

    async def close(self) -> None:
        if self.ws is not None:
            ws, self.ws = self.ws, None
            await ws.close()

    def _element(self, msg):
        """The new element of a delta message, or None."""
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            return msg.delta.new_element
        return None

    async def rerun(
        self,
        query_string: str | None = None,
        widget_json: dict[str, str] | None = None,
        timeout: float = 120,
    ) -> RunResult:
        """Ask for a rerun and read until the (last) script_finished."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        assert self.ws is not None
        if query_string is not None:
            self.query_string = query_string
        self.widget_json |= widget_json or {}
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        state.cached_message_hashes.extend(self.cache)
        for widget_id, value in self.widget_json.items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            widget.json_value = value
        started = time.perf_counter()
        await self.ws.send(back.SerializeToString())
        messages = bytes_in = exceptions = 0
        runs = 0
        exec_ms: float | None = None
        headings: list[str] = []
        deadline = started + timeout
        while True:
            left = deadline - time.perf_counter()
            data = await asyncio.wait_for(self.ws.recv(), max(0.01, left))
            messages += 1
            bytes_in += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "ref_hash":
                cached = self.cache.get(msg.ref_hash)
                if cached is None:
                    continue
                msg = ForwardMsg()
                msg.ParseFromString(cached)
                kind = msg.WhichOneof("type")
            elif msg.metadata.cacheable and msg.hash:
                self.cache[msg.hash] = data
            element = self._element(msg)
            if element is not None:
                which = element.WhichOneof("type")
                if which == "exception":
                    exceptions += 1
                elif which == "heading":
                    headings.append(element.heading.body)
                elif which == "html":  # the Details tab is one block of HTML, its heading in it
                    headings.extend(headings_in_html(element.html.body))
                elif which == "component_instance":
                    component = element.component_instance
                    self.component_ids[component.component_name] = component.id
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_profile":
                exec_ms = (exec_ms or 0) + msg.page_profile.exec_time / 1000
            elif kind == "script_finished":
                runs += 1
                if msg.script_finished == FINISHED_EARLY_FOR_RERUN:
                    continue
                return RunResult(
                    time.perf_counter() - started,
                    exec_ms,
                    messages,
                    bytes_in,
                    msg.script_finished,
                    exceptions,
                    headings,
                    runs,
                )


def run_async(coro_fn, *args):
    """Run `coro_fn(*args)` to completion on a fresh event loop in a worker thread (the
    Playwright sync API owns the main thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coro_fn(*args))).result()


def stats(values: list[float]) -> dict[str, float | None]:
    clean = [v for v in values if v is not None]
    if not clean:
        return {"n": 0, "min": None, "median": None, "max": None}
    return {
        "n": len(clean),
        "min": min(clean),
        "median": statistics.median(clean),
        "max": max(clean),
    }


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]
