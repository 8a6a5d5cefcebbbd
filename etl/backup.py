"""Backups: a consistent copy of the whole database, restored the same way, and an export of
everything as a zip of CSVs that any tool can read.

SQLite uses its online backup API (safe while the app is serving); PostgreSQL uses
pg_dump/pg_restore in the custom format.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import zipfile
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, LargeBinary, inspect, select
from sqlalchemy.engine import make_url

from db.models import Base
from etl.export import neutralise_formulas


class BackupError(RuntimeError):
    pass


def _sqlite_path(url: str) -> str:
    return make_url(url).database


def _pg_env(url: str) -> tuple[list[str], dict]:
    u = make_url(url)
    args = ["-h", u.host or "localhost", "-p", str(u.port or 5432), "-U", u.username or "postgres"]
    env = dict(os.environ, PGPASSWORD=u.password or "")
    return args, env


def _run(cmd: list[str], env: dict) -> None:
    if shutil.which(cmd[0]) is None:
        raise BackupError(f"{cmd[0]} not found: install the PostgreSQL client tools")
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {done.stderr.strip()}")


def _copy_sqlite(source: str, target: str, check_source: bool = False) -> None:
    """Copy one SQLite database over another with the online backup API; with check_source,
    refuse a source that fails SQLite's integrity check. Both connections are closed after,
    whatever happens."""
    with closing(sqlite3.connect(source)) as src:
        if check_source and src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} is not a sound SQLite database")
        with closing(sqlite3.connect(target)) as dst, dst:
            src.backup(dst)


def backup(url: str, out: Path) -> None:
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        _copy_sqlite(_sqlite_path(url), str(out))
    elif backend == "postgresql":
        args, env = _pg_env(url)
        _run(["pg_dump", *args, "-Fc", "-f", str(out), make_url(url).database], env)
    else:
        raise BackupError(f"no backup for {backend}")


def restore(url: str, source: Path) -> None:
    """Replace the database's contents with the backup's."""
    if not Path(source).is_file():
        raise BackupError(f"no such backup file: {source}")
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        # A damaged backup must not overwrite a sound database.
        _copy_sqlite(str(source), _sqlite_path(url), check_source=True)
    elif backend == "postgresql":
        args, env = _pg_env(url)
        _run(["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "-d",
              make_url(url).database, str(source)], env)
    else:
        raise BackupError(f"no restore for {backend}")


README_TEXT = """区域创新指标看板 数据导出 / Regional innovation indicators: full export
Exported {when} UTC. One CSV per table (UTF-8 with BOM), first row = column names.

- regions.csv: code (6-digit adcode, text; zones Z...), names, level, parent_code
- indicators.csv: the catalog (unit = canonical unit of every value)
- observations.csv: one value per region, indicator, year, quarter (0 = annual),
  cumulative (1 = year to date), value in the indicator's unit, status, and provenance
  (upload_id, sheet, cell)
- revisions.csv: every changed value (old, new, upload that changed it)
- uploads.csv: every file loaded or rejected (name, sha256, who, when, counts, outcome)
- targets.csv: annual targets (value in the indicator's unit, upload_id, sheet, cell)
- target_revisions.csv: every changed target (old, new, upload that changed it)
- peer_groups.csv, peer_group_members.csv
- metric_values.csv: precomputed growth and headline ranks (rebuilt from observations)
Text cells that start with = + - @ are prefixed with ' so spreadsheets do not run them.
"""


def export_all(engine: Engine, out: Path) -> list[str]:
    """Every table as CSV in one zip, with a README; returns the table names."""
    tables = [t for t in Base.metadata.sorted_tables if inspect(engine).has_table(t.name)]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("README.txt", README_TEXT.format(when=f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M}"))
        with engine.connect() as conn:
            for table in tables:
                df = pd.read_sql(select(table), conn)
                # Password hashes stay in the database: an export is for reading, not logging in.
                # Packed bytes (the answer cache, metric groups packed for the next refresh)
                # are copies for the program, unreadable in a spreadsheet.
                df = df.drop(columns=["password_hash", *(
                    c.name for c in table.columns if isinstance(c.type, LargeBinary))],
                    errors="ignore")
                buf = io.StringIO()
                neutralise_formulas(df).to_csv(buf, index=False)
                z.writestr(f"{table.name}.csv", "\ufeff" + buf.getvalue())
    return [t.name for t in tables]
