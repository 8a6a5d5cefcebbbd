"""Heavy work (data downloads, checking an uploaded file) off the request threads, at low
priority, and only a few at once: a few per user across every worker process, a few per
process, so that page requests always find a thread and the CPU.

- Per user the slots are lock files (fcntl.flock): every gunicorn worker sees them, and a
  process that dies releases its locks with it.
- Per process the slots are the threads of one small pool per kind of work, started at a
  lower scheduling priority (nice 10, this thread only: Linux treats a thread id as a process
  id for setpriority). The request thread waits for the pool's result, or relays the chunks of
  a download the pool writes, without using the CPU itself; a page request is scheduled ahead
  of the heavy work whenever both are ready.
- Within a process the threads share one interpreter lock, which the operating system's
  priorities do not decide: a download's writer also steps aside between its chunks while a
  page request of its process is being answered (pages_first, yield_to_pages).
- Nothing waits for a slot: a waiting request would hold a thread as surely as a running one.
  No free slot is Busy, which the caller answers with "try again".
"""

from __future__ import annotations

import contextvars
import fcntl
import hashlib
import os
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterator

from config import DATA_DIR

LOCK_DIR = DATA_DIR / "cache" / "locks"
HEAVY_NICENESS = 10
STREAM_BUFFER = 8  # chunks a download's writer may run ahead of the network
# A writer steps aside for pages at most this long per chunk, so that a stream of page
# requests slows a download down but never stops it.
MAX_YIELD_SECONDS = 1.0


@dataclass(frozen=True)
class Kind:
    name: str
    per_user: int
    per_process: int


# A download streams in constant memory: two per user, three per process (of the eight threads
# gunicorn.conf.py gives a worker). Checking a file at the limits (etl/limits.py) takes half a
# gigabyte and half a minute: one at a time per process.
EXPORT = Kind("export", per_user=2, per_process=3)
UPLOAD = Kind("upload", per_user=1, per_process=1)
KINDS = (EXPORT, UPLOAD)


def _lower_priority() -> None:
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HEAVY_NICENESS)
    except (OSError, AttributeError):
        pass  # not Linux, or not allowed: the work still runs, at normal priority


# Pools start their threads on first use, in the worker process (never in gunicorn's master
# before it forks: a thread does not survive a fork).
_pools = {k.name: ThreadPoolExecutor(k.per_process, f"heavy-{k.name}", _lower_priority)
          for k in KINDS}
_process_slots = {k.name: threading.BoundedSemaphore(k.per_process) for k in KINDS}


_pages = {"in_flight": 0}
_pages_lock = threading.Lock()
_is_page: contextvars.ContextVar[bool] = contextvars.ContextVar("page_in_flight", default=False)


def _count_page(delta: int) -> None:
    with _pages_lock:
        _pages["in_flight"] += delta


def page_started() -> None:
    """A request that is no heavy work itself has begun (dashboard/app.py, before_request)."""
    if not _is_page.get():
        _is_page.set(True)
        _count_page(1)


def page_finished() -> None:
    if _is_page.get():
        _is_page.set(False)
        _count_page(-1)


def yield_to_pages() -> None:
    """Called by heavy work between its steps: wait while a page request of this process runs."""
    deadline = time.monotonic() + MAX_YIELD_SECONDS
    while _pages["in_flight"] > 0 and time.monotonic() < deadline:
        time.sleep(0.002)


class Busy(Exception):
    """No slot free: `whose` is "user" (this user's own jobs) or "server" (everyone's)."""

    def __init__(self, whose: str):
        super().__init__(whose)
        self.whose = whose


class Slot:
    """One held slot: run work in it (run, stream); release() gives it back, once."""

    def __init__(self, kind: Kind, lock_fd: int):
        self._kind, self._fd, self._held = kind, lock_fd, True
        self._lock = threading.Lock()

    def run(self, work: Callable, *args):
        """work(*args) on the pool's low-priority thread, in this request's context (Flask's
        app and request, Dash's callback context); its result or its exception. The request
        waiting for it is not a page that heavy work should step aside for."""
        future = _pools[self._kind.name].submit(contextvars.copy_context().run, work, *args)
        _count_page(-1 if _is_page.get() else 0)
        try:
            return future.result()
        finally:
            _count_page(1 if _is_page.get() else 0)

    def stream(self, make: Callable[[], Iterator[bytes]]) -> Iterator[bytes]:
        """The chunks of make() as the pool's thread writes them, at most STREAM_BUFFER ahead.
        Closing this iterator (the browser went away) stops the writer and releases the slot."""
        chunks: queue.Queue = queue.Queue(STREAM_BUFFER)
        stop = threading.Event()
        done = object()

        def offer(item) -> bool:
            """Hand item to the request thread; False once it has stopped reading."""
            while not stop.is_set():
                try:
                    chunks.put(item, timeout=1)
                    return True
                except queue.Full:
                    continue
            return False

        def write() -> None:
            try:
                writer = make()
                try:
                    for chunk in writer:
                        yield_to_pages()
                        if not offer(chunk):
                            return
                finally:
                    writer.close()
                offer(done)
            except BaseException as error:  # reaches the request thread, which raises it
                offer(error)

        future = _pools[self._kind.name].submit(contextvars.copy_context().run, write)
        try:
            while (chunk := chunks.get()) is not done:
                if isinstance(chunk, BaseException):
                    raise chunk
                yield chunk
        finally:
            stop.set()
            future.result() if future.done() else None
            self.release()

    def release(self) -> None:
        with self._lock:
            if not self._held:
                return
            self._held = False
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        _process_slots[self._kind.name].release()

    def __enter__(self) -> "Slot":
        return self

    def __exit__(self, *_exc) -> None:
        self.release()


def acquire(kind: Kind, who: str) -> Slot:
    """A slot for who's job of this kind, or Busy at once."""
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
