"""The command line as a user starts it: `python -m etl --help`, and `python -m etl load` of
the quarterly workbook into a copy of the bench database, each timed as a whole process
(interpreter start, imports, schema check, load, exit). Medians of a few runs.

The copy is opened once beforehand (`python -m etl init`, not timed), so a database built by
older code gets its migrations, catalogs and metrics then and not in the first timed load.
The processes write their bytecode caches as Python does by default, into a folder of their
own (PYTHONPYCACHEPREFIX), and one untimed run of each command fills them: the timed runs are
any run after a user's first, even where the environment says PYTHONDONTWRITEBYTECODE."""

from __future__ import annotations

import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS_S = {"help": 0.15, "load": 0.6}
# The modules `etl load` imports before it reads a cell (etl.cli.cmd_load and what opening
# the database needs), with the collector off as etl/__main__.py imports them: a process
# doing only this is the floor of the load as a process.
LOAD_IMPORTS = ("import gc; gc.disable(); import etl.cli, etl.catalog_cli, etl.round_cli, "
                "etl.pipeline, etl.rounds, etl.stage_line, metrics.refresh, metrics.scopes, "
                "metrics.labels, catalog.zones, db.accounts")


def _settle(path: Path) -> None:
    """Copy the SQLite log back into the file and empty it: the file alone is then complete."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _fresh_copy(source: Path, target: Path) -> None:
    """The settled file source copied to target, without a log left by an earlier copy."""
    for log in (Path(f"{target}-wal"), Path(f"{target}-shm")):
        log.unlink(missing_ok=True)
    shutil.copyfile(source, target)


def _timed(command: list[str], env: dict, cwd: Path) -> tuple[float, float]:
    """Wall seconds of one process, and its CPU seconds (user + system): the machine is shared,
    and CPU time shows what of the wall time was waiting for a core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[1:])} exited {done.returncode}: {done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(url: str, workbook: Path, env: dict, root: Path, repeats: int) -> dict:
    """Medians over repeats of each command as a process; every load gets a fresh copy of the
    database as it was before the load."""
    source = Path(url.removeprefix("sqlite:///"))
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as folder:
        ready, target = Path(folder) / "ready.db", Path(folder) / "load.db"
        env = {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
        load_env = env | {"DATABASE_URL": f"sqlite:///{target}"}
        # SQLite's backup API reads through the source's log: a complete copy while the
        # bench still holds the source open.
        with (sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src,
              sqlite3.connect(ready) as dst):
            src.backup(dst)
        _timed([sys.executable, "-m", "etl", "init"], env | {"DATABASE_URL": f"sqlite:///{ready}"},
               root)
        _settle(ready)
        runs: dict[str, list[tuple[float, float]]] = {"help": [], "load": [], "imports": []}
        for i in range(repeats + 1):  # the first round fills the bytecode caches, untimed
            helped = _timed([sys.executable, "-m", "etl", "--help"], env, root)
            imported = _timed([sys.executable, "-c", LOAD_IMPORTS], load_env, root)
            _fresh_copy(ready, target)
            loaded = _timed([sys.executable, "-m", "etl", "load", str(workbook)], load_env, root)
            if i:
                runs["help"].append(helped)
                runs["imports"].append(imported)
                runs["load"].append(loaded)
    result: dict = {"repeats": repeats, "workbook": workbook.name}
    for name, timings in runs.items():
        result[f"{name}_s"] = statistics.median(wall for wall, _ in timings)
        result[f"{name}_cpu_s"] = statistics.median(cpu for _, cpu in timings)
    return result


def table_rows(cli: dict) -> list[tuple[str, str, str]]:
    """(label, value, target) rows of bench's table."""
    rows = []
    for name, shown in (("help", "--help"), ("load", "load")):
        rows.append((f"cli: python -m etl {shown} (s)", f"{cli[f'{name}_s']:.2f}",
                     f"<= {TARGETS_S[name]}"))
        rows.append(("  of which CPU (s)", f"{cli[f'{name}_cpu_s']:.2f}", ""))
    if "imports_s" in cli:  # the floor of the load: start Python, import what it needs, exit
        rows.append(("  start and imports alone (s)", f"{cli['imports_s']:.2f}", ""))
    return rows
