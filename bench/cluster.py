"""N replicas of the app behind HAProxy on 127.0.0.1, started and stopped by one object.

Each replica is `deploy/replica` (the one start command the Dockerfile and Compose use) on a
free loopback port; the balancer is `haproxy -f deploy/haproxy.cfg` with the replica addresses
in its environment, exactly as docs/DEPLOY.md runs it. Everything is started in its own process
group and killed on the way out, whatever happens (an exception, Ctrl-C, SIGTERM, the
harness's own time limit).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import REPO, free_port

REPLICA_COMMAND = REPO / "deploy" / "replica"
HAPROXY_CONFIG = REPO / "deploy" / "haproxy.cfg"
COOKIE = "TC_REPLICA"  # the balancer's affinity cookie (deploy/haproxy.cfg)
BACKEND = "replicas"


def _kill_group(proc: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def _stop(proc: subprocess.Popen | None, grace_s: float = 10) -> None:
    """SIGTERM the process group, then SIGKILL it; always reaps."""
    if proc is None:
        return
    if proc.poll() is None:
        _kill_group(proc, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace_s)
    _kill_group(proc, signal.SIGKILL)  # stragglers in the group, if any
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def wait_healthy(url: str, timeout_s: float, proc: subprocess.Popen | None = None) -> float:
    """Poll `<url>/_stcore/health` until 200; returns the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{url}: process exited ({proc.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url}: not healthy within {timeout_s:.0f} s")


@dataclass
class Replica:
    name: str  # the balancer's server name, and the affinity cookie's value
    port: int
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Replica:
        self.starts += 1
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [str(REPLICA_COMMAND)],
                env={
                    **os.environ,
                    "PYTHON": sys.executable,
                    "TC_ADDRESS": "127.0.0.1",
                    "TC_PORT": str(self.port),
                    **self.env,
                },
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed as one
            )
        return self

    def wait_healthy(self, timeout_s: float = 120) -> float:
        return wait_healthy(self.url, timeout_s, self.proc)

    def kill(self) -> None:
        """SIGKILL: a crash, no goodbye to anyone."""
        assert self.proc is not None
        _kill_group(self.proc, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self, grace_s: float = 10) -> None:
        _stop(self.proc, grace_s)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


@dataclass
class Balancer:
    port: int
    socket_path: Path
    log_path: Path
    replicas: list[Replica]
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TC_REPLICA_")}
        env |= {"TC_BIND": f"127.0.0.1:{self.port}", "TC_ADMIN_SOCKET": str(self.socket_path)}
        for i, replica in enumerate(self.replicas, start=1):
            env[f"TC_REPLICA_{i}"] = f"127.0.0.1:{replica.port}"
        return env

    def start(self) -> Balancer:
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        self.socket_path.unlink(missing_ok=True)
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [haproxy, "-W", "-db", "-f", str(HAPROXY_CONFIG)],
                env=self.env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 10
        while True:  # up once its runtime API answers
            with contextlib.suppress(OSError):
                if "Pid:" in self.command("show info"):
                    return self
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"haproxy did not start: see {self.log_path}")
            time.sleep(0.05)

    def command(self, line: str) -> str:
        """One runtime-API command on the admin socket; returns the answer."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            s.connect(str(self.socket_path))
            s.sendall(line.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def stats(self) -> dict[str, dict[str, str]]:
        """`show stat` of the backend's servers: name -> columns (status, scur, stot, ...)."""
        text = self.command("show stat").lstrip("# ")
        rows = csv.DictReader(io.StringIO(text))
        return {
            r["svname"]: r
            for r in rows
            if r.get("pxname") == BACKEND and r["svname"] not in {"FRONTEND", "BACKEND"}
        }

    def status(self, name: str) -> str:
        return self.stats().get(name, {}).get("status", "?")

    def set_state(self, name: str, state: str) -> None:
        """ready | drain | maint."""
        answer = self.command(f"set server {BACKEND}/{name} state {state}").strip()
        if answer:
            raise RuntimeError(f"haproxy: {answer}")

    def wait_status(self, name: str, wanted: str, timeout_s: float = 30) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout_s:
            if self.status(name) == wanted:
                return time.monotonic() - started
            time.sleep(0.1)
        raise RuntimeError(f"{name}: not {wanted} within {timeout_s:.0f} s ({self.status(name)})")

    def stop(self) -> None:
        _stop(self.proc, 5)


class Cluster:
    """`with Cluster(3) as c:` — replicas and balancer up (every server UP in HAProxy); on
    exit, everything stopped. Logs go to `workdir` (kept only when asked)."""

    def __init__(self, replicas: int, workdir: Path | None = None, env: dict | None = None):
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="tumen-scale-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.replicas = [
            Replica(f"app{i}", free_port(), self.workdir / f"app{i}.log", dict(env or {}))
            for i in range(1, replicas + 1)
        ]
        self.balancer = Balancer(
            free_port(), self.workdir / "admin.sock", self.workdir / "haproxy.log", self.replicas
        )
        self._previous_handlers: dict[int, object] = {}
        self.closing = False

    def by_name(self, name: str) -> Replica:
        return next(r for r in self.replicas if r.name == name)

    def __enter__(self) -> Cluster:
        # SIGTERM (and SIGHUP) end the harness like Ctrl-C does, so the finally below runs.
        for sig in (signal.SIGTERM, signal.SIGHUP):
            self._previous_handlers[sig] = signal.signal(sig, _raise_interrupt)
        try:
            for replica in self.replicas:
                replica.start()
            with ThreadPoolExecutor(len(self.replicas)) as pool:
                list(pool.map(lambda r: r.wait_healthy(), self.replicas))
            self.balancer.start()
            for replica in self.replicas:
                self.balancer.wait_status(replica.name, "UP")
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.closing = True  # a restart under way in another thread starts nothing more
        self.balancer.stop()
        for _ in range(2):  # twice: catches a replica that a restart started meanwhile
            with ThreadPoolExecutor(max(1, len(self.replicas))) as pool:
                list(pool.map(lambda r: r.stop(), self.replicas))
            time.sleep(0.2)
        for sig, handler in self._previous_handlers.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
        self._previous_handlers.clear()

    def open_connections(self, replica: Replica) -> int:
        """Connections HAProxy holds to a replica now (a reader's websocket is one)."""
        return int(self.balancer.stats().get(replica.name, {}).get("scur") or 0)

    def rolling_restart(
        self, replica: Replica, drain_s: float = 30, timeout_s: float = 120
    ) -> dict[str, object]:
        """Restart one replica as a deploy should: out of the pool (`maint`: no new request
        reaches it, a reader whose cookie names it is sent elsewhere, open websockets stay),
        drained (until no connection is left, at most `drain_s`), SIGTERM, started again,
        healthy, back in the pool."""
        started = time.monotonic()
        self.balancer.set_state(replica.name, "maint")
        while time.monotonic() - started < drain_s and self.open_connections(replica):
            time.sleep(0.2)
        left = self.open_connections(replica)
        drained = time.monotonic()
        replica.stop()
        stopped = time.monotonic()
        self._start(replica)
        replica.wait_healthy(timeout_s)
        healthy = time.monotonic()
        self.balancer.set_state(replica.name, "ready")
        self.balancer.wait_status(replica.name, "UP", timeout_s)
        return {
            "replica": replica.name,
            "drain_s": drained - started,
            "open_at_stop": left,
            "stop_s": stopped - drained,
            "start_s": healthy - stopped,
            "back_in_pool_s": time.monotonic() - healthy,
        }

    def revive(self, replica: Replica, timeout_s: float = 120) -> float:
        """Start a replica that died and wait until the balancer counts it UP again."""
        started = time.monotonic()
        self._start(replica)
        replica.wait_healthy(timeout_s)
        self.balancer.wait_status(replica.name, "UP", timeout_s)
        return time.monotonic() - started

    def _start(self, replica: Replica) -> None:
        if self.closing:
            raise RuntimeError("the cluster is being stopped")
        replica.start()


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt(f"signal {signum}")
