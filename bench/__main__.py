"""python -m bench [--scale province|national] [--quick] [--repeats N]

Builds the bench databases once (kept under bench/.data, or $BENCH_DATA_DIR), then measures
in one run: ingest of the quarterly workbook against pandas+openpyxl parsing it, the server
time of each page callback (national / province), the first page in headless Chromium, and a
worker's memory. Prints a table and, last, one JSON line.

--scale national (the default) measures both scales, so the ratios compare runs made on the
same machine: the two scales' callbacks call after call, each load right after its parse; --scale province measures the province alone. --quick uses four
years of data instead of sixteen and fewer repeats: a smoke run of the bench itself.
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
TARGETS = {"ingest_ratio": 1.0, "callback_ratio": 1.5, "page_mb": 2.0, "rss_mb": 500}


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


def first_page(url: str) -> dict:
    """The app served as in production (gunicorn), its first page loaded in Chromium."""
    from bench.page import measure_first_page

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
        return measure_first_page(base)
    finally:
        server.terminate()
        server.wait(10)


def machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.machine()}",
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)}


def run(scales: list[str], quick: bool, repeats: int, page: bool) -> dict:
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
    print(f"[{', '.join(scales)}] page callbacks, the scales' calls interleaved ...",
          file=sys.stderr)
    for scale, served in measure_callbacks(urls, repeats, bench_env(urls[scales[-1]])).items():
        result[scale].update(served)
    if page:
        print(f"[{scales[-1]}] first page in Chromium ...", file=sys.stderr)
        result[scales[-1]]["page"] = first_page(urls[scales[-1]])
    if len(scales) == 2:
        national, province = result["national"], result["province"]
        result["callback_ratios"] = {
            name: {"p50": national["callbacks"][name]["p50_ms"] / cb["p50_ms"],
                   "p95": national["callbacks"][name]["p95_ms"] / cb["p95_ms"]}
            for name, cb in province["callbacks"].items()}
    return result


def table(result: dict, scales: list[str]) -> str:
    top = scales[-1]
    lines = [f"{'measure':<34}" + "".join(f"{s:>14}" for s in scales) + f"{'target':>14}"]

    def row(label, values, target=""):
        lines.append(f"{label:<34}" + "".join(f"{v:>14}" for v in values) + f"{target:>14}")

    ingest = [result[s]["ingest"] for s in scales]
    row("ingest: values in the workbook", [f"{i['values']:,}" for i in ingest])
    row("ingest: load end to end (s)", [f"{i['load_s']:.2f}" for i in ingest])
    row("  read + validate (s)", [f"{i['read_validate_s']:.2f}" for i in ingest])
    row("  store + refresh metrics (s)", [f"{i['store_refresh_s']:.2f}" for i in ingest])
    row("ingest: openpyxl parse only (s)", [f"{i['openpyxl_parse_s']:.2f}" for i in ingest])
    row("ingest: load / parse", [f"{i['ratio']:.2f}" for i in ingest], "<= 1.0")
    row("  the same in thread CPU seconds", [f"{i['cpu_ratio']:.2f}" for i in ingest])
    # The floor of any load that stores what this one stored (bench/ingest.py).
    row("ingest: rows the load wrote", [f"{i['rows_written']:,}" for i in ingest])
    row("  inserted alone, empty file (s)", [f"{i['insert_only_s']:.2f}" for i in ingest])
    row("  inserted alone / parse", [f"{i['insert_only_ratio']:.2f}" for i in ingest])
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
    row("worker RSS after every page (MB)", [f"{result[s]['rss_mb']:.0f}" for s in scales], "<= 500")
    if "page" in result[top]:
        page = result[top]["page"]
        row(f"first page ({top}): transferred (MB)", ["" for _ in scales[:-1]] + [f"{page['bytes'] / 1e6:.2f}"], "<= 2")
        row(f"first page ({top}): first chart (ms)", ["" for _ in scales[:-1]] + [f"{page['first_chart_ms']:.0f}"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[1])
    parser.add_argument("--scale", choices=("province", "national"), default="national")
    parser.add_argument("--quick", action="store_true", help="four years of data, few repeats")
    parser.add_argument("--repeats", type=int, help="calls per callback (default 30, quick 5)")
    parser.add_argument("--no-page", action="store_true", help="skip the Chromium page load")
    args = parser.parse_args(argv)
    repeats = args.repeats or (5 if args.quick else 30)
    scales = ["province", "national"] if args.scale == "national" else ["province"]
    result = run(scales, args.quick, repeats, not args.no_page)
    print(table(result, scales))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
