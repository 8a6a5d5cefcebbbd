"""The demo province: deterministic, plausible, internally consistent, and marked simulated."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from catalog.files import load_admin_regions, load_indicators, load_zones
from db.models import Observation, Target, Upload
from db.session import session_scope
from etl.demo import (ANNUAL_YEARS, DEMO_ZONES, NOT_SIMULATED, PROVINCE, QUARTER_YEARS,
                      TARGET_YEAR, build_demo_records, demo_loaded, load_demo)

HEFEI = "340100"
INDICATORS = {s.code: s for s in load_indicators()}
LEVELS = {r.code: r.level for r in load_admin_regions() + load_zones()}
PARENTS = {r.code: r.parent_code for r in load_admin_regions() + load_zones()}


def as_frame(records) -> pd.DataFrame:
    df = pd.DataFrame([r._asdict() for r in records])
    df["level"] = df["region_code"].map(LEVELS)
    df["kind"] = df["indicator_code"].map(lambda c: INDICATORS[c].kind)
    return df


@pytest.fixture(scope="module")
def demo():
    records, targets = build_demo_records(2025)
    return as_frame(records), pd.DataFrame([t.__dict__ for t in targets])


def annual(df: pd.DataFrame, indicator: str) -> pd.DataFrame:
    rows = df[(df.indicator_code == indicator) & (df.quarter == 0)]
    return rows.pivot(index="region_code", columns="year", values="value")


def test_same_seed_gives_identical_records_and_another_seed_different_ones():
    first, second = build_demo_records(7), build_demo_records(7)
    assert first == second
    assert build_demo_records(8)[0] != first[0]


def test_covers_anhui_every_indicator_and_every_period(demo):
    df, _ = demo
    regions = set(df.region_code)
    assert PROVINCE in regions
    assert {c for c, level in LEVELS.items() if level == "city" and PARENTS[c] == PROVINCE} <= regions
    assert sum(1 for c in regions if LEVELS[c] == "city") == 16
    assert sum(1 for c in regions if LEVELS[c] == "county") > 100
    # Anhui's zones of before the national lists, and no other zone anywhere
    assert {c for c in regions if LEVELS[c] == "zone"} == set(DEMO_ZONES)
    assert all(c.startswith("34") or LEVELS[c] == "zone" for c in regions)
    # every indicator but the published-only ones (the 商务部 evaluation)
    assert set(df.indicator_code) == set(INDICATORS) - set(NOT_SIMULATED)
    assert set(df[df.quarter == 0].year) == set(ANNUAL_YEARS)
    quarterly = df[df.quarter > 0]
    # 1-3月, 1-6月, 1-9月; 1-12月 is the year itself, stored once as the annual figure.
    assert set(quarterly.year) == set(QUARTER_YEARS) and set(quarterly.quarter) == {1, 2, 3}
    assert quarterly.cumulative.all()
    assert (df.status == "simulated").all()


@pytest.mark.parametrize("seed", [2025, 1, 99])
def test_every_city_every_year_spends_10_to_300_yi_on_rd_at_intensity_08_to_35(seed):
    df = as_frame(build_demo_records(seed)[0])
    cities = df[df.level == "city"]
    rd, intensity = annual(cities, "rd_expenditure"), annual(cities, "rd_intensity")
    assert rd.shape == (16, len(ANNUAL_YEARS))
    assert rd.min().min() >= 10 and rd.max().max() <= 300
    assert intensity.min().min() >= 0.8 and intensity.max().max() <= 3.5
    assert rd[2025].idxmax() == HEFEI
    assert intensity.loc[HEFEI, 2025] >= 3.2


def test_cities_have_tens_to_hundreds_of_high_tech_enterprises_and_hefei_thousands(demo):
    df, _ = demo
    hte = annual(df[df.level == "city"], "high_tech_enterprises")[2025]
    assert hte[HEFEI] >= 1000
    others = hte.drop(HEFEI)
    assert others.min() >= 10 and others.max() < 2500


def test_counties_are_a_fraction_of_their_city_and_zones_smaller_than_their_parent(demo):
    df, _ = demo
    gdp = annual(df, "gdp")[2025].dropna()
    for code, value in gdp.items():
        if LEVELS[code] in ("county", "zone"):
            assert value < gdp[PARENTS[code]], code


def test_ratios_are_numerator_over_denominator_times_scale_everywhere(demo):
    df, _ = demo
    key = ["region_code", "year", "quarter"]
    values = df.set_index(key + ["indicator_code"]).value.unstack()
    for spec in INDICATORS.values():
        if spec.kind != "ratio":
            continue
        both = values[[spec.code, spec.numerator, spec.denominator]].dropna(subset=[spec.code])
        assert not both[[spec.numerator, spec.denominator]].isna().any().any(), spec.code
        expected = both[spec.numerator] / both[spec.denominator] * spec.scale
        assert np.allclose(both[spec.code], expected, rtol=1e-3, atol=1e-4), spec.code


def test_flows_accumulate_over_the_year_to_the_annual_value(demo):
    df, _ = demo
    for kind in ("flow", "stock", "ratio", "rate"):
        rows = df[(df.kind == kind) & (df.year >= QUARTER_YEARS[0])]
        table = rows.pivot_table(index=["region_code", "indicator_code", "year"],
                                 columns="quarter", values="value").dropna()
        assert len(table) > 0
        assert 4 not in table.columns, kind  # 1-12月 is the year (quarter 0)
        if kind == "flow":
            assert (table[1] <= table[2]).all() and (table[2] <= table[3]).all()
            assert (table[3] <= table[0]).all()
            share = (table[1] / table[0])[table[0] > 100]
            assert 0.15 < share.median() < 0.25
            half = (table[2] / table[0])[table[0] > 100]
            assert 0.40 < half.median() < 0.50


def test_stocks_of_counted_things_never_shrink_from_year_to_year(demo):
    df, _ = demo
    for code, spec in INDICATORS.items():
        if spec.kind == "stock" and spec.unit in ("家", "个", "件", "人"):
            path = annual(df[df.level.isin(["province", "city"])], code)
            assert (path.diff(axis=1).iloc[:, 1:] >= 0).all().all(), code


def test_counts_are_whole_numbers(demo):
    df, _ = demo
    counted = df[df.indicator_code.map(lambda c: INDICATORS[c].unit in ("家", "个", "件", "人", "位"))
                 & df.kind.isin(["flow", "stock", "rank"])]
    assert len(counted) > 10_000
    assert (counted.value == counted.value.round()).all()
    assert (counted.value >= 0).all()


def test_province_and_cities_are_the_sums_of_their_parts(demo):
    df, _ = demo
    additive = df[df.kind.isin(["flow", "stock"])]
    key = ["indicator_code", "year", "quarter"]
    province = additive[additive.region_code == PROVINCE].set_index(key).value
    cities = additive[additive.level == "city"].groupby(key).value.sum()
    assert np.allclose(province, cities.loc[province.index], rtol=1e-9)
    # Cities add up from their counties in the years where no county left a gap.
    hefei = additive[additive.region_code == HEFEI].set_index(key).value
    counties = additive[(additive.level == "county") & (additive.region_code.map(PARENTS) == HEFEI)]
    complete = counties.groupby(key).value.agg(["sum", "count"])
    complete = complete[complete["count"] == complete["count"].max()]
    assert np.allclose(hefei.loc[complete.index], complete["sum"], rtol=1e-9)


def test_reported_rates_lie_between_minus_5_and_25_and_are_not_summed(demo):
    df, _ = demo
    rates = df[df.kind == "rate"]
    assert rates.value.between(-5, 25).all()
    assert set(rates.level) == {"province", "city", "county", "zone"}


def test_zone_rank_is_a_permutation_of_the_zones_each_year(demo):
    df, _ = demo
    ranks = df[df.kind == "rank"]
    assert set(ranks.level) == {"zone"}
    n_zones = ranks.region_code.nunique()
    for year, group in ranks.groupby("year"):
        assert sorted(group.value) == list(range(1, n_zones + 1)), year
    assert set(ranks.year) == set(ANNUAL_YEARS)


def test_a_county_misses_a_year_and_small_counties_make_a_zero_breakthrough(demo):
    df, _ = demo
    counties = df[df.level == "county"]
    per_year = counties[counties.quarter == 0].groupby("region_code").year.nunique()
    assert (per_year < len(ANNUAL_YEARS)).sum() >= 2

    breakthroughs = 0
    for code in ("high_tech_enterprises", "new_rd_institutions"):
        path = annual(counties, code)
        starts_at_zero = path[ANNUAL_YEARS[0]] == 0
        ends_above = path[ANNUAL_YEARS[-1]] > 0
        breakthroughs += int((starts_at_zero & ends_above).sum())
    assert breakthroughs >= 2


def test_key_indicators_have_a_target_8_to_15_percent_above_last_year(demo):
    df, targets = demo
    key = {c for c, s in INDICATORS.items() if s.is_key and s.kind != "rank"}
    assert set(targets.indicator_code) == key
    assert (targets.year == TARGET_YEAR).all()
    city_targets = targets[targets.region_code.map(LEVELS) == "city"]
    assert len(city_targets) == 16 * len(key)
    last = df[(df.year == TARGET_YEAR - 1) & (df.quarter == 0)].set_index(
        ["region_code", "indicator_code"]).value
    for _, t in city_targets.iterrows():
        spec = INDICATORS[t.indicator_code]
        if spec.kind in ("flow", "stock", "ratio"):
            growth = t.value / last[(t.region_code, t.indicator_code)]
            assert 1.07 <= growth <= 1.16, (t.region_code, t.indicator_code)


def test_load_demo_stores_everything_as_simulated_and_a_second_load_changes_nothing(engine):
    # One test for both: a demo load takes seconds, and the second load needs the first.
    assert not demo_loaded(engine)
    first = load_demo(engine)
    assert first.outcome == "loaded" and first.n_new > 50_000
    assert demo_loaded(engine)
    with session_scope(engine) as s:
        statuses = dict(s.execute(select(Observation.status, func.count())
                                  .group_by(Observation.status)).all())
        assert statuses == {"simulated": first.n_new}
        upload = s.get(Upload, first.upload_id)
        assert (upload.source, upload.uploaded_by, upload.file_name) == ("demo", "demo", "演示数据（模拟）")
        assert s.scalar(select(func.count()).select_from(Observation)
                        .where(Observation.upload_id != upload.id)) == 0
        assert s.scalar(select(func.count()).select_from(Target)) > 0
        before = sorted(s.execute(select(Observation.id, Observation.value)).all())

    second = load_demo(engine)

    assert second.outcome == "unchanged"
    assert (second.n_new, second.n_changed, second.n_unchanged) == (0, 0, first.n_new)
    assert second.previously_loaded_as == first.upload_id
    with session_scope(engine) as s:
        assert sorted(s.execute(select(Observation.id, Observation.value)).all()) == before
