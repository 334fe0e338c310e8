"""Static files compressed once: the encoding chosen, the headers, 304s, and one compression per
file and encoding however many requests come, driven through the ASGI middleware directly."""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path

import brotli
import pytest

from tumen_crossing.compress import (
    IMMUTABLE,
    CompressedFiles,
    CompressionMiddleware,
    DiskStore,
    Root,
    choose_encoding,
    page_assets,
)

from .asgi import exchange, response, run_isolated

SCRIPT = b"console.log('tumen');\n" * 400


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    bundles, ours = tmp_path / "bundles", tmp_path / "ours"
    (bundles / "js").mkdir(parents=True)
    (bundles / "js" / "index.DormvYxC.js").write_bytes(SCRIPT)
    (bundles / "media").mkdir()
    (bundles / "media" / "font.BsWL4Kly.woff2").write_bytes(b"wOF2" + bytes(200))
    (ours / "vendor").mkdir(parents=True)
    (ours / "vendor" / "leaflet.css").write_text(".leaflet{}\n" * 300)
    (ours / "index.html").write_text("<p>component</p>\n" * 100)
    return bundles, ours


def files_for(
    folders: tuple[Path, Path], base_path: str = "", store: DiskStore | None = None
) -> CompressedFiles:
    bundles, ours = folders
    return CompressedFiles(
        [
            Root("static/", bundles),
            Root("app/static/", ours, headers=(("Access-Control-Allow-Origin", "*"),)),
        ],
        base_path=base_path,
        store=store,
    )


def passthrough():
    seen: list[str] = []

    async def app(scope, receive, send) -> None:
        seen.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"streamlit"})

    return app, seen


def call(app, path: str, headers=(), method: str = "GET") -> tuple[int, dict, bytes]:
    scope = {"type": "http", "method": method, "path": path, "headers": list(headers)}
    status, head, body = response(app, scope)
    return status, dict(head), body


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0.5, gzip", "gzip"),
        ("br;q=0, gzip;q=0", "identity"),
        ("", "identity"),
        ("identity", "identity"),
        ("*", "br"),
        ("*;q=0.2, br;q=0", "gzip"),
        ("gzip;q=nonsense, br;q=0", "identity"),
        (" BR ; Q=1 ", "br"),
    ],
)
def test_the_encoding_is_the_best_the_request_accepts(header: str, chosen: str) -> None:
    assert choose_encoding(header) == chosen


def test_each_encoding_with_its_headers(folders) -> None:
    app = CompressionMiddleware(passthrough()[0], files_for(folders))
    url = "/static/js/index.DormvYxC.js"
    status, headers, body = call(app, url, [(b"accept-encoding", b"gzip, deflate, br")])
    assert status == 200 and brotli.decompress(body) == SCRIPT
    assert headers[b"content-encoding"] == b"br"
    assert headers[b"vary"] == b"Accept-Encoding"
    assert headers[b"content-type"].startswith(b"text/javascript")
    assert headers[b"cache-control"] == IMMUTABLE.encode()
    assert headers[b"content-length"] == str(len(body)).encode()
    assert len(body) < len(SCRIPT) / 10
    status, gz_headers, body = call(app, url, [(b"accept-encoding", b"gzip")])
    assert gzip.decompress(body) == SCRIPT and gz_headers[b"content-encoding"] == b"gzip"
    status, plain, body = call(app, url)
    assert body == SCRIPT and b"content-encoding" not in plain and plain[b"vary"]
    etags = {headers[b"etag"], gz_headers[b"etag"], plain[b"etag"]}
    assert len(etags) == 3, "each representation has its own validator"
    # the same request twice: the same validator
    assert call(app, url, [(b"accept-encoding", b"br")])[1][b"etag"] == headers[b"etag"]


def test_files_without_a_hash_in_their_name_are_cached_for_a_day_with_our_headers(folders):
    app = CompressionMiddleware(passthrough()[0], files_for(folders))
    _, headers, _ = call(app, "/app/static/vendor/leaflet.css", [(b"accept-encoding", b"br")])
    assert headers[b"cache-control"] == b"public, max-age=86400"
    assert headers[b"access-control-allow-origin"] == b"*"
    assert headers[b"x-content-type-options"] == b"nosniff"
    _, page, _ = call(app, "/app/static/index.html", [(b"accept-encoding", b"br")])
    assert page[b"cache-control"] == b"no-cache"


def test_a_matching_validator_gets_304_without_a_body(folders) -> None:
    app = CompressionMiddleware(passthrough()[0], files_for(folders))
    url = "/static/js/index.DormvYxC.js"
    accept = (b"accept-encoding", b"br")
    etag = call(app, url, [accept])[1][b"etag"]
    status, headers, body = call(app, url, [accept, (b"if-none-match", etag)])
    assert (status, body) == (304, b"")
    assert headers[b"etag"] == etag and headers[b"vary"] == b"Accept-Encoding"
    weak_list = b'"other", W/' + etag
    assert call(app, url, [accept, (b"if-none-match", weak_list)])[0] == 304
    # the gzip copy's validator does not match the brotli copy
    gz_etag = call(app, url, [(b"accept-encoding", b"gzip")])[1][b"etag"]
    assert call(app, url, [accept, (b"if-none-match", gz_etag)])[0] == 200
    assert call(app, url, [accept, (b"if-none-match", b"*")])[0] == 304


def test_compression_happens_once_per_file_and_encoding(folders) -> None:
    files = files_for(folders)
    app = CompressionMiddleware(passthrough()[0], files)
    url = "/static/js/index.DormvYxC.js"
    for _ in range(5):
        call(app, url, [(b"accept-encoding", b"br")])
        call(app, url, [(b"accept-encoding", b"gzip")])
        call(app, url)
    assert files.compressions == {(url, "br"): 1, (url, "gzip"): 1}


def test_concurrent_first_requests_compress_once(folders) -> None:
    files = files_for(folders)
    app = CompressionMiddleware(passthrough()[0], files)
    url = "/static/js/index.DormvYxC.js"

    async def many() -> list:
        async def one():
            scope = {
                "type": "http",
                "method": "GET",
                "path": url,
                "headers": [(b"accept-encoding", b"br")],
            }
            sent = await exchange(app, scope)
            return sent[-1]["body"]

        return await asyncio.gather(*(one() for _ in range(8)))

    bodies = run_isolated(many())
    assert len(set(bodies)) == 1 and files.compressions[(url, "br")] == 1


def test_warming_compresses_ahead_and_requests_then_reuse_it(folders) -> None:
    files = files_for(folders)
    url = "/static/js/index.DormvYxC.js"
    files.warm_in_background([url, "/static/js/missing.js"]).join(timeout=30)
    assert files.compressions == {(url, "br"): 1, (url, "gzip"): 1}
    app = CompressionMiddleware(passthrough()[0], files)
    call(app, url, [(b"accept-encoding", b"br")])
    assert files.compressions[(url, "br")] == 1


def test_everything_else_goes_on_to_streamlit(folders) -> None:
    inner, seen = passthrough()
    app = CompressionMiddleware(inner, files_for(folders))
    accept = (b"accept-encoding", b"br")
    for path in (
        "/static/media/font.BsWL4Kly.woff2",  # compressed already
        "/static/js/nothing.js",  # not a file we have
        "/static/js/../js/index.DormvYxC.js",  # not a path in the index
        "/",
    ):
        assert call(app, path, [accept])[2] == b"streamlit", path
    assert call(app, "/static/js/index.DormvYxC.js", [accept], method="POST")[2] == b"streamlit"
    ranged = [accept, (b"range", b"bytes=0-10")]
    assert call(app, "/static/js/index.DormvYxC.js", ranged)[2] == b"streamlit"
    assert len(seen) == 6


def test_head_answers_the_headers_alone(folders) -> None:
    app = CompressionMiddleware(passthrough()[0], files_for(folders))
    url = "/static/js/index.DormvYxC.js"
    status, headers, body = call(app, url, [(b"accept-encoding", b"br")], method="HEAD")
    assert status == 200 and body == b"" and int(headers[b"content-length"]) > 0


def test_under_a_base_path_the_files_live_there(folders) -> None:
    inner, _ = passthrough()
    files = files_for(folders, base_path="/tumen/")
    app = CompressionMiddleware(inner, files)
    accept = [(b"accept-encoding", b"br")]
    assert call(app, "/tumen/static/js/index.DormvYxC.js", accept)[1][b"content-encoding"] == b"br"
    assert call(app, "/static/js/index.DormvYxC.js", accept)[2] == b"streamlit"
    assert files.urls("app/static/") == [
        "/tumen/app/static/index.html",
        "/tumen/app/static/vendor/leaflet.css",
    ]


def test_the_pages_assets_are_its_scripts_and_styles() -> None:
    page = (
        '<script type="module" crossorigin src="./static/js/index.A1b2C3d4.js"></script>'
        '<link rel="modulepreload" crossorigin href="./static/js/react.X1y2Z3w4.js">'
        '<link rel="stylesheet" crossorigin href="./static/css/index.C1JORDN2.css">'
        '<link rel="shortcut icon" href="./favicon.png" />'
        '<link rel="modulepreload" href="./static/js/react.X1y2Z3w4.js">'
    )
    assert page_assets(page, "tumen") == [
        "/tumen/static/js/index.A1b2C3d4.js",
        "/tumen/static/js/react.X1y2Z3w4.js",
        "/tumen/static/css/index.C1JORDN2.css",
    ]


def test_a_replaced_file_is_served_as_transformed_once_and_not_compressed(folders) -> None:
    files = files_for(folders)
    calls: list[bytes] = []

    def cut(data: bytes) -> bytes:
        calls.append(data)
        return data[:10]

    bundles, _ = folders
    url = files.replace(
        "static/media/", bundles / "media" / "font.BsWL4Kly.woff2", cut, "font/woff2"
    )
    assert url == "/static/media/font.BsWL4Kly.woff2"
    app = CompressionMiddleware(passthrough()[0], files)
    for accept in (b"br", b"gzip", b"identity"):
        status, headers, body = call(app, url, [(b"accept-encoding", accept)])
        assert (status, body) == (200, b"wOF2" + bytes(6))
        assert b"content-encoding" not in headers and b"vary" not in headers
        assert headers[b"content-type"] == b"font/woff2"
        # the URL's hash is of the original file: what we make of it may change with our code
        assert headers[b"cache-control"] == b"public, max-age=86400"
    assert len(calls) == 1
    assert call(app, url, [(b"if-none-match", headers[b"etag"])])[0] == 304


def test_a_transform_that_fails_serves_the_file_unchanged(folders) -> None:
    files = files_for(folders)
    bundles, _ = folders

    def broken(data: bytes) -> bytes:
        raise ValueError("not a font")

    url = files.replace(
        "static/media/", bundles / "media" / "font.BsWL4Kly.woff2", broken, "font/woff2"
    )
    status, _, body = call(CompressionMiddleware(passthrough()[0], files), url)
    assert (status, body) == (200, b"wOF2" + bytes(200))


def test_the_disk_store_lets_a_second_process_skip_the_work(folders, tmp_path: Path) -> None:
    """What one server compressed or cut, the next (a restart, another replica) reads from
    the store: the same bytes, without compressing or cutting again."""
    bundles, _ = folders
    store = DiskStore(tmp_path / "store")
    served: list[dict[bytes, bytes]] = []
    counts, cuts = [], []
    for _ in range(2):  # two servers, one after the other, sharing the store
        files = files_for(folders, store=store)
        font = files.replace(
            "static/media/",
            bundles / "media" / "font.BsWL4Kly.woff2",
            lambda data: cuts.append(1) or data[:10],
            "font/woff2",
            recipe="cut to 10",
        )
        bodies = {}
        for url in ("/static/js/index.DormvYxC.js", font):
            for encoding in ("br", "gzip"):
                bodies[url.encode() + encoding.encode()] = files.get(url, encoding).body
        served.append(bodies)
        counts.append(sum(files.compressions.values()))
    assert served[0] == served[1]
    assert counts == [2, 0] and cuts == [1]  # the script in br and gzip, once; the font once
    assert brotli.decompress(served[1][b"/static/js/index.DormvYxC.jsbr"]) == SCRIPT


def test_another_recipe_or_another_input_is_another_entry(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "store")
    made = []

    def make(data: bytes) -> bytes:
        made.append(data)
        return data.upper()

    assert store.get_or_make(b"abc", "upper", make) == b"ABC"
    assert store.get_or_make(b"abc", "upper", make) == b"ABC"
    assert store.get_or_make(b"abd", "upper", make) == b"ABD"
    assert store.get_or_make(b"abc", "upper v2", make) == b"ABC"
    assert made == [b"abc", b"abd", b"abc"]
    assert not list((tmp_path / "store").glob("tmp*"))  # nothing half-written is left


def test_a_store_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    assert DiskStore(blocked / "store").get_or_make(b"abc", "upper", bytes.upper) == b"ABC"


def test_the_store_follows_the_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TUMEN_CACHE_DIR", str(tmp_path / "here"))
    assert DiskStore.from_environment() == DiskStore(tmp_path / "here")
    monkeypatch.setenv("TUMEN_CACHE_DIR", "")
    assert DiskStore.from_environment() is None
    monkeypatch.delenv("TUMEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert DiskStore.from_environment() == DiskStore(tmp_path / "xdg" / "tumen-crossing")
