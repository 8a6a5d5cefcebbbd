"""Python's cyclic garbage collector paused for the length of a load.

A load allocates hundreds of thousands of small objects (cells, records, rows for the
driver) and almost no reference cycles; each allocation burst made the collector walk every
object the process holds, pandas' and SQLAlchemy's included: 15-18 % of a province load.
Reference counting still frees everything that is not a cycle, and the collector runs as
usual once the load returns."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(work: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(work)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return work(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()
    return paused
