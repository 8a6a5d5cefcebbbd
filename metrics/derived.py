"""Values derived from the reported ones: single quarters and year-to-date figures from each
other, parents summed from their children, ratios from numerator and denominator, shares of
the parent, and growth on the same period a year before. Vectorised; no loop over rows.

Inside this module a period is a *slot*: 0 = annual, 1-4 = year to date (or period end) at
the end of quarter 1-4, 5-8 = quarter 1-4 alone. One integer keeps the pivots simple. Slot 5
(quarter 1 alone) is slot 1 by definition and is folded into it before anything is stored.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.catalog import NO_GROWTH_KINDS, SUMMABLE_KINDS, Catalog

KEY = ["indicator_code", "region_code", "year", "slot"]
VALUE_COLUMNS = KEY + ["value", "status"]
DERIVED = "derived"


def to_slots(obs: pd.DataFrame, single_view: pd.Series) -> pd.DataFrame:
    """Observations (quarter, cumulative) → slots, one value per key.

    Annual figures are full-year figures whatever their flag says. A stock or a rate has one
    value per quarter (period end or as reported), so its flag is ignored too; where a sheet
    gave both flags for it, the cumulative one wins.
    """
    quarter = obs["quarter"].to_numpy(dtype=int)
    cumulative = obs["cumulative"].to_numpy(dtype=bool)
    has_single = obs["indicator_code"].map(single_view).fillna(False).to_numpy(dtype=bool)
    single = (~cumulative) & has_single & (quarter > 0)
    frame = pd.DataFrame({
        "indicator_code": obs["indicator_code"], "region_code": obs["region_code"],
        "year": obs["year"].astype(int), "slot": np.where(single, quarter + 4, quarter),
        "value": obs["value"].astype(float), "status": obs["status"], "_preferred": cumulative,
    })
    frame = frame.sort_values("_preferred", ascending=False, kind="stable")
    return frame.drop_duplicates(KEY).drop(columns="_preferred").reset_index(drop=True)


def from_slots(frame: pd.DataFrame) -> pd.DataFrame:
    slot = frame["slot"].to_numpy()
    return frame.assign(quarter=np.where(slot > 4, slot - 4, slot), cumulative=slot <= 4)


def _new_rows(index: pd.MultiIndex, before: np.ndarray, after: np.ndarray) -> pd.DataFrame:
    """Cells empty before and filled after, as long rows with status 'derived'."""
    rows, cols = np.nonzero(np.isnan(before) & ~np.isnan(after))
    return pd.DataFrame({
        "indicator_code": index.get_level_values(0)[rows],
        "region_code": index.get_level_values(1)[rows],
        "year": index.get_level_values(2)[rows].astype(int),
        "slot": cols, "value": after[rows, cols], "status": DERIVED,
    })


def complete_periods(values: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Fill the periods a region's own figures imply, for flows and stocks.

    - A year reported quarterly gets its Q4 year-to-date (or period end) from the annual
      figure, and the annual figure from Q4 (1-12月 is the year).
    - Flows only: quarter q alone = year-to-date(q) − year-to-date(q−1), and year-to-date(q)
      = year-to-date(q−1) + quarter q alone. Stocks are never differenced.
    """
    kind = values["indicator_code"].map(catalog.indicators["kind"])
    part = values[kind.isin(SUMMABLE_KINDS)]
    if part.empty:
        return values
    wide = part.pivot(index=["indicator_code", "region_code", "year"], columns="slot",
                      values="value").reindex(columns=range(9))
    before = wide.to_numpy(dtype=float)
    a = before.copy()
    has_quarters = ~np.isnan(a[:, 1:]).all(axis=1)
    a[:, 4] = np.where(np.isnan(a[:, 4]) & has_quarters, a[:, 0], a[:, 4])
    is_flow = (wide.index.get_level_values(0).map(catalog.indicators["kind"]) == "flow")
    is_flow = np.asarray(is_flow, dtype=bool)
    for q in range(1, 5):
        previous = np.zeros(len(a)) if q == 1 else a[:, q - 1]
        single = np.where(np.isnan(a[:, q + 4]), a[:, q] - previous, a[:, q + 4])
        a[:, q + 4] = np.where(is_flow, single, a[:, q + 4])
        to_date = np.where(np.isnan(a[:, q]), previous + a[:, q + 4], a[:, q])
        a[:, q] = np.where(is_flow, to_date, a[:, q])
    a[:, 0] = np.where(np.isnan(a[:, 0]), a[:, 4], a[:, 0])
    return pd.concat([values, _new_rows(wide.index, before, a)], ignore_index=True)


def sum_up_hierarchy(values: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """A parent that did not report a flow or stock gets the sum of its children, but only
    when every child has a value: a sum over the regions that happened to report would be a
    wrong total, and a missing value is not zero. Zones are inside their county already and
    are never added. Counties sum to cities first, then cities to the province."""
    summable = values["indicator_code"].map(catalog.indicators["kind"]).isin(SUMMABLE_KINDS)
    if not summable.any():
        return values
    depth, child_parent, n_children = catalog.admin_tree
    # Only flows and stocks are summed, and the sums are flows and stocks again: the
    # levels below work on this part alone, not on every value.
    part = values[summable.to_numpy()]
    added = []
    for level_depth in sorted(depth.unique(), reverse=True):
        if level_depth == 0:
            continue
        children = child_parent[child_parent.index.isin(depth.index[depth == level_depth])]
        kids = part[part["region_code"].isin(children.index)]
        if kids.empty:
            continue
        kids = kids.assign(parent=kids["region_code"].map(children))
        totals = (kids.groupby(["indicator_code", "parent", "year", "slot"])["value"]
                  .agg(["sum", "count"]).reset_index())
        complete = totals["count"].to_numpy() == totals["parent"].map(n_children).to_numpy()
        totals = totals[complete].rename(columns={"parent": "region_code", "sum": "value"})
        parents = part[part["region_code"].isin(set(totals["region_code"]))]
        new = _anti_join(totals[KEY + ["value"]], parents).assign(status=DERIVED)
        part = pd.concat([part, new], ignore_index=True)
        added.append(new)
    return pd.concat([values, *added], ignore_index=True) if added else values


def _anti_join(candidates: pd.DataFrame, existing: pd.DataFrame) -> pd.DataFrame:
    """Rows of candidates whose key is not in existing (a reported figure always wins)."""
    if candidates.empty or existing.empty:
        return candidates
    known = pd.MultiIndex.from_frame(existing[KEY])
    return candidates[~pd.MultiIndex.from_frame(candidates[KEY]).isin(known)]


def _component(rows: pd.DataFrame | None, as_single: bool) -> pd.DataFrame:
    """One indicator's rows as a ratio's numerator or denominator."""
    if rows is None:
        return pd.DataFrame(columns=["region_code", "year", "slot", "value"])
    part = rows[["region_code", "year", "slot", "value"]]
    if as_single:
        # A stock under a flow-based ratio: its period-end value serves the quarter alone too.
        ends = part[(part["slot"] >= 1) & (part["slot"] <= 4)]
        part = pd.concat([part, ends.assign(slot=ends["slot"] + 4)], ignore_index=True)
    return part


def recompute_ratios(values: pd.DataFrame, catalog: Catalog, codes: set[str]) -> pd.DataFrame:
    """Ratio = numerator / denominator × scale wherever both exist and the ratio was not
    reported, at every level: a city's R&D intensity is the city's R&D over the city's GDP,
    never an average of its counties' intensities."""
    indicators, single_view = catalog.indicators, catalog.single_view
    # The rows of each indicator, split once (a ratio may be a part of a later one).
    rows = dict(tuple(values.groupby("indicator_code", sort=False)))
    added = []
    for code in catalog.ratio_order:
        if code not in codes:
            continue
        spec = indicators.loc[code]
        wants_single = bool(single_view[code])
        num = _component(rows.get(spec["numerator"]),
                         wants_single and not single_view.get(spec["numerator"], False))
        den = _component(rows.get(spec["denominator"]),
                         wants_single and not single_view.get(spec["denominator"], False))
        both = num.merge(den, on=["region_code", "year", "slot"], suffixes=("_num", "_den"))
        both = both[both["value_den"].ne(0) & both["value_num"].notna()
                    & both["value_den"].notna()]
        if not wants_single:
            both = both[both["slot"] <= 4]
        ratio = pd.DataFrame({
            "indicator_code": code, "region_code": both["region_code"], "year": both["year"],
            "slot": both["slot"],
            "value": both["value_num"] / both["value_den"] * float(spec["scale"]),
        })
        reported = rows.get(code)
        new = (_anti_join(ratio, reported) if reported is not None else ratio).assign(
            status=DERIVED)
        rows[code] = pd.concat([reported, new], ignore_index=True)
        added.append(new)
    return pd.concat([values, *added], ignore_index=True) if added else values


def fold_first_quarter_alone(values: pd.DataFrame) -> pd.DataFrame:
    """Quarter 1 alone is the year to date at quarter 1 (一季度 = 1-3月): one row, slot 1,
    serves both views (metrics.catalog.stored_cumulative), where two were a third of a Q1
    load's metric rows. Slot 1 keeps the status of a reported first quarter alone."""
    alone = values["slot"].to_numpy() == 5
    if not alone.any():
        return values
    reported = values.loc[alone & values["status"].ne(DERIVED).to_numpy(), KEY[:3] + ["status"]]
    at_first = (values["slot"].to_numpy() == 1) & values["status"].eq(DERIVED).to_numpy()
    if not reported.empty and at_first.any():
        carried = values.loc[at_first, KEY[:3]].merge(reported, on=KEY[:3], how="left")
        values = values.copy()
        values.loc[at_first, "status"] = carried["status"].fillna(DERIVED).to_numpy()
    return values[~alone]


def derive_values(values: pd.DataFrame, catalog: Catalog, codes: set[str]) -> pd.DataFrame:
    """Reported values in slots → every value the app shows, for the given codes."""
    values = complete_periods(values, catalog)
    values = sum_up_hierarchy(values, catalog)
    values = recompute_ratios(values, catalog, codes)
    values = fold_first_quarter_alone(values)
    return values[values["indicator_code"].isin(codes)].reset_index(drop=True)


def add_share_of_parent(values: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """share_of_parent_pct = value / parent's value × 100 for flows and stocks (a county in
    its city, a city in its province, a zone in the region it belongs to)."""
    parent_of = catalog.regions.set_index("code")["parent_code"]
    parents = values[["indicator_code", "region_code", "year", "slot", "value"]].rename(
        columns={"region_code": "parent_code", "value": "parent_value"})
    frame = values.assign(parent_code=values["region_code"].map(parent_of))
    frame = frame.merge(parents, on=["indicator_code", "parent_code", "year", "slot"],
                        how="left")
    kind = frame["indicator_code"].map(catalog.indicators["kind"])
    ok = kind.isin(SUMMABLE_KINDS) & (frame["parent_value"] > 0)
    share = (frame["value"] / frame["parent_value"] * 100).where(ok)
    return values.assign(share_of_parent_pct=share.to_numpy())


def add_growth(values: pd.DataFrame, catalog: Catalog,
               earlier: pd.DataFrame | None = None) -> pd.DataFrame:
    """Against the same period a year before (同比): net_increase = v(t) − v(t−1);
    yoy_growth_pct = (v(t) / v(t−1) − 1) × 100, only where v(t−1) > 0, and not for
    reported rates or ranks. earlier: values of a year before those given (KEY + value)."""
    before = values[KEY + ["value"]]
    if earlier is not None and not earlier.empty:
        before = pd.concat([earlier[KEY + ["value"]], before], ignore_index=True)
    before = before.rename(columns={"value": "prev_value"})
    before = before.assign(year=before["year"] + 1)
    frame = values.merge(before, on=KEY, how="left")
    kind = frame["indicator_code"].map(catalog.indicators["kind"])
    prev = frame["prev_value"]
    return frame.assign(
        net_increase=frame["value"] - prev,
        yoy_growth_pct=yoy_growth_pct(frame["value"], prev, ~kind.isin(NO_GROWTH_KINDS)),
    )


def yoy_growth_pct(value: pd.Series, prev: pd.Series, grows) -> pd.Series:
    """(v(t) / v(t−1) − 1) × 100, only where v(t−1) > 0 and the indicator grows (`grows`: a
    boolean, or one per row; reported rates and ranks do not: NO_GROWTH_KINDS)."""
    return ((value / prev - 1) * 100).where((prev > 0) & grows)
