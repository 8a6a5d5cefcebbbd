"""Machinery the reliability tests share: work in a forked child under a memory cap, one
upload as the CLI does it, snapshots of the stored data, and the figures for the summary.

Children are forked, not spawned: the parent has already paid for the imports (about two
seconds), so a child costs milliseconds. db.session drops inherited connection pools in a
forked child, so each child opens its own connections.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from db.models import Observation, Revision, Target, Upload
from db.session import get_engine

BACKENDS = ["sqlite", "postgresql"]
# What one load may add to the address space it was forked with: the cap is that much above
# the child's own size at its start, so the margin does not shrink as the parent (pytest with
# everything it imported) grows.
MEMORY_CAP = 1536 * 2**20
# Longer runs when the one command asks for them (python -m tests.reliability without --quick).
FULL = os.environ.get("RELIABILITY_FULL") == "1"

# Figures for the summary (printed by conftest.py at the end of the run).
STATS: Counter = Counter()
PEAKS: dict[str, int] = {}


@dataclass
class ChildOutcome:
    exitcode: int | None  # negative: killed by that signal
    value: object = None
    error: str | None = None  # the child's traceback when it raised
    peak_rss: int = 0  # bytes
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.exitcode == 0 and self.error is None


def _address_space() -> int:
    """This process's virtual size in bytes (0 where /proc does not tell)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _child_main(conn, memory_cap: int | None, fn, args) -> None:
    if memory_cap:
        limit = _address_space() + memory_cap
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        value = fn(*args)
        message = ("ok", value)
    except BaseException:  # noqa: BLE001 - everything is reported to the parent
        message = ("error", traceback.format_exc())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    try:
        conn.send((*message, peak))
    finally:
        conn.close()


def start_child(fn, *args, memory_cap: int | None = MEMORY_CAP):
    """Fork a child running fn(*args); returns (process, connection to read its result)."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child_main, args=(send, memory_cap, fn, args), daemon=True)
    proc.start()
    send.close()
    return proc, recv


def finish_child(proc, recv, timeout: float, started: float) -> ChildOutcome:
    result = None
    if recv.poll(timeout):
        try:
            result = recv.recv()
        except EOFError:  # died before sending
            result = None
    proc.join(timeout=5 if result is not None else 0.1)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return ChildOutcome(None, error=f"timed out after {timeout:.0f} s",
                            seconds=time.monotonic() - started)
    outcome = ChildOutcome(proc.exitcode, seconds=time.monotonic() - started)
    if result is not None:
        kind, payload, outcome.peak_rss = result
        if kind == "ok":
            outcome.value = payload
        else:
            outcome.error = payload
    elif outcome.exitcode == 0:
        outcome.error = "child exited without a result"
    return outcome


def run_in_child(fn, *args, memory_cap: int | None = MEMORY_CAP, timeout: float = 300) -> ChildOutcome:
    started = time.monotonic()
    proc, recv = start_child(fn, *args, memory_cap=memory_cap)
    return finish_child(proc, recv, timeout, started)


def upload(url: str, path: str | Path, period: str | None = None, user: str = "reliability") -> dict:
    """One file through the ingest as the CLI and the upload page run it: read, validate,
    then commit (stored, or logged as rejected). Plain data back, for a parent process."""
    from etl.pipeline import commit, read_and_validate

    path = Path(path)
    engine = get_engine(url)
    result = read_and_validate(path.read_bytes(), path.name, engine, period=period)
    report = commit(engine, result, user=user)
    return {
        "ok": result.ok,
        "errors": [(p.rule, p.sheet, p.cell) for p in result.errors],
        "lines": [p.line(lang) for p in result.problems for lang in ("zh", "en")],
        "records": {r.key: r.value for r in result.records},
        "outcome": report.outcome,
        "upload_id": report.upload_id,
        "counts": (report.n_new, report.n_changed, report.n_unchanged),
    }


def snapshot(engine: Engine) -> dict:
    """The stored data an upload may change: observations, revisions, targets."""
    with engine.connect() as c:
        observations = {tuple(r[:5]): tuple(r[5:]) for r in c.execute(select(
            Observation.region_code, Observation.indicator_code, Observation.year,
            Observation.quarter, Observation.cumulative, Observation.value, Observation.upload_id,
            Observation.sheet, Observation.cell, Observation.status))}
        revisions = sorted(tuple(r) for r in c.execute(select(
            Revision.id, Revision.observation_id, Revision.old_value, Revision.new_value,
            Revision.old_upload_id, Revision.upload_id)))
        targets = {tuple(r[:3]): tuple(r[3:]) for r in c.execute(select(
            Target.region_code, Target.indicator_code, Target.year, Target.value, Target.upload_id))}
    return {"observations": observations, "revisions": revisions, "targets": targets}


def observation_values(engine: Engine) -> dict[tuple, float]:
    with engine.connect() as c:
        return {tuple(r[:5]): r[5] for r in c.execute(select(
            Observation.region_code, Observation.indicator_code, Observation.year,
            Observation.quarter, Observation.cumulative, Observation.value))}


def upload_outcomes(engine: Engine) -> dict[int, str]:
    with engine.connect() as c:
        return dict(c.execute(select(Upload.id, Upload.outcome)).all())


def note_peak(label: str, peak: int) -> None:
    PEAKS[label] = max(PEAKS.get(label, 0), peak)


def summary_lines() -> list[str]:
    s = STATS
    lines = [
        f"inputs tried:             {s['inputs_tried']} ({s['corpus_files']} corpus files × "
        f"{s['corpus_backends']} databases)",
        f"rejected cleanly:         {s['rejected_cleanly']} (located errors as expected, stored data unchanged)",
        f"read correctly:           {s['read_correctly']} (exactly the expected values stored)",
        f"property examples:        {s['property_examples']}",
        f"concurrent loads:         {s['concurrent_loads']} ({s['concurrent_reads']} reads alongside, "
        f"{s['lock_retries']} transactions retried)",
        f"loads killed (SIGKILL):   {s['kills']} ({s['kills_mid_load']} before their commit), "
        f"{s['reruns_completed']} reruns completed",
        f"observations lost:        {s['observations_lost']}",
        f"observations duplicated:  {s['observations_duplicated']}",
        f"partial uploads seen:     {s['partial_uploads']}",
        f"errors shown to users:    {s['user_errors']}",
    ]
    if PEAKS:
        label, peak = max(PEAKS.items(), key=lambda kv: kv[1])
        lines.append(f"largest peak RSS of a load: {peak / 2**20:.0f} MB ({label}; address space "
                     f"capped at {MEMORY_CAP / 2**20:.0f} MB above its own size)")
    return lines
