"""Ingest throughput: the quarterly template workbook of every region, loaded end to end
(read, locate, validate, store, refresh metrics), against what pandas.read_excel with
openpyxl takes only to parse the same file.

Also a floor: the rows that load wrote (observations and metric values), already plain
tuples, only inserted into an empty SQLite file of the same schema. No load that stores
those rows can be faster than that, however it reads, validates and computes. The
observations are also timed alone: what a load that stored the values and no metric of
them would still cost.

And what a user would write instead of the project: read_excel → melt → to_sql into a
SQLite file, with openpyxl and with calamine as the reader (no validation, no revisions, no
metrics), each timed in the same round as the parse it is compared with."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from bench.dataset import NEXT_QUARTER, SCALES, forget_quarter
from db.metric_models import MetricDigest, MetricValue
from db.models import Observation
from db.session import BULK_CACHE_KIB, checkpoint_in_background
from etl.pipeline import commit, read_and_validate


def time_openpyxl_parse(path: Path) -> dict:
    """Seconds of the parse, elapsed and of this thread's CPU: on a shared machine the CPU
    seconds of the parse and the load vary far less than the elapsed ones."""
    start, start_cpu = time.perf_counter(), time.thread_time()
    pd.read_excel(path, engine="openpyxl", sheet_name=None)
    return {"openpyxl_parse_s": time.perf_counter() - start,
            "openpyxl_parse_cpu_s": time.thread_time() - start_cpu}


def time_naive_pipeline(path: Path, engine: str) -> float:
    """read_excel → melt → to_sql, as a user's own script would load the workbook: every
    sheet's indicator columns melted to (code, name, indicator, value) rows in a new file."""
    with tempfile.TemporaryDirectory() as folder:
        connection = sqlite3.connect(Path(folder) / "naive.db")
        try:
            start = time.perf_counter()
            for sheet, frame in pd.read_excel(path, engine=engine, sheet_name=None).items():
                ids = list(frame.columns[:2])
                long = frame.melt(id_vars=ids, var_name="indicator", value_name="value")
                long.assign(sheet=sheet).to_sql("observations", connection, if_exists="append",
                                                index=False)
            connection.commit()
            return time.perf_counter() - start
        finally:
            connection.close()


def time_load(engine: Engine, content: bytes, name: str, scale: str) -> dict:
    """Seconds of each stage of one load of the quarter, forgotten first so that every run
    writes the same new values."""
    forget_quarter(engine)
    start, start_cpu = time.perf_counter(), time.thread_time()
    # Values confirmed, as a user ticks "values checked": the generated national figures of a
    # few small provinces and cities fall outside the plausible ranges (the checks still run,
    # their problems become warnings).
    result = read_and_validate(content, name, engine, province_code=SCALES[scale],
                               accept_outliers=True)
    middle = time.perf_counter()
    if not result.ok:
        raise RuntimeError(f"bench workbook rejected: {[p.line('en') for p in result.errors[:5]]}")
    report = commit(engine, result, user="bench")
    end = time.perf_counter()
    return {"values": report.n_new, "read_validate_s": middle - start,
            "store_refresh_s": end - middle, "load_s": end - start,
            "load_cpu_s": time.thread_time() - start_cpu,
            "stages_s": {"read_validate": result.seconds, "store_refresh": report.seconds}}


NAIVE_READERS = ("openpyxl", "calamine")
# What a load writes: its values, then their metrics (each timed in a transaction of its own).
WRITTEN_BY_A_LOAD = {"observations": [Observation.__table__.name],
                     "metrics": [MetricValue.__table__.name, MetricDigest.__table__.name]}


def time_insert_only(engine: Engine) -> dict:
    """Seconds to insert the rows the last load of the quarter wrote, read back as plain
    tuples, into an empty SQLite file with the same tables and indexes (their DDL copied
    from the bench database), with the settings a load writes with (WAL,
    synchronous=NORMAL, foreign keys off, the bulk page cache): the observations in one
    transaction, then the metric values and fingerprints in another."""
    year, _ = NEXT_QUARTER
    tables = [name for names in WRITTEN_BY_A_LOAD.values() for name in names]
    listed = ", ".join(f"'{name}'" for name in tables)
    with engine.connect() as connection:
        schema = [sql for (sql,) in connection.exec_driver_sql(
            f"SELECT sql FROM sqlite_master WHERE tbl_name IN ({listed}) AND sql IS NOT NULL"
            " ORDER BY type DESC")]  # tables before their indexes
        rows = {name: connection.exec_driver_sql(
            f"SELECT * FROM {name} WHERE year >= ?", (year,)).fetchall() for name in tables}
    seconds = {}
    with tempfile.TemporaryDirectory() as folder:
        connection = sqlite3.connect(Path(folder) / "empty.db", isolation_level=None)
        try:
            for statement in schema:
                connection.execute(statement)
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=OFF",
                           f"cache_size=-{BULK_CACHE_KIB}"):
                connection.execute(f"PRAGMA {pragma}")
            for part, names in WRITTEN_BY_A_LOAD.items():
                start = time.perf_counter()
                connection.execute("BEGIN")
                for name in names:
                    if rows[name]:
                        connection.executemany(
                            f"INSERT INTO {name} VALUES ({', '.join('?' * len(rows[name][0]))})",
                            rows[name])
                connection.execute("COMMIT")
                seconds[part] = time.perf_counter() - start
        finally:
            connection.close()
    return {"insert_only_s": sum(seconds.values()),
            "insert_observations_s": seconds["observations"],
            "rows_written": sum(len(r) for r in rows.values())}


def measure(engine: Engine, path: Path, scale: str, repeats: int) -> dict:
    """Medians over repeats of a parse followed by a load (and the naive pipelines): each
    ratio compares times taken in the same seconds of a shared machine, elapsed and, for the
    load, also of the thread's CPU. The quarter is forgotten afterwards."""
    content = path.read_bytes()
    # As in the served app (app.build_app), whose upload page this load stands for.
    checkpoint_in_background(engine.url.render_as_string(hide_password=False))
    runs = []
    for _ in range(repeats):
        parse = time_openpyxl_parse(path)
        load = time_load(engine, content, path.name, scale)
        naive = {f"naive_{reader}_s": time_naive_pipeline(path, reader)
                 for reader in NAIVE_READERS}
        runs.append(load | time_insert_only(engine) | naive | parse)
    forget_quarter(engine)
    timed = ("load", "insert_only", "insert_observations", *(f"naive_{reader}" for reader in NAIVE_READERS))
    medians = {key: statistics.median(run[key] for run in runs) for key in (
        "read_validate_s", "store_refresh_s", "openpyxl_parse_s", "openpyxl_parse_cpu_s",
        "load_cpu_s", *(f"{t}_s" for t in timed))}
    ratios = {f"{t}_ratio": statistics.median(run[f"{t}_s"] / run["openpyxl_parse_s"]
                                              for run in runs) for t in timed}
    ratios["ratio"] = ratios.pop("load_ratio")  # the target's ratio keeps its name
    ratios["cpu_ratio"] = statistics.median(run["load_cpu_s"] / run["openpyxl_parse_cpu_s"]
                                            for run in runs)
    # Each stage of the load (etl.records.Stopwatch), in the order the load runs them.
    stages = {part: {name: statistics.median(run["stages_s"][part].get(name, 0.0) for run in runs)
                     for name in laps} for part, laps in runs[-1]["stages_s"].items()}
    return {"values": runs[-1]["values"], "rows_written": runs[-1]["rows_written"], **medians,
            **ratios, "stages_s": stages, "file_mb": path.stat().st_size / 1e6}
