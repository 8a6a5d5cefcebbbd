"""The read API of the metrics engine: what the dashboard, the exports and the report drafts
ask for. Each function is one indexed query on the precomputed values (plus the small
catalogs) and returns a DataFrame with region names (zh/en) and units joined; a whole
scope's ranking is ranked from its members' stored values (metrics.ranks).

Periods: year, quarter (0 = annual, 1-4), cumulative (True = year to date, as Chinese
statistics report; False = the quarter alone, for flows and ratios built on flows; for
stocks the period-end value is the only one and is returned either way).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd
from sqlalchemy import Connection, Engine, and_, exists, select, true
from sqlalchemy.orm import aliased

from catalog.files import reported_ranks
from catalog.regions import COUNTRY_CODE
from db.cache import cached, shared_answer
from db.frames import as_nullable, read_frame
from db.lookups import region_tree
from db.metric_models import BOTH_FLAGS, EVERY_QUARTER, MetricDigest, MetricValue, periods_named
from db.models import Indicator, PeerGroup, PeerGroupMember, Region, Target
from metrics.catalog import indicator_rules, load_catalog, peer_names, stored_cumulative
from metrics.composite import composite
from metrics.export import with_metrics  # noqa: F401  (part of this API)
from metrics.growth import cagr_between, cagr_vector
from metrics.index_config import IndexConfig, load_index_config
from metrics.labels import SCOPE_LABELS, SCOPE_MEMBERS, scope_label_pair, scope_words
from metrics.milestones import find_milestones
from metrics.ranks import as_published, rank_all
from metrics.scopes import COUNTRY, DEFAULT_SCOPE, membership
from metrics.targets import progress

RANK_INTS = ["rank", "rank_of", "rank_change", "growth_rank", "growth_rank_of",
             "growth_rank_change", "peer_group_rank", "peer_group_rank_of",
             "peer_group_rank_change", "value_rank", "reference_year"]
RANK_BOOLS = ["tied", "growth_tied", "peer_group_tied", "cumulative", "on_track"]

mv = MetricValue
VALUE_COLUMNS = [mv.year, mv.quarter, mv.cumulative, mv.value, mv.status, mv.prev_value,
                 mv.net_increase, mv.yoy_growth_pct, mv.share_of_parent_pct,
                 mv.rank_scope_kind, mv.rank_scope_code, mv.rank, mv.rank_of, mv.tied,
                 mv.rank_change, mv.growth_rank, mv.growth_rank_of, mv.growth_tied,
                 mv.growth_rank_change, mv.peer_group, mv.peer_group_rank,
                 mv.peer_group_rank_of, mv.peer_group_tied, mv.peer_group_rank_change]
REGION_COLUMNS = [Region.name_zh.label("region_name_zh"), Region.name_en.label("region_name_en"),
                  Region.level]
INDICATOR_COLUMNS = [Indicator.name_zh.label("indicator_name_zh"),
                     Indicator.name_en.label("indicator_name_en"), Indicator.unit]


# --- helpers ---------------------------------------------------------------------------------

def _keep_view(frame: pd.DataFrame, indicators: pd.DataFrame, cumulative: bool) -> pd.DataFrame:
    if frame.empty:
        return frame
    wanted = stored_cumulative(indicators, frame["indicator_code"], frame["quarter"], cumulative)
    frame = frame[frame["cumulative"].astype(bool) == wanted].reset_index(drop=True)
    if not cumulative:
        # Q1 alone is served by the 1-3月 row: it is labelled as the view asked for, like
        # the other quarters of a single-quarter series.
        alone = frame["quarter"].eq(1) & frame["indicator_code"].map(
            indicators["single_view"]).fillna(False).astype(bool)
        if alone.any():
            frame.loc[alone.to_numpy(), "cumulative"] = False
    return frame


def _stored_flag(indicators: pd.DataFrame, code: str, quarter: int, cumulative: bool) -> bool:
    return bool(stored_cumulative(indicators, pd.Series([code]), pd.Series([quarter]),
                                  cumulative).iloc[0])


def _add_scope_labels(frame: pd.DataFrame, peers: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """rank_scope_zh/en: 全省, 全市, 全省开发区, 全国 (a peer scope is called by its name)."""
    names = [peers.get(code) if kind == "peer" else scope_label_pair(kind, code)
             for kind, code in zip(frame["rank_scope_kind"].tolist(),
                                   frame["rank_scope_code"].tolist())]
    return frame.assign(**_by_language("rank_scope", names, frame.index))


def _add_peer_names(frame: pd.DataFrame, peers: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    names = [peers.get(code) for code in frame["peer_group"].tolist()]
    return frame.assign(**_by_language("peer_group", names, frame.index))


def _by_language(prefix: str, names: list[tuple[str, str] | None], index: pd.Index
                 ) -> dict[str, pd.Series]:
    """{prefix}_zh and {prefix}_en columns from (zh, en) pairs, missing where a pair is None.

    Plain lists, not Series.map: the frames are a few hundred rows, where a map's setup
    costs more than the lookups."""
    return {f"{prefix}_{lang}": pd.Series([pair[i] if pair else None for pair in names],
                                          index=index, dtype="str")
            for i, lang in enumerate(("zh", "en"))}


def _every_indicator(indicators: pd.DataFrame):
    """indicator_code IN (every code): lets a per-region query seek the primary key
    (indicator, year, quarter, cumulative, region) instead of scanning."""
    return mv.indicator_code.in_(sorted(indicators.index))


def _stored_years(conn: Connection, codes: Iterable[str]) -> list[int]:
    """The years with metrics of these indicators (from the small digest table)."""
    stmt = (select(MetricDigest.year).distinct()
            .where(MetricDigest.indicator_code.in_(sorted(set(codes)))))
    return sorted(int(y) for y in conn.scalars(stmt))


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    # Only the columns not nullable yet: each conversion copies its column.
    ints = [c for c in RANK_INTS if c in frame and frame[c].dtype != "Int64"]
    bools = [c for c in RANK_BOOLS if c in frame and frame[c].dtype != "boolean"]
    return as_nullable(frame, ints, bools).reset_index(drop=True)


# --- one region, every indicator -------------------------------------------------------------

@shared_answer
def snapshot(engine: Engine, region_code: str, year: int, quarter: int = 0,
             cumulative: bool = True) -> pd.DataFrame:
    """Every indicator of one region in one period: value, unit, growth, net increase, share
    of the parent, rank in the default scope (rank_of regions ranked, tied, rank_change),
    growth rank, and rank in the region's peer group. Catalog order; only indicators with a
    value."""
    with engine.connect() as conn:
        indicators = indicator_rules(conn)
        frame = read_frame(conn, (
            select(mv.region_code, *REGION_COLUMNS, mv.indicator_code, *INDICATOR_COLUMNS,
                   *VALUE_COLUMNS)
            .join(Region, Region.code == mv.region_code)
            .join(Indicator, Indicator.code == mv.indicator_code)
            .where(_every_indicator(indicators), *periods_named(mv, [year], [quarter]),
                   mv.region_code == region_code)))
        peers = peer_names(conn)
    frame = _keep_view(frame, indicators, cumulative)
    info = indicators[["kind", "direction", "dimension", "is_key", "sort_order"]]
    frame = frame.join(info, on="indicator_code").sort_values("sort_order", kind="stable")
    frame = _add_peer_names(_add_scope_labels(frame, peers), peers)
    return _tidy(frame.drop(columns="sort_order"))


@shared_answer
def available_periods(engine: Engine, region_code: str) -> pd.DataFrame:
    """The (year, quarter) periods with at least one value for the region, newest first."""
    with engine.connect() as conn:
        indicators = indicator_rules(conn)
        stored = (select(MetricDigest.year, MetricDigest.quarter).distinct()
                  .where(MetricDigest.indicator_code.in_(sorted(indicators.index)))
                  .subquery())
        has_value = exists().where(_every_indicator(indicators), mv.year == stored.c.year,
                                   mv.quarter == stored.c.quarter,
                                   mv.cumulative.in_(BOTH_FLAGS), mv.region_code == region_code)
        return read_frame(conn, select(stored.c.year, stored.c.quarter).where(has_value)
                          .order_by(stored.c.year.desc(), stored.c.quarter.desc()))


# --- one indicator, many regions and years --------------------------------------------------

@shared_answer
def series(engine: Engine, indicator_code: str | Iterable[str],
           region_codes: Iterable[str] | None = None, quarter: int | None = 0,
           cumulative: bool = True) -> pd.DataFrame:
    """Long table, one row per region and period: value, growth, rank in the region's
    default scope and in its peer group. quarter=None returns annual and quarterly rows.
    indicator_code: one code, or several (one query for all of them)."""
    codes = [indicator_code] if isinstance(indicator_code, str) else sorted(set(indicator_code))
    stmt = (select(mv.region_code, *REGION_COLUMNS, mv.indicator_code, Indicator.unit,
                   *VALUE_COLUMNS)
            .join(Region, Region.code == mv.region_code)
            .join(Indicator, Indicator.code == mv.indicator_code)
            .where(mv.indicator_code.in_(codes)))
    quarters = EVERY_QUARTER if quarter is None else [quarter]
    with engine.connect() as conn:
        if region_codes is not None:
            stmt = stmt.where(*periods_named(mv, _stored_years(conn, codes), quarters),
                              mv.region_code.in_(sorted(set(region_codes))))
        elif quarter is not None:
            stmt = stmt.where(mv.quarter == quarter)
        frame = read_frame(conn, stmt)
        indicators = indicator_rules(conn)
        peers = peer_names(conn)
    frame = _keep_view(frame, indicators, cumulative)
    frame = _add_peer_names(_add_scope_labels(frame, peers), peers)
    return _tidy(frame.sort_values(["indicator_code", "region_code", "year", "quarter"],
                                   kind="stable"))


@shared_answer
def history(engine: Engine, region_code: str, indicator_codes: Iterable[str], first_year: int,
            last_year: int, quarter: int = 0, cumulative: bool = True) -> pd.DataFrame:
    """One region's values of several indicators over a span of years, in one query (the
    overview's sparklines): indicator_code, year, quarter, cumulative, value."""
    stmt = (select(mv.indicator_code, mv.year, mv.quarter, mv.cumulative, mv.value)
            .where(mv.indicator_code.in_(sorted(set(indicator_codes))),
                   *periods_named(mv, range(first_year, last_year + 1), [quarter]),
                   mv.region_code == region_code)
            .order_by(mv.indicator_code, mv.year))
    with engine.connect() as conn:
        frame = read_frame(conn, stmt)
        indicators = indicator_rules(conn)
    return _keep_view(frame, indicators, cumulative)


def _scope_members(conn: Connection, scope_kind: str, scope_code: str) -> pd.DataFrame:
    """The regions ranked in one scope (region_code, scope_kind, scope_code, is_default),
    memoised per scope until the catalog changes."""
    def load() -> pd.DataFrame:
        members = cached(conn, "membership", lambda: _membership(conn))
        return members[members["scope_kind"].eq(scope_kind)
                       & members["scope_code"].eq(scope_code)].reset_index(drop=True)
    return cached(conn, ("scope_members", scope_kind, scope_code), load)


def _membership(conn: Connection) -> pd.DataFrame:
    """Every region's scopes, once per catalog: a zone's page asks for three or four scopes,
    each of which would otherwise walk the whole catalog again."""
    catalog = load_catalog(conn)
    return membership(catalog.regions, catalog.peers)


@shared_answer
def scope_size(engine: Engine, scope_kind: str, scope_code: str) -> int:
    """How many regions a scope holds, with a figure or not (全国234家国家级经开区)."""
    with engine.connect() as conn:
        return len(_scope_members(conn, scope_kind, scope_code))


def _scope_ranks(conn: Connection, indicator_code: str, scope_kind: str, scope_code: str,
                 quarter: int, cumulative: bool) -> pd.DataFrame:
    """The scope's regions with a value, ranked by value and by growth in every stored year
    (each year's rank changes against the year before), from their stored values and growth,
    with region names. A few dozen to a few hundred regions per year."""
    members = _scope_members(conn, scope_kind, scope_code)
    codes = sorted(members["region_code"])
    indicators = indicator_rules(conn)
    flag = _stored_flag(indicators, indicator_code, quarter, cumulative)
    years = _stored_years(conn, [indicator_code])
    values = read_frame(conn, select(mv.region_code, mv.year, mv.value, mv.yoy_growth_pct)
                        .where(mv.indicator_code == indicator_code,
                               *periods_named(mv, years, [quarter], [flag]),
                               mv.region_code.in_(codes)))
    ranks = rank_all(values.assign(indicator_code=indicator_code, slot=quarter), members,
                     indicators["direction"]).assign(quarter=quarter)
    among, count_code = reported_ranks().get(indicator_code, (None, None))
    if among == scope_kind and not ranks.empty:
        ranks = as_published(ranks, _published_counts(conn, count_code, quarter))
    names = read_frame(conn, select(Region.code.label("region_code"), *REGION_COLUMNS)
                       .where(Region.code.in_(sorted(set(ranks["region_code"])))))
    return ranks.merge(names, on="region_code")


def _published_counts(conn: Connection, count_code: str | None, quarter: int) -> dict[int, float]:
    """How many regions a published ranking ranked each year: the count indicator's values
    on 全国 (the evaluated zones of the 商务部 evaluation)."""
    if not count_code:
        return {}
    rows = read_frame(conn, select(mv.year, mv.value).where(
        mv.indicator_code == count_code, mv.region_code == COUNTRY_CODE, mv.quarter == quarter))
    return dict(zip(rows["year"].astype(int), rows["value"].astype(float)))


def _ranked_history(engine: Engine, indicator_code: str, scope_kind: str, scope_code: str,
                    quarter: int, cumulative: bool) -> pd.DataFrame:
    """_scope_ranks, memoised per worker until the data change: ranking a scope was most of
    the Rankings and Map pages' time, and many users open the same rankings. A year's ranks
    (and rank changes) are the same as ranked on their own."""
    def rank_every_year() -> pd.DataFrame:
        with engine.connect() as conn:
            return _scope_ranks(conn, indicator_code, scope_kind, scope_code, quarter,
                                cumulative)
    return cached(engine, ("scope_ranks", indicator_code, scope_kind, scope_code, quarter,
                           cumulative), rank_every_year, on="data")


@shared_answer
def ranking(engine: Engine, indicator_code: str, year: int, quarter: int, scope_kind: str,
            scope_code: str, basis: str = "value", cumulative: bool = True) -> pd.DataFrame:
    """The regions of one scope in rank order for one period, by value or by growth.
    Regions without a value (or, by growth, without a growth figure) are not listed."""
    frame = _ranked_history(engine, indicator_code, scope_kind, scope_code, quarter, cumulative)
    frame = frame[frame["year"] == year]
    with engine.connect() as conn:
        unit = conn.scalar(select(Indicator.unit).where(Indicator.code == indicator_code))
    frame = _by_basis(frame.assign(unit=unit), basis)
    frame = frame.sort_values(["rank", "region_code"], kind="stable")
    columns = ["rank", "rank_of", "tied", "rank_change", "region_code", "region_name_zh",
               "region_name_en", "level", "value", "unit", "yoy_growth_pct", "value_rank",
               "growth_rank"]
    return _tidy(frame[columns])


def _by_basis(frame: pd.DataFrame, basis: str) -> pd.DataFrame:
    """Put the ranks of the chosen basis in rank, rank_of, tied, rank_change."""
    if basis not in ("value", "growth"):
        raise ValueError("basis must be 'value' or 'growth'")
    frame = frame.assign(value_rank=frame["rank"])
    if basis == "growth":
        frame = frame[frame["growth_rank"].notna()].assign(
            rank=frame["growth_rank"], rank_of=frame["growth_rank_of"],
            tied=frame["growth_tied"], rank_change=frame["growth_rank_change"])
    return frame


@shared_answer
def rank_history(engine: Engine, indicator_code: str, scope_kind: str, scope_code: str,
                 basis: str = "value", quarter: int = 0, cumulative: bool = True) -> pd.DataFrame:
    """Rank of every region of a scope in every year (for a bump chart)."""
    frame = _ranked_history(engine, indicator_code, scope_kind, scope_code, quarter, cumulative)
    frame = _by_basis(frame, basis).sort_values(["year", "rank", "region_code"], kind="stable")
    columns = ["year", "quarter", "region_code", "region_name_zh", "region_name_en", "level",
               "rank", "rank_of", "tied", "rank_change", "value", "yoy_growth_pct"]
    return _tidy(frame[columns])


def scopes_for(engine: Engine, region_code: str) -> pd.DataFrame:
    """The scopes a region is ranked in, default first: scope_kind, scope_code, label_zh/en
    (全省, 全市, 全省开发区, 全国, or the peer group's name), scope_name_zh/en (安徽省各市),
    is_default."""
    return cached(engine, ("scopes_for", region_code), lambda: _scopes_for(engine, region_code))


def _scopes_for(engine: Engine, region_code: str) -> pd.DataFrame:
    columns = ["scope_kind", "scope_code", "label_zh", "label_en", "scope_name_zh",
               "scope_name_en", "is_default"]
    with engine.connect() as conn:
        chain = [region_code, *region_tree(conn).ancestors(region_code)]
        regions = read_frame(conn, select(Region.code, Region.level, Region.parent_code,
                                          Region.name_zh, Region.name_en, Region.zone_type,
                                          Region.zone_level).where(Region.code.in_(chain)))
        groups = read_frame(conn, select(PeerGroupMember.group_code, PeerGroupMember.region_code,
                                         PeerGroup.name_zh, PeerGroup.name_en)
                            .join(PeerGroup, PeerGroup.code == PeerGroupMember.group_code)
                            .where(PeerGroupMember.region_code == region_code))
    if regions.empty:
        return pd.DataFrame(columns=columns)
    regions = regions.sort_values("code", key=lambda codes: codes.map(chain.index),
                                  ignore_index=True)  # the region, then up the tree
    # Parents outside the chain are unknown here; membership only needs the chain.
    regions = regions.assign(parent_code=regions["parent_code"].where(
        regions["parent_code"].isin(regions["code"])))
    scopes = membership(regions, groups[["group_code", "region_code"]])
    scopes = scopes[scopes["region_code"] == region_code]
    names = regions.set_index("code")
    peers = {r.group_code: (r.name_zh, r.name_en) for r in groups.itertuples()}
    rows = []
    for s in scopes.itertuples():  # a handful of scopes, not data rows
        if s.scope_kind == "peer":
            zh, en = peers[s.scope_code]
            rows.append((s.scope_kind, s.scope_code, zh, en, zh, en, False))
            continue
        words = scope_words(s.scope_kind, s.scope_code)
        if words:  # 全省高新区 (安徽省各高新区), 全国国家级经开区
            label_zh, label_en, members_zh, members_en = words
        else:
            label_zh, label_en = SCOPE_LABELS[s.scope_kind]
            members_zh, members_en = SCOPE_MEMBERS[s.scope_kind]
        owner = s.scope_code.rpartition("-")[0] if words else s.scope_code
        if owner == COUNTRY:
            owner_zh, owner_en = "全国", "China"
        else:
            owner_zh, owner_en = names.at[owner, "name_zh"], names.at[owner, "name_en"]
        rows.append((s.scope_kind, s.scope_code, label_zh, label_en, f"{owner_zh}{members_zh}",
                     f"{members_en} of {owner_en}", bool(s.is_default)))
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("is_default", ascending=False, kind="stable").reset_index(drop=True)


# --- growth over a span, milestones, targets -------------------------------------------------

def _values_for_years(conn: Connection, region_code: str, years: list[int], quarter: int,
                      indicator_code: str | None = None) -> pd.DataFrame:
    stmt = (select(mv.indicator_code, mv.year, mv.value)
            .where(*periods_named(mv, years, [quarter], [True]), mv.region_code == region_code))
    codes = [indicator_code] if indicator_code is not None else sorted(indicator_rules(conn).index)
    return read_frame(conn, stmt.where(mv.indicator_code.in_(codes)))


@shared_answer
def cagr(engine: Engine, region_code: str, indicator_code: str, start_year: int,
         end_year: int, quarter: int = 0) -> float | None:
    """Average annual growth in % from start_year to end_year ("十三五期间年均增长"), or None
    when either end is missing. Middle years are not needed."""
    with engine.connect() as conn:
        frame = _values_for_years(conn, region_code, [start_year, end_year], quarter,
                                  indicator_code)
    return cagr_between(frame.set_index("year")["value"], start_year, end_year)


@shared_answer
def cagr_table(engine: Engine, region_code: str, start_year: int, end_year: int,
               quarter: int = 0) -> pd.DataFrame:
    """cagr for every indicator of a region: indicator_code, names, unit, start_value,
    end_value, years, cagr_pct (NaN where it cannot be stated)."""
    with engine.connect() as conn:
        frame = _values_for_years(conn, region_code, [start_year, end_year], quarter)
        names = read_frame(conn, select(Indicator.code.label("indicator_code"),
                                        *INDICATOR_COLUMNS, Indicator.sort_order))
    wide = frame.pivot(index="indicator_code", columns="year", values="value") \
        .reindex(columns=[start_year, end_year])
    result = pd.DataFrame({"start_value": wide[start_year], "end_value": wide[end_year],
                           "years": end_year - start_year})
    result["cagr_pct"] = cagr_vector(result["start_value"], result["end_value"],
                                     end_year - start_year)
    result = names.join(result, on="indicator_code", how="inner")
    return result.sort_values("sort_order").drop(columns="sort_order").reset_index(drop=True)


@shared_answer
def milestones(engine: Engine, region_code: str, indicator_code: str | None, year: int,
               quarter: int = 0, thresholds: Mapping[str, list[float]] | None = None,
               doubling_years: int = 3) -> pd.DataFrame:
    """Milestones the region reached in `year` (all indicators when indicator_code is None):
    milestone (threshold | doubling | first_nonzero | record | record_best), its zh/en word,
    value, threshold, reference_year and reference_value. Without configured thresholds,
    the round number at the value's leading digit counts (突破1%, 突破300家)."""
    with engine.connect() as conn:
        codes = [indicator_code] if indicator_code is not None \
            else sorted(indicator_rules(conn).index)
        years = [y for y in _stored_years(conn, codes) if y <= year]
        history = read_frame(conn, (
            select(mv.indicator_code, Indicator.kind, Indicator.direction, mv.year, mv.value)
            .join(Indicator, Indicator.code == mv.indicator_code)
            .where(mv.indicator_code.in_(codes), *periods_named(mv, years, [quarter], [True]),
                   mv.region_code == region_code)))
        names = read_frame(conn, select(Indicator.code.label("indicator_code"),
                                        *INDICATOR_COLUMNS, Indicator.sort_order))
    found = find_milestones(history, year, thresholds, doubling_years)
    found = found.merge(names, on="indicator_code").sort_values(["sort_order", "milestone"])
    return _tidy(found.drop(columns="sort_order").assign(region_code=region_code, quarter=quarter))


@shared_answer
def target_progress(engine: Engine, region_code: str, year: int,
                    quarter: int = 0) -> pd.DataFrame:
    """Each target of the region for the year against the period's value: target, value,
    progress_pct (目标完成率), expected (by the end of this quarter), expected_pct, on_track."""
    now, last = aliased(MetricValue), aliased(MetricValue)
    stmt = (select(Target.indicator_code, *INDICATOR_COLUMNS, Indicator.kind,
                   Indicator.direction, Indicator.sort_order, Target.value.label("target"),
                   now.value, now.status, last.value.label("value_last_year_end"))
            .join(Indicator, Indicator.code == Target.indicator_code)
            .outerjoin(now, and_(now.indicator_code == Target.indicator_code,
                                 now.region_code == Target.region_code, now.year == year,
                                 now.quarter == quarter, now.cumulative == true()))
            .outerjoin(last, and_(last.indicator_code == Target.indicator_code,
                                  last.region_code == Target.region_code,
                                  last.year == year - 1, last.quarter == 0,
                                  last.cumulative == true()))
            .where(Target.region_code == region_code, Target.year == year))
    with engine.connect() as conn:
        frame = read_frame(conn, stmt)
    frame = progress(frame, quarter)
    frame = frame.sort_values("sort_order").drop(columns="sort_order")
    return _tidy(frame.assign(region_code=region_code, year=year, quarter=quarter))


# --- composite index -------------------------------------------------------------------------

def _index_inputs(engine: Engine, region_codes: Iterable[str], year: int, method: str,
                  quarter: int, config: IndexConfig | None):
    region_codes = sorted(set(region_codes))
    with engine.connect() as conn:
        if config is None:
            codes = set(read_frame(conn, select(Indicator.code))["code"])
            config = load_index_config(known_codes=codes)
        wanted = sorted(config.indicators["indicator_code"])
        values = read_frame(conn, select(mv.region_code, mv.indicator_code, Indicator.direction,
                                         mv.value)
                            .join(Indicator, Indicator.code == mv.indicator_code)
                            .where(mv.indicator_code.in_(wanted),
                                   mv.region_code.in_(region_codes), mv.year == year,
                                   mv.quarter == quarter, mv.cumulative == true()))
        if method == "target":
            targets = read_frame(conn, select(Target.region_code, Target.indicator_code,
                                              Target.value.label("target"))
                                 .where(Target.region_code.in_(region_codes),
                                        Target.year == year, Target.indicator_code.in_(wanted)))
            values = values.merge(targets, on=["region_code", "indicator_code"], how="left")
        regions = read_frame(conn, select(Region.code.label("region_code"), *REGION_COLUMNS)
                             .where(Region.code.in_(region_codes)))
    # Every compared region appears, with or without values.
    present = pd.DataFrame({"region_code": region_codes})
    values = present.merge(values, on="region_code", how="left")
    return values, config, regions


@shared_answer
def composite_index(engine: Engine, region_codes: Iterable[str], year: int,
                    method: str = "minmax", quarter: int = 0,
                    config: IndexConfig | None = None) -> pd.DataFrame:
    """The composite innovation index of the compared regions: score_<dimension> columns
    (0-100), index, rank, rank_of, tied, relative_to_mean_pct, performance_group (leader,
    strong, moderate, emerging) with zh/en names. method: 'minmax' (scores relative to the
    compared regions) or 'target' (distance to each region's own targets)."""
    values, config, regions = _index_inputs(engine, region_codes, year, method, quarter,
                                            config)
    _, result = composite(values, config, method)
    result = regions.merge(result, on="region_code", how="right")
    return _tidy(result.sort_values(["rank", "region_code"], kind="stable"))


@shared_answer
def index_scores(engine: Engine, region_codes: Iterable[str], year: int,
                 method: str = "minmax", quarter: int = 0,
                 config: IndexConfig | None = None) -> pd.DataFrame:
    """The indicator-level scores behind composite_index (for a radar or a breakdown)."""
    values, config, regions = _index_inputs(engine, region_codes, year, method, quarter,
                                            config)
    scores, _ = composite(values, config, method)
    return regions.merge(scores, on="region_code")


__all__ = ["snapshot", "available_periods", "series", "history", "ranking", "rank_history",
           "scopes_for", "scope_size",
           "cagr", "cagr_table", "milestones", "target_progress", "composite_index",
           "index_scores", "with_metrics", "DEFAULT_SCOPE"]
