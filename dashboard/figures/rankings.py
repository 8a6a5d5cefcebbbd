"""The Rankings page's charts: a sorted bar chart of one scope with its average, and a bump
chart of rank positions across the years.

Few traces whatever the scope's size (plotly slows with traces, not points): the bars are one
trace coloured per bar; the bump chart is one grey trace for every other region (lines broken
by None) and one trace for the chosen region.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.formatting import axis_ticks, format_growth, format_rank, format_value
from dashboard.i18n import t

HIGHLIGHT = "#e4572e"
BAR = "#5b8bd0"
OTHERS_GREY = "#b8c0cc"
AVERAGE = "#1f2d3d"
BAR_HEIGHT = 22  # px per region: long scopes (all counties) grow instead of squeezing
MAX_BUMP_LABELS = 20  # name the lines only while the names still fit


def _basis_values(frame: pd.DataFrame, basis: str) -> pd.Series:
    return frame["yoy_growth_pct" if basis == "growth" else "value"].astype(float)


def _value_text(value, basis: str, unit: str, lang: str) -> str:
    return format_growth(value) if basis == "growth" else format_value(value, unit, lang)


def ranking_bar_figure(frame: pd.DataFrame, *, unit: str, lang: str = "zh",
                       basis: str = "value", selected: str | None = None) -> go.Figure:
    """frame: ranking() rows (rank, rank_of, tied, region_code, name, value, yoy_growth_pct),
    with `name` in the page's language. Rank 1 at the top; the average as a dashed line."""
    frame = frame.assign(x=_basis_values(frame, basis)).dropna(subset=["x"])
    frame = frame.sort_values(["rank", "region_code"], kind="stable")
    labels = [_value_text(v, basis, unit, lang) for v in frame["x"]]
    ranks = [format_rank(r, n, lang, bool(tied) if pd.notna(tied) else False)
             for r, n, tied in zip(frame["rank"], frame["rank_of"], frame["tied"])]
    colours = [HIGHLIGHT if code == selected else BAR for code in frame["region_code"]]
    fig = go.Figure(go.Bar(
        y=frame["name"], x=frame["x"], orientation="h", marker={"color": colours},
        text=labels, textposition="outside", cliponaxis=False,
        customdata=list(zip(labels, ranks, frame["region_code"])),
        hovertemplate="<b>%{y}</b><br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        name=t("measure_growth" if basis == "growth" else "measure_value", lang)))
    tick_unit = "%" if basis == "growth" else unit
    if not frame.empty:
        mean = float(frame["x"].mean())
        lo, hi = min(0.0, float(frame["x"].min())), max(0.0, float(frame["x"].max()))
        tickvals, ticktext, axis_title = axis_ticks(lo, hi, tick_unit, lang)
        fig.add_vline(x=mean, line={"color": AVERAGE, "dash": "dash", "width": 1.5})
        fig.add_annotation(x=mean, y=1, yref="paper", yanchor="bottom", showarrow=False,
                           text=t("rk_average", lang,
                                  value=_value_text(mean, basis, unit, lang)),
                           font={"size": 12, "color": AVERAGE}, bgcolor="rgba(255,255,255,.8)")
        # Room on the right for the labels written beyond the longest bar.
        fig.update_xaxes(tickvals=tickvals, ticktext=ticktext, title_text=axis_title,
                         range=[lo - (hi - lo) * 0.02 if lo < 0 else 0, hi + (hi - lo) * 0.18])
    fig.update_yaxes(autorange="reversed", automargin=True, type="category")
    fig.update_layout(height=max(260, BAR_HEIGHT * len(frame) + 110), bargap=0.25,
                      margin={"l": 10, "r": 20, "t": 36, "b": 40}, showlegend=False,
                      plot_bgcolor="white", paper_bgcolor="rgba(0,0,0,0)",
                      xaxis={"gridcolor": "#e9ecef", "zerolinecolor": "#adb5bd"},
                      hoverlabel={"bgcolor": "white", "font_size": 13})
    return fig


def bump_figure(history: pd.DataFrame, *, lang: str = "zh", selected: str | None = None
                ) -> go.Figure:
    """history: rank_history() rows (year, region_code, name, rank, rank_of, tied), `name` in the
    page's language. Rank 1 on top; the chosen region in colour, every other region grey."""
    history = history.dropna(subset=["rank"]).sort_values(["region_code", "year"])
    years = sorted(history["year"].unique())
    last_year = years[-1] if years else None
    label_lines = history["region_code"].nunique() <= MAX_BUMP_LABELS
    fig = go.Figure()

    def points(part: pd.DataFrame, broken: bool):
        """x, y, hover and label arrays, a gap (NaN) after each region when broken."""
        xs, ys, hover, text = [], [], [], []
        last_row_of_region = part["region_code"].ne(part["region_code"].shift(-1)).to_numpy()
        rows = zip(part["year"], part["rank"], part["rank_of"], part["tied"], part["name"],
                   last_row_of_region)
        for year, rank, rank_of, tied, name, last in rows:
            xs.append(int(year))
            ys.append(int(rank))
            hover.append(f"<b>{name}</b><br>{year}: "
                         + format_rank(rank, rank_of, lang, bool(tied) if pd.notna(tied) else False))
            text.append(name if label_lines and year == last_year else "")
            if broken and last:
                xs.append(np.nan)
                ys.append(np.nan)
                hover.append("")
                text.append("")
        # Arrays, not lists: plotly validates a list element by element (NaN is a gap too).
        return (np.array(xs, dtype=float), np.array(ys, dtype=float),
                np.array(hover, dtype=object), np.array(text, dtype=object))

    others = history[history["region_code"] != selected]
    if not others.empty:
        xs, ys, hover, text = points(others, broken=True)
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines+markers+text" if label_lines else "lines+markers",
            text=text, textposition="middle right", textfont={"size": 11, "color": "#6c757d"},
            line={"color": OTHERS_GREY, "width": 1.5}, marker={"size": 6, "color": OTHERS_GREY},
            hovertext=hover, hoverinfo="text", connectgaps=False,
            name=t("rk_others", lang)))
    mine = history[history["region_code"] == selected]
    if not mine.empty:
        xs, ys, hover, text = points(mine, broken=False)
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines+markers+text",
            text=[format_rank(int(y), None, lang) for y in ys], textposition="top center",
            textfont={"size": 12, "color": HIGHLIGHT},
            line={"color": HIGHLIGHT, "width": 3}, marker={"size": 10, "color": HIGHLIGHT},
            hovertext=hover, hoverinfo="text", name=str(mine["name"].iloc[0])))
    worst = int(history["rank"].max()) if not history.empty else 1
    step = 1 if worst <= 12 else (2 if worst <= 30 else 5)
    tickvals = [1] + list(range(step if step > 1 else 2, worst + 1, step))
    fig.update_yaxes(autorange=False, range=[worst + 0.7, 0.3], tickvals=tickvals,
                     ticktext=[format_rank(v, None, lang) for v in tickvals],
                     gridcolor="#eef0f3", zeroline=False)
    # Years as categories-like integers; padding on the right for the names.
    if years:
        fig.update_xaxes(tickvals=years, ticktext=[str(y) if lang == "en" else f"{y}年" for y in years],
                         range=[years[0] - 0.3, years[-1] + (0.9 if label_lines else 0.3)])
    fig.update_layout(height=max(300, min(900, 26 * worst + 120)),
                      margin={"l": 10, "r": 10, "t": 20, "b": 40}, showlegend=False,
                      plot_bgcolor="white", paper_bgcolor="rgba(0,0,0,0)",
                      hoverlabel={"bgcolor": "white", "font_size": 13})
    return fig
