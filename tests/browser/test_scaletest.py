"""bench/scaletest.py, short: 2 replicas behind HAProxy, one SIGKILL under load with one real
Chromium page on the killed replica, and the downloads from either replica.
`make scale-test` runs the full version (3 replicas, 60 readers, rolling restart)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import scaletest

pytestmark = pytest.mark.browser


def test_a_crash_moves_readers_with_their_view_and_downloads_work_anywhere(playwright) -> None:
    args = scaletest.parser().parse_args(
        [
            "--replicas", "2",
            "--sessions", "4",
            "--browsers", "1",
            "--ramp", "1",
            "--crash-after", "6",
            "--crash-watch", "5",
            "--checks", "crash,downloads",
        ]
    )  # fmt: skip
    results = scaletest.run(args, playwright=playwright)
    crash, downloads = results["crash"], results["downloads"]
    assert crash["browsers_on_victim"] == 1 and crash["protocol_readers_on_victim"] >= 1
    browser = crash["browsers"][0]
    assert browser["kept"], crash  # same address, same panel, its heading drawn anew
    assert browser["replica_before"] == crash["victim"] != browser["replica_after"]
    assert crash["lost_views"] == 0, crash
    assert crash["reconnect_p95_s"] <= 5, crash
    assert crash["errors"] == 0, crash["errors_by_kind"]
    assert downloads["problems"] == [] and downloads["media_urls_on_page"] == 0
    assert downloads["browser_download_from_other_replica"] is True
    assert results["ok"]
