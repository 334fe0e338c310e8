"""Static files compressed once, served with the encoding the browser accepts and validators.

Why: Streamlit sends its JavaScript uncompressed on purpose (its gzip middleware skips
`/static/`, because it would compress on every request), and compresses `/app/static/` and
component files again on every request. A phone on a mobile network then downloads ~3 MB
before the first paint. Here each file is compressed once, with brotli or gzip as the request
accepts, at first request (or ahead, by `warm`), and kept in memory: only the compressed
bytes are kept (the plain ones are read from disk when a client accepts neither). With a
`DiskStore`, what was compressed (or cut) is also kept on disk under the hash of its input,
so the replicas of one machine, and each restart, compress every file once between them.

What is served: only files found by walking the configured folders at start and ending in a
compressible suffix; a request path is looked up in that index and never joined to a folder,
so no request can reach another file. Anything else (fonts, images, unknown paths, ranges)
passes through to Streamlit unchanged, except a file given a transform of ours (`replace`):
Streamlit's icon font, served cut down to the icons a page can show (`iconfont`).

Starlette only, no Streamlit: `serve.py` says which folders Streamlit serves where.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import re
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Receive, Scope, Send

LOG = logging.getLogger(__name__)

MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
"""The compressible kinds of file, by suffix. Fonts (woff2) and images are compressed already."""
ENCODINGS = ("br", "gzip")
"""Our preference when a browser accepts both equally: brotli is ~20 % smaller on JavaScript."""
BROTLI_QUALITY = 9
"""Quality 9 is within ~10 % of the best (11) at a twentieth of its time: 0.25 s instead of
4.5 s for Streamlit's 840 kB protobuf bundle on this machine; a file's first request waits."""
GZIP_LEVEL = 9
IMMUTABLE = "public, max-age=31536000, immutable"
HASHED_NAME = re.compile(r"\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$")
"""'index.DormvYxC.js', 'main.521860b0.js': the name changes whenever the content does."""
MAX_FILE_BYTES = 16 * 1024 * 1024


def choose_encoding(accept_encoding: str) -> str:
    """'br', 'gzip' or 'identity' for an `Accept-Encoding` header: the accepted coding with the
    highest q-value, brotli before gzip on a tie; identity when neither is accepted (q=0 or
    absent, or a `*` that refuses them)."""
    weights: dict[str, float] = {}
    for part in accept_encoding.split(","):
        token, *params = (p.strip() for p in part.split(";"))
        if not token:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[token.lower()] = q
    star = weights.get("*", 0.0)
    scored = [(weights.get(e, star), -rank, e) for rank, e in enumerate(ENCODINGS)]
    best = max(scored)
    return best[2] if best[0] > 0 else "identity"


def encode(data: bytes, encoding: str) -> bytes:
    """The bytes in one content coding; the same input always gives the same output."""
    if encoding == "br":
        return brotli.compress(data, quality=BROTLI_QUALITY)
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
    return data


@dataclass(frozen=True)
class DiskStore:
    """Bytes made from other bytes, kept in a folder under a name that says what they were
    made from and how: the same input and recipe always give the same bytes (`encode` is
    deterministic, and so is the icon cut), so an entry never goes stale and any process may
    use any other's. Written to a temporary name and renamed, so no reader sees half a file;
    a folder that cannot be written to only costs the time to make the bytes again."""

    directory: Path

    @classmethod
    def from_environment(cls) -> DiskStore | None:
        """`TUMEN_CACHE_DIR` (empty: no store), else the user's cache folder
        (`$XDG_CACHE_HOME/tumen-crossing`, by default `~/.cache/tumen-crossing`)."""
        chosen = os.environ.get("TUMEN_CACHE_DIR")
        if chosen is not None:
            return cls(Path(chosen)) if chosen else None
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return cls(Path(base) / "tumen-crossing")

    def get_or_make(self, data: bytes, recipe: str, make: Callable[[bytes], bytes]) -> bytes:
        digest = hashlib.sha256(data).hexdigest()
        entry = self.directory / f"{digest}.{hashlib.sha256(recipe.encode()).hexdigest()[:16]}"
        try:
            return entry.read_bytes()
        except OSError:
            pass
        made = make(data)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.directory, delete=False) as tmp:
                tmp.write(made)
            os.replace(tmp.name, entry)
        except OSError as exc:
            if self.directory not in _UNWRITABLE:  # say so once, not once per file
                _UNWRITABLE.add(self.directory)
                LOG.warning("cannot keep compressed files in %s: %s", self.directory, exc)
        return made


_UNWRITABLE: set[Path] = set()


def _recipe(encoding: str) -> str:
    """What `encode` does for an encoding, for the disk store's names."""
    return f"{encoding} brotli-{brotli.__version__} q{BROTLI_QUALITY} gzip-{GZIP_LEVEL}"


def _cache_control(path: Path, max_age: int) -> str:
    if path.suffix.lower() == ".html" or (max_age <= 0 and not HASHED_NAME.search(path.name)):
        return "no-cache"
    return IMMUTABLE if HASHED_NAME.search(path.name) else f"public, max-age={max_age}"


def _etag_matches(header: str, etag: str) -> bool:
    """If-None-Match: a list of (possibly weak) entity tags, or `*`."""
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


@dataclass(frozen=True)
class Root:
    """A folder Streamlit serves at `prefix` (relative to the app's root, ending in '/')."""

    prefix: str
    directory: Path
    max_age: int = 86400
    """Cache lifetime in seconds for names without a content hash (0: revalidate every time);
    hashed names are immutable for a year, HTML is always revalidated."""
    headers: tuple[tuple[str, str], ...] = ()
    """Headers Streamlit adds on this route, kept the same (e.g. CORS on `/app/static/`)."""


@dataclass
class _Asset:
    path: Path
    media_type: str
    cache_control: str
    extra: tuple[tuple[str, str], ...]
    transform: Callable[[bytes], bytes] | None = None
    """What we serve instead of the file's bytes (computed once, kept)."""
    recipe: str = ""
    """What the transform does, for the disk store: the same recipe on the same bytes must
    give the same result."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    digest: str = ""
    variants: dict[str, bytes] = field(default_factory=dict)

    @property
    def compressible(self) -> bool:
        """Files are indexed by compressible suffix; what a transform makes (a font) is not."""
        return self.transform is None


@dataclass(frozen=True)
class Variant:
    body: bytes
    headers: list[tuple[bytes, bytes]]
    etag: str


class CompressedFiles:
    """The compressible files of some folders, indexed by URL path, each compressed once per
    encoding on first use and kept. Thread-safe; `compressions` counts every compression."""

    def __init__(
        self, roots: Iterable[Root], base_path: str = "", store: DiskStore | None = None
    ) -> None:
        parts = [p for p in base_path.split("/") if p]
        self.base_path = "/" + "/".join(parts) if parts else ""
        self.store = store
        self._assets: dict[str, _Asset] = {}
        self.compressions: Counter[tuple[str, str]] = Counter()
        for root in roots:
            self._index(root)

    def _index(self, root: Root) -> None:
        if not root.directory.is_dir():
            return
        for path in sorted(root.directory.rglob("*")):
            media_type = MEDIA_TYPES.get(path.suffix.lower())
            if media_type is None or "__pycache__" in path.parts or not path.is_file():
                continue
            if path.stat().st_size > MAX_FILE_BYTES:
                continue
            rel = path.relative_to(root.directory).as_posix()
            self._assets[f"{self.base_path}/{root.prefix}{rel}"] = _Asset(
                path=path,
                media_type=media_type,
                cache_control=_cache_control(path, root.max_age),
                extra=root.headers,
            )

    def replace(
        self,
        prefix: str,
        path: Path,
        transform: Callable[[bytes], bytes],
        media_type: str,
        max_age: int = 86400,
        recipe: str = "",
    ) -> str:
        """Serve `transform(file bytes)` at the file's URL (`prefix` + its name) instead of
        the file. The result is computed once and not compressed again (a font is); it is
        not `immutable`, since the URL's hash is of the original file, not of what we make of
        it. `recipe` names what the transform does, for the disk store (without one the
        result is kept in memory only). Returns the URL path."""
        url_path = f"{self.base_path}/{prefix}{path.name}"
        self._assets[url_path] = _Asset(
            path=path,
            media_type=media_type,
            cache_control=f"public, max-age={max_age}",
            extra=(),
            transform=transform,
            recipe=recipe,
        )
        return url_path

    def __contains__(self, url_path: str) -> bool:
        return url_path in self._assets

    def __len__(self) -> int:
        return len(self._assets)

    def urls(self, prefix: str = "") -> list[str]:
        """The URL paths served, or those under `prefix` (relative to the app's root)."""
        start = f"{self.base_path}/{prefix}"
        return [url for url in self._assets if url.startswith(start)]

    def get(self, url_path: str, encoding: str) -> Variant:
        """The file at `url_path` in `encoding` with its response headers; compresses it the
        first time (concurrent first requests wait for one compression)."""
        asset = self._assets[url_path]
        if not asset.compressible:
            encoding = "identity"
        with asset.lock:
            if encoding in asset.variants:
                body = asset.variants[encoding]
            else:
                data = asset.path.read_bytes()
                if asset.transform is not None:
                    try:
                        data = self._made(data, asset.recipe, asset.transform)
                    except Exception:  # a parser of someone else's file: serve it as it is
                        LOG.exception("cannot transform %s; serving it unchanged", url_path)
                    asset.variants["identity"] = data
                if not asset.digest:
                    asset.digest = hashlib.sha256(data).hexdigest()[:20]
                if encoding == "identity":
                    body = data
                else:

                    def compress(plain: bytes, encoding: str = encoding) -> bytes:
                        self.compressions[(url_path, encoding)] += 1
                        return encode(plain, encoding)

                    body = asset.variants[encoding] = self._made(data, _recipe(encoding), compress)
        etag = f'"{asset.digest}"' if encoding == "identity" else f'"{asset.digest}-{encoding}"'
        headers = [
            (b"content-type", asset.media_type.encode()),
            (b"cache-control", asset.cache_control.encode()),
            (b"etag", etag.encode()),
            *([(b"vary", b"Accept-Encoding")] if asset.compressible else []),
            (b"x-content-type-options", b"nosniff"),
            *((k.lower().encode(), v.encode()) for k, v in asset.extra),
        ]
        if encoding != "identity":
            headers.append((b"content-encoding", encoding.encode()))
        return Variant(body, headers, etag)

    def _made(self, data: bytes, recipe: str, make: Callable[[bytes], bytes]) -> bytes:
        """`make(data)`, from the disk store when there is one and the recipe is named."""
        if self.store is None or not recipe:
            return make(data)
        return self.store.get_or_make(data, recipe, make)

    def warm(self, url_paths: Sequence[str], encodings: Sequence[str] = ENCODINGS) -> None:
        """Compress these files now (those we do not serve are skipped): run at start in a
        background thread, so the first reader does not wait for the compression."""
        for url_path in url_paths:
            if url_path not in self._assets:
                continue
            for encoding in encodings:
                try:
                    self.get(url_path, encoding)
                except OSError:
                    LOG.warning("compression: cannot read %s", url_path)

    def warm_in_background(
        self, url_paths: Sequence[str], encodings: Sequence[str] = ENCODINGS
    ) -> threading.Thread:
        thread = threading.Thread(
            target=self.warm,
            args=(list(url_paths), tuple(encodings)),
            name="compress-warm",
            daemon=True,
        )
        thread.start()
        return thread

    def middleware(self) -> list[Middleware]:
        return [Middleware(CompressionMiddleware, files=self)]


_NOT_MODIFIED_HEADERS = {b"cache-control", b"etag", b"vary"}
"""What a 304 repeats of the 200 (RFC 9110, 15.4.5): the cache keeps the rest."""
_PAGE_ASSET = re.compile(r"""(?:src|href)=["']\./((?:static)/[^"'?#]+)["']""")


def page_assets(page: str, base_path: str = "") -> list[str]:
    """The URL paths of the `./static/…` scripts and styles a page (Streamlit's index.html)
    names: what every first visit loads, so what is worth compressing ahead."""
    parts = [p for p in base_path.split("/") if p]
    base = "/" + "/".join(parts) if parts else ""
    return [f"{base}/{rel}" for rel in dict.fromkeys(_PAGE_ASSET.findall(page))]


class CompressionMiddleware:
    """Answers GET and HEAD for the indexed files: compressed as accepted, `Vary`,
    `Cache-Control`, `ETag` and `304 Not Modified`. Range requests and everything else go on
    to Streamlit."""

    def __init__(self, app: ASGIApp, files: CompressedFiles) -> None:
        self.app = app
        self.files = files

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in {"GET", "HEAD"}
            or scope["path"] not in self.files
        ):
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if b"range" in headers:
            await self.app(scope, receive, send)
            return
        encoding = choose_encoding(headers.get(b"accept-encoding", ""))
        try:
            variant = await run_in_threadpool(self.files.get, scope["path"], encoding)
        except OSError:
            await self.app(scope, receive, send)
            return
        if _etag_matches(headers.get(b"if-none-match", ""), variant.etag):
            out = [(k, v) for k, v in variant.headers if k in _NOT_MODIFIED_HEADERS]
            await send({"type": "http.response.start", "status": 304, "headers": out})
            await send({"type": "http.response.body", "body": b""})
            return
        out = [*variant.headers, (b"content-length", str(len(variant.body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": out})
        body = b"" if scope["method"] == "HEAD" else variant.body
        await send({"type": "http.response.body", "body": body})
