"""Server time of the dashboard's page callbacks, and a worker's memory, at several scales.

Each scale is served by its own worker process (`python -m bench.callbacks DATABASE_URL`),
built as gunicorn's worker builds the app, so that its peak RSS is one worker's. The driver
(`measure`) asks the workers for the same page in turn, call after call, so that both scales
are timed in the same seconds of a shared, noisy machine: the national / province ratios
compare like with like. A worker times each call through Dash's HTTP endpoint and answers
with one JSON line. The same views are asked of every scale (an Anhui county, the same
indicator and period), so national / province compares the same work on a database 24 times
larger.
"""

from __future__ import annotations

import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent

REGION = "340104"  # 合肥市蜀山区
CITY = "340100"
INDICATOR = "high_tech_enterprises"
PERIOD = "2025Q3"
PAGE_OUTPUT = {"output": ".._pages_content.children..._pages_store.data..",
               "outputs": [{"id": "_pages_content", "property": "children"},
                           {"id": "_pages_store", "property": "data"}]}
PAGES = {
    "overview": ("/", {"region": REGION, "period": PERIOD}),
    "trends": ("/trends", {"region": REGION, "indicator": INDICATOR, "period": PERIOD}),
    "rankings": ("/rankings", {"region": REGION, "indicator": INDICATOR, "period": PERIOD}),
    "compare": ("/compare", {"selection": f"{REGION},340102,340103", "period": PERIOD,
                             "indicators": "high_tech_enterprises,rd_expenditure"}),
    "map": ("/map", {"region": CITY, "indicator": INDICATOR, "period": PERIOD}),
    "data": ("/data", {"region": CITY, "indicator": INDICATOR, "period": PERIOD}),
}


def page_request(path: str, query: dict) -> dict:
    return PAGE_OUTPUT | {
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                   {"id": "_pages_location", "property": "search", "value": "?" + urlencode(query)}],
        "changedPropIds": ["_pages_location.pathname"], "state": []}


def rss_mb() -> float:
    """Peak resident set of this process: VmHWM, not getrusage's maxrss, which Linux carries
    over from the parent that forked this process."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def serve(database_url: str) -> None:
    """The worker: one page callback per line read ("overview", ...), answered with its time
    and size; "rss" is answered with the peak RSS."""
    from config import Settings
    from dashboard.app import create_app

    # Answers go out on the process's own stdout; anything the app prints goes to stderr.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    settings = dataclasses.replace(Settings.from_env(), database_url=database_url,
                                   load_demo_if_empty=False)
    app = create_app(settings)
    client = app.server.test_client()
    client.get("/")  # registers the callbacks, sets the CSRF cookie
    headers = {"X-CSRFToken": client.get_cookie("_csrf_token").value}
    bodies = {name: page_request(path, query) for name, (path, query) in PAGES.items()}
    for line in sys.stdin:
        name = line.strip()
        if name == "rss":
            print(json.dumps({"rss_mb": rss_mb()}), file=answers, flush=True)
            continue
        start = time.perf_counter()
        response = client.post("/_dash-update-component", json=bodies[name], headers=headers)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{name}: HTTP {response.status_code} {response.data[:300]!r}")
        print(json.dumps({"ms": elapsed, "bytes": len(response.data)}), file=answers, flush=True)


class Worker:
    """A `serve` process, asked one command at a time."""

    def __init__(self, database_url: str, env: dict):
        self.log = tempfile.TemporaryFile("w+")  # its stderr, shown if it fails
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.callbacks", database_url], env=env, cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True)

    def ask(self, command: str) -> dict:
        try:
            self.process.stdin.write(command + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        except BrokenPipeError:
            line = ""
        if not line:
            self.log.seek(0)
            raise RuntimeError(f"bench worker ended (exit {self.process.wait()}) on {command}:\n"
                               + self.log.read()[-2000:])
        return json.loads(line)

    def close(self) -> None:
        try:
            self.process.stdin.close()
        except BrokenPipeError:
            pass
        self.process.wait(30)
        self.log.close()


def measure(urls: dict[str, str], repeats: int, env: dict | None = None) -> dict:
    """{scale: {"callbacks": {page: p50_ms, p95_ms, bytes}, "rss_mb"}} for each scale's
    database, the scales' calls interleaved (the first of each pair alternating)."""
    workers = {scale: Worker(url, (env or os.environ) | {"DATABASE_URL": url})
               for scale, url in urls.items()}
    try:
        results: dict = {scale: {"callbacks": {}} for scale in urls}
        for name in PAGES:
            times: dict[str, list[float]] = {scale: [] for scale in urls}
            sizes = {}
            for worker in workers.values():  # the first call warms caches and imports
                worker.ask(name)
            for i in range(repeats):
                order = list(workers.items())
                for scale, worker in (order if i % 2 == 0 else order[::-1]):
                    answer = worker.ask(name)
                    times[scale].append(answer["ms"])
                    sizes[scale] = answer["bytes"]
            for scale in urls:
                results[scale]["callbacks"][name] = {
                    "p50_ms": statistics.median(times[scale]),
                    "p95_ms": percentile(times[scale], 0.95), "bytes": sizes[scale]}
        for scale, worker in workers.items():
            results[scale]["rss_mb"] = worker.ask("rss")["rss_mb"]
        return results
    finally:
        for worker in workers.values():
            worker.close()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    serve(sys.argv[1])
