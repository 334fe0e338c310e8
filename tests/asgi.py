"""Running an ASGI app in a test, whatever else the test session is doing.

Playwright's sync API keeps an event loop running in the main thread for as long as the browser
tests' session fixtures live, and `asyncio.run` refuses to start inside a running loop. A fresh
thread has no loop, so each request gets its own there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def run_isolated(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """`asyncio.run(coroutine)` in a thread of its own."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def exchange(app: Any, scope: dict) -> list[dict]:
    """One request through an ASGI app with an empty body: every message the app sent."""
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def response(app: Any, scope: dict) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """(status, raw headers, body) of one request, run in a thread of its own."""
    sent = run_isolated(exchange(app, scope))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], start["headers"], body
