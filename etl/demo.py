"""Simulate the demo province (Anhui): plausible, seeded values for every catalog indicator,
stored with status 'simulated' so the interface can say that the numbers are not real.

The simulation runs top-down for the design and bottom-up for the numbers: each city gets a
2025 level and a growth path, the city is split among its counties and districts, the
counties are rounded, and then every city is the sum of its counties and the province the
sum of its cities, so totals add up exactly as in a real statistical yearbook. Zones are a
fraction of their parent region and are not added up (they overlap the districts).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from sqlalchemy import Engine, exists, select

from catalog.files import IndicatorSpec, load_admin_regions, load_indicators, load_zones
from catalog.regions import RegionTree
from config import DEFAULT_PROVINCE
from db.models import Observation, Region, Target, Upload
from db.session import session_scope
from etl.load import store
from etl.records import LoadReport, Record, SourceFile, TargetRecord

PROVINCE = DEFAULT_PROVINCE
ANNUAL_YEARS = tuple(range(2015, 2026))
QUARTER_YEARS = tuple(range(2023, 2026))
TARGET_YEAR = 2025
DEMO_SOURCE = "demo"
DEMO_FILE_NAME = "演示数据（模拟）"
DEMO_USER = "demo"
COUNT_UNITS = {"家", "个", "件", "项", "人", "位"}

# Year to date share of a flow: 一季度 ≈ 20%, 上半年 ≈ 45%, 前三季度 ≈ 70% (全年 = 100%).
FLOW_YEAR_TO_DATE = np.array([0.20, 0.45, 0.70])
# How far a stock has moved from last year's end to this year's end at each quarter end.
STOCK_PROGRESS = np.array([0.25, 0.50, 0.75])
COVID_YEAR = 2020

# 2025 anchors per city: GDP (亿元), R&D intensity (%), resident population (万人). Chosen
# so that with ~7% nominal GDP growth every city stays within R&D 10–300 亿元 and intensity
# 0.8–3.5% in every year from 2015 (the smallest cities are the tight end of both ranges).
CITY_ANCHORS: dict[str, tuple[float, float, float]] = {
    "340100": (8200, 3.45, 985),  # 合肥
    "340200": (4700, 3.05, 375),  # 芜湖
    "340300": (2600, 2.20, 330),  # 蚌埠
    "340400": (2100, 1.60, 300),  # 淮南
    "340500": (3000, 2.80, 218),  # 马鞍山
    "340600": (1800, 1.50, 195),  # 淮北
    "340700": (1700, 2.45, 130),  # 铜陵
    "340800": (3100, 2.00, 410),  # 安庆
    "341000": (1500, 1.80, 132),  # 黄山
    "341100": (3800, 2.60, 400),  # 滁州
    "341200": (3600, 1.30, 815),  # 阜阳
    "341300": (2600, 1.15, 530),  # 宿州
    "341500": (2400, 1.30, 435),  # 六安
    "341600": (2400, 1.10, 495),  # 亳州
    "341700": (1400, 1.80, 133),  # 池州
    "341800": (2300, 2.00, 248),  # 宣城
}
REFERENCE_GDP, REFERENCE_INTENSITY = 3000.0, 2.0  # a city of "size 1, innovativeness 1"
ZONE_INNOVATION = {"高新区": 2.0, "经开区": 1.5}
# The zones the demo simulates: Anhui's zones as the catalog held them before the national
# lists came in. The other zones of Anhui (and every zone elsewhere) get no invented figures.
DEMO_ZONES = ("Z340100-01", "Z340100-02", "Z340200-01", "Z340200-02", "Z340300-01",
              "Z340400-01", "Z340500-01", "Z340700-01", "Z340800-01", "Z341100-01",
              "Z341500-01", "Z341500-02", "Z341700-01", "Z341800-01")
# Indicators that exist only as published (the 商务部 evaluation of the national ETDZs and
# the count of zones it evaluated): never simulated.
NOT_SIMULATED = ("etdz_evaluation_rank", "etdz_evaluated")


@dataclass(frozen=True)
class Profile:
    """How an additive indicator behaves, as a 2025 level of a reference city."""

    base: float  # 2025 value for a city with GDP 3000 亿元 and R&D intensity 2%
    elasticity: float  # exponent on innovativeness: 0 follows size, 2 crowds into innovators
    growth: float  # mean annual growth
    rural: bool = False  # leans to counties rather than districts and zones


PROFILES: dict[str, Profile] = {
    "enterprises_with_rd": Profile(600, 1.0, 0.08),
    "high_tech_enterprises": Profile(420, 2.0, 0.15),
    "high_tech_enterprises_new": Profile(130, 2.0, 0.15),
    "tech_smes": Profile(900, 1.5, 0.17),
    "tech_contract_absorbed": Profile(80, 1.5, 0.20),
    "tech_contract_exported": Profile(60, 2.0, 0.20),
    "incubators": Profile(8, 1.5, 0.08),
    "maker_spaces": Profile(12, 1.5, 0.08),
    "incubated_enterprises": Profile(600, 1.5, 0.10),
    "iur_projects": Profile(120, 1.2, 0.08),
    "talent_teams": Profile(15, 1.5, 0.12),
    "academician_workstations": Profile(6, 1.5, 0.05),
    "new_rd_institutions": Profile(8, 1.5, 0.15),
    "enterprise_tech_centres": Profile(160, 1.0, 0.06),
    "st_commissioners": Profile(700, -0.5, 0.05, rural=True),
    "agri_st_parks": Profile(3, -0.5, 0.04, rural=True),
    "invention_patents_granted": Profile(1200, 2.0, 0.12),
    "invention_patents_owned": Profile(6500, 2.0, 0.15),
    "industrial_output": Profile(3300, 0.3, 0.07),
    "fiscal_st_expenditure": Profile(12, 1.5, 0.10),
}
DEFAULT_PROFILES = {"flow": Profile(100, 1.0, 0.08), "stock": Profile(100, 1.0, 0.06)}


@dataclass(frozen=True)
class Follower:
    """A numerator simulated as its denominator × a share, so its ratio stays plausible."""

    denominator: str
    elasticity: float  # how much more of it innovative counties and zones hold
    cap: float  # at most this share of the denominator in any region


FOLLOWERS = {
    "rd_expenditure": Follower("gdp", 1.0, 0.08),
    "sei_output": Follower("industrial_output", 0.8, 0.75),
}
# "零的突破": (indicator, first year above zero) forced on the smallest counties.
ZERO_BREAKTHROUGHS = (("high_tech_enterprises", 2019), ("new_rd_institutions", 2024))


class RegionLike(Protocol):
    code: str
    name_zh: str
    level: str
    parent_code: str | None
    zone_type: str | None


@dataclass
class _World:
    """The demo regions as index arrays, and what drives each one's magnitudes."""

    codes: list[str]  # province, cities, counties, zones: the row order of every array
    n_cities: int
    county_city: np.ndarray  # per county, the index of its city among the cities
    zone_parent: np.ndarray  # per zone, the row of its parent region
    city_gdp: np.ndarray
    city_intensity: np.ndarray
    city_population: np.ndarray
    county_size: np.ndarray
    county_innovation: np.ndarray
    county_is_rural: np.ndarray
    zone_innovation: np.ndarray
    zone_scale: np.ndarray

    @property
    def city_rows(self) -> slice:
        return slice(1, 1 + self.n_cities)

    @property
    def county_rows(self) -> slice:
        return slice(1 + self.n_cities, 1 + self.n_cities + len(self.county_city))

    @property
    def zone_rows(self) -> slice:
        return slice(1 + self.n_cities + len(self.county_city), len(self.codes))

    @property
    def city_size(self) -> np.ndarray:
        return self.city_gdp / REFERENCE_GDP

    @property
    def city_innovation(self) -> np.ndarray:
        return self.city_intensity / REFERENCE_INTENSITY


@dataclass
class _Series:
    annual: np.ndarray  # [region, year of ANNUAL_YEARS]; NaN = no value
    quarterly: np.ndarray  # [region, year of QUARTER_YEARS, quarter 1-4], year to date
    fractions: np.ndarray | None = None  # year-to-date shares used for a flow's quarters


# --- regions --------------------------------------------------------------------------------

def _build_world(regions: Iterable[RegionLike], rng: np.random.Generator) -> _World:
    regions = list(regions)
    by_code = {r.code: r for r in regions}
    tree = RegionTree((r.code, r.parent_code, r.level) for r in regions)
    cities = sorted(r.code for r in regions if r.level == "city" and r.parent_code == PROVINCE)
    city_index = {c: i for i, c in enumerate(cities)}
    counties = sorted((r for r in regions if r.level == "county" and r.parent_code in city_index),
                      key=lambda r: r.code)
    zones = sorted((r for r in regions if r.level == "zone" and r.code in DEMO_ZONES
                    and tree.within(r.parent_code, PROVINCE)), key=lambda r: r.code)
    county_city = np.array([city_index[r.parent_code] for r in counties], dtype=int)
    if len(set(county_city.tolist())) != len(cities):
        raise ValueError("every demo city needs its counties or districts in the regions table")
    codes = [PROVINCE, *cities, *(r.code for r in counties), *(r.code for r in zones)]
    row = {c: i for i, c in enumerate(codes)}

    def invented_anchor() -> tuple[float, float, float]:  # a city missing from CITY_ANCHORS
        return rng.uniform(1800, 4000), rng.uniform(1.3, 2.5), rng.uniform(150, 600)

    anchors = np.array([CITY_ANCHORS.get(c) or invented_anchor() for c in cities], dtype=float)
    # Districts (区) are the urban, innovative part of a city; counties (县) are larger in
    # people and farming than in R&D.
    is_district = np.array([r.name_zh.endswith("区") for r in counties])
    county_size = rng.lognormal(0.0, 0.5, len(counties)) * np.where(is_district, 1.2, 1.0)
    county_innovation = rng.lognormal(0.0, 0.3, len(counties)) * np.where(is_district, 1.4, 0.85)
    zone_parent = np.array([row[z.parent_code] for z in zones], dtype=int)
    parent_is_county = np.array([by_code[z.parent_code].level == "county" for z in zones])
    return _World(
        codes=codes, n_cities=len(cities), county_city=county_city, zone_parent=zone_parent,
        city_gdp=anchors[:, 0], city_intensity=anchors[:, 1], city_population=anchors[:, 2],
        county_size=county_size, county_innovation=county_innovation,
        county_is_rural=~is_district,
        zone_innovation=np.array([ZONE_INNOVATION.get(z.zone_type or "", 1.2) for z in zones]),
        zone_scale=np.where(parent_is_county, 0.25, 0.10))


# --- time paths -----------------------------------------------------------------------------

def _backcast(level_2025: np.ndarray, growth: np.ndarray) -> np.ndarray:
    """A path over ANNUAL_YEARS ending at level_2025; growth[:, t] leads from year t-1 to t."""
    path = np.empty((len(level_2025), len(ANNUAL_YEARS)))
    path[:, -1] = level_2025
    for t in range(len(ANNUAL_YEARS) - 1, 0, -1):
        path[:, t - 1] = path[:, t] / (1 + growth[:, t])
    return path


def _growth(rng, mean: np.ndarray, year_sd: float, shock: float, low: float) -> np.ndarray:
    growth = mean[:, None] + rng.normal(0, year_sd, (len(mean), len(ANNUAL_YEARS)))
    growth[:, ANNUAL_YEARS.index(COVID_YEAR)] += shock
    return np.clip(growth, low, 0.40)


def _share_path(rng, share_2015: np.ndarray, share_2025: np.ndarray, low, high) -> np.ndarray:
    steps = np.linspace(0, 1, len(ANNUAL_YEARS))
    path = share_2015[:, None] * (share_2025 / share_2015)[:, None] ** steps
    return np.clip(path * rng.lognormal(0, 0.02, path.shape), low, high)


def _city_design(spec: IndicatorSpec, w: _World, rng, series: dict[str, _Series]) -> np.ndarray:
    """What a city's annual values should be, before the split into counties and rounding."""
    n, flow = w.n_cities, spec.kind == "flow"
    if spec.code == "gdp":
        mean = 0.07 + 0.01 * (w.city_innovation - 1) + rng.normal(0, 0.005, n)
        return _backcast(w.city_gdp, _growth(rng, mean, 0.012, -0.045, -0.02))
    if spec.code == "population":
        mean = 0.003 + 0.01 * (w.city_innovation - 1) + rng.normal(0, 0.002, n)
        return _backcast(w.city_population, _growth(rng, mean, 0.003, 0.0, -0.02))
    if spec.code in FOLLOWERS:
        denominator = series[FOLLOWERS[spec.code].denominator].annual[w.city_rows]
        if spec.code == "rd_expenditure":
            # The 2015 intensity keeps even the smallest city's R&D above 10 亿元.
            share_2025 = w.city_intensity / 100
            share_2015 = np.maximum(share_2025 / rng.uniform(1.10, 1.35, n),
                                    11.0 / denominator[:, 0])
            share = _share_path(rng, share_2015, share_2025, 0.0086, 0.0340)
        else:
            share_2025 = np.clip(0.35 * w.city_innovation ** 0.6 * rng.lognormal(0, 0.08, n),
                                 0.1, 0.8)
            share = _share_path(rng, share_2025 / rng.uniform(1.3, 1.7, n), share_2025, 0.05, 0.85)
        return denominator * share
    profile = PROFILES.get(spec.code, DEFAULT_PROFILES[spec.kind])
    level = (profile.base * w.city_size * w.city_innovation ** profile.elasticity
             * rng.lognormal(0, 0.25, n))
    mean = profile.growth + rng.normal(0, 0.03, n)
    # Stocks do not shrink; flows dipped in 2020.
    growth = _growth(rng, mean, 0.04, -0.05 if flow else 0.0, -0.10 if flow else 0.0)
    return _backcast(level, growth)


# --- one additive indicator, all regions ----------------------------------------------------

def _decimals(spec: IndicatorSpec) -> int:
    return 0 if spec.unit in COUNT_UNITS else 2


def _sum_into(values: np.ndarray, groups: np.ndarray, n_groups: int, decimals: int) -> np.ndarray:
    total = np.zeros((n_groups, *values.shape[1:]))
    np.add.at(total, groups, values)
    return np.round(total, decimals)  # sums of 2-decimal floats carry binary noise


def _quarters(annual: np.ndarray, flow: bool, decimals: int, rng,
              fractions: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Year-to-date quarters whose Q4 is the annual value; stocks move from last year-end."""
    years = np.array(QUARTER_YEARS) - ANNUAL_YEARS[0]
    current = annual[:, years]
    shape = (*current.shape, 3)
    if flow:
        if fractions is None:
            fractions = FLOW_YEAR_TO_DATE + rng.normal(0, 0.015, shape)
        fractions = np.clip(np.sort(fractions, axis=-1), 0.05, 0.95)
        first_three = current[..., None] * fractions
    else:
        previous = annual[:, years - 1]
        progress = np.clip(np.sort(STOCK_PROGRESS + rng.normal(0, 0.05, shape), axis=-1), 0, 1)
        first_three = previous[..., None] + (current - previous)[..., None] * progress
    quarterly = np.concatenate([np.round(first_three, decimals), current[..., None]], axis=-1)
    return quarterly, fractions


def _county_weights(spec: IndicatorSpec, w: _World, rng,
                    series: dict[str, _Series]) -> np.ndarray:
    """Each county's share of its city, per year."""
    n = len(w.county_city)
    if spec.code in FOLLOWERS:
        follower = FOLLOWERS[spec.code]
        base = series[follower.denominator].annual[w.county_rows]
        elasticity = follower.elasticity
        rural = False
    else:
        profile = PROFILES.get(spec.code, DEFAULT_PROFILES[spec.kind])
        size = w.county_size ** (0.6 if spec.code == "population" else 1.0)
        base = np.repeat(size[:, None], len(ANNUAL_YEARS), axis=1)
        elasticity = 0.0 if spec.code in ("gdp", "population") else profile.elasticity
        rural = profile.rural or spec.code == "population"
    weight = base * (w.county_innovation ** elasticity)[:, None] * rng.lognormal(0, 0.25, (n, 1))
    if rural:
        weight *= np.where(w.county_is_rural, 1.5, 1.0)[:, None]
    if spec.kind == "flow":
        # A county's share of a flow drifts from year to year; a stock's share holds, so that
        # its stocks only grow when the city's do.
        drift = np.cumsum(rng.normal(0, 0.03, (n, len(ANNUAL_YEARS))), axis=1)
        weight = weight * np.exp(drift)
    totals = _sum_into(weight, w.county_city, w.n_cities, 12)
    return weight / totals[w.county_city]


def _zone_share(spec: IndicatorSpec, w: _World, rng) -> np.ndarray:
    profile = PROFILES.get(spec.code, DEFAULT_PROFILES[spec.kind])
    elasticity = 0.0 if spec.code in ("gdp", "population") else profile.elasticity
    noise = rng.lognormal(0, 0.25, len(w.zone_scale))
    share = w.zone_scale * w.zone_innovation ** elasticity * noise
    if profile.rural:
        share *= 0.3
    if spec.code == "population":
        share *= 0.6  # zones are where people work more than where they live
    return np.clip(share, 0.002, 0.6)


def _follow_fractions(spec: IndicatorSpec, series: dict[str, _Series], rows: slice,
                      rng) -> np.ndarray | None:
    """A numerator's year-to-date shares stay close to its denominator's, so the quarterly
    ratio (e.g. R&D intensity for 1-6月) stays near the annual one."""
    follower = FOLLOWERS.get(spec.code)
    if follower is None or spec.kind != "flow":
        return None
    base = series[follower.denominator].fractions[rows]
    return base * rng.lognormal(0, 0.01, base.shape)


def _county_annual(spec: IndicatorSpec, w: _World, rng, series: dict[str, _Series],
                   zeros: tuple[np.ndarray, int] | None) -> np.ndarray:
    follower = FOLLOWERS.get(spec.code)
    city_design = _city_design(spec, w, rng, series)
    county = city_design[w.county_city] * _county_weights(spec, w, rng, series)
    if follower:
        denominator = series[follower.denominator].annual[w.county_rows]
        county = np.minimum(county, follower.cap * denominator)
    county = np.round(county, _decimals(spec))
    if zeros is not None:  # 零的突破: nothing until first_year, then at least one
        rows, first_year = zeros
        before = np.array(ANNUAL_YEARS) < first_year
        county[np.ix_(rows, before)] = 0
        county[np.ix_(rows, ~before)] = np.maximum(county[np.ix_(rows, ~before)], 1)
    return county


def _zone_annual(spec: IndicatorSpec, w: _World, rng, series: dict[str, _Series],
                 parent: np.ndarray) -> np.ndarray:
    follower = FOLLOWERS.get(spec.code)
    if follower is None:
        return np.round(parent * _zone_share(spec, w, rng)[:, None], _decimals(spec))
    # A zone's numerator is its own denominator × its parent's share, raised for innovative
    # zones (a high-tech zone's R&D intensity is well above its city's).
    denominator = series[follower.denominator].annual
    lift = w.zone_innovation ** follower.elasticity * rng.lognormal(0, 0.15, len(w.zone_parent))
    zone = denominator[w.zone_rows] * (parent / denominator[w.zone_parent]) * lift[:, None]
    zone = np.minimum(zone, follower.cap * denominator[w.zone_rows])
    return np.round(zone, _decimals(spec))


def _simulate_additive(spec: IndicatorSpec, w: _World, rng, series: dict[str, _Series],
                       county_zeros: dict[str, tuple[np.ndarray, int]]) -> _Series:
    """Counties from the city design, then cities and province as sums, then zones."""
    flow, decimals = spec.kind == "flow", _decimals(spec)
    county = _county_annual(spec, w, rng, series, county_zeros.get(spec.code))
    county_q, county_fractions = _quarters(
        county, flow, decimals, rng, _follow_fractions(spec, series, w.county_rows, rng))

    one_province = np.zeros(w.n_cities, dtype=int)
    city = _sum_into(county, w.county_city, w.n_cities, decimals)
    city_q = _sum_into(county_q, w.county_city, w.n_cities, decimals)
    province = _sum_into(city, one_province, 1, decimals)
    province_q = _sum_into(city_q, one_province, 1, decimals)

    parent = np.concatenate([province, city, county])[w.zone_parent]
    zone = _zone_annual(spec, w, rng, series, parent)
    zone_q, zone_fractions = _quarters(
        zone, flow, decimals, rng, _follow_fractions(spec, series, w.zone_rows, rng))

    fractions = None
    if flow:
        fractions = np.full((len(w.codes), len(QUARTER_YEARS), 3), np.nan)
        fractions[w.county_rows], fractions[w.zone_rows] = county_fractions, zone_fractions
    return _Series(np.concatenate([province, city, county, zone]),
                   np.concatenate([province_q, city_q, county_q, zone_q]), fractions)


def _calibrate(spec: IndicatorSpec, s: _Series, w: _World, totals: dict[int, float]) -> _Series:
    """Scale a simulated indicator so that the province adds up to its official totals in the
    years they cover (the factor interpolated between them and held beyond): the simulated
    cities then continue the real series instead of an invented level."""
    sim = s.annual[0]
    known = sorted((y, totals[y] / sim[i]) for i, y in enumerate(ANNUAL_YEARS)
                   if y in totals and sim[i] > 0)
    if not known:
        return s
    factor = np.interp(ANNUAL_YEARS, [y for y, _ in known], [f for _, f in known])
    q_factor = factor[np.array(QUARTER_YEARS) - ANNUAL_YEARS[0]][None, :, None]
    d, one_province = _decimals(spec), np.zeros(w.n_cities, dtype=int)
    county = np.round(s.annual[w.county_rows] * factor, d)
    county_q = np.round(s.quarterly[w.county_rows] * q_factor, d)
    city = _sum_into(county, w.county_city, w.n_cities, d)
    city_q = _sum_into(county_q, w.county_city, w.n_cities, d)
    return _Series(
        np.concatenate([_sum_into(city, one_province, 1, d), city, county,
                        np.round(s.annual[w.zone_rows] * factor, d)]),
        np.concatenate([_sum_into(city_q, one_province, 1, d), city_q, county_q,
                        np.round(s.quarterly[w.zone_rows] * q_factor, d)]), s.fractions)


# --- reported values and ratios -------------------------------------------------------------

def _region_innovation(w: _World) -> np.ndarray:
    return np.concatenate([[1.0], w.city_innovation, w.county_innovation, w.zone_innovation])


def _simulate_rate(w: _World, rng) -> _Series:
    """A reported growth rate (%), per region and not aggregated: between -5 and 25."""
    n = len(w.codes)
    mean = 9 + 4 * np.log(_region_innovation(w)) + rng.normal(0, 2, n)
    annual = mean[:, None] + rng.normal(0, 3.5, (n, len(ANNUAL_YEARS)))
    annual[:, ANNUAL_YEARS.index(COVID_YEAR)] -= 6
    annual = np.round(np.clip(annual, -5, 25), 1)
    years = np.array(QUARTER_YEARS) - ANNUAL_YEARS[0]
    early = annual[:, years, None] + rng.normal(0, 2.5, (n, len(years), 3))
    early = np.round(np.clip(early, -5, 25), 1)
    quarterly = np.concatenate([early, annual[:, years, None]], axis=-1)
    return _Series(annual, quarterly)


def _simulate_zone_rank(w: _World, rng, gdp: np.ndarray | None) -> _Series:
    """The provincial zone assessment: a permutation 1..N of the zones each year, annual only.

    A zone's standing drifts slowly (a random walk around its size), so ranks move by a few
    places a year as in the real assessments.
    """
    n = len(w.codes)
    zones = np.arange(n)[w.zone_rows]
    strength = np.log(w.zone_innovation)
    if gdp is not None:
        strength = strength + np.log(gdp[zones, -1])
    walk = np.cumsum(rng.normal(0, 0.35, (len(zones), len(ANNUAL_YEARS))), axis=1)
    score = strength[:, None] + walk
    ranks = np.argsort(np.argsort(-score, axis=0), axis=0) + 1.0
    annual = np.full((n, len(ANNUAL_YEARS)), np.nan)
    annual[zones] = ranks
    return _Series(annual, np.full((n, len(QUARTER_YEARS), 4), np.nan))


def _ratio(spec: IndicatorSpec, series: dict[str, _Series]) -> _Series:
    """numerator / denominator × scale from the simulated (rounded) values, never simulated."""
    def divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.round(np.where(den > 0, num / den * spec.scale, np.nan), 4)

    num, den = series[spec.numerator], series[spec.denominator]
    return _Series(divide(num.annual, den.annual), divide(num.quarterly, den.quarterly))


# --- gaps, targets, records -----------------------------------------------------------------

def _pick_small_counties(w: _World, k: int) -> np.ndarray:
    return np.argsort(w.county_size * w.county_innovation, kind="stable")[:k]


def _apply_gaps(series: dict[str, _Series], w: _World, rng, skip: set[int],
                first_flow: str | None) -> None:
    """Realistic holes: a county that did not report one year, and one missing cell."""
    candidates = [i for i in range(len(w.county_city)) if i not in skip]
    chosen = rng.choice(candidates, size=3, replace=False)
    rows = np.arange(len(w.codes))[w.county_rows][chosen]
    q_year = {y: i for i, y in enumerate(QUARTER_YEARS)}
    for row, year in ((rows[0], 2019), (rows[1], 2024)):
        for s in series.values():
            s.annual[row, ANNUAL_YEARS.index(year)] = np.nan
            if year in q_year:
                s.quarterly[row, q_year[year]] = np.nan
    if first_flow:  # 1-6月 2025 of one flow left blank by one county
        series[first_flow].quarterly[rows[2], q_year[2025], 1] = np.nan


def _targets(specs: Sequence[IndicatorSpec], series: dict[str, _Series], w: _World,
             rng) -> list[TargetRecord]:
    """A TARGET_YEAR target per region for the key indicators: last year's value × 1.08–1.15."""
    last = ANNUAL_YEARS.index(TARGET_YEAR - 1)
    targets = []
    for spec in specs:
        if not spec.is_key or spec.kind == "rank" or spec.code not in series:
            continue
        previous = series[spec.code].annual[:, last]
        if spec.kind == "rate":
            previous = np.maximum(previous, 5.0)  # a growth target is never below 5%
        factor = rng.uniform(1.08, 1.15, len(previous))
        decimals = {"rate": 1, "ratio": 2}.get(spec.kind, _decimals(spec))
        values = np.round(previous * factor, decimals)
        if decimals == 0:
            values = np.ceil(previous * factor)
        for row in np.flatnonzero(~np.isnan(values)):
            targets.append(TargetRecord(w.codes[row], spec.code, TARGET_YEAR, float(values[row])))
    return targets


def _records(specs: Sequence[IndicatorSpec], series: dict[str, _Series], w: _World) -> list[Record]:
    records = []
    for spec in specs:
        s = series[spec.code]
        for row, year in zip(*np.nonzero(~np.isnan(s.annual))):
            records.append(Record(w.codes[row], spec.code, ANNUAL_YEARS[year], 0, True,
                                  float(s.annual[row, year]), status="simulated"))
        for row, year, quarter in zip(*np.nonzero(~np.isnan(s.quarterly[..., :3]))):
            # 1-3月, 1-6月, 1-9月; 1-12月 is the year, stored once above.
            records.append(Record(w.codes[row], spec.code, QUARTER_YEARS[year], int(quarter) + 1,
                                  True, float(s.quarterly[row, year, quarter]), status="simulated"))
    return records


def build_demo_records(seed: int = 2025, regions: Iterable[RegionLike] | None = None,
                       indicators: Sequence[IndicatorSpec] | None = None,
                       official: dict[str, dict[int, float]] | None = None,
                       ) -> tuple[list[Record], list[TargetRecord]]:
    """Simulated values and targets for the demo province; the same seed gives the same data.

    Regions default to the catalog files (the same ones `init` writes to the regions table).
    official: the province's official annual totals by indicator ({code: {year: value}});
    an additive indicator that has them is calibrated to them (_calibrate).
    """
    rng = np.random.default_rng(seed)
    specs = sorted((s for s in indicators or load_indicators() if s.code not in NOT_SIMULATED),
                   key=lambda s: s.sort_order)
    if regions is None:
        regions = load_admin_regions() + load_zones()
    w = _build_world(regions, rng)
    county_zeros = {code: (_pick_small_counties(w, 2)[[i]], year)
                    for i, (code, year) in enumerate(ZERO_BREAKTHROUGHS)
                    if any(s.code == code and s.kind == "stock" for s in specs)}

    # Denominators before the numerators that follow them.
    additive = [s for s in specs if s.kind in ("flow", "stock")]
    additive.sort(key=lambda s: s.code in FOLLOWERS)
    series: dict[str, _Series] = {}
    for spec in additive:
        series[spec.code] = _simulate_additive(spec, w, rng, series, county_zeros)
        if official and official.get(spec.code):
            series[spec.code] = _calibrate(spec, series[spec.code], w, official[spec.code])
    for spec in specs:
        if spec.kind == "rate":
            series[spec.code] = _simulate_rate(w, rng)
        elif spec.kind == "rank":
            gdp = series["gdp"].annual if "gdp" in series else None
            series[spec.code] = _simulate_zone_rank(w, rng, gdp)

    first_flow = next((s.code for s in specs if s.kind == "flow" and s.is_key), None)
    skip = {int(rows[0]) for rows, _ in county_zeros.values()}
    _apply_gaps(series, w, rng, skip, first_flow)
    for spec in specs:  # ratios last, so a gap in a numerator is a gap in the ratio
        if spec.kind == "ratio":
            series[spec.code] = _ratio(spec, series)
    return _records(specs, series, w), _targets(specs, series, w, rng)


# --- the database side ----------------------------------------------------------------------

def _stored_regions(engine: Engine) -> list:
    with session_scope(engine) as session:
        return list(session.execute(select(Region.code, Region.name_zh, Region.level,
                                           Region.parent_code, Region.zone_type)))


def _official_totals(engine: Engine, specs: Sequence[IndicatorSpec]) -> dict[str, dict[int, float]]:
    """The demo province's official annual figures by indicator, with the denominators of
    official ratios whose numerator is official too (GDP from R&D spending and intensity)."""
    with session_scope(engine) as session:
        rows = session.execute(select(Observation.indicator_code, Observation.year, Observation.value)
                               .join(Upload, Upload.id == Observation.upload_id)
                               .where(Upload.source == "official", Observation.quarter == 0,
                                      Observation.region_code == PROVINCE)).all()
    totals: dict[str, dict[int, float]] = {}
    for code, year, value in rows:
        totals.setdefault(code, {})[year] = value
    for spec in specs:
        if spec.kind == "ratio" and spec.code in totals and spec.numerator in totals:
            ratio, numerator = totals[spec.code], totals[spec.numerator]
            totals.setdefault(spec.denominator, {}).update(
                {y: numerator[y] / ratio[y] * spec.scale for y in numerator if ratio.get(y)})
    return totals


def _held_by_others(engine: Engine) -> tuple[set[tuple], set[tuple]]:
    """Keys of the observations and targets that came from anything but the demo (an upload,
    the official series): the demo never replaces them."""
    with session_scope(engine) as session:
        values = session.execute(select(Observation.region_code, Observation.indicator_code,
                                        Observation.year, Observation.quarter, Observation.cumulative)
                                 .join(Upload, Upload.id == Observation.upload_id)
                                 .where(Upload.source != DEMO_SOURCE)).all()
        targets = session.execute(select(Target.region_code, Target.indicator_code, Target.year)
                                  .join(Upload, Upload.id == Target.upload_id)
                                  .where(Upload.source != DEMO_SOURCE)).all()
    return {(r, i, y, q, bool(c)) for r, i, y, q, c in values}, set(map(tuple, targets))


def load_demo(engine: Engine, seed: int = 2025) -> LoadReport:
    """Fill the demo province through the ordinary loader, marked simulated; idempotent.
    Calibrated to the province's official figures where they are stored, and never over a
    value or target that came from an upload or the official series."""
    specs = sorted((s for s in load_indicators() if s.code not in NOT_SIMULATED),
                   key=lambda s: s.sort_order)
    records, targets = build_demo_records(seed, regions=_stored_regions(engine), indicators=specs,
                                          official=_official_totals(engine, specs))
    held, held_targets = _held_by_others(engine)
    kept = sum(r.key in held for r in records) + sum(t.key in held_targets for t in targets)
    records = [r for r in records if r.key not in held]
    targets = [t for t in targets if t.key not in held_targets]
    source = SourceFile(file_name=DEMO_FILE_NAME, source=DEMO_SOURCE, sha256=f"demo-{seed}")
    report = store(engine, records, source, targets=targets, user=DEMO_USER)
    report.n_kept = kept
    return report


def user_uploads(engine: Engine) -> int:
    """How many uploads of real data (files or report text) the database holds: the demo
    and the official series shipped with the project do not count."""
    from sqlalchemy import func

    with session_scope(engine) as session:
        return int(session.scalar(select(func.count()).select_from(Upload).where(
            Upload.source.notin_((DEMO_SOURCE, "official")),
            Upload.outcome.in_(("loaded", "unchanged")))))


def demo_loaded(engine: Engine) -> bool:
    with session_scope(engine) as session:
        return bool(session.scalar(select(exists().where(
            Upload.source == DEMO_SOURCE, Upload.outcome.in_(("loaded", "unchanged"))))))
