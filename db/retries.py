"""Run a whole transaction again when it lost a race with another writer (SQLite's busy
and locked, PostgreSQL's serialization failures and deadlocks), so that "database is locked"
never reaches a user while another upload is writing."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)
T = TypeVar("T")

# A transaction that lost a race is run again from the start, after a growing, jittered pause.
RETRY_ATTEMPTS = 10
RETRY_FIRST_PAUSE = 0.05  # seconds; doubles each attempt up to RETRY_MAX_PAUSE
RETRY_MAX_PAUSE = 2.0
SQLITE_BUSY, SQLITE_LOCKED = 5, 6  # primary result codes; BUSY_SNAPSHOT etc. extend BUSY
PG_RETRYABLE = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available


def is_transient(exc: DBAPIError) -> bool:
    """A conflict with another writer that the same transaction, run again, gets past."""
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
    return getattr(orig, "sqlstate", None) in PG_RETRYABLE


def with_retries(work: Callable[[], T], what: str = "load") -> T:
    """Run work (one whole transaction) until it gets past lock and serialization conflicts,
    so that "database is locked" never reaches a user while another upload is writing."""
    for attempt in range(1, RETRY_ATTEMPTS + 1):
        try:
            return work()
        except DBAPIError as exc:
            if attempt == RETRY_ATTEMPTS or not is_transient(exc):
                raise
            pause = min(RETRY_MAX_PAUSE, RETRY_FIRST_PAUSE * 2 ** (attempt - 1)) * random.uniform(0.5, 1.5)
            log.warning("%s: conflict with another writer (%s); attempt %d of %d again in %.2f s",
                        what, (str(exc.orig).strip().splitlines() or [""])[0], attempt + 1,
                        RETRY_ATTEMPTS, pause)
            time.sleep(pause)
    raise AssertionError("unreachable")
