"""What a page or callback needs from the running app: its engine, its settings, and the
view state with defaults filled in from the data (home province, key indicator, latest period).

The app factory puts engine and settings on the Flask app; callbacks and page layouts run
inside a request, so they find them through flask.current_app, never through globals.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd
from flask import current_app
from sqlalchemy import Engine

from config import DEFAULT_PROVINCE, Settings
from dashboard.state import ALL, PeriodKey, ViewState

EXTENSION = "regional_innovation_dashboard"


def engine() -> Engine:
    return current_app.extensions[EXTENSION]["engine"]


def settings() -> Settings:
    return current_app.extensions[EXTENSION]["settings"]


def settings_digest() -> str:
    """A digest of this app's settings, worked out once per app (a key of cached pages)."""
    kept = current_app.extensions[EXTENSION]
    if "settings_digest" not in kept:
        kept["settings_digest"] = hashlib.sha256(repr(kept["settings"]).encode()).hexdigest()
    return kept["settings_digest"]


@dataclass
class PageData:
    """Catalogs a page with the shared controls needs, read once per request."""

    state: ViewState
    province: str
    regions: pd.DataFrame
    indicators: pd.DataFrame
    periods: pd.DataFrame

    @property
    def period_key(self) -> PeriodKey | None:
        return self.state.period_key

    def region_row(self, code: str | None) -> dict | None:
        if not code or self.regions.empty:
            return None
        match = self.regions[self.regions["code"] == code]
        return None if match.empty else match.iloc[0].to_dict()

    def indicator_row(self, code: str | None) -> dict | None:
        if not code or self.indicators.empty:
            return None
        match = self.indicators[self.indicators["code"] == code]
        return None if match.empty else match.iloc[0].to_dict()


def page_data(query: dict | None, *, allow_all: bool = False) -> PageData:
    """The URL's state checked against the catalogs, with defaults for what it leaves out.

    With allow_all, indicator and period may be "all" (a filter that keeps everything)."""
    from db import queries

    eng = engine()
    state = ViewState.from_query(query)
    province = home_province()
    regions = picker_regions(eng, province)
    indicators = queries.indicators(eng)
    known_regions = set(regions["code"]) if not regions.empty else set()
    known_indicators = list(indicators["code"]) if not indicators.empty else []

    region = state.region if state.region in known_regions else province
    indicator = state.indicator if state.indicator in known_indicators else None
    if allow_all and state.indicator == ALL:
        indicator = ALL
    if indicator is None and known_indicators:
        keys = indicators[indicators["is_key"].astype(bool)]["code"].tolist()
        indicator = keys[0] if keys else known_indicators[0]
    periods = queries.periods(eng, None if indicator == ALL else indicator)
    period = state.period
    codes = [PeriodKey(int(r.year), int(r.quarter), bool(r.cumulative)).code
             for r in periods.itertuples()]
    if period not in codes and not (allow_all and period == ALL):
        comparable = (queries.comparable_periods(eng, indicator, region)
                      if indicator and indicator != ALL else set())
        period = default_period(periods, comparable)
    selection = tuple(c for c in state.selection if c in known_regions)
    scope = state.scope if state.scope in known_regions else None
    state = state.with_(region=region, indicator=indicator, period=period, selection=selection,
                        scope=scope)
    return PageData(state, province, regions, indicators, periods)


def picker_regions(eng: Engine, province: str) -> pd.DataFrame:
    """The home province's tree, then the zones of every other province (they may be chosen
    anywhere); one frame per worker until the catalog changes."""
    from db import queries
    from db.cache import cached

    def load() -> pd.DataFrame:
        regions = queries.regions(eng, province)
        if regions.empty:
            return regions
        return pd.concat([regions, queries.zones_elsewhere(eng, province)], ignore_index=True)
    return cached(eng, ("picker_regions", province), load)


def home_province() -> str:
    """The HOME_PROVINCE setting, else the province most stored values belong to."""
    from db import queries

    return settings().home_province or queries.home_province(engine()) or DEFAULT_PROVINCE


def default_period(periods: pd.DataFrame, comparable: set[tuple] = frozenset()) -> str | None:
    """The latest annual period in which the region has peers to compare with (comparable:
    (year, quarter, cumulative) of such periods), else the latest annual period; a newer
    cumulative quarter only when no year has data. The first screen compares something."""
    if periods.empty:
        return None
    annual = periods[periods["quarter"] == 0]
    with_peers = annual[[(int(r.year), 0, True) in comparable for r in annual.itertuples()]]
    if not with_peers.empty:
        annual = with_peers
    row = (annual if not annual.empty else periods[periods["cumulative"].astype(bool)]
           if periods["cumulative"].astype(bool).any() else periods).iloc[0]
    return PeriodKey(int(row["year"]), int(row["quarter"]), bool(row["cumulative"])).code
