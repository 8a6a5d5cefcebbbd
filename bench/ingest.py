"""Ingest throughput: the quarterly template workbook of every region, loaded end to end
(read, locate, validate, store, refresh metrics), against what pandas.read_excel with
openpyxl takes only to parse the same file."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from bench.dataset import SCALES, forget_quarter
from db.session import checkpoint_in_background
from etl.pipeline import commit, read_and_validate


def time_openpyxl_parse(path: Path) -> float:
    start = time.perf_counter()
    pd.read_excel(path, engine="openpyxl", sheet_name=None)
    return time.perf_counter() - start


def time_load(engine: Engine, content: bytes, name: str, scale: str) -> dict:
    """Seconds of each stage of one load of the quarter, forgotten first so that every run
    writes the same new values."""
    forget_quarter(engine)
    start = time.perf_counter()
    result = read_and_validate(content, name, engine, province_code=SCALES[scale])
    middle = time.perf_counter()
    if not result.ok:
        raise RuntimeError(f"bench workbook rejected: {[p.line('en') for p in result.errors[:5]]}")
    report = commit(engine, result, user="bench")
    end = time.perf_counter()
    return {"values": report.n_new, "read_validate_s": middle - start,
            "store_refresh_s": end - middle, "load_s": end - start}


def measure(engine: Engine, path: Path, scale: str, repeats: int) -> dict:
    """Medians over repeats of a parse followed by a load: each ratio compares two times
    taken in the same seconds of a shared machine. The quarter is forgotten afterwards."""
    content = path.read_bytes()
    # As in the served app (app.build_app), whose upload page this load stands for.
    checkpoint_in_background(engine.url.render_as_string(hide_password=False))
    runs = []
    for _ in range(repeats):
        parse = time_openpyxl_parse(path)
        runs.append(time_load(engine, content, path.name, scale) | {"openpyxl_parse_s": parse})
    forget_quarter(engine)
    medians = {key: statistics.median(run[key] for run in runs) for key in (
        "read_validate_s", "store_refresh_s", "load_s", "openpyxl_parse_s")}
    return {"values": runs[-1]["values"], **medians,
            "ratio": statistics.median(run["load_s"] / run["openpyxl_parse_s"] for run in runs),
            "file_mb": path.stat().st_size / 1e6}
