"""A series as it would read once values awaiting review are approved: what the "include
pending" switch of the Trends page draws for the uploader and the round's reviewers.

Only the indicator's own values are replaced. Growth against the year before is worked out
again by metrics.derived.yoy_growth_pct, add_growth's formula, for the rows a staged value touches;
ranks of those rows are unknown until the values are published (left empty), and sums and
ratios built from the indicator (a city's total, an intensity) follow only on approval.
"""

from __future__ import annotations

import pandas as pd

from metrics.catalog import NO_GROWTH_KINDS
from metrics.derived import yoy_growth_pct

PERIOD = ["region_code", "year", "quarter", "cumulative"]


def with_pending(series: pd.DataFrame, staged: pd.DataFrame, kind: str) -> pd.DataFrame:
    """series: one indicator's rows (metrics.api.series columns, one view: annual, or
    quarters year-to-date, or quarters alone); staged: values of that indicator and view
    (db.rounds.pending_values). Returns the series with each staged value in place of the
    published one (or added), and a boolean column `pending` marking them."""
    out = series.assign(pending=False)
    if staged.empty:
        return out
    staged = staged.assign(cumulative=staged["cumulative"].astype(bool))
    # The newest submission's value where two wait for the same cell.
    staged = staged.sort_values("submission_id").drop_duplicates(PERIOD, keep="last")
    new = staged[PERIOD + ["region_name_zh", "region_name_en", "value"]].assign(pending=True)
    kept = out.merge(new[PERIOD], on=PERIOD, how="left", indicator=True)
    out = out[(kept["_merge"] == "left_only").to_numpy()]
    out = pd.concat([out, new.reindex(columns=out.columns)], ignore_index=True)
    out = out.sort_values(PERIOD, kind="stable").reset_index(drop=True)
    return _regrown(out, kind)


def _regrown(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Growth against the same period a year before, again, where either value is staged."""
    before = frame[PERIOD + ["value", "pending"]].rename(
        columns={"value": "prev_value", "pending": "prev_pending"})
    before = before.assign(year=before["year"] + 1)
    joined = frame.merge(before, on=PERIOD, how="left")
    touched = (joined["pending"] | joined["prev_pending"].fillna(False).astype(bool)).to_numpy()
    growth = yoy_growth_pct(joined["value"].astype(float), joined["prev_value"].astype(float),
                            kind not in NO_GROWTH_KINDS)
    frame = frame.copy()
    frame["yoy_growth_pct"] = frame["yoy_growth_pct"].astype(float).where(~touched, growth.to_numpy())
    for column in ("rank", "rank_of"):
        if column in frame:
            frame[column] = frame[column].astype(float).where(~frame["pending"].to_numpy())
    return frame
