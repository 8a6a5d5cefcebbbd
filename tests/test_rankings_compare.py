"""The Rankings and Compare figure builders, on hand-made frames: what a reader sees in the
bars, the bump chart, the small multiples, the radar and the comparison table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from dashboard.figures.compare import (best_and_worst, comparison_rows, radar_figure,
                                       small_multiples_figure)
from dashboard.figures.rankings import HIGHLIGHT, OTHERS_GREY, bump_figure, ranking_bar_figure


def drawn(figure: dict) -> go.Figure:
    """The builders return plain dicts; plotly checks every property here, as it would have in
    the page (a misspelt one fails), and gives attribute access to what is drawn."""
    assert set(figure) == {"data", "layout"}
    return go.Figure(figure)


def ranking(values, growth=None, tied=None):
    n = len(values)
    codes = [f"34{i:02d}00" for i in range(1, n + 1)]
    return pd.DataFrame({
        "rank": range(1, n + 1), "rank_of": n, "tied": tied or [False] * n,
        "rank_change": [1] + [0] * (n - 1), "region_code": codes,
        "name": [f"市{i}" for i in range(1, n + 1)], "value": values,
        "yoy_growth_pct": growth or [5.0] * n})


def test_bars_are_one_trace_rank_one_on_top_with_the_chosen_region_highlighted():
    frame = ranking([30.0, 20.0, 10.0])
    fig = drawn(ranking_bar_figure(frame, unit="亿元", selected="340200"))
    assert len(fig.data) == 2, "the bars coloured per bar and their values, whatever the size"
    bar, values = fig.data
    assert list(bar.y) == [0, 1, 2] and list(fig.layout.yaxis.tickvals) == [0, 1, 2]
    assert list(fig.layout.yaxis.ticktext) == ["市1", "<b>市2</b>", "市3"]
    low, high = fig.layout.yaxis.range
    assert low > high, "reversed axis: rank 1 at the top"
    assert list(bar.marker.color).count(HIGHLIGHT) == 1
    assert bar.marker.color[1] == HIGHLIGHT
    assert list(values.text) == ["30.0亿元", "<b>20.0亿元</b>", "10.0亿元"]
    assert bar.customdata[0][1] == "第1位/3" and list(bar.hovertext) == ["市1", "市2", "市3"]


def test_bars_draw_the_average_line_and_name_it_with_its_unit():
    fig = drawn(ranking_bar_figure(ranking([30.0, 20.0, 10.0]), unit="亿元"))
    assert [s.x0 for s in fig.layout.shapes] == [20.0]
    assert any("平均 20.0亿元" in a.text for a in fig.layout.annotations)
    en = drawn(ranking_bar_figure(ranking([30.0, 20.0, 10.0]), unit="亿元", lang="en"))
    assert any("Average 2.00 bn yuan" in a.text for a in en.layout.annotations)


def test_bars_by_growth_show_signed_percentages_and_mark_ties():
    frame = ranking([30.0, 20.0], growth=[12.4, -3.0], tied=[True, True])
    fig = drawn(ranking_bar_figure(frame, unit="亿元", basis="growth"))
    assert list(fig.data[0].x) == [12.4, -3.0]
    assert list(fig.data[1].text) == ["+12.4%", "-3.0%"]
    assert "(并列)" in fig.data[0].customdata[0][1]
    assert all(text.endswith("%") for text in fig.layout.xaxis.ticktext)


def history(n_regions=5, years=(2023, 2024, 2025)):
    rows = []
    for year in years:
        for i in range(n_regions):
            rank = (i + year) % n_regions + 1
            rows.append({"year": year, "region_code": f"R{i}", "name": f"地区{i}",
                         "rank": rank, "rank_of": n_regions, "tied": False})
    return pd.DataFrame(rows)


def test_bump_chart_has_rank_one_on_top_and_two_traces_whatever_the_number_of_regions():
    fig = drawn(bump_figure(history(30), selected="R3"))
    assert len(fig.data) == 2, "the others in one grey trace broken by gaps, the chosen one"
    others, mine = fig.data
    assert others.line.color == OTHERS_GREY and mine.line.color == HIGHLIGHT
    assert int(np.isnan(np.asarray(others.y, dtype=float)).sum()) == 29
    low, high = fig.layout.yaxis.range
    assert low > high, "reversed axis: rank 1 at the top"
    assert fig.layout.yaxis.ticktext[0] == "第1位"
    assert list(mine.x) == [2023, 2024, 2025]


def test_bump_chart_without_a_chosen_region_is_all_grey():
    fig = drawn(bump_figure(history(4), selected=None))
    assert len(fig.data) == 1 and fig.data[0].line.color == OTHERS_GREY
    assert list(fig.layout.xaxis.ticktext) == ["2023年", "2024年", "2025年"]


def series():
    rows = []
    for code, base in (("A", 10.0), ("B", 20.0), ("C", 5.0)):
        for year in (2024, 2025):
            for ind, factor in (("rd", 1.0), ("firms", 100.0)):
                rows.append({"indicator_code": ind, "region_code": code, "year": year,
                             "value": base * factor * (1.1 if year == 2025 else 1.0),
                             "yoy_growth_pct": 10.0 if year == 2025 else math.nan,
                             "rank": {"A": 2, "B": 1, "C": 3}[code], "rank_of": 16,
                             "tied": False, "rank_scope_kind": "province_cities",
                             "rank_scope_zh": "全省", "rank_scope_en": "in the province"})
    return pd.DataFrame(rows)


INDICATORS = [{"code": "rd", "name": "研发投入", "unit": "亿元", "direction": "higher"},
              {"code": "firms", "name": "高企数", "unit": "家", "direction": "higher"}]
REGIONS = [{"code": "A", "name": "甲市"}, {"code": "B", "name": "乙市"}, {"code": "C", "name": "丙市"}]


def test_small_multiples_one_panel_per_indicator_one_legend_entry_per_region():
    fig = drawn(small_multiples_figure(series(), INDICATORS, REGIONS))
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["研发投入（亿元）", "高企数（家）"]
    assert len(fig.data) == 6
    assert sum(1 for tr in fig.data if tr.showlegend) == 3
    colours = {tr.name: set() for tr in fig.data}
    for tr in fig.data:
        colours[tr.name].add(tr.line.color)
    assert all(len(c) == 1 for c in colours.values()), "a region keeps its colour in every panel"
    b_firms = fig.data[4]
    assert b_firms.name == "乙市" and b_firms.customdata[1][0] == "2,200家", "hover: value with unit"
    assert b_firms.customdata[1][1] == "+10.0%"
    assert list(fig.layout.yaxis2.ticktext)[:2] == ["0", "1,000"], "thousands separators on the axis"


def test_small_multiples_say_no_data_in_an_empty_panel():
    frame = series()
    frame = frame[frame["indicator_code"] == "rd"]
    fig = drawn(small_multiples_figure(frame, INDICATORS, REGIONS))
    assert "无数据" in [a.text for a in fig.layout.annotations]


def test_radar_has_one_closed_polygon_per_region_and_leaves_out_unscored_dimensions():
    index = pd.DataFrame({"region_code": ["A", "B"], "score_input": [100.0, 0.0],
                          "score_output": [40.0, 60.0], "score_social": [math.nan, math.nan],
                          "index": [70.0, 30.0]})
    dims = [{"code": "input", "name": "投入"}, {"code": "output", "name": "产出"},
            {"code": "social", "name": "社会"}]
    fig = drawn(radar_figure(index, dims, REGIONS[:2]))
    assert len(fig.data) == 2
    assert list(fig.data[0].theta) == ["投入", "产出", "投入"]
    assert list(fig.data[0].r) == [100.0, 40.0, 100.0]
    assert fig.data[0].name == "甲市（70.0）"
    assert tuple(fig.layout.polar.radialaxis.range) == (0, 100)


def test_best_and_worst_of_a_row_respect_the_direction_and_ignore_missing_values():
    assert best_and_worst([3.0, 1.0, None, 2.0]) == ({0}, {1})
    assert best_and_worst([3.0, 1.0, 2.0], higher_is_better=False) == ({1}, {0})
    assert best_and_worst([2.0, 2.0]) == (set(), set())
    assert best_and_worst([2.0, math.nan]) == (set(), set())


def test_comparison_table_marks_best_green_and_worst_red_per_row():
    rows = comparison_rows(series(), INDICATORS, REGIONS, year=2025)
    assert [r["measure"] for r in rows[:3]] == ["数值", "同比", "排名"]
    value_row = rows[0]
    assert [c["text"] for c in value_row["cells"]] == ["11.0亿元", "22.0亿元", "5.50亿元"]
    assert [c["mark"] for c in value_row["cells"]] == ["", "best", "worst"]
    growth_row = rows[1]
    assert [c["mark"] for c in growth_row["cells"]] == ["", "", ""], "equal growth: no marks"
    rank_row = rows[2]
    assert rank_row["cells"][1] == {"text": "全省第1位/16", "mark": "best"}
    assert rank_row["cells"][2]["mark"] == "worst"


def test_comparison_table_does_not_compare_ranks_from_different_scopes():
    frame = series()
    frame.loc[frame["region_code"] == "C", "rank_scope_kind"] = "province_counties"
    rows = comparison_rows(frame, INDICATORS, REGIONS, year=2025, lang="en")
    assert rows[2]["measure"] == "Rank"
    assert all(c["mark"] == "" for c in rows[2]["cells"])
    assert rows[2]["cells"][0]["text"] == "No. 2/16 in the province"


def test_figures_are_drawn_with_plotlys_default_template_as_a_go_figure_is():
    plain = [ranking_bar_figure(ranking([3.0, 2.0]), unit="亿元"), bump_figure(history(3)),
             small_multiples_figure(series(), INDICATORS, REGIONS)]
    for figure in plain:
        assert drawn(figure).layout.template == go.Figure().layout.template


@pytest.mark.parametrize("panels", range(1, 8))
def test_small_multiples_lay_out_their_panels_where_make_subplots_would(panels):
    indicators = [{"code": f"i{k}", "name": f"指标{k}", "unit": "家"} for k in range(panels)]
    frame = pd.DataFrame([{"indicator_code": f"i{k}", "region_code": "A", "year": 2025,
                           "value": 1.0 + k, "yoy_growth_pct": math.nan}
                          for k in range(panels)])
    fig = drawn(small_multiples_figure(frame, indicators, REGIONS[:1]))
    cols = 1 if panels == 1 else (2 if panels <= 4 else 3)
    rows = math.ceil(panels / cols)
    grid = make_subplots(rows=rows, cols=cols,
                         subplot_titles=[f"{i['name']}（家）" for i in indicators],
                         horizontal_spacing=0.08, vertical_spacing=0.14 if rows > 1 else 0.1)
    for k in range(rows * cols):
        name = str(k + 1) if k else ""
        for axis in (f"xaxis{name}", f"yaxis{name}"):
            assert fig.layout[axis].domain == pytest.approx(grid.layout[axis].domain)
            assert fig.layout[axis].anchor == grid.layout[axis].anchor
    titles = [(a.text, a.x, a.y) for a in fig.layout.annotations]
    expected = [(a.text, a.x, a.y) for a in grid.layout.annotations]
    assert [t[0] for t in titles] == [t[0] for t in expected]
    assert [t[1:] for t in titles] == [pytest.approx(t[1:]) for t in expected]
    assert [(tr.xaxis, tr.yaxis) for tr in fig.data] == [
        (f"x{k + 1 if k else ''}", f"y{k + 1 if k else ''}") for k in range(panels)]


def test_comparison_table_states_a_percentage_with_two_decimals_and_its_change_in_points():
    frame = series()
    frame = frame[frame["indicator_code"] == "rd"].assign(
        value=[2.30, 2.31, 1.50, 1.46, 3.00, 3.00], net_increase=[None, 0.01, None, -0.04, None, 0.0])
    intensity = [{"code": "rd", "name": "研发投入强度", "unit": "%", "kind": "ratio",
                  "direction": "higher"}]
    rows = comparison_rows(frame, intensity, REGIONS, year=2025)
    assert [c["text"] for c in rows[0]["cells"]] == ["2.31%", "1.46%", "3.00%"]
    assert [c["text"] for c in rows[1]["cells"]] == ["+0.01个百分点", "-0.04个百分点", "0个百分点"]
    assert [c["mark"] for c in rows[1]["cells"]] == ["best", "worst", ""]
