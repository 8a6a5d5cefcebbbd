"""Zones ranked among zones: among the national zones of their list, among their province's
zones, and among their province's zones of their kind; the 商务部 evaluation as published;
the report's zone sentences."""

from __future__ import annotations

import pandas as pd

from etl.official import load_official
from metrics import api
from metrics.scopes import membership
from reports.draft import build_draft
from tests.test_metrics_ranks import by_region, put

SUZHOU_PARK, KUNSHAN, WUJIANG, NANJING_HT = "Z320500-05", "Z320500-04", "Z320500-06", "Z320100-01"
HEFEI_ETDZ, WUHU_ETDZ, HEFEI_HT, JINZHAI_PARK = "Z340100-02", "Z340200-02", "Z340100-01", "Z341500-02"


def test_every_zone_has_its_scopes_of_kind_and_the_national_lists_theirs():
    from catalog.files import load_admin_regions, load_zones

    regions = pd.DataFrame([{"code": r.code, "level": r.level, "parent_code": r.parent_code,
                             "zone_type": r.zone_type, "zone_level": r.zone_level}
                            for r in load_admin_regions() + load_zones()])
    members = membership(regions, pd.DataFrame(columns=["group_code", "region_code"]))
    sizes = members.groupby(["scope_kind", "scope_code"]).size()
    assert sizes[("national_zones", "CN-etdz")] == 235
    assert sizes[("national_zones", "CN-hitech")] == 172
    assert sizes[("province_zone_type", "340000-etdz")] == 13  # Anhui: 13 national ETDZs
    assert sizes[("province_zone_type", "340000-hitech")] == 8  # 7 national and 安庆 (provincial)
    assert sizes[("province_zones", "320000")] == 17 + 27  # Jiangsu: 17 high-tech zones, 27 ETDZs
    # a provincial park ranks in its province, not among any national list
    assert set(members[members["region_code"] == JINZHAI_PARK]["scope_kind"]) == {
        "province_zones", "province_zone_type"}


def test_a_jiangsu_etdz_is_ranked_in_its_province_its_kind_and_nationally(engine):
    scopes = api.scopes_for(engine, SUZHOU_PARK)
    assert list(zip(scopes["scope_kind"], scopes["scope_code"])) == [
        ("province_zones", "320000"), ("province_zone_type", "320000-etdz"),
        ("national_zones", "CN-etdz")]
    assert list(scopes["scope_name_zh"]) == ["江苏省各开发区", "江苏省各经开区", "全国国家级经开区"]
    assert list(scopes["label_en"])[2] == "among the national ETDZs"


def test_ranks_among_the_zones_of_one_kind_count_only_that_kind(engine):
    # 2024 high-tech enterprises: Suzhou park 900, Kunshan ETDZ 500, Nanjing HT 700, Hefei ETDZ 600
    put(engine, [(SUZHOU_PARK, "high_tech_enterprises", 2024, 900.0),
                 (KUNSHAN, "high_tech_enterprises", 2024, 500.0),
                 (NANJING_HT, "high_tech_enterprises", 2024, 700.0),
                 (HEFEI_ETDZ, "high_tech_enterprises", 2024, 600.0)])
    jiangsu = by_region(api.ranking(engine, "high_tech_enterprises", 2024, 0, "province_zones",
                                    "320000"))
    assert [jiangsu.at[c, "rank"] for c in (SUZHOU_PARK, NANJING_HT, KUNSHAN)] == [1, 2, 3]
    etdz = by_region(api.ranking(engine, "high_tech_enterprises", 2024, 0,
                                 "province_zone_type", "320000-etdz"))
    assert list(etdz.index) == [SUZHOU_PARK, KUNSHAN] and set(etdz["rank_of"]) == {2}
    national = by_region(api.ranking(engine, "high_tech_enterprises", 2024, 0,
                                     "national_zones", "CN-etdz"))
    assert [national.at[c, "rank"] for c in (SUZHOU_PARK, HEFEI_ETDZ, KUNSHAN)] == [1, 2, 3]
    assert NANJING_HT not in national.index  # a high-tech zone is on the other list


def test_the_evaluation_ranks_are_the_published_ones_out_of_the_zones_evaluated(engine):
    load_official(engine)
    full = by_region(api.ranking(engine, "etdz_evaluation_rank", 2021, 0, "national_zones",
                                 "CN-etdz"))
    assert len(full) == 30 and set(full["rank_of"]) == {217}
    assert (full.at[SUZHOU_PARK, "rank"], full.at[HEFEI_ETDZ, "rank"]) == (1, 10)
    # 2023 is known for Jiangsu's zones only: Kunshan stays 4th of 230, not 2nd of 9
    partial = by_region(api.ranking(engine, "etdz_evaluation_rank", 2023, 0, "national_zones",
                                    "CN-etdz"))
    assert (partial.at[KUNSHAN, "rank"], partial.at[KUNSHAN, "rank_of"]) == (4, 230)
    # among Jiangsu's zones the published ranks order the zones that have one
    jiangsu = by_region(api.ranking(engine, "etdz_evaluation_rank", 2023, 0, "province_zones",
                                    "320000"))
    assert (jiangsu.at[KUNSHAN, "rank"], jiangsu.at[KUNSHAN, "rank_of"]) == (2, 9)
    history = api.rank_history(engine, "etdz_evaluation_rank", "national_zones", "CN-etdz")
    wujiang = history[history["region_code"] == WUJIANG].set_index("year")
    assert list(wujiang["rank"]) == [29, 19]  # 2021 29th, 2023 19th


def test_the_report_writes_the_evaluation_and_a_zones_climb_as_zones_write_them(engine):
    load_official(engine)
    park = build_draft(engine, SUZHOU_PARK, 2021)
    assert "在全国217家国家级经开区综合发展水平考核评价中居第1位" in park.text()
    english = build_draft(engine, SUZHOU_PARK, 2021, lang="en")
    assert "ranked 1st among the 217 national ETDZs nationwide in the National ETDZ " \
           "comprehensive evaluation" in english.text().replace("Ranked", "ranked")
    # Anhui's zones: Hefei ETDZ climbs from 3rd to 1st among the three with figures
    put(engine, [(HEFEI_ETDZ, "rd_expenditure", 2024, 10.0), (WUHU_ETDZ, "rd_expenditure", 2024, 30.0),
                 (HEFEI_HT, "rd_expenditure", 2024, 20.0), (HEFEI_ETDZ, "rd_expenditure", 2025, 40.0),
                 (WUHU_ETDZ, "rd_expenditure", 2025, 31.0), (HEFEI_HT, "rd_expenditure", 2025, 21.0)])
    hefei = build_draft(engine, HEFEI_ETDZ, 2025).text()
    assert "在全省3家开发区中排名提升2位，居第1位" in hefei
    # Anhui has 13 ETDZs and 2 of them reported: no rank "among the province's ETDZs" or the
    # nation's is claimed from them
    assert "经开区中" not in hefei
