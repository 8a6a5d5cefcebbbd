"""Ranks by value and by growth in a scope: competition ranking ("1, 2, 2, 4") with ties
marked, the number ranked, and the change against the same period a year before.

A region's ranks in its default scope and its peer group are stored with its values
(metrics.refresh); the ranks of a whole scope are ranked again from those values when a
page asks for them (metrics.api.ranking), by the same functions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.numbers import snap

PERIOD = ["indicator_code", "scope_kind", "scope_code", "year", "slot"]
RANK_COLUMNS = ["rank", "rank_of", "tied", "rank_change",
                "growth_rank", "growth_rank_of", "growth_tied", "growth_rank_change"]


def competition_rank(keys: pd.Series, groups: pd.Series) -> pd.DataFrame:
    """Smallest key first within each group; equal keys share the best rank and the next
    rank skips (1, 2, 2, 4). Rows with no key are not ranked and do not count.

    One sort by (group, key) in numpy: a page ranks a scope of a few dozen regions on each
    request, where pandas' group machinery cost ten times as much as the ranking."""
    key = keys.to_numpy(dtype=float, na_value=np.nan)
    group = groups.to_numpy()
    missing = np.isnan(key)
    ranked = np.flatnonzero(~missing)
    order = ranked[np.lexsort((key[ranked], group[ranked]))]
    g, k = group[order], key[order]
    first_of_group = np.r_[True, g[1:] != g[:-1]][:len(order)]
    first_of_run = first_of_group | np.r_[True, k[1:] != k[:-1]][:len(order)]  # equal keys
    position = np.arange(len(order))
    group_start = np.maximum.accumulate(np.where(first_of_group, position, 0))
    run_start = np.maximum.accumulate(np.where(first_of_run, position, 0))
    group_id, run_id = np.cumsum(first_of_group) - 1, np.cumsum(first_of_run) - 1
    rank, rank_of = np.full(len(key), np.nan), np.full(len(key), np.nan)
    tied = np.zeros(len(key), dtype=bool)
    if len(order):
        rank[order] = run_start - group_start + 1
        rank_of[order] = np.bincount(group_id)[group_id]
        tied[order] = np.bincount(run_id)[run_id] > 1
    return pd.DataFrame({"rank": rank, "rank_of": rank_of,
                         "tied": pd.arrays.BooleanArray(tied, missing)}, index=keys.index)


def rank_all(values: pd.DataFrame, members: pd.DataFrame, direction: pd.Series,
             earlier: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per value and scope its region belongs to, with both ranks and changes.

    Direction-aware: for a lower-is-better indicator the lowest value ranks first, and so
    does the lowest growth (a falling figure is the good news there). direction: 'higher' or
    'lower' by indicator code. earlier: ranks of the year before the values' first year, for
    that year's rank changes.
    """
    frame = values[["indicator_code", "region_code", "year", "slot", "value",
                    "yoy_growth_pct"]].merge(members, on="region_code")
    if frame.empty:
        return frame.assign(**{c: pd.Series(dtype=float) for c in RANK_COLUMNS})
    lower = frame["indicator_code"].map(direction).eq("lower")
    sign = np.where(lower.to_numpy(), 1.0, -1.0)
    groups = pd.Series(frame.groupby(PERIOD, sort=False).ngroup().to_numpy(), index=frame.index)
    by_value = competition_rank(pd.Series(snap(frame["value"]) * sign, index=frame.index),
                                groups)
    by_growth = competition_rank(
        pd.Series(snap(frame["yoy_growth_pct"]) * sign, index=frame.index), groups)
    frame = frame.assign(
        rank=by_value["rank"], rank_of=by_value["rank_of"], tied=by_value["tied"],
        growth_rank=by_growth["rank"], growth_rank_of=by_growth["rank_of"],
        growth_tied=by_growth["tied"])
    return add_rank_changes(frame, earlier)


def add_rank_changes(frame: pd.DataFrame, earlier: pd.DataFrame | None = None) -> pd.DataFrame:
    """rank_change = rank a year before − rank now (positive = moved up); none when the
    region was not ranked a year before, so a newcomer shows no jump."""
    keys = ["indicator_code", "scope_kind", "scope_code", "slot", "region_code", "year"]
    before = frame[keys + ["rank", "growth_rank"]]
    if earlier is not None and not earlier.empty:
        before = pd.concat([_as_scopes_of(frame, earlier[keys + ["rank", "growth_rank"]]),
                            before], ignore_index=True)
    before = before.rename(
        columns={"rank": "rank_before", "growth_rank": "growth_rank_before"})
    before = before.assign(year=before["year"] + 1)
    frame = frame.merge(before, on=keys, how="left")
    return frame.assign(
        rank_change=frame["rank_before"] - frame["rank"],
        growth_rank_change=frame["growth_rank_before"] - frame["growth_rank"],
    ).drop(columns=["rank_before", "growth_rank_before"])


def _as_scopes_of(frame: pd.DataFrame, earlier: pd.DataFrame) -> pd.DataFrame:
    """earlier's scopes in frame's categories, when frame has them (a load's refresh), so the
    join on them compares integers; a scope frame does not have (no longer stored) cannot
    match any of frame's rows and is left out rather than turned into a missing key."""
    scopes = {c: frame[c].dtype for c in ("scope_kind", "scope_code")
              if isinstance(frame[c].dtype, pd.CategoricalDtype)}
    if not scopes:
        return earlier
    known = np.logical_and.reduce([earlier[c].isin(t.categories).to_numpy()
                                   for c, t in scopes.items()])
    return earlier[known].astype(scopes)


def attach_headline_ranks(values: pd.DataFrame, ranks: pd.DataFrame) -> pd.DataFrame:
    """Copy into each value its rank in the region's default scope and in its peer group
    (the first group by code, when a region belongs to several)."""
    key = ["indicator_code", "region_code", "year", "slot"]
    default = ranks.loc[ranks["is_default"].astype(bool), key + ["scope_kind", "scope_code"]
                        + RANK_COLUMNS].rename(columns={"scope_kind": "rank_scope_kind",
                                                        "scope_code": "rank_scope_code"})
    peer = ranks[ranks["scope_kind"] == "peer"].sort_values("scope_code", kind="stable")
    peer = peer.drop_duplicates(key)[key + ["scope_code", "rank", "rank_of", "tied",
                                            "rank_change"]]
    peer = peer.rename(columns={"scope_code": "peer_group", "rank": "peer_group_rank",
                                "rank_of": "peer_group_rank_of", "tied": "peer_group_tied",
                                "rank_change": "peer_group_rank_change"})
    return values.merge(default, on=key, how="left").merge(peer, on=key, how="left")


def stored_ranks(values: pd.DataFrame) -> pd.DataFrame:
    """The ranks stored with values (attach_headline_ranks) as rank rows again, in the
    columns rank_all takes as `earlier`: the default scope's, and the peer group's (whose
    growth rank is not stored)."""
    key = ["indicator_code", "region_code", "year", "slot"]
    default = values[values["rank"].notna()]
    default = default[key + ["rank_scope_kind", "rank_scope_code", "rank", "growth_rank"]] \
        .rename(columns={"rank_scope_kind": "scope_kind", "rank_scope_code": "scope_code"})
    peer = values[values["peer_group_rank"].notna()]
    peer = peer[key + ["peer_group", "peer_group_rank"]].rename(
        columns={"peer_group": "scope_code", "peer_group_rank": "rank"}).assign(
        scope_kind="peer", growth_rank=np.nan)
    return pd.concat([default, peer], ignore_index=True)


def as_published(frame: pd.DataFrame, counts: dict[int, float]) -> pd.DataFrame:
    """A scope's ranking of a rank published for that very scope (the 商务部 evaluation of the
    national ETDZs): each region's rank is the published one, out of the number the
    publication ranked that year (counts; unknown: none), its change against the year
    before's published rank. Ranked again from the values, a year known only in part (2023:
    Jiangsu's zones) would say 第2位 of a zone published 4th."""
    value = frame["value"].astype(float)
    previous = frame[["region_code", "year", "value"]].assign(year=frame["year"] + 1) \
        .rename(columns={"value": "previous"})
    before = frame[["region_code", "year"]].merge(previous, on=["region_code", "year"],
                                                  how="left")["previous"].to_numpy()
    of = frame["year"].map(counts).astype(float)
    tied = frame.assign(v=value).duplicated(["year", "v"], keep=False).to_numpy()
    return frame.assign(rank=value, rank_of=of.where(of.notna()),
                        tied=pd.array(tied, dtype="boolean"), rank_change=before - value)
