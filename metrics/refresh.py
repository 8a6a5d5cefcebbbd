"""Recompute the precomputed metrics for some indicators, inside the caller's transaction
(etl.load.store calls this right after writing observations).

One row per value: its growth and its ranks in the region's default scope and peer group.
The ranks of other scopes (a city's counties, a region's other peer groups) are not stored:
metrics.api ranks a scope's stored values when asked, which costs a few milliseconds, where
storing them was a third of a national quarter's rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Engine, delete, select, tuple_, update
from sqlalchemy.orm import Session

from db.cache import METRICS_STALE_KEY, bump_data_version
from db.frames import read_frame, write_frame
from db.metric_models import MetricDigest, MetricValue
from db.models import OBSERVATION_ORDER, AppMeta, Indicator, Observation
from db.session import lock_writers, session_scope
from db.setup import init_database
from metrics.catalog import Catalog, load_catalog
from metrics.derived import add_growth, add_share_of_parent, derive_values, from_slots, to_slots
from metrics.digests import GROUP, changed_groups, digests
from metrics.packed import COLUMNS as PACKED_COLUMNS
from metrics.packed import pack_groups, unpack_groups
from metrics.ranks import attach_headline_ranks, rank_all, stored_ranks


METRIC_ORDER = [c.name for c in MetricValue.__table__.primary_key.columns]
# The stored scope of each rank (categories while computing, text as stored).
SCOPE_COLUMNS = ("rank_scope_kind", "rank_scope_code", "peer_group")


@dataclass
class RefreshReport:
    indicators: list[str]
    n_values: int  # rows written (periods whose metrics changed)


def affected_periods(periods: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """Periods whose metrics can change when the given (year, quarter) periods change.

    Within the year: a quarter changes the later quarters (year-to-date sums, single-quarter
    differences) and the annual figure; the annual figure changes Q4. Across years: growth
    and rank change of the next year, and the growth-rank change of the year after that.
    """
    affected: set[tuple[int, int]] = set()
    for year, quarter in periods:
        within = {0, 4} if quarter == 0 else {0, *range(quarter, 5)}
        affected |= {(year + k, q) for k in range(3) for q in within}
    return affected


def _read_observations(session: Session, codes: set[str], years: set[int] | None) -> pd.DataFrame:
    stmt = select(Observation.indicator_code, Observation.region_code, Observation.year,
                  Observation.quarter, Observation.cumulative, Observation.value,
                  Observation.status).where(Observation.indicator_code.in_(sorted(codes)))
    if years is not None:
        stmt = stmt.where(Observation.year.in_(sorted(years)))
    return read_frame(session.connection(), stmt)


@dataclass
class YearBefore:
    """The stored metrics of the year before each run of recomputed years, in slots: what
    growth and rank changes of the first year of each run are measured against."""

    values: pd.DataFrame  # indicator_code, region_code, year, slot, value
    ranks: pd.DataFrame  # indicator_code, scope_kind, scope_code, region_code, year, slot, rank, growth_rank


def _slot(frame: pd.DataFrame) -> pd.DataFrame:
    quarter = frame["quarter"].to_numpy(dtype=int)
    slot = np.where(frame["cumulative"].to_numpy(dtype=bool), quarter, quarter + 4)
    return frame.drop(columns=["quarter", "cumulative"]).assign(slot=slot)


def _read_year_before(session: Session, codes: set[str], years: set[int],
                      quarters: set[int]) -> YearBefore:
    # Plain IN lists: SQLite seeks an index for them, not for a row-value IN (VALUES ...).
    connection = session.connection()
    digest = MetricDigest
    groups = read_frame(connection, select(
        digest.indicator_code, digest.year, digest.quarter, digest.for_next_year).where(
        digest.indicator_code.in_(sorted(codes)), digest.year.in_(sorted(years)),
        digest.quarter.in_(sorted(quarters))))
    if not groups.empty and groups["for_next_year"].notna().all():
        rows = unpack_groups(groups)
    else:  # groups stored before they were packed: read as rows, and packed for next time
        mv = MetricValue
        rows = read_frame(connection, select(mv.indicator_code, *(mv.__table__.c[c] for c in (
            "year", "quarter", *PACKED_COLUMNS))).where(
            mv.indicator_code.in_(sorted(codes)), mv.year.in_(sorted(years)),
            mv.quarter.in_(sorted(quarters))).order_by(*mv.__table__.primary_key.columns))
        _store_packed(session, pack_groups(rows))
    values = _slot(rows)
    return YearBefore(values[["indicator_code", "region_code", "year", "slot", "value"]],
                      stored_ranks(values))


def _store_packed(session: Session, packed: pd.DataFrame) -> None:
    """Packed groups kept with their fingerprints."""
    if packed.empty:
        return
    session.execute(update(MetricDigest), [  # bulk UPDATE by primary key
        {"indicator_code": c, "year": int(y), "quarter": int(q), "for_next_year": p}
        for c, y, q, p in packed[[*GROUP, "for_next_year"]].itertuples(index=False)])


def _quarters_derived_from(observations: pd.DataFrame) -> set[int]:
    """The quarters (0 = annual) the metrics of these observations fall in: their own, and
    the year and its fourth quarter for each other (1-12月 is the year)."""
    quarters = set(observations["quarter"].astype(int)) if len(observations) else set()
    return quarters | {0, 4} if quarters & {0, 4} else quarters


def compute(observations: pd.DataFrame, catalog: Catalog, codes: set[str],
            year_before: YearBefore | None = None) -> pd.DataFrame:
    """Observations → metric_values rows for the given codes.

    year_before: the stored metrics of the year before the observations' first year, for
    the growth and rank changes of that first year (otherwise they come from observations)."""
    categories = catalog.with_code_categories
    values = to_slots(categories(observations), catalog.single_view) if len(observations) else (
        pd.DataFrame(columns=["indicator_code", "region_code", "year", "slot", "value",
                              "status"]))
    # Sums and ratios add rows whose codes are text: as categories again, the joins below
    # compare integers (a national load's merges took twice as long on text).
    values = categories(derive_values(values, catalog, codes))
    values = add_share_of_parent(values, catalog)
    earlier = YearBefore(*(None if f is None else categories(f) for f in (
        (year_before.values, year_before.ranks) if year_before else (None, None))))
    values = add_growth(values, catalog, earlier.values)
    ranks = rank_all(values, catalog.stored_scopes, catalog.indicators["direction"],
                     earlier.ranks)
    values = from_slots(attach_headline_ranks(values, ranks))
    return values.astype({c: "str" for c in (*catalog.code_types, *SCOPE_COLUMNS)})


def _delete_groups(session: Session, groups: pd.DataFrame) -> None:
    """Delete the metric rows of the given (indicator, year, quarter) groups: one statement
    per indicator, year and table, each an index seek (indicator, year, quarter IN ...)."""
    for (code, year), part in groups.groupby(["indicator_code", "year"]):
        quarters = sorted(part["quarter"].astype(int))
        for model in (MetricValue, MetricDigest):
            session.execute(delete(model).where(
                model.indicator_code == code, model.year == int(year),
                model.quarter.in_(quarters)))


def _in_groups(frame: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    wanted = pd.MultiIndex.from_frame(groups[GROUP])
    return frame[np.asarray(pd.MultiIndex.from_frame(frame[GROUP]).isin(wanted))]


@dataclass
class RefreshScope:
    """What a refresh recomputes (indicators with the ratios built on them; affected periods,
    None: every period) and the observations it computes from."""

    catalog: Catalog
    codes: set[str]
    affected: set[tuple[int, int]] | None

    @property
    def read_years(self) -> set[int] | None:
        # Only the affected years are recomputed; the years before them are read back from
        # the metric tables (they are unaffected, so what is stored is current).
        return None if self.affected is None else {y for y, _ in self.affected}

    def read_observations(self, session: Session) -> pd.DataFrame:
        """The stored observations the refresh computes from, in the index's order."""
        return _read_observations(session, self.catalog.with_components(self.codes),
                                  self.read_years)

    def with_written(self, before: pd.DataFrame, written: pd.DataFrame) -> pd.DataFrame:
        """The observations as read_observations would return them after a write, without
        reading them back: those read before it, each replaced by the written row of its key,
        and the written rows that are new. written: rows of the observations' columns in the
        index's order (etl.load writes them so)."""
        keep = written["indicator_code"].isin(self.catalog.with_components(self.codes))
        if self.read_years is not None:
            keep &= written["year"].isin(self.read_years)
        written = written.loc[keep, list(before.columns)]
        if before.empty:  # a new period: nothing stored to overlay
            return written.reset_index(drop=True)
        rows = pd.concat([before, written], ignore_index=True).drop_duplicates(
            OBSERVATION_ORDER, keep="last")
        # The index's order, as a read returns them: parents are summed in the same order.
        return rows.sort_values(OBSERVATION_ORDER, kind="stable", ignore_index=True)

    def refresh(self, session: Session, observations: pd.DataFrame | None = None,
                lap: Callable[[str], None] = lambda stage: None) -> RefreshReport:
        return refresh_in(session, self, observations, lap)


def refresh_scope(session: Session, indicator_codes: Iterable[str],
                  periods: Iterable[tuple[int, int]] | None = None) -> RefreshScope:
    """The scope of a refresh of these indicators for changes in these (year, quarter)
    periods (None: every period)."""
    catalog = load_catalog(session.connection())
    return RefreshScope(catalog, catalog.with_dependent_ratios(set(indicator_codes)),
                        affected_periods(periods) if periods is not None else None)


def refresh_metrics(session: Session, indicator_codes: Iterable[str],
                    periods: Iterable[tuple[int, int]] | None = None,
                    lap: Callable[[str], None] = lambda stage: None) -> RefreshReport:
    """Recompute metric_values for these indicators and every ratio built on them, in the
    caller's transaction.

    periods: the (year, quarter) pairs whose observations changed; only the periods they
    can affect are recomputed (reading two years back). Without, every period of the
    indicators is recomputed. Either way only the periods whose metrics actually differ
    from what is stored are rewritten. lap(stage) is called as each stage ends (a load's
    stopwatch)."""
    session.flush()
    return refresh_in(session, refresh_scope(session, indicator_codes, periods), lap=lap)


def refresh_in(session: Session, scope: RefreshScope, observations: pd.DataFrame | None = None,
               lap: Callable[[str], None] = lambda stage: None) -> RefreshReport:
    """refresh_metrics over a scope. observations: the scope's observations as they are now
    (a load passes those it read before its write with the rows it wrote over them, instead
    of reading them back); None: read them."""
    session.flush()
    bump_data_version(session)  # every worker's memo and the shared answers are stale now
    codes, affected = scope.codes, scope.affected
    if not codes:
        return RefreshReport([], 0)
    if affected is not None and not affected:
        return RefreshReport(sorted(codes), 0)
    current = scope.read_observations(session) if observations is None else observations
    year_before = None
    if affected is not None:
        # The year before each run of affected years (2015 and 2020 changed: 2014 and 2019).
        read_years = scope.read_years
        years_before = {y - 1 for y in read_years if y - 1 not in read_years}
        year_before = _read_year_before(session, codes, years_before,
                                        _quarters_derived_from(current))
    lap("read metric inputs")
    values = compute(current, scope.catalog, codes, year_before)
    if affected is not None:
        keep = pd.MultiIndex.from_frame(values[["year", "quarter"]]).isin(list(affected))
        values = values[np.asarray(keep)]
    lap("compute metrics")

    # Rewrite only the periods whose rows changed (a fingerprint per indicator and period).
    new = digests(values, MetricValue.__table__)
    stmt = select(MetricDigest).where(MetricDigest.indicator_code.in_(sorted(codes)))
    if affected is not None:
        stmt = stmt.where(tuple_(MetricDigest.year, MetricDigest.quarter).in_(sorted(affected)))
    old = read_frame(session.connection(), stmt)
    changed = changed_groups(new, old)
    if not changed.empty:
        # Groups without a stored fingerprint have no rows to delete (a new quarter).
        _delete_groups(session, _in_groups(changed, old) if not old.empty else old)
        # In key order once: the write and the packing then find it so.
        values = _in_groups(values, changed).sort_values(METRIC_ORDER, kind="stable")
        connection = session.connection()
        write_frame(connection, MetricValue.__table__, values)
        write_frame(connection, MetricDigest.__table__, _in_groups(new, changed).merge(
            pack_groups(values), on=GROUP, how="left"))
    else:
        values = values.iloc[:0]
    lap("write metrics")
    return RefreshReport(sorted(codes), len(values))


def refresh_all(engine: Engine) -> RefreshReport:
    """Rebuild every metric: after a catalog change (new region, peer group or indicator)."""
    with session_scope(engine) as session:
        codes = set(session.scalars(select(Indicator.code)))
        return refresh_metrics(session, codes)


def refresh_if_asked(engine: Engine) -> RefreshReport | None:
    """Rebuild every metric if a migration, a catalog sync or an administrator's edit marked
    them stale (db.cache.ask_for_metrics_refresh), and clear the mark in the same
    transaction; None when nothing was asked."""
    with session_scope(engine) as session:
        if session.get(AppMeta, METRICS_STALE_KEY) is None:
            return None
        lock_writers(session)  # one worker rebuilds; the others find the mark gone
        asked = session.get(AppMeta, METRICS_STALE_KEY, populate_existing=True)
        if asked is None:
            return None
        session.delete(asked)
        return refresh_metrics(session, set(session.scalars(select(Indicator.code))))


def open_database(url: str) -> Engine:
    """The database ready to serve: schema migrated, catalogs written, metrics current."""
    engine = init_database(url)
    refresh_if_asked(engine)
    return engine
