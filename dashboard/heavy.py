"""How much heavy work (data downloads, checking an uploaded file) runs at once: a few per user
across every worker process, and a few per process, so page requests always find a thread
and a user cannot fill the server with parallel downloads.

Per user the slots are lock files (fcntl.flock): every gunicorn worker sees them, and a
process that dies releases its locks with it. Per process they are semaphores.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
from dataclasses import dataclass

from config import DATA_DIR

LOCK_DIR = DATA_DIR / "cache" / "locks"


@dataclass(frozen=True)
class Kind:
    name: str
    per_user: int
    per_process: int


# A download streams in constant memory: two per user, three per process (of the eight threads
# gunicorn.conf.py gives a worker). Checking a file at the limits (etl/limits.py) takes most of
# a gigabyte for a while: one at a time per process.
EXPORT = Kind("export", per_user=2, per_process=3)
UPLOAD = Kind("upload", per_user=1, per_process=1)
_process_slots = {kind.name: threading.BoundedSemaphore(kind.per_process) for kind in (EXPORT, UPLOAD)}


class Busy(Exception):
    """No slot free: `whose` is "user" (this user's own jobs) or "server" (everyone's)."""

    def __init__(self, whose: str):
        super().__init__(whose)
        self.whose = whose


class Slot:
    """One held slot; release() (or leaving the with block) gives it back, once."""

    def __init__(self, kind: Kind, lock_fd: int):
        self._kind, self._fd, self._held = kind, lock_fd, True

    def release(self) -> None:
        if self._held:
            self._held = False
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            _process_slots[self._kind.name].release()

    def __enter__(self) -> "Slot":
        return self

    def __exit__(self, *_exc) -> None:
        self.release()


def acquire(kind: Kind, who: str) -> Slot:
    """A slot for who's job of this kind, or Busy at once (never waits: a waiting request
    would hold a thread as surely as a running one)."""
    if not _process_slots[kind.name].acquire(blocking=False):
        raise Busy("server")
    try:
        fd = _user_lock(kind, who)
    except BaseException:
        _process_slots[kind.name].release()
        raise
    if fd is None:
        _process_slots[kind.name].release()
        raise Busy("user")
    return Slot(kind, fd)


def _user_lock(kind: Kind, who: str) -> int | None:
    LOCK_DIR.mkdir(parents=True, exist_ok=True)
    # The name is hashed: it comes from a user name or an address, never a path.
    key = hashlib.sha256(who.encode("utf-8")).hexdigest()[:24]
    for i in range(kind.per_user):
        fd = os.open(LOCK_DIR / f"{kind.name}-{key}-{i}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            os.close(fd)
    return None
