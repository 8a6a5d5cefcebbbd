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


def time_openpyxl_parse(path: Path, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        pd.read_excel(path, engine="openpyxl", sheet_name=None)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_load(engine: Engine, path: Path, scale: str, repeats: int) -> dict:
    """Median seconds of each stage over repeats; the quarter is forgotten before each run
    (and after the last), so every run writes the same new values."""
    content = path.read_bytes()
    # As in the served app (app.build_app), whose upload page this load stands for.
    checkpoint_in_background(engine.url.render_as_string(hide_password=False))
    validate, store, values = [], [], 0
    for _ in range(repeats):
        forget_quarter(engine)
        start = time.perf_counter()
        result = read_and_validate(content, path.name, engine, province_code=SCALES[scale])
        middle = time.perf_counter()
        if not result.ok:
            raise RuntimeError(f"bench workbook rejected: {[p.line('en') for p in result.errors[:5]]}")
        report = commit(engine, result, user="bench")
        end = time.perf_counter()
        validate.append(middle - start)
        store.append(end - middle)
        values = report.n_new
    forget_quarter(engine)
    total = [a + b for a, b in zip(validate, store)]
    return {"values": values, "read_validate_s": statistics.median(validate),
            "store_refresh_s": statistics.median(store), "load_s": statistics.median(total)}


def measure(engine: Engine, path: Path, scale: str, repeats: int) -> dict:
    parse = time_openpyxl_parse(path, repeats)
    load = time_load(engine, path, scale, repeats)
    return load | {"openpyxl_parse_s": parse, "ratio": load["load_s"] / parse,
                   "file_mb": path.stat().st_size / 1e6}
