"""Numeric helpers shared by the metrics modules."""

from __future__ import annotations

import math

import numpy as np


def is_missing(value) -> bool:
    """None, NaN, pandas' NA or anything that is not a number: no figure to state."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def snap(values, digits: int = 12) -> np.ndarray:
    """Round to `digits` significant digits, so that one figure computed two ways (a ratio
    from sums in a different order, 3 × 0.1) still equals itself when compared."""
    values = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        magnitude = np.floor(np.log10(np.abs(values)))
        scale = np.power(10.0, digits - 1 - magnitude)
        snapped = np.round(values * scale) / scale
    return np.where(np.isfinite(snapped), snapped, np.where(values == 0, 0.0, np.nan))
