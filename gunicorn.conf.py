"""gunicorn's settings for the dashboard: `gunicorn -c gunicorn.conf.py wsgi:server`.

Fitted to the largest load a user may send (etl/limits.py, dashboard/server/heavy.py); the measured
times are in README.md, "Production":

- gthread workers, 4 processes × 8 threads. A long request (a download, checking a file at
  the limits) holds one thread; the worker's main loop keeps answering gunicorn's heartbeat, so
  no request, however long, gets its worker killed, and the other threads go on serving pages.
  dashboard/server/heavy.py runs at most 3 downloads and 1 upload check per process, on threads of
  lower priority, so pages always find a thread and the CPU.
- timeout 120 s: the heartbeat a stuck worker misses. Every callback measured at the limits
  finishes well within it, so even with sync workers no allowed request would pass it.
- Workers are replaced after 2,000 requests: a worker that has checked a large file gives
  its memory back.
- No `Server: gunicorn` header (it tells an attacker what to try).
- Before binding, every address is checked with the SECRET_KEY (config.check_serving): a
  deployment, or any address other machines reach, refuses to start without a strong key.
"""

import logging
import os

from gunicorn.http import wsgi as _gunicorn_wsgi

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "gthread"
threads = 8
timeout = 120
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
preload_app = True  # migrate once, in the master, before the workers fork (wsgi.py)
control_socket_disable = True  # no management socket: nothing to reach but HTTP


def _without_server_header(default_headers):
    def headers(self):
        return [h for h in default_headers(self) if not h.lower().startswith("server:")]
    return headers


_gunicorn_wsgi.Response.default_headers = _without_server_header(
    _gunicorn_wsgi.Response.default_headers)


def on_starting(server):
    """Before any socket is bound: refuse an address the key is not strong enough for, and cap
    what gunicorn's own error log may carry (dashboard/server/logs.py)."""
    from config import Settings, check_serving
    from dashboard.server.logs import cap_logged_text

    cap_logged_text(logging.getLogger("gunicorn.error"))
    settings = Settings.from_env(deployed=True)
    for address in server.cfg.bind:
        if address.startswith(("unix:", "fd://")):
            check_serving(settings, "127.0.0.1")  # a socket file: this machine only
        else:
            check_serving(settings, address.rsplit(":", 1)[0])
