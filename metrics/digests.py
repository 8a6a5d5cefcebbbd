"""Fingerprints of the metric rows per indicator and period, to find the periods a refresh
really changed: rewriting only those is what keeps a quarterly load fast."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Boolean, Float, Integer, Table

GROUP = ["indicator_code", "year", "quarter"]
COLUMNS = GROUP + ["values_hash", "n_values"]


def _canonical(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The table's columns with one dtype per SQL type, so equal content hashes equally
    whatever dtype a merge happened to leave behind."""
    out = {}
    for column in table.columns:
        series = frame[column.name]
        if isinstance(column.type, Boolean):
            series = series.astype("boolean").astype("Float64")
        if isinstance(column.type, (Boolean, Integer, Float)):
            out[column.name] = pd.to_numeric(series).to_numpy(dtype=float, na_value=np.nan)
        else:
            out[column.name] = series.astype("str")
    return pd.DataFrame(out, index=frame.index)


def _group_hashes(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """XOR of the row hashes within each group (rows are unique, so none cancel out)."""
    if frame.empty:
        return pd.DataFrame({**{c: [] for c in GROUP}, "hash": [], "n": []})
    row_hash = pd.util.hash_pandas_object(_canonical(frame, table), index=False).to_numpy()
    # Group numbers in key order; comparing neighbouring keys as strings costs far more.
    group = frame.groupby(GROUP, sort=True).ngroup().to_numpy()
    order = np.argsort(group, kind="stable")
    group, hashes = group[order], row_hash[order]
    starts = np.flatnonzero(np.diff(group, prepend=-1))
    counts = np.diff(np.append(starts, len(group)))
    keys = frame[GROUP].iloc[order[starts]].reset_index(drop=True)
    return keys.assign(
        hash=np.bitwise_xor.reduceat(hashes, starts).view(np.int64), n=counts)


def digests(values: pd.DataFrame, table: Table) -> pd.DataFrame:
    """One row per (indicator, year, quarter) present in the frame."""
    found = _group_hashes(values, table).rename(columns={"hash": "values_hash",
                                                         "n": "n_values"})
    return found.astype({"year": int, "quarter": int, "values_hash": np.int64,
                         "n_values": np.int64})[COLUMNS]


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(indicator_code=frame["indicator_code"].astype(object),
                        year=frame["year"].astype(int), quarter=frame["quarter"].astype(int))


def changed_groups(new: pd.DataFrame, old: pd.DataFrame) -> pd.DataFrame:
    """Groups whose fingerprint differs, appeared or disappeared."""
    new, old = _keyed(new), _keyed(old)
    merged = new.merge(old, on=GROUP, how="outer", suffixes=("", "_old"))
    same = np.ones(len(merged), dtype=bool)
    for column in ("values_hash", "n_values"):
        same &= (merged[column] == merged[f"{column}_old"]).fillna(False).to_numpy(dtype=bool)
    return merged.loc[~same, GROUP].reset_index(drop=True)
