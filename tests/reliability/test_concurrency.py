"""Parallel uploads and readers, in separate processes, against SQLite (WAL) and PostgreSQL
for a bounded time: nothing lost, nothing duplicated, no lock error shown to a user, every
upload seen by readers either whole or not at all, revisions chained, metrics current.

Each loader process works through its own files, one period per file (so a reader can tell a
half-visible upload: the period holds 0 or all of its values), plus files that every loader
loads (the same figures, then corrections of them) and files with a bad cell.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from db.metric_models import MetricValue
from db.models import Observation, Revision, Upload
from db.queries import count_observations, observations
from db.session import WRITER_LOCK_KEY, get_engine, session_scope
from etl.load import with_retries
from etl.pipeline import commit, read_and_validate
from metrics.refresh import refresh_metrics
from metrics.sql import read_frame
from tests.reliability import harness
from tests.reliability.make_corpus import template_book

LOADERS, READERS = 3, 2
DURATION = 120.0 if harness.FULL else 10.0  # seconds in which loaders start new uploads
REGIONS = [("340100", "合肥市"), ("340200", "芜湖市"), ("340300", "蚌埠市"), ("340400", "淮南市"),
           ("340500", "马鞍山市"), ("340600", "淮北市"), ("340700", "铜陵市"), ("340800", "安庆市"),
           ("341000", "黄山市"), ("341100", "滁州市"), ("341200", "阜阳市"), ("341300", "宿州市"),
           ("341500", "六安市"), ("341600", "亳州市"), ("341700", "池州市"), ("341800", "宣城市"),
           ("341502", "金安区"), ("341503", "裕安区"), ("341522", "霍邱县"), ("341524", "金寨县")]
HEADER = ("地区代码", "地区名称", "全社会研发投入(亿元)", "地区生产总值(亿元)", "高新技术企业数(家)")
INDICATORS = ("rd_expenditure", "gdp", "high_tech_enterprises")
PER_FILE = len(REGIONS) * len(INDICATORS)
SHARED_PERIOD = (2030, 0)  # the period every loader loads, then corrects


def _period_name(year: int, quarter: int) -> str:
    return f"{year}年" if quarter == 0 else f"{year}Q{quarter}"


def _values(seed: int) -> list[tuple]:
    """Each region's figures around a level of its own, as real series move from one period
    to the next (a hundredfold change is stopped as implausible)."""
    rnd = random.Random(seed)
    return [(code, name, round((5 + 20 * i) * rnd.uniform(0.8, 1.25), 4),
             round((400 + 400 * i) * rnd.uniform(0.8, 1.25), 2),
             round((30 + 40 * i) * rnd.uniform(0.8, 1.25))) for i, (code, name) in enumerate(REGIONS)]


def _write(path: Path, year: int, quarter: int, rows: list[tuple]) -> dict:
    template_book(_period_name(year, quarter), HEADER, rows).save(path)
    return {(code, ind, year, quarter, True): v
            for code, _, *vals in rows for ind, v in zip(INDICATORS, vals)}


def make_files(folder: Path, n_per_loader: int) -> dict:
    """Per loader: its own periods; shared: the same figures for every loader, then each
    loader's correction; bad: a bad cell in a period of its own (must stay empty)."""
    plan: dict = {"own": {}, "shared": None, "corrections": {}, "bad": {}}
    slot = 0
    for loader in range(LOADERS):
        files = []
        for _ in range(n_per_loader):
            # The year and its first three quarters to date (1-12月 is the year itself).
            year, quarter = 2001 + slot // 4, slot % 4
            slot += 1
            path = folder / f"own_{loader}_{year}_{quarter}.xlsx"
            files.append((path, _write(path, year, quarter, _values(slot))))
        plan["own"][loader] = files
    path = folder / "shared.xlsx"
    plan["shared"] = (path, _write(path, *SHARED_PERIOD, _values(-1)))
    for loader in range(LOADERS):
        path = folder / f"correction_{loader}.xlsx"
        rows = [(code, name, rd + loader + 1, gdp, hte) for code, name, rd, gdp, hte in _values(-1)]
        plan["corrections"][loader] = (path, _write(path, *SHARED_PERIOD, rows))
        year = 1990 + loader
        path = folder / f"bad_{loader}.xlsx"
        rows = _values(1000 + loader)
        rows[3] = (*rows[3][:2], "12O.5", *rows[3][3:])  # letter O for a zero
        plan["bad"][loader] = (path, _write(path, year, 0, rows))
    return plan


class _CountRetries(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        if "conflict with another writer" in record.getMessage():
            self.count += 1


def loader_main(url: str, queue: list[str], deadline: float) -> dict:
    """Upload the files in order until the deadline; report each outcome and every
    exception a user would have seen."""
    counter = _CountRetries()
    logging.getLogger("etl.load").addHandler(counter)
    done, user_errors = [], []
    for path in queue:
        if time.time() > deadline:
            break
        try:
            got = harness.upload(url, path, user=f"loader-{Path(path).stem}")
            done.append((path, got["outcome"], got["upload_id"], got["counts"]))
        except Exception as exc:  # noqa: BLE001 - this is what a user would be shown
            user_errors.append(f"{Path(path).name}: {type(exc).__name__}: {exc}")
    return {"done": done, "user_errors": user_errors, "retries": counter.count}


def reader_main(url: str, slices: list[tuple[int, int]], stop_file: str, seed: int) -> dict:
    """Read while the loaders write: per period either none or all of an upload's values."""
    engine = get_engine(url)
    rnd = random.Random(seed)
    reads, partial, user_errors = 0, [], []
    while not Path(stop_file).exists():
        year, quarter = rnd.choice(slices)
        try:
            n = count_observations(engine, year=year, quarter=quarter)
            if n not in (0, PER_FILE):
                partial.append((year, quarter, n))
            frame = observations(engine, year=year, quarter=quarter)
            if len(frame) not in (0, PER_FILE):
                partial.append((year, quarter, len(frame)))
            reads += 2
        except Exception as exc:  # noqa: BLE001
            user_errors.append(f"read {year}/{quarter}: {type(exc).__name__}: {exc}")
            time.sleep(0.05)
    return {"reads": reads, "partial": partial, "user_errors": user_errors}


def metrics_are_current(engine, codes: set[str]) -> list[str]:
    """Recompute the metrics of these indicators inside a transaction that is rolled back and
    compare with what the concurrent loads left: a refresh racing another must not leave
    stale figures behind."""
    table = MetricValue.__table__
    keys = [c.name for c in table.primary_key.columns]
    with session_scope(engine) as session:
        def values() -> list[tuple]:
            frame = read_frame(session.connection(), select(table).where(
                table.c.indicator_code.in_(sorted(codes))))
            return _rows(frame.sort_values(keys).reset_index(drop=True))
        left = values()
        refresh_metrics(session, codes)
        fresh = values()
        session.rollback()
    problems = []
    if left != fresh:
        stale = [r for r in left if r not in set(fresh)][:3]
        problems.append(f"metric_values: {len(left)} rows left, {len(fresh)} after a fresh "
                        f"refresh; stale e.g. {stale}")
    return problems


def _rows(frame: pd.DataFrame) -> list[tuple]:
    def norm(v):
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return None
        if isinstance(v, (float, np.floating)):
            return float(f"{float(v):.12g}")
        if isinstance(v, (np.integer, np.bool_)):
            return v.item()
        return v
    return [tuple(norm(v) for v in row) for row in frame.itertuples(index=False)]


def test_parallel_uploads_and_readers_lose_nothing_and_show_no_lock_errors(fresh_db_url, tmp_path):
    url = fresh_db_url
    engine = get_engine(url)
    n_per_loader = 40 if harness.FULL else 6
    plan = make_files(tmp_path, n_per_loader)
    queues = {}
    for loader in range(LOADERS):
        own = [str(p) for p, _ in plan["own"][loader]]
        queue = [str(plan["shared"][0])] + own[:2] + [str(plan["bad"][loader][0])] + own[2:4] \
            + [str(plan["corrections"][loader][0])] + own[4:]
        queues[loader] = queue
    slices = [(int(Path(p).stem.split("_")[2]), int(Path(p).stem.split("_")[3]))
              for loader in range(LOADERS) for p, _ in plan["own"][loader]] + [SHARED_PERIOD]
    stop_file = tmp_path / "stop"

    from db.session import dispose_engine
    dispose_engine(url)  # no open connection is carried into the children
    deadline = time.time() + DURATION
    started = time.monotonic()
    loaders = [harness.start_child(loader_main, url, queues[i], deadline, memory_cap=None)
               for i in range(LOADERS)]
    readers = [harness.start_child(reader_main, url, slices, str(stop_file), i, memory_cap=None)
               for i in range(READERS)]
    loader_results = [harness.finish_child(p, r, DURATION + 600, started) for p, r in loaders]
    stop_file.touch()
    reader_results = [harness.finish_child(p, r, 120, started) for p, r in readers]
    for outcome in loader_results + reader_results:
        assert outcome.ok, outcome.error

    done = [d for r in loader_results for d in r.value["done"]]
    user_errors = [e for r in loader_results + reader_results for e in r.value["user_errors"]]
    partial = [p for r in reader_results for p in r.value["partial"]]
    stats = harness.STATS
    stats["concurrent_loads"] += len(done)
    stats["concurrent_reads"] += sum(r.value["reads"] for r in reader_results)
    stats["lock_retries"] += sum(r.value["retries"] for r in loader_results)
    stats["user_errors"] += len(user_errors)
    stats["partial_uploads"] += len(partial)
    assert not user_errors, user_errors
    assert not partial, f"readers saw half an upload: {partial[:5]}"
    outcomes = {path: outcome for path, outcome, _, _ in done}

    stored = harness.observation_values(engine)
    lost = 0
    for loader in range(LOADERS):
        for path, expected in plan["own"][loader]:
            if str(path) in outcomes:
                assert outcomes[str(path)] == "loaded", (path, outcomes[str(path)])
                lost += sum(1 for k, v in expected.items() if k not in stored or stored[k] != v)
            else:  # not reached before the deadline: nothing of it may be there
                assert not any(k in stored for k in expected), path
        path, expected = plan["bad"][loader]
        if str(path) in outcomes:
            assert outcomes[str(path)] == "rejected"
        assert not any(k in stored for k in expected), "a rejected upload left values"
    shared_keys = set(plan["shared"][1])
    if any(p == str(plan["shared"][0]) for p in outcomes):
        lost += len(shared_keys - stored.keys())
    stats["observations_lost"] += lost
    assert lost == 0, f"{lost} observations lost"

    with engine.connect() as c:
        duplicated = c.execute(select(func.count()).select_from(
            select(Observation.region_code).group_by(
                Observation.region_code, Observation.indicator_code, Observation.year,
                Observation.quarter, Observation.cumulative).having(func.count() > 1).subquery())).scalar()
        pending = c.execute(select(func.count()).where(Upload.outcome.notin_(
            ("loaded", "unchanged", "rejected")))).scalar()
        revisions = c.execute(select(Revision.observation_id, Revision.id, Revision.old_value,
                                     Revision.new_value).order_by(Revision.observation_id, Revision.id)).all()
        current = dict(c.execute(select(Observation.id, Observation.value)).all())
    stats["observations_duplicated"] += duplicated
    assert duplicated == 0 and pending == 0
    # every change of a value is one revision, each starting where the one before ended
    chains: dict[int, list] = {}
    for obs_id, _, old, new in revisions:
        chains.setdefault(obs_id, []).append((old, new))
    for obs_id, chain in chains.items():
        for (_, new), (old, _) in zip(chain, chain[1:]):
            assert old == new, f"observation {obs_id}: revisions skip a step: {chain}"
        assert chain[-1][1] == current[obs_id]
    # the shared period ends as the shared file or one of the corrections, never a mixture
    finals = {k: stored[k] for k in shared_keys if k in stored}
    versions = [plan["shared"][1]] + [plan["corrections"][i][1] for i in range(LOADERS)]
    assert not finals or any(all(v[k] == finals[k] for k in finals) for v in versions)
    assert metrics_are_current(engine, set(INDICATORS)) == []


def _hold_writer_lock(url: str, seconds: float, held: threading.Event) -> None:
    """Another writer in the middle of a long upload."""
    if make_url(url).get_backend_name() == "sqlite":
        raw = sqlite3.connect(make_url(url).database, isolation_level=None)
        raw.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(seconds)
        raw.execute("ROLLBACK")
        raw.close()
        return
    with get_engine(url).connect() as c:
        c.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITER_LOCK_KEY})
        held.set()
        time.sleep(seconds)
        c.rollback()


def test_an_upload_waits_out_a_busy_writer_instead_of_failing(fresh_db_url, caplog):
    url = fresh_db_url
    # An engine that gives up on a lock after 0.1 s (the app's waits 30 s), so that the
    # conflict surfaces as "database is locked" / "lock timeout" and etl.load must retry.
    impatient = create_engine(url, connect_args={"timeout": 0.1} if url.startswith("sqlite")
                              else {"options": "-c lock_timeout=100"})
    rows = [("340200", "芜湖市", 250.0, 10000.0, 100)]
    path = Path(f"/tmp/{id(caplog)}_busy.xlsx")
    _write(path, 2025, 3, rows)
    result = read_and_validate(path.read_bytes(), "busy.xlsx", impatient)
    held = threading.Event()
    holder = threading.Thread(target=_hold_writer_lock, args=(url, 1.5, held))
    holder.start()
    held.wait(10)
    try:
        with caplog.at_level(logging.WARNING, logger="etl.load"):
            report = commit(impatient, result)
    finally:
        holder.join()
        impatient.dispose()
        path.unlink()
    retries = [r for r in caplog.records if "conflict with another writer" in r.getMessage()]
    harness.STATS["lock_retries"] += len(retries)
    assert report.outcome == "loaded" and retries
    assert harness.observation_values(get_engine(url))[("340200", "rd_expenditure", 2025, 3, True)] == 250.0


def test_a_real_constraint_violation_is_not_retried():
    calls = []

    def work():
        calls.append(1)
        raise IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))
    with pytest.raises(IntegrityError):
        with_retries(work)
    assert len(calls) == 1
