"""Average annual growth (CAGR) and milestones: 突破, 翻番, 零的突破, 历史最高."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from db.models import Observation
from db.session import session_scope
from metrics import api
from metrics.growth import cagr_between, cagr_pct
from metrics.refresh import refresh_metrics

LUAN = "341500"


def put(engine, rows):
    """rows: (region, indicator, year, value), annual figures."""
    with session_scope(engine) as session:
        session.execute(insert(Observation), [
            {"region_code": r, "indicator_code": i, "year": y, "quarter": 0, "cumulative": True,
             "value": v, "status": "reported"} for r, i, y, v in rows])
        refresh_metrics(session, {i for _, i, _, _ in rows})


def test_cagr_over_a_span_with_a_missing_middle_year_uses_the_calendar_span():
    # 100 in 2016 to 146.41 in 2020 is 10 % a year over four years (1.1^4 = 1.4641), even
    # with 2018 missing; counting the three intervals on record would claim 13.5 %.
    values = {2016: 100.0, 2017: 110.0, 2019: 133.1, 2020: 146.41}
    assert cagr_between(values, 2016, 2020) == pytest.approx(10.0)


def test_cagr_cannot_be_stated_without_both_ends_or_from_zero():
    assert cagr_between({2016: 100.0, 2019: 130.0}, 2016, 2020) is None
    assert cagr_between({2017: 100.0, 2020: 130.0}, 2016, 2020) is None
    assert cagr_pct(0.0, 50.0, 4) is None
    assert cagr_pct(100.0, 121.0, 2) == pytest.approx(10.0)


def test_cagr_from_the_database_for_a_five_year_plan(engine):
    put(engine, [(LUAN, "rd_expenditure", 2016, 100.0), (LUAN, "rd_expenditure", 2017, 110.0),
                 (LUAN, "rd_expenditure", 2019, 133.1), (LUAN, "rd_expenditure", 2020, 146.41)])
    assert api.cagr(engine, LUAN, "rd_expenditure", 2016, 2020) == pytest.approx(10.0)
    assert api.cagr(engine, LUAN, "rd_expenditure", 2015, 2020) is None
    table = api.cagr_table(engine, LUAN, 2016, 2020).set_index("indicator_code")
    assert table.at["rd_expenditure", "cagr_pct"] == pytest.approx(10.0)
    assert table.at["rd_expenditure", "unit"] == "亿元"


def _found(engine, indicator, year):
    frame = api.milestones(engine, LUAN, indicator, year)
    return {row.milestone: row for row in frame.itertuples()}


def test_intensity_crossing_one_percent_is_a_threshold_milestone(engine):
    put(engine, [(LUAN, "rd_intensity", 2023, 0.95), (LUAN, "rd_intensity", 2024, 1.02),
                 (LUAN, "rd_intensity", 2025, 1.10)])
    found = _found(engine, "rd_intensity", 2024)
    assert found["threshold"].threshold == pytest.approx(1.0)
    assert found["threshold"].milestone_zh == "突破"
    assert found["record"].reference_value == pytest.approx(0.95)
    assert "threshold" not in _found(engine, "rd_intensity", 2025)  # 1.02 -> 1.10: none


def test_configured_thresholds_take_precedence(engine):
    put(engine, [(LUAN, "rd_intensity", 2023, 1.4), (LUAN, "rd_intensity", 2024, 1.6)])
    frame = api.milestones(engine, LUAN, "rd_intensity", 2024,
                           thresholds={"rd_intensity": [1.0, 1.5, 2.0]})
    assert frame.set_index("milestone").at["threshold", "threshold"] == pytest.approx(1.5)


def test_doubling_in_three_years(engine):
    put(engine, [(LUAN, "high_tech_enterprises", 2021, 150.0),
                 (LUAN, "high_tech_enterprises", 2022, 200.0),
                 (LUAN, "high_tech_enterprises", 2024, 310.0)])
    found = _found(engine, "high_tech_enterprises", 2024)
    assert found["doubling"].reference_year == 2021
    assert found["doubling"].reference_value == pytest.approx(150.0)
    # 2023 is missing, so 200 -> 310 crossing 300 is not claimed: last year is not on record
    assert "threshold" not in found


def test_first_non_zero_value_after_zeros_on_record(engine):
    put(engine, [(LUAN, "academician_workstations", 2022, 0.0),
                 (LUAN, "academician_workstations", 2023, 0.0),
                 (LUAN, "academician_workstations", 2024, 1.0)])
    found = _found(engine, "academician_workstations", 2024)
    assert found["first_nonzero"].milestone_zh == "零的突破"
    assert found["first_nonzero"].value == 1.0


def test_no_first_non_zero_claim_without_earlier_zeros(engine):
    put(engine, [(LUAN, "academician_workstations", 2024, 1.0)])
    assert _found(engine, "academician_workstations", 2024) == {}


def test_lower_is_better_milestones_go_downwards(engine):
    # a zone rising from 12th to 9th enters the top 10 and has its best rank on record
    zone = "Z341500-01"
    with session_scope(engine) as session:
        session.execute(insert(Observation), [
            {"region_code": zone, "indicator_code": "zone_assessment_rank", "year": y,
             "quarter": 0, "cumulative": True, "value": v, "status": "reported"}
            for y, v in [(2022, 10.0), (2023, 12.0), (2024, 9.0)]])
        refresh_metrics(session, {"zone_assessment_rank"})
    frame = api.milestones(engine, zone, "zone_assessment_rank", 2024).set_index("milestone")
    assert frame.at["threshold", "threshold"] == 10.0
    assert frame.at["record_best", "reference_value"] == 10.0
    assert "record" not in frame.index
