"""Backups: a consistent copy of the whole database, restored the same way, and an export of
everything as a zip of CSVs that any tool can read.

SQLite uses its online backup API (safe while the app is serving); PostgreSQL uses
pg_dump/pg_restore in the custom format.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import zipfile
from collections.abc import Callable
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import JSON, Engine, LargeBinary, String, inspect, select
from sqlalchemy.engine import make_url

from db.models import Base
from etl.export import FORMULA_PREFIXES


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


# Rows of a table read, written and compressed at a time: a national database's metric
# values (14 million rows) read whole into a frame took tens of GB.
EXPORT_CHUNK_ROWS = 50_000
# The answer cache (db/answers.py) holds the program's copies of answers, not data.
NOT_EXPORTED = {"answer_cache"}


def _exported_columns(table) -> list:
    """The columns of a table an export writes. Password hashes stay in the database: an
    export is for reading, not logging in. Packed bytes (metric groups packed for the next
    refresh) are copies for the program, unreadable in a spreadsheet."""
    return [c for c in table.columns
            if c.name != "password_hash" and not isinstance(c.type, LargeBinary)]


def export_all(engine: Engine, out: Path,
               on_rows: Callable[[str, int], None] | None = None) -> list[str]:
    """Every table as CSV in one zip, with a README; returns the table names. Tables are
    read and written in chunks; on_rows(table, rows) is told of each chunk written."""
    tables = [t for t in Base.metadata.sorted_tables
              if t.name not in NOT_EXPORTED and inspect(engine).has_table(t.name)]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("README.txt", README_TEXT.format(when=f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M}"))
        with engine.connect() as conn:
            for table in tables:
                _export_table(conn, table, z, on_rows)
    return [t.name for t in tables]


def _export_table(conn, table, z: zipfile.ZipFile, on_rows) -> None:
    columns = _exported_columns(table)
    # The columns that can hold text, the only cells a spreadsheet could take for a formula.
    text = [i for i, c in enumerate(columns) if isinstance(c.type, (String, JSON))]
    as_json = [i for i, c in enumerate(columns) if isinstance(c.type, JSON)]
    result = conn.execution_options(stream_results=True, yield_per=EXPORT_CHUNK_ROWS).execute(
        select(*columns))
    # UTF-8 with a BOM, so that Excel reads the Chinese names. The csv module writes values as
    # Python prints them (a rank 3, an empty cell for NULL): pandas took four times as long.
    with (z.open(f"{table.name}.csv", "w", force_zip64=True) as raw,
          io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as stream):
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow([c.name for c in columns])
        for rows in result.partitions():
            writer.writerows(_without_formulas(_json_written(rows, as_json), text))
            if on_rows:
                on_rows(table.name, len(rows))


def _json_written(rows: list, columns: list[int]) -> list:
    """The rows with the values of JSON columns (a file's sheets, an upload's choices) written
    as JSON text, not as Python prints a list or a dict."""
    if not columns:
        return rows
    rows = [list(row) for row in rows]
    for row in rows:
        for i in columns:
            if row[i] is not None:
                row[i] = json.dumps(row[i], ensure_ascii=False)
    return rows


def _without_formulas(rows: list, text: list[int]) -> list:
    """The rows with every text cell that starts like a formula prefixed with a quote, as
    etl.export.neutralise_formulas does to a frame (OWASP CSV injection)."""
    def risky(value) -> bool:
        return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)

    columns = [i for i in text if any(risky(row[i]) for row in rows)]
    if not columns:
        return rows
    rows = [list(row) for row in rows]
    for row in rows:
        for i in columns:
            if risky(row[i]):
                row[i] = "'" + row[i]
    return rows
