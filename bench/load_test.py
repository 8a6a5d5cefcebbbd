"""Many users at once: the documented gunicorn command (`gunicorn -c gunicorn.conf.py
wsgi:server`, 4 workers × 8 threads) on a bench database, and N simulated users who follow
the browser's callback sequence from page to page.

- The sequences are recorded, not written by hand: headless Chromium opens the app served by
  that gunicorn, then goes to each bench page (bench/callbacks.py, PAGES) the way a nav link
  or a changed picker does (history.pushState, which Dash's router follows), and every
  `_dash-update-component` POST the page sends is kept, in order.
- A user first loads the app as a browser does (the page, its layout and dependencies: the
  CSRF cookie comes with them), then, again and again: thinks 0.5-2 s, picks a page and a
  view (a region, an indicator, a period from small pools, so users often ask what another
  user asked), and sends that page's recorded POSTs one after the other, with the view's
  query in place of the recorded one.
- Requests are timed from sending to the last byte read. Page callbacks are the requests
  that render a page (output `_pages_content`); an error is any answer other than 200/204,
  or no answer within 60 s.

`python -m bench.load_test DATABASE_URL [--users 8,50,100] [--duration 60]` prints one JSON
line per user count; `python -m bench` runs it after the single-user figures.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
THINK_S = (0.5, 2.0)
TIMEOUT_S = 60
PAGE_OUTPUT = "_pages_content"
# The views users choose among: a few regions, indicators and periods per page, as users of
# one province mostly look at the same ones (the bench's own view, bench/callbacks.py, and
# its neighbours): 8-12 views per page.
COUNTIES = ["340104", "340102", "340103"]
CITIES = ["340100", "340200"]
INDICATORS = ["high_tech_enterprises", "rd_expenditure"]
PERIODS = ["2025Q3", "2024"]


def views(page: str, rng: random.Random) -> dict:
    """A view of the page as a user may choose it (the URL's query)."""
    period = rng.choice(PERIODS)
    if page == "compare":
        return {"selection": ",".join(rng.sample(COUNTIES, 3)), "period": period,
                "indicators": ",".join(INDICATORS)}
    region = rng.choice(CITIES if page in ("map", "data") else COUNTIES)
    query = {"region": region, "period": period}
    if page != "overview":
        query["indicator"] = rng.choice(INDICATORS)
    return query


# --- the server -----------------------------------------------------------------------------

def serve(database_url: str, port: int, env: dict, app_dir: Path = ROOT) -> subprocess.Popen:
    """The documented production command on 127.0.0.1:port, answering once it has started.
    app_dir: the checkout to serve (another one to compare a change, same command)."""
    env = env | {"DATABASE_URL": database_url, "PORT": str(port), "HOST": "127.0.0.1",
                 "SECRET_KEY": secrets.token_hex(32), "ALLOW_ANONYMOUS": "1",
                 "SESSION_COOKIE_SECURE": "0"}
    # gunicorn's log, shown if it does not start; it lives as long as the server
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:server"],
        env=env | {"PYTHONPATH": str(app_dir)}, cwd=app_dir, stdout=subprocess.DEVNULL,
        stderr=log)
    base = f"http://127.0.0.1:{port}/"
    for _ in range(240):
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"gunicorn ended (exit {server.returncode}):\n"
                               + log.read()[-2000:])
        try:
            urllib.request.urlopen(base, timeout=5)
            return server
        except OSError:
            time.sleep(0.5)
    stop(server)
    raise RuntimeError("gunicorn did not answer within 2 minutes")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- recording the browser ------------------------------------------------------------------

_NAVIGATE = """(url) => {
    window.history.pushState({}, "", url);
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
}"""


def record(base: str, pages: dict) -> dict[str, list[dict]]:
    """{page: the callback POSTs the browser sends to show it, in order ({"url": the query
    after /_dash-update-component, "body"})}, each page reached from another one as a nav
    link reaches it."""
    from playwright.sync_api import sync_playwright

    from bench.page import CHROMIUM, CHROMIUM_ARGS

    sequences: dict[str, list[dict]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        sent: list[dict] = []
        page.on("request", lambda r: sent.append(
            {"url": r.url.split("/_dash-update-component", 1)[1], "body": r.post_data_json})
            if r.method == "POST" and "/_dash-update-component" in r.url else None)
        page.goto(base + "trends")  # then every page is reached as a nav link reaches it
        # Rendered: the router is listening (on a busy machine the network is idle sooner).
        page.wait_for_selector(f"#{PAGE_OUTPUT} h1", timeout=TIMEOUT_S * 1000)
        for name, (path, query) in pages.items():
            page.wait_for_timeout(1000)
            sent.clear()
            page.evaluate(_NAVIGATE, f"{path}?{urlencode(query)}")
            deadline = time.time() + TIMEOUT_S
            while not any(PAGE_OUTPUT in call["body"].get("output", "") for call in sent):
                if time.time() > deadline:
                    raise RuntimeError(f"{name}: the browser sent no page callback "
                                       f"(at {page.url}: {page.title()})")
                page.wait_for_timeout(200)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1500)  # callbacks a rendered page fires in turn
            sequences[name] = list(sent)
        browser.close()
    return sequences


def with_view(body: dict, search: str) -> dict:
    """The recorded body with another view's query wherever it carries the URL's query (the
    `search` of a location, in its inputs and state)."""
    def swapped(items: list) -> list:
        return [item | {"value": search} if isinstance(item, dict)
                and item.get("property") == "search" else item for item in items]
    return body | {key: swapped(body[key]) for key in ("inputs", "state") if key in body}


# --- the users ------------------------------------------------------------------------------

class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: list[tuple[float, float, bool, bool]] = []  # (at, ms, page, ok)
        self.errors: Counter[str] = Counter()  # "HTTP 500", "ReadTimeout", ...

    def add(self, at: float, ms: float, page: bool, error: str | None) -> None:
        with self.lock:
            self.samples.append((at, ms, page, error is None))
            if error is not None:
                self.errors[error] += 1


def user(base: str, sequences: dict, results: Results, until: float, seed: int) -> None:
    import requests

    rng = random.Random(seed)
    session = requests.Session()

    def timed(method: str, url: str, page: bool = False, **kwargs) -> requests.Response | None:
        start = time.perf_counter()
        try:
            response = session.request(method, url, timeout=TIMEOUT_S, **kwargs)
            response.content  # noqa: B018  (read the whole body, as a browser does)
            error = None if response.status_code in (200, 204) else \
                f"HTTP {response.status_code} {kwargs.get('json', {}).get('output', url)[:60]}: " \
                f"{response.text[:80]}"
        except requests.RequestException as failure:
            response, error = None, f"{type(failure).__name__}: {str(failure)[-120:]}"
        results.add(time.time(), (time.perf_counter() - start) * 1000, page, error)
        return response

    for path in ("", "_dash-layout", "_dash-dependencies"):
        timed("GET", base + path)
    token = session.cookies.get("_csrf_token", "")
    while time.time() < until:
        time.sleep(rng.uniform(*THINK_S))
        name = rng.choice(list(sequences))
        search = "?" + urlencode(views(name, rng))
        for call in sequences[name]:
            if time.time() >= until:
                return
            body = call["body"]
            timed("POST", base + "_dash-update-component" + call["url"],
                  PAGE_OUTPUT in body.get("output", ""), json=with_view(body, search),
                  headers={"X-CSRFToken": token})


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def run_users(base: str, sequences: dict, users: int, duration: float, warmup: float) -> dict:
    """N users for warmup + duration seconds; figures of the last `duration` seconds (errors
    of the whole run)."""
    results = Results()
    start = time.time()
    until = start + warmup + duration
    threads = [threading.Thread(target=user, args=(base, sequences, results, until, i),
                                daemon=True) for i in range(users)]
    for thread in threads:
        thread.start()
        time.sleep(min(0.02, warmup / max(users, 1)))  # users arrive, not all in one instant
    for thread in threads:
        thread.join(TIMEOUT_S + warmup + duration)
    measured = [s for s in results.samples if s[0] >= start + warmup]
    pages = [ms for _, ms, page, ok in measured if page and ok]
    every = [ms for _, ms, _, ok in measured if ok]
    return {"users": users, "duration_s": duration, "requests": len(measured),
            "errors": sum(not ok for *_, ok in results.samples),
            "error_kinds": dict(results.errors),
            "throughput_rps": len(measured) / duration,
            "page_callbacks": len(pages),
            "page_p50_ms": statistics.median(pages) if pages else 0.0,
            "page_p95_ms": percentile(pages, 0.95),
            "all_p95_ms": percentile(every, 0.95)}


def measure(database_url: str, users: list[int], duration: float, env: dict, port: int,
            warmup: float = 10.0, app_dir: Path = ROOT) -> dict:
    """{"server": the command, "runs": [one result per user count]} on one gunicorn."""
    from bench.callbacks import PAGES

    server = serve(database_url, port, env, app_dir)
    try:
        base = f"http://127.0.0.1:{port}/"
        sequences = record(base, PAGES)
        runs = [run_users(base, sequences, n, duration, warmup) for n in users]
    finally:
        stop(server)
    return {"server": "gunicorn -c gunicorn.conf.py wsgi:server",
            "workers": int(env.get("WEB_CONCURRENCY", "4")),
            "requests_per_page": {name: len(s) for name, s in sequences.items()}, "runs": runs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load_test",
                                     description="Simulated users against gunicorn.")
    parser.add_argument("database_url")
    parser.add_argument("--users", default="100", help="user counts, e.g. 8,50,100")
    parser.add_argument("--duration", type=float, default=60, help="seconds measured per count")
    parser.add_argument("--warmup", type=float, default=10, help="seconds before measuring")
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--app-dir", type=Path, default=ROOT,
                        help="serve this checkout instead (a before/after comparison)")
    args = parser.parse_args(argv)
    from bench.__main__ import bench_env

    result = measure(args.database_url, [int(n) for n in args.users.split(",")], args.duration,
                     bench_env(args.database_url), args.port, args.warmup, args.app_dir)
    for run in result["runs"]:
        print(json.dumps(run), flush=True)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
