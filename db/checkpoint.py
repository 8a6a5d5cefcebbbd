"""WAL checkpoints of a SQLite file, off the writer's path.

SQLite's default is that the commit which finds the write-ahead log over 1000 pages copies
the log back into the database file itself: after a national quarterly sheet that is
half a gigabyte of scattered writes (about 8 s) inside the upload the user waits for.
Our connections raise that threshold to a safety valve, and one thread per process copies
the log back right after each writing commit instead. PASSIVE: it never makes a reader or
a writer wait.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from contextlib import closing

log = logging.getLogger(__name__)

# Only if the thread falls behind does a commit checkpoint by itself (1 GiB of 4 KiB pages).
AUTOCHECKPOINT_PAGES = 262_144
WAIT_FOR_WRITER_MS = 60_000


class Checkpointer:
    """Copies the log of one database file back into it whenever asked, in a daemon thread."""

    def __init__(self, path: str):
        self.path = path
        self.completed = 0  # checkpoints that copied the whole log
        self._fresh_synchronisation()

    def _fresh_synchronisation(self) -> None:
        self._wanted = threading.Event()
        self._done = threading.Condition()
        self._start_lock = threading.Lock()
        self._working = threading.Lock()  # held while the thread is inside SQLite
        self._pid: int | None = None

    def request(self) -> None:
        """Checkpoint soon; requests made while one runs are served by one more run."""
        with self._start_lock:
            if self._pid != os.getpid():  # not started, or forked: threads do not survive
                self._pid = os.getpid()
                threading.Thread(target=self._serve, name=f"checkpoint {self.path}",
                                 daemon=True).start()
        self._wanted.set()

    def wait(self, completed: int, timeout: float) -> bool:
        """Block until `completed` checkpoints have copied the whole log (for tests)."""
        with self._done:
            return self._done.wait_for(lambda: self.completed >= completed, timeout)

    def _serve(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            with self._working:
                copied = self._checkpoint()
            if copied:
                with self._done:
                    self.completed += 1
                    self._done.notify_all()

    def _checkpoint(self) -> bool:
        if not os.path.exists(self.path):  # a removed database (tests, a restore in progress)
            return False
        try:
            # mode=rw: never create a file. A fresh connection each time, so that the app's
            # last connection to close still checkpoints and removes the log as SQLite does.
            uri = f"file:{self.path}?mode=rw"
            with closing(sqlite3.connect(uri, uri=True, isolation_level=None)) as connection:
                connection.execute(f"PRAGMA busy_timeout={WAIT_FOR_WRITER_MS}")
                # The request comes as the writer commits: wait until its commit is done
                # (it holds the write lock till then), so that the copy includes it.
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("ROLLBACK")
                _busy, in_log, copied = connection.execute(
                    "PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                return copied >= in_log
        except sqlite3.Error as exc:
            log.warning("checkpoint of %s: %s", self.path, exc)
            return False


_checkpointers: dict[str, Checkpointer] = {}


# A fork copies the memory of every thread but runs only the forking one: a checkpoint thread
# caught inside SQLite would leave its locks (malloc's among them) held forever in the child,
# and the child's first thread would hang. So a fork waits until every checkpoint thread is
# idle, and the child starts with fresh locks and no thread (one starts on its first write).
_held_over_fork: list[Checkpointer] = []


def _before_fork() -> None:
    _held_over_fork[:] = list(_checkpointers.values())
    for checkpoints in _held_over_fork:
        checkpoints._working.acquire()


def _after_fork_in_parent() -> None:
    for checkpoints in _held_over_fork:
        checkpoints._working.release()


def _after_fork_in_child() -> None:
    for checkpoints in _held_over_fork:
        checkpoints._fresh_synchronisation()


os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_in_parent,
                    after_in_child=_after_fork_in_child)


def checkpointer(path: str) -> Checkpointer:
    """The one checkpointer of a database file in this process."""
    return _checkpointers.setdefault(os.path.abspath(path), Checkpointer(os.path.abspath(path)))
