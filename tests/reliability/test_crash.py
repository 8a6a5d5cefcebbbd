"""A load killed with SIGKILL at a random moment of its transaction leaves the database as
it was or with the whole upload, never part of it (SQLite: integrity_check ok after the
WAL is recovered); the same load run again then completes."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

from sqlalchemy import func, select, text

from db.lookups import region_rows
from db.models import Revision, Upload
from db.session import dispose_engine, get_engine
from tests.reliability import harness
from tests.reliability.make_corpus import template_book

KILLS = 25 if harness.FULL else 4
HEADER = ("地区代码", "地区名称", "全社会研发投入(亿元)", "地区生产总值(亿元)", "高新技术企业数(家)",
          "科技特派员(人)")
INDICATORS = ("rd_expenditure", "gdp", "high_tech_enterprises", "st_commissioners")
PERIOD = ("2025年1-6月", 2025, 2)


def make_version(folder: Path, regions: list[tuple[str, str]], version: int) -> tuple[Path, dict]:
    """Every value differs from the version before, so each load updates them all and
    writes a revision per value."""
    rnd = random.Random(version)
    rows = [(code, name, round(rnd.uniform(1, 300), 3), round(rnd.uniform(100, 9000), 2),
             rnd.randint(1, 900), rnd.randint(1, 300)) for code, name in regions]
    path = folder / f"季报_v{version}.xlsx"
    template_book(PERIOD[0], HEADER, rows).save(path)
    expected = {(code, ind, PERIOD[1], PERIOD[2], True): float(v)
                for code, _, *vals in rows for ind, v in zip(INDICATORS, vals)}
    return path, expected


def load_after_signal(url: str, path: str, ready_fd: int) -> dict:
    """Validate, tell the parent the write is about to start, then commit."""
    from etl.pipeline import commit, read_and_validate

    engine = get_engine(url)
    p = Path(path)
    result = read_and_validate(p.read_bytes(), p.name, engine)
    assert result.ok, [x.line() for x in result.errors]
    os.write(ready_fd, b"1")
    started = time.monotonic()
    report = commit(engine, result, user="crash-test")
    return {"outcome": report.outcome, "commit_seconds": time.monotonic() - started}


def consistency_problems(engine) -> list[str]:
    problems = []
    with engine.connect() as c:
        if engine.dialect.name == "sqlite":
            check = c.execute(text("PRAGMA integrity_check")).scalars().all()
            if check != ["ok"]:
                problems.append(f"integrity_check: {check[:5]}")
            fk = c.execute(text("PRAGMA foreign_key_check")).all()
            if fk:
                problems.append(f"foreign_key_check: {fk[:5]}")
        pending = c.execute(select(func.count()).where(
            Upload.outcome.notin_(("loaded", "unchanged", "rejected")))).scalar()
        if pending:
            problems.append(f"{pending} uploads neither loaded nor rejected")
        orphans = c.execute(select(func.count()).select_from(Revision).where(
            Revision.upload_id.notin_(select(Upload.id)))).scalar()
        if orphans:
            problems.append(f"{orphans} revisions of no upload")
    return problems


def _kill_during_commit(url: str, path: Path, delay: float):
    read_fd, write_fd = os.pipe()
    started = time.monotonic()
    proc, recv = harness.start_child(load_after_signal, url, str(path), write_fd)
    os.close(write_fd)
    ready = os.read(read_fd, 1)  # validation done; the transaction starts now
    os.close(read_fd)
    time.sleep(delay)
    alive = proc.is_alive()
    if alive:
        os.kill(proc.pid, signal.SIGKILL)
    outcome = harness.finish_child(proc, recv, 120, started)
    return bool(ready), alive, outcome


def test_load_killed_at_random_points_is_all_or_nothing_and_completes_when_rerun(fresh_db_url, tmp_path):
    url = fresh_db_url
    engine = get_engine(url)
    regions = sorted((r["code"], r["name_zh"]) for r in region_rows(engine, "340000")
                     if r["level"] in ("city", "county"))[:60]
    path, expected = make_version(tmp_path, regions, 0)
    dispose_engine(url)
    first = harness.run_in_child(harness.upload, url, str(path))
    assert first.ok and first.value["outcome"] == "loaded", first.error
    # how long a commit of every value takes: the kills are spread over it
    path, expected = make_version(tmp_path, regions, 1)
    dispose_engine(url)
    devnull = os.open(os.devnull, os.O_WRONLY)
    calibration = harness.run_in_child(load_after_signal, url, str(path), devnull)
    os.close(devnull)
    assert calibration.ok, calibration.error
    commit_seconds = calibration.value["commit_seconds"]
    rnd = random.Random(8)
    stats = harness.STATS
    for version in range(2, 2 + KILLS):
        before = harness.observation_values(engine)
        path, expected = make_version(tmp_path, regions, version)
        dispose_engine(url)
        delay = rnd.uniform(0, 1.2 * commit_seconds)
        ready, killed, outcome = _kill_during_commit(url, path, delay)
        assert ready, outcome.error
        stats["kills"] += killed
        after = harness.observation_values(engine)
        assert consistency_problems(engine) == []
        ours = {k: after.get(k) for k in expected}
        if ours == {k: before.get(k) for k in expected}:
            stats["kills_mid_load"] += killed
            assert after == before
        else:  # the commit landed before the kill: all of it
            assert ours == expected, f"version {version} partly stored after a kill at {delay:.2f} s"
            assert {k: v for k, v in after.items() if k not in expected} == \
                {k: v for k, v in before.items() if k not in expected}
        dispose_engine(url)
        rerun = harness.run_in_child(harness.upload, url, str(path))
        assert rerun.ok, rerun.error
        assert rerun.value["outcome"] in ("loaded", "unchanged")
        assert {k: v for k, v in harness.observation_values(engine).items() if k in expected} == expected
        assert consistency_problems(engine) == []
        stats["reruns_completed"] += 1
