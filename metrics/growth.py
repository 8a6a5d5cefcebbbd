"""Average annual growth (CAGR) over a span of years: pure functions."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd


def cagr_pct(start_value: float | None, end_value: float | None, years: float) -> float | None:
    """((end / start) ^ (1 / years) − 1) × 100; None when it cannot be stated (no span, a
    missing end, a start that is not positive, or an end below zero)."""
    if start_value is None or end_value is None or years is None or years <= 0:
        return None
    if not (math.isfinite(start_value) and math.isfinite(end_value)):
        return None
    if start_value <= 0 or end_value < 0:
        return None
    return ((end_value / start_value) ** (1.0 / years) - 1.0) * 100.0


def cagr_between(values_by_year: Mapping[int, float] | pd.Series, start_year: int,
                 end_year: int) -> float | None:
    """CAGR from start_year to end_year. The span is end_year − start_year whatever lies in
    between: a missing middle year changes nothing (counting the years on record instead
    would give the wrong exponent). A missing start or end year gives None, never a
    silently shorter span."""
    values = dict(values_by_year.items()) if isinstance(values_by_year, pd.Series) \
        else dict(values_by_year)
    start, end = values.get(start_year), values.get(end_year)
    if start is None or end is None:
        return None
    return cagr_pct(float(start), float(end), end_year - start_year)


def cagr_vector(start: pd.Series, end: pd.Series, years: float) -> pd.Series:
    """cagr_pct for aligned Series (e.g. one value per region), NaN where undefined."""
    ok = (start > 0) & (end >= 0) & (years > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = ((end / start) ** (1.0 / years) - 1.0) * 100.0
    return result.where(ok)
