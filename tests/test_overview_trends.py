"""Figure builders and the sentence line of the Overview and Trends pages, on hand-made
frames (no database, no browser)."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.overview import (change_cell, indicator_sentence, rank_change_class,
                                        spark_points, sparkline_svg, sparkline_title,
                                        summary_sentences)
from dashboard.figures.trends import measure_frame, trends_figure


def snapshot_row(**changes) -> dict:
    row = {"indicator_code": "rd_intensity", "indicator_name_zh": "研发投入强度",
           "indicator_name_en": "R&D intensity", "unit": "%", "kind": "ratio", "value": 2.31,
           "quarter": 0, "net_increase": 0.05, "yoy_growth_pct": 2.2, "rank": 3, "rank_of": 16, "tied": False, "rank_change": 1,
           "rank_scope_zh": "全省", "rank_scope_en": "in the province", "is_key": True}
    row.update(changes)
    return row


def money_row(**changes) -> dict:
    return snapshot_row(**{"indicator_name_zh": "全社会研发投入", "indicator_name_en": "R&D expenditure",
                           "unit": "亿元", "kind": "flow", "value": 277.6, "net_increase": 11.2,
                           "yoy_growth_pct": 4.2, **changes})


def series_frame() -> pd.DataFrame:
    rows = []
    for code, zh, en, values in (("341500", "六安市", "Lu'an City", [20.0, 25.0, 30.0]),
                                 ("340100", "合肥市", "Hefei City", [200.0, 220.0, None])):
        for year, value in zip((2023, 2024, 2025), values):
            rows.append({"region_code": code, "region_name_zh": zh, "region_name_en": en,
                         "year": year, "quarter": 0, "cumulative": True, "value": value,
                         "yoy_growth_pct": None if year == 2023 or value is None else 10.0,
                         "rank": 2 if code == "341500" else 1, "rank_of": 16})
    return pd.DataFrame(rows)


def test_sentence_reads_like_the_field_writes_it():
    assert indicator_sentence(money_row()) == \
        "全社会研发投入277.6亿元，同比增长4.2%，居全省第3位，较上年提升1位"


def test_a_percentage_changes_in_percentage_points_as_the_report_says_it():
    assert indicator_sentence(snapshot_row()) == \
        "研发投入强度2.31%，较上年提高0.05个百分点，居全省第3位，较上年提升1位"
    assert "较上年同期下降0.12个百分点" in indicator_sentence(
        snapshot_row(quarter=3, net_increase=-0.123))
    assert "与上年持平" in indicator_sentence(snapshot_row(net_increase=0.001))
    assert indicator_sentence(snapshot_row(), "en").startswith(
        "R&D intensity 2.31%, up 0.05 percentage points on last year, No. 3 of 16")
    assert change_cell(snapshot_row()) == "+0.05个百分点"
    assert change_cell(snapshot_row(net_increase=-2.1), "en") == "-2.1 pp"
    assert change_cell(snapshot_row(net_increase=pd.NA)) == "—", "no % growth in its place"
    assert change_cell(money_row()) == "+4.2%"
    reported_rate = snapshot_row(indicator_name_zh="高新技术产业增加值增速", kind="rate",
                                 value=6.3, net_increase=-2.1, yoy_growth_pct=float("nan"))
    assert "较上年下降2.1个百分点" in indicator_sentence(reported_rate)


def test_sentence_says_fall_unchanged_and_tied_ranks():
    assert indicator_sentence(money_row(rank_change=-2, yoy_growth_pct=-3.0)).endswith(
        "同比下降3.0%，居全省第3位，较上年下降2位")
    assert indicator_sentence(snapshot_row(rank_change=0, tied=True)).endswith(
        "居全省并列第3位，位次与上年持平")
    quarter = indicator_sentence(snapshot_row(quarter=3, rank_change=1))
    assert quarter.endswith("较上年同期提升1位")


def test_sentence_leaves_out_what_is_unknown():
    row = snapshot_row(net_increase=float("nan"), rank=pd.NA, rank_change=pd.NA)
    assert indicator_sentence(row) == "研发投入强度2.31%"
    assert indicator_sentence(snapshot_row(rank_change=pd.NA)).endswith("居全省第3位")


def test_sentence_in_english_and_money_in_yi():
    row = money_row()
    assert indicator_sentence(row).startswith("全社会研发投入277.6亿元，")
    assert indicator_sentence(row, "en") == ("R&D expenditure 27.8 bn yuan, up 4.2% year on "
                                             "year, No. 3 of 16 in the province, rank up 1 "
                                             "from last year")


def test_summary_joins_key_indicators_and_skips_the_others():
    frame = pd.DataFrame([snapshot_row(),
                          snapshot_row(indicator_name_zh="GDP", is_key=False, value=1.0)])
    assert summary_sentences(frame) == \
        "研发投入强度2.31%，较上年提高0.05个百分点，居全省第3位，较上年提升1位。"
    assert summary_sentences(frame.iloc[0:0]) == ""


def test_rank_change_colours_up_green_down_red():
    assert rank_change_class(2) == "text-success"
    assert rank_change_class(-1) == "text-danger"
    assert rank_change_class(0) == rank_change_class(pd.NA) == "text-muted"


def test_sparkline_is_one_bare_line_with_the_latest_point_marked():
    frame = series_frame().assign(indicator_code="rd_expenditure")
    history = spark_points(frame[frame["region_code"] == "341500"])["rd_expenditure"]
    svg = sparkline_svg(history, width=100, height=50)
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 1
    points = svg.split('points="')[1].split('"')[0].split()
    assert len(points) == 3
    assert float(points[0].split(",")[1]) > float(points[-1].split(",")[1]), "rising line"
    assert sparkline_title(history, "亿元") == "2023年：20.0亿元 · 2024年：25.0亿元 · 2025年：30.0亿元"
    assert sparkline_svg(history[:1]) == "", "one value is no line"
    # Hefei's 2025 value is missing: two points, in time order whatever the rows' order
    hefei = spark_points(frame[frame["region_code"] == "340100"].iloc[::-1])["rd_expenditure"]
    assert [(p.year, p.value) for p in hefei] == [(2023, 200.0), (2024, 220.0)]


def test_index_starts_at_100_for_each_region():
    frame = measure_frame(series_frame(), "index")
    luan = frame[frame["region_code"] == "341500"]["y"].tolist()
    assert luan == [100.0, 125.0, 150.0]
    hefei = frame[frame["region_code"] == "340100"]["y"].tolist()
    assert hefei[:2] == pytest.approx([100.0, 110.0]) and math.isnan(hefei[2])


def drawn_trends(series, **options) -> go.Figure:
    """trends_figure's plain dict as plotly draws it: every property checked (a misspelt one
    fails), attribute access to what is drawn."""
    return go.Figure(trends_figure(series, **options))


def test_trends_figure_has_a_trace_per_region_chosen_one_first_and_thicker():
    fig = drawn_trends(series_frame(), unit="亿元", selected="341500")
    assert [trace.name for trace in fig.data] == ["六安市", "合肥市"]
    assert fig.data[0].line.width > fig.data[1].line.width
    assert list(fig.layout.xaxis.categoryarray) == ["2023年", "2024年", "2025年"]


def test_trends_hover_shows_value_with_unit_growth_and_rank():
    fig = drawn_trends(series_frame(), unit="亿元", selected="341500")
    assert list(fig.data[0].customdata[1][:3]) == ["25.0亿元", "+10.0%", "第2位/16"]
    assert "同比" in fig.data[0].hovertemplate and "排名" in fig.data[0].hovertemplate
    en = drawn_trends(series_frame(), unit="亿元", lang="en")
    assert "YoY" in en.data[0].hovertemplate
    assert en.data[0].name in ("Lu'an City", "Hefei City")


def test_trends_axis_uses_yi_and_the_measures_change_the_axis():
    value = drawn_trends(series_frame(), unit="亿元")
    assert value.layout.yaxis.title.text == "亿元"
    assert value.layout.yaxis.ticktext[0] == "0"
    growth = drawn_trends(series_frame(), unit="亿元", measure="growth")
    assert all(text.endswith("%") for text in growth.layout.yaxis.ticktext)
    index = drawn_trends(series_frame(), unit="亿元", measure="index")
    assert index.layout.yaxis.title.text == "指数（2023年=100）"
    assert list(index.data[0].y)[0] == 100.0
    assert [s.y0 for s in index.layout.shapes] == [100] and not value.layout.shapes
    assert [s.y0 for s in growth.layout.shapes] == [0]


def test_trends_counts_get_wan_on_the_axis():
    frame = series_frame().assign(value=lambda f: f["value"] * 1000)
    fig = drawn_trends(frame, unit="家")
    assert any("万" in text for text in fig.layout.yaxis.ticktext)
