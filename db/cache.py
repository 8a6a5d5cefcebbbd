"""Per-process memo of small reads that every page needs (catalogs, the periods with data,
the home province), each kept until the database says it has changed.

Every worker keeps its own copy, so nothing is shared between processes; what keeps them
right is the version check. Each lookup first asks the database for two cheap versions:

- catalog: a token in app_meta renewed by every catalog write (bump_catalog_version), plus
  the row counts of the catalog tables, so a catalog written by other means is noticed too;
- data: the newest upload, revision and observation ids (primary-key maxima: index seeks),
  which move with every load, correction and rollback.

A cached value is recomputed when the version it was computed under is no longer current.
The memo keeps the MAX_ENTRIES most recently used values (keys name regions and scopes, and a
worker may be asked about thousands of them).
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import pandas as pd
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session

from db.models import AppMeta, Indicator, Observation, PeerGroupMember, Region, Revision, Upload

T = TypeVar("T")
CATALOG_VERSION_KEY = "catalog_version"

MAX_ENTRIES = 2048
_memo: OrderedDict[tuple, tuple[tuple, object]] = OrderedDict()
_lock = threading.Lock()


def _one(bind: Engine | Connection, stmt) -> tuple:
    if isinstance(bind, Connection):
        return tuple(bind.execute(stmt).one())
    with bind.connect() as conn:
        return tuple(conn.execute(stmt).one())


def catalog_version(bind: Engine | Connection) -> tuple:
    stmt = select(
        select(AppMeta.value).where(AppMeta.key == CATALOG_VERSION_KEY).scalar_subquery(),
        select(func.count()).select_from(Indicator).scalar_subquery(),
        select(func.count()).select_from(Region).scalar_subquery(),
        select(func.count()).select_from(PeerGroupMember).scalar_subquery())
    return _one(bind, stmt)


def data_version(bind: Engine | Connection) -> tuple:
    stmt = select(select(func.max(Upload.id)).scalar_subquery(),
                  select(func.max(Revision.id)).scalar_subquery(),
                  select(func.max(Observation.id)).scalar_subquery())
    return _one(bind, stmt) + catalog_version(bind)


def bump_catalog_version(session: Session) -> None:
    """Call in the transaction that edits a catalog: every worker rereads it afterwards.

    A fresh random token rather than a counter: two edits committed side by side cannot
    both write the same next number, and a restored backup cannot bring an old one back."""
    session.merge(AppMeta(key=CATALOG_VERSION_KEY, value=uuid.uuid4().hex))


METRICS_STALE_KEY = "refresh_metrics"


def ask_for_metrics_refresh(session: Session, reason: str) -> None:
    """Record, in the caller's transaction, that the stored metrics no longer follow the
    catalog (a peer group or a zone's parent changed). The metrics layer rebuilds them
    (metrics.refresh.refresh_if_asked); if the process stops first, the next start does."""
    if session.get(AppMeta, METRICS_STALE_KEY) is None:
        session.add(AppMeta(key=METRICS_STALE_KEY, value=reason[:64]))


def cached(bind: Engine | Connection, key: Hashable, load: Callable[[], T], *,
           on: str = "catalog") -> T:
    """load()'s result, reused while the catalog (on="catalog") or the data (on="data") is
    unchanged. DataFrames are handed out as copies, so a caller cannot alter the memo."""
    version = catalog_version(bind) if on == "catalog" else data_version(bind)
    slot = (bind.engine.url.render_as_string(hide_password=False), on, key)
    with _lock:
        hit = _memo.get(slot)
        if hit is not None:
            _memo.move_to_end(slot)
    if hit is not None and hit[0] == version:
        value = hit[1]
    else:
        value = load()
        with _lock:
            _memo[slot] = (version, value)
            _memo.move_to_end(slot)
            while len(_memo) > MAX_ENTRIES:
                _memo.popitem(last=False)  # the least recently used
    return value.copy() if isinstance(value, pd.DataFrame) else value


def clear() -> None:
    with _lock:
        _memo.clear()
