"""Progress against annual targets (目标完成率) and whether a quarter is on track."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import insert

from db.models import Observation, Target
from db.session import session_scope
from metrics import api
from metrics.refresh import refresh_metrics

LUAN = "341500"


def put(engine, rows, targets):
    """rows: (indicator, year, quarter, value) for 六安, year to date; targets: (indicator,
    year, target)."""
    with session_scope(engine) as session:
        session.execute(insert(Observation), [
            {"region_code": LUAN, "indicator_code": i, "year": y, "quarter": q,
             "cumulative": True, "value": v, "status": "reported"} for i, y, q, v in rows])
        session.execute(insert(Target), [
            {"region_code": LUAN, "indicator_code": i, "year": y, "value": t}
            for i, y, t in targets])
        refresh_metrics(session, {r[0] for r in rows})


def test_annual_progress_is_value_over_target(engine):
    put(engine, [("rd_expenditure", 2024, 0, 18.0)], [("rd_expenditure", 2024, 20.0)])
    row = api.target_progress(engine, LUAN, 2024).set_index("indicator_code").loc[
        "rd_expenditure"]
    assert row["progress_pct"] == pytest.approx(90.0)
    assert not row["on_track"]
    assert row["unit"] == "亿元"


def test_a_flow_is_on_track_when_year_to_date_reaches_the_quarters_share(engine):
    # target 20 亿元; 1-6月 11 亿元 ≥ 20 × 2/4 = 10: on track, 55 % of the year's target
    put(engine, [("rd_expenditure", 2024, 2, 11.0)], [("rd_expenditure", 2024, 20.0)])
    row = api.target_progress(engine, LUAN, 2024, quarter=2).set_index(
        "indicator_code").loc["rd_expenditure"]
    assert row["expected"] == pytest.approx(10.0)
    assert row["progress_pct"] == pytest.approx(55.0)
    assert bool(row["on_track"]) is True


def test_a_stock_is_measured_against_its_path_from_last_year_end(engine):
    # 100 at the end of 2023, target 120 for 2024: by mid-year 110 expected; 108 is behind
    put(engine, [("high_tech_enterprises", 2023, 0, 100.0),
                 ("high_tech_enterprises", 2024, 2, 108.0)],
        [("high_tech_enterprises", 2024, 120.0)])
    row = api.target_progress(engine, LUAN, 2024, quarter=2).set_index(
        "indicator_code").loc["high_tech_enterprises"]
    assert row["expected"] == pytest.approx(110.0)
    assert row["progress_pct"] == pytest.approx(90.0)
    assert bool(row["on_track"]) is False


def test_a_target_without_a_value_has_unknown_progress(engine):
    put(engine, [("gdp", 2024, 0, 1.0)], [("rd_expenditure", 2024, 20.0)])
    row = api.target_progress(engine, LUAN, 2024).set_index("indicator_code").loc[
        "rd_expenditure"]
    assert pd.isna(row["value"]) and pd.isna(row["progress_pct"]) and pd.isna(row["on_track"])
