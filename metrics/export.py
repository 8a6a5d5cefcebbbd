"""Metrics added to the long export (`python -m etl export --with-metrics`, and the same
download in the app): growth, ranks and peer-group ranks beside each value."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from db.frames import as_nullable, read_frame
from db.metric_models import MetricValue, periods_named
from metrics.catalog import indicator_rules, peer_names, stored_cumulative
from metrics.labels import SCOPE_LABELS

EXPORT_COLUMNS = ["yoy_growth_pct", "net_increase", "rank", "rank_of", "rank_scope",
                  "growth_rank", "peer_group", "peer_group_rank", "peer_group_rank_of",
                  "rank_change"]
KEY = ["region_code", "indicator_code", "year", "quarter", "_stored_cumulative"]
# Below this many regions the query names them; above, it reads the indicators' years.
REGION_FILTER_LIMIT = 500


def _as_bool(series: pd.Series) -> pd.Series:
    if series.dtype == bool:
        return series
    text = series.astype(str).str.strip().str.lower()
    return text.isin(["true", "1", "yes", "y", "t"])


def with_metrics(engine: Engine, long_df: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """long_df: the export's long format (region_code, region_name, level, indicator_code,
    indicator_name, unit, year, quarter, cumulative, value). Returns it, rows and order
    unchanged, with EXPORT_COLUMNS added: rank and rank_change in the region's default
    scope, rank_scope its label (全省, 全市, 全省开发区, 全国), peer_group the name of the
    region's (first) peer group."""
    if long_df.empty:
        return long_df.assign(**{c: pd.Series(dtype=object) for c in EXPORT_COLUMNS})
    mv = MetricValue
    codes = sorted(long_df["indicator_code"].astype(str).unique())
    years = long_df["year"].astype(int)
    stmt = (select(mv.region_code, mv.indicator_code, mv.year, mv.quarter,
                   mv.cumulative.label("_stored_cumulative"), mv.yoy_growth_pct,
                   mv.net_increase, mv.rank, mv.rank_of, mv.rank_scope_kind, mv.growth_rank,
                   mv.peer_group, mv.peer_group_rank, mv.peer_group_rank_of, mv.rank_change)
            .where(mv.indicator_code.in_(codes), mv.year >= int(years.min()),
                   mv.year <= int(years.max())))
    regions = long_df["region_code"].astype(str).unique()
    if len(regions) <= REGION_FILTER_LIMIT:
        stmt = stmt.where(*periods_named(mv, range(int(years.min()), int(years.max()) + 1)),
                          mv.region_code.in_(sorted(regions)))
    with engine.connect() as conn:
        metrics = read_frame(conn, stmt)
        indicators = indicator_rules(conn)
        peers = peer_names(conn)

    pick = 0 if lang == "zh" else 1
    metrics = metrics.assign(
        rank_scope=metrics["rank_scope_kind"].map({k: v[pick] for k, v in SCOPE_LABELS.items()}),
        peer_group=metrics["peer_group"].map({k: v[pick] for k, v in peers.items()}),
    ).drop(columns="rank_scope_kind")
    keys = pd.DataFrame({
        "region_code": long_df["region_code"].astype(str).to_numpy(),
        "indicator_code": long_df["indicator_code"].astype(str).to_numpy(),
        "year": years.to_numpy(), "quarter": long_df["quarter"].astype(int).to_numpy()})
    keys["_stored_cumulative"] = stored_cumulative(
        indicators, keys["indicator_code"], keys["quarter"],
        _as_bool(long_df["cumulative"]).to_numpy()).to_numpy()
    metrics = metrics.assign(year=metrics["year"].astype(int),
                             quarter=metrics["quarter"].astype(int),
                             _stored_cumulative=metrics["_stored_cumulative"].astype(bool))
    joined = keys.merge(metrics, on=KEY, how="left")
    added = as_nullable(joined[EXPORT_COLUMNS],
                        ints=["rank", "rank_of", "growth_rank", "peer_group_rank",
                              "peer_group_rank_of", "rank_change"])
    added.index = long_df.index
    existing = [c for c in EXPORT_COLUMNS if c in long_df.columns]
    return pd.concat([long_df.drop(columns=existing), added], axis=1)
