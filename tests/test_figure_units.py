"""Units never mix: every figure builder writes the values it draws in the unit its title or
axis names, one unit per chart, axis, table column (9,700万元 never beside 1.00亿元; an English
panel of 145 亿元 is titled in bn yuan, not 100m yuan)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.figures.compare import comparison_rows, small_multiples_figure
from dashboard.figures.rankings import ranking_bar_figure
from dashboard.figures.trends import trends_figure
from dashboard.formatting import axis_ticks, format_value, scale_for, tick_scale
from dashboard.rank_table import rank_rows

UNIT_WORD = re.compile(r"[\d.,]+\s?(.*)$")


def _units(labels) -> set[str]:
    return {UNIT_WORD.match(text).group(1) for text in labels if text and text != "—"}


def _ranking(values) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame({"rank": range(1, n + 1), "rank_of": n, "tied": False,
                         "region_code": [f"34{i:02d}00" for i in range(1, n + 1)],
                         "name": [f"市{i}" for i in range(n)], "value": values,
                         "yoy_growth_pct": [5.0] * n, "rank_change": [0] * n})


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("values", [[1.0, 0.97, 0.5, 0.012], [380.5, 12.0, 0.9], [0.05, 0.003]])
def test_ranking_bars_write_every_label_in_the_axis_unit(values, lang):
    fig = ranking_bar_figure(_ranking(values), unit="亿元", lang=lang)
    labels = [re.sub(r"</?b>", "", text) for text in fig["data"][1]["text"]]  # the value column
    axis_unit = fig["layout"]["xaxis"]["title"]["text"]
    assert _units(labels) == {axis_unit}
    average = fig["layout"]["annotations"][0]["text"]
    assert average.endswith(axis_unit)


def test_the_rank_table_writes_its_value_column_in_one_unit():
    rows = rank_rows(_ranking([1.0, 0.97, 0.0005]).assign(
        tied=False, rank_change=0), "亿元", "zh", None)
    assert _units(r["value_text"] for r in rows) == {"亿元"}
    assert [r["value_text"] for r in rows] == ["1.00亿元", "0.97亿元", "0.00亿元"]


@pytest.mark.parametrize("lang, title_unit, hover", [("en", "(bn yuan)", "14.5 bn yuan"),
                                                     ("zh", "（亿元）", "145.0亿元")])
def test_compare_panels_are_titled_in_the_unit_their_ticks_and_values_use(lang, title_unit, hover):
    frame = pd.DataFrame({"indicator_code": "rd_expenditure", "region_code": ["340100", "341500"],
                          "year": [2024, 2024], "value": [145.0, 20.0],
                          "yoy_growth_pct": [10.0, 5.0]})
    fig = small_multiples_figure(frame, [{"code": "rd_expenditure", "name": "R&D", "unit": "亿元"}],
                                 [{"code": "340100", "name": "A"}, {"code": "341500", "name": "B"}],
                                 lang=lang)
    title = fig["layout"]["annotations"][0]["text"]
    assert title.endswith(title_unit)
    _, ticktext, axis_unit = axis_ticks(0.0, 145.0, "亿元", lang, target_ticks=4)
    assert title_unit.strip("()（）") == axis_unit
    assert fig["layout"]["yaxis"]["ticktext"] == ticktext
    assert fig["data"][0]["customdata"][0][0] == hover


def test_compare_table_writes_an_indicators_values_in_one_unit():
    frame = pd.DataFrame({"indicator_code": "rd_expenditure", "region_code": ["340100", "341500"],
                          "year": [2024, 2024], "value": [1.2, 0.97], "yoy_growth_pct": [1.0, 2.0],
                          "rank": [1, 2], "rank_of": [2, 2], "tied": [False, False]})
    rows = comparison_rows(frame, [{"code": "rd_expenditure", "name": "R&D", "unit": "亿元"}],
                           [{"code": "340100", "name": "A"}, {"code": "341500", "name": "B"}],
                           year=2024, lang="zh")
    values = [c["text"] for c in rows[0]["cells"]]
    assert values == ["1.20亿元", "0.97亿元"]


def test_trends_hover_values_are_in_the_value_axis_unit():
    series = pd.DataFrame({"region_code": ["340100"] * 2, "region_name_zh": ["合肥市"] * 2,
                           "region_name_en": ["Hefei"] * 2, "year": [2023, 2024],
                           "quarter": [0, 0], "cumulative": [True, True], "value": [0.9, 1.3],
                           "yoy_growth_pct": [None, 44.4], "rank": [1, 1], "rank_of": [16, 16]})
    fig = trends_figure(series, unit="亿元", lang="zh")
    axis_unit = fig["layout"]["yaxis"]["title"]["text"]
    assert _units(c[0] for c in fig["data"][0]["customdata"]) == {axis_unit} == {"亿元"}


def test_a_shared_scale_is_the_one_the_largest_value_reaches():
    assert scale_for(0.97, "亿元", "zh").label == "万元"
    assert format_value(0.97, "亿元", "zh", scale=scale_for(1.0, "亿元", "zh")) == "0.97亿元"
    assert tick_scale(0, 145, "亿元", "en").label == "bn yuan"
    assert format_value(15000, "家", "zh", scale=scale_for(15000, "家", "zh")) == "1.5万家"
