"""python -m bench [--scale province|national] [--quick] [--repeats N] [--users N,...]

Builds the bench databases once (kept under bench/.data, or $BENCH_DATA_DIR), then measures
in one run: ingest of the quarterly workbook against pandas+openpyxl parsing it, the server
time of each page callback (national / province), each page with charts in headless Chromium
(first chart, bytes: "pages" in the JSON), and a worker's memory. Prints a table and, last, one JSON line.

--scale national (the default) measures both scales, so the ratios compare runs made on the
same machine: the two scales' callbacks call after call, each load right after its parse; --scale province measures the province alone. --quick uses four
years of data instead of sixteen and fewer repeats: a smoke run of the bench itself.
Last, --users N simulated users (default 100; a list such as 8,50,100 runs each count) browse
the largest scale's database served by the documented gunicorn command (bench/load_test.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR_VERSION = "4"  # bump when bench/dataset.py changes what it writes
CALLBACK_P95_TARGET_MS = 150
CONCURRENT_P95_TARGET_MS = 300  # page callbacks with 100 users at once
TARGETS = {"ingest_ratio": 1.0, "callback_ratio": 1.5, "rss_mb": 500}


def data_dir() -> Path:
    path = Path(os.environ.get("BENCH_DATA_DIR", ROOT / "bench" / ".data"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database(scale: str, quick: bool) -> tuple[str, Path]:
    """The bench database of a scale (built when missing or stale) and its workbook."""
    from bench.dataset import FULL, QUICK, build, write_quarter_workbook
    from db.session import get_engine, migrate

    name = f"{scale}{'-quick' if quick else ''}"
    path, marker = data_dir() / f"{name}.db", data_dir() / f"{name}.ok"
    url = f"sqlite:///{path}"
    workbook = data_dir() / f"{name}-2026Q1.xlsx"
    if not marker.exists() or marker.read_text() != GENERATOR_VERSION:
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), workbook):
            stale.unlink(missing_ok=True)
        print(f"building the {name} database (once) ...", file=sys.stderr)
        build(url, scale, QUICK if quick else FULL)
        marker.write_text(GENERATOR_VERSION)
    migrate(url)  # a database built by older code gets the newer schema (a no-op when current)
    if not workbook.exists():
        write_quarter_workbook(workbook, get_engine(url), scale)
    return url, workbook


def bench_env(url: str) -> dict:
    # APP_ENV=development: the bench serves wsgi.py on 127.0.0.1 with no key of its own.
    return os.environ | {"DATABASE_URL": url, "LOAD_DEMO": "0", "HOME_PROVINCE": "340000",
                         "APP_ENV": "development",
                         "PYTHONPATH": str(ROOT)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chart_pages(url: str) -> dict:
    """The app served as in production (gunicorn), each page with charts loaded in Chromium
    (bench/page.py); Compare on the home province's first three cities."""
    from bench.page import measure_pages
    from db import queries
    from db.session import get_engine

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "wsgi:server"],
        env=bench_env(url) | {"PORT": str(port)}, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}/"
        for _ in range(120):
            try:
                urllib.request.urlopen(base, timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        cities = queries.child_regions(get_engine(url), bench_env(url)["HOME_PROVINCE"], ("city",))
        return measure_pages(base, sorted(cities["code"])[:3])
    finally:
        server.terminate()
        server.wait(10)


def machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.machine()}",
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)}


def run(scales: list[str], quick: bool, repeats: int, page: bool, users: list[int] = (),
        duration: float = 60) -> dict:
    from bench.ingest import measure as measure_ingest
    from db.session import get_engine

    from bench.callbacks import measure as measure_callbacks

    result: dict = {"machine": machine(), "quick": quick, "repeats": repeats}
    urls = {}
    for scale in scales:
        url, workbook = database(scale, quick)
        urls[scale] = url
        print(f"[{scale}] ingest ...", file=sys.stderr)
        result[scale] = {"ingest": measure_ingest(get_engine(url), workbook, scale,
                                                  max(1, repeats // 10))}
        if scale == "province":  # the command line as a user starts it (bench/cli.py)
            from bench.cli import measure as measure_cli

            print("[province] python -m etl as processes ...", file=sys.stderr)
            result["cli"] = measure_cli(url, workbook, bench_env(url), ROOT, min(5, repeats))
    print(f"[{', '.join(scales)}] page callbacks, the scales' calls interleaved ...",
          file=sys.stderr)
    for scale, served in measure_callbacks(urls, repeats, bench_env(urls[scales[-1]])).items():
        result[scale].update(served)
    if page:
        print(f"[{scales[-1]}] pages with charts in Chromium ...", file=sys.stderr)
        result[scales[-1]]["pages"] = chart_pages(urls[scales[-1]])
    if users:
        from bench.load_test import measure as measure_load

        print(f"[{scales[-1]}] {', '.join(map(str, users))} simulated users on gunicorn ...",
              file=sys.stderr)
        result["concurrency"] = measure_load(urls[scales[-1]], users, duration,
                                             bench_env(urls[scales[-1]]), free_port())
        result["concurrency"]["scale"] = scales[-1]
    if len(scales) == 2:
        national, province = result["national"], result["province"]
        result["callback_ratios"] = {
            name: {"p50": national["callbacks"][name]["p50_ms"] / cb["p50_ms"],
                   "p95": national["callbacks"][name]["p95_ms"] / cb["p95_ms"]}
            for name, cb in province["callbacks"].items()}
    return result


def table(result: dict, scales: list[str]) -> str:
    from bench.page import PAGE_TARGETS

    top = scales[-1]
    lines = [f"{'measure':<34}" + "".join(f"{s:>14}" for s in scales) + f"{'target':>14}"]

    def row(label, values, target=""):
        lines.append(f"{label:<34}" + "".join(f"{v:>14}" for v in values) + f"{target:>14}")

    ingest = [result[s]["ingest"] for s in scales]
    row("ingest: values in the workbook", [f"{i['values']:,}" for i in ingest])
    row("ingest: load end to end (s)", [f"{i['load_s']:.2f}" for i in ingest])
    for part, label in (("read_validate", "read + validate"),
                        ("store_refresh", "store + refresh metrics")):
        row(f"  {label} (s)", [f"{i[f'{part}_s']:.2f}" for i in ingest])
        for stage in ingest[-1]["stages_s"][part]:  # the load's stopwatch, in its order
            row(f"    {stage} (s)", [f"{i['stages_s'][part].get(stage, 0.0):.2f}" for i in ingest])
    row("ingest: openpyxl parse only (s)", [f"{i['openpyxl_parse_s']:.2f}" for i in ingest])
    row("ingest: load / parse", [f"{i['ratio']:.2f}" for i in ingest], "<= 1.0")
    row("  the same in thread CPU seconds", [f"{i['cpu_ratio']:.2f}" for i in ingest])
    # The floor of any load that stores what this one stored (bench/ingest.py).
    row("ingest: rows the load wrote", [f"{i['rows_written']:,}" for i in ingest])
    row("  inserted alone, empty file (s)", [f"{i['insert_only_s']:.2f}" for i in ingest])
    row("  inserted alone / parse", [f"{i['insert_only_ratio']:.2f}" for i in ingest])
    row("  the observations alone / parse",
        [f"{i['insert_observations_ratio']:.2f}" for i in ingest])
    # What a user would write instead: read_excel → melt → to_sql (bench/ingest.py).
    for reader in ("openpyxl", "calamine"):
        row(f"naive {reader}+melt+to_sql / parse",
            [f"{i[f'naive_{reader}_ratio']:.2f}" for i in ingest])
    for name in result[top]["callbacks"]:
        cbs = [result[s]["callbacks"][name] for s in scales]
        row(f"callback {name}: p50 / p95 (ms)", [f"{c['p50_ms']:.0f} / {c['p95_ms']:.0f}" for c in cbs],
            f"p95 <= {CALLBACK_P95_TARGET_MS}")
        if "callback_ratios" in result:
            r = result["callback_ratios"][name]
            row("  national / province p50, p95", ["", f"{r['p50']:.2f}, {r['p95']:.2f}"], "<= 1.5")
    if "cli" in result:
        from bench.cli import table_rows as cli_rows

        for label, value, target in cli_rows(result["cli"]):
            row(label, [value] + ["" for _ in scales[1:]], target)
    row("worker RSS after every page (MB)", [f"{result[s]['rss_mb']:.0f}" for s in scales], "<= 500")
    for name, page in result[top].get("pages", {}).items():
        blank = ["" for _ in scales[:-1]]
        row(f"page {name}: first chart (ms)", blank + [f"{page['first_chart_ms']:.0f}"],
            f"<= {PAGE_TARGETS['first_chart_ms']}")
        row(f"page {name}: transferred (MB)", blank + [f"{page['bytes'] / 1e6:.2f}"],
            f"<= {PAGE_TARGETS['bytes'] / 1e6:.1f}")
    for load in result.get("concurrency", {}).get("runs", []):
        target = f"p95 <= {CONCURRENT_P95_TARGET_MS}" if load["users"] >= 100 else ""
        row(f"{load['users']} users: page p50 / p95 (ms)",
            ["" for _ in scales[:-1]] + [f"{load['page_p50_ms']:.0f} / {load['page_p95_ms']:.0f}"],
            target)
        row("  requests, errors, req/s", ["" for _ in scales[:-1]] + [
            f"{load['requests']}, {load['errors']}, {load['throughput_rps']:.0f}"], "errors 0")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[1])
    parser.add_argument("--scale", choices=("province", "national"), default="national")
    parser.add_argument("--quick", action="store_true", help="four years of data, few repeats")
    parser.add_argument("--repeats", type=int, help="calls per callback (default 30, quick 5)")
    parser.add_argument("--no-page", action="store_true", help="skip the pages in Chromium")
    parser.add_argument("--users", default=None,
                        help="simulated users at once, e.g. 100 or 8,50,100 (default 100; "
                             "0: no concurrent run, the default with --quick)")
    parser.add_argument("--duration", type=float, default=60,
                        help="seconds measured per user count (default 60)")
    args = parser.parse_args(argv)
    repeats = args.repeats or (5 if args.quick else 30)
    scales = ["province", "national"] if args.scale == "national" else ["province"]
    users = [int(n) for n in (args.users or ("0" if args.quick else "100")).split(",")
             if int(n) > 0]
    result = run(scales, args.quick, repeats, not args.no_page, users, args.duration)
    print(table(result, scales))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
