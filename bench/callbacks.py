"""Server time of the dashboard's page callbacks on one bench database, and the worker's memory.

Runs in its own process (`python -m bench.callbacks DATABASE_URL REPEATS`) so that its peak
RSS is one worker's: the app is built as gunicorn's worker builds it, every page is drawn
REPEATS times through Dash's HTTP endpoint, and the times and the RSS go out as one JSON line.
The same views are asked of every scale (an Anhui county, the same indicator and period), so
national / province compares the same work on a database 24 times larger.
"""

from __future__ import annotations

import dataclasses
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

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


def measure(database_url: str, repeats: int) -> dict:
    from config import Settings
    from dashboard.app import create_app

    settings = dataclasses.replace(Settings.from_env(), database_url=database_url,
                                   load_demo_if_empty=False)
    app = create_app(settings)
    client = app.server.test_client()
    client.get("/")  # registers the callbacks, sets the CSRF cookie
    headers = {"X-CSRFToken": client.get_cookie("_csrf_token").value}
    results = {}
    for name, (path, query) in PAGES.items():
        body = page_request(path, query)
        times, size = [], 0
        for i in range(repeats + 1):
            start = time.perf_counter()
            response = client.post("/_dash-update-component", json=body, headers=headers)
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{name}: HTTP {response.status_code} {response.data[:300]!r}")
            size = len(response.data)
            if i:  # the first call warms caches and imports, as a worker's first request does
                times.append(elapsed)
        results[name] = {"p50_ms": statistics.median(times), "p95_ms": percentile(times, 0.95),
                         "bytes": size}
    return {"callbacks": results, "rss_mb": rss_mb()}


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(json.dumps(measure(sys.argv[1], int(sys.argv[2]))))
