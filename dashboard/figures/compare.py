"""The Compare page's charts and table cells: small multiples of several indicators for two to
six regions, a radar of the composite index's dimension scores, and the best / worst of each
table row.

Each region keeps one colour across every panel, the radar and the legend. The figures are
plain dicts (see figures/plain.py).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dashboard.figures.plain import TOOLBAR_ROOM, figure, plotly_text
from dashboard.figures.overview import change_cell, year_change
from dashboard.formatting import (MONEY_UNITS, Scale, axis_ticks, format_growth, format_rank,
                                  format_value, scale_for, tick_scale)
from dashboard.i18n import t, unit_label

# Colour-blind-safe, distinct at six (Okabe-Ito without yellow).
REGION_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"]
TITLE_SIZE = 13  # panel titles and the "no data" notes
HOVER_LABEL = {"bgcolor": "white", "font": {"size": 13}}
TABLE_COLUMNS = ["indicator_code", "region_code", "value", "yoy_growth_pct", "net_increase",
                 "rank", "rank_of",
                 "tied", "rank_scope_kind", "rank_scope_zh", "rank_scope_en"]


def region_colours(codes: list[str]) -> dict[str, str]:
    return {code: REGION_COLOURS[i % len(REGION_COLOURS)] for i, code in enumerate(codes)}


def small_multiples_figure(frame: pd.DataFrame, indicators: list[dict], regions: list[dict], *,
                           lang: str = "zh") -> dict:
    """frame: series() rows of several indicators (indicator_code, region_code, year, value,
    yoy_growth_pct); indicators: [{code, name, unit}] in panel order; regions: [{code, name}]
    in legend order. One panel per indicator, years on x; a region's colour is the same in
    every panel and it has one legend entry."""
    n = max(1, len(indicators))
    cols = 1 if n == 1 else (2 if n <= 4 else 3)
    rows = math.ceil(n / cols)
    colours = region_colours([r["code"] for r in regions])
    years = sorted(int(y) for y in frame["year"].unique()) if not frame.empty else []
    lines = region_lines(frame)
    panel_values = [[v for (code, _), line in lines.items() if code == ind["code"]
                     for v in line["value"] if not math.isnan(v)] for ind in indicators]
    # Each panel's title names the unit its ticks and hover values are written in.
    scales = [panel_scale(values, ind["unit"], lang) for ind, values in zip(indicators, panel_values)]
    layout = panel_grid(rows, cols, [_panel_title(ind, scale, lang)
                                     for ind, scale in zip(indicators, scales)])
    traces, in_legend = [], set()  # one legend entry per region, in its first panel
    for k, (ind, values, scale) in enumerate(zip(indicators, panel_values, scales)):
        axis = str(k + 1) if k else ""
        for region in regions:
            line = lines.get((ind["code"], region["code"]))
            if line is None:
                continue
            traces.append(_panel_trace(line, ind["unit"], region, colours[region["code"]], lang,
                                       axis, legend=region["code"] not in in_legend, scale=scale))
            in_legend.add(region["code"])
        xaxis, yaxis = layout[f"xaxis{axis}"], layout[f"yaxis{axis}"]
        if not values:
            layout["annotations"].append({
                "text": t("cmp_no_data", lang), "showarrow": False, "xref": f"x{axis} domain",
                "yref": f"y{axis} domain", "x": 0.5, "y": 0.5,
                "font": {"color": "#565e64", "size": TITLE_SIZE}})  # 6.2:1 on the page
            xaxis["visible"] = yaxis["visible"] = False
            continue
        tickvals, ticktext, _ = axis_ticks(min(0.0, min(values)), max(values),
                                          ind["unit"], lang, target_ticks=4)
        yaxis |= {"tickvals": tickvals, "ticktext": ticktext, "rangemode": "tozero",
                  "gridcolor": "#eef0f3"}
        xaxis |= {"tickvals": years,
                  "ticktext": [str(y) if lang == "en" else f"{y}年" for y in years]}
        if years:
            xaxis["range"] = [years[0] - 0.25, years[-1] + 0.25]
    # The legend sits at the bottom of the figure itself, in a margin tall enough for the
    # rotated year labels above it (placed by the plot area, it overlapped them); the first
    # row's titles sit below the toolbar's band.
    layout |= {"height": max(360, 270 * rows + 120), "plot_bgcolor": "white",
               "paper_bgcolor": "rgba(0,0,0,0)",
               "margin": {"l": 10, "r": 10, "t": TOOLBAR_ROOM + 22, "b": 90},
               "legend": {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom",
                          "x": 0},
               "hoverlabel": HOVER_LABEL}
    return figure(traces, layout)


def panel_scale(values: list[float], unit: str, lang: str) -> Scale | None:
    """The unit a panel's ticks and values are written in (None for a panel without values)."""
    return tick_scale(min(0.0, min(values)), max(values), unit, lang, target_ticks=4) \
        if values else None


def region_lines(frame: pd.DataFrame) -> dict[tuple[str, str], dict[str, list]]:
    """Each (indicator, region) line of a series() frame as lists of year, value and growth,
    oldest year first (plain lists: a few dozen points, where frame filters cost more)."""
    ordered = frame.sort_values("year", kind="stable")
    growth = (ordered["yoy_growth_pct"].tolist() if "yoy_growth_pct" in ordered
              else [None] * len(ordered))
    lines: dict[tuple[str, str], dict[str, list]] = {}
    for code, region, year, value, change in zip(
            ordered["indicator_code"].tolist(), ordered["region_code"].tolist(),
            ordered["year"].tolist(), ordered["value"].astype(float).tolist(), growth):
        line = lines.setdefault((code, region), {"year": [], "value": [], "growth": []})
        line["year"].append(int(year))
        line["value"].append(value)
        line["growth"].append(change)
    return lines


def _panel_title(ind: dict, scale: Scale | None, lang: str) -> str:
    """名称（亿元） / "Name (bn yuan)": for money the display unit its ticks are written in
    (145 亿元 is 14.5 bn yuan); counts carry their 万 on the ticks, under the catalog's unit."""
    money = scale is not None and ind["unit"] in MONEY_UNITS
    unit = scale.label if money else unit_label(ind["unit"], lang)
    name = plotly_text(ind["name"])
    return f"{name}（{unit}）" if lang == "zh" else f"{name} ({unit})"


def _panel_trace(line: dict[str, list], unit: str, region: dict, colour: str, lang: str,
                 axis: str, legend: bool, scale: Scale | None = None) -> dict:
    """One region's line in one panel; the hover shows the value with its unit and growth."""
    labels = [format_value(v, unit, lang, scale=scale) for v in line["value"]]
    growth = [format_growth(g) for g in line["growth"]]
    name = plotly_text(region["name"])
    return {
        "type": "scatter", "x": np.array(line["year"]), "y": np.array(line["value"]),
        "mode": "lines+markers", "name": name, "legendgroup": region["code"],
        "showlegend": legend, "line": {"color": colour, "width": 2}, "marker": {"size": 7},
        "customdata": [list(pair) for pair in zip(labels, growth)],
        "hovertemplate": (f"<b>{name}</b> %{{x}}<br>%{{customdata[0]}}<br>"
                          f"{t('growth_short', lang)} %{{customdata[1]}}<extra></extra>"),
        "xaxis": f"x{axis}", "yaxis": f"y{axis}"}


def panel_grid(rows: int, cols: int, titles: list[str]) -> dict:
    """Layout of a rows × cols grid of panels, first panel top left, as plotly's make_subplots
    lays it out: axes xaxis, yaxis, xaxis2 ... with their domains, and each title centred
    above its panel."""
    h_space, v_space = 0.08, (0.14 if rows > 1 else 0.1)
    width = (1.0 - h_space * (cols - 1)) / cols
    height = (1.0 - v_space * (rows - 1)) / rows
    layout: dict = {"annotations": []}
    for k in range(rows * cols):
        row, col = divmod(k, cols)
        x0, y0 = col * (width + h_space), (rows - 1 - row) * (height + v_space)
        x_domain = [max(0.0, x0), min(1.0, x0 + width)]
        y_domain = [max(0.0, y0), min(1.0, y0 + height)]
        axis = str(k + 1) if k else ""
        layout[f"xaxis{axis}"] = {"anchor": f"y{axis}", "domain": x_domain}
        layout[f"yaxis{axis}"] = {"anchor": f"x{axis}", "domain": y_domain}
        if k < len(titles) and titles[k]:
            layout["annotations"].append({
                "text": titles[k], "font": {"size": TITLE_SIZE}, "showarrow": False,
                "x": sum(x_domain) / 2, "xanchor": "center", "xref": "paper",
                "y": y_domain[1], "yanchor": "bottom", "yref": "paper"})
    return layout


def radar_figure(index: pd.DataFrame, dimensions: list[dict], regions: list[dict], *,
                 lang: str = "zh") -> dict:
    """index: composite_index() rows (region_code, score_<dimension> 0-100, index);
    dimensions: [{code, name}]; regions: [{code, name}]. One closed polygon per region;
    dimensions no compared region has a score for are left out."""
    colours = region_colours([r["code"] for r in regions])
    dims = [d for d in dimensions if f"score_{d['code']}" in index
            and index[f"score_{d['code']}"].notna().any()]
    by_code = {row["region_code"]: row for row in index.to_dict("records")}
    names = [_wrapped(plotly_text(d["name"])) for d in dims]
    traces = []
    for region in regions:
        row = by_code.get(region["code"])
        if row is None or not dims:
            continue
        scores = [row.get(f"score_{d['code']}") for d in dims]
        r = [0.0 if pd.isna(s) else float(s) for s in scores]
        shown = ["—" if pd.isna(s) else f"{float(s):.1f}" for s in scores]
        index_text = "—" if pd.isna(row.get("index")) else f"{float(row['index']):.1f}"
        name = plotly_text(region["name"])
        traces.append({
            "type": "scatterpolar", "r": r + r[:1], "theta": names + names[:1],
            "fill": "toself", "opacity": 0.85,
            "name": f"{name}（{index_text}）" if lang == "zh" else f"{name} ({index_text})",
            "line": {"color": colours[region["code"]], "width": 2},
            "fillcolor": _transparent(colours[region["code"]]),
            "customdata": shown + shown[:1],
            "hovertemplate": (f"<b>{name}</b><br>%{{theta}}: %{{customdata}}"
                              "<extra></extra>")})
    return figure(traces, {
        "polar": {"radialaxis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100],
                                 "angle": 90, "tickfont": {"size": 10}, "gridcolor": "#dee2e6"},
                  "angularaxis": {"tickfont": {"size": 12}, "gridcolor": "#dee2e6"},
                  "bgcolor": "white"},
        "height": 440, "margin": {"l": 110, "r": 110, "t": 30, "b": 30}, "showlegend": True,
        "legend": {"orientation": "h", "y": -0.08, "x": 0.5, "xanchor": "center"},
        "paper_bgcolor": "rgba(0,0,0,0)", "hoverlabel": HOVER_LABEL})


def _wrapped(name: str, width: int = 14) -> str:
    """Long English dimension names on two lines, so the radar's labels stay inside the chart."""
    if len(name) <= width or " " not in name:
        return name
    cut = name.rfind(" ", 0, len(name) // 2 + 4)
    cut = cut if cut > 0 else name.find(" ")
    return name[:cut] + "<br>" + name[cut + 1:]


def _transparent(hex_colour: str, alpha: float = 0.15) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def best_and_worst(values: list, higher_is_better: bool = True) -> tuple[set[int], set[int]]:
    """Positions of the best and the worst values of a table row (ties share the mark).
    Nothing is marked when fewer than two values are present or all are equal."""
    present = [(i, float(v)) for i, v in enumerate(values)
               if v is not None and not (isinstance(v, float) and math.isnan(v))
               and not pd.isna(v)]
    if len(present) < 2:
        return set(), set()
    numbers = [v for _, v in present]
    top, bottom = (max(numbers), min(numbers)) if higher_is_better else (min(numbers), max(numbers))
    if top == bottom:
        return set(), set()
    return ({i for i, v in present if v == top}, {i for i, v in present if v == bottom})


def comparison_rows(frame: pd.DataFrame, indicators: list[dict], regions: list[dict], *,
                    year: int, lang: str = "zh") -> list[dict]:
    """The comparison table: for each indicator a value, a growth and a rank row, one cell per
    region as {text, mark} with mark "best", "worst" or "". frame: series() rows with rank,
    rank_of, tied, rank_scope_zh / rank_scope_en."""
    at = frame[frame["year"] == year] if not frame.empty else frame
    # Each (indicator, region) row of the year once, as a dict: a lookup per table cell.
    at = at[[c for c in TABLE_COLUMNS if c in at]]
    found = {(row["indicator_code"], row["region_code"]): row for row in at.to_dict("records")}
    out = []
    for ind in indicators:
        out += _indicator_rows(ind, [found.get((ind["code"], r["code"])) for r in regions], lang)
    return out


def _indicator_rows(ind: dict, rows: list[dict | None], lang: str) -> list[dict]:
    """One indicator's value, growth and rank rows; rows: each region's series row, None for a
    region without one."""
    def column(name: str) -> list:
        return [None if row is None else row.get(name) for row in rows]

    higher = ind.get("direction", "higher") not in ("lower", "negative", "-1", -1)
    # A percentage changes in percentage points (提高0.05个百分点), as on the Overview.
    described = [None if row is None else {**row, "unit": ind["unit"], "kind": ind.get("kind")}
                 for row in rows]
    values, ranks = column("value"), column("rank")
    growth = [None if row is None else year_change(row) for row in described]
    # Ranks in different scopes (a city among cities, a county among counties) are not
    # comparable; marks only when the regions share one scope.
    scopes = {str(row.get("rank_scope_kind")) for row in rows
              if row is not None and row.get("rank") is not None}
    known = [abs(float(v)) for v in values if v is not None and not pd.isna(v)]
    scale = scale_for(max(known), ind["unit"], lang) if known else None  # one unit per row
    measures = (
        ("measure_value", values, [format_value(v, ind["unit"], lang, ind.get("kind"), scale)
                                   if v is not None else "—" for v in values], higher),
        ("growth_short", growth, [change_cell(row, lang) if row is not None else "—"
                                  for row in described], higher),
        ("rank_short", ranks, [_rank_text(row, lang) for row in rows], False))
    out = []
    for key, numbers, texts, better_high in measures:
        comparable = key != "rank_short" or len(scopes) <= 1
        best, worst = best_and_worst(numbers, better_high) if comparable else (set(), set())
        out.append({"indicator": ind["name"], "measure": t(key, lang),
                    "first": key == "measure_value",
                    "cells": [{"text": text,
                               "mark": "best" if i in best else ("worst" if i in worst else "")}
                              for i, text in enumerate(texts)]})
    return out


def _rank_text(row: dict | None, lang: str) -> str:
    """全省第3位/16, "No. 3/16 in the province"; "—" without a rank."""
    if row is None:
        return format_rank(None, None, lang)
    tied = row.get("tied")
    text = format_rank(row.get("rank"), row.get("rank_of"), lang,
                       bool(tied) if tied is not None and not pd.isna(tied) else False)
    scope = row.get("rank_scope_en" if lang == "en" else "rank_scope_zh")
    if text != "—" and scope is not None and not pd.isna(scope):
        text = f"{scope}{text}" if lang == "zh" else f"{text} {scope}"
    return text
