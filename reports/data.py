"""Everything a report states about one region and period, read from metrics.api (and the
region's names from db.queries): the only module of reports/ that touches the database.

No figure is computed here except the scope average a closing sentence compares with, which
metrics.api does not hold (see scope_average).
"""

from __future__ import annotations

import math

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from catalog.files import reported_ranks
from db import queries
from metrics import api
from metrics.index_config import Dimension, load_index_config
from reports.templates import Plan

# Kinds whose average over a scope is the scope's own figure (a ratio of totals, never a
# mean of ratios: docs/metrics.md); amounts and counts average over the regions ranked.
OWN_FIGURE_KINDS = ("ratio", "rate")
MEAN_KINDS = ("flow", "stock")
OWNED_SCOPES = ("country_provinces", "province_cities", "province_counties", "city_counties")
# Scopes of one kind of zone, whose ranks the report states only where the data cover them.
ZONE_TYPE_SCOPES = ("province_zone_type", "national_zones")
# Ranks in the default scope and the first peer group come with the snapshot; the others
# are read from the scope's ranking, on this many threads.
RANKING_THREADS = 4


@dataclass
class Span:
    """Average annual growth of a five-year plan from its base year to `end`."""

    plan: Plan
    base: int
    end: int
    complete: bool  # the plan has ended by the report's year ("期间" rather than "以来")
    table: pd.DataFrame  # api.cagr_table: indicator_code, cagr_pct ...


@dataclass
class ReportData:
    region_code: str
    name_zh: str
    name_en: str
    level: str
    year: int
    quarter: int
    snapshot: pd.DataFrame  # api.snapshot, one row per indicator with a value
    scopes: pd.DataFrame  # api.scopes_for, default first
    # (scope_kind, scope_code) -> indicator_code-indexed rank, rank_of, tied, rank_change
    other_ranks: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)
    averages: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    spans: list[Span] = field(default_factory=list)
    milestones: pd.DataFrame = field(default_factory=pd.DataFrame)
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)
    composite: dict | None = None  # the region's row of api.composite_index
    # The composite index left out, and why: {"n": regions with an index, "of": the scope's
    # members, "needed": two thirds of them, "dimensions": those the region has no score in}
    composite_left_out: dict | None = None
    trend: pd.DataFrame = field(default_factory=pd.DataFrame)  # api.series of one indicator
    dimensions: tuple[Dimension, ...] = ()
    simulated: bool = False

    @property
    def empty(self) -> bool:
        return self.snapshot.empty

    @property
    def default_scope(self) -> dict | None:
        rows = self.scopes[self.scopes["is_default"].astype(bool)] if not self.scopes.empty \
            else self.scopes
        return None if rows.empty else rows.iloc[0].to_dict()

    def rows(self) -> list[dict]:
        return self.snapshot.to_dict("records")


def region_info(engine: Engine, region_code: str) -> dict | None:
    return queries.region(engine, region_code)


def spans_for(plans: tuple[Plan, ...], year: int) -> list[tuple[Plan, int, int, bool]]:
    """(plan, base year, end year, complete) for the plans under way or ended by `year`; a
    plan needs two years of its own before an average over it says more than one growth."""
    found = []
    for plan in plans:
        end = min(plan.end, year)
        if end <= plan.start:
            continue
        found.append((plan, plan.start - 1, end, end == plan.end))
    return found


def scope_members(engine: Engine, scope: dict, level: str) -> list[str]:
    """The regions ranked with the report's region in its default scope."""
    if scope["scope_kind"] == "country_provinces":
        return []
    regions = queries.regions(engine, scope["scope_code"])
    return regions.loc[regions["level"] == level, "code"].tolist() if not regions.empty else []


def scope_average(kind: str, ranked: pd.DataFrame, own_value: float | None,
                  scope_kind: str) -> float | None:
    """What 全省平均水平 means for one indicator.

    Flows and stocks: the mean over the regions ranked in the scope (regions without a value
    are not counted, as they are not ranked). Ratios and rates: the scope's own figure (the
    province's R&D intensity), and none for zones and peer groups, which have no figure of
    their own. Reported ranks have no average."""
    if kind in MEAN_KINDS:
        values = ranked["value"].dropna() if not ranked.empty else ranked
        return float(values.mean()) if len(values) >= 2 else None
    if kind in OWN_FIGURE_KINDS and scope_kind in OWNED_SCOPES and own_value is not None:
        return float(own_value)
    return None


def gather(engine: Engine, region_code: str, year: int, quarter: int = 0,
           plans: tuple[Plan, ...] = (), chart_indicator: str | None = None) -> ReportData | None:
    """The report's data for a region and period (year to date for quarters); None when the
    region is unknown. A region without values gives a ReportData whose `empty` is True."""
    region = region_info(engine, region_code)
    if region is None:
        return None
    snapshot = api.snapshot(engine, region_code, year, quarter)
    data = ReportData(region_code, region["name_zh"], region["name_en"] or "",
                      region["level"], year, quarter, snapshot, api.scopes_for(engine, region_code))
    if data.empty:
        return data
    data.simulated = bool(snapshot["status"].eq("simulated").any())
    data.snapshot = snapshot = mark_published(engine, snapshot, data.scopes, year, quarter)
    data.dimensions = load_index_config().dimensions
    codes = snapshot["indicator_code"].tolist()
    kinds = dict(zip(snapshot["indicator_code"], snapshot["kind"]))

    # Ranks in the other scopes (a county in its city) and the rankings behind the default
    # scope's averages: metrics.api answers one indicator per call, and the calls are
    # independent reads, so a few threads share them (a report waits ~2.5x less).
    default = data.default_scope
    wanted = [(scope["scope_kind"], scope["scope_code"], code)
              for scope in data.scopes.to_dict("records")
              if scope["scope_kind"] != "peer" and not scope["is_default"] for code in codes]
    # Averages serve the closing section, which is about the scored dimensions only.
    scored = {d.code for d in data.dimensions if d.weight > 0}
    compared = [c for c, dim in zip(codes, snapshot["dimension"]) if not scored or dim in scored]
    if default is not None:
        wanted += [(default["scope_kind"], default["scope_code"], code) for code in compared
                   if kinds[code] in MEAN_KINDS]
    with ThreadPoolExecutor(max_workers=RANKING_THREADS) as pool:
        rankings = dict(zip(wanted, pool.map(
            lambda w: api.ranking(engine, w[2], year, quarter, w[0], w[1]), wanted)))
    for scope in data.scopes.to_dict("records"):
        if scope["scope_kind"] == "peer" or scope["is_default"]:
            continue
        key = (scope["scope_kind"], scope["scope_code"])
        needed = covering(engine, *key)
        frames = {code: _own_row(rankings[(*key, code)], region_code, needed) for code in codes}
        data.other_ranks[key] = pd.DataFrame.from_dict(frames, orient="index")

    if default is not None:
        owner = {}
        if default["scope_kind"] in OWNED_SCOPES:
            owned = api.snapshot(engine, default["scope_code"], year, quarter)
            owner = dict(zip(owned["indicator_code"], owned["value"]))
        data.averages = pd.Series({
            code: scope_average(kinds[code], rankings.get(
                (default["scope_kind"], default["scope_code"], code), pd.DataFrame()),
                owner.get(code), default["scope_kind"])
            for code in compared}, dtype=float)
        members = scope_members(engine, default, data.level)
        if len(members) >= 2:
            index = api.composite_index(engine, members, year, quarter=quarter)
            mine = index[index["region_code"] == region_code]
            if not mine.empty and pd.notna(mine.iloc[0]["index"]):
                data.composite, data.composite_left_out = covered(
                    mine.iloc[0].to_dict(), len(members), index, data.dimensions)

    for plan, base, end, complete in spans_for(plans, year):
        table = api.cagr_table(engine, region_code, base, end, quarter)
        data.spans.append(Span(plan, base, end, complete, table))
    data.milestones = api.milestones(engine, region_code, None, year, quarter)
    data.targets = api.target_progress(engine, region_code, year, quarter)
    keys = snapshot[snapshot["is_key"].astype(bool)]["indicator_code"].tolist()
    trend_code = chart_indicator or (keys[0] if keys else None)
    if trend_code is not None:
        trend = api.series(engine, trend_code, [region_code], quarter=quarter)
        data.trend = trend[trend["year"] <= year].reset_index(drop=True)
    return data


def mark_published(engine: Engine, snapshot: pd.DataFrame, scopes: pd.DataFrame, year: int,
                   quarter: int) -> pd.DataFrame:
    """Rows of ranks published for a whole scope (the 商务部 evaluation: reported_among in
    the indicator catalog) get that scope (published_kind, published_code) and the number
    it ranked that year (published_of), for the sentence 在全国217家国家级经开区…中居第10位."""
    snapshot = snapshot.assign(published_kind=None, published_code=None, published_of=pd.NA)
    for code, (kind, _) in reported_ranks().items():
        scope = scopes[scopes["scope_kind"] == kind] if not scopes.empty else scopes
        at = snapshot.index[snapshot["indicator_code"] == code]
        if scope.empty or at.empty:
            continue
        scope_code = scope.iloc[0]["scope_code"]
        region = snapshot.at[at[0], "region_code"]
        own = _own_row(api.ranking(engine, code, year, quarter, kind, scope_code), region, 1)
        snapshot.loc[at, ["published_kind", "published_code"]] = kind, scope_code
        snapshot.loc[at, "published_of"] = own["rank_of"]
    return snapshot


def covered(row: dict, members: int, index: pd.DataFrame, dimensions) -> tuple[dict | None,
                                                                              dict | None]:
    """The region's composite index when the data cover its scope well enough to state it
    (two thirds of the scope's members have an index, and the region a score in every scored
    dimension); else None and what was missing. An index of three cities out of sixteen, or
    with a dimension empty, ranks nothing."""
    n = int(index["index"].notna().sum())
    needed = math.ceil(members * 2 / 3)
    missing_dims = [d for d in dimensions if d.weight > 0
                    and pd.isna(row.get(f"score_{d.code}"))]
    if n >= needed and not missing_dims:
        return row, None
    return None, {"n": n, "of": members, "needed": needed, "dimensions": missing_dims}


def covering(engine: Engine, scope_kind: str, scope_code: str) -> int:
    """How many of a zone-type scope's members must have the figure for a rank among them to
    be stated: two thirds, as for the composite index. The national lists hold hundreds of
    zones; a rank "among the national ETDZs" of the seven that reported says nothing of the
    other two hundred. Other scopes: 2 (a rank among one says nothing either)."""
    if scope_kind not in ZONE_TYPE_SCOPES:
        return 2
    return max(2, math.ceil(api.scope_size(engine, scope_kind, scope_code) * 2 / 3))


def _own_row(ranking: pd.DataFrame, region_code: str, needed: int = 2) -> dict:
    mine = ranking[ranking["region_code"] == region_code]
    if mine.empty or (len(ranking) < needed):
        return {"rank": pd.NA, "rank_of": pd.NA, "tied": pd.NA, "rank_change": pd.NA}
    row = mine.iloc[0]
    return {"rank": row["rank"], "rank_of": row["rank_of"], "tied": row["tied"],
            "rank_change": row["rank_change"]}
