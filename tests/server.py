"""The real app server for tests: `streamlit run serve.py` on a free port of 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENTRY = REPO / "serve.py"
"""What `make run`, the Dockerfile and the Cloud start: app.py behind the server's own routes."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    app: Path = ENTRY, env: dict[str, str] | None = None, base_path: str = ""
) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run` and wait for its health endpoint; returns (process, base URL).
    With a `base_path` (`--server.baseUrlPath`) the base URL ends in it, without a slash."""
    base_path = base_path.strip("/")
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(app),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            *(["--server.baseUrlPath", base_path] if base_path else []),
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}" + (f"/{base_path}" if base_path else "")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server died")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


@contextmanager
def running_server(
    env: dict[str, str] | None = None, base_path: str = "", app: Path = ENTRY
) -> Iterator[str]:
    """The app served for the duration of a with-block; yields its base URL."""
    proc, url = start_server(app, env=env, base_path=base_path)
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
