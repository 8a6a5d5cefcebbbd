"""The Compare page's charts and table cells: small multiples of several indicators for two to
six regions, a radar of the composite index's dimension scores, and the best / worst of each
table row.

Each region keeps one colour across every panel, the radar and the legend.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.formatting import axis_ticks, format_growth, format_rank, format_value
from dashboard.i18n import t, unit_label

# Colour-blind-safe, distinct at six (Okabe-Ito without yellow).
REGION_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"]


def region_colours(codes: list[str]) -> dict[str, str]:
    return {code: REGION_COLOURS[i % len(REGION_COLOURS)] for i, code in enumerate(codes)}


def small_multiples_figure(frame: pd.DataFrame, indicators: list[dict], regions: list[dict], *,
                           lang: str = "zh") -> go.Figure:
    """frame: series() rows of several indicators (indicator_code, region_code, year, value,
    yoy_growth_pct); indicators: [{code, name, unit}] in panel order; regions: [{code, name}]
    in legend order. One panel per indicator, years on x; a region's colour is the same in
    every panel and it has one legend entry."""
    n = max(1, len(indicators))
    cols = 1 if n == 1 else (2 if n <= 4 else 3)
    rows = math.ceil(n / cols)
    titles = [f"{i['name']}（{unit_label(i['unit'], lang)}）" if lang == "zh"
              else f"{i['name']} ({unit_label(i['unit'], lang)})" for i in indicators]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles or [""],
                        horizontal_spacing=0.08, vertical_spacing=0.14 if rows > 1 else 0.1)
    colours = region_colours([r["code"] for r in regions])
    years = sorted(int(y) for y in frame["year"].unique()) if not frame.empty else []
    in_legend: set[str] = set()  # one legend entry per region, in its first panel
    for k, ind in enumerate(indicators):
        row, col = k // cols + 1, k % cols + 1
        part = frame[frame["indicator_code"] == ind["code"]]
        for region in regions:
            mine = part[part["region_code"] == region["code"]].sort_values("year")
            if mine.empty:
                continue
            labels = [format_value(v, ind["unit"], lang) for v in mine["value"]]
            growth = [format_growth(g) for g in mine.get("yoy_growth_pct", [None] * len(mine))]
            fig.add_trace(go.Scatter(
                x=mine["year"].astype(int), y=mine["value"].astype(float), mode="lines+markers",
                name=region["name"], legendgroup=region["code"],
                showlegend=region["code"] not in in_legend,
                line={"color": colours[region["code"]], "width": 2}, marker={"size": 7},
                customdata=list(zip(labels, growth)),
                hovertemplate=(f"<b>{region['name']}</b> %{{x}}<br>%{{customdata[0]}}<br>"
                               f"{t('growth_short', lang)} %{{customdata[1]}}<extra></extra>")),
                row=row, col=col)
            in_legend.add(region["code"])
        values = part["value"].dropna().astype(float)
        if values.empty:
            fig.add_annotation(text=t("cmp_no_data", lang), showarrow=False,
                               xref=f"x{k + 1 if k else ''} domain", yref=f"y{k + 1 if k else ''} domain",
                               x=0.5, y=0.5, font={"color": "#6c757d"})
            fig.update_xaxes(visible=False, row=row, col=col)
            fig.update_yaxes(visible=False, row=row, col=col)
            continue
        tickvals, ticktext, _ = axis_ticks(min(0.0, float(values.min())), float(values.max()),
                                          ind["unit"], lang, target_ticks=4)
        fig.update_yaxes(tickvals=tickvals, ticktext=ticktext, rangemode="tozero",
                         gridcolor="#eef0f3", row=row, col=col)
        fig.update_xaxes(tickvals=years, ticktext=[str(y) if lang == "en" else f"{y}年" for y in years],
                         range=[years[0] - 0.25, years[-1] + 0.25] if years else None,
                         row=row, col=col)
    fig.update_annotations(font_size=13)
    fig.update_layout(height=max(320, 270 * rows + 80), plot_bgcolor="white",
                      paper_bgcolor="rgba(0,0,0,0)", margin={"l": 10, "r": 10, "t": 40, "b": 30},
                      legend={"orientation": "h", "y": -0.08 if rows == 1 else -0.04,
                              "x": 0, "yanchor": "top"},
                      hoverlabel={"bgcolor": "white", "font_size": 13})
    return fig


def radar_figure(index: pd.DataFrame, dimensions: list[dict], regions: list[dict], *,
                 lang: str = "zh") -> go.Figure:
    """index: composite_index() rows (region_code, score_<dimension> 0-100, index);
    dimensions: [{code, name}]; regions: [{code, name}]. One closed polygon per region;
    dimensions no compared region has a score for are left out."""
    colours = region_colours([r["code"] for r in regions])
    dims = [d for d in dimensions if f"score_{d['code']}" in index
            and index[f"score_{d['code']}"].notna().any()]
    fig = go.Figure()
    by_code = index.set_index("region_code") if not index.empty else index
    for region in regions:
        if region["code"] not in by_code.index or not dims:
            continue
        row = by_code.loc[region["code"]]
        scores = [row.get(f"score_{d['code']}") for d in dims]
        r = [0.0 if pd.isna(s) else float(s) for s in scores]
        shown = ["—" if pd.isna(s) else f"{float(s):.1f}" for s in scores]
        names = [_wrapped(d["name"]) for d in dims]
        index_text = "—" if pd.isna(row.get("index")) else f"{float(row['index']):.1f}"
        fig.add_trace(go.Scatterpolar(
            r=r + r[:1], theta=names + names[:1], fill="toself", opacity=0.85,
            name=f"{region['name']}（{index_text}）" if lang == "zh" else f"{region['name']} ({index_text})",
            line={"color": colours[region["code"]], "width": 2},
            fillcolor=_transparent(colours[region["code"]]),
            customdata=shown + shown[:1],
            hovertemplate=f"<b>{region['name']}</b><br>%{{theta}}: %{{customdata}}<extra></extra>"))
    fig.update_layout(
        polar={"radialaxis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100],
                              "angle": 90, "tickfont": {"size": 10}, "gridcolor": "#dee2e6"},
               "angularaxis": {"tickfont": {"size": 12}, "gridcolor": "#dee2e6"},
               "bgcolor": "white"},
        height=440, margin={"l": 110, "r": 110, "t": 30, "b": 30}, showlegend=True,
        legend={"orientation": "h", "y": -0.08, "x": 0.5, "xanchor": "center"},
        paper_bgcolor="rgba(0,0,0,0)", hoverlabel={"bgcolor": "white", "font_size": 13})
    return fig


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
    out = []
    scope_col = "rank_scope_en" if lang == "en" else "rank_scope_zh"
    at = frame[frame["year"] == year] if not frame.empty else frame
    for ind in indicators:
        part = at[at["indicator_code"] == ind["code"]].set_index("region_code") \
            if not at.empty else pd.DataFrame()
        higher = ind.get("direction", "higher") not in ("lower", "negative", "-1", -1)

        def cell(code, column):
            if part.empty or code not in part.index:
                return None
            return part.at[code, column]

        values = [cell(r["code"], "value") for r in regions]
        growth = [cell(r["code"], "yoy_growth_pct") for r in regions]
        ranks = [cell(r["code"], "rank") for r in regions]
        rank_texts = []
        for r in regions:
            rank = cell(r["code"], "rank")
            tied = cell(r["code"], "tied")
            text = format_rank(rank, cell(r["code"], "rank_of"), lang,
                               bool(tied) if tied is not None and not pd.isna(tied) else False)
            scope = cell(r["code"], scope_col) if scope_col in part else None
            if text != "—" and scope is not None and not pd.isna(scope):
                text = f"{scope}{text}" if lang == "zh" else f"{text} {scope}"
            rank_texts.append(text)
        for key, numbers, texts, better_high in (
                ("measure_value", values, [format_value(v, ind["unit"], lang) if v is not None else "—"
                                           for v in values], higher),
                ("growth_short", growth, [format_growth(g) if g is not None else "—" for g in growth],
                 higher),
                # Ranks in different scopes (a city among cities, a county among counties)
                # are not comparable; marks only when the regions share one scope.
                ("rank_short", ranks, rank_texts, False)):
            best, worst = best_and_worst(numbers, better_high)
            if key == "rank_short" and len({str(cell(r["code"], "rank_scope_kind"))
                                            for r in regions if cell(r["code"], "rank") is not None}) > 1:
                best, worst = set(), set()
            out.append({"indicator": ind["name"], "measure": t(key, lang), "first": key == "measure_value",
                        "cells": [{"text": text, "mark": "best" if i in best else ("worst" if i in worst else "")}
                                  for i, text in enumerate(texts)]})
    return out
