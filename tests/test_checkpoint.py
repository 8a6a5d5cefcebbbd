"""The write-ahead log goes back into the database file after a commit, copied by the
process's checkpoint thread rather than by the writer (db/checkpoint.py)."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing

from db.checkpoint import checkpointer
from db.session import dispose_engine, get_engine


def _rows_in_file_alone(path, tmp_path) -> list:
    copy = tmp_path / "file-alone.db"
    shutil.copyfile(path, copy)  # without its -wal: only what was checkpointed
    with closing(sqlite3.connect(copy)) as connection:
        return connection.execute("SELECT x FROM t ORDER BY x").fetchall()


def test_a_commit_reaches_the_database_file_while_the_writer_stays_open(tmp_path):
    path = tmp_path / "a.db"
    url = f"sqlite:///{path}"
    engine = get_engine(url)
    checkpoints = checkpointer(str(path))
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        assert checkpoints.wait(1, timeout=30)
        with engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO t VALUES (2)")
        assert checkpoints.wait(2, timeout=30)
        # The engine's connection is still open (a close would checkpoint by itself).
        assert _rows_in_file_alone(path, tmp_path) == [(1,), (2,)]
    finally:
        dispose_engine(url)


def test_commits_that_only_read_ask_for_no_checkpoint(tmp_path):
    path = tmp_path / "b.db"
    url = f"sqlite:///{path}"
    engine = get_engine(url)
    checkpoints = checkpointer(str(path))
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        assert checkpoints.wait(1, timeout=30)
        for _ in range(5):
            with engine.begin() as connection:
                connection.exec_driver_sql("SELECT count(*) FROM t").fetchall()
        assert not checkpoints.wait(2, timeout=1)
    finally:
        dispose_engine(url)
