"""Rankings readable on any screen (issue #19 §6), on hand-made frames: whole names in a margin
wide enough for them, values clear of the average line, a long scope drawn compact with the
chosen regions, and the bump chart's chosen and picked regions in front of the faded rest."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import ImageFont

from dashboard.figures.labels import line_count, text_width, wrap_name
from dashboard.figures.plain import TOOLBAR_ROOM
from dashboard.figures.rankings import (COMPACT_OVER, FADED, FONT_SIZE, HIGHLIGHT, OTHERS_GREY,
                                        axis_name, bump_figure, pick_colours,
                                        ranking_bar_figure)

ZONES_ZH = ["合肥高新技术产业开发区", "合肥经济技术开发区", "马鞍山慈湖高新技术产业开发区", "金寨现代产业园区",
            "瑶海区"]
ZONES_EN = ["Hefei High-tech Zone", "Xuancheng Economic and Technological Development Zone",
            "Ma'anshan Cihu High-tech Zone", "Jinzhai Modern Industrial Park", "Yaohai District"]
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def drawn(figure: dict) -> go.Figure:
    return go.Figure(figure)


def plain(text: str, lang: str = "zh") -> str:
    """A label as read: lines joined (by a space in English), markup gone."""
    return re.sub(r"<[^>]+>", "", text.replace("<br>", " " if lang == "en" else ""))


def ranking(names, values=None, growth=None) -> pd.DataFrame:
    n = len(names)
    values = values or [float(100 - i) for i in range(n)]
    return pd.DataFrame({
        "rank": range(1, n + 1), "rank_of": n, "tied": [False] * n, "rank_change": [0] * n,
        "region_code": [f"R{i + 1:03d}" for i in range(n)], "name": names, "value": values,
        "yoy_growth_pct": growth or [5.0] * n})


def measured(text: str, size: int = FONT_SIZE) -> float:
    """The width of a label's longest line in the CJK font the pages ask for, as drawn."""
    font = ImageFont.truetype(CJK_FONT, size)
    return max(font.getlength(re.sub(r"<[^>]+>", "", line)) for line in text.split("<br>"))


@pytest.mark.parametrize("name", ZONES_ZH + ZONES_EN + [
    "Wuhu Economic and Technological Development Zone", "安徽合肥经济技术开发区综合保税区"])
def test_a_long_name_is_wrapped_whole_never_cut(name):
    wrapped = wrap_name(name)
    assert wrapped.replace("<br>", "" if name[0] > "\u3000" else " ") == name
    assert "…" not in wrapped
    assert line_count(wrapped) <= 3


def test_chinese_zone_names_break_before_the_kind_of_zone():
    assert wrap_name("合肥经济技术开发区") == "合肥经济技术<br>开发区"
    assert wrap_name("合肥高新技术产业开发区") == "合肥高新技术<br>产业开发区"
    assert wrap_name("瑶海区") == "瑶海区"


@pytest.mark.parametrize("lang,names", [("zh", ZONES_ZH), ("en", ZONES_EN)])
def test_the_margins_hold_the_longest_name_and_value_as_drawn(lang, names):
    fig = drawn(ranking_bar_figure(ranking(names, values=[56.2, 49.1, 41.9, 0.35, 12.0]),
                                   unit="亿元", lang=lang, selected="R002"))
    ticks = list(fig.layout.yaxis.ticktext)
    # Every name whole (the field's own short form ETDZ for an English zone's long kind).
    assert sorted(plain(t, lang) for t in ticks) == sorted(axis_name(n) for n in names)
    assert fig.layout.yaxis.automargin is False, "the margin is reserved, not left to plotly"
    assert fig.layout.margin.l >= max(measured(t) for t in ticks) + 4
    assert fig.layout.margin.l >= max(text_width(t, FONT_SIZE) for t in ticks)
    values = list(fig.data[1].text)
    assert fig.layout.margin.r >= max(measured(v) for v in values) + 4
    rows = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    tallest = max(line_count(t) for t in ticks)
    assert rows / len(ticks) >= tallest * FONT_SIZE * 1.2, "a wrapped name fits its row"


def test_values_stand_in_a_column_right_of_the_plot_where_the_average_line_never_runs():
    fig = drawn(ranking_bar_figure(ranking(["甲", "乙", "丙", "丁"], values=[60.0, 18.0, 12.0, 10.0]),
                                   unit="亿元"))
    bars, values = fig.data
    low, high = fig.layout.xaxis.range
    assert max(bars.x) <= high
    assert set(values.x) == {high} and values.textposition == "middle right"
    assert values.cliponaxis is False and values.hoverinfo == "skip"
    (line,) = fig.layout.shapes
    assert line.x0 == pytest.approx(25.0) and low < line.x0 < high, "inside the plot"
    (label,) = fig.layout.annotations
    assert label.text == "平均 25.0亿元"
    assert label.xanchor == "left", "left of the middle, the label reads towards the middle"
    assert label.yref == "paper" and label.y == 1 and label.yanchor == "bottom"
    assert fig.layout.margin.t >= TOOLBAR_ROOM + FONT_SIZE * 1.25, "below the toolbar's band"


def test_the_average_label_reads_from_its_line_towards_the_middle():
    fig = drawn(ranking_bar_figure(ranking(["甲", "乙", "丙"], values=[100.0, 5.0, 1.0]),
                                   unit="亿元"))
    assert fig.layout.annotations[0].xanchor == "left"
    fig = drawn(ranking_bar_figure(ranking(["甲", "乙", "丙"], values=[100.0, 95.0, 90.0]),
                                   unit="亿元"))
    assert fig.layout.annotations[0].xanchor == "right"


def test_negative_growth_keeps_its_value_in_the_column_not_over_the_names():
    fig = drawn(ranking_bar_figure(ranking(["甲", "乙"], growth=[12.4, -30.0]), unit="亿元",
                                   basis="growth"))
    low, high = fig.layout.xaxis.range
    assert low < -30.0 and list(fig.data[1].x) == [high, high]
    assert list(fig.data[1].text) == ["+12.4%", "-30.0%"]


def counties(n: int) -> pd.DataFrame:
    return ranking([f"县{i}" for i in range(1, n + 1)])


def test_a_short_scope_shows_every_region():
    fig = drawn(ranking_bar_figure(counties(COMPACT_OVER), unit="亿元"))
    assert len(fig.layout.yaxis.ticktext) == COMPACT_OVER
    assert not any("⋯" in t for t in fig.layout.yaxis.ticktext)


def test_a_scope_of_a_hundred_counties_shows_its_top_bottom_and_chosen_regions():
    fig = drawn(ranking_bar_figure(counties(105), unit="亿元", selected="R057",
                                   picked=("R080", "R002")))
    ticks = [plain(t) for t in fig.layout.yaxis.ticktext]
    expected = ([f"{i}  县{i}" for i in range(1, 11)] + ["⋯ 第11–54位"]
                + [f"{i}  县{i}" for i in range(55, 60)] + ["⋯ 第60–79位", "80  县80",
                                                           "⋯ 第81–100位"]
                + [f"{i}  县{i}" for i in range(101, 106)])
    assert ticks == expected
    bars, values = fig.data
    colours = dict(zip([c[2] for c in bars.customdata], bars.marker.color))
    assert colours["R057"] == HIGHLIGHT
    assert colours["R080"] == pick_colours(("R080", "R002"), "R057")["R080"] != HIGHLIGHT
    assert len(values.text) == len(ticks) - 3, "no value on a gap row"
    assert fig.layout.height < 800, "not a 2,000 px column"
    assert fig.layout.shapes[0].x0 == pytest.approx(counties(105)["value"].mean()), \
        "the average is the whole scope's"


def test_a_compact_chart_always_includes_the_chosen_region_at_the_very_end():
    fig = drawn(ranking_bar_figure(counties(105), unit="亿元", selected="R099"))
    ticks = [plain(t) for t in fig.layout.yaxis.ticktext]
    assert "99  县99" in ticks and ticks[-1] == "105  县105"
    assert ticks.count("⋯ 第11–96位") == 1


def rank_history(n_regions=12, years=range(2019, 2026)) -> pd.DataFrame:
    """Growth ranks that jump about from year to year, as growth ranks do."""
    rows = []
    for year in years:
        for i in range(n_regions):
            rows.append({"year": year, "region_code": f"R{i:03d}", "name": f"地区{i}",
                         "rank": (i * 11 + year * 5) % n_regions + 1, "rank_of": n_regions,
                         "tied": False})
    return pd.DataFrame(rows)


def test_by_growth_the_chosen_and_picked_regions_are_drawn_in_front_and_the_rest_fade():
    fig = drawn(bump_figure(rank_history(), selected="R003", picked=("R007", "R001")))
    others, *front = fig.data
    assert [t.name for t in front] == ["地区7", "地区1", "地区3"], "the chosen region last, on top"
    assert others.opacity == FADED < 1 and others.line.color == OTHERS_GREY
    assert not {"R003", "R007", "R001"} & set(others.customdata), "not drawn twice"
    colours = pick_colours(("R007", "R001"), "R003")
    assert [t.line.color for t in front] == [colours["R007"], colours["R001"], HIGHLIGHT]
    assert front[-1].line.width > front[0].line.width > others.line.width
    assert all("text" not in t.mode for t in fig.data), "no rank labels running together"
    assert sorted(a.text for a in fig.layout.annotations) == ["地区1", "地区3", "地区7"]
    assert all(a.x == 2025 and a.xanchor == "left" for a in fig.layout.annotations)


def test_bump_names_fit_the_right_margin_and_close_ranks_are_moved_apart():
    history = rank_history(n_regions=105)
    last = history[history["year"] == 2025].sort_values("rank")
    first, second = last["region_code"].iloc[0], last["region_code"].iloc[1]
    history.loc[history["region_code"] == first, "name"] = "合肥高新技术产业开发区"
    fig = drawn(bump_figure(history, selected=first, picked=(second,)))
    labels = sorted(fig.layout.annotations, key=lambda a: a.y)
    assert labels[0].text == "合肥高新技术<br>产业开发区"
    assert fig.layout.margin.r >= max(measured(a.text) for a in labels) + 8
    plot_height = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    px_per_rank = plot_height / (fig.layout.yaxis.range[0] - fig.layout.yaxis.range[1])
    gap_px = (labels[1].y - labels[0].y) * px_per_rank
    needed = FONT_SIZE * 1.2 * (line_count(labels[0].text) + line_count(labels[1].text)) / 2
    assert gap_px >= needed, "two names at neighbouring ranks do not overlap"


def test_bump_chart_without_a_chosen_region_fades_every_line_and_names_none():
    fig = drawn(bump_figure(rank_history(), selected=None))
    assert len(fig.data) == 1 and fig.data[0].opacity == FADED
    assert not fig.layout.annotations


def test_a_long_run_of_years_is_labelled_every_other_year_ending_on_the_latest():
    fig = drawn(bump_figure(rank_history(years=range(2015, 2026)), selected="R001"))
    assert list(fig.layout.xaxis.tickvals) == [2015, 2017, 2019, 2021, 2023, 2025]
