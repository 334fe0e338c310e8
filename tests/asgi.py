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
