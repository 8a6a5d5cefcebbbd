"""Milestones a report can state for a year: a threshold crossed (突破1%), doubling over N
years (三年翻番), the first non-zero value (零的突破), the best value on record (历史最高).
Pure functions over a region's history; vectorised over indicators."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from metrics.labels import MILESTONES
from metrics.numbers import snap

COLUMNS = ["indicator_code", "milestone", "milestone_zh", "milestone_en", "year", "value",
           "threshold", "reference_year", "reference_value"]
# Counting and amount kinds: doubling and "first non-zero" make sense only for them.
LEVEL_KINDS = ("flow", "stock", "ratio")


def round_threshold_crossed(previous: pd.Series, current: pd.Series,
                            lower_is_better: pd.Series) -> pd.Series:
    """The round number crossed from previous to current, if any.

    Higher is better: the largest d × 10^k (d = 1..9) with previous < it ≤ current, found at
    the current value's leading digit (0.95 → 1.02 crosses 1; 280 → 312 crosses 300;
    2.31 → 2.45 crosses nothing). Lower is better (a reported rank): the power of ten
    entered from above (12 → 9 enters the top 10).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        magnitude = np.floor(np.log10(current.where(current > 0)))
        step = np.power(10.0, magnitude)
        upward = pd.Series(snap(np.floor(current / step + 1e-9) * step), index=current.index)
        downward = np.power(10.0, np.ceil(np.log10(current.where(current > 0)) - 1e-12))
    previous, current = pd.Series(snap(previous), index=previous.index), pd.Series(
        snap(current), index=current.index)
    up_ok = (~lower_is_better) & (upward > previous) & (upward <= current)
    down_ok = lower_is_better & (downward < previous) & (downward >= current)
    return upward.where(up_ok, downward.where(down_ok))


def explicit_threshold_crossed(frame: pd.DataFrame,
                               thresholds: Mapping[str, list[float]]) -> pd.Series:
    """The highest configured threshold crossed (lowest, for lower-is-better)."""
    table = pd.DataFrame([(code, float(t)) for code, ts in thresholds.items() for t in ts],
                         columns=["indicator_code", "threshold"])
    cand = frame[["value", "previous", "lower"]].rename_axis("indicator_code").reset_index() \
        .merge(table, on="indicator_code")
    up = (~cand["lower"]) & (cand["previous"] < cand["threshold"]) \
        & (cand["threshold"] <= cand["value"])
    down = cand["lower"] & (cand["previous"] > cand["threshold"]) \
        & (cand["threshold"] >= cand["value"])
    cand = cand[up | down]
    best = cand.assign(order=np.where(cand["lower"], -cand["threshold"], cand["threshold"]))
    best = best.sort_values("order").drop_duplicates("indicator_code", keep="last")
    return best.set_index("indicator_code")["threshold"].reindex(frame.index)


def find_milestones(history: pd.DataFrame, year: int,
                    thresholds: Mapping[str, list[float]] | None = None,
                    doubling_years: int = 3) -> pd.DataFrame:
    """Milestones reached in `year`.

    history: one region's values of one period kind across years, columns indicator_code,
    kind, direction, year, value. A milestone needs the record to prove it: a threshold is
    crossed only if last year's value was below it; a first non-zero value only if earlier
    years are on record and all zero; a record only against at least one earlier year.
    """
    history = history[history["year"] <= year]
    now = history[history["year"] == year].set_index("indicator_code")
    if now.empty:
        return pd.DataFrame(columns=COLUMNS)
    earlier = history[history["year"] < year]
    by_code = earlier.groupby("indicator_code")["value"]
    frame = now[["kind", "direction", "value"]].assign(
        lower=now["direction"].eq("lower"),
        previous=earlier[earlier["year"] == year - 1].set_index("indicator_code")["value"]
        .reindex(now.index),
        best_before=by_code.max().reindex(now.index),
        worst_before=by_code.min().reindex(now.index),
        n_before=by_code.size().reindex(now.index).fillna(0),
        max_abs_before=earlier.assign(a=earlier["value"].abs()).groupby("indicator_code")["a"]
        .max().reindex(now.index),
        reference=earlier[earlier["year"] == year - doubling_years]
        .set_index("indicator_code")["value"].reindex(now.index),
    )
    level_kind = frame["kind"].isin(LEVEL_KINDS)
    found = []

    crossed = round_threshold_crossed(frame["previous"], frame["value"], frame["lower"])
    crossed = crossed.where(level_kind | frame["lower"])
    if thresholds:
        explicit = explicit_threshold_crossed(frame, thresholds)
        crossed = explicit.where(explicit.notna(), crossed)
    hit = crossed.notna()
    found.append(_rows(frame[hit], "threshold", year, threshold=crossed[hit],
                       reference_year=year - 1, reference_value=frame.loc[hit, "previous"]))

    doubled = level_kind & ~frame["lower"] & (frame["reference"] > 0) \
        & (frame["value"] >= 2 * frame["reference"])
    found.append(_rows(frame[doubled], "doubling", year,
                       reference_year=year - doubling_years,
                       reference_value=frame.loc[doubled, "reference"]))

    first = level_kind & ~frame["lower"] & (frame["value"] > 0) & (frame["n_before"] > 0) \
        & (frame["max_abs_before"] == 0)
    found.append(_rows(frame[first], "first_nonzero", year))

    high = ~frame["lower"] & (frame["n_before"] > 0) & (frame["value"] > frame["best_before"])
    found.append(_rows(frame[high], "record", year,
                       reference_value=frame.loc[high, "best_before"]))
    best = frame["lower"] & (frame["n_before"] > 0) & (frame["value"] < frame["worst_before"])
    found.append(_rows(frame[best], "record_best", year,
                       reference_value=frame.loc[best, "worst_before"]))
    found = [f for f in found if not f.empty]
    if not found:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(found, ignore_index=True)[COLUMNS]


def _rows(frame: pd.DataFrame, kind: str, year: int, threshold=np.nan, reference_year=None,
          reference_value=np.nan) -> pd.DataFrame:
    zh, en = MILESTONES[kind]
    return pd.DataFrame({
        "indicator_code": frame.index, "milestone": kind, "milestone_zh": zh,
        "milestone_en": en, "year": year, "value": frame["value"].to_numpy(),
        "threshold": np.asarray(threshold, dtype=float) if np.ndim(threshold) else threshold,
        "reference_year": reference_year,
        "reference_value": np.asarray(reference_value, dtype=float)
        if np.ndim(reference_value) else reference_value,
    })
