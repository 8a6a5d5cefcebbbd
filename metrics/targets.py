"""Progress against annual targets (目标完成率) and whether a quarter is on track: pure."""

from __future__ import annotations

import numpy as np
import pandas as pd


def progress(frame: pd.DataFrame, quarter: int) -> pd.DataFrame:
    """Add progress_pct, expected, expected_pct and on_track.

    frame: one row per target, columns kind, direction, target, value (the period's value,
    year to date for flows), value_last_year_end (last year's annual value, or NaN).

    - progress_pct = value / target × 100 (lower is better: target / value × 100).
    - expected by the end of the quarter: for a flow, target × quarter / 4 (a year-to-date
      figure grows through the year); for a stock, last year's end value plus the quarter's
      share of the planned increase, or the target itself when last year is unknown; for
      ratios, rates and ranks, the target.
    - on_track: value ≥ expected (≤ for lower is better); unknown without a value.
    """
    target = frame["target"].astype(float)
    value = frame["value"].astype(float)
    lower = frame["direction"].eq("lower").to_numpy()
    share = quarter / 4 if quarter else 1.0
    base = frame["value_last_year_end"].astype(float)
    expected = np.select(
        [np.full(len(frame), quarter == 0), frame["kind"].eq("flow").to_numpy(),
         frame["kind"].eq("stock").to_numpy() & base.notna().to_numpy()],
        [target, target * share, base + (target - base) * share], default=target)
    expected = pd.Series(expected, index=frame.index)
    with np.errstate(divide="ignore", invalid="ignore"):
        higher_pct = value / target * 100
        lower_pct = target / value * 100
    progress_pct = pd.Series(np.where(lower, lower_pct, higher_pct), index=frame.index)
    progress_pct = progress_pct.where(np.isfinite(progress_pct) & (target > 0).to_numpy())
    on_track = pd.Series(np.where(lower, value <= expected, value >= expected),
                         index=frame.index).astype("boolean").where(value.notna())
    return frame.assign(progress_pct=progress_pct, expected=expected,
                        expected_pct=(expected / target * 100).where(target > 0),
                        on_track=on_track)
