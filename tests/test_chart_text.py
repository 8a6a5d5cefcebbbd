"""Charts readable without seeing them (issue #27), on hand-made frames: each chart's name,
its description generated from the data and its table state the figures the chart draws, in
both languages; and every text the charts write reads at 4.5:1 at least on what is behind it.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.alt_text import (bump_text, map_text, multiples_text, radar_text,
                                        ranking_bar_text, trends_text)
from dashboard.figures.compare import small_multiples_figure
from dashboard.figures.contrast import PAGE, WHITE, contrast, on_fill, text_colour
from dashboard.figures.map import BLUES, fill_colours, label_colours
from dashboard.figures.rankings import PICK_COLOURS, bump_figure, ranking_bar_figure
from dashboard.figures.trends import trends_figure
from tests.test_overview_trends import series_frame  # the same two cities, three years

CITIES = ["合肥市", "芜湖市", "蚌埠市", "淮南市", "马鞍山市", "淮北市", "铜陵市", "安庆市", "黄山市",
          "滁州市", "六安市", "池州市"]
LUAN = "R11"


def ranking(names=CITIES) -> pd.DataFrame:
    n = len(names)
    return pd.DataFrame({
        "rank": range(1, n + 1), "rank_of": n, "tied": [False] * n,
        "region_code": [f"R{i + 1:02d}" for i in range(n)], "name": names,
        "value": [277.6 - 20 * i for i in range(n)], "yoy_growth_pct": [5.0 - i for i in range(n)]})


def plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


# --- Names, descriptions and tables ----------------------------------------------------------

def test_a_ranking_is_described_by_its_first_its_chosen_and_its_last_regions():
    text = ranking_bar_text(ranking(), unit="亿元", lang="zh", basis="value",
                            indicator="全社会研发投入", period="2025年", scope="安徽省各市",
                            selected=LUAN)
    assert text.name == "全社会研发投入，2025年，安徽省各市排名"
    assert text.description.startswith(
        "全社会研发投入，2025年，安徽省各市排名：合肥市第1位 277.6亿元，芜湖市第2位 257.6亿元，"
        "蚌埠市第3位 237.6亿元，…，六安市第11位 77.6亿元，池州市第12位 57.6亿元。")
    assert text.description.endswith("共12个地区。")
    assert text.columns == ["地区", "名次", "数值"]
    assert text.rows[10] == ["六安市", "第11位/12", "77.6亿元"]
    assert len(text.rows) == 12


def test_the_ranking_table_holds_the_values_the_bars_are_labelled_with():
    frame = ranking()
    for lang, basis in (("zh", "value"), ("en", "growth")):
        figure = go.Figure(ranking_bar_figure(frame, unit="亿元", lang=lang, basis=basis))
        text = ranking_bar_text(frame, unit="亿元", lang=lang, basis=basis, indicator="R&D",
                                period="2025", scope="cities")
        assert [plain(v) for v in figure.data[1].text] == [row[2] for row in text.rows]
    assert text.name == "R&D, 2025: ranking of cities (by growth)"
    assert "R01 " not in text.description and "合肥市 No. 1: +5.0%" in text.description


def test_the_bump_chart_tells_where_the_chosen_region_went_and_tabulates_every_year():
    rows = [{"year": y, "region_code": c, "name": n, "rank": r, "rank_of": 3, "tied": False}
            for y, ranks in ((2023, (1, 3, 2)), (2024, (1, 2, 3)), (2025, (2, 1, 3)))
            for (c, n), r in zip((("A", "合肥市"), ("B", "六安市"), ("C", "芜湖市")), ranks)]
    text = bump_text(pd.DataFrame(rows), lang="zh", indicator="全社会研发投入",
                     scope="安徽省各市", selected="B")
    assert text.name == "全社会研发投入，安徽省各市历年排名"
    assert "六安市：2023年第3位，2024年第2位，2025年第1位" in text.description
    assert text.columns == ["地区", "2023年", "2024年", "2025年"]
    assert text.rows[0] == ["六安市", "第3位", "第2位", "第1位"], "latest rank first"
    english = bump_text(pd.DataFrame(rows), lang="en", indicator="R&D", scope="cities")
    assert "first each year: 2023 合肥市; 2024 合肥市; 2025 六安市" in english.description


@pytest.mark.parametrize("measure", ["value", "growth", "index"])
def test_the_trends_table_has_a_row_per_period_and_the_values_of_the_hover(measure):
    frame = series_frame()
    figure = go.Figure(trends_figure(frame, unit="亿元", lang="en", measure=measure,
                                     selected="341500"))
    text = trends_text(frame, unit="亿元", lang="en", measure=measure, indicator="R&D",
                       basis="by year", selected="341500")
    assert text.columns == ["Period", "Lu'an City", "Hefei City"], "the legend's order"
    assert [row[0] for row in text.rows] == ["2023", "2024", "2025"]
    luan = next(trace for trace in figure.data if trace.name == "Lu'an City")
    column = {"value": 0, "growth": 1, "index": 3}[measure]
    assert [row[1] for row in text.rows] == [c[column] for c in luan.customdata]
    assert text.rows[2][2] == "—", "a missing value stays missing"


def test_trends_are_described_by_each_regions_first_and_latest_figure():
    text = trends_text(series_frame(), unit="亿元", lang="zh", measure="value",
                       indicator="全社会研发投入", basis="按年度")
    assert text.name == "全社会研发投入 · 按年度 · 数值"
    assert "六安市：2023年 20.0亿元，2025年 30.0亿元" in text.description
    assert "合肥市：2023年 200.0亿元，2024年 220.0亿元" in text.description


SERIES = pd.DataFrame([
    {"indicator_code": ind, "region_code": code, "year": year,
     "value": base * factor * (1.1 if year == 2025 else 1.0), "yoy_growth_pct": math.nan}
    for code, base in (("A", 10.0), ("B", 20.0)) for year in (2024, 2025)
    for ind, factor in (("rd", 1.0), ("firms", 100.0))])
INDICATORS = [{"code": "rd", "name": "研发投入", "unit": "亿元"},
              {"code": "firms", "name": "高企数", "unit": "家"}]
REGIONS = [{"code": "A", "name": "甲市"}, {"code": "B", "name": "乙市"}]


def test_the_small_multiples_state_each_panels_latest_figures():
    text = multiples_text(SERIES, INDICATORS, REGIONS, lang="zh")
    assert text.name == "甲市、乙市对比：研发投入、高企数"
    assert "研发投入（2025年）：甲市 11.0亿元，乙市 22.0亿元" in text.description
    assert "高企数（2025年）：甲市 1,100家，乙市 2,200家" in text.description
    assert text.columns == ["指标", "2024年", "2025年"]
    assert text.rows[0] == ["研发投入 · 甲市", "10.0亿元", "11.0亿元"]
    figure = go.Figure(small_multiples_figure(SERIES, INDICATORS, REGIONS, lang="zh"))
    assert [c[0] for c in figure.data[0].customdata] == text.rows[0][1:], "as the hover says"


def test_the_radar_states_every_score():
    index = pd.DataFrame({"region_code": ["A", "B"], "score_input": [100.0, 0.0],
                          "score_social": [math.nan, math.nan], "index": [70.0, 30.0]})
    dims = [{"code": "input", "name": "Input"}, {"code": "social", "name": "Society"}]
    text = radar_text(index, dims, REGIONS, lang="en", period="2025")
    assert text.columns == ["Region", "Index", "Input"], "unscored dimensions are left out"
    assert text.rows == [["甲市", "70.0", "100.0"], ["乙市", "30.0", "0.0"]]
    assert "甲市: Index 70.0; Input 100.0" in text.description


def test_the_map_names_its_highest_and_lowest_region_and_those_without_data():
    frame = pd.DataFrame({"name": ["合肥市", "六安市", "阜阳市"], "value": [277.6, 25.3, math.nan],
                          "value_text": ["277.6亿元", "25.3亿元", "—"],
                          "rank_text": ["第1位/2", "第2位/2", "—"], "growth_text": ["", "", ""]})
    text = map_text(frame, lang="zh", measure="value", caption="安徽省各市 · 全社会研发投入 · 2025年")
    assert text.description == ("安徽省各市 · 全社会研发投入 · 2025年：最高：合肥市 277.6亿元，最低：六安市 "
                                "25.3亿元。无数据：阜阳市。各地区的数值见地图旁的表格。")
    ranks = map_text(frame.assign(value=[1.0, 2.0, math.nan]), lang="en", measure="rank",
                     caption="Cities")
    assert "first: 合肥市, 第1位/2; last: 六安市, 第2位/2" in ranks.description
    assert ranks.rows == [], "the page shows the map's figures in a table beside it"


# --- Contrast of the charts' text ------------------------------------------------------------

def test_contrast_ratios_are_wcags():
    assert contrast("#000", "#fff") == pytest.approx(21.0)
    assert contrast("#0d6efd", WHITE) == pytest.approx(4.5, abs=0.01)
    assert contrast("rgb(108, 117, 125)", PAGE) < 4.5 <= contrast("#565e64", PAGE)


@pytest.mark.parametrize("colour", PICK_COLOURS + ["#e4572e", "#f2a541", "#56B4E9"])
def test_text_in_a_series_colour_is_darkened_until_it_reads(colour):
    shade = text_colour(colour)
    assert contrast(shade, PAGE) >= 4.5 and contrast(shade, WHITE) >= 4.5
    if contrast(colour, PAGE) >= 4.5:
        assert shade.lower() == colour.lower(), "a colour dark enough is kept"


def test_every_text_of_the_rankings_charts_reads_on_the_page():
    frame = ranking()
    picked = [f"R{i:02d}" for i in (2, 4, 6, 8, 9, 12)]
    bars = go.Figure(ranking_bar_figure(frame, unit="亿元", selected=LUAN, picked=picked))
    for colour in bars.data[1].textfont.color:
        assert contrast(colour, PAGE) >= 4.5, colour
    history = pd.DataFrame([{"year": y, "region_code": f"R{i:02d}", "name": n, "rank": i,
                             "rank_of": 12, "tied": False}
                            for y in (2024, 2025) for i, n in enumerate(CITIES, start=1)])
    bump = go.Figure(bump_figure(history, selected=LUAN, picked=picked))
    assert len(bump.layout.annotations) == 7
    for label in bump.layout.annotations:
        assert contrast(label.font.color, PAGE) >= 4.5, label.text


@pytest.mark.parametrize("measure,values", [
    ("value", [10.0, 25.0, 40.0, 55.0, 70.0, 85.0, 100.0, math.nan]),
    ("rank", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, math.nan]),
    ("growth", [-12.0, -6.0, -1.0, 0.0, 3.0, 8.0, 15.0, math.nan]),
    ("growth", [1.0, 4.0, 9.0, 12.0]), ("growth", [-9.0, -4.0, -1.0])])
def test_every_name_on_the_map_reads_on_its_regions_fill(measure, values):
    values = pd.Series(values)
    for name, fill in zip(label_colours(values, measure), fill_colours(values, measure)):
        assert contrast(name, fill) >= 4.5, (name, fill)


def test_the_map_fills_follow_the_colour_scale():
    fills = fill_colours(pd.Series([10.0, 100.0, math.nan]), "value")
    assert fills[0] == "rgb(183, 211, 234)" and BLUES[0][1] == "#b7d3ea"
    assert fills[2] == "#d9dde3", "no data is grey"
    assert on_fill(fills[1]) == "#ffffff" and on_fill(fills[0]) == "#000000"
