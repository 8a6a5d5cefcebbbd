"""The Trends chart: one indicator for a handful of regions across years or quarters, as
value, year-on-year growth or an index (first period = 100).

One trace per region (a handful by design: plotly slows with traces, not points); the chosen
region drawn thicker. Pure: tests build the frame by hand.
"""

from __future__ import annotations

import pandas as pd

from dashboard.figures.plain import figure, plotly_text
from dashboard.formatting import (Scale, axis_ticks, format_growth, format_period,
                                  format_rank, format_value, is_missing, tick_scale)
from dashboard.i18n import name_of, t

MEASURES = ("value", "growth", "index")
PENDING_SYMBOL = "diamond-open"
COLOURS = ["#3b6fb6", "#e4572e", "#29a36a", "#f2a541", "#7d5ba6", "#17a2b8", "#8c564b"]


def period_label(row, lang: str) -> str:
    return format_period(row.year, row.quarter, row.cumulative, lang)


def measure_frame(series: pd.DataFrame, measure: str) -> pd.DataFrame:
    """series (metrics.api.series rows) with `y` for the measure, oldest period first.

    index: each region's value divided by its value in the first period shown, times 100;
    a region whose first value is missing or zero starts at its first usable value."""
    frame = series.sort_values(["region_code", "year", "quarter"], kind="stable").copy()
    values = frame["value"].astype(float)
    if measure == "growth":
        frame["y"] = frame["yoy_growth_pct"].astype(float)
    elif measure == "index":
        usable = values.where(values.notna() & (values != 0))
        base = usable.groupby(frame["region_code"]).transform("first")
        frame["y"] = values / base * 100
    else:
        frame["y"] = values
    return frame


def index_start(series: pd.DataFrame, lang: str) -> str:
    """The period the index is based on (the first one shown)."""
    if series.empty:
        return ""
    first = series.sort_values(["year", "quarter"]).iloc[0]
    return format_period(first["year"], first["quarter"], first["cumulative"], lang)


def value_scale(series: pd.DataFrame, unit: str, lang: str) -> Scale | None:
    """The unit every value of the chart is written in: the value axis's (one per chart)."""
    values = series["value"].dropna()
    return tick_scale(min(float(values.min()), 0.0), float(values.max()), unit, lang) \
        if not values.empty else None


def _reference_line(y: float, dash: str | None = None) -> dict:
    """A horizontal line across the plot at y (100 for an index, 0 for growth)."""
    line = {"color": "#adb5bd", "width": 1, **({"dash": dash} if dash else {})}
    return {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": y, "y1": y,
            "line": line}


def trends_figure(series: pd.DataFrame, *, unit: str, lang: str = "zh", measure: str = "value",
                  selected: str | None = None, height: int = 460) -> dict:
    """series: one row per region and period with region_code, region_name_zh/en, year,
    quarter, cumulative, value, yoy_growth_pct, rank, rank_of (metrics.api.series), and
    optionally `pending` (metrics.pending.with_pending): those points are marked.
    A plain figure dict (dashboard/figures/plain.py says why)."""
    measure = measure if measure in MEASURES else "value"
    frame = measure_frame(series, measure)
    periods = (frame[["year", "quarter", "cumulative"]].drop_duplicates()
               .sort_values(["year", "quarter"]))
    order = [period_label(r, lang) for r in periods.itertuples()]
    growth_word, rank_word = t("growth_short", lang), t("rank_short", lang)
    pending_word = t("pending_legend", lang)
    sep = "：" if lang == "zh" else ": "
    traces = []
    regions = list(dict.fromkeys(frame["region_code"]))
    if selected in regions:  # the chosen region first in the legend
        regions.remove(selected)
        regions.insert(0, selected)
    scale = value_scale(frame, unit, lang)
    for i, code in enumerate(regions):
        rows = frame[frame["region_code"] == code]
        name = plotly_text(name_of(rows.iloc[0].to_dict(), lang, prefix="region_"))
        points = list(rows.itertuples())
        staged = [bool(getattr(r, "pending", False)) for r in points]
        custom = [[format_value(r.value, unit, lang, scale=scale),
                   format_growth(r.yoy_growth_pct, lang),
                   format_rank(r.rank, r.rank_of, lang),
                   "" if is_missing(r.y) else f"{r.y:,.1f}",
                   f" · {pending_word}" if is_staged else ""]
                  for r, is_staged in zip(points, staged)]
        lines = [f"<b>{name}</b> · %{{x}}%{{customdata[4]}}",
                 f"{t('measure_value', lang)}{sep}%{{customdata[0]}}",
                 f"{growth_word}{sep}%{{customdata[1]}}", f"{rank_word}{sep}%{{customdata[2]}}"]
        if measure == "index":
            lines.insert(1, f"{t('measure_index', lang)}{sep}%{{customdata[3]}}")
        chosen = code == selected
        size = 8 if chosen else 6
        traces.append({
            "type": "scatter", "x": [period_label(r, lang) for r in points],
            "y": [None if is_missing(r.y) else float(r.y) for r in points], "name": name,
            "mode": "lines+markers", "customdata": custom, "connectgaps": False,
            "hovertemplate": "<br>".join(lines) + "<extra></extra>",
            "line": {"color": COLOURS[i % len(COLOURS)], "width": 4 if chosen else 2},
            # A value awaiting review: an open diamond, larger, so it reads apart in any colour.
            "marker": ({"size": [size + 5 if p else size for p in staged],
                        "symbol": [PENDING_SYMBOL if p else "circle" for p in staged],
                        "line": {"width": 2}} if any(staged) else {"size": size})})
    if "pending" in frame and frame["pending"].any():
        traces.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers",
                       "name": pending_word, "hoverinfo": "skip",
                       "marker": {"symbol": PENDING_SYMBOL, "size": 11, "color": "#212529",
                                  "line": {"width": 2}}})

    ys = frame["y"].dropna()
    tick_unit = {"growth": "%", "index": ""}.get(measure, unit)
    if ys.empty:
        tickvals, ticktext, title = [], [], ""
    else:
        low, high = float(ys.min()), float(ys.max())
        if measure == "value":
            low = min(low, 0.0)  # values start from zero, so the lines' heights compare honestly
        tickvals, ticktext, title = axis_ticks(low, high, tick_unit, lang)
    shapes = []
    if measure == "index":
        title = t("trends_index_axis", lang, start=index_start(series, lang))
        shapes.append(_reference_line(100, dash="dot"))
    elif measure == "growth":
        title = t("measure_growth", lang) + " (%)"
        shapes.append(_reference_line(0))
    layout = {
        "xaxis": {"type": "category", "categoryorder": "array", "categoryarray": order,
                  "showgrid": False},
        "yaxis": {"tickvals": tickvals, "ticktext": ticktext, "title": {"text": title},
                  "gridcolor": "#e9ecef", "zeroline": False,
                  "rangemode": "tozero" if measure == "value" else "normal"},
        "shapes": shapes, "height": height, "margin": {"l": 60, "r": 16, "t": 16, "b": 40},
        "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "white", "hovermode": "closest",
        "legend": {"orientation": "h", "y": -0.15},
        "hoverlabel": {"bgcolor": "white", "font": {"size": 13}}}
    return figure(traces, layout)
