#!/usr/bin/env python3
"""Re-vendor Leaflet and the folium plugins the map uses into ``static/vendor/``.

Why: the app must not depend on public CDNs (they are unreachable where it runs), so the
exact files folium would load are copied from the npm registry and pinned by sha256 in
``static/vendor/MANIFEST.json``. Running this script again reproduces the folder byte for
byte and rewrites the manifest; it is run by hand, never in CI.

Usage: ``python scripts/vendor_assets.py`` (needs ``npm`` on PATH and registry access).
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
VENDOR_DIR = REPO_ROOT / "static" / "vendor"
MANIFEST = VENDOR_DIR / "MANIFEST.json"

# package.json "license" values that are not SPDX ids.
_SPDX = {"MIT License": "MIT"}


@dataclass(frozen=True)
class Package:
    """One npm package and the files taken from its tarball (source -> dest under vendor/)."""

    name: str
    version: str
    files: dict[str, str]
    note: str = ""


PACKAGES: tuple[Package, ...] = (
    Package(
        "leaflet",
        "1.9.3",
        {
            "package/dist/leaflet.js": "leaflet/leaflet.js",
            "package/dist/leaflet.css": "leaflet/leaflet.css",
            "package/dist/images/layers.png": "leaflet/images/layers.png",
            "package/dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
            "package/dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
            "package/dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
            "package/dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
            "package/LICENSE": "leaflet/LICENSE",
        },
        "folium.Map default (jsdelivr npm/leaflet@1.9.3).",
    ),
    Package(
        "leaflet.fullscreen",
        "3.0.0",
        {
            "package/Control.FullScreen.js": "leaflet.fullscreen/Control.FullScreen.js",
            "package/Control.FullScreen.css": "leaflet.fullscreen/Control.FullScreen.css",
            "package/icon-fullscreen.svg": "leaflet.fullscreen/icon-fullscreen.svg",
            "package/LICENSE": "leaflet.fullscreen/LICENSE",
        },
        "folium loads Control.FullScreen.min.js, a jsdelivr on-the-fly minification; the npm "
        "tarball ships only the unminified Control.FullScreen.js, which is used as is.",
    ),
    Package(
        "leaflet-minimap",
        "3.6.1",
        {
            "package/dist/Control.MiniMap.min.js": "leaflet-minimap/Control.MiniMap.min.js",
            "package/dist/Control.MiniMap.min.css": "leaflet-minimap/Control.MiniMap.min.css",
            "package/dist/images/toggle.svg": "leaflet-minimap/images/toggle.svg",
            "package/dist/images/toggle.png": "leaflet-minimap/images/toggle.png",
            "package/LICENSE.txt": "leaflet-minimap/LICENSE.txt",
        },
        "folium loads the unminified cdnjs build; the npm dist/ minified build is used.",
    ),
    Package(
        "leaflet-measure",
        "2.1.7",
        {
            "package/dist/leaflet-measure.min.js": "leaflet-measure/leaflet-measure.min.js",
            "package/dist/leaflet-measure.css": "leaflet-measure/leaflet-measure.css",
            **{
                f"package/dist/images/{n}{s}.png": f"leaflet-measure/images/{n}{s}.png"
                for n in ("rulers", "start", "cancel", "check", "focus", "trash")
                for s in ("", "_@2X")
            },
            "package/LICENSE": "leaflet-measure/LICENSE",
        },
        "folium loads jsdelivr gh/ljagis/leaflet-measure@2.1.7 (.min.js/.min.css); the npm "
        "2.1.7 tarball ships dist/leaflet-measure.min.js but no .min.css, so the unminified "
        "dist/leaflet-measure.css is used.",
    ),
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _npm_pack(pkg: Package, dest: Path) -> tuple[Path, str]:
    """Download the package tarball with the ordinary npm client; check its sha512 integrity."""
    out = subprocess.run(
        ["npm", "pack", f"{pkg.name}@{pkg.version}", "--json", "--pack-destination", str(dest)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    info = json.loads(out)[0]
    tarball = dest / info["filename"]
    integrity: str = info["integrity"]
    algo, _, b64 = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algo, tarball.read_bytes()).digest()).decode()
    if digest != b64:
        raise SystemExit(f"{pkg.name}@{pkg.version}: tarball does not match {integrity}")
    return tarball, integrity


BUNDLE = "bundle/leaflet-and-plugins.js"
BUNDLE_PARTS = (
    "leaflet/leaflet.js",
    "leaflet.fullscreen/Control.FullScreen.js",
    "leaflet-minimap/Control.MiniMap.min.js",
    "leaflet-measure/leaflet-measure.min.js",
)


def _bundle(staged: Path) -> dict[str, object]:
    """Leaflet and the plugins' scripts in one file, in load order.

    Why: streamlit-folium loads scripts one after another, each waiting for the last; one file
    instead of four took ~0.4 s off the time to a drawn map (bench/README.md). Source-map
    comments are dropped: they would point at files that are not vendored.
    """
    parts = []
    for rel in BUNDLE_PARTS:
        text = (staged / rel).read_text(encoding="utf-8")
        lines = [ln for ln in text.splitlines() if not ln.startswith("//# sourceMappingURL=")]
        parts.append(f"/* {rel} */\n" + "\n".join(lines))
    target = staged / BUNDLE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(";\n".join(parts) + "\n", encoding="utf-8")
    return {
        "path": BUNDLE,
        "package": "bundle",
        "version": "-",
        "registry": "built from the files above",
        "source": " + ".join(BUNDLE_PARTS),
        "licence": "BSD-2-Clause AND MIT",
        "bytes": target.stat().st_size,
        "sha256": _sha256(target),
    }


def vendor(vendor_dir: Path = VENDOR_DIR) -> dict[str, object]:
    """Rebuild ``vendor_dir`` from npm and return the manifest that describes it."""
    files: list[dict[str, object]] = []
    packages: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        staged = tmp / "vendor"
        for pkg in PACKAGES:
            tarball, integrity = _npm_pack(pkg, tmp)
            with tarfile.open(tarball) as tar:
                meta = json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]
                if meta["version"] != pkg.version:
                    raise SystemExit(f"{pkg.name}: got version {meta['version']}")
                licence = _SPDX.get(meta.get("license", ""), meta.get("license", "UNKNOWN"))
                for src, dst in pkg.files.items():
                    member = tar.extractfile(src)
                    if member is None:
                        raise SystemExit(f"{pkg.name}: {src} missing from tarball")
                    target = staged / dst
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(member.read())
                    files.append(
                        {
                            "path": dst,
                            "package": pkg.name,
                            "version": pkg.version,
                            "registry": "npm",
                            "source": src.removeprefix("package/"),
                            "licence": licence,
                            "bytes": target.stat().st_size,
                            "sha256": _sha256(target),
                        }
                    )
            packages.append(
                {
                    "name": pkg.name,
                    "version": pkg.version,
                    "registry": "npm",
                    "tarball_integrity": integrity,
                    "licence": licence,
                    "note": pkg.note,
                }
            )
        files.append(_bundle(staged))
        manifest: dict[str, object] = {
            "generated_by": "scripts/vendor_assets.py",
            "packages": packages,
            "files": sorted(files, key=lambda f: str(f["path"])),
        }
        (staged / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
        if vendor_dir.exists():
            shutil.rmtree(vendor_dir)
        vendor_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staged, vendor_dir)
    return manifest


def main() -> int:
    """Vendor everything and print a one-line summary."""
    manifest = vendor()
    files = manifest["files"]
    assert isinstance(files, list)
    total = sum(int(f["bytes"]) for f in files)
    print(f"vendored {len(files)} files, {total} bytes, into {VENDOR_DIR.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
