"""Ranks: competition ranking with ties, denominators, missing data, direction, growth ranks,
rank changes, scopes and peer groups. Expected values are worked out by hand in comments."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import insert

from db.models import Observation
from db.session import session_scope
from metrics import api
from metrics.refresh import refresh_metrics
from tests.sample_data import load_sample

HEFEI, WUHU, BENGBU, HUAINAN, MAANSHAN, HUAIBEI = (
    "340100", "340200", "340300", "340400", "340500", "340600")


def put(engine, rows, status="reported"):
    """rows: (region, indicator, year, value) annual figures, or with quarter and
    cumulative flag appended. Stored and refreshed in one transaction, as a load does."""
    records = []
    for row in rows:
        region, indicator, year, value, *period = row
        quarter, cumulative = period if period else (0, True)
        records.append({"region_code": region, "indicator_code": indicator, "year": year,
                        "quarter": quarter, "cumulative": cumulative, "value": value,
                        "status": status})
    with session_scope(engine) as session:
        session.execute(insert(Observation), records)
        refresh_metrics(session, {r["indicator_code"] for r in records})


def by_region(frame):
    return frame.set_index("region_code")


@pytest.fixture
def rd_cities(engine):
    # 2023: Hefei 8, Wuhu 8, Bengbu 4               -> ranks 1, 1, 3
    # 2024: Hefei 10, Wuhu 8, Bengbu 8, Huainan 5   -> ranks 1, 2, 2, 4 (Ma'anshan no data)
    put(engine, [(HEFEI, "rd_expenditure", 2023, 8.0), (WUHU, "rd_expenditure", 2023, 8.0),
                 (BENGBU, "rd_expenditure", 2023, 4.0),
                 (HEFEI, "rd_expenditure", 2024, 10.0), (WUHU, "rd_expenditure", 2024, 8.0),
                 (BENGBU, "rd_expenditure", 2024, 8.0), (HUAINAN, "rd_expenditure", 2024, 5.0)])
    return engine


def test_ties_share_a_rank_and_the_next_rank_skips(rd_cities):
    table = api.ranking(rd_cities, "rd_expenditure", 2024, 0, "province_cities", "340000")
    assert list(table["region_code"]) == [HEFEI, WUHU, BENGBU, HUAINAN]  # ties by code
    assert list(table["rank"]) == [1, 2, 2, 4]
    assert list(table["tied"]) == [False, True, True, False]
    assert set(table["rank_of"]) == {4}
    assert table["unit"].iloc[0] == "亿元"
    assert table.set_index("region_code").at[HEFEI, "region_name_zh"] == "合肥市"


def test_regions_without_data_are_left_out_not_ranked_last(rd_cities):
    table = api.ranking(rd_cities, "rd_expenditure", 2024, 0, "province_cities", "340000")
    assert MAANSHAN not in set(table["region_code"])
    assert api.snapshot(rd_cities, MAANSHAN, 2024).empty
    # every rank carries its denominator: 4 cities reported, not 16
    row = by_region(api.snapshot(rd_cities, HUAINAN, 2024)).loc[HUAINAN]
    assert (row["rank"], row["rank_of"], row["rank_scope_zh"]) == (4, 4, "全省")


def test_rank_change_is_positive_when_moving_up_and_none_for_newcomers(rd_cities):
    table = by_region(api.ranking(rd_cities, "rd_expenditure", 2024, 0,
                                  "province_cities", "340000"))
    assert table.at[HEFEI, "rank_change"] == 0  # 1 -> 1
    assert table.at[WUHU, "rank_change"] == -1  # 1 -> 2 (fell one place)
    assert table.at[BENGBU, "rank_change"] == 1  # 3 -> 2 (moved up one place)
    assert table["rank_change"].isna()[HUAINAN]  # did not report in 2023: no jump


def test_growth_is_ranked_among_regions_with_growth_only(rd_cities):
    # growth 2024: Hefei +25 %, Wuhu 0 %, Bengbu +100 %; Huainan has no 2023 value
    table = by_region(api.ranking(rd_cities, "rd_expenditure", 2024, 0, "province_cities",
                                  "340000", basis="growth"))
    assert table.loc[BENGBU, "yoy_growth_pct"] == pytest.approx(100.0)
    assert table.loc[HEFEI, "yoy_growth_pct"] == pytest.approx(25.0)
    assert [table.at[c, "rank"] for c in (BENGBU, HEFEI, WUHU)] == [1, 2, 3]
    assert set(table["rank_of"]) == {3}
    assert HUAINAN not in table.index
    snap = by_region(api.snapshot(rd_cities, HEFEI, 2024)).loc[HEFEI]
    assert (snap["growth_rank"], snap["growth_rank_of"]) == (2, 3)
    assert snap["net_increase"] == pytest.approx(2.0)


def test_lower_is_better_ranks_the_lowest_first(engine):
    # zone assessment rank (位, lower is better): 3, 1, 2
    put(engine, [("Z340100-01", "zone_assessment_rank", 2024, 3.0),
                 ("Z340200-01", "zone_assessment_rank", 2024, 1.0),
                 ("Z340300-01", "zone_assessment_rank", 2024, 2.0)])
    table = api.ranking(engine, "zone_assessment_rank", 2024, 0, "province_zones", "340000")
    assert list(table["region_code"]) == ["Z340200-01", "Z340300-01", "Z340100-01"]
    assert list(table["rank"]) == [1, 2, 3]


def test_rank_history_shows_each_year_with_its_change(engine):
    # a zone climbing in the provincial assessment: 2023 rank 3 of 3, 2024 rank 1 of 3
    put(engine, [("Z340100-01", "high_tech_enterprises", 2023, 10.0),
                 ("Z340200-01", "high_tech_enterprises", 2023, 30.0),
                 ("Z340300-01", "high_tech_enterprises", 2023, 20.0),
                 ("Z340100-01", "high_tech_enterprises", 2024, 40.0),
                 ("Z340200-01", "high_tech_enterprises", 2024, 30.0),
                 ("Z340300-01", "high_tech_enterprises", 2024, 20.0)])
    history = api.rank_history(engine, "high_tech_enterprises", "province_zones", "340000")
    zone = history[history["region_code"] == "Z340100-01"].set_index("year")
    assert list(zone["rank"]) == [3, 1]
    assert zone["rank_change"].isna()[2023] and zone.at[2024, "rank_change"] == 2


def test_rank_history_is_ranked_again_after_new_data(engine):
    """The scope's ranked history is memoised per worker: a load must still show at once."""
    put(engine, [("Z340100-01", "high_tech_enterprises", 2024, 10.0),
                 ("Z340200-01", "high_tech_enterprises", 2024, 30.0)])
    first = api.rank_history(engine, "high_tech_enterprises", "province_zones", "340000")
    assert list(first["region_code"]) == ["Z340200-01", "Z340100-01"]
    put(engine, [("Z340300-01", "high_tech_enterprises", 2024, 50.0)])
    again = api.rank_history(engine, "high_tech_enterprises", "province_zones", "340000")
    assert list(again["region_code"]) == ["Z340300-01", "Z340200-01", "Z340100-01"]
    assert list(again["rank_of"]) == [3, 3, 3]


def test_counties_are_ranked_province_wide_and_within_their_city(engine):
    # 金安区 5, 裕安区 7 (六安); 瑶海区 6 (合肥)
    put(engine, [("341502", "high_tech_enterprises", 2024, 5.0),
                 ("341503", "high_tech_enterprises", 2024, 7.0),
                 ("340102", "high_tech_enterprises", 2024, 6.0)])
    province = by_region(api.ranking(engine, "high_tech_enterprises", 2024, 0,
                                     "province_counties", "340000"))
    city = by_region(api.ranking(engine, "high_tech_enterprises", 2024, 0,
                                 "city_counties", "341500"))
    assert (province.at["341502", "rank"], province.at["341502", "rank_of"]) == (3, 3)
    assert (city.at["341502", "rank"], city.at["341502", "rank_of"]) == (2, 2)
    assert "340102" not in city.index


def test_peer_group_ranks_count_only_the_group(rd_cities):
    # 皖北同类市 holds Bengbu (8), Huainan (5), Huaibei (6) among the cities with data
    put(rd_cities, [(HUAIBEI, "rd_expenditure", 2024, 6.0)])
    table = by_region(api.ranking(rd_cities, "rd_expenditure", 2024, 0, "peer",
                                  "anhui_north_cities"))
    assert [table.at[c, "rank"] for c in (BENGBU, HUAIBEI, HUAINAN)] == [1, 2, 3]
    assert set(table["rank_of"]) == {3}
    row = by_region(api.snapshot(rd_cities, HUAINAN, 2024)).loc[HUAINAN]
    assert (row["peer_group_rank"], row["peer_group_rank_of"]) == (3, 3)
    assert row["peer_group_zh"] == "皖北同类市"
    assert (row["rank"], row["rank_of"]) == (5, 5)  # and 5th of 5 in the province


def test_scopes_for_a_county_are_province_city_and_peer_group(engine):
    scopes = api.scopes_for(engine, "341524")  # 金寨县
    assert list(scopes["scope_kind"]) == ["province_counties", "city_counties", "peer"]
    assert list(scopes["label_zh"]) == ["全省", "全市", "大别山区同类县"]
    assert scopes.at[0, "scope_name_zh"] == "安徽省各县(市、区)"
    assert list(scopes["is_default"]) == [True, False, False]
    zone = api.scopes_for(engine, "Z341500-02")  # a zone under a county (a provincial park)
    assert list(zone["scope_kind"]) == ["province_zones", "province_zone_type"]
    assert zone.at[0, "scope_code"] == "340000" and zone.at[0, "label_zh"] == "全省开发区"
    assert zone.at[1, "scope_name_zh"] == "安徽省各工业园"


def test_quarterly_ranks_compare_the_same_cumulative_period(engine):
    # 1-6月: Hefei 5, Wuhu 7; the quarter alone (Q2): Hefei 5 - 1 = 4, Wuhu 7 - 4 = 3
    put(engine, [(HEFEI, "rd_expenditure", 2024, 1.0, 1, True),
                 (HEFEI, "rd_expenditure", 2024, 5.0, 2, True),
                 (WUHU, "rd_expenditure", 2024, 4.0, 1, True),
                 (WUHU, "rd_expenditure", 2024, 7.0, 2, True)])
    to_date = by_region(api.ranking(engine, "rd_expenditure", 2024, 2, "province_cities",
                                     "340000"))
    alone = by_region(api.ranking(engine, "rd_expenditure", 2024, 2, "province_cities",
                                  "340000", cumulative=False))
    assert (to_date.at[WUHU, "rank"], to_date.at[HEFEI, "rank"]) == (1, 2)
    assert (alone.at[HEFEI, "rank"], alone.at[WUHU, "rank"]) == (1, 2)
    assert alone.at[HEFEI, "value"] == pytest.approx(4.0)


def _same(a, b) -> bool:
    return (pd.isna(a) and pd.isna(b)) or a == b


def test_a_scope_ranked_on_read_gives_the_ranks_stored_with_each_value(engine):
    """ranking() ranks a whole scope from its members' stored values when asked; for a
    region's default scope and its peer group that must agree with the ranks stored with
    the region's value (snapshots and exports show those)."""
    load_sample(engine)
    stored = api.series(engine, ["rd_expenditure", "high_tech_enterprises"])
    stored = stored.assign(peer_kind="peer")
    scopes = {"default": ("rank_scope_kind", "rank_scope_code", "rank"),
              "peer": ("peer_kind", "peer_group", "peer_group_rank")}
    checked = set()
    for (code, year), rows in stored.groupby(["indicator_code", "year"]):
        for which, (kind_column, code_column, prefix) in scopes.items():
            scoped = rows[rows[prefix].notna()].groupby([kind_column, code_column])
            for (kind, scope_code), members in scoped:
                by_value = by_region(api.ranking(engine, code, year, 0, kind, scope_code))
                by_growth = by_region(api.ranking(engine, code, year, 0, kind, scope_code,
                                                  basis="growth"))
                for row in members.itertuples():
                    here = by_value.loc[row.region_code]
                    for suffix in ("", "_of", "_change"):
                        assert _same(getattr(row, prefix + suffix), here["rank" + suffix])
                    assert bool(getattr(row, prefix.replace("rank", "tied"))) == here["tied"]
                    if which == "default" and pd.notna(row.growth_rank):
                        there = by_growth.loc[row.region_code]
                        assert (row.growth_rank, row.growth_rank_of) == (
                            there["rank"], there["rank_of"])
                        assert _same(row.growth_rank_change, there["rank_change"])
                checked.add((kind, year))
    # every kind of stored scope, both years (the second with rank changes) was compared
    assert {k for k, _ in checked} >= {"province_cities", "province_counties", "peer"}
    assert {y for _, y in checked} == {2024, 2025}
