"""Per-process memo of small reads that every page needs (catalogs, the periods with data,
the home province), each kept until the database says it has changed.

Every worker keeps its own copy, so nothing is shared between processes; what keeps them
right is the version check. Each lookup first asks the database for two cheap versions:

- catalog: a token in app_meta renewed by every catalog write (bump_catalog_version), plus
  the row counts of the catalog tables, so a catalog written by other means is noticed too;
- data: the newest upload, revision and observation ids (primary-key maxima: index seeks),
  which move with every load, correction and rollback, a token in app_meta renewed whenever
  metrics are rewritten (bump_data_version: a refresh after a catalog edit moves no id), and
  the catalog version.

A cached value is recomputed when the version it was computed under is no longer current.
The memo keeps the MAX_ENTRIES most recently used values (keys name regions and scopes, and a
worker may be asked about thousands of them).

Answers of the read API (metrics.api, through @shared_answer) are also shared between
workers: cached(shared=True) looks in the database's answer cache (db/answers.py) before
computing, and stores what it computed there.
"""

from __future__ import annotations

import functools
import numbers
import threading
import uuid
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import pandas as pd
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session

from db import answers
from db.models import AppMeta, Indicator, Observation, PeerGroupMember, Region, Revision, Upload

T = TypeVar("T")
CATALOG_VERSION_KEY = "catalog_version"
DATA_VERSION_KEY = "data_version"
# A worker keeps a shared answer in its own memo too when it pickles to at most this: the
# memo holds MAX_ENTRIES values, and a few large ones would cost more memory than time.
MEMO_MAX_BYTES = 256 * 1024

MAX_ENTRIES = 2048
_memo: OrderedDict[tuple, tuple[tuple, object]] = OrderedDict()
_lock = threading.Lock()
# Where shared answers came from in this worker: "memo", "shared" (another worker's) or
# "computed" (tests read them).
answer_counts: Counter[str] = Counter()


def _one(bind: Engine | Connection, stmt) -> tuple:
    if isinstance(bind, Connection):
        return tuple(bind.execute(stmt).one())
    with bind.connect() as conn:
        return tuple(conn.execute(stmt).one())


def _meta(key: str):
    return select(AppMeta.value).where(AppMeta.key == key).scalar_subquery()


def _catalog_columns() -> list:
    return [_meta(CATALOG_VERSION_KEY),
            select(func.count()).select_from(Indicator).scalar_subquery(),
            select(func.count()).select_from(Region).scalar_subquery(),
            select(func.count()).select_from(PeerGroupMember).scalar_subquery()]


# Built once: every cached() call runs one of them, and building a statement costs more
# than running it.
_CATALOG_VERSION = select(*_catalog_columns())
_DATA_VERSION = select(select(func.max(Upload.id)).scalar_subquery(),
                       select(func.max(Revision.id)).scalar_subquery(),
                       select(func.max(Observation.id)).scalar_subquery(),
                       _meta(DATA_VERSION_KEY), *_catalog_columns())


def catalog_version(bind: Engine | Connection) -> tuple:
    return _one(bind, _CATALOG_VERSION)


def data_version(bind: Engine | Connection) -> tuple:
    """The data's version and the catalog's, in one round trip."""
    return _one(bind, _DATA_VERSION)


def bump_catalog_version(session: Session) -> None:
    """Call in the transaction that edits a catalog: every worker rereads it afterwards.

    A fresh random token rather than a counter: two edits committed side by side cannot
    both write the same next number, and a restored backup cannot bring an old one back."""
    session.merge(AppMeta(key=CATALOG_VERSION_KEY, value=uuid.uuid4().hex))


def bump_data_version(session: Session) -> None:
    """Call in the transaction that rewrites metrics: every worker's memo, and the shared
    answers, are computed again afterwards (a fresh token, as bump_catalog_version)."""
    session.merge(AppMeta(key=DATA_VERSION_KEY, value=uuid.uuid4().hex))


METRICS_STALE_KEY = "refresh_metrics"


def ask_for_metrics_refresh(session: Session, reason: str) -> None:
    """Record, in the caller's transaction, that the stored metrics no longer follow the
    catalog (a peer group or a zone's parent changed). The metrics layer rebuilds them
    (metrics.refresh.refresh_if_asked); if the process stops first, the next start does."""
    if session.get(AppMeta, METRICS_STALE_KEY) is None:
        session.add(AppMeta(key=METRICS_STALE_KEY, value=reason[:64]))


def cached(bind: Engine | Connection, key: Hashable, load: Callable[[], T], *,
           on: str = "catalog", shared: bool = False) -> T:
    """load()'s result, reused while the catalog (on="catalog") or the data (on="data") is
    unchanged. DataFrames are handed out as copies, so a caller cannot alter the memo.

    shared: also reused by every other worker through the database's answer cache (only
    with an Engine: on a Connection the caller may be inside its own write)."""
    version = catalog_version(bind) if on == "catalog" else data_version(bind)
    slot = (bind.engine.url.render_as_string(hide_password=False), on, key)
    with _lock:
        hit = _memo.get(slot)
        if hit is not None:
            _memo.move_to_end(slot)
    if hit is not None and hit[0] == version:
        value = hit[1]
        if shared:
            answer_counts["memo"] += 1
    else:
        if shared and isinstance(bind, Engine):
            value, size = _shared(bind, key, version, load)
            keep = size <= MEMO_MAX_BYTES
        else:
            value, keep = load(), True
        if keep:
            with _lock:
                _memo[slot] = (version, value)
                _memo.move_to_end(slot)
                while len(_memo) > MAX_ENTRIES:
                    _memo.popitem(last=False)  # the least recently used
    return value.copy() if isinstance(value, pd.DataFrame) else value


def _keys(key: Hashable, version: tuple) -> tuple[str, str]:
    """(the answer's key, its version stamp) in the shared answer cache."""
    stamp = answers.digest(answers.code_version(), version)
    return answers.digest(stamp, key), stamp


def _shared(engine: Engine, key: Hashable, version: tuple, load: Callable[[], T]
            ) -> tuple[T, int]:
    """The answer another worker stored under this version, or load()'s, stored for them."""
    answer_key, stamp = _keys(key, version)
    found, value, size = answers.fetch(engine, answer_key)
    if found:
        answer_counts["shared"] += 1
        return value, size
    value = load()
    answer_counts["computed"] += 1
    return value, answers.keep(engine, answer_key, stamp, value)


def shared_value(engine: Engine, key: Hashable, version: tuple) -> tuple[bool, object]:
    """(found, value): the shared answer to cached(..., on="data", shared=True)'s key under
    this data version, without computing it."""
    found, value, _ = answers.fetch(engine, _keys(key, version)[0])
    return found, value


def share_value(engine: Engine, key: Hashable, version: tuple, value: object) -> None:
    """Store the answer to key under this data version for every worker: what a writer
    knows of the version it made, so that no worker computes it again."""
    answer_key, stamp = _keys(key, version)
    answers.keep(engine, answer_key, stamp, value)


class _Unkeyable(Exception):
    """An argument that does not say its value in its repr (a generator, an object)."""


def _plain(value):
    """value as a key part: str, number, bool, None, a tuple of them (a set sorted), or an
    object's answer_key()."""
    if value is None or isinstance(value, (str, bool, float)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(_plain(v) for v in value))
    answer_key = getattr(value, "answer_key", None)  # an object that says what it holds
    if callable(answer_key):
        return (type(value).__qualname__, _plain(answer_key()))
    raise _Unkeyable


def shared_answer(function: Callable[..., T]) -> Callable[..., T]:
    """Decorate a read function(engine, ...) whose answer depends only on its arguments and
    the data: the answer is computed once for every worker until the data change. A call
    with an argument that cannot be part of a key is computed as before."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def answer(engine, *args, **kwargs):
        try:
            question = (name, _plain(args), _plain(sorted(kwargs.items())))
        except _Unkeyable:
            return function(engine, *args, **kwargs)
        return cached(engine, question, lambda: function(engine, *args, **kwargs), on="data",
                      shared=True)
    return answer


def clear() -> None:
    with _lock:
        _memo.clear()
