"""Compressed responses (brotli or gzip, as the browser accepts) without compressing the same
bundle twice.

Dash's JavaScript bundles and the site's assets (plotly.js alone is 4.8 MB) never change while
the process runs, so each is compressed once per process, on its first request, and the
compressed bytes are kept in memory (a few MB; every gunicorn worker keeps its own copy, so no
state is shared between workers). Flask-Compress was tried first: it compresses every response
again (2 s per plotly.js request with brotli), and its optional cache is one cache for all
responses, keyed by the request alone, which would also have to hold the callbacks' answers.

The page itself and Dash's JSON (layout, dependencies, callback answers) differ from request to
request: compressed each time when larger than MIN_SIZE, at a cheap level.

Only Dash's own routes (captured when init_compression runs, before the login and admin pages
exist) and the routes marked compressed in dashboard/server/routes.py are compressed: the
server-rendered forms carry the CSRF token next to text taken from the request (?next=), the
combination a compression side channel (BREACH) reads secrets from.

Assets under /assets/ carry Dash's cache-busting ?m=<modified time> and bundles under
/_dash-component-suites/ a version fingerprint, so both may be cached by the browser for a year.
"""

from __future__ import annotations

import gzip
import threading
import zlib
from collections.abc import Iterable

import brotli
import dash
from dash.fingerprint import check_fingerprint
from flask import Flask, Response, request

MIN_SIZE = 1024  # smaller bodies gain nothing worth the header
# Bundles and assets are compressed once: brotli 5 is the knee (plotly.js 4.8 MB -> 1.29 MB in
# 0.5 s; quality 9 saves another 5 % for 2 s, quality 11 takes 30 s).
STATIC_BR_QUALITY, STATIC_GZIP_LEVEL = 5, 6
# Per-request answers: fast levels.
DYNAMIC_BR_QUALITY, DYNAMIC_GZIP_LEVEL = 4, 5
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/", "/_favicon.ico")
ONE_YEAR = 31536000
CACHE_LIMIT = 64 * 1024 * 1024  # compressed bytes kept per process, at most
COMPRESSIBLE = frozenset({
    "text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
    "application/x-javascript", "application/json", "image/svg+xml", "image/x-icon",
    "image/vnd.microsoft.icon", "application/manifest+json",
})
ENCODINGS = ("br", "gzip")  # preferred first when the browser accepts both equally


class CompressedCache:
    """Compressed bodies of unchanging files, per process; one compression per file even when
    threads ask for it at once."""

    def __init__(self, limit: int = CACHE_LIMIT):
        self.limit = limit
        self.size = 0
        self._entries: dict[tuple, bytes] = {}
        self._locks: dict[tuple, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple, data: bytes, encoding: str) -> bytes:
        found = self._entries.get(key)
        if found is not None:
            return found
        with self._lock:
            key_lock = self._locks.setdefault(key, threading.Lock())
        with key_lock:
            found = self._entries.get(key)
            if found is None:
                found = compress(data, encoding, static=True)
                with self._lock:
                    if self.size + len(found) <= self.limit:
                        self._entries[key] = found
                        self.size += len(found)
                    self._locks.pop(key, None)
        return found


def compress(data: bytes, encoding: str, *, static: bool) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=STATIC_BR_QUALITY if static else DYNAMIC_BR_QUALITY)
    return gzip.compress(data, compresslevel=STATIC_GZIP_LEVEL if static else DYNAMIC_GZIP_LEVEL,
                         mtime=0)


def choose_encoding(accept) -> str | None:
    """br or gzip, whichever the Accept-Encoding header rates higher (br on a tie); None when it
    accepts neither (no header at all means identity)."""
    best, best_q = None, 0.0
    for encoding in ENCODINGS:
        quality = accept[encoding]  # werkzeug's Accept: 0 when absent, '*' honoured
        if quality > best_q:
            best, best_q = encoding, quality
    return best


def _static_key(path: str, data: bytes, encoding: str) -> tuple:
    # The path without Dash's fingerprint: made-up fingerprints serve the same file and must
    # not each add an entry; the length and checksum make a changed file a new entry.
    plain, _ = check_fingerprint(path)
    return (encoding, plain, len(data), zlib.crc32(data))


def init_compression(app: dash.Dash, also: Iterable[str] = ()) -> CompressedCache:
    """Compress the responses of the routes Dash has registered so far, and of the endpoints
    `also`; call it right after creating the Dash app, before other pages are added."""
    server: Flask = app.server
    dash_endpoints = frozenset(server.view_functions) | frozenset(also)
    cache = CompressedCache()

    @server.after_request
    def compress_response(response: Response) -> Response:
        if response.mimetype not in COMPRESSIBLE or request.endpoint not in dash_endpoints:
            return response
        static = request.method in ("GET", "HEAD") and request.path.startswith(STATIC_PREFIXES)
        if static and response.status_code == 200 and "m" in request.args \
                and request.path.startswith("/assets/"):
            # Dash links assets as /assets/name?m=<modified time>: a changed file is a new URL.
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.no_cache = None
        response.vary.add("Accept-Encoding")
        encoding = choose_encoding(request.accept_encodings)
        if (encoding is None or response.status_code != 200
                or "Content-Encoding" in response.headers
                or (response.content_length is not None and response.content_length < MIN_SIZE)):
            return response
        response.direct_passthrough = False  # a file sent by send_file is read here
        data = response.get_data()
        if len(data) < MIN_SIZE:
            return response
        if static:
            body = cache.get(_static_key(request.path, data, encoding), data, encoding)
        else:
            body = compress(data, encoding, static=False)
        response.set_data(body)
        response.headers["Content-Encoding"] = encoding
        # Byte ranges of the compressed body are not offered (send_file advertises them).
        response.headers.pop("Accept-Ranges", None)
        etag, weak = response.get_etag()
        if etag and not weak:
            # A strong validator names one representation: the compressed one is another.
            response.set_etag(f"{etag}-{encoding}")
            if request.method in ("GET", "HEAD"):
                response.make_conditional(request)
        return response

    return cache
