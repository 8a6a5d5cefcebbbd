"""The Rankings page's charts: a sorted bar chart of one scope with its average, and a bump
chart of rank positions across the years.

Few traces whatever the scope's size (plotly slows with traces, not points): the bars are one
trace coloured per bar; the bump chart is one grey trace for every other region (lines broken
by gaps) and one trace for the chosen region. Built as plain dicts (see figures/plain.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.figures.plain import figure, plotly_text
from dashboard.formatting import (Scale, axis_ticks, format_growth, format_rank, format_value,
                                  tick_scale)
from dashboard.i18n import t

HIGHLIGHT = "#e4572e"
BAR = "#5b8bd0"
OTHERS_GREY = "#b8c0cc"
AVERAGE = "#1f2d3d"
BAR_HEIGHT = 22  # px per region: long scopes (all counties) grow instead of squeezing
MAX_BUMP_LABELS = 20  # name the lines only while the names still fit
HOVER_LABEL = {"bgcolor": "white", "font": {"size": 13}}


def _basis_values(frame: pd.DataFrame, basis: str) -> pd.Series:
    return frame["yoy_growth_pct" if basis == "growth" else "value"].astype(float)


def _value_text(value, basis: str, unit: str, lang: str, scale: Scale | None = None) -> str:
    return format_growth(value) if basis == "growth" else format_value(value, unit, lang,
                                                                        scale=scale)


def _axis_range(x: pd.Series) -> tuple[float, float]:
    return min(0.0, float(x.min())), max(0.0, float(x.max()))


def _tied(frame: pd.DataFrame) -> list[bool]:
    """The tied flags as plain bools, a missing flag as not tied."""
    return frame["tied"].astype("boolean").fillna(False).astype(bool).tolist()


def _rank_texts(frame: pd.DataFrame, lang: str) -> list[str]:
    return [format_rank(rank, of, lang, tied) for rank, of, tied in
            zip(frame["rank"].tolist(), frame["rank_of"].tolist(), _tied(frame))]


def ranking_bar_figure(frame: pd.DataFrame, *, unit: str, lang: str = "zh",
                       basis: str = "value", selected: str | None = None) -> dict:
    """frame: ranking() rows (rank, rank_of, tied, region_code, name, value, yoy_growth_pct),
    with `name` in the page's language. Rank 1 at the top; the average as a dashed line."""
    frame = frame.assign(x=_basis_values(frame, basis)).dropna(subset=["x"])
    frame = frame.sort_values(["rank", "region_code"], kind="stable")
    codes = frame["region_code"].tolist()
    # Every label in the unit the axis is written in (never 9,700万元 beside 1.00亿元).
    scale = tick_scale(*_axis_range(frame["x"]), unit, lang) if not frame.empty else None
    labels = [_value_text(v, basis, unit, lang, scale) for v in frame["x"].tolist()]
    bar = {
        "type": "bar", "y": [plotly_text(n) for n in frame["name"]], "x": frame["x"].to_numpy(),
        "orientation": "h",
        "marker": {"color": [HIGHLIGHT if c == selected else BAR for c in codes]},
        "text": labels, "textposition": "outside", "cliponaxis": False,
        "customdata": [list(row) for row in zip(labels, _rank_texts(frame, lang), codes)],
        "hovertemplate": "<b>%{y}</b><br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        "name": t("measure_growth" if basis == "growth" else "measure_value", lang)}
    layout = {"height": max(260, BAR_HEIGHT * len(frame) + 110), "bargap": 0.25,
              "margin": {"l": 10, "r": 20, "t": 36, "b": 40}, "showlegend": False,
              "plot_bgcolor": "white", "paper_bgcolor": "rgba(0,0,0,0)",
              "xaxis": {"gridcolor": "#e9ecef", "zerolinecolor": "#adb5bd"},
              "yaxis": {"autorange": "reversed", "automargin": True, "type": "category"},
              "hoverlabel": HOVER_LABEL}
    if not frame.empty:
        layout |= _average_and_axis(frame["x"], basis, unit, lang, layout["xaxis"], scale)
    return figure([bar], layout)


def _average_and_axis(x: pd.Series, basis: str, unit: str, lang: str, xaxis: dict,
                      scale: Scale | None) -> dict:
    """The average as a dashed line with its label, and the value axis's ticks and range."""
    mean = float(x.mean())
    lo, hi = _axis_range(x)
    tickvals, ticktext, axis_title = axis_ticks(lo, hi, "%" if basis == "growth" else unit, lang)
    return {
        "shapes": [{"type": "line", "x0": mean, "x1": mean, "xref": "x", "y0": 0, "y1": 1,
                    "yref": "y domain",
                    "line": {"color": AVERAGE, "dash": "dash", "width": 1.5}}],
        "annotations": [{"x": mean, "y": 1, "yref": "paper", "yanchor": "bottom",
                         "showarrow": False,
                         "text": t("rk_average", lang,
                                   value=_value_text(mean, basis, unit, lang, scale)),
                         "font": {"size": 12, "color": AVERAGE},
                         "bgcolor": "rgba(255,255,255,.8)"}],
        # Room on the right for the labels written beyond the longest bar.
        "xaxis": xaxis | {"tickvals": tickvals, "ticktext": ticktext,
                          "title": {"text": axis_title},
                          "range": [lo - (hi - lo) * 0.02 if lo < 0 else 0,
                                    hi + (hi - lo) * 0.18]},
    }


def bump_figure(history: pd.DataFrame, *, lang: str = "zh", selected: str | None = None
                ) -> dict:
    """history: rank_history() rows (year, region_code, name, rank, rank_of, tied), `name` in the
    page's language. Rank 1 on top; the chosen region in colour, every other region grey."""
    history = history[["year", "region_code", "name", "rank", "rank_of", "tied"]]
    history = history.dropna(subset=["rank"]).sort_values(["region_code", "year"])
    history = history[history["rank_of"].fillna(0) >= 2]  # a rank among one region says nothing
    years = sorted(int(y) for y in history["year"].unique())
    label_lines = history["region_code"].nunique() <= MAX_BUMP_LABELS
    label_year = years[-1] if years and label_lines else None
    chosen = history["region_code"].eq(selected)
    others, mine = history[~chosen], history[chosen]
    traces = []
    if not others.empty:
        xs, ys, hover, text = _bump_points(others, lang, label_year, broken=True)
        traces.append({
            "type": "scatter", "x": xs, "y": ys,
            "mode": "lines+markers+text" if label_lines else "lines+markers",
            "text": text, "textposition": "middle right",
            "textfont": {"size": 11, "color": "#6c757d"},
            "line": {"color": OTHERS_GREY, "width": 1.5},
            "marker": {"size": 6, "color": OTHERS_GREY},
            "hovertext": hover, "hoverinfo": "text", "connectgaps": False,
            "name": t("rk_others", lang)})
    if not mine.empty:
        xs, ys, hover, _ = _bump_points(mine, lang, None, broken=False)
        traces.append({
            "type": "scatter", "x": xs, "y": ys, "mode": "lines+markers+text",
            "text": [format_rank(int(y), None, lang) if y == y else "" for y in ys],  # NaN: a gap
            "textposition": "top center",
            "textfont": {"size": 12, "color": HIGHLIGHT},
            "line": {"color": HIGHLIGHT, "width": 3}, "marker": {"size": 10, "color": HIGHLIGHT},
            "hovertext": hover, "hoverinfo": "text", "name": plotly_text(mine["name"].iloc[0])})
    worst = int(history["rank"].max()) if not history.empty else 1
    step = 1 if worst <= 12 else (2 if worst <= 30 else 5)
    tickvals = [1] + list(range(step if step > 1 else 2, worst + 1, step))
    layout = {"height": max(300, min(900, 26 * worst + 120)),
              "margin": {"l": 10, "r": 10, "t": 20, "b": 40}, "showlegend": False,
              "plot_bgcolor": "white", "paper_bgcolor": "rgba(0,0,0,0)",
              "yaxis": {"autorange": False, "range": [worst + 0.7, 0.3], "tickvals": tickvals,
                        "ticktext": [format_rank(v, None, lang) for v in tickvals],
                        "gridcolor": "#eef0f3", "zeroline": False},
              "hoverlabel": HOVER_LABEL}
    # Years as categories-like integers; padding on the right for the names.
    if years:
        layout["xaxis"] = {
            "tickvals": years, "ticktext": [str(y) if lang == "en" else f"{y}年" for y in years],
            "range": [years[0] - 0.3, years[-1] + (0.9 if label_lines else 0.3)]}
    return figure(traces, layout)


def _bump_points(part: pd.DataFrame, lang: str, label_year: int | None, broken: bool):
    """x, y, hover and label arrays of the part's rows (sorted by region, then year); labels
    name a line at label_year. A gap (NaN) where a region misses a year; when broken, also
    after each region's last year, so that one trace draws the regions as separate lines."""
    years, names = part["year"].tolist(), [plotly_text(n) for n in part["name"]]
    ranks = zip(part["rank"].tolist(), part["rank_of"].tolist(), _tied(part))
    hover = [f"<b>{name}</b><br>{year}: " + format_rank(rank, of, lang, tied)
             for name, year, (rank, of, tied) in zip(names, years, ranks)]
    text = [name if year == label_year else "" for name, year in zip(names, years)]
    codes, year_values = part["region_code"].to_numpy(), part["year"].to_numpy()
    # A line breaks after each region's last year, and where a year has no rank (a line
    # across the gap would claim ranks that were never there).
    ends = np.append((codes[1:] != codes[:-1]) | (np.diff(year_values) > 1), True)
    gaps = np.flatnonzero(ends if broken else ends & np.append(codes[1:] == codes[:-1], False)) + 1
    # Float arrays, not lists: plotly.js reads NaN as a gap, and JSON writes them whole.
    xs = np.insert(part["year"].to_numpy(dtype=float), gaps, np.nan)
    ys = np.insert(part["rank"].to_numpy(dtype=float), gaps, np.nan)
    return xs, ys, _insert(hover, gaps, ""), _insert(text, gaps, "")


def _insert(values: list[str], positions: np.ndarray, filler: str) -> list[str]:
    return np.insert(np.array(values, dtype=object), positions, filler).tolist()
