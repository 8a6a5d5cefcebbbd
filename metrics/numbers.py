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


# A percentage (a ratio such as R&D intensity, a reported rate) changes in percentage points:
# its growth in % of itself is not what reports state ("研发投入强度提高0.05个百分点").
# The change is the net increase v(t) - v(t-1) of the recomputed ratio, never a % growth.
PERCENT_UNITS = ("%", "％")


def changes_in_points(unit, kind=None) -> bool:
    """Whether an indicator's year-on-year change is stated in percentage points rather than
    as growth in %: every percentage but a reported rank."""
    return unit in PERCENT_UNITS and kind != "rank"


def points(value) -> str:
    """A change of a percentage in percentage points, magnitude only (the words say which
    way), two decimals at most: -0.0523 -> "0.05", 2.1 -> "2.1"."""
    text = f"{abs(float(value)):.2f}".rstrip("0").rstrip(".")
    return text or "0"
