"""deploy/haproxy.cfg: the balancer's promises, checked on the real HAProxy in front of two tiny
stand-in replicas (so each promise is seen in isolation, in a few seconds): cookie affinity,
forwarded headers it sets itself, compression that never recompresses, a cache that obeys the
app's Cache-Control, health checks and redispatch away from a dead replica.
The real app behind it is checked by tests/browser/test_scaletest.py."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from cluster import COOKIE, HAPROXY_CONFIG, Balancer  # noqa: E402

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
PAGE = b"<html>" + b"Tumen " * 400 + b"</html>"


@pytest.fixture(scope="module", autouse=True)
def haproxy_installed() -> None:
    if not Path(HAPROXY).exists():
        pytest.fail("HAProxy not found: run `make haproxy` (apt-get install haproxy)")


class Replica(BaseHTTPRequestHandler):
    """Answers like a replica would, and says who it is and what it was sent."""

    protocol_version = "HTTP/1.1"
    name = "?"
    hits: Counter

    def do_GET(self) -> None:
        self.hits[self.path] += 1
        if self.path == "/_stcore/health":
            self.reply(b"ok", "text/plain", {"Cache-Control": "no-cache"})
        elif self.path == "/echo":
            headers = {k.lower(): v for k, v in self.headers.items()}  # HAProxy sends lower case
            seen = {"replica": self.name, "headers": headers}
            self.reply(json.dumps(seen).encode() + b" " * 2000, "text/html", {})
        elif self.path == "/precompressed":
            self.reply(gzip.compress(PAGE), "text/html", {"Content-Encoding": "gzip"})
        elif self.path == "/cacheable":
            headers = {"Cache-Control": "public, max-age=60", "ETag": '"v1"'}
            self.reply(PAGE, "text/css", headers)
        elif self.path == "/uncacheable":
            self.reply(PAGE, "text/css", {"Cache-Control": "no-cache", "ETag": '"v1"'})
        else:
            self.reply(b"not found", "text/plain", {}, 404)

    def reply(self, body: bytes, kind: str, headers: dict[str, str], status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # health checks hang up without a goodbye; that is not news


def serve(name: str) -> tuple[ThreadingHTTPServer, Counter]:
    hits: Counter = Counter()
    handler = type(f"Replica_{name}", (Replica,), {"name": name, "hits": hits})
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, hits


@contextmanager
def running_balancer(work: Path) -> Iterator[SimpleNamespace]:
    """HAProxy in front of two tiny replicas, app1 and app2, both up."""
    replicas = {name: serve(name) for name in ("app1", "app2")}
    ports = [SimpleNamespace(port=s.server_address[1]) for s, _ in replicas.values()]
    from benchlib import free_port

    lb = Balancer(free_port(), work / "admin.sock", work / "haproxy.log", ports)  # type: ignore[arg-type]
    lb.start()
    try:
        for name in replicas:
            lb.wait_status(name, "UP")
        yield SimpleNamespace(lb=lb, replicas=replicas, url=lb.url)
    finally:
        lb.stop()
        for server, _ in replicas.values():
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def balancer(tmp_path_factory) -> Iterator[SimpleNamespace]:
    """One balancer for the tests that leave both replicas as they found them."""
    with running_balancer(tmp_path_factory.mktemp("haproxy")) as running:
        yield running


@pytest.fixture
def own_balancer(tmp_path: Path) -> Iterator[SimpleNamespace]:
    """A balancer of the test's own, for a test that kills a replica (tests run in any order)."""
    with running_balancer(tmp_path) as running:
        yield running


def get(url: str, headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


def check(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TC_")}
    return subprocess.run(
        [HAPROXY, "-c", "-f", str(HAPROXY_CONFIG)],
        env={**clean, "TC_ADMIN_SOCKET": "/tmp/tumen-check.sock", **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.parametrize("count", [1, 3, 8])
def test_config_is_valid_for_one_to_eight_replicas(count: int) -> None:
    env = {f"TC_REPLICA_{i}": f"127.0.0.1:{8500 + i}" for i in range(1, count + 1)}
    result = check(env)
    assert result.returncode == 0, result.stderr
    assert "Configuration file is valid" in result.stdout


def test_config_accepts_replica_names_not_resolvable_yet() -> None:
    """Compose starts the balancer with all eight slots named; missing containers wait."""
    env = {f"TC_REPLICA_{i}": f"tumen-app-{i}:8501" for i in range(1, 9)}
    result = check(env)
    assert result.returncode == 0, result.stderr


def test_affinity_is_a_cookie_not_the_client_address(balancer) -> None:
    _, headers, body = get(f"{balancer.url}/echo")
    first = json.loads(body)["replica"]
    cookie = headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}={first};") and "HttpOnly" in cookie, cookie
    assert "SameSite=Lax" in cookie
    pinned = {
        json.loads(get(f"{balancer.url}/echo", {"Cookie": f"{COOKIE}={first}"})[2])["replica"]
    }
    pinned |= {
        json.loads(get(f"{balancer.url}/echo", {"Cookie": f"{COOKIE}={first}"})[2])["replica"]
    }
    assert pinned == {first}
    # readers without a cookie, all from 127.0.0.1, are spread over both replicas
    spread = {json.loads(get(f"{balancer.url}/echo")[2])["replica"] for _ in range(6)}
    assert spread == {"app1", "app2"}
    # the replicas never see the cookie (indirect)
    sent = json.loads(get(f"{balancer.url}/echo", {"Cookie": f"{COOKIE}={first}"})[2])
    assert COOKIE not in sent["headers"].get("cookie", "")


def test_forwarded_headers_are_set_by_the_balancer_not_taken_from_the_client(balancer) -> None:
    forged = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}
    seen = json.loads(get(f"{balancer.url}/echo", forged)[2])["headers"]
    host = balancer.url.removeprefix("http://")
    assert seen["x-forwarded-host"] == host
    assert seen["x-forwarded-proto"] == "http"
    assert seen["x-forwarded-for"] == "127.0.0.1"


def test_compression_only_where_the_app_did_not_compress(balancer) -> None:
    _, headers, body = get(f"{balancer.url}/echo", {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(body))["replica"] in {"app1", "app2"}
    _, headers, body = get(f"{balancer.url}/precompressed", {"Accept-Encoding": "gzip"})
    assert headers.get_all("Content-Encoding") == ["gzip"]
    assert gzip.decompress(body) == PAGE  # once, not twice


def test_cache_keeps_only_what_the_app_marks_cacheable(balancer) -> None:
    hits = lambda path: sum(h[path] for _, h in balancer.replicas.values())  # noqa: E731
    pin = {"Cookie": f"{COOKIE}=app1"}
    for _ in range(3):
        _, headers, body = get(f"{balancer.url}/cacheable", pin)
        assert body == PAGE and headers["Cache-Control"] == "public, max-age=60"
    assert hits("/cacheable") == 1
    assert "Age" in headers
    for _ in range(3):
        _, headers, _ = get(f"{balancer.url}/uncacheable", pin)
        assert headers["Cache-Control"] == "no-cache"
    assert hits("/uncacheable") == 3


def test_a_dead_replica_is_skipped_at_once_and_then_marked_down(own_balancer) -> None:
    """It kills app1 (so on a balancer of its own: the tests run in any order). A reader whose
    cookie names it is served by app2 on the same request (redispatch) and given app2's cookie;
    the health check then takes app1 out."""
    balancer = own_balancer
    server, _ = balancer.replicas["app1"]
    server.shutdown()
    server.server_close()
    started = time.monotonic()
    status, headers, body = get(f"{balancer.url}/echo", {"Cookie": f"{COOKIE}=app1"})
    assert status == 200 and json.loads(body)["replica"] == "app2"
    assert headers["Set-Cookie"].startswith(f"{COOKIE}=app2;")
    assert time.monotonic() - started < 1.5
    assert balancer.lb.wait_status("app1", "DOWN", timeout_s=15) < 10
