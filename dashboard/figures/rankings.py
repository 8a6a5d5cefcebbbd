"""The Rankings page's charts: a sorted bar chart of one scope with its average, and a bump
chart of rank positions across the years.

Both read on a phone as on a desk. The bars keep their names whole (wrapped) in a left margin
reserved for the longest and their values in a column right of the plot, where the average
line crosses none of them; a scope too long for a screen (a province's hundred counties) is
drawn as its top, its bottom and the chosen regions, the table below holding the rest. The
bump chart draws the chosen region and the regions the user picks in front, in colour and
named at their line's end; every other region fades.

Few traces whatever the scope's size (plotly slows with traces, not points): the bars are one
trace coloured per bar plus one for the value column; the bump chart one faded trace for
every other region (lines broken by gaps) and one per region in front. Built as plain dicts
(see figures/plain.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.figures.contrast import text_colour
from dashboard.figures.labels import LINE_HEIGHT, line_count, text_width, wrap_name
from dashboard.figures.plain import TOOLBAR_ROOM, figure, plotly_text
from dashboard.formatting import (Scale, axis_ticks, format_growth, format_rank, format_value,
                                  tick_scale)
from dashboard.i18n import t

HIGHLIGHT = "#e4572e"
BAR = "#5b8bd0"
OTHERS_GREY = "#b8c0cc"
AVERAGE = "#1f2d3d"
MUTED = "#565e64"  # 6.2:1 on the page (Bootstrap's #6c757d: 4.4)
# The regions the user picks, one colour each in both charts (none near the highlight's red
# or the bars' blue).
PICK_COLOURS = ["#009E73", "#7b4fa0", "#CC79A7", "#1b3a6b", "#b8860b", "#3f8f8f"]
FONT_SIZE = 12
ROW_HEIGHT = 22  # px per bar at least; wrapped names get more
COMPACT_OVER = 40  # longer scopes are drawn as their top, bottom and chosen regions
TOP, BOTTOM, AROUND = 10, 5, 2  # rows of a compact chart: top, bottom, each side of the chosen
AXIS_ROOM = 48  # px under the bars for the value axis and its title
FADED = 0.45  # opacity of the bump chart's other regions
LABEL_GAP = 4  # px between two names at the bump chart's line ends
HOVER_LABEL = {"bgcolor": "white", "font": {"size": 13}}


def _basis_values(frame: pd.DataFrame, basis: str) -> pd.Series:
    return frame["yoy_growth_pct" if basis == "growth" else "value"].astype(float)


def _value_text(value, basis: str, unit: str, lang: str, scale: Scale | None = None) -> str:
    return format_growth(value) if basis == "growth" else format_value(value, unit, lang,
                                                                        scale=scale)


def _axis_span(x: pd.Series) -> tuple[float, float]:
    """The value axis's extent: from zero (or below, for negative growth) to the largest."""
    lo, hi = min(0.0, float(x.min())), max(0.0, float(x.max()))
    return lo, (lo + 1.0 if hi == lo else hi)


def _tied(frame: pd.DataFrame) -> list[bool]:
    """The tied flags as plain bools, a missing flag as not tied."""
    return frame["tied"].astype("boolean").fillna(False).astype(bool).tolist()


def _rank_texts(frame: pd.DataFrame, lang: str) -> list[str]:
    return [format_rank(rank, of, lang, tied) for rank, of, tied in
            zip(frame["rank"].tolist(), frame["rank_of"].tolist(), _tied(frame))]


# Long English zone names as the field abbreviates them on an axis (a phone has 150 px for it).
AXIS_ABBREVIATIONS = ((" Economic and Technological Development Zone", " ETDZ"),)


def axis_name(name: str) -> str:
    for long, short in AXIS_ABBREVIATIONS:
        if isinstance(name, str) and name.endswith(long):
            return name[: -len(long)] + short
    return name


def pick_colours(picked, selected: str | None) -> dict[str, str]:
    """The colour of each region in front: the chosen one in the highlight, each picked one
    in its own colour, by its place among the picks (the same in both charts)."""
    colours = {code: PICK_COLOURS[i % len(PICK_COLOURS)]
               for i, code in enumerate(c for c in picked if c != selected)}
    if selected:
        colours[selected] = HIGHLIGHT
    return colours


def _bold(text: str) -> str:
    return "<br>".join(f"<b>{line}</b>" for line in text.split("<br>"))


# --- Bars ------------------------------------------------------------------------------------

def shown_rows(codes: list[str], selected: str | None = None, picked=()) -> list[int] | None:
    """Positions (in rank order) of the rows a long scope draws: its top and bottom, the
    chosen region with its neighbours and the picked regions. None: the scope fits, all rows."""
    n = len(codes)
    if n <= COMPACT_OVER:
        return None
    shown = set(range(TOP)) | set(range(n - BOTTOM, n))
    for i, code in enumerate(codes):
        if code == selected:
            shown |= set(range(max(0, i - AROUND), min(n, i + AROUND + 1)))
        elif code in picked:
            shown.add(i)
    return sorted(shown)


def _rows(frame: pd.DataFrame, positions: list[int] | None, lang: str) -> list[dict]:
    """The chart's rows, top down: a bar per shown region, a gap row naming the ranks left out
    between two shown ones."""
    records = frame.to_dict("records")
    if positions is None:
        return [{"bar": r} for r in records]
    rows, previous = [], -1
    for position in positions:
        if position > previous + 1:
            rows.append({"gap": t("rk_gap", lang, first=int(records[previous + 1]["rank"]),
                                  last=int(records[position - 1]["rank"]))})
        rows.append({"bar": records[position]})
        previous = position
    return rows


def bar_values(frame: pd.DataFrame, *, unit: str, lang: str = "zh", basis: str = "value"
               ) -> tuple[pd.DataFrame, Scale | None]:
    """The ranking as its bars draw it, rank 1 first: x (the value, or the growth), rank_text
    and label (x as written beside its bar), and the scale of the value axis. The chart's
    text alternative (figures/alt_text.py) states the same figures."""
    frame = frame.assign(x=_basis_values(frame, basis)).dropna(subset=["x"])
    frame = frame.sort_values(["rank", "region_code"], kind="stable").reset_index(drop=True)
    # Every value in the unit the axis is written in (never 9,700万元 beside 1.00亿元).
    scale = tick_scale(*_axis_span(frame["x"]), unit, lang) if not frame.empty else None
    return frame.assign(rank_text=_rank_texts(frame, lang),
                        label=[_value_text(v, basis, unit, lang, scale)
                               for v in frame["x"].tolist()]), scale


def ranking_bar_figure(frame: pd.DataFrame, *, unit: str, lang: str = "zh",
                       basis: str = "value", selected: str | None = None,
                       picked=()) -> dict:
    """frame: ranking() rows (rank, rank_of, tied, region_code, name, value, yoy_growth_pct),
    with `name` in the page's language; picked: regions the user brought forward. Rank 1 at
    the top, one row per region (y = row number, names as tick labels: two regions may share
    a name); the average as a dashed line."""
    frame, scale = bar_values(frame, unit=unit, lang=lang, basis=basis)
    codes = frame["region_code"].tolist()
    positions = shown_rows(codes, selected, picked)
    compact = positions is not None
    rows = _rows(frame, positions, lang)
    colours = pick_colours(picked, selected)

    ticks, xs, bar_colours, customdata, names = [], [], [], [], []
    values_y, values_text, values_colour = [], [], []
    for i, row in enumerate(rows):
        if "gap" in row:
            ticks.append(f'<span style="color:{MUTED}">{row["gap"]}</span>')
            xs.append(np.nan)
            bar_colours.append(BAR)
            customdata.append(["", "", ""])
            names.append("")
            continue
        r = row["bar"]
        name = wrap_name(axis_name(r["name"]))
        if compact:  # rows skip ranks: say each one's
            name = f"{int(r['rank'])}  {name}"
        chosen = r["region_code"] in colours
        ticks.append(_bold(name) if chosen else name)
        xs.append(r["x"])
        bar_colours.append(colours.get(r["region_code"], BAR))
        customdata.append([r["label"], r["rank_text"], r["region_code"]])
        names.append(plotly_text(r["name"]))
        values_y.append(i)
        values_text.append(_bold(r["label"]) if chosen else r["label"])
        values_colour.append(text_colour(colours.get(r["region_code"], AVERAGE)))

    lines = max((line_count(tick) for tick in ticks), default=1)
    row_height = max(ROW_HEIGHT, round(FONT_SIZE * LINE_HEIGHT * lines) + 8)
    top = TOOLBAR_ROOM + 20  # the average's label sits under the toolbar
    bars = {
        "type": "bar", "orientation": "h", "y": np.arange(len(rows)), "x": np.array(xs, float),
        "width": 0.72, "marker": {"color": bar_colours}, "customdata": customdata,
        "hovertext": names,  # whole names: the tick labels are wrapped
        "hovertemplate": ("<b>%{hovertext}</b><br>%{customdata[0]}<br>%{customdata[1]}"
                          "<extra></extra>"),
        "name": t("measure_growth" if basis == "growth" else "measure_value", lang)}
    # The values as a column right of the plot, clear of the bars and the average line.
    value_column = {
        "type": "scatter", "mode": "text", "x": np.zeros(len(values_y)), "y": values_y,
        "text": values_text, "textposition": "middle right", "cliponaxis": False,
        "textfont": {"size": FONT_SIZE, "color": values_colour}, "hoverinfo": "skip",
        "showlegend": False, "name": ""}
    layout = {
        "height": max(220, row_height * len(rows) + top + AXIS_ROOM), "showlegend": False,
        "dragmode": False,  # a finger on the chart scrolls the page rather than zooming
        "margin": {"l": round(max(text_width(tick, FONT_SIZE) for tick in ticks) if ticks else 0)
                   + 14,
                   "r": round(max((text_width(v, FONT_SIZE) for v in values_text), default=0))
                   + 16,
                   "t": top, "b": AXIS_ROOM},
        "plot_bgcolor": "white", "paper_bgcolor": "rgba(0,0,0,0)",
        "xaxis": {"gridcolor": "#e9ecef", "zerolinecolor": "#adb5bd"},
        "yaxis": {"autorange": False, "range": [len(rows) - 0.5, -0.5],
                  "tickvals": list(range(len(rows))), "ticktext": ticks,
                  "tickfont": {"size": FONT_SIZE}, "automargin": False, "showgrid": False,
                  "zeroline": False, "fixedrange": True},
        "hoverlabel": HOVER_LABEL}
    if not frame.empty:
        layout |= _average_and_axis(frame["x"], basis, unit, lang, layout["xaxis"], scale)
        value_column["x"] = np.full(len(values_y), layout["xaxis"]["range"][1])
    return figure([bars, value_column], layout)


def _average_and_axis(x: pd.Series, basis: str, unit: str, lang: str, xaxis: dict,
                      scale: Scale | None = None) -> dict:
    """The average as a dashed line with its label, and the value axis's ticks and range."""
    mean = float(x.mean())
    lo, hi = _axis_span(x)
    tickvals, ticktext, axis_title = axis_ticks(lo, hi, "%" if basis == "growth" else unit, lang)
    pad = (hi - lo) * 0.02
    low_end = lo - pad if lo < 0 else 0.0
    high_end = hi + pad
    # The label reads from the line towards the middle of the plot, so it never runs off an
    # edge; it sits below the toolbar's band.
    left = (mean - low_end) / (high_end - low_end) < 0.5
    return {
        "shapes": [{"type": "line", "x0": mean, "x1": mean, "xref": "x", "y0": 0, "y1": 1,
                    "yref": "y domain",
                    "line": {"color": AVERAGE, "dash": "dash", "width": 1.5}}],
        "annotations": [{"x": mean, "y": 1, "yref": "paper", "yanchor": "bottom",
                         "xanchor": "left" if left else "right", "xshift": -3 if not left else 3,
                         "showarrow": False,
                         "text": t("rk_average", lang,
                                   value=_value_text(mean, basis, unit, lang, scale)),
                         "font": {"size": FONT_SIZE, "color": AVERAGE},
                         "bgcolor": "rgba(255,255,255,.8)"}],
        "xaxis": xaxis | {"tickvals": tickvals, "ticktext": ticktext,
                          "title": {"text": axis_title}, "range": [low_end, high_end]},
    }


# --- Bump chart ------------------------------------------------------------------------------

def bump_figure(history: pd.DataFrame, *, lang: str = "zh", selected: str | None = None,
                picked=()) -> dict:
    """history: rank_history() rows (year, region_code, name, rank, rank_of, tied), `name` in the
    page's language. Rank 1 on top; the chosen region and the picked ones in front, in colour
    and named at their line's end; every other region faded, named on hover."""
    history = history[["year", "region_code", "name", "rank", "rank_of", "tied"]]
    history = history.dropna(subset=["rank"]).sort_values(["region_code", "year"])
    history = history[history["rank_of"].fillna(0) >= 2]  # a rank among one region says nothing
    years = sorted(int(y) for y in history["year"].unique())
    colours = pick_colours(picked, selected)
    present = set(history["region_code"])
    # The chosen region last: plotly draws the later traces on top.
    front = [c for c in colours if c in present and c != selected]
    front += [selected] if selected in present else []
    others = history[~history["region_code"].isin(front)]
    traces = []
    if not others.empty:
        xs, ys, hover, codes = _bump_points(others, lang, broken=True)
        traces.append({
            "type": "scatter", "x": xs, "y": ys, "mode": "lines+markers", "opacity": FADED,
            "line": {"color": OTHERS_GREY, "width": 1.2},
            "marker": {"size": 5, "color": OTHERS_GREY},
            "hovertext": hover, "hoverinfo": "text", "customdata": codes, "connectgaps": False,
            "name": t("rk_others", lang)})
    labels = []
    for code in front:
        mine = history[history["region_code"] == code]
        xs, ys, hover, codes = _bump_points(mine, lang, broken=False)
        chosen = code == selected
        traces.append({
            "type": "scatter", "x": xs, "y": ys, "mode": "lines+markers",
            "line": {"color": colours[code], "width": 3.5 if chosen else 2.5},
            "marker": {"size": 9 if chosen else 7, "color": colours[code]},
            "hovertext": hover, "hoverinfo": "text", "customdata": codes,
            "name": plotly_text(mine["name"].iloc[0])})
        last = mine.iloc[-1]
        labels.append({"year": int(last["year"]), "rank": float(last["rank"]),
                       "text": wrap_name(last["name"]), "colour": text_colour(colours[code])})
    worst = int(history["rank"].max()) if not history.empty else 1
    step = 1 if worst <= 12 else (2 if worst <= 30 else 5)
    tickvals = [1] + list(range(step if step > 1 else 2, worst + 1, step))
    ticktext = [format_rank(v, None, lang) for v in tickvals]
    height = max(300, min(900, 26 * worst + 120))
    bottom = 56  # the years, turned on a narrow screen
    layout = {"height": height, "showlegend": False, "dragmode": False,
              "margin": {"l": round(max(text_width(x, FONT_SIZE) for x in ticktext)) + 12,
                         "r": round(max((text_width(x["text"], FONT_SIZE) for x in labels),
                                        default=0)) + 18,
                         "t": TOOLBAR_ROOM, "b": bottom},
              "plot_bgcolor": "white", "paper_bgcolor": "rgba(0,0,0,0)",
              "yaxis": {"autorange": False, "range": [worst + 0.7, 0.3], "tickvals": tickvals,
                        "ticktext": ticktext, "tickfont": {"size": FONT_SIZE},
                        "gridcolor": "#eef0f3", "zeroline": False, "automargin": False},
              "annotations": _end_labels(labels, worst, height - TOOLBAR_ROOM - bottom),
              "hoverlabel": HOVER_LABEL}
    if years:
        # Every other year past six (counted back from the latest): on a phone eleven years
        # would stand on end.
        shown = years[::-1][::1 if len(years) <= 6 else 2][::-1]
        layout["xaxis"] = {
            "tickvals": shown, "ticktext": [str(y) if lang == "en" else f"{y}年" for y in shown],
            "range": [years[0] - 0.3, years[-1] + 0.3]}
    return figure(traces, layout)


def _end_labels(labels: list[dict], worst: int, plot_height: float) -> list[dict]:
    """Names at the end of the lines in front, in the right margin; labels of close ranks are
    moved apart (in rank units, from the plot's height) so that they never overlap."""
    px_per_rank = plot_height / (worst + 0.4)
    placed, below = [], None
    for label in sorted(labels, key=lambda x: x["rank"]):
        half = (FONT_SIZE * LINE_HEIGHT * line_count(label["text"]) + LABEL_GAP) / 2 / px_per_rank
        y = label["rank"] if below is None else max(label["rank"], below + half)
        below = y + half
        placed.append({"x": label["year"], "y": y, "xref": "x", "yref": "y", "xanchor": "left",
                       "yanchor": "middle", "xshift": 8, "showarrow": False,
                       "text": label["text"], "align": "left",
                       "font": {"size": FONT_SIZE, "color": label["colour"]}})
    return placed


def _bump_points(part: pd.DataFrame, lang: str, broken: bool):
    """x, y, hover and region-code arrays of the part's rows (sorted by region, then year).
    A gap (NaN) where a region misses a year; when broken, also after each region's last
    year, so that one trace draws the regions as separate lines."""
    years, names = part["year"].tolist(), [plotly_text(n) for n in part["name"]]
    ranks = zip(part["rank"].tolist(), part["rank_of"].tolist(), _tied(part))
    hover = [f"<b>{name}</b><br>{year}: " + format_rank(rank, of, lang, tied)
             for name, year, (rank, of, tied) in zip(names, years, ranks)]
    codes, year_values = part["region_code"].to_numpy(), part["year"].to_numpy()
    # A line breaks after each region's last year, and where a year has no rank (a line
    # across the gap would claim ranks that were never there).
    ends = np.append((codes[1:] != codes[:-1]) | (np.diff(year_values) > 1), True)
    gaps = np.flatnonzero(ends if broken else ends & np.append(codes[1:] == codes[:-1], False)) + 1
    # Float arrays, not lists: plotly.js reads NaN as a gap, and JSON writes them whole.
    xs = np.insert(part["year"].to_numpy(dtype=float), gaps, np.nan)
    ys = np.insert(part["rank"].to_numpy(dtype=float), gaps, np.nan)
    return xs, ys, _insert(hover, gaps, ""), _insert(codes.tolist(), gaps, "")


def _insert(values: list[str], positions: np.ndarray, filler: str) -> list[str]:
    return np.insert(np.array(values, dtype=object), positions, filler).tolist()
