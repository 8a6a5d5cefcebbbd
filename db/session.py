"""Engine and session lifecycle, and schema creation through Alembic migrations."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from db.checkpoint import AUTOCHECKPOINT_PAGES, checkpointer

# After a checkpoint SQLite reuses the log from its start; past this size it also shrinks it.
JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024
# Page cache of a connection that writes a whole sheet (KiB): the index pages a national
# quarter's inserts touch stay in memory instead of being read again. Other connections keep
# SQLite's default.
BULK_CACHE_KIB = 64 * 1024
SQLITE_DEFAULT_CACHE_KIB = 2000

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_engines: dict[str, Engine] = {}


def _sqlite_file(url: str) -> bool:
    """A SQLite database in a file (not in memory): one with a log, a path and checkpoints."""
    return url.startswith("sqlite:///") and not url.endswith(":memory:")


def get_engine(url: str) -> Engine:
    """One engine per URL per process (engines hold the connection pool)."""
    if url not in _engines:
        engine = create_engine(url, future=True)
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine, url)
        _engines[url] = engine
    return _engines[url]


def _configure_sqlite(engine: Engine, url: str) -> None:
    # --- SQLite-only settings: the one place where they live. -------------------------------
    # WAL lets readers go on while a load writes; the busy timeout makes a second writer wait
    # instead of failing with "database is locked"; foreign keys are off by default in SQLite.
    path = url.removeprefix("sqlite:///")
    on_disk = _sqlite_file(url)
    if on_disk:
        Path(path).parent.mkdir(parents=True, exist_ok=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT}")
        if url in _background_checkpoints:
            # The log is copied back by db.checkpoint's thread, not by the committing writer.
            cursor.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
        cursor.close()

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection, record):
        # Undo prepare_bulk_write once the transaction has ended (the pool rolled back first).
        if dbapi_connection is not None and record.info.pop("bulk_write", False):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA cache_size=-{SQLITE_DEFAULT_CACHE_KIB}")
            cursor.close()

    if on_disk:
        checkpoints = checkpointer(path)

        @event.listens_for(engine, "commit")
        def _on_commit(connection):
            if url not in _background_checkpoints:
                return
            # Only commits that wrote: every read through a session commits too.
            changes = connection.connection.dbapi_connection.total_changes
            if connection.info.get("changes_at_commit", 0) != changes:
                connection.info["changes_at_commit"] = changes
                checkpoints.request()


# SQLite URLs whose log a thread of this process copies back (db.checkpoint). Only for the
# server (app.build_app; the bench's uploads, which stand for it): other processes (the CLI,
# tests, a forked child under a memory cap: a thread reserves address space) keep SQLite's
# own checkpoints.
_background_checkpoints: set[str] = set()


def checkpoint_in_background(url: str) -> None:
    """Let a thread copy the log of this SQLite file back after each writing commit instead
    of the writer; connections opened from now on leave it to the thread."""
    if not _sqlite_file(url) or url in _background_checkpoints:
        return
    _background_checkpoints.add(url)
    if url in _engines:
        _engines[url].dispose()  # pooled connections were opened with SQLite's own setting


def _forget_pools_in_child() -> None:
    # A forked process (a pre-forking server, multiprocessing) must not use its parent's
    # pooled connections: two processes on one socket or one SQLite handle corrupt both.
    for engine in _engines.values():
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_pools_in_child)


def dispose_engine(url: str) -> None:
    """Close the engine's connections; a SQLite file is left complete without its log
    (copied back and emptied, waiting for the checkpoint thread if it is at work)."""
    engine = _engines.pop(url, None)
    if engine is None:
        return
    if _sqlite_file(url):
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work commits together or not at all."""
    session = sessionmaker(bind=engine, expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# Any constant: the advisory lock that PostgreSQL writers of uploads take (see lock_writers).
WRITER_LOCK_KEY = 3_400_002_025


def lock_writers(session: Session) -> None:
    """Make this transaction the only one writing uploads until it ends; call it first.

    Without it two loads of the same figures both plan from the same old values: the second
    inserts a key the first just stored, or records a revision that skips a step, and their
    metric refreshes collide on the metric tables' primary keys.
    PostgreSQL: a transaction-scoped advisory lock, released at commit or rollback; readers
    never wait for it.
    SQLite: Python's sqlite3 opens the transaction only at the first write, so the reads
    before it are not part of it; a write that changes no row, issued first, opens the
    transaction and takes the database's one write lock (waiting up to busy_timeout).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK_KEY})
    else:
        session.execute(text("UPDATE uploads SET id = id WHERE id = -1"))


def prepare_bulk_write(session: Session) -> None:
    """For a transaction that writes a whole sheet; call it before lock_writers.

    SQLite: a larger page cache, and no foreign-key lookup per inserted row (half the time
    of inserting a national quarter's observations): the writer checks the codes it inserts
    once instead (etl.load). foreign_keys only changes outside a transaction, which is why
    this comes before the first write. Both are undone when the connection goes back to
    the pool. PostgreSQL: nothing."""
    if session.get_bind().dialect.name != "sqlite":
        return
    connection = session.connection()
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    connection.connection.info["bulk_write"] = True


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    """The newest migration's revision, read from the file names (NNNN_what.py holds revision
    NNNN; a test holds this to alembic's own head): knowing it costs no alembic import."""
    files = (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py")
    return max(path.name.split("_", 1)[0] for path in files)


def stored_revisions(engine: Engine) -> set[str]:
    """The revisions alembic recorded in the database; none for a new one."""
    with engine.connect() as connection:
        try:
            found = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            return set(found.scalars())
        except DBAPIError:  # no such table: nothing migrated yet
            return set()


def migrate(url: str, revision: str = "head", *, down: bool = False) -> None:
    """Create the database or bring it to the newest schema (or up or down to a revision).

    A database already at the head is left alone after one query: alembic (0.1 s to import,
    0.1 s to find nothing to do) runs only when there is something to migrate."""
    engine = get_engine(url)
    if revision == "head" and not down and stored_revisions(engine) == {head_revision()}:
        return
    from alembic import command

    cfg = alembic_config(url)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite's way to rebuild a table that others refer to (migration 0009): foreign
            # keys off, which only takes effect outside a transaction, and checked before the
            # commit instead.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                cfg.attributes["connection"] = connection
                (command.downgrade if down else command.upgrade)(cfg, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left rows without their parent: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()
