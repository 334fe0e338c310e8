"""`make lighthouse`: a shared link on a phone, as Lighthouse measures it, against the bare page.

Lighthouse (npm, `bench/node/`) drives Debian's Chromium with its default mobile settings
(simulated slow 4G, 4× CPU slowdown, a 412×823 screen) on:

- ours — `serve.py` (the app with its first paint and compressed static files), at the
  shared-link page `/?feature=road-bridge`;
- before — `app.py` run directly by Streamlit: the same app without `serve.py`'s first paint
  and compression, i.e. what a reader got before;
- baseline — `bench/baseline_app.py`, the bare Streamlit + streamlit-folium page (the floor).

One server per target on 127.0.0.1, all started in this run; one unmeasured Lighthouse run
each first (so every server has its caches warm: content, pictures, compressed files), then
`--runs` measured runs per target in rotating order, so drift on a shared machine falls on all.
The three tile hosts (`vocab.TILE_HOSTS`) are blocked: nothing leaves the machine.

Writes every report to bench/results/lighthouse/<target>-<n>.json and the figures to
bench/results/lighthouse.json; prints a Markdown table of medians (min–max).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import APP, BASELINE_APP, BENCH, CHROMIUM, CHROMIUM_ARGS, REPO, Server

from tumen_crossing.vocab import TILE_HOSTS

RESULTS = BENCH / "results"
REPORTS = RESULTS / "lighthouse"
LIGHTHOUSE = BENCH / "node" / "node_modules" / ".bin" / "lighthouse"
PAGE = "/?feature=road-bridge"
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS]  # the bench's own flags, headless for Lighthouse
TARGETS = {"ours": APP, "before": REPO / "app.py", "baseline": BASELINE_APP}
METRICS = {
    "fcp_ms": "first-contentful-paint",
    "lcp_ms": "largest-contentful-paint",
    "tbt_ms": "total-blocking-time",
    "cls": "cumulative-layout-shift",
    "bytes": "total-byte-weight",
}


def ensure_lighthouse() -> None:
    """Install the pinned Lighthouse into bench/node/ when it is missing (npm, from the lock)."""
    if LIGHTHOUSE.exists():
        return
    subprocess.run(
        ["npm", "install", "--prefix", str(BENCH / "node"), "--no-audit", "--no-fund"],
        check=True,
    )


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run (performance only, default mobile settings); returns the report."""
    blocked = [f"--blocked-url-patterns=*{host}*" for host in TILE_HOSTS]
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--only-categories=performance",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={' '.join(CHROME_FLAGS)}",
            *blocked,
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=300,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def _items(audit: dict | None) -> list:
    """An audit's detail items (a list also when the audit or its details are missing)."""
    items = ((audit or {}).get("details") or {}).get("items")
    return items if isinstance(items, list) else []


def lcp_element(report: dict) -> str:
    """The LCP element as the report gives it: its selector and first words when the element
    was still in the page at the end of the run; else what Lighthouse 12's insights say of it.

    Our shell's picture is removed when the app mounts, so Lighthouse can no longer name its
    node; its LCP breakdown then still says whether the paint was an image (a resource was
    loaded for it) and its discovery insight whether that image was the one preloaded with
    high priority from the first document, which is the shell's picture."""
    audits = report["audits"]
    element = _items(audits.get("largest-contentful-paint-element"))
    nodes = [row.get("node") for item in element[:1] for row in _items(item)[:1]]
    breakdown = _items(audits.get("lcp-breakdown-insight"))
    nodes += [item for item in breakdown if item.get("type") == "node"]
    if node := next((n for n in nodes if n), None):
        label = " ".join(str(node.get("nodeLabel", "")).split())[:48]
        return f"{node.get('selector', '?')} «{label}»"
    subparts = {row.get("subpart") for item in breakdown for row in _items({"details": item})}
    if "resourceLoadDuration" not in subparts:
        return "text (element gone)" if subparts else "?"
    checks = {
        key: check.get("value")
        for item in _items(audits.get("lcp-discovery-insight"))
        if isinstance(item.get("items"), dict)
        for key, check in item["items"].items()
    }
    preloaded = [
        request["url"]
        for request in _items(audits.get("network-requests"))
        if request.get("resourceType") == "Image" and request.get("isLinkPreload")
    ]
    if checks.get("priorityHinted") and checks.get("requestDiscoverable") and preloaded:
        name = preloaded[0].split("?")[0].rsplit("/", 1)[-1]
        return f"image, preloaded from the first HTML ({name}; element gone)"
    return "image (element gone)"


def figures(report: dict) -> dict:
    audits = report["audits"]
    row = {key: audits[audit]["numericValue"] for key, audit in METRICS.items()}
    row["score"] = round(100 * (report["categories"]["performance"]["score"] or 0))
    row["requests"] = len(audits["network-requests"]["details"]["items"])
    row["lcp_element"] = lcp_element(report)
    row["warnings"] = report.get("runWarnings", [])
    return row


def summary(rows: list[dict]) -> dict:
    out = {}
    for key in [*METRICS, "score", "requests"]:
        values = [r[key] for r in rows]
        out[key] = {"median": statistics.median(values), "min": min(values), "max": max(values)}
    return out


def show(key: str, value: float) -> str:
    if key.endswith("_ms"):
        return f"{value / 1000:.1f} s"
    if key == "cls":
        return f"{value:.3f}"
    if key == "bytes":
        return f"{value / 1024:,.0f} KiB"
    return f"{value:.0f}"


def table(results: dict[str, dict]) -> str:
    names = {
        "fcp_ms": "First Contentful Paint",
        "lcp_ms": "Largest Contentful Paint",
        "tbt_ms": "Total Blocking Time",
        "cls": "Cumulative Layout Shift",
        "bytes": "transferred",
        "requests": "requests",
        "score": "Lighthouse performance",
    }
    targets = list(results)
    lines = [
        "| metric (median, min–max) | " + " | ".join(targets) + " |",
        "|---|" + "---|" * len(targets),
    ]
    for key, name in names.items():
        cells = []
        for target in targets:
            s = results[target]["summary"][key]
            cells.append(f"{show(key, s['median'])} ({show(key, s['min'])}–{show(key, s['max'])})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    for target in targets:
        elements = [r["lcp_element"] for r in results[target]["runs"]]
        lines.append(f"LCP element, {target}: " + "; ".join(dict.fromkeys(elements)))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--targets", nargs="+", choices=list(TARGETS), default=list(TARGETS))
    args = parser.parse_args()
    ensure_lighthouse()
    REPORTS.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    servers = {name: Server(TARGETS[name]) for name in args.targets}
    runs: dict[str, list[dict]] = {name: [] for name in args.targets}
    try:
        for name, server in servers.items():
            server.start()
            print(f"{name}: {server.url}{PAGE} (warming up)", flush=True)
            lighthouse(server.url + PAGE, REPORTS / f"{name}-warmup.json")
        order = list(args.targets)
        for n in range(args.runs):
            for name in order[n % len(order) :] + order[: n % len(order)]:
                started = time.monotonic()
                report = lighthouse(servers[name].url + PAGE, REPORTS / f"{name}-{n + 1}.json")
                row = figures(report)
                runs[name].append(row)
                print(
                    f"run {n + 1} {name}: FCP {show('fcp_ms', row['fcp_ms'])}, "
                    f"LCP {show('lcp_ms', row['lcp_ms'])}, TBT {show('tbt_ms', row['tbt_ms'])}, "
                    f"CLS {show('cls', row['cls'])}, {show('bytes', row['bytes'])}, "
                    f"score {row['score']} ({time.monotonic() - started:.0f} s)",
                    flush=True,
                )
    finally:
        for server in servers.values():
            server.stop()
    results = {name: {"summary": summary(rows), "runs": rows} for name, rows in runs.items()}
    out = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "page": PAGE,
        "lighthouse": json.loads((REPORTS / f"{args.targets[0]}-1.json").read_text())[
            "lighthouseVersion"
        ],
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "loadavg_before_after": [load_before, os.getloadavg()],
        },
        "results": results,
    }
    (RESULTS / "lighthouse.json").write_text(json.dumps(out, indent=2), encoding="utf-8")
    print()
    print(table(results))
    print(f"\nload average before/after: {load_before[0]:.1f} / {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
