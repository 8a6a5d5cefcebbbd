"""`python -m etl export --with-metrics`: growth and ranks added beside each exported value."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import insert

from db.models import Observation
from db.session import session_scope
from metrics import api
from metrics.export import EXPORT_COLUMNS
from metrics.refresh import refresh_metrics

BENGBU, HUAINAN = "340300", "340400"


@pytest.fixture
def loaded(engine):
    rows = [(BENGBU, "rd_expenditure", 2023, 0, 4.0), (BENGBU, "rd_expenditure", 2024, 0, 8.0),
            (HUAINAN, "rd_expenditure", 2023, 0, 5.0), (HUAINAN, "rd_expenditure", 2024, 0, 5.0),
            (BENGBU, "rd_expenditure", 2024, 1, 2.0), (BENGBU, "rd_expenditure", 2024, 2, 5.0),
            (BENGBU, "high_tech_enterprises", 2024, 2, 30.0)]
    with session_scope(engine) as session:
        session.execute(insert(Observation), [
            {"region_code": r, "indicator_code": i, "year": y, "quarter": q, "cumulative": True,
             "value": v, "status": "reported"} for r, i, y, q, v in rows])
        refresh_metrics(session, {"rd_expenditure", "high_tech_enterprises"})
    return engine


def export_rows(rows):
    return pd.DataFrame(rows, columns=["region_code", "region_name", "level", "indicator_code",
                                       "indicator_name", "unit", "year", "quarter",
                                       "cumulative", "value"])


def test_export_rows_get_growth_ranks_and_peer_group_ranks(loaded):
    long = export_rows([
        (HUAINAN, "淮南市", "city", "rd_expenditure", "全社会研发投入", "亿元", 2024, 0, True, 5.0),
        (BENGBU, "蚌埠市", "city", "rd_expenditure", "全社会研发投入", "亿元", 2024, 0, True, 8.0),
    ])
    out = api.with_metrics(loaded, long)
    assert list(out.columns) == list(long.columns) + EXPORT_COLUMNS
    assert list(out["value"]) == [5.0, 8.0]  # rows and order unchanged
    huainan, bengbu = out.iloc[0], out.iloc[1]
    # 2023: Bengbu 4 (2nd), Huainan 5 (1st); 2024: Bengbu 8 (1st), Huainan 5 (2nd)
    assert (bengbu["rank"], bengbu["rank_of"], bengbu["rank_change"]) == (1, 2, 1)
    assert (huainan["rank"], huainan["rank_change"]) == (2, -1)
    assert bengbu["yoy_growth_pct"] == pytest.approx(100.0)
    assert bengbu["net_increase"] == pytest.approx(4.0)
    assert huainan["yoy_growth_pct"] == pytest.approx(0.0)
    assert (bengbu["growth_rank"], huainan["growth_rank"]) == (1, 2)
    assert bengbu["rank_scope"] == "全省"
    assert bengbu["peer_group"] == "皖北同类市"
    assert (bengbu["peer_group_rank"], bengbu["peer_group_rank_of"]) == (1, 2)


def test_single_quarter_and_stock_rows_find_their_metrics(loaded):
    long = export_rows([
        # a flow's quarter alone: 5 − 2 = 3, ranked alone among the cities that have it
        (BENGBU, "蚌埠市", "city", "rd_expenditure", "全社会研发投入", "亿元", 2024, 2, False, 3.0),
        # a stock exported with the single-quarter flag is still its period-end value
        (BENGBU, "蚌埠市", "city", "high_tech_enterprises", "高新技术企业数", "家", 2024, 2,
         False, 30.0),
        # a row the metrics do not know
        ("341500", "六安市", "city", "gdp", "地区生产总值", "亿元", 2024, 0, True, 1.0),
        # the first quarter alone is 1-3月, stored once: it finds that row's metrics
        (BENGBU, "蚌埠市", "city", "rd_expenditure", "全社会研发投入", "亿元", 2024, 1, False, 2.0),
    ])
    out = api.with_metrics(loaded, long, lang="en")
    assert (out.at[0, "rank"], out.at[0, "rank_of"]) == (1, 1)
    assert (out.at[1, "rank"], out.at[1, "rank_scope"]) == (1, "in the province")
    assert pd.isna(out.at[2, "rank"]) and pd.isna(out.at[2, "yoy_growth_pct"])
    assert (out.at[3, "rank"], out.at[3, "rank_of"]) == (1, 1)
    assert out.at[3, "rank_scope"] == "in the province"
    assert out.at[1, "peer_group"] == "Northern Anhui peer cities"


def test_an_empty_export_gets_the_columns(loaded):
    out = api.with_metrics(loaded, export_rows([]))
    assert list(out.columns)[-len(EXPORT_COLUMNS):] == EXPORT_COLUMNS
