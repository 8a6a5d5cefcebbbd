"""Derived values: single quarters and year-to-date figures, parents summed from children,
ratios recomputed from their parts, shares, growth; and the refresh inside the load."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import insert, select

from db.metric_models import MetricValue
from db.models import Observation
from db.session import session_scope
from etl.load import store
from etl.records import Record, SourceFile
from metrics import api
from metrics.refresh import refresh_metrics

LUAN = "341500"
LUAN_COUNTIES = ["341502", "341503", "341504", "341522", "341523", "341524", "341525"]
JINAN = "341502"


def put(engine, rows, status="reported"):
    """rows: (region, indicator, year, value[, quarter, cumulative]); stored and refreshed
    in one transaction, as a load does."""
    records = []
    for region, indicator, year, value, *period in rows:
        quarter, cumulative = period if period else (0, True)
        records.append({"region_code": region, "indicator_code": indicator, "year": year,
                        "quarter": quarter, "cumulative": cumulative, "value": value,
                        "status": status})
    with session_scope(engine) as session:
        session.execute(insert(Observation), records)
        refresh_metrics(session, {r["indicator_code"] for r in records})


def values(engine, indicator, region, quarter=None, cumulative=True):
    frame = api.series(engine, indicator, [region], quarter=quarter, cumulative=cumulative)
    return frame.set_index(["year", "quarter"])


def test_single_quarter_values_are_differences_of_cumulative_ones(engine):
    # 1-3月 10, 1-6月 25, 1-9月 45, 1-12月 70 -> quarters alone 10, 15, 20, 25
    put(engine, [(JINAN, "rd_expenditure", 2024, v, q, True)
                 for q, v in [(1, 10.0), (2, 25.0), (3, 45.0), (4, 70.0)]])
    alone = values(engine, "rd_expenditure", JINAN, cumulative=False)
    assert [alone.at[(2024, q), "value"] for q in (1, 2, 3, 4)] == pytest.approx(
        [10, 15, 20, 25])
    assert set(alone.loc[[(2024, q) for q in (2, 3, 4)], "status"]) == {"derived"}
    assert list(alone["cumulative"].loc[[(2024, 2)]]) == [False]
    # the first quarter alone is the reported 1-3月 figure itself, stored once, and shown
    # in the single-quarter view like the other quarters
    assert alone.at[(2024, 1), "status"] == "reported"
    assert list(alone["cumulative"].loc[[(2024, q) for q in (1, 2, 3, 4)]]) == [False] * 4
    # and the year is its 1-12月 figure, marked derived
    annual = values(engine, "rd_expenditure", JINAN, quarter=0)
    assert annual.at[(2024, 0), "value"] == pytest.approx(70.0)
    assert annual.at[(2024, 0), "status"] == "derived"


def test_cumulative_values_are_built_from_single_quarters(engine):
    # quarters alone 5, 6, 7 -> 1-3月 5, 1-6月 11, 1-9月 18
    put(engine, [(JINAN, "rd_expenditure", 2024, v, q, False)
                 for q, v in [(1, 5.0), (2, 6.0), (3, 7.0)]])
    to_date = values(engine, "rd_expenditure", JINAN)
    assert [to_date.at[(2024, q), "value"] for q in (1, 2, 3)] == pytest.approx([5, 11, 18])
    assert (2024, 4) not in to_date.index  # no Q4 and no annual figure to make it from
    # 1-3月 is the reported first quarter alone: it keeps its status, in both views
    assert to_date.at[(2024, 1), "status"] == "reported"
    assert to_date.at[(2024, 2), "status"] == "derived"
    alone = values(engine, "rd_expenditure", JINAN, cumulative=False)
    assert alone.at[(2024, 1), "status"] == "reported"
    with engine.connect() as conn:
        stored = conn.execute(select(MetricValue.cumulative).where(
            MetricValue.region_code == JINAN, MetricValue.year == 2024,
            MetricValue.quarter == 1)).scalars().all()
    assert stored == [True]  # one row for the first quarter, not one per view


def test_fourth_quarter_alone_is_the_annual_figure_minus_nine_months(engine):
    put(engine, [(JINAN, "rd_expenditure", 2024, 30.0, 3, True),
                 (JINAN, "rd_expenditure", 2024, 42.0)])
    alone = values(engine, "rd_expenditure", JINAN, cumulative=False)
    assert alone.at[(2024, 4), "value"] == pytest.approx(12.0)


def test_stocks_are_never_differenced(engine):
    # high-tech enterprises at the end of Q1 and Q2: period-end counts, both views alike
    put(engine, [(JINAN, "high_tech_enterprises", 2024, 50.0, 1, True),
                 (JINAN, "high_tech_enterprises", 2024, 55.0, 2, True)])
    to_date = values(engine, "high_tech_enterprises", JINAN)
    alone = values(engine, "high_tech_enterprises", JINAN, cumulative=False)
    assert to_date.at[(2024, 2), "value"] == alone.at[(2024, 2), "value"] == 55.0
    with session_scope(engine) as s:
        flags = set(s.scalars(select(MetricValue.cumulative).where(
            MetricValue.indicator_code == "high_tech_enterprises")))
    assert flags == {True}


def test_growth_compares_the_same_cumulative_period_of_the_year_before(engine):
    # 1-6月: 2023 20, 2024 25 -> +25 %, net +5. Q2 alone: 2023 20-8 = 12, 2024 25-12 = 13
    # -> +8.33 %
    put(engine, [(JINAN, "rd_expenditure", 2023, 8.0, 1, True),
                 (JINAN, "rd_expenditure", 2023, 20.0, 2, True),
                 (JINAN, "rd_expenditure", 2024, 12.0, 1, True),
                 (JINAN, "rd_expenditure", 2024, 25.0, 2, True)])
    to_date = values(engine, "rd_expenditure", JINAN, quarter=2).loc[(2024, 2)]
    alone = values(engine, "rd_expenditure", JINAN, quarter=2, cumulative=False).loc[(2024, 2)]
    assert to_date["yoy_growth_pct"] == pytest.approx(25.0)
    assert to_date["net_increase"] == pytest.approx(5.0)
    assert alone["yoy_growth_pct"] == pytest.approx(100 / 12)
    assert alone["net_increase"] == pytest.approx(1.0)


def test_no_growth_from_zero_or_from_a_missing_year(engine):
    put(engine, [(JINAN, "high_tech_enterprises", 2022, 3.0),
                 (JINAN, "high_tech_enterprises", 2023, 0.0),
                 (JINAN, "high_tech_enterprises", 2024, 4.0)])
    frame = values(engine, "high_tech_enterprises", JINAN, quarter=0)
    assert pd.isna(frame.at[(2022, 0), "yoy_growth_pct"])  # nothing a year before
    assert frame.at[(2023, 0), "yoy_growth_pct"] == pytest.approx(-100.0)
    assert pd.isna(frame.at[(2024, 0), "yoy_growth_pct"])  # growth from 0 is not a number
    assert frame.at[(2024, 0), "net_increase"] == pytest.approx(4.0)


def test_parent_is_summed_from_children_only_when_every_child_reported(engine):
    # 2024: all seven counties of 六安 report 1..7 -> 六安 28, derived.
    # 2023: one county is missing -> no figure for 六安 (a missing value is not zero).
    rows = [(c, "high_tech_enterprises", 2024, float(i)) for i, c in enumerate(LUAN_COUNTIES, 1)]
    rows += [(c, "high_tech_enterprises", 2023, 1.0) for c in LUAN_COUNTIES[1:]]
    put(engine, rows)
    city = values(engine, "high_tech_enterprises", LUAN, quarter=0)
    assert city.at[(2024, 0), "value"] == pytest.approx(28.0)
    assert city.at[(2024, 0), "status"] == "derived"
    assert (2023, 0) not in city.index
    # the county's share of its city: 金安区 1 / 28
    county = values(engine, "high_tech_enterprises", JINAN, quarter=0)
    assert county.at[(2024, 0), "share_of_parent_pct"] == pytest.approx(100 / 28)


def test_a_reported_parent_figure_is_kept_over_the_sum(engine):
    rows = [(c, "high_tech_enterprises", 2024, 1.0) for c in LUAN_COUNTIES]
    put(engine, rows + [(LUAN, "high_tech_enterprises", 2024, 9.0)])
    city = values(engine, "high_tech_enterprises", LUAN, quarter=0)
    assert city.at[(2024, 0), "value"] == 9.0 and city.at[(2024, 0), "status"] == "reported"


def test_ratio_is_recomputed_at_the_parent_from_summed_parts_not_averaged(engine):
    # R&D 1,1,1,1,1,1,2 and GDP 100,...,100,400: county intensities 1 % (six) and 0.5 %;
    # their average would be 0.93 %, but 六安's intensity is 8 / 1000 × 100 = 0.8 %.
    rd = [1.0] * 6 + [2.0]
    gdp = [100.0] * 6 + [400.0]
    put(engine, [(c, "rd_expenditure", 2024, v) for c, v in zip(LUAN_COUNTIES, rd)]
        + [(c, "gdp", 2024, v) for c, v in zip(LUAN_COUNTIES, gdp)])
    city = values(engine, "rd_intensity", LUAN, quarter=0).loc[(2024, 0)]
    assert city["value"] == pytest.approx(0.8)
    assert city["status"] == "derived"
    assert city["unit"] == "%"
    county = values(engine, "rd_intensity", LUAN_COUNTIES[-1], quarter=0).loc[(2024, 0)]
    assert county["value"] == pytest.approx(0.5)


def test_a_reported_ratio_is_kept(engine):
    put(engine, [(JINAN, "rd_expenditure", 2024, 2.0), (JINAN, "gdp", 2024, 100.0),
                 (JINAN, "rd_intensity", 2024, 2.1)])
    row = values(engine, "rd_intensity", JINAN, quarter=0).loc[(2024, 0)]
    assert row["value"] == 2.1 and row["status"] == "reported"


def test_status_of_simulated_data_is_kept(engine):
    put(engine, [(JINAN, "gdp", 2024, 100.0)], status="simulated")
    assert values(engine, "gdp", JINAN, quarter=0).at[(2024, 0), "status"] == "simulated"


def _values(engine):
    with session_scope(engine) as s:
        v = pd.DataFrame([r._asdict() for r in s.execute(select(MetricValue.__table__))])
    key = ["indicator_code", "region_code", "year", "quarter", "cumulative"]
    return v.sort_values(key).reset_index(drop=True)


def assert_same_as_full_refresh(engine):
    """The metric values as a partial refresh left them (growth and ranks included) equal a
    refresh of every period."""
    partial = _values(engine)
    with session_scope(engine) as s:
        refresh_metrics(s, {"rd_expenditure", "gdp"})
    pd.testing.assert_frame_equal(partial, _values(engine))


def test_refreshing_only_the_changed_periods_gives_the_full_result(engine):
    rows = []
    for year in (2022, 2023, 2024, 2025):
        for i, county in enumerate(LUAN_COUNTIES):
            base = (i + 1) * (1 + (year - 2021) / 10)
            rows += [(county, "rd_expenditure", year, base * q, q, True) for q in (1, 2, 3)]
            rows += [(county, "rd_expenditure", year, base * 4.2),
                     (county, "gdp", year, 100.0 + i + year - 2020)]
    put(engine, rows)
    # a corrected 2024 Q2 for one county, refreshed for that period only ...
    with session_scope(engine) as s:
        s.execute(Observation.__table__.update()
                  .where(Observation.region_code == JINAN, Observation.year == 2024,
                         Observation.quarter == 2, Observation.indicator_code == "rd_expenditure")
                  .values(value=9.5))
        refresh_metrics(s, {"rd_expenditure"}, periods=[(2024, 2)])
    assert_same_as_full_refresh(engine)


def test_refreshing_years_far_apart_gives_the_full_result(engine):
    """A file with 2015 and 2020 (five-year-plan years): each run of affected years is
    measured against its own year before (2014, 2019), not only the first one."""
    rows = [(county, code, year, (i + 1) * (1 + (year - 2010) / 10) * scale)
            for year in range(2012, 2024) for i, county in enumerate(LUAN_COUNTIES)
            for code, scale in (("rd_expenditure", 1.0), ("gdp", 100.0))]
    put(engine, rows)
    with session_scope(engine) as s:
        s.execute(Observation.__table__.update()
                  .where(Observation.region_code == JINAN, Observation.year.in_([2015, 2020]),
                         Observation.indicator_code == "rd_expenditure")
                  .values(value=99.0))
        refresh_metrics(s, {"rd_expenditure"}, periods=[(2015, 0), (2020, 0)])
    assert_same_as_full_refresh(engine)


def test_a_load_among_stored_values_gives_the_full_result(engine):
    """A load computes the metrics from the values it read before its write with the rows it
    wrote over them (it does not read them back): a sheet correcting one value, repeating
    others and adding a new quarter, among stored quarters and a ratio's other part (GDP),
    leaves what a refresh of every period gives."""
    rows = []
    for year in (2023, 2024):
        for i, county in enumerate(LUAN_COUNTIES):
            base = (i + 1) * (1 + (year - 2021) / 10)
            rows += [(county, "rd_expenditure", year, base * q, q, True) for q in (1, 2, 3)]
            rows += [(county, "gdp", year, 100.0 + i + year - 2020)]
    put(engine, rows)
    sheet = [Record(county, "rd_expenditure", 2024, 2, True,
                    9.5 if county == JINAN else (i + 1) * 1.3 * 2)
             for i, county in enumerate(LUAN_COUNTIES)]
    sheet += [Record(county, "rd_expenditure", 2025, 1, True, float(i + 2))
              for i, county in enumerate(LUAN_COUNTIES[:3])]
    report = store(engine, sheet, SourceFile("q2.xlsx", sha256="q2"))
    assert (report.n_new, report.n_changed, report.n_unchanged) == (3, 1, 6)
    assert values(engine, "rd_expenditure", JINAN, quarter=2).at[(2024, 2), "value"] == 9.5
    assert_same_as_full_refresh(engine)


def test_a_withdrawn_value_leaves_the_metrics_and_the_parent_sum(engine):
    put(engine, [(c, "gdp", 2024, 10.0) for c in LUAN_COUNTIES])
    assert (2024, 0) in values(engine, "gdp", LUAN, quarter=0).index
    with session_scope(engine) as s:
        s.execute(Observation.__table__.delete().where(Observation.region_code == JINAN))
        report = refresh_metrics(s, {"gdp"})
    assert report.n_values == 6  # only the changed period is rewritten: six counties left
    assert values(engine, "gdp", JINAN, quarter=0).empty
    assert (2024, 0) not in values(engine, "gdp", LUAN, quarter=0).index


def test_refreshing_unchanged_data_rewrites_nothing(engine):
    put(engine, [(c, "gdp", 2024, 10.0) for c in LUAN_COUNTIES])
    with session_scope(engine) as s:
        report = refresh_metrics(s, {"gdp", "no_such_indicator"})
    assert report.n_values == 0
    assert "rd_intensity" in report.indicators  # ratios built on GDP are refreshed too
    with session_scope(engine) as s:
        assert refresh_metrics(s, {"rd_expenditure"}).n_values == 0  # no data at all


def test_a_load_refreshes_the_metrics_in_its_own_transaction(engine):
    def load(value, name):
        records = [Record(c, "gdp", 2024, 0, True, 100.0) for c in LUAN_COUNTIES[1:]]
        records.append(Record(JINAN, "gdp", 2024, 0, True, value, sheet="表1", cell="C3"))
        return store(engine, records, SourceFile(name, sha256=name))

    load(100.0, "first.xlsx")
    assert values(engine, "gdp", LUAN, quarter=0).at[(2024, 0), "value"] == pytest.approx(700.0)
    load(160.0, "corrected.xlsx")  # a corrected sheet: the city total follows
    assert values(engine, "gdp", LUAN, quarter=0).at[(2024, 0), "value"] == pytest.approx(760.0)
