"""Compressed responses over real HTTP (the app served by werkzeug on a free port, as in
tests/browser): brotli or gzip when the browser accepts it, decoding to exactly the bytes sent
uncompressed; identity without Accept-Encoding; each bundle compressed once per process; the
security headers on compressed answers; server-rendered forms (CSRF token) never compressed."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import dash_ag_grid
import pytest
from werkzeug.serving import make_server

import dashboard.server.compression as compression
from config import Settings
from dashboard.app import create_app
from dashboard.bundles import ASSETS_DIR, PLOTLY_BUNDLE
from db.session import dispose_engine
from metrics.refresh import open_database
from tests.sample_data import load_sample

# The app's plotly.js (dashboard/bundles.py), as the pages link it; AG Grid's bundle (1.3 MB)
# is the largest of Dash's, served with a version fingerprint in its name.
PLOTLY_FILE = ASSETS_DIR / PLOTLY_BUNDLE
PLOTLY_URL = f"/assets/{PLOTLY_BUNDLE}?m=1700000000"
BUNDLE_FILE = Path(dash_ag_grid.__file__).parent / "dash_ag_grid.min.js"
BUNDLE_PLAIN_URL = "/_dash-component-suites/dash_ag_grid/dash_ag_grid.min.js"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, sqlite_template):
    path = tmp_path_factory.mktemp("compression") / "app.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    engine = open_database(url)
    load_sample(engine)
    settings = Settings(database_url=url, secret_key="test", load_demo_if_empty=False)
    server = make_server("127.0.0.1", 0, create_app(settings, engine).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    dispose_engine(url)


def fetch(url: str, encoding: str | None = None, headers: dict | None = None):
    """(status, headers, raw body as sent): urllib neither asks for nor decodes compression."""
    request = urllib.request.Request(url, headers=dict(headers or {}))
    if encoding is not None:
        request.add_header("Accept-Encoding", encoding)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:  # 304 and the like
        return error.code, error.headers, error.read()


def without_end_id(page: bytes) -> bytes:
    """Dash writes a random end_id into each page it renders."""
    return re.sub(rb'"end_id":"[^"]*"', b'"end_id":""', page)


def decode(body: bytes, encoding: str | None) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        return brotli.decompress(body)
    assert encoding is None, encoding
    return body


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_the_plotly_bundle_is_sent_compressed_and_decodes_to_the_file(base_url, encoding):
    status, headers, body = fetch(base_url + PLOTLY_URL, encoding)
    assert status == 200
    assert headers["Content-Encoding"] == encoding
    assert "accept-encoding" in headers["Vary"].lower()
    assert int(headers["Content-Length"]) == len(body) < PLOTLY_FILE.stat().st_size // 2
    assert decode(body, encoding) == PLOTLY_FILE.read_bytes()
    assert "max-age=31536000" in headers["Cache-Control"]  # ?m=<modified time>: a year


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_the_first_page_is_sent_compressed_and_decodes_to_the_same_html(base_url, encoding):
    _, plain_headers, plain = fetch(base_url + "/")
    status, headers, body = fetch(base_url + "/", encoding)
    assert status == 200 and headers["Content-Encoding"] == encoding
    assert without_end_id(decode(body, encoding)) == without_end_id(plain)
    assert b"_dash-config" in plain
    assert len(body) < len(plain)
    # The security headers and the CSP stay on compressed answers.
    assert headers["Content-Security-Policy"] == plain_headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_without_accept_encoding_every_answer_is_identity(base_url):
    for path in ("/", PLOTLY_URL, "/_dash-layout", "/_dash-dependencies"):
        status, headers, body = fetch(base_url + path)
        assert status == 200, path
        assert "Content-Encoding" not in headers, path
        assert "accept-encoding" in headers["Vary"].lower(), path  # caches keep both apart
    _, _, body = fetch(base_url + PLOTLY_URL)
    assert body == PLOTLY_FILE.read_bytes()


def test_identity_is_kept_when_the_browser_refuses_both(base_url):
    _, headers, body = fetch(base_url + PLOTLY_URL, "br;q=0, gzip;q=0, identity")
    assert "Content-Encoding" not in headers
    assert body == PLOTLY_FILE.read_bytes()


def test_the_preferred_encoding_by_quality(base_url):
    _, headers, _ = fetch(base_url + "/", "br;q=0.5, gzip")
    assert headers["Content-Encoding"] == "gzip"
    _, headers, _ = fetch(base_url + "/", "gzip, deflate, br, zstd")  # Chromium's
    assert headers["Content-Encoding"] == "br"


def test_dash_json_is_compressed_per_request(base_url):
    _, _, plain = fetch(base_url + "/_dash-dependencies")
    status, headers, body = fetch(base_url + "/_dash-dependencies", "gzip")
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(body)) == json.loads(plain)


def test_a_bundle_is_compressed_once_per_process(base_url, monkeypatch):
    calls = []
    original = compression.compress

    def counting(data, encoding, *, static):
        calls.append((len(data), encoding, static))
        return original(data, encoding, static=static)

    monkeypatch.setattr(compression, "compress", counting)
    url = base_url + "/_dash-component-suites/dash_ag_grid/dash_ag_grid.v35_3_0m1700000001.min.js"
    bodies = [fetch(url, "br")[2]]
    after_first = list(calls)
    assert len(after_first) <= 1  # none when an earlier test had already asked for br
    bodies += [fetch(url, "br")[2] for _ in range(3)]
    # A made-up fingerprint or none at all is the same file: no new compression.
    bodies.append(fetch(base_url + BUNDLE_PLAIN_URL, "br")[2])
    assert calls == after_first
    assert len(set(bodies)) == 1 and brotli.decompress(bodies[0]) == BUNDLE_FILE.read_bytes()


def test_a_compressed_asset_answers_its_own_etag_with_304(base_url):
    status, headers, body = fetch(base_url + BUNDLE_PLAIN_URL, "gzip")
    etag = headers["ETag"]
    assert status == 200 and etag.endswith('-gzip"')
    status, _, body = fetch(base_url + BUNDLE_PLAIN_URL, "gzip", {"If-None-Match": etag})
    assert status == 304 and body == b""
    # An uncompressed answer has a validator of its own.
    _, plain_headers, _ = fetch(base_url + BUNDLE_PLAIN_URL)
    assert plain_headers["ETag"] != etag


def test_assets_with_their_modified_time_are_cached_long(base_url):
    _, _, page = fetch(base_url + "/")
    start = page.index(b"/assets/app.css?m=")
    asset = page[start:page.index(b'"', start)].decode()
    status, headers, body = fetch(base_url + asset, "gzip")
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in headers["Cache-Control"]
    assert "no-cache" not in headers["Cache-Control"]
    _, _, plain = fetch(base_url + asset)
    assert gzip.decompress(body) == plain


def test_the_login_form_with_its_csrf_token_is_never_compressed(base_url):
    # A secret (the CSRF token) next to text from the request (?next=) in a compressed body
    # is what BREACH reads secrets from.
    status, headers, body = fetch(base_url + "/login?next=/upload", "gzip, br")
    assert status == 200
    assert "Content-Encoding" not in headers
    assert b"_csrf_token" in body
