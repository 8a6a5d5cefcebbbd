"""The write-ahead log goes back into the database file after a commit, copied by the
process's checkpoint thread rather than by the writer (db/checkpoint.py)."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing

import pytest

from db.checkpoint import checkpointer
from db.session import checkpoint_in_background, dispose_engine, get_engine


def _rows_in_file_alone(path, tmp_path) -> list:
    copy = tmp_path / "file-alone.db"
    shutil.copyfile(path, copy)  # without its -wal: only what was checkpointed
    with closing(sqlite3.connect(copy)) as connection:
        return connection.execute("SELECT x FROM t ORDER BY x").fetchall()


@pytest.fixture
def written_once(tmp_path):
    """A database with background checkpoints, one table and one row, whose first writing
    commit has been checkpointed: (path, engine, checkpointer)."""
    path = tmp_path / "a.db"
    url = f"sqlite:///{path}"
    checkpoint_in_background(url)
    engine = get_engine(url)
    checkpoints = checkpointer(str(path))
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        assert checkpoints.wait(1, timeout=30)
        yield path, engine, checkpoints
    finally:
        dispose_engine(url)


def test_a_commit_reaches_the_database_file_while_the_writer_stays_open(written_once, tmp_path):
    path, engine, checkpoints = written_once
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO t VALUES (2)")
    assert checkpoints.wait(2, timeout=30)
    # The engine's connection is still open (a close would checkpoint by itself).
    assert _rows_in_file_alone(path, tmp_path) == [(1,), (2,)]


def test_commits_that_only_read_ask_for_no_checkpoint(written_once):
    _, engine, checkpoints = written_once
    for _ in range(5):
        with engine.begin() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM t").fetchall()
    assert not checkpoints.wait(2, timeout=1)


def _write_in_child(url: str) -> None:
    checkpoint_in_background(url)
    engine = get_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO t VALUES (3)")
    assert checkpointer(url.removeprefix("sqlite:///")).wait(1, timeout=20)


def test_a_process_forked_while_the_thread_works_can_write_and_checkpoint(tmp_path):
    """A fork while the checkpoint thread is inside SQLite must not leave the child's own
    checkpoint thread hanging on a lock copied in its held state."""
    import multiprocessing

    parent_url, child_url = f"sqlite:///{tmp_path / 'p.db'}", f"sqlite:///{tmp_path / 'c.db'}"
    checkpoint_in_background(parent_url)
    for url in (parent_url, child_url):
        with get_engine(url).begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    dispose_engine(child_url)
    fork = multiprocessing.get_context("fork")
    try:
        for i in range(15):
            with get_engine(parent_url).begin() as connection:  # sets the thread to work
                connection.exec_driver_sql(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)"
                    " INSERT INTO t SELECT i FROM n")
            child = fork.Process(target=_write_in_child, args=(child_url,))
            child.start()
            child.join(30)
            assert child.exitcode == 0, f"child {i} hung or failed (exit code {child.exitcode})"
    finally:
        dispose_engine(parent_url)


def test_a_process_that_did_not_ask_keeps_sqlites_own_checkpoints(tmp_path):
    path = tmp_path / "d.db"
    url = f"sqlite:///{path}"
    engine = get_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            connection.exec_driver_sql("INSERT INTO t VALUES (1)")
            pages = connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        assert pages == 1000  # SQLite's default: the writer checkpoints, no thread asked
        assert not checkpointer(str(path)).wait(1, timeout=1)
    finally:
        dispose_engine(url)
