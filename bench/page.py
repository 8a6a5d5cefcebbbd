"""The first page in a real browser: bytes on the wire and the time to the first drawn chart.

`measure_first_page(base_url)` opens base_url in headless Chromium (/usr/bin/chromium, through
Playwright) with an empty cache, and returns

    {"bytes": ..., "requests": ..., "first_chart_ms": ...}

- bytes: everything the browser received over the network for the page, as sent (compressed
  bodies plus response headers), from Chrome DevTools Protocol's Network.loadingFinished
  encodedDataLength, until the page has drawn its first chart and the network is idle;
- requests: how many requests finished or failed in that time;
- first_chart_ms: milliseconds from navigation start (performance.timeOrigin) until the first
  chart was drawn: a plotly graph's SVG (`.js-plotly-plot .main-svg`) or a loaded sparkline
  image (`img.sparkline`, the Overview cards' charts), seen by a MutationObserver installed
  before any of the page's scripts run.

`measure_pages(base_url, compare_selection)` measures every page with charts that way, the
pages in turn, a few rounds, against issue #20's targets (PAGE_TARGETS).

`python -m bench.page URL` prints the figures of one page as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# A drawn chart: a plotly graph's SVG, or an Overview card's sparkline (an SVG image, so that
# the first page need not fetch plotly.js) once the browser has decoded it.
CHART_SELECTOR = ".js-plotly-plot .main-svg, img.sparkline"

# Runs in the page before its own scripts: records performance.now() the first time a chart
# matching the selector is drawn (an <img> when it has loaded, anything else when it is there).
_WATCH_FIRST_CHART = """
((selector) => {
  const mark = () => {
    if (window.__firstChartMs === undefined) window.__firstChartMs = performance.now();
  };
  const look = () => {
    if (window.__firstChartMs !== undefined) return true;
    for (const el of document.querySelectorAll(selector)) {
      if (el.tagName !== "IMG" || (el.complete && el.naturalWidth > 0)) { mark(); return true; }
      if (!el.__watched) {
        el.__watched = true;
        el.addEventListener("load", mark, {once: true});
      }
    }
    return false;
  };
  const start = () => {
    if (look()) return;
    const observer = new MutationObserver(() => { if (look()) observer.disconnect(); });
    observer.observe(document.documentElement, {childList: true, subtree: true});
  };
  if (document.documentElement) start();
  else document.addEventListener("readystatechange", start, {once: true});
})(%s);
"""


class _Traffic:
    """Bytes and requests from the DevTools protocol's Network domain."""

    def __init__(self) -> None:
        self.bytes = 0
        self.requests = 0
        self.started: set[str] = set()  # over the network: http(s), not data: URLs
        self.done: set[str] = set()

    def will_be_sent(self, event: dict) -> None:
        if event["request"]["url"].startswith(("http:", "https:")):
            self.started.add(event["requestId"])

    def finished(self, event: dict) -> None:
        if event["requestId"] in self.started and event["requestId"] not in self.done:
            self.done.add(event["requestId"])
            self.requests += 1
            # Bytes received for the request as sent: headers and the (compressed) body.
            self.bytes += int(event.get("encodedDataLength") or 0)

    def failed(self, event: dict) -> None:
        if event["requestId"] in self.started and event["requestId"] not in self.done:
            self.done.add(event["requestId"])
            self.requests += 1

    def pending(self) -> int:
        return len(self.started - self.done)


def measure_first_page(base_url: str, *, selector: str = CHART_SELECTOR, timeout_ms: int = 60_000,
                       download_kbps: float | None = None, latency_ms: float = 0,
                       browser=None) -> dict:
    """Open base_url in headless Chromium with a cold cache; see the module's docstring.

    download_kbps (kilobits per second) and latency_ms emulate a slower network than the
    loopback (Chrome's own throttling), where the bytes show in the time to the first chart.
    `browser` may be a Playwright Chromium browser already launched (tests share one);
    otherwise one is launched from /usr/bin/chromium and closed afterwards.
    """
    network = None
    if download_kbps:
        rate = download_kbps * 1000 / 8  # bytes per second
        network = {"offline": False, "latency": latency_ms, "downloadThroughput": rate,
                   "uploadThroughput": rate}
    if browser is not None:
        return _measure(browser, base_url, selector, timeout_ms, network)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return _measure(chromium, base_url, selector, timeout_ms, network)
        finally:
            chromium.close()


def _measure(browser, base_url: str, selector: str, timeout_ms: int, network: dict | None) -> dict:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        page.add_init_script(_WATCH_FIRST_CHART % json.dumps(selector))
        traffic = _Traffic()
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", traffic.will_be_sent)
        cdp.on("Network.loadingFinished", traffic.finished)
        cdp.on("Network.loadingFailed", traffic.failed)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if network:
            cdp.send("Network.emulateNetworkConditions", network)

        page.goto(base_url, wait_until="commit")
        page.wait_for_function("window.__firstChartMs !== undefined")
        first_chart_ms = page.evaluate("window.__firstChartMs")
        # The rest of the first page's callbacks (other charts, cards) still count as its bytes.
        page.wait_for_load_state("networkidle")
        _settle(page, traffic, timeout_ms)
        return {"bytes": traffic.bytes, "requests": traffic.requests,
                "first_chart_ms": round(first_chart_ms, 1)}
    finally:
        context.close()


# The pages with charts (the Overview's are its cards' sparklines), and issue #20's targets for
# each: the first chart drawn within 1.2 s of opening it with a cold cache, 1.0 MB on the wire.
CHART_PAGES = {"overview": "/", "trends": "/trends", "rankings": "/rankings",
               "compare": "/compare", "map": "/map"}
PAGE_TARGETS = {"first_chart_ms": 1200, "bytes": 1_000_000}


def measure_pages(base_url: str, compare_selection: list[str], *, rounds: int = 3,
                  browser=None) -> dict:
    """{page: {"bytes", "requests", "first_chart_ms" (the median of the rounds),
    "first_chart_ms_all"}} for each of CHART_PAGES at base_url, each page in turn in every
    round, so a busy moment of the machine falls on all of them. Compare opens on
    compare_selection (region codes): with none it shows no chart."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return measure_pages(base_url, compare_selection, rounds=rounds,
                                     browser=chromium)
            finally:
                chromium.close()
    paths = dict(CHART_PAGES, compare=f"/compare?selection={','.join(compare_selection)}")
    runs: dict[str, list[dict]] = {name: [] for name in paths}
    for n in range(rounds):
        for name, path in paths.items():
            # A query key no page reads: the server builds the page again in every round
            # rather than handing a visitor the one it built before (dashboard/view_cache.py).
            fresh = f"{path}{'&' if '?' in path else '?'}bench_round={n}"
            runs[name].append(measure_first_page(base_url.rstrip("/") + fresh, browser=browser))
    pages = {}
    for name, measured in runs.items():
        times = [m["first_chart_ms"] for m in measured]
        pages[name] = {"path": paths[name],
                       "bytes": int(statistics.median(m["bytes"] for m in measured)),
                       "requests": measured[0]["requests"],
                       "first_chart_ms": round(statistics.median(times), 1),
                       "first_chart_ms_all": times}
    return pages


def _settle(page, traffic: _Traffic, timeout_ms: int, quiet_ms: int = 500) -> None:
    """Wait until no request has been pending for quiet_ms (CDP events arrive asynchronously)."""
    deadline = time.monotonic() + timeout_ms / 1000
    quiet_since = None
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)  # lets Playwright dispatch the CDP events
        if traffic.pending():
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
            return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.page", description=__doc__.split("\n")[0])
    parser.add_argument("url", help="the first page's address, e.g. http://127.0.0.1:8050/")
    parser.add_argument("--selector", default=CHART_SELECTOR, help="CSS selector of a drawn chart")
    parser.add_argument("--timeout-ms", type=int, default=60_000)
    parser.add_argument("--download-kbps", type=float, help="emulate a link this fast (kbit/s)")
    parser.add_argument("--latency-ms", type=float, default=0, help="with --download-kbps")
    args = parser.parse_args(argv)
    json.dump(measure_first_page(
        args.url, selector=args.selector, timeout_ms=args.timeout_ms,
        download_kbps=args.download_kbps, latency_ms=args.latency_ms), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
