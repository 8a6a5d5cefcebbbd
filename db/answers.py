"""The answer cache every worker shares: answers of the read API, pickled into the app's own
database (table answer_cache), so that an answer one worker computed serves all of them, on
any host, until the data or the code change. db.cache.cached(shared=True) reads and fills it
under its per-worker memo.

An answer's key is the digest of the code version, the data version (db.cache.data_version)
and the question, so an answer is only found while all three are the ones it was computed
under. The first answer a worker stores under a new version deletes the rows of every other
version; the table is also trimmed to MAX_ROWS, oldest first.

Pickle reads only what this app wrote into its own database: whoever can write that can
already change every figure.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import pickle
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from catalog.files import DATA_DIR
from db.answer_models import Answer

log = logging.getLogger(__name__)

MAX_ROWS = 20_000
MAX_BYTES = 4 * 1024 * 1024  # a larger answer stays in its worker's memo only
TRIM_EVERY = 500  # stores per worker between two counts of the table's rows
SQLITE_WAIT_MS = 100
# The packages whose code computes answers (the dashboard only asks): a change to any of them
# makes every stored answer unreachable.
_ANSWERING_PACKAGES = ("catalog", "config", "db", "metrics")
_ROOT = DATA_DIR.parent
_DATA = DATA_DIR

_pruned: dict[str, str] = {}  # database -> the version whose stale rows this worker deleted
_stores = itertools.count(1)
_lock = threading.Lock()


def code_version() -> str:
    """The version of what computes the answers: its code (read once per worker) and the
    settings files it reads on every call (data/*.yaml: the index weights), by their
    modification times. A worker running other code never reads an answer of the old one."""
    settings = [(p.name, p.stat().st_mtime_ns) for p in sorted(_DATA.glob("*.yaml"))]
    return digest(_source_version(), settings)


@functools.cache
def _source_version() -> str:
    """Digest of the answering packages' source, and of the Python and pandas that pickle."""
    digest = hashlib.sha256(f"{sys.version}|{pd.__version__}".encode())
    for package in _ANSWERING_PACKAGES:
        for path in sorted((_ROOT / package).rglob("*.py")):
            digest.update(path.relative_to(_ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def fetch(engine: Engine, key: str) -> tuple[bool, object, int]:
    """(found, the answer, its pickled size)."""
    with engine.connect() as conn:
        blob = conn.scalar(select(Answer.value).where(Answer.key == key))
    if blob is None:
        return False, None, 0
    return True, pickle.loads(blob), len(blob)


def keep(engine: Engine, key: str, version: str, value: object) -> int:
    """Store an answer for every worker; its pickled size. An answer too large, or a
    database that refuses the write (locked past the busy timeout, read-only), is logged and
    only costs the other workers the time to compute it again."""
    blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    if len(blob) > MAX_BYTES:
        log.info("answer %s not shared: %d bytes", key[:12], len(blob))
        return len(blob)
    database = engine.url.render_as_string(hide_password=False)
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    with _lock:
        prune = _pruned.get(database) != version
        trim = next(_stores) % TRIM_EVERY == 0
    try:
        with engine.connect() as conn, _waiting_briefly(conn):
            if prune:
                conn.execute(delete(Answer).where(Answer.version != version))
            conn.execute(insert(Answer).values(key=key, version=version, value=blob,
                                               stored_at=time.time()).on_conflict_do_nothing())
            if trim:
                _trim(conn)
            conn.commit()
    except DBAPIError as error:
        log.warning("answer %s not shared: %s", key[:12], error.orig)
        return len(blob)
    if prune:
        with _lock:
            _pruned[database] = version
    return len(blob)


@contextmanager
def _waiting_briefly(conn: Connection) -> Iterator[None]:
    """On SQLite, wait at most SQLITE_WAIT_MS for the write lock: while a load holds it (a
    national one for many seconds), a page answers without sharing rather than waiting for
    it. PostgreSQL writers do not wait for each other's tables."""
    if conn.dialect.name != "sqlite":
        yield
        return
    usual = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
    conn.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_WAIT_MS}")
    conn.commit()
    try:
        yield
    finally:
        conn.rollback()  # what the block did not commit (it failed)
        conn.exec_driver_sql(f"PRAGMA busy_timeout={int(usual)}")
        conn.commit()


def _trim(conn) -> None:
    count = conn.scalar(select(func.count()).select_from(Answer))
    if count > MAX_ROWS:
        oldest = select(Answer.key).order_by(Answer.stored_at).limit(count - MAX_ROWS // 2)
        conn.execute(delete(Answer).where(Answer.key.in_(oldest)))
