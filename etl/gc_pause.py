"""Python's cyclic garbage collector, kept out of the way of a load: the one place the
project tunes it.

- gc_paused: off for the length of a load. A load allocates hundreds of thousands of small
  objects (cells, records, rows for the driver) and almost no reference cycles; each
  allocation burst made the collector walk every object the process holds, pandas' and
  SQLAlchemy's included: 15-18 % of a province load. Reference counting still frees
  everything that is not a cycle, and the collector runs as usual once the load returns.
- collect_from_here: `python -m etl` imports its modules with the collector off
  (etl/__main__.py); what they make lives as long as the process, so it is frozen out of
  every later collection before the collector is turned back on."""

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


def collect_from_here() -> None:
    """The command's modules are imported: turn the collector back on if the process started
    with it off (etl/__main__.py), leaving what exists now out of every later collection
    (gc.freeze). A caller that never turned it off is left as it was."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
